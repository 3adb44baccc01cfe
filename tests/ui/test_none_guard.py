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
