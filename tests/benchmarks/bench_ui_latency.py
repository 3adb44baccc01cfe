"""The UI thread during long work: an event-loop latency probe (a QTimer every 10 ms noting how late it
fires) while long imports, exports and reports run in ui.worker.Worker on a city ledger.

Jobs (each the real code the window runs, called through the command modules on a worker thread):
loading the ids of all ~160,000 entries for the lazy table, the summary workbook, forms for 40 units,
importing those 40 returns, and the progress report PDF. Figure: the longest the UI thread was blocked
during each job. Floor: the same probe while the same work runs in a separate process (no shared GIL, same
competition for the CPU), so the ratio shows what running it on a worker thread costs the window.
Target: never blocked > 100 ms.
"""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, LatencyProbe, city_ledger, copy_of, main_window, missing, open_ledger, report, run_until

FORM_UNITS = 40


def cli(*argv: str) -> int:
    from desktop.cli import main

    code = main(list(argv))
    if code != 0:
        raise RuntimeError(f"ipledger {' '.join(argv)} exited {code}")
    return code


def measure(app, window, label: str, job) -> tuple[float, float]:
    """Run `job()` in a Worker like the window does; returns (worst UI stall, job seconds)."""
    from ui.worker import Worker

    outcome = {}
    worker = Worker(lambda progress, is_cancelled: job(), label=label, parent=window)
    worker.done.connect(lambda result: outcome.setdefault("done", result))
    worker.error.connect(lambda exc: outcome.setdefault("error", exc))
    probe = LatencyProbe(10).start()
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        worker.start()  # the commands' own messages are not wanted here
        run_until(app, lambda: bool(outcome), timeout=1200)
    seconds = time.perf_counter() - started
    stall = probe.stop()
    if "error" in outcome:
        print(getattr(outcome["error"], "traceback_text", ""), file=sys.stderr)
        raise RuntimeError(f"{label}: {outcome['error']}") from outcome["error"]
    return stall, seconds


def measure_process(app, argv: list[str]) -> float:
    """The probe while the same work runs in another process: machine noise and CPU competition only."""
    probe = LatencyProbe(10).start()
    proc = subprocess.Popen([sys.executable, *argv], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run_until(app, lambda: proc.poll() is not None, timeout=1200)
    return probe.stop()


def main() -> None:
    path = copy_of(city_ledger())
    app, window = main_window(path)
    ledger = window.context.ledger
    plan_id = window.context.plan_id
    period = ledger.row("SELECT key FROM periods WHERE id = ?", (window.context.period_id,))["key"]
    out = Path(tempfile.mkdtemp(prefix="ipledger-latency-"))
    idle, _ = measure(app, window, "idle", lambda: time.sleep(2))
    units = [r["name"] for r in ledger.rows(
        "SELECT u.name FROM units u WHERE EXISTS (SELECT 1 FROM task_units tu WHERE tu.unit_id = u.id)"
        " ORDER BY u.id LIMIT ?", (FORM_UNITS,))]

    def ids_job():
        from db import queries_paged

        worker_ledger = open_ledger(path, read_only=True)
        try:
            return len(queries_paged.entry_ids(worker_ledger, plan_id))
        finally:
            worker_ledger.close()

    def forms_job():
        for unit in units:
            cli("export-forms", "--db", str(path), "--period", period, "--out", str(out / "forms"), "--unit", unit)

    def import_job():
        files = sorted(str(p) for p in (out / "forms").glob("*.xlsx"))
        if not files:
            raise RuntimeError("no forms to import")
        from desktop.cli import main as cli_main

        return cli_main(["import-returns", "--db", str(path), *files])  # 0, or 1 if a file is refused

    copy = copy_of(path)  # the separate-process runs write to their own copy
    summary = ["export-summary", "--period", period, "--details"]
    report_args = ["report", "--kind", "progress", "--period", period]
    ids_code = ("import sys; sys.path.insert(0, '.'); from db.ledger import Ledger; from db import queries_paged;"
                f" queries_paged.entry_ids(Ledger.open({str(copy)!r}, read_only=True), {plan_id})")
    forms_code = ("import sys; sys.path.insert(0, '.'); from desktop.cli import main;"
                  f" [main(['export-forms', '--db', {str(copy)!r}, '--period', {period!r}, '--out',"
                  f" {str(out / 'forms2')!r}, '--unit', u]) for u in {units!r}]")
    jobs = [
        ("load ids of all progress entries (lazy table)", "db.queries_paged", ids_job, ["-c", ids_code]),
        ("export summary workbook with 160,000 detail rows (city)", "desktop.commands.export_summary",
         lambda: cli(*summary, "--db", str(path), "--out", str(out / "summary.xlsx")),
         ["-m", "desktop", *summary, "--db", str(copy), "--out", str(out / "summary2.xlsx")]),
        (f"export forms for {FORM_UNITS} units", "desktop.commands.export_forms", forms_job, ["-c", forms_code]),
        (f"import {FORM_UNITS} returns", "desktop.commands.import_returns", import_job,
         ["-m", "desktop", "import-returns", "--db", str(copy), str(out / "forms" / "*.xlsx")]),
        ("progress report PDF (city)", "desktop.commands.report",
         lambda: cli(*report_args, "--db", str(path), "--out", str(out / "report.pdf")),
         ["-m", "desktop", *report_args, "--db", str(copy), "--out", str(out / "report2.pdf")]),
    ]
    import importlib.util

    for what, module, job, process_argv in jobs:
        if importlib.util.find_spec(module) is None:
            missing(f"UI thread during: {what}", f"{module} does not exist yet")
            continue
        try:
            stall, seconds = measure(app, window, what, job)
        except Exception as exc:  # noqa: BLE001 (a benchmark reports and goes on)
            report(f"UI thread during: {what}", figure=None, passed=False, note=f"job failed: {exc}"[:200])
            continue
        if process_argv[0] == "-m" and "import-returns" in process_argv:  # expand the glob for the process run
            process_argv = process_argv[:-1] + sorted(str(p) for p in (out / "forms").glob("*.xlsx"))
        floor = measure_process(app, process_argv)
        report(f"UI thread during: {what}, longest block", figure=stall, floor=max(floor, idle), target_abs=0.100,
               note=f"job took {seconds:.1f} s in ui.worker.Worker; idle probe {idle * 1000:.0f} ms")

if __name__ == "__main__":
    main()
