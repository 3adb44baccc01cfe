"""Small helpers for driving widgets like a clerk (Chinese typing through an input-method commit)."""
from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_chinese(widget, text: str) -> None:
    """What an IME does when the clerk picks a phrase: commit the text into the focused editor."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def fill_form_dialogs(monkeypatch, *answers: dict) -> list:
    """Answer the next FormDialogs as a clerk would: type each value (Chinese through an IME commit), press 确定.

    Returns the list of dialogs seen (with their titles), for assertions.
    """
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from ui.dialogs.form_dialog import FormDialog

    queue = list(answers)
    seen = []

    def fake_exec(dialog):
        values = queue.pop(0)
        seen.append(dialog)
        for key, value in values.items():
            widget = dialog.widgets[key]
            if isinstance(widget, (QLineEdit, QPlainTextEdit)) and isinstance(value, str):
                widget.clear()
                if value:
                    type_chinese(widget, value)
            else:
                dialog.set_value(key, value)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    return seen
