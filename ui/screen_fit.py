"""Windows and dialogs open no bigger than the screen they are on (a 1366×768 laptop leaves about 1366×728
for a window): nothing is cut off below the taskbar or beyond the right edge."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication

MARGIN = 40   # window frame and title bar


def fit_to_screen(widget, width: int, height: int) -> None:
    """Resize `widget` to width×height, or to what the screen's available area allows."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width() - MARGIN // 2), min(height, area.height() - MARGIN)
    widget.resize(width, height)
