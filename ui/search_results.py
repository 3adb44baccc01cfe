"""The search box's results (ui/search_box.py): the panel that drops down below it, how a hit is drawn, and how the
window opens a hit's place. Loaded the first time the clerk searches."""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QApplication, QFrame, QLabel, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate,
                               QVBoxLayout, QWidget)

from ui.search_box import RESULT_LIMIT   # the box owns how many results are asked for

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def hit_html(hit) -> str:
    """A result as the list shows it: the place in grey, then the text with each match in bold red."""
    from db.search import KIND_LABELS, MARK_CLOSE, MARK_OPEN

    e = html.escape
    snippet = e(hit.snippet).replace(MARK_OPEN, "<b style='color:#b00000'>").replace(MARK_CLOSE, "</b>")
    place = f"{e(hit.place)} · " if hit.place else ""
    return (f"<span style='color:#1f4e8c;font-weight:bold'>{e(KIND_LABELS[hit.kind])}</span>"
            f"<span style='color:#666'>  {place}{e(hit.field)}</span><br>{snippet}")


class ResultsPanel(QFrame):
    """The drop-down list of results under the search box (a child of the window, raised over the pages)."""

    def __init__(self, window, box):   # box: ui.search_box.SearchBox
        super().__init__(window)
        self.box = box
        self.setObjectName("searchResults")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#searchResults{background:white;border:1px solid #8a8a8a;}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.summary.setStyleSheet("color:#555;")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("searchHits")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setStyleSheet("QListWidget{alternate-background-color:#f4f7fb;}"
                                "QListWidget::item:selected{background:#cfe0f7;}")
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.hide()
        window.installEventFilter(self)

    def show_hits(self, text: str, hits: list) -> None:
        from db.search import KIND_LABELS

        self.list.clear()
        self.list.itemDelegate().forget()
        for hit in hits:
            item = QListWidgetItem(hit.line())     # the plain line; HitDelegate paints it with the match marked
            item.setData(HIT_ROLE, hit)
            item.setToolTip(hit.line())
            self.list.addItem(item)
        if hits:
            counts: dict[str, int] = {}
            for hit in hits:
                counts[KIND_LABELS[hit.kind]] = counts.get(KIND_LABELS[hit.kind], 0) + 1
            more = f"（只列出前 {RESULT_LIMIT} 条，请再多写几个字）" if len(hits) >= RESULT_LIMIT else ""
            self.summary.setText(f"找到 {len(hits)} 条：" + "，".join(f"{k} {v}" for k, v in counts.items())
                                 + more + "。按回车或双击转到所选一条，Esc 收起。")
            self.list.setCurrentRow(0)
        else:
            self.summary.setText(f"没有找到“{text.strip()}”。")

    def show_hint(self, text: str) -> None:
        self.list.clear()
        self.summary.setText(text)
        self.show_below()

    def lines(self) -> list[str]:
        """The results as plain lines (what each row says)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_below(self) -> None:
        window = self.parentWidget()
        origin = self.box.mapTo(window, QPoint(0, self.box.height() + 2))
        width = max(620, self.box.width())
        left = max(8, min(origin.x() + self.box.width() - width, window.width() - width - 8))
        height = min(460, max(120, window.height() - origin.y() - 40))
        self.setGeometry(left, origin.y(), width, height)
        self.show()
        self.raise_()

    def current_hit(self):
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() else None)
        return item.data(HIT_ROLE) if item is not None and self.isVisible() else None

    def move_selection(self, step: int) -> None:
        if self.list.count():
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))

    def _activated(self, item: QListWidgetItem) -> None:
        self.box.open_hit(item.data(HIT_ROLE))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.show_below()
        return False


class HitDelegate(QStyledItemDelegate):
    """Paints a result as rich text (hit_html), each row laid out once per width (no widget per row)."""

    PADDING = 4

    def __init__(self, parent):
        super().__init__(parent)
        self._documents: dict[tuple[int, int], QTextDocument] = {}

    def forget(self) -> None:
        """Drop the laid-out rows (before new results: a new hit may reuse an old one's id)."""
        self._documents.clear()

    def _document(self, index, width: int) -> QTextDocument:
        hit = index.data(HIT_ROLE)
        key = (id(hit), width)
        document = self._documents.get(key)
        if document is None:
            if len(self._documents) > 400:
                self._documents.clear()
            document = QTextDocument()
            document.setDefaultFont(self.parent().font())
            document.setDocumentMargin(0)
            document.setHtml(hit_html(hit))
            document.setTextWidth(max(width - 2 * self.PADDING, 100))
            self._documents[key] = document
        return document

    def _width(self) -> int:
        view = self.parent()
        return view.viewport().width()

    def sizeHint(self, option, index) -> QSize:
        document = self._document(index, self._width())
        return QSize(self._width(), int(document.size().height()) + 2 * self.PADDING)

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(index, self._width())
        painter.save()
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        document.drawContents(painter)
        painter.restore()


def open_place(window, hit) -> QWidget | None:
    """Show a hit's place in the window: the page, and on it the task, entry, unit, indicator or note."""
    from db.search import KIND_AUDIT, KIND_INDICATOR, KIND_PROGRESS, KIND_TASK, KIND_UNIT

    names = window.page_names()
    if hit.kind == KIND_TASK and "plan" in names:
        page = window.show_page("plan")
        page.show_task(hit.task_id)
    elif hit.kind == KIND_PROGRESS and "unit" in names:
        page = window.show_page("unit")
        page.show_entry(hit.unit_id, hit.period_id, hit.task_id)
    elif hit.kind == KIND_UNIT and "units" in names:
        page = window.show_page("units")
        page.select(hit.unit_id)
    elif hit.kind == KIND_INDICATOR and "indicators" in names:
        page = window.show_page("indicators")
        row = page.model.row_of(hit.indicator_id)
        if row >= 0:
            page.table.setCurrentIndex(page.model.index(row, 0))
            page.table.scrollTo(page.model.index(row, 0))
    elif hit.kind == KIND_AUDIT and hit.field.startswith("报告内容") and "reports" in names:
        page = window.show_page("reports")
    elif hit.kind == KIND_AUDIT and "audit" in names:
        page = window.show_page("audit")
        day = _day(hit.at)
        filters = {"task_id": None, "unit_id": hit.unit_id, "actor": None, "source_file": None}
        if day is not None:
            filters["dates"] = (day, day)
        page.set_filter(**filters)
    else:
        return None
    return page


def _day(at: str | None):
    from datetime import date

    try:
        return date.fromisoformat((at or "")[:10])
    except ValueError:
        return None
