"""The OK / Cancel row of a dialog, in Chinese (Qt's own button texts would be English without a translator)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

Button = QDialogButtonBox.StandardButton


def ok_cancel_buttons(dialog: QDialog, ok_text: str = "确定", cancel_text: str = "取消") -> QDialogButtonBox:
    """A 确定/取消 button box wired to the dialog's accept() and reject(); the caller adds it to its layout."""
    buttons = QDialogButtonBox(Button.Ok | Button.Cancel)
    buttons.button(Button.Ok).setText(ok_text)
    buttons.button(Button.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
