"""Saved is visible: a lasting "已保存 10:42" in the status bar after every successful write (fed by
AppContext.saved), with what was saved in its tooltip; short status-bar messages (a refusal's first line) clear
when the clerk moves on to another page or another 报告期."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

SAVED_STYLE = "color:#1b7f3b;padding:0 8px;"


class SaveIndicator(QLabel):
    def __init__(self, context, parent=None):
        super().__init__("", parent)
        self.setObjectName("savedIndicator")
        self.setStyleSheet(SAVED_STYLE)
        self.setToolTip("本窗口中还没有保存过修改。每次修改都会立即保存到台账。")
        self.context = context
        context.saved.connect(self.show_saved)

    def show_saved(self, time_text: str) -> None:
        self.setText(f"✓ 已保存 {time_text}")
        what = self.context.last_saved_label
        self.setToolTip(f"{time_text} 已保存到台账" + (f"：{what}" if what else "") + "。修改都会立即保存，不需要另外点保存。")


def install(window) -> SaveIndicator:
    """Add the indicator to the window's status bar and clear stale messages when the clerk moves on."""
    indicator = SaveIndicator(window.context, window)
    window.statusBar().addPermanentWidget(indicator)
    window.nav.currentRowChanged.connect(lambda _row: window.statusBar().clearMessage())
    window.period_combo.currentIndexChanged.connect(lambda _index: window.statusBar().clearMessage())
    return indicator
