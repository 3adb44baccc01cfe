"""Shared helpers for the benchmarks in tests/benchmarks (not collected by pytest).

Every benchmark is a script that can run on its own (`python tests/benchmarks/bench_x.py`) and prints its
results; `run_all.py` runs them all in fresh processes and prints one table. A script reports each figure
with `report(...)`, which prints a human line and a machine line starting with `BENCH ` (JSON) that
run_all.py collects:

    report("start-up to painted main window", figure=0.41, floor=0.25, unit="s", target_ratio=2.0)
    report("unit switch (city)", figure=0.032, floor=0.004, unit="s", target_abs=0.100)

Data: `city_ledger()`, `tasks_ledger()` (10,000 tasks) and `demo_ledger()` are generated once into a cache
folder (IPLEDGER_BENCH_DIR, default: the temp folder) and reused; writers get a fresh copy with `copy_of()`.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BENCH_TODAY = date(2026, 11, 21)
TASKS_10K_SHAPE = (5, 20, 100, 20, 4)  # 5 cities × 20 counties × 100 tasks = 10,000 tasks, 4 periods


def median(values) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def repeat(fn: Callable[[], object], runs: int = 5) -> list[float]:
    return [timed(fn)[0] for _ in range(runs)]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3g} {unit}".strip()


def report_row(what: str, *, figure: float | None, floor: float | None = None, unit: str = "s",
               target_ratio: float | None = None, target_abs: float | None = None, note: str = "",
               passed: bool | None = None) -> dict:
    """One result, judged: figure ≤ target_abs and/or figure/floor ≤ target_ratio (both when given)."""
    ratio = (figure / floor) if (figure is not None and floor) else None
    targets = []
    if target_abs is not None:
        targets.append(f"≤ {_fmt(target_abs, unit)}")
    if target_ratio is not None:
        targets.append(f"≤ {target_ratio:g}× floor")
    if passed is None:
        checks = []
        if figure is None:
            checks.append(False)
        if target_abs is not None and figure is not None:
            checks.append(figure <= target_abs)
        if target_ratio is not None and ratio is not None:
            checks.append(ratio <= target_ratio)
        passed = all(checks) if checks and (target_abs is not None or target_ratio is not None) else None
    return {"what": what, "figure": _fmt(figure, unit), "floor": _fmt(floor, unit) if floor else "—",
            "ratio": f"{ratio:.2f}×" if ratio is not None else "—", "target": " and ".join(targets) or "—",
            "pass": passed, "note": note, "value": figure, "floor_value": floor, "unit": unit,
            "target_abs": target_abs, "target_ratio": target_ratio}


def report(what: str, *, figure: float | None, floor: float | None = None, unit: str = "s",
           target_ratio: float | None = None, target_abs: float | None = None, note: str = "",
           passed: bool | None = None) -> dict:
    """Print one result: a line for people and a `BENCH {json}` line for run_all.py."""
    result = report_row(what, figure=figure, floor=floor, unit=unit, target_ratio=target_ratio,
                        target_abs=target_abs, note=note, passed=passed)
    verdict = {True: "PASS", False: "FAIL", None: "info"}[result["pass"]]
    print(f"{what}: {result['figure']} (floor {result['floor']}, ratio {result['ratio']}, "
          f"target {result['target']}) {verdict}{' — ' + note if note else ''}", flush=True)
    print("BENCH " + json.dumps(result, ensure_ascii=False), flush=True)
    return result


def missing(what: str, why: str) -> dict:
    """A benchmark whose code under test does not exist yet."""
    return report(what, figure=None, note=why, passed=None)


# ----- data ---------------------------------------------------------------------------------------

def cache_dir() -> Path:
    folder = Path(os.environ.get("IPLEDGER_BENCH_DIR") or Path(tempfile.gettempdir()) / "ipledger-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _source_stamp(*files: str) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update((REPO / name).read_bytes())
    return digest.hexdigest()[:10]


def _cached(name: str, stamp_files: tuple[str, ...], make: Callable[[Path], object]) -> Path:
    target = cache_dir() / f"{name}-{_source_stamp(*stamp_files)}.ipledger"
    if not target.exists():
        partial = target.with_name(f"{target.stem}.{os.getpid()}.partial")
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        print(f"(preparing {target.name} …)", file=sys.stderr, flush=True)
        make(partial)
        os.replace(partial, target)
    return target


def city_ledger() -> Path:
    """A generated city ledger: 2,000 tasks, 400 units, 20 periods, ~160,000 progress entries."""
    from db.generate import generate_ledger

    return _cached("city", ("db/generate.py", "db/schema.py"),
                   lambda path: generate_ledger(path, "city", today=BENCH_TODAY))


def tasks_ledger() -> Path:
    """A generated ledger with 10,000 tasks (for search and filter)."""
    from db.generate import generate_ledger

    return _cached("tasks10k", ("db/generate.py", "db/schema.py"),
                   lambda path: generate_ledger(path, TASKS_10K_SHAPE, today=BENCH_TODAY))


def demo_ledger() -> Path:
    from db.demo import create_demo_ledger

    return _cached("demo", ("db/demo.py", "db/demo_data/taixing_plan.json", "db/schema.py"),
                   lambda path: create_demo_ledger(path, today=BENCH_TODAY))


def copy_of(path: Path, folder: Path | None = None) -> Path:
    """A private copy of a cached ledger for benchmarks that write."""
    folder = folder or Path(tempfile.mkdtemp(prefix="ipledger-bench-"))
    target = folder / path.name
    shutil.copy(path, target)
    return target


def open_ledger(path: Path, *, read_only: bool = False):
    from db.ledger import Ledger

    return Ledger.open(path, actor="基准测试", source="基准测试", read_only=read_only)


# ----- Qt -------------------------------------------------------------------------------------------

def qt_app():
    """The real application setup (fonts, translations), as the window uses it."""
    os.environ.setdefault("IPLEDGER_DATA_DIR", tempfile.mkdtemp(prefix="ipledger-bench-data-"))
    from ui.app import make_application

    return make_application([sys.argv[0]])


def settle(app, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def main_window(path: Path):
    """A MainWindow on `path`, shown at the screenshot size; returns (app, window)."""
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = qt_app()
    context = AppContext(open_ledger(path))
    window = MainWindow(context)
    window.resize(1366, 820)
    window.show()
    settle(app)
    return app, window


class PaintCounter:
    """Counts the paint events a widget receives (to prove a timed step really repainted)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class _Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = _Filter()
        widget.installEventFilter(self._filter)


def step_until_painted(app, widget, change: Callable[[], object], counter: PaintCounter) -> float:
    """Time `change()` plus the event processing that repaints `widget` (posted loads, layout, paint)."""
    app.processEvents()
    before = counter.count
    started = time.perf_counter()
    change()
    app.processEvents()
    if counter.count == before:  # nothing was scheduled: paint now so the figure includes a paint
        widget.repaint()
    return time.perf_counter() - started


class LatencyProbe:
    """An event-loop latency probe: a QTimer every `interval_ms` notes how late it fires.

    The UI thread was blocked about as long as the largest lateness (plus the interval's slack).
    """

    def __init__(self, interval_ms: int = 10):
        from PySide6.QtCore import QTimer, Qt

        self.interval = interval_ms / 1000
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.reset()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - self.interval)
        self.last = now
        self.ticks += 1

    def start(self) -> "LatencyProbe":
        self.reset()
        self.timer.start()
        return self

    def stop(self) -> float:
        self._tick()  # a stall right at the end counts too
        self.timer.stop()
        return max(self.worst, 0.0)


def run_loop(app, seconds: float) -> None:
    """Run the event loop for a while (timers fire, queued work runs)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def run_until(app, done: Callable[[], bool], timeout: float) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.timeout.connect(lambda: done() and loop.quit())
    check.start(5)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    check.stop()
    return done()
