"""Run every benchmark in a fresh process and print one table: what, figure, floor, ratio, target, pass/fail.

    python tests/benchmarks/run_all.py              # all of them (about 5 minutes)
    python tests/benchmarks/run_all.py startup scroll   # only bench_startup.py and bench_scroll.py
    python tests/benchmarks/run_all.py --runs 3     # each script 3 times; the table shows the medians

Exit code 0 when every measured target passes, 1 otherwise. Generated test ledgers are cached in
IPLEDGER_BENCH_DIR (default: <temp>/ipledger-bench).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["startup", "unit_switch", "dashboard", "search", "search_fts", "scroll", "ui_latency", "parse_plan", "parse_pdf",
         "returns", "report", "template", "rollup"]


def scripts(selected: list[str]) -> list[Path]:
    found = {p.stem.removeprefix("bench_"): p for p in HERE.glob("bench_*.py")}
    names = [n for n in ORDER if n in found] + sorted(n for n in found if n not in ORDER)
    if selected:
        unknown = [n for n in selected if n not in found]
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}")
        names = [n for n in names if n in selected]
    return [found[n] for n in names]


def run_one(script: Path) -> tuple[list[dict], int, str, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script)], cwd=HERE.parent.parent, env=env, capture_output=True,
                          text=True, timeout=1800)
    seconds = time.perf_counter() - started
    results = []
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH "):
            results.append(json.loads(line[6:]))
    return results, proc.returncode, proc.stdout + proc.stderr, seconds


def table(rows: list[dict]) -> str:
    headers = ["what", "figure", "floor", "ratio", "target", "result", "notes"]
    cells = [[r["what"], r["figure"], r["floor"], r["ratio"], r["target"],
              _verdict(r), r.get("note") or ""] for r in rows]
    widths = [max(_width(c[i]) for c in [headers] + cells) for i in range(len(headers))]
    lines = [" | ".join(_pad(h, w) for h, w in zip(headers, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _verdict(row: dict) -> str:
    return {True: "pass", False: "FAIL", None: "info"}[row["pass"]]


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))


def merge_runs(runs: list[list[dict]]) -> list[dict]:
    """One row per figure: the median over the runs of the figure and of its floor, judged again."""
    from common import report_row

    merged: dict[str, list[dict]] = {}
    for rows in runs:
        for row in rows:
            merged.setdefault(row["what"], []).append(row)
    result = []
    for what, rows in merged.items():
        values = [r["value"] for r in rows if r.get("value") is not None]
        if len(values) < len(rows) or "unit" not in rows[0]:
            result.append(rows[-1])
            continue
        floors = [r["floor_value"] for r in rows if r.get("floor_value")]
        first = rows[0]
        row = report_row(what, figure=statistics.median(values), floor=statistics.median(floors) if floors else None,
                         unit=first["unit"], target_abs=first.get("target_abs"),
                         target_ratio=first.get("target_ratio"),
                         note=f"median of {len(values)} runs: " + ", ".join(r["figure"] for r in rows))
        result.append(row)
    return result


def main(argv: list[str]) -> int:
    runs = 1
    if "--runs" in argv:
        at = argv.index("--runs")
        runs = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    rows: list[dict] = []
    for script in scripts(argv):
        if runs > 1:
            per_run = []
            for number in range(runs):
                print(f"== {script.name} (run {number + 1} of {runs})", flush=True)
                results, code, output, seconds = run_one(script)
                for line in output.splitlines():
                    if not line.startswith("BENCH ") and (not results or code != 0):
                        print("   " + line, flush=True)  # scripts that print their own figures
                print(f"   ({seconds:.0f} s)", flush=True)
                per_run.append(results or [{"what": script.stem, "figure": "—", "floor": "—", "ratio": "—",
                                            "target": "—", "pass": None if code == 0 else False,
                                            "note": f"exit code {code}"}])
            rows += merge_runs(per_run)
            continue
        print(f"== {script.name}", flush=True)
        results, code, output, seconds = run_one(script)
        for line in output.splitlines():
            if not line.startswith("BENCH "):
                print("   " + line, flush=True)
        if not results:
            results = [{"what": script.stem, "figure": "—", "floor": "—", "ratio": "—", "target": "—",
                        "pass": None if code == 0 else False,
                        "note": "no BENCH lines (see output above)" if code == 0 else f"exit code {code}"}]
        elif code != 0 and all(r["pass"] is not False for r in results):
            results.append({"what": f"{script.stem} (process)", "figure": "—", "floor": "—", "ratio": "—",
                            "target": "exit 0", "pass": False, "note": f"exit code {code}"})
        rows += results
        print(f"   ({seconds:.0f} s)", flush=True)
    print()
    print(table(rows))
    failed = [r for r in rows if r["pass"] is False]
    print(f"\n{len(rows)} results, {len(failed)} failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
