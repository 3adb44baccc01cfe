"""全部填报记录: every unit's progress entries for the window's 报告期 (the one period selector, at the top of the
window), or for every period when the clerk ticks 包括所有报告期; filterable by 完成状态, sortable by any column.

Built on the lazy ProgressEntriesModel: ids load on a worker thread, rows a page at a time.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout,
                               QWidget)

from db.periods import period_by_id
from db.vocabulary import STATUSES
from ui.models.progress_entries_model import ProgressEntriesModel

ANY = None  # a filter choice meaning "all statuses"


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
        self.period_label = QLabel()
        self.period_label.setObjectName("entriesPeriod")
        self.period_label.setToolTip("报告期随窗口顶部的“报告期”选择而变。")
        filters.addWidget(self.period_label)
        self.all_periods = QCheckBox("包括所有报告期")
        self.all_periods.setObjectName("entriesAllPeriods")
        self.all_periods.setToolTip("勾选后列出本方案所有报告期的填报记录。")
        filters.addSpacing(12)
        filters.addWidget(self.all_periods)
        filters.addSpacing(12)
        filters.addWidget(QLabel("完成状态："))
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
        self.table.setToolTip("双击一条记录，到该单位的任务清单中查看和修改")
        layout.addWidget(self.table, 1)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.all_periods.toggled.connect(self._filters_changed)

    def refresh(self) -> None:
        ctx = self.context
        if ctx.plan_id is None:
            self.table.setModel(None)
            self.model = None
            self.count_label.setText("尚无方案")
            return
        self._show_period()
        if self._plan_id != ctx.plan_id or self._ledger is not ctx.ledger or self.model is None:
            self._plan_id, self._ledger = ctx.plan_id, ctx.ledger
            self._make_model()
        elif self.model.filters != self._filters():
            self.model.set_filters(**self._filters())
        else:
            self.model.reload()

    def _show_period(self) -> None:
        period = period_by_id(self.context.ledger, self.context.period_id) if self.context.period_id else None
        self.period_label.setText(f"报告期：{period['name'] if period else '（未选择）'}")
        self.period_label.setEnabled(not self.all_periods.isChecked())

    def _filters(self) -> dict:
        period_id = ANY if self.all_periods.isChecked() else self.context.period_id
        return {"unit_id": ANY, "period_id": period_id, "status": self.status_filter.currentData()}

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
        self._show_period()
        if self.model is not None:
            self.model.set_filters(**self._filters())

    def _open(self, index) -> None:
        row = self.model.row_data(index.row()) if self.model is not None else None
        if row is not None:
            self.open_entry.emit(row["unit_id"], row["period_id"], row["task_id"])

    def _loaded(self, count: int) -> None:
        self.count_label.setText(f"共 {count:,} 条填报记录")
