"""Start-up stays light: heavy libraries load only when first needed, and db/ + reports/ never load Qt.

Each check runs in a fresh `python -c` process, so nothing imported by other tests can hide a regression.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("openpyxl", "reportlab", "docx", "lxml", "sqlite_utils")


def _run(code: str, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IPLEDGER_DATA_DIR=str(tmp_path / "userdata"))
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_opening_the_window_loads_no_heavy_library(demo_path, tmp_path):
    code = f"""
import json, sys
import desktop.cli
desktop.cli.build_parser()  # every command module, as `ipledger` does on each start
code = desktop.cli.main(["gui", "--db", {str(demo_path)!r}, "--screenshot", {str(tmp_path / 'shot.png')!r}])
heavy = sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in {HEAVY!r}}})
print(json.dumps({{"code": code, "heavy": heavy, "window": "ui.main_window" in sys.modules}}))
"""
    found = _run(code, tmp_path)
    assert found["code"] == 0 and found["window"]
    assert (tmp_path / "shot.png").exists()
    assert found["heavy"] == [], f"imported at start-up (import them inside the function that needs them): " \
                                 f"{found['heavy']}"


def test_the_command_line_loads_no_heavy_library_before_a_command_needs_it(demo_path, tmp_path):
    code = f"""
import json, sys
import desktop.cli
desktop.cli.main(["periods", "--db", {str(demo_path)!r}])
heavy = sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in {HEAVY!r}}})
qt = sorted(m for m in sys.modules if m.startswith(("PySide6.Qt", "shiboken6")))
print(json.dumps({{"heavy": heavy, "qt": qt}}))
"""
    found = _run(code, tmp_path)
    assert found["heavy"] == []
    assert found["qt"] == [], "the command line must not start Qt for `periods`"


def test_db_and_reports_never_load_qt(tmp_path):
    code = """
import importlib, json, pkgutil, sys
import db, reports
names = []
for package in (db, reports):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
qt = sorted(m for m in sys.modules if m.startswith(("PySide6.Qt", "shiboken6")))
print(json.dumps({"modules": names, "qt": qt}))
"""
    found = _run(code, tmp_path)
    assert "db.ledger" in found["modules"] and "reports.font_files" in found["modules"]
    assert found["qt"] == [], f"db/ and reports/ must stay Qt-free, but loaded {found['qt']}"


def test_the_real_start_paints_before_loading_what_only_writes_need(demo_path, tmp_path):
    """The clerk's start (lock, integrity check, operator, backups), stopped right after the first paint: modules
    needed only for writing, hashing or the other commands (a few ms each on an office PC) are not loaded yet."""
    code = f"""
import json, os, sys, threading
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and hasattr(obj, "window") and isinstance(obj.window(), QMainWindow):
            loaded = sorted(m for m in ("uuid", "socket", "hashlib", "calendar", "desktop.commands.init",
                                        "desktop.commands.report", "openpyxl", "reportlab") if m in sys.modules)
            threads = sorted(t.name for t in threading.enumerate())
            print(json.dumps({{"loaded": loaded, "threads": threads}}), flush=True)
            os._exit(0)
        return False
app = QApplication([])
probe = Probe(); app.installEventFilter(probe)
import desktop.cli
desktop.cli.main(["gui", "--db", {str(demo_path)!r}])
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IPLEDGER_DATA_DIR=str(tmp_path / "userdata"),
               IPLEDGER_OPERATOR="王芳")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == [], f"loaded before the first paint: {found['loaded']}"
    assert "start-backup" not in found["threads"]   # the start-up backup waits until the window is on screen
