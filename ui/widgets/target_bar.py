"""A target's progress bar (指标进度): the way from the baseline to the target filled to the latest actual, with a
dark tick where the straight path says it should stand today. Coloured by the target's light."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class TargetBar(QWidget):
    clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actual_share: float | None = None
        self.expected_share: float | None = None
        self.colour = QColor("#9aa0a6")
        self.text = ""
        self.setMinimumHeight(18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(220, 18)

    def set_values(self, actual_share: float | None, expected_share: float | None, colour: str, text: str) -> None:
        self.actual_share, self.expected_share = actual_share, expected_share
        self.colour, self.text = QColor(colour), text
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 2, self.width() - 1, self.height() - 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eceff1"))
        painter.drawRoundedRect(rect, 3, 3)
        if self.actual_share is not None:
            filled = QRectF(rect.left(), rect.top(), rect.width() * max(0.0, min(1.0, self.actual_share)), rect.height())
            fill = QColor(self.colour)
            fill.setAlpha(200)
            painter.setBrush(fill)
            painter.drawRoundedRect(filled, 3, 3)
        if self.expected_share is not None:
            x = rect.left() + rect.width() * max(0.0, min(1.0, self.expected_share))
            painter.setPen(QPen(QColor("#202124"), 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setPen(QColor("#202124"))
        painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         self.text)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
