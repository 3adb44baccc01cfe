"""文件 menu entries for the ledger's safety: back up now, restore from a backup (administrator), check the
ledger, choose the backup folder, set the administrator password."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from db.errors import LedgerError


def install_menu(window) -> None:
    menu = window.file_menu
    first = menu.actions()[-1] if menu.actions() else None  # keep 退出 last
    entries = [("立即备份", back_up_now), ("从备份恢复…", restore_from_backup), ("检查台账", check_ledger),
               ("备份文件夹…", choose_backup_folder), ("管理员密码…", change_admin_password)]
    window.safety_actions = {}
    for text, handler in entries:
        action = QAction(text, window)
        action.triggered.connect(lambda checked=False, h=handler: h(window))
        menu.insertAction(first, action)
        window.safety_actions[text] = action
    menu.insertSeparator(first)


def back_up_now(window) -> Path | None:
    from db.backup import back_up

    context = window.context
    if context.ledger.path is None:
        return None
    try:
        target = back_up(context.ledger.path, "manual", ledger=context.ledger)   # the same road as `ipledger backup`
    except LedgerError as exc:
        context.show_error(str(exc), "备份失败")
        return None
    if target is not None:
        context.message.emit(f"已备份到 {target}")
        QMessageBox.information(window, "已备份", f"台账已备份到：\n{target}")
    return target


def check_ledger(window):
    from db.integrity import PASSED, check_file
    from ui.worker import Worker

    context = window.context
    path = context.ledger.path
    if path is None:
        return None
    worker = Worker(lambda progress, is_cancelled: check_file(path), label="正在检查台账…", parent=window)

    def done(report):
        if report.ok:
            QMessageBox.information(window, "检查通过", f"台账检查通过：{PASSED}。")
        else:
            QMessageBox.warning(window, "检查发现问题", "\n".join(report.problems)
                                + "\n\n请用“文件 → 从备份恢复”恢复最近的备份，并联系技术支持。")
    worker.done.connect(done)
    worker.error.connect(lambda exc: context.show_error(f"检查台账失败：{exc}", "检查失败"))
    window._check_worker = worker
    worker.start()
    return worker


def choose_backup_folder(window) -> None:
    from db.backup import backup_folder

    context = window.context
    current = backup_folder(context.ledger.path, context.ledger)
    folder = QFileDialog.getExistingDirectory(window, "选择备份文件夹", str(current))
    if folder:
        from db.ops import edits

        context.run(edits.set_backup_folder, folder)


def change_admin_password(window) -> None:
    """Set or change the password through the core (db.admin.set_password checks the current one)."""
    from db.admin import has_password
    from ui.admin import PasswordDialog, require_admin

    context = window.context
    if not has_password(context.ledger):
        require_admin(context, window)  # offers to set one
        return
    current = PasswordDialog("ask", window, reason="修改管理员密码前，请先输入当前密码。")
    if not current.exec():
        return
    dialog = PasswordDialog("set", window, reason="请输入新的管理员密码。")
    if dialog.exec():
        if dialog.password.text() != dialog.repeat.text():
            QMessageBox.warning(window, "两次输入不一致", "两次输入的密码不一致，密码未修改。")
            return
        old, new = current.password.text(), dialog.password.text()
        from db.ops import edits

        context.run(edits.set_admin_password, new, old_password=old)


def restore_from_backup(window, backup_path: str | None = None) -> bool:
    """Administrator only: verify the chosen backup, keep the current file as a backup, swap, reopen."""
    from db.backup import BackupError, backup_before_migrate, restore_backup, verify_backup
    from db.ledger import Ledger
    from ui.admin import require_admin

    context = window.context
    ledger = context.ledger
    if ledger.path is None:
        return False
    if ledger.read_only:
        context.show_error("台账以只读方式打开（另一程序正在使用它），不能恢复。请关闭另一个程序后再试。", "不能恢复")
        return False
    if not require_admin(context, window, reason="从备份恢复会替换整本台账，需要管理员权限。"):
        return False
    if backup_path is None:
        from ui.backup_dialog import choose_backup

        backup_path = choose_backup(ledger, window)
        if not backup_path:
            return False
    try:
        verify_backup(backup_path)
    except BackupError as exc:
        context.show_error(str(exc), "备份不可用")
        return False
    from db.backup import ledger_id_of

    other_ledger = False
    current_id, backup_id = ledger.setting("ledger_id"), ledger_id_of(Path(backup_path))
    if current_id and backup_id and current_id != backup_id:
        other = QMessageBox.warning(
            window, "这是另一本台账的备份",
            f"备份 {Path(backup_path).name} 不是本台账的备份，而属于另一本台账。\n恢复会用另一本台账整个替换当前台账："
            "修改记录、管理员密码和表格校验密钥都随之改变，已发出的填报表将无法导入。\n\n确定要用另一本台账替换吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if other != QMessageBox.StandardButton.Yes:
            return False
        other_ledger = True
    answer = QMessageBox.question(
        window, "确认恢复",
        f"将用备份 {Path(backup_path).name} 替换当前台账。\n当前台账会先另存为一份备份，不会丢失。\n\n确定恢复吗？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    from db.admin import grant_for

    try:
        grant = grant_for(ledger)   # the core's rule: proof of the administrator password, taken before closing
    except LedgerError as exc:
        context.show_error(str(exc), "不能恢复")
        return False
    path, actor, clock = Path(ledger.path), ledger.actor, ledger.clock
    session = context.session
    if session is not None:
        session.wait_for_start_backup()   # its reader must be gone before the file is swapped (Windows refuses)
    ledger.close()
    result = None
    try:
        result = restore_backup(path, backup_path, admin=grant, other_ledger=other_ledger)
    except LedgerError as exc:
        context.show_error(str(exc), "恢复失败")
    reopened = Ledger.open(path, actor=actor, source="窗口", clock=clock, before_migrate=backup_before_migrate)
    if session is not None:
        session.ledger = reopened
    context.use_ledger(reopened)
    if result is not None:
        from ui.integrity_dialog import tell_restored

        tell_restored(result, window)
        return True
    return False
