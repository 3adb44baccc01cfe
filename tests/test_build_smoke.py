"""Smoke test of the PyInstaller build (build.spec): build on Linux, start the built program offscreen.

A Linux build catches spec mistakes (data paths, hidden imports, over-eager excludes, _MEIPASS lookups);
the real Windows build is made on Windows (README). Takes about 20-40 s.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(REPO / "build.spec")],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    folder = work / "dist" / "ipledger"
    assert folder.is_dir()
    return folder


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_PLUGIN"))}
    env.update(QT_QPA_PLATFORM="offscreen", IPLEDGER_DATA_DIR=str(tmp_path / "userdata"))
    return env


def _exe(bundle: Path, name: str) -> Path:
    return bundle / (name + (".exe" if os.name == "nt" else ""))


def _looks_like_a_window(png: Path) -> None:
    from PySide6.QtGui import QImage

    assert png.exists(), "the built program saved no screenshot"
    assert png.stat().st_size > 10_000
    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 500
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20, "the screenshot is (nearly) blank"


def test_built_program_shows_the_demo_ledger(bundle, demo_path, tmp_path):
    ledger = tmp_path / "示例 台账.ipledger"  # a Chinese name with a space, as clerks name files
    shutil.copy(demo_path, ledger)
    png = tmp_path / "out.png"
    result = subprocess.run([str(_exe(bundle, "ipledger")), "gui", "--db", str(ledger), "--screenshot", str(png)],
                            env=_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    _looks_like_a_window(png)


def test_first_start_creates_the_default_ledger_from_the_bundled_demo(bundle, tmp_path):
    png = tmp_path / "first.png"
    result = subprocess.run([str(_exe(bundle, "ipledger")), "gui", "--screenshot", str(png)],
                            env=_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "userdata" / "台账.ipledger").exists()
    _looks_like_a_window(png)


def test_console_program_answers_the_command_line(bundle, demo_path, tmp_path):
    result = subprocess.run([str(_exe(bundle, "ipledger-cli")), "status", "--db", str(demo_path), "--format", "json"],
                            env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["tasks"] == 13


def test_bundle_holds_what_the_app_needs_and_not_what_it_does_not(bundle):
    inside = bundle / "_internal"
    assert (inside / "db" / "demo_data" / "taixing_plan.json").exists()
    assert (inside / "reports" / "fonts" / "wqy-microhei.ttc").exists()
    assert (inside / "ui" / "icons" / "ipledger.png").exists()
    names = [p.relative_to(inside).as_posix() for p in inside.rglob("*")]
    translations = sorted(Path(n).name for n in names if n.endswith(".qm"))
    assert translations and all("zh_CN" in name for name in translations), translations
    for unwanted in ("QtQml", "QtQuick", "Qt6Qml", "Qt6Quick", "WebEngine", "QtOpenGL", "Qt6Svg", "tkinter",
                     "PyQt5", "PyQt6"):
        assert not [n for n in names if unwanted in n], f"{unwanted} should not be bundled"
    for wanted in ("QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtNetwork"):
        assert [n for n in names if wanted in n], f"{wanted} must be bundled (report preview and printing)"
