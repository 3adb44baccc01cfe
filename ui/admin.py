"""Guard administrator actions (plan edits, deletions, closing/reopening periods, restores) with the password.

`require_admin(context, parent)` asks once per session and remembers the answer for ADMIN_MINUTES; if no
password is set yet, it offers to set one (or to go on without one, as before).
"""
from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from db.admin import has_password, set_password, verify_password
from db.errors import LedgerError
from ui.dialogs.buttons import ok_cancel_buttons

ADMIN_MINUTES = 15
GUARD_ENABLED = True  # tests/ui/conftest.py turns it off for tests of other features


class PasswordDialog(QDialog):
    """Ask for the password (mode 'ask') or for a new one twice (mode 'set')."""

    def __init__(self, mode: str, parent: QWidget | None = None, *, reason: str = ""):
        super().__init__(parent)
        self.mode = mode
        self.setWindowTitle("管理员密码" if mode == "ask" else "设置管理员密码")
        layout = QVBoxLayout(self)
        if mode == "ask":
            text = "此操作需要管理员权限,请输入管理员密码。"
        else:
            text = ("尚未设置管理员密码。修改方案、删除、关闭或重新开放报告期、从备份恢复都需要它。\n"
                    "请设置一个至少6位的密码并妥善保管。")
        if reason:
            text = f"{reason}\n{text}"
        layout.addWidget(QLabel(text))
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码:", self.password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminPasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        if mode == "set":
            form.addRow("再输入一次:", self.repeat)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))


def _session(context) -> dict:
    if not hasattr(context, "_admin_session"):
        context._admin_session = {"until": 0.0}
    return context._admin_session


def forget_admin(context) -> None:
    _session(context)["until"] = 0.0


def is_admin_now(context) -> bool:
    return time.monotonic() < _session(context)["until"]


def _grant(context) -> bool:
    _session(context)["until"] = time.monotonic() + ADMIN_MINUTES * 60
    return True


def require_admin(context, parent: QWidget | None = None, *, reason: str = "") -> bool:
    """True when the clerk may go on (password given now or within the last ADMIN_MINUTES)."""
    if not GUARD_ENABLED or is_admin_now(context):
        return True
    ledger = context.ledger
    if not has_password(ledger):
        if ledger.read_only:
            return _grant(context)
        dialog = PasswordDialog("set", parent, reason=reason)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.password.text() != dialog.repeat.text():
                QMessageBox.warning(parent, "两次输入不一致", "两次输入的密码不一致,请重新输入。")
                continue
            try:
                set_password(ledger, dialog.password.text())
            except LedgerError as exc:
                QMessageBox.warning(parent, "无法设置密码", str(exc))
                continue
            return _grant(context)
        return False
    dialog = PasswordDialog("ask", parent, reason=reason)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if verify_password(ledger, dialog.password.text()):
            return _grant(context)
        QMessageBox.warning(parent, "密码不正确", "管理员密码不正确,请重新输入。忘记密码请联系单位的系统管理员。")
        dialog.password.clear()
    return False
