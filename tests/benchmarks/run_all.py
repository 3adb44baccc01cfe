"""Run every benchmark in a fresh process and print one table: what, figure, floor, ratio, target, pass/fail.

    python tests/benchmarks/run_all.py              # all of them (about 3-6 minutes)
    python tests/benchmarks/run_all.py startup scroll   # only bench_startup.py and bench_scroll.py

Exit code 0 when every measured target passes, 1 otherwise. Generated test ledgers are cached in
IPLEDGER_BENCH_DIR (default: <temp>/ipledger-bench).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["startup", "unit_switch", "dashboard", "search", "scroll", "ui_latency", "parse_plan", "returns", "report"]


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
    headers = ["what", "figure", "floor", "ratio", "target", "result"]
    cells = [[r["what"], r["figure"], r["floor"], r["ratio"], r["target"],
              _verdict(r)] for r in rows]
    widths = [max(_width(c[i]) for c in [headers] + cells) for i in range(len(headers))]
    lines = [" | ".join(_pad(h, w) for h, w in zip(headers, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _verdict(row: dict) -> str:
    if row["pass"] is None:
        return row.get("note") or "—"
    if row["pass"]:
        return "pass"
    return "FAIL" + (f" ({row['note']})" if row.get("figure") in (None, "—") and row.get("note") else "")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))


def main(argv: list[str]) -> int:
    rows: list[dict] = []
    for script in scripts(argv):
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
