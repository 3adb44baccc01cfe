"""Start the window safely: take the ledger's lock (or open read-only), check its integrity (offer the latest
good backup if it is damaged), open it (a backup before any migration), ask who is working, back it up, and
back it up again on close.

`--screenshot` renders without any of the dialogs (and without taking the lock or backups), fast.
"""
from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.cli_support import EXIT_REFUSED, EXIT_USAGE, CliError, ledger_path_arg


@dataclass
class WindowSession:
    """What the window holds besides its widgets: the ledger, the lock, and whether to back up on close.

    The start-up backup runs on a thread of its own (it reads through its own read-only connection), so the
    window paints at once however big the ledger; `close` waits for it before the closing backup.
    """
    ledger: object
    lock: object | None = None
    backups: bool = True
    start_backup: threading.Thread | None = None
    start_backup_error: str | None = None      # said to the clerk once, by watch_start_backups
    start_backup_told: bool = False

    def back_up_at_start(self) -> None:
        from db.audit_anchor import write_anchor
        from db.backup import BackupError, backup_folder, take_backup

        path = Path(self.ledger.path)
        folder = backup_folder(path, self.ledger)   # reads the ledger's settings: here, not on the thread

        def run() -> None:
            try:
                write_anchor(path, folder, source=take_backup(path, "start", folder=folder))   # as every backup
            except BackupError as exc:
                self.start_backup_error = str(exc)
            except Exception as exc:  # never lost: the clerk is told like any failed backup
                self.start_backup_error = f"启动时备份台账失败：{exc}。请用“文件 → 立即备份”再试一次。"

        self.start_backup = threading.Thread(target=run, name="start-backup", daemon=True)
        self.start_backup.start()

    def wait_for_start_backup(self) -> None:
        if self.start_backup is not None:
            self.start_backup.join()

    def untold_backup_error(self) -> str | None:
        """The start-up backup's failure, once it has finished, the first time it is asked for."""
        if self.start_backup is None or self.start_backup.is_alive() or self.start_backup_told:
            return None
        if self.start_backup_error is None:
            return None
        self.start_backup_told = True
        return self.start_backup_error

    def close(self, ledger=None) -> None:
        from db.backup import BackupError, backup_before

        ledger = ledger or self.ledger
        try:
            self.wait_for_start_backup()
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


def _integrity_problems(path: Path) -> list[str]:
    """SQLite's quick check of the file, through a read-only connection; [] when sound."""
    from db.errors import NotALedgerError
    from db.integrity import connect_read_only, identify, quick_check
    from db.ledger import check_ledger_file

    try:
        check_ledger_file(path)
        conn = connect_read_only(path)
        try:
            identify(conn, path.name)
            return quick_check(conn)
        finally:
            conn.close()
    except NotALedgerError:
        raise
    except Exception as exc:  # sqlite3.Error while reading the header pages: a damaged file
        return [str(exc)]


class EarlyCheck:
    """The start-up integrity check, begun on a thread before Qt and the window load. SQLite does the work
    without holding the GIL, so on a big ledger (about a second) it overlaps the imports and the window
    building instead of coming before them. It only reads; the lock is taken as before."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._problems: list[str] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="start-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problems = _integrity_problems(self.path)
        except BaseException as exc:  # raised again, on the caller's thread, by problems()
            self._error = exc

    def problems(self) -> list[str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._problems or []


def _check_or_restore(path: Path, interactive: bool, read_only: bool, early: EarlyCheck | None = None) -> bool:
    """Quick integrity check; on failure offer the latest good backup. False: do not open."""
    from db.backup import BackupError, latest_good_backup, restore_backup
    from db.errors import NotALedgerError
    from ui.integrity_dialog import offer_restore, tell_restored

    try:
        same_file = early is not None and early.path.resolve() == path.resolve()
        problems = early.problems() if same_file else _integrity_problems(path)
    except NotALedgerError as exc:
        raise _refuse(str(exc), interactive) from exc
    if not problems:
        return True
    if not interactive or read_only:
        raise _refuse(f"台账 {path.name} 未通过完整性检查（{'；'.join(problems[:3])}）。文件未作改动。"
                      "请关闭其他正在使用它的程序后重新打开，程序会提供从备份恢复。", interactive, EXIT_REFUSED)
    backup = latest_good_backup(path)
    if not offer_restore(path.name, problems, backup.label if backup else None):
        return False
    try:
        result = restore_backup(path, backup.path)
    except BackupError as exc:
        raise _refuse(str(exc), interactive, EXIT_REFUSED) from exc
    tell_restored(result)
    return True


def open_for_window(path: Path, *, interactive: bool, operator: str | None = None,
                    early_check: EarlyCheck | None = None, back_up_now: bool = True) -> WindowSession | None:
    """Lock, check, open, name the operator (unless given: switching ledgers keeps the person) and start the
    start-up backup (unless `back_up_now` is False: the caller starts it once the window has painted); None
    when the clerk chose to stop."""
    from db.backup import backup_before_migrate
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
        if interactive and not _check_or_restore(path, interactive, read_only, early_check):
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
        if interactive and not read_only and back_up_now:
            session.back_up_at_start()
        opened = True
        return session
    finally:
        if not opened and lock is not None:
            lock.release()


def _show_operator(window) -> None:
    """Who is recorded on every change, and whether this window may change anything, in the status bar."""
    from PySide6.QtWidgets import QLabel

    ledger = window.context.ledger
    text = f"操作人：{ledger.actor or '（未填写）'}" + ("  |  只读" if ledger.read_only else "")
    label = QLabel(text)
    label.setObjectName("operatorLabel")
    window.statusBar().addPermanentWidget(label)


def start_heartbeat(window) -> object:
    from PySide6.QtCore import QTimer

    from db.lockfile import HEARTBEAT_SECONDS

    def beat() -> None:
        current = window.context.session  # the window may have switched ledgers
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


def watch_start_backups(window) -> object:
    """Tell the clerk, on the UI thread, when a start-up backup (of this ledger or one opened later) failed."""
    from PySide6.QtCore import QTimer

    def look() -> None:
        current = window.context.session
        message = current.untold_backup_error() if current is not None else None
        if message:
            from ui.integrity_dialog import tell_backup_failed

            tell_backup_failed(message, window)

    timer = QTimer(window)
    timer.setObjectName("startBackupWatch")
    timer.timeout.connect(look)
    timer.start(500)
    timer.look = look  # for tests
    return timer


START_BACKUP_DELAY_MS = 300
EARLY_CHECK_BYTES = 16 * 1024 * 1024


def _back_up_once_painted(window, session: WindowSession) -> None:
    """The start-up backup of the ledger the window opened with, unless the clerk has already switched ledgers
    (the new one was backed up as it opened) or closed the window."""
    if window.context.session is session and session.start_backup is None \
            and not getattr(session.ledger, "closed", False):
        session.back_up_at_start()


def launch_window(*, db: str | None, page: str | None, screenshot: str | None) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and os.name != "nt":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    path = Path(ledger_path_arg(db))
    if not path.exists():
        raise CliError(f"找不到台账文件：{path}。请检查路径，或用 ipledger init --db {path} --demo 创建示例台账。", EXIT_USAGE)
    # A big ledger's check (about a second for a city) overlaps loading Qt; a county ledger's takes a few ms,
    # less than the thread would cost in contention for the interpreter while modules load.
    early = EarlyCheck(path) if not screenshot and path.stat().st_size > EARLY_CHECK_BYTES else None
    from PySide6.QtCore import QTimer

    from ui.app import make_application
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = make_application()
    session = open_for_window(path, interactive=not screenshot, early_check=early, back_up_now=False)
    if session is None:
        return 0
    from desktop.paths import output_folder

    from ui.writer import ThreadedWriter

    context = AppContext(session.ledger, session=session, output_folder=output_folder,
                         writer=None if screenshot else ThreadedWriter())
    window = MainWindow(context)
    if not screenshot:  # 文件 → 打开台账 goes through the same lock, check and backups
        context.open_session = lambda target: open_for_window(Path(target), interactive=True,
                                                              operator=context.ledger.actor)
        context.open_in_new_window = start_window_process
    names = window.page_names()
    if page and page not in names:
        from db.rollup import is_rollup

        kind = "汇总台账" if is_rollup(session.ledger) else "县（市、区）台账"
        session.close()
        raise CliError(f"{path.name} 是{kind}，没有页面“{page}”。可用页面：{'、'.join(names)}。", EXIT_USAGE)
    window.show_page(page or names[0])
    window.show()
    _show_operator(window)
    if screenshot:
        return _screenshot(app, window, screenshot)
    start_heartbeat(window)
    if not session.ledger.read_only:
        # once the window is on screen: the backup's thread would otherwise compete with the first paint
        QTimer.singleShot(START_BACKUP_DELAY_MS, lambda: _back_up_once_painted(window, session))
    watch_start_backups(window)
    # once per installation, on the demo ledger; after the first paint (it is not what the clerk waits for)
    QTimer.singleShot(START_BACKUP_DELAY_MS + 200, lambda: _first_start_guide(window))
    code = app.exec()
    context.writer.close()                  # its connection goes before the closing backup and the unlock
    context.session.close(context.ledger)   # the ledger open now: the clerk may have switched
    return code


def start_window_process(path: Path) -> None:
    """The program again, in a window of its own, on another ledger (a roll-up ledger from a county window, or the
    other way round: they are shown by different windows)."""
    import subprocess

    if getattr(sys, "frozen", False):
        command = [sys.executable, "gui", "--db", str(path)]
    else:
        command = [sys.executable, "-m", "desktop", "gui", "--db", str(path)]
    subprocess.Popen(command, close_fds=True)


def _first_start_guide(window) -> None:
    from ui.help_dialog import show_first_start_once

    show_first_start_once(window)


def _screenshot(app, window, target: str) -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    window.resize(1366, 768)   # a common office laptop: what the layout is judged at
    for _ in range(5):  # let pages finish their queued loads and paint
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        loop = QEventLoop()
        QTimer.singleShot(80, loop.quit)
        loop.exec()
    pixmap = window.grab()
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(target)):
        raise CliError(f"无法保存截图到 {target}。请检查文件夹是否存在、是否有写入权限。", EXIT_USAGE)
    window.context.session.close(window.context.ledger)
    window.close()
    return 0
