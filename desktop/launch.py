"""Start the window safely: take the ledger's lock (or open read-only), check its integrity (offer the latest
good backup if it is damaged), open it (a backup before any migration), ask who is working, back it up, and
back it up again on close.

`--screenshot` renders without any of the dialogs (and without taking the lock or backups), fast.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, ledger_path_arg


@dataclass
class WindowSession:
    """What the window holds besides its widgets: the ledger, the lock, and whether to back up on close."""
    ledger: object
    lock: object | None = None
    backups: bool = True

    def close(self, ledger=None) -> None:
        from db.backup import BackupError, backup_before

        ledger = ledger or self.ledger
        try:
            if self.backups and not ledger.read_only and not getattr(ledger, "closed", False):
                try:
                    backup_before(ledger, "close")
                except BackupError as exc:  # e.g. the ledger failed its check: say so, never silently
                    from ui.integrity_dialog import tell_backup_failed

                    tell_backup_failed(str(exc))
            ledger.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def _operator_name(ledger, interactive: bool, parent=None) -> str | None:
    override = os.environ.get("IPLEDGER_OPERATOR")
    if override is not None:
        return override
    if not interactive:
        return ""
    from db.operators import known_operators
    from ui.operator_dialog import ask_operator

    return ask_operator(known_operators(ledger), Path(ledger.path).name, parent)


def _refuse(message: str, interactive: bool, code: int = EXIT_USAGE) -> CliError:
    if interactive:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "无法打开台账", message)
    return CliError(message, code)


def _check_or_restore(path: Path, interactive: bool, read_only: bool) -> bool:
    """Quick integrity check; on failure offer the latest good backup. False: do not open."""
    from db.backup import BackupError, latest_good_backup, restore_backup
    from db.errors import NotALedgerError
    from db.integrity import connect_read_only, identify, quick_check
    from db.ledger import check_ledger_file
    from ui.integrity_dialog import offer_restore, tell_restored

    try:
        check_ledger_file(path)
        conn = connect_read_only(path)
        try:
            identify(conn, path.name)
            problems = quick_check(conn)
        finally:
            conn.close()
    except NotALedgerError as exc:
        raise _refuse(str(exc), interactive) from exc
    except Exception as exc:  # sqlite3.Error while reading the header pages: a damaged file
        problems = [str(exc)]
    if not problems:
        return True
    if not interactive or read_only:
        raise _refuse(f"台账 {path.name} 未通过完整性检查({';'.join(problems[:3])})。文件未作改动。"
                      "请关闭其他正在使用它的程序后重新打开,程序会提供从备份恢复。", interactive, EXIT_REFUSED)
    backup = latest_good_backup(path)
    if not offer_restore(path.name, problems, backup.label if backup else None):
        return False
    try:
        result = restore_backup(path, backup.path)
    except BackupError as exc:
        raise _refuse(str(exc), interactive, EXIT_REFUSED) from exc
    tell_restored(result)
    return True


def open_for_window(path: Path, *, interactive: bool, operator: str | None = None) -> WindowSession | None:
    """Lock, check, open, name the operator (unless given: switching ledgers keeps the person) and back up;
    None when the clerk chose to stop."""
    from db.backup import BackupError, backup_before, backup_before_migrate
    from db.errors import LedgerError
    from db.ledger import Ledger
    from db.lockfile import LedgerLockedError, acquire

    lock = None
    read_only = False
    if interactive:
        try:
            lock = acquire(path)
        except LedgerLockedError as exc:
            from ui.integrity_dialog import ask_open_read_only

            if not ask_open_read_only(exc.holder.describe(), path.name):
                return None
            read_only = True
        except OSError:
            lock = None  # a read-only folder: SQLite will refuse writes itself, with a clear message
    session = None
    opened = False
    try:
        if interactive and not _check_or_restore(path, interactive, read_only):
            return None
        try:
            ledger = Ledger.open(path, actor="", source="窗口", read_only=read_only,
                                 before_migrate=backup_before_migrate)
        except LedgerError as exc:
            raise _refuse(str(exc), interactive) from exc
        session = WindowSession(ledger, lock, backups=interactive)
        name = operator if operator else _operator_name(ledger, interactive)
        if name is None:
            ledger.close()
            return None
        if name and interactive:
            from db.operators import set_operator

            try:
                set_operator(ledger, name)  # remembered for next time
            except LedgerError:
                ledger.actor = name
        elif name:
            ledger.actor = name
        if interactive and not read_only:
            try:
                backup_before(ledger, "start")
            except BackupError as exc:
                from ui.integrity_dialog import tell_backup_failed

                tell_backup_failed(str(exc))
        opened = True
        return session
    finally:
        if not opened and lock is not None:
            lock.release()


def _show_operator(window) -> None:
    """Who is recorded on every change, and whether this window may change anything, in the status bar."""
    from PySide6.QtWidgets import QLabel

    ledger = window.context.ledger
    text = f"操作人:{ledger.actor or '(未填写)'}" + ("  |  只读" if ledger.read_only else "")
    label = QLabel(text)
    label.setObjectName("operatorLabel")
    window.statusBar().addPermanentWidget(label)


def start_heartbeat(window) -> object:
    from PySide6.QtCore import QTimer

    from db.lockfile import HEARTBEAT_SECONDS

    def beat() -> None:
        current = getattr(window, "safety_session", None)  # the window may have switched ledgers
        if current is None or current.lock is None or window.context.ledger.read_only:
            return
        try:
            still_ours = current.lock.refresh()
        except OSError:
            return  # a network folder hiccup: try again next minute
        if not still_ours:
            from ui.integrity_dialog import tell_lock_lost

            window.context.ledger.read_only = True
            current.lock = None
            window._update_title()
            tell_lock_lost(window)

    timer = QTimer(window)
    timer.setObjectName("lockHeartbeat")
    timer.timeout.connect(beat)
    timer.start(HEARTBEAT_SECONDS * 1000)
    timer.beat = beat  # for tests
    return timer


def launch_window(*, db: str | None, page: str | None, screenshot: str | None) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and os.name != "nt":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application()
    path = Path(ledger_path_arg(db))
    if not path.exists():
        raise CliError(f"找不到台账文件:{path}。请检查路径,或用 ipledger init --db {path} --demo 创建示例台账。", EXIT_USAGE)
    session = open_for_window(path, interactive=not screenshot)
    if session is None:
        return 0
    context = AppContext(session.ledger)
    window = MainWindow(context)
    window.safety_session = session
    if not screenshot:  # 文件 → 打开台账 goes through the same lock, check and backups
        window.session_opener = lambda target: open_for_window(Path(target), interactive=True,
                                                                operator=window.context.ledger.actor)
    names = window.page_names()
    if page and page not in names:
        session.close()
        raise CliError(f"页面“{page}”尚未提供。可用页面:{'、'.join(names)}。", EXIT_USAGE)
    window.show_page(page or names[0])
    window.show()
    _show_operator(window)
    if screenshot:
        return _screenshot(app, window, screenshot)
    start_heartbeat(window)
    code = app.exec()
    session.close(window.context.ledger)
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
    window.safety_session.close(window.context.ledger)
    window.close()
    return 0
