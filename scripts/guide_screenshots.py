#!/usr/bin/env python3
"""Screenshots of the window on the demo ledger, offscreen, at 1366×768 (a common office laptop screen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guide_screenshots.py
        writes the 使用说明's pictures (reports/user_guide_images/*.png: scaled down, 256 colours, small)
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guide_screenshots.py --review /tmp/shots
        also saves every page and dialog at full size into /tmp/shots, to look for anything cut off

The demo ledger is made afresh in a temporary folder (db.demo.create_demo_ledger), so the pictures show the
sample plan (泰兴市) and nothing of the user's own data.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
GUIDE_WIDTH = 1000
GUIDE_PAGES = {"dashboard": "dashboard.png", "plan": "plan.png", "unit": "unit.png", "returns": "returns.png",
               "reports": "reports.png", "units": "units.png", "audit": "audit.png"}


def _settle(app, rounds: int = 6) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        loop = QEventLoop()
        QTimer.singleShot(60, loop.quit)
        loop.exec()


def _save_small(pixmap, target: Path) -> None:
    """Scaled to GUIDE_WIDTH and reduced to 256 colours: a screenshot of flat UI stays sharp and small."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = pixmap.toImage().scaledToWidth(GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG", 9):
        raise SystemExit(f"cannot write {target}")


def _grab_dialog(app, dialog, review: Path | None, name: str):
    dialog.show()
    _settle(app, 3)
    pixmap = dialog.grab()
    if review is not None:
        pixmap.save(str(review / f"dialog_{name}.png"))
    dialog.close()
    return pixmap


def take(out: Path, review: Path | None, today: date | None = None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from db.demo import create_demo_ledger
    from db.ledger import Ledger
    from ui.app import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        path = create_demo_ledger(Path(folder) / "台账.ipledger", **({"today": today} if today else {}))
        ledger = Ledger.open(path, actor="示例操作员")
        window = MainWindow(AppContext(ledger))
        window.resize(*SIZE)
        window.show()
        if review is not None:
            review.mkdir(parents=True, exist_ok=True)
        for name in window.page_names():
            window.show_page(name)
            _settle(app)
            pixmap = window.grab()
            if review is not None:
                pixmap.save(str(review / f"page_{name}.png"))
            if name in GUIDE_PAGES:
                _save_small(pixmap, out / GUIDE_PAGES[name])
                written.append(out / GUIDE_PAGES[name])
        from ui.periods_dialog import PeriodsDialog

        dialog = PeriodsDialog(window.context, window)
        dialog.resize(dialog.width(), min(dialog.height(), SIZE[1] - 60))
        _save_small(_grab_dialog(app, dialog, review, "periods"), out / "periods.png")
        written.append(out / "periods.png")
        if review is not None:
            from ui.help_dialog import AboutDialog, FirstStartDialog, HelpDialog
            from ui.plan_review.dialog import PlanReviewDialog

            from ui.admin import PasswordDialog
            from ui.backup_dialog import BackupChooser
            from ui.history_dialog import HistoryDialog
            from ui.operator_dialog import OperatorDialog

            for name, make in (("help", lambda: HelpDialog(window)), ("about", lambda: AboutDialog(window.context, window)),
                               ("first_start", lambda: FirstStartDialog(window)),
                               ("plan_import", lambda: PlanReviewDialog(window.context, window)),
                               ("history", lambda: HistoryDialog(window.context, window)),
                               ("backups", lambda: BackupChooser(window.context.ledger, window)),
                               ("operator", lambda: OperatorDialog(["王芳", "李明"], "台账.ipledger", window)),
                               ("admin_password", lambda: PasswordDialog("set", window))):
                try:
                    _grab_dialog(app, make(), review, name)
                except Exception as exc:   # a dialog that cannot open without more context: say so, go on
                    print(f"dialog {name}: {exc}", file=sys.stderr)
        window.close()
        ledger.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "reports" / "user_guide_images"), help="where the guide's pictures go")
    parser.add_argument("--review", help="also save every page and dialog at full size into this folder")
    args = parser.parse_args(argv)
    for path in take(Path(args.out), Path(args.review) if args.review else None):
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
