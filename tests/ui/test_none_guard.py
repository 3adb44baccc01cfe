"""PySide6 6.12 drops a reference to None on every void Qt call (Python 3.11): the app must survive it."""
import subprocess
import sys

from tests.conftest import REPO


def test_many_void_qt_calls_do_not_kill_the_process():
    code = ("import ui\n"
            "from PySide6.QtWidgets import QApplication, QLabel\n"
            "app = QApplication([])\n"
            "label = QLabel()\n"
            "for i in range(20000):\n"
            "    label.setText('进展')\n"
            "print('alive')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "alive" in result.stdout


def test_many_bool_signal_emissions_do_not_kill_the_process():
    """Emitting a Signal(bool) loses a reference to True each time (measured: -1 per emit): the guard covers True
    and False too, else a long session ends in 'bool_dealloc: deallocating True or False'."""
    code = ("import sys, ui\n"
            "from PySide6.QtCore import QObject, Signal\n"
            "from PySide6.QtWidgets import QApplication\n"
            "class S(QObject):\n"
            "    sig = Signal(bool)\n"
            "app = QApplication([])\n"
            "s = S()\n"
            "s.sig.connect(lambda value: None)\n"
            "for i in range(20000):\n"
            "    s.sig.emit(True)\n"
            "    s.sig.emit(False)\n"
            "print('alive')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "alive" in result.stdout
