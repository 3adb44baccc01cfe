"""Start the window: open (or create) the ledger, build the QApplication and the main window."""
from __future__ import annotations

import os
from pathlib import Path

from desktop.cli_support import CliError, EXIT_USAGE, ledger_path_arg


def launch_window(*, db: str | None, page: str | None, screenshot: str | None) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and os.name != "nt":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from db.errors import LedgerError
    from db.ledger import Ledger
    from ui.app import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application()
    path = ledger_path_arg(db)
    if not Path(path).exists():
        raise CliError(f"找不到台账文件:{path}。请检查路径,或用 ipledger init --db {path} --demo 创建示例台账。", EXIT_USAGE)
    try:
        ledger = Ledger.open(path, actor=os.environ.get("IPLEDGER_OPERATOR", ""), source="窗口")
    except LedgerError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    context = AppContext(ledger)
    window = MainWindow(context)
    names = window.page_names()
    if page and page not in names:
        raise CliError(f"页面“{page}”尚未提供。可用页面:{'、'.join(names)}。", EXIT_USAGE)
    window.show_page(page or names[0])
    window.show()
    if screenshot:
        return _screenshot(app, window, screenshot)
    code = app.exec()
    ledger.close()
    return code


def _screenshot(app, window, target: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    window.resize(1366, 820)
    for _ in range(5):  # let pages finish their queued loads and paint
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        loop = QEventLoop()
        QTimer.singleShot(80, loop.quit)
        loop.exec()
    pixmap = window.grab()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(target)):
        raise CliError(f"无法保存截图到 {target}。请检查文件夹是否存在、是否有写入权限。", EXIT_USAGE)
    window.context.ledger.close()
    window.close()
    return 0
