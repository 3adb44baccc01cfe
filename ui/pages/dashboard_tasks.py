"""The dashboard's task list: every task with its light, filtered by unit, section, status, light and text.

Rows are computed once per refresh (`TaskRow`); filtering is a list comprehension over them and sorting a
Python sort, so both stay instant on 10,000 tasks (the model only resets its visible index list). Typing in the
search box is debounced.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from db.lights import LIGHT_COLOURS, LIGHT_LABELS, SEVERITY
from db.vocabulary import STATUSES
from ui.pages.dashboard_data import TaskFilter, TaskRow  # noqa: F401 (re-exported)

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 150
ALL = None


LIGHT_ICON_PX = 14  # the light dot's pixmap; tables showing it use this icon size


def _light_icon(light: str) -> QIcon:
    pixmap = QPixmap(LIGHT_ICON_PX, LIGHT_ICON_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(LIGHT_COLOURS[light]))
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


_ICONS: dict[str, QIcon] = {}


def light_icon(light: str) -> QIcon:
    if light not in _ICONS:
        _ICONS[light] = _light_icon(light)
    return _ICONS[light]


class TaskTableModel(QAbstractTableModel):
    COLUMNS = ("灯", "序号", "任务", "牵头单位", "状态", "进度", "完成时限")
    SORT_KEYS = (
        lambda r: (-SEVERITY[r.light], r.position),
        lambda r: r.position,
        lambda r: r.title,
        lambda r: r.lead,
        lambda r: (STATUSES.index(r.status) if r.status in STATUSES else 9, r.position),
        lambda r: (r.percent if r.percent is not None else -1, r.position),
        lambda r: (r.due or date.max, r.position),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[TaskRow] = []
        self._rows: list[TaskRow] = []
        self._filter = TaskFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ----- data in ------------------------------------------------------------------------------------
    def set_rows(self, rows: list[TaskRow]) -> None:
        self._all = rows
        self._apply()

    def set_filter(self, task_filter: TaskFilter) -> None:
        self._filter = task_filter
        self._apply()

    @property
    def task_filter(self) -> TaskFilter:
        return self._filter

    def _apply(self) -> None:
        self.beginResetModel()
        terms = self._filter.text.lower().split()
        accepts = self._filter.accepts
        rows = [row for row in self._all if accepts(row, terms)]
        if self._sort is not None:
            column, order = self._sort
            rows.sort(key=self.SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = rows
        self.endResetModel()

    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def row_of_task(self, task_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.task_id == task_id), -1)

    # ----- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return LIGHT_LABELS[row.light]
            return (None, row.number, row.title, row.lead, row.status,
                    "" if row.percent is None else f"{row.percent:.0f}%", row.due_text)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return light_icon(row.light)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{LIGHT_LABELS[row.light]}:{row.explanation}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 4, 5, 6):
            return Qt.AlignmentFlag.AlignCenter
        if role == TASK_ID_ROLE:
            return row.task_id
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows.sort(key=self.SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class TaskListPanel(QWidget):
    """Filters, search box and the task table; emits `task_activated(task_id)` on double-click or Enter."""

    task_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("taskSearch")
        self.search.setPlaceholderText("搜索：序号、任务、单位")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 3)
        self.unit_combo = self._combo("unitFilter", "全部单位")
        self.section_combo = self._combo("sectionFilter", "全部板块")
        self.status_combo = self._combo("statusFilter", "全部状态")
        for status in STATUSES:
            self.status_combo.addItem(status, status)
        self.light_combo = self._combo("lightFilter", "全部灯色")
        for light in ("red", "yellow", "green", "done"):
            self.light_combo.addItem(light_icon(light), LIGHT_LABELS[light], light)
        for combo in (self.unit_combo, self.section_combo, self.status_combo, self.light_combo):
            filters.addWidget(combo, 1)
        self.clear_button = QPushButton("清除筛选")
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_button)
        layout.addLayout(filters)
        self.model = TaskTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("dashboardTasks")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((66, 44, 240, 150, 60, 50, 112)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("taskCount")
        bottom.addWidget(self.count_label, 1)
        self.open_button = QPushButton("打开任务")
        self.open_button.setObjectName("openTask")
        self.open_button.clicked.connect(lambda: self._activated(self.table.currentIndex()))
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.unit_combo, self.section_combo, self.status_combo, self.light_combo):
            combo.currentIndexChanged.connect(self.apply_filter)

    @staticmethod
    def _combo(name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, ALL)
        combo.setMinimumContentsLength(6)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def set_choices(self, units: list[tuple[int, str]], sections: list[tuple[str, int]]) -> None:
        """Fill the unit and section filters, keeping the current choice where it still exists."""
        for combo, items in ((self.unit_combo, [(name, unit_id) for unit_id, name in units]),
                             (self.section_combo, [("　" * (level - 1) + heading, heading)
                                                   for heading, level in sections])):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in items:
                combo.addItem(label, value)
            index = combo.findData(current)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def set_rows(self, rows: list[TaskRow]) -> None:
        self.model.set_rows(rows)
        self.apply_filter()

    def current_filter(self) -> TaskFilter:
        return TaskFilter(self.search.text().strip(), self.unit_combo.currentData(), self.section_combo.currentData(),
                          self.status_combo.currentData(), self.light_combo.currentData())

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(f"共 {total} 项任务" if shown == total else f"筛选出 {shown} 项 / 共 {total} 项任务")

    def set_light(self, light: str | None) -> None:
        self.light_combo.setCurrentIndex(max(0, self.light_combo.findData(light)))

    def set_status(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))

    def clear_filters(self) -> None:
        for combo in (self.unit_combo, self.section_combo, self.status_combo, self.light_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def _activated(self, index) -> None:
        if index is not None and index.isValid():
            self.task_activated.emit(int(self.model.data(index, TASK_ID_ROLE)))
