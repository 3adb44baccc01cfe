"""Ask for the administrator password before guarded actions (plan edits, deletions, closing/reopening periods,
restores).

The rule itself is in the core (db/admin.py: every guarded verb refuses without proof). `require_admin(context,
parent)` asks for the password and hands it to db.admin.prove, which remembers it on the ledger's connection for
ADMIN_MINUTES; if no password is set yet, it offers to set one (or to go on without one, as before).
"""
from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from db.admin import FORGOTTEN_HINT, WrongPasswordError, forget, has_password, is_proven, prove, set_password
from db.errors import LedgerError
from ui.dialogs.buttons import ok_cancel_buttons

GUARD_ENABLED = True  # tests/ui/conftest.py turns it off for tests of other features


class PasswordDialog(QDialog):
    """Ask for the password (mode 'ask') or for a new one twice (mode 'set')."""

    def __init__(self, mode: str, parent: QWidget | None = None, *, reason: str = ""):
        super().__init__(parent)
        self.mode = mode
        self.setWindowTitle("管理员密码" if mode == "ask" else "设置管理员密码")
        layout = QVBoxLayout(self)
        protects = "管理员密码保护：修改和删除方案、合并和删除单位、删除佐证材料、关闭或重新开放报告期、从备份恢复。"
        if mode == "ask":
            text = f"此操作需要管理员权限，请输入管理员密码。\n{protects}\n{FORGOTTEN_HINT}"
        else:
            text = (f"尚未设置管理员密码。{protects}\n"
                    "请设置一个至少6位的密码，写在纸上交给分管领导保管。密码一旦忘记无法找回，"
                    "只能从设置密码之前的备份恢复。")
        if reason:
            text = f"{reason}\n{text}"
        layout.addWidget(QLabel(text))
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码：", self.password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminPasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        if mode == "set":
            form.addRow("再输入一次：", self.repeat)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))


def forget_admin(context) -> None:
    forget(context.ledger)


def is_admin_now(context) -> bool:
    return has_password(context.ledger) and is_proven(context.ledger)


def require_admin(context, parent: QWidget | None = None, *, reason: str = "") -> bool:
    """True when the clerk may go on (password given now or within the last ADMIN_MINUTES)."""
    if not GUARD_ENABLED or is_admin_now(context):
        return True
    ledger = context.ledger
    if not has_password(ledger):
        if ledger.read_only:
            return True
        dialog = PasswordDialog("set", parent, reason=reason)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.password.text() != dialog.repeat.text():
                QMessageBox.warning(parent, "两次输入不一致", "两次输入的密码不一致，请重新输入。")
                continue
            try:
                set_password(ledger, dialog.password.text())
                prove(ledger, dialog.password.text())
            except LedgerError as exc:
                QMessageBox.warning(parent, "无法设置密码", str(exc))
                continue
            return True
        return False
    dialog = PasswordDialog("ask", parent, reason=reason)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            prove(ledger, dialog.password.text())   # the core checks it and remembers it on this ledger
            return True
        except WrongPasswordError:
            QMessageBox.warning(parent, "密码不正确", "管理员密码不正确，请重新输入。" + FORGOTTEN_HINT)
            dialog.password.clear()
    return False
