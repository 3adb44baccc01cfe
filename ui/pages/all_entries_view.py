"""全部填报记录: every progress entry of the plan (all units × periods), filterable by unit and period.

Built on the lazy ProgressEntriesModel: ids load on a worker thread, rows a page at a time.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from db.periods import list_periods
from db.queries import units_with_tasks
from db.vocabulary import STATUSES
from ui.models.progress_entries_model import ProgressEntriesModel

ANY = None  # a filter choice meaning "all units" / "all periods"


class AllEntriesView(QWidget):
    """Double-clicking an entry emits `open_entry(unit_id, period_id, task_id)` (the page shows it in the checklist)."""

    open_entry = Signal(int, int, int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.model: ProgressEntriesModel | None = None
        self._plan_id = None
        self._ledger = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("单位:"))
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("entriesUnitFilter")
        self.unit_filter.setMinimumWidth(240)
        filters.addWidget(self.unit_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("报告期:"))
        self.period_filter = QComboBox()
        self.period_filter.setObjectName("entriesPeriodFilter")
        self.period_filter.setMinimumWidth(150)
        filters.addWidget(self.period_filter)
        filters.addSpacing(12)
        filters.addWidget(QLabel("完成状态:"))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("entriesStatusFilter")
        self.status_filter.addItem("全部", None)
        for status in STATUSES:
            self.status_filter.addItem(status, status)
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("entriesCount")
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        self.table = QTableView()
        self.table.setObjectName("allEntriesTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.doubleClicked.connect(self._open)
        self.table.setToolTip("双击一条记录,到该单位的任务清单中查看和修改")
        layout.addWidget(self.table, 1)
        for combo in (self.unit_filter, self.period_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)

    def refresh(self) -> None:
        ctx = self.context
        if ctx.plan_id is None:
            self.table.setModel(None)
            self.model = None
            self.count_label.setText("尚无方案")
            return
        if self._plan_id != ctx.plan_id or self._ledger is not ctx.ledger or self.model is None:
            self._plan_id, self._ledger = ctx.plan_id, ctx.ledger
            self._fill_filters()
            self._make_model()
        else:
            self.model.reload()

    def _fill_filters(self) -> None:
        ctx = self.context
        for combo in (self.unit_filter, self.period_filter):
            combo.blockSignals(True)
            combo.clear()
        self.unit_filter.addItem("全部单位", ANY)
        for unit in units_with_tasks(ctx.ledger, ctx.plan_id):
            self.unit_filter.addItem(unit["name"], unit["id"])
        self.period_filter.addItem("全部报告期", ANY)
        for period in reversed(list_periods(ctx.ledger, ctx.plan_id)):
            self.period_filter.addItem(period["name"], period["id"])
        for combo in (self.unit_filter, self.period_filter):
            combo.blockSignals(False)

    def _filters(self) -> dict:
        return {"unit_id": self.unit_filter.currentData(), "period_id": self.period_filter.currentData(),
                "status": self.status_filter.currentData()}

    def _make_model(self) -> None:
        ctx = self.context
        factory = (lambda: ctx.worker_ledger(read_only=True)) if ctx.ledger.path is not None else None
        old = self.model
        self.model = ProgressEntriesModel(ctx.ledger, ctx.plan_id, ledger_factory=factory, parent=self,
                                          **self._filters())
        self.model.loaded.connect(self._loaded)
        self.model.loading_changed.connect(lambda busy: busy and self.count_label.setText("正在读取…"))
        self.model.load_failed.connect(self.count_label.setText)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for number, column in enumerate(self.model.columns):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setStretchLastSection(True)
        if old is not None:
            old.close()
            old.deleteLater()

    def _filters_changed(self) -> None:
        if self.model is not None:
            self.model.set_filters(**self._filters())

    def _open(self, index) -> None:
        row = self.model.row_data(index.row()) if self.model is not None else None
        if row is not None:
            self.open_entry.emit(row["unit_id"], row["period_id"], row["task_id"])

    def _loaded(self, count: int) -> None:
        self.count_label.setText(f"共 {count:,} 条填报记录")
