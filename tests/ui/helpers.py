"""Small helpers for driving widgets like a clerk (Chinese typing through an input-method commit)."""
from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_chinese(widget, text: str) -> None:
    """What an IME does when the clerk picks a phrase: commit the text into the focused editor."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
