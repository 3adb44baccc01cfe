"""Start-up to a painted main window on the demo ledger, against a bare PySide6 window with one table.

Both are started the same way: a fresh `python` process, timed from spawn until the window's first paint
has finished (the child prints a mark and exits at once). Median of 5 runs each, alternating.
Target: ≤ 2× the bare window.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from common import REPO, city_ledger, copy_of, demo_ledger, median, report

RUNS = 5

# The child installs a filter that ends the process right after the first paint of a main window.
PAINT_PROBE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class _Painted(QObject):
    done = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.done and hasattr(obj, "window") \\
                and isinstance(obj.window(), QMainWindow):
            self.done = True
            QTimer.singleShot(0, self.finish)
        return False
    def finish(self):
        print("PAINTED", time.perf_counter() - START, flush=True)
        os._exit(0)
"""

BARE = """
import time
START = time.perf_counter()
""" + PAINT_PROBE + """
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
app = QApplication(sys.argv[:1])
probe = _Painted(); app.installEventFilter(probe)
window = QMainWindow()
table = QTableWidget(13, 6)
for row in range(13):
    for column in range(6):
        table.setItem(row, column, QTableWidgetItem(f"{row}-{column}"))
window.setCentralWidget(table)
window.resize(1366, 820)
window.show()
app.exec()
"""

APP = """
import time
START = time.perf_counter()
""" + PAINT_PROBE + """
app = QApplication(sys.argv[:1])   # the app's make_application() reuses this instance
probe = _Painted(); app.installEventFilter(probe)
from desktop.cli import main
main(["gui", "--db", sys.argv[1]])
"""


def spawn(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IPLEDGER_OPERATOR="基准测试",  # no operator dialog
               IPLEDGER_DATA_DIR=os.environ.get("IPLEDGER_DATA_DIR") or tempfile.mkdtemp(prefix="ipledger-start-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from cached bytecode; the warm-up writes it
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    elapsed = time.perf_counter() - started
    if "PAINTED" not in proc.stdout:
        raise SystemExit(f"the window never painted:\n{proc.stdout}\n{proc.stderr[-3000:]}")
    return elapsed


def main() -> None:
    # Private copies: the window takes a lock and writes a start-up backup beside the ledger, as for the clerk.
    demo = copy_of(demo_ledger())
    spawn(BARE)  # warm the file cache for both
    spawn(APP, str(demo))
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(spawn(BARE))
        app.append(spawn(APP, str(demo)))
    report("start-up to painted main window (demo ledger)", figure=median(app), floor=median(bare), unit="s",
           target_ratio=2.0, note=f"fresh processes, median of {RUNS}; floor: bare PySide6 window with one table")
    city = copy_of(city_ledger())
    spawn(APP, str(city))
    city_runs = [spawn(APP, str(city)) for _ in range(3)]
    report("start-up to painted main window (city ledger)", figure=median(city_runs), floor=median(bare), unit="s",
           note="median of 3; includes the integrity check and start-up backup of a 50 MB ledger")


if __name__ == "__main__":
    main()
