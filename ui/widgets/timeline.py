"""A timeline strip: the plan's phases (阶段) above, its reporting periods (报告期) below, today's line in red.

Paints from plain data (dates and names), so it knows nothing of the ledger. Hovering shows a period's or a
phase's dates and due date; clicking a period emits `period_clicked(period_id)`.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from db.periods import KIND_QUARTER, is_closed, period_label, quarter_label
from db.vocabulary import chinese_date

PHASE_COLOURS = ("#d2e3fc", "#ceead6", "#fde293", "#fad2cf", "#e9d2fd", "#c6e7f0")
PERIOD_COLOUR, PERIOD_SELECTED, PERIOD_CLOSED = "#dadce0", "#1a73e8", "#9aa0a6"
TODAY_COLOUR = "#d93025"
MARGIN = 8


def _d(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def period_short_label(period: dict) -> str:
    """What a period's box on the timeline says: 一季度…四季度 for quarters, else the month, half or year."""
    kind, start = period.get("kind"), period["start"]
    if kind == KIND_QUARTER or (kind is None and len(period.get("key", "")) == 6 and period["key"][4] == "Q"):
        return quarter_label((start.month - 1) // 3 + 1)
    if kind == "month":
        return f"{start.month}月"
    if kind == "half":
        return "上半年" if start.month <= 6 else "下半年"
    if kind == "year":
        return f"{start.year}年"
    return period.get("name", "")


class TimelineWidget(QWidget):
    period_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMouseTracking(True)
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.phases: list[dict] = []
        self.periods: list[dict] = []
        self.today: date | None = None
        self.selected_period: int | None = None
        self.start: date | None = None
        self.end: date | None = None
        self._label_boxes: list[tuple[str, QRectF]] = []

    def sizeHint(self) -> QSize:
        return QSize(600, 74)

    def set_data(self, *, phases: list[dict], periods: list[dict], today: date, selected_period: int | None,
                 start: date | None = None, end: date | None = None) -> None:
        """phases: {name, start, end}; periods: {id, key, name, start, end, due, state} (dates or ISO text)."""
        self.phases = [{**p, "start": _d(p.get("start")), "end": _d(p.get("end"))} for p in phases
                       if p.get("start") and p.get("end")]
        self.periods = [{**p, "start": _d(p["start"]), "end": _d(p["end"]), "due": _d(p.get("due"))} for p in periods]
        self.today = today
        self.selected_period = selected_period
        days = [d for item in self.phases + self.periods for d in (item["start"], item["end"])]
        self.start = start or (min(days) if days else None)
        self.end = end or (max(days) if days else None)
        if self.start and self.end and self.end <= self.start:
            self.end = None
        self.update()

    # ----- geometry ------------------------------------------------------------------------------------
    def x_of(self, day: date) -> float:
        width = self.width() - 2 * MARGIN
        total = (self.end - self.start).days or 1
        return MARGIN + width * (day - self.start).days / total

    def _phase_rect(self, phase: dict) -> QRectF:
        return QRectF(self.x_of(phase["start"]), 16, max(2.0, self.x_of(phase["end"]) - self.x_of(phase["start"])), 22)

    def _period_rect(self, period: dict) -> QRectF:
        left = self.x_of(period["start"])
        return QRectF(left + 1, 44, max(2.0, self.x_of(period["end"]) - left - 2), 14)

    def period_at(self, point: QPointF) -> dict | None:
        if not (self.start and self.end):
            return None
        return next((p for p in self.periods if self._period_rect(p).adjusted(0, -2, 0, 4).contains(point)), None)

    def phase_at(self, point: QPointF) -> dict | None:
        if not (self.start and self.end):
            return None
        return next((p for p in self.phases if self._phase_rect(p).contains(point)), None)

    # ----- painting ------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if not (self.start and self.end):
            painter.setPen(QColor("#5f6368"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "方案没有阶段和报告期。请在“报告期管理”中生成报告期。")
            return
        self._label_boxes = []
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        painter.setFont(small)
        # years along the top
        painter.setPen(QColor("#5f6368"))
        for year in range(self.start.year, self.end.year + 1):
            first = max(date(year, 1, 1), self.start)
            x = self.x_of(first)
            painter.drawLine(QPointF(x, 2), QPointF(x, 62))
            painter.drawText(QRectF(x + 3, 0, 60, 14), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{year}年")
        today_x = self.x_of(self.today) if self.today and self.start <= self.today <= self.end else None
        for index, phase in enumerate(self.phases):
            rect = self._phase_rect(phase)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(PHASE_COLOURS[index % len(PHASE_COLOURS)]))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(QColor("#202124"))
            self._draw_label(painter, rect, phase["name"], today_x)
        for period in self.periods:
            rect = self._period_rect(period)
            selected = period.get("id") == self.selected_period
            colour = PERIOD_SELECTED if selected else (PERIOD_CLOSED if is_closed(period) else PERIOD_COLOUR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRect(rect)
            if period["due"]:
                x = self.x_of(period["due"])
                painter.setPen(QPen(QColor("#5f6368"), 1))
                painter.drawLine(QPointF(x, 58), QPointF(x, 62))
            painter.setPen(QColor("#ffffff") if selected else QColor("#3c4043"))
            self._draw_label(painter, rect, period_short_label(period), today_x, elide=False)
        if today_x is not None:
            painter.setPen(QPen(QColor(TODAY_COLOUR), 2))
            painter.drawLine(QPointF(today_x, 12), QPointF(today_x, 66))
            text = f"今天 {chinese_date(self.today)}"
            width = painter.fontMetrics().horizontalAdvance(text) + 6
            left = today_x + 3 if today_x + width < self.width() else today_x - width - 3
            painter.drawText(QRectF(left, 58, width, 14), Qt.AlignmentFlag.AlignLeft, text)

    def label_rects(self) -> list[tuple[str, QRectF]]:
        """Where each phase and period label is drawn (text and its box), for tests and the today line."""
        return list(self._label_boxes)

    def _draw_label(self, painter: QPainter, rect: QRectF, text: str, today_x: float | None, *,
                    elide: bool = True) -> None:
        """Draw a label centred in its box; where the 今天 line runs through the box, in the larger part beside
        the line, so the line never crosses the text. A label that does not fit is elided (phases) or left out."""
        box = QRectF(rect)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 4
        if today_x is not None and box.left() < today_x < box.right():
            centre = QRectF(box.center().x() - width / 2, box.top(), width, box.height())
            if centre.left() - 3 <= today_x <= centre.right() + 3:
                left_part = QRectF(box.left(), box.top(), today_x - 3 - box.left(), box.height())
                right_part = QRectF(today_x + 3, box.top(), box.right() - today_x - 3, box.height())
                box = left_part if left_part.width() >= right_part.width() else right_part
        if width > box.width():
            if not elide:
                return
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(box.width()) - 4)
            if not text:
                return
            width = metrics.horizontalAdvance(text) + 4
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        self._label_boxes.append((text, QRectF(box.center().x() - width / 2, box.top(), width, box.height())))

    # ----- interaction ---------------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        period = self.period_at(point)
        phase = None if period else self.phase_at(point)
        if period:
            due = f"，截止{chinese_date(period['due'])}" if period["due"] else ""
            text = f"{period_label(period)}：{chinese_date(period['start'])}—{chinese_date(period['end'])}{due}"
        elif phase:
            text = f"{phase['name']}：{chinese_date(phase['start'])}—{chinese_date(phase['end'])}"
        else:
            text = ""
        self.setToolTip(text)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:
        period = self.period_at(event.position())
        if period and period.get("id") is not None:
            self.period_clicked.emit(int(period["id"]))
        super().mousePressEvent(event)


