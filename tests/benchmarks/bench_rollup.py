"""A province's roll-up: 100 county packages (~150 tasks × 30 units × 12 periods each, every entry reported).

Figures: importing all 100 packages into a new roll-up ledger (verify signature, hashes and shape, store each in
its own operation); opening 各县概览 until painted; switching county on it (its plan read from its package, three
tables filled, repainted), slowest of 20; the process's peak memory. Floors measured in the same run: the bare
work of the import (read, SHA-256, unzip and parse data.json, insert the bytes in one SQLite transaction per file)
and a QStandardItemModel filled with the same rows. Targets: import ≤ 10 s, overview ≤ 300 ms, switch ≤ 100 ms,
peak memory ≤ 500 MB.
"""
from __future__ import annotations

import hashlib
import io
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import PaintCounter, _source_stamp, cache_dir, main_window, median, report, step_until_painted, timed

COUNTIES = 100
PERIOD = "2026Q3"
SWITCHES = 20


def packages_folder() -> Path:
    """The 100 generated packages, made once (in a child process, so its memory is not counted here)."""
    folder = cache_dir() / f"province-packages-{_source_stamp('reports/package_generate.py', 'reports/package_write.py', 'reports/package_format.py')}"
    if not (folder / "done").exists():
        print(f"(preparing {folder.name} …)", file=sys.stderr, flush=True)
        code = ("import sys; sys.path.insert(0, %r); from reports.package_generate import generate_packages; "
                "generate_packages(%r, %d, %r)" % (str(Path(__file__).resolve().parents[2]), str(folder), COUNTIES, PERIOD))
        subprocess.run([sys.executable, "-c", code], check=True)
        (folder / "done").write_text("ok")
    return folder


def bare_import(paths: list[Path]) -> float:
    """The floor: what any importer must do with the same files, with nothing of ours."""
    folder = Path(tempfile.mkdtemp(prefix="ipledger-bench-floor-"))
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, sha256 TEXT, figures TEXT, content BLOB)")
    started = time.perf_counter()
    for path in paths:
        content = path.read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        with zipfile.ZipFile(path) as archive:
            data = json.loads(archive.read("data.json"))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO files (sha256, figures, content) VALUES (?, ?, ?)",
                     (sha, json.dumps(data["figures"]), content))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def import_all(paths: list[Path]) -> tuple[float, Path]:
    from db.ledger import Ledger
    from db.rollup import create_rollup_ledger
    from reports.package_read import import_packages

    city = create_rollup_ledger(Path(tempfile.mkdtemp(prefix="ipledger-bench-city-")) / "省汇总.ipledger", "江苏省")
    ledger = Ledger.open(city, actor="基准测试", source="基准测试")
    try:
        started = time.perf_counter()
        reports = import_packages(ledger, paths)
        elapsed = time.perf_counter() - started
    finally:
        ledger.close()
    verdicts = {r.verdict for r in reports}
    assert verdicts == {"applied"}, [r.lines() for r in reports if r.verdict != "applied"][:3]
    return elapsed, city


def bare_table_floor(app, rows: list[list[str]]) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.resize(1200, 700)
    view.show()
    model = QStandardItemModel()
    view.setModel(model)
    app.processEvents()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        model.clear()
        for row in rows:
            model.appendRow([QStandardItem(value) for value in row])
        app.processEvents()
        view.repaint()
        times.append(time.perf_counter() - started)
    view.close()
    return median(times)


def main() -> None:
    paths = sorted(packages_folder().glob("*.ipkg"))
    assert len(paths) == COUNTIES, len(paths)
    floor_import = bare_import(paths)
    figure_import, city = import_all(paths)
    size = city.stat().st_size / 1e6
    report(f"import {COUNTIES} county packages (~150 tasks × 30 units × 12 periods each)", figure=figure_import,
           floor=floor_import, target_abs=10.0, note=f"roll-up ledger {size:.0f} MB")

    app, window = main_window(city)
    page = window.show_page("counties")     # the window opened on it already; time a fresh page, as on a switch

    def open_fresh_page():
        fresh = window._page_classes["counties"](window.context, window)
        fresh.resize(page.size())
        fresh.show()
        fresh.refresh()
        app.processEvents()
        fresh.table.viewport().repaint()
        fresh.close()
        fresh.deleteLater()
    overview_time = max(timed(open_fresh_page)[0] for _ in range(5))
    rows = [[page.model.index(r, c).data() or "" for c in range(page.model.columnCount())]
            for r in range(page.model.rowCount())]
    overview_floor = bare_table_floor(app, rows)
    report(f"各县概览 opens ({COUNTIES} counties: page built, read, painted), slowest of 5", figure=overview_time,
           floor=overview_floor,
           target_abs=0.300)

    viewport = page.panel.tasks_view.viewport()
    painted = PaintCounter(viewport)
    rng = random.Random(11)
    switches = [step_until_painted(app, viewport, lambda r=rng.randrange(COUNTIES): page.table.selectRow(r), painted)
                for _ in range(SWITCHES)]
    task_rows = [[page.panel.tasks.index(r, c).data() or "" for c in range(page.panel.tasks.columnCount())]
                 for r in range(page.panel.tasks.rowCount())]
    content = next(iter(paths)).read_bytes()

    started = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:    # reading one county's plan from its package
        json.loads(archive.read("data.json"))
    parse = time.perf_counter() - started
    switch_floor = bare_table_floor(app, task_rows) + parse
    report("各县概览: switch county, slowest of 20", figure=max(switches), floor=switch_floor, target_abs=0.100,
           note=f"median {median(switches) * 1000:.0f} ms; {len(task_rows)} tasks shown")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report("peak memory (import, overview, switching)", figure=peak, unit="MB", target_abs=500)


if __name__ == "__main__":
    main()
