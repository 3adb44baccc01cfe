"""文件 → 新建台账… / 打开台账…: switch the window to another ledger file.

A file that is not a ledger (or is from a newer program) is refused with db's Chinese message and left untouched.
The launcher may set `context.open_session(path) -> session` (lock, integrity check, operator, backups); without
it the file is opened directly. The switch itself is `AppContext.use_ledger`, the one place the window changes ledger.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from db.errors import LedgerError

LEDGER_FILTER = "台账文件 (*.ipledger);;所有文件 (*)"


def install_menu(window) -> None:
    menu = window.file_menu
    first = menu.actions()[0] if menu.actions() else None
    new_action = QAction("新建台账…", window)
    new_action.setShortcut(QKeySequence.StandardKey.New)
    new_action.triggered.connect(lambda: new_ledger(window))
    open_action = QAction("打开台账…", window)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    open_action.triggered.connect(lambda: open_ledger(window))
    menu.insertAction(first, new_action)
    menu.insertAction(first, open_action)
    menu.insertSeparator(first)
    window.ledger_file_actions = {"new": new_action, "open": open_action}


def _start_folder(window) -> str:
    path = window.context.ledger.path
    return str(Path(path).parent) if path else ""


def open_ledger(window, path: str | Path | None = None) -> bool:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "打开台账", _start_folder(window), LEDGER_FILTER)
        if not path:
            return False
    path = Path(path)
    current = window.context.ledger.path
    if current is not None and Path(current).resolve() == path.resolve():
        window.context.message.emit("该台账已经打开。")
        return True
    return _switch(window, path)


def new_ledger(window, path: str | Path | None = None) -> bool:
    """Create a ledger file: with the demo plan, or blank with a plan title and years typed by the clerk."""
    from db.demo import create_demo_ledger
    from db.ledger import Ledger
    from db.plan_create import create_blank_plan

    if path is None:

        # Documents (or beside the ledger she keeps), never the hidden data folder of the default ledger
        folder = window.context.output_folder()
        path, _ = QFileDialog.getSaveFileName(window, "新建台账", str(folder / "新台账.ipledger"), LEDGER_FILTER)
        if not path:
            return False
    path = Path(path)
    if path.suffix.lower() != ".ipledger":
        path = path.with_name(path.name + ".ipledger")
    answer = QMessageBox.question(window, "新建台账",
                                  "新台账中要放入泰兴市示例方案（含示例数据）吗？\n\n选“否”将建立空白台账，"
                                  "随后填写方案标题和年份，再导入方案文件或在“方案任务”页手工录入。")
    context = window.context
    try:
        if answer == QMessageBox.StandardButton.Yes:
            create_demo_ledger(path, today=context.ledger.today())
        else:
            title, ok = QInputDialog.getText(window, "新建空白台账", "方案标题（例如 某某县知识产权强县建设工作方案（2025-2027年））：")
            if not ok:
                return False
            years, ok = QInputDialog.getText(window, "新建空白台账", "方案起止年份（例如 2025-2027）：",
                                             text=f"{date.today().year}-{date.today().year + 2}")
            if not ok:
                return False
            start, _, end = years.replace("—", "-").replace("–", "-").replace("至", "-").partition("-")
            created = Ledger.create(path, actor=context.ledger.actor)
            try:
                create_blank_plan(created, title, start_year=start.strip(), end_year=(end or start).strip())
            except LedgerError:
                created.close()
                path.unlink(missing_ok=True)
                raise
            created.close()
    except LedgerError as exc:
        context.show_error(str(exc), "无法新建台账")
        return False
    return _switch(window, path)


def _is_rollup_file(path: Path) -> bool | None:
    """Is the file a roll-up (汇总) ledger? None when it cannot be read (the normal open then says why)."""
    from db.ledger import Ledger
    from db.rollup import is_rollup

    try:
        with Ledger.open(path, read_only=True) as peek:
            return is_rollup(peek)
    except (LedgerError, OSError):
        return None
    except Exception:  # sqlite3 errors of a damaged file: the normal open reports them
        return None


def _open_in_other_mode(window, path: Path, rollup: bool) -> bool:
    """A county ledger and a roll-up ledger are shown by different windows: open the file in a new one."""
    kind = "汇总台账（市、省用）" if rollup else "县级台账"
    opener = window.context.open_in_new_window
    if opener is None:
        QMessageBox.information(window, "需要新窗口", f"{path.name} 是{kind}，需要在新的窗口中打开。"
                                "请关闭本窗口后，用该文件重新启动程序。")
        return False
    answer = QMessageBox.question(window, "在新窗口中打开", f"{path.name} 是{kind}，要在新的窗口中打开。\n"
                                  "本窗口保持打开，可以随时关闭。现在打开吗？")
    if answer == QMessageBox.StandardButton.Yes:
        opener(path)
    return False


def _switch(window, path: Path) -> bool:
    """Open `path` and make the window show it; the old ledger is closed (backed up by its session)."""
    from db.ledger import Ledger

    context = window.context
    rollup = _is_rollup_file(path)
    if rollup is not None and rollup != bool(getattr(window, "rollup", False)):
        return _open_in_other_mode(window, path, rollup)
    old = context.ledger
    opener = context.open_session
    try:
        if opener is not None:
            session = opener(path)
            if session is None:
                return False
            ledger = session.ledger
        else:
            session = None
            ledger = Ledger.open(path, actor=old.actor, source="窗口", clock=old.clock)
    except LedgerError as exc:
        context.show_error(str(exc), "无法打开台账")
        return False
    old_session = context.session
    if old_session is not None:
        old_session.close(old)
        old_session.lock = None  # released: the old heartbeat must not refresh it
    else:
        old.close()
    context.use_ledger(ledger, session)
    window.refresh_choosers()
    window._update_title()
    current = window.stack.currentWidget()
    if hasattr(current, "refresh"):
        current.refresh()
    context.message.emit(f"已打开台账：{path}")
    return True
