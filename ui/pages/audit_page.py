"""修改记录: browse the audit trail with filters (task, unit, person, dates, source file) and export it to Excel.

The table is a lazy model over row ids (the trail grows large): filtering and sorting happen in SQL, rows are
read a page at a time.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from db.audit_log import AUDIT_SORTS, AuditFilter, audit_actors, audit_ids, audit_rows, audit_source_files
from db.queries import tasks, units_with_tasks
from ui.models.lazy_table import LazyTableModel
from ui.models.row_table import CENTER, Column

AUDIT_COLUMNS = [
    Column("at", "时间", width=150),
    Column("actor", "操作人", width=80),
    Column("action", "操作", width=110),
    Column("task_label", "任务", width=200),
    Column("unit_name", "单位", width=150),
    Column("period_name", "报告期", width=120),
    Column("field_label", "字段", width=80),
    Column("old", "原值", width=160),
    Column("new", "新值", width=160),
    Column("source", "来源", width=70, align=CENTER),
    Column("source_file", "来源文件", width=180),
]
ALL_LABEL = "(全部)"


class AuditPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        title = QLabel("修改记录")
        title.setStyleSheet("font-size:14pt;font-weight:bold;")
        layout.addWidget(title)
        grid = QGridLayout()
        self.task_combo = self._combo("auditTask", 260)
        self.unit_combo = self._combo("auditUnit", 200)
        self.actor_combo = self._combo("auditActor", 120)
        self.file_combo = self._combo("auditSourceFile", 260)
        grid.addWidget(QLabel("任务:"), 0, 0)
        grid.addWidget(self.task_combo, 0, 1)
        grid.addWidget(QLabel("单位:"), 0, 2)
        grid.addWidget(self.unit_combo, 0, 3)
        grid.addWidget(QLabel("操作人:"), 0, 4)
        grid.addWidget(self.actor_combo, 0, 5)
        grid.addWidget(QLabel("来源文件:"), 1, 0)
        grid.addWidget(self.file_combo, 1, 1)
        dates = QHBoxLayout()
        self.use_dates = QCheckBox("日期从")
        self.use_dates.setObjectName("auditUseDates")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._filter_changed)
        self.use_dates.toggled.connect(self._filter_changed)
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("到"))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 1, 2, 1, 3)
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.choose_export_file)
        grid.addWidget(self.export_button, 1, 5)
        layout.addLayout(grid)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        layout.addWidget(self.count_label)

        factory = (lambda: context.worker_ledger(read_only=True)) if context.ledger.path else None
        self.model = LazyTableModel(context.ledger, AUDIT_COLUMNS, self._fetch_ids, audit_rows,
                                    sort_keys={k: k for k in AUDIT_SORTS}, sort_key="at", descending=True,
                                    ledger_factory=factory, load=False, parent=self)
        self.model.loaded.connect(self._show_count)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for index, column in enumerate(AUDIT_COLUMNS):
            self.table.setColumnWidth(index, column.width)
        layout.addWidget(self.table, 1)
        self._filling = False
        self._filter = AuditFilter()

    def _combo(self, name: str, width: int) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setMinimumWidth(width)
        combo.setMaxVisibleItems(25)
        combo.currentIndexChanged.connect(self._filter_changed)
        return combo

    # ----- filters -------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        use_dates = self.use_dates.isChecked()
        return AuditFilter(
            plan_id=self.context.plan_id,
            task_id=self.task_combo.currentData(), unit_id=self.unit_combo.currentData(),
            actor=self.actor_combo.currentData(), source_file=self.file_combo.currentData(),
            date_from=self.date_from.date().toPython() if use_dates else None,
            date_to=self.date_to.date().toPython() if use_dates else None)

    def _fetch_ids(self, ledger, sort, descending):
        return audit_ids(ledger, self._filter, sort, descending)

    def reload(self) -> None:
        """Read the matching ids again (on a worker thread with its own connection for a file ledger)."""
        self._filter = self.current_filter()  # taken here, on the UI thread
        self.count_label.setText("正在读取修改记录…")
        self.model.reload()

    def _fill(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.clear()
        combo.addItem(ALL_LABEL, None)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))

    def _fill_filters(self) -> None:
        ledger, plan_id = self.context.ledger, self.context.plan_id
        self._filling = True
        try:
            plan_tasks = tasks(ledger, plan_id) if plan_id else []
            self._fill(self.task_combo, [(f"{t['number'] or ''} {t['title']}".strip(), t["id"]) for t in plan_tasks])
            units = units_with_tasks(ledger, plan_id) if plan_id else []
            self._fill(self.unit_combo, [(u["name"], u["id"]) for u in units])
            self._fill(self.actor_combo, [(a, a) for a in audit_actors(ledger)])
            self._fill(self.file_combo, [(f, f) for f in audit_source_files(ledger)])
        finally:
            self._filling = False

    def _filter_changed(self, *args) -> None:
        if not self._filling:
            self.reload()

    def set_filter(self, **values) -> None:
        """For tests and other pages: choose filter values by data (task_id=, unit_id=, actor=, source_file=)."""
        combos = {"task_id": self.task_combo, "unit_id": self.unit_combo, "actor": self.actor_combo,
                  "source_file": self.file_combo}
        self._filling = True
        try:
            for key, value in values.items():
                if key == "dates":
                    self.use_dates.setChecked(value is not None)
                    if value is not None:
                        self.date_from.setDate(QDate(value[0]))
                        self.date_to.setDate(QDate(value[1]))
                    continue
                combo = combos[key]
                combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        finally:
            self._filling = False
        self.reload()

    def _show_count(self, count: int) -> None:
        self.count_label.setText(f"共 {count} 条记录(最新的在前;点击列标题可排序)")

    # ----- page protocol --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.ledger = self.context.ledger
        self._fill_filters()
        self.reload()

    def on_changed(self, kinds) -> None:
        self.refresh()

    # ----- export ---------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        from db.plan_store import get_plan

        suggested = f"修改记录_{date.today():%Y%m%d}.xlsx"
        folder = Path(self.context.ledger.path).parent if self.context.ledger.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self, "导出修改记录", str(folder / suggested), "Excel 工作簿 (*.xlsx)")
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            title = "修改记录"
            if self.context.plan_id:
                title = f"{get_plan(self.context.ledger, self.context.plan_id)['title']} 修改记录"
            self.export_to(Path(path), title=title)

    def export_to(self, path: Path, *, title: str = "修改记录", wait: bool = False):
        from reports.audit_xlsx import export_audit
        from ui.worker import Worker

        audit_filter = self.current_filter()
        context = self.context

        def job(progress, is_cancelled):
            ledger = context.worker_ledger(read_only=True) if context.ledger.path else context.ledger
            try:
                return export_audit(ledger, path, audit_filter, title=title, progress=progress,
                                    is_cancelled=is_cancelled)
            finally:
                if ledger is not context.ledger:
                    ledger.close()

        worker = Worker(job, label="正在导出修改记录…", parent=self)
        worker.done.connect(lambda n: context.message.emit(f"已导出 {n} 条修改记录到 {path}"))
        worker.error.connect(lambda exc: context.show_error(f"导出修改记录失败:{exc}。请检查文件是否被 Excel 打开,"
                                                            "或换一个文件夹再试。", "导出失败"))
        self._worker = worker
        worker.start()
        return worker
