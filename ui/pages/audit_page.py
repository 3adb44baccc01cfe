"""修改记录: browse the audit trail with filters (task, unit, person, dates, source file) and export it to Excel.

One edit is one row (the fields one verb changed on one record at once, db.audit_log.audit_edit_rows); the selected
edit's fields are listed one by one below the table. The table is a lazy model over the edits' first row ids (the
trail grows large): filtering and sorting happen in SQL, rows are read a page at a time. Columns are sized to their
text; the sort arrow sits on the column the rows are really sorted by, and the line above says the order in words.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QStyle, QTableView,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from db.audit_log import (AUDIT_SORTS, AuditFilter, audit_actors, audit_edit_ids, audit_edit_rows,
                          audit_source_files)
from db.queries import tasks, units_with_tasks
from db.vocabulary import chinese_date_time
from ui.models.lazy_table import LazyTableModel
from ui.models.row_table import CENTER, Column
from ui.periods_dialog import DATE_EDIT_FORMAT
from ui.widgets.sort_header import SortArrowHeader

AUDIT_COLUMNS = [
    Column("at", "时间", show=lambda row: chinese_date_time(row["at"]), width=150),
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
ALL_LABEL = "（全部）"
MAX_COLUMN_WIDTH = 280      # px: long texts (原值, 新值, 任务) are cut with … and shown whole in the detail below
MIN_TEXT_WIDTH = 90         # px: narrowest a text column is made so that 新值 still ends on screen
TEXT_COLUMNS = ("task_label", "unit_name", "field_label", "old", "new")
HIDDEN_COLUMNS = ("source", "source_file")   # shown in the detail line of the selected edit (and filterable)
SORT_WORDS = {"at": ("时间", "最新的在前", "最早的在前"), "actor": ("操作人", "按拼音倒序", "按拼音顺序"),
              "action": ("操作", "倒序", "顺序"), "source_file": ("来源文件", "倒序", "顺序")}
DETAIL_COLUMNS = ("字段", "原值", "新值")


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
        grid.addWidget(QLabel("任务："), 0, 0)
        grid.addWidget(self.task_combo, 0, 1)
        grid.addWidget(QLabel("单位："), 0, 2)
        grid.addWidget(self.unit_combo, 0, 3)
        grid.addWidget(QLabel("操作人："), 0, 4)
        grid.addWidget(self.actor_combo, 0, 5)
        grid.addWidget(QLabel("来源文件："), 1, 0)
        grid.addWidget(self.file_combo, 1, 1)
        dates = QHBoxLayout()
        self.use_dates = QCheckBox("日期从")
        self.use_dates.setObjectName("auditUseDates")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_EDIT_FORMAT)
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
        self.model = LazyTableModel(context.ledger, AUDIT_COLUMNS, self._fetch_ids, audit_edit_rows,
                                    sort_keys={k: k for k in AUDIT_SORTS}, sort_key="at", descending=True,
                                    ledger_factory=factory, load=False, parent=self)
        self.model.loaded.connect(self._show_count)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setHorizontalHeader(SortArrowHeader(Qt.Orientation.Horizontal, self.table))
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.setResizeContentsPrecision(60)     # size to the first rows' text, not the whole trail
        header.sortIndicatorChanged.connect(self._sort_clicked)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()           # 时间 leads each row; row numbers would only take width
        for index, column in enumerate(AUDIT_COLUMNS):
            self.table.setColumnWidth(index, column.width)
            self.table.setColumnHidden(index, column.key in HIDDEN_COLUMNS)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show_detail())
        self.detail = QTableWidget(0, len(DETAIL_COLUMNS))
        self.detail.setObjectName("auditDetail")
        self.detail.setHorizontalHeaderLabels(list(DETAIL_COLUMNS))
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().hide()
        self.detail.setWordWrap(True)
        self.detail.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.detail.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.detail_label = QLabel("选中一行，在下面逐项查看这次修改的每个字段。")
        self.detail_label.setObjectName("auditDetailLabel")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail_label)
        lower_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
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
        return audit_edit_ids(ledger, self._filter, sort, descending)

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
        self.count_label.setText(f"共 {count} 次修改；{self.order_text()}（可按时间、操作人、操作、来源文件排序）")
        self._size_columns()
        self._show_detail()

    def order_text(self) -> str:
        """The order the rows are really in, in words: 按时间排序，最新的在前."""
        label, down, up = SORT_WORDS.get(self.model.sort_key or "at", SORT_WORDS["at"])
        return f"按{label}排序，{down if self.model.descending else up}（{'▼' if self.model.descending else '▲'}）"

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        """A column the trail cannot be sorted by keeps no arrow: the arrow goes back to the real sort column."""
        key = AUDIT_COLUMNS[column].key if 0 <= column < len(AUDIT_COLUMNS) else None
        if key in AUDIT_SORTS:
            return   # the model sorts (LazyTableModel.sort) and the count line follows when the ids are in
        real = next(i for i, c in enumerate(AUDIT_COLUMNS) if c.key == (self.model.sort_key or "at"))
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(real, Qt.SortOrder.DescendingOrder if self.model.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        self.context.message.emit(f"“{AUDIT_COLUMNS[column].header}”一栏不能排序；{self.order_text()}。")

    def _size_columns(self) -> None:
        """Each column as wide as its text (header included), long texts capped; when that is wider than the table,
        the text columns give up width in proportion (not below MIN_TEXT_WIDTH) so that 新值 ends on screen."""
        self.table.resizeColumnsToContents()
        widths = {}
        for index, column in enumerate(AUDIT_COLUMNS):
            if column.key in HIDDEN_COLUMNS:
                continue
            widths[index] = min(self.table.columnWidth(index), MAX_COLUMN_WIDTH)
        room = (self.table.viewport().width() or self.table.width()) - 8
        scroll_bar = self.table.verticalScrollBar()
        if not scroll_bar.isVisible():   # the rows arrive first; the scroll bar then takes its width from the viewport
            room -= self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        excess = sum(widths.values()) - room
        texts = [i for i, c in enumerate(AUDIT_COLUMNS) if c.key in TEXT_COLUMNS and i in widths]
        spare = sum(max(0, widths[i] - MIN_TEXT_WIDTH) for i in texts)
        if excess > 0 and spare > 0:
            share = min(1.0, excess / spare)
            for i in texts:
                widths[i] -= int((widths[i] - MIN_TEXT_WIDTH) * share + 0.999)
        for index, width in widths.items():
            self.table.setColumnWidth(index, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.model.rowCount():
            self._size_columns()

    def selected_edit(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.row_data(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        edit = self.selected_edit()
        fields = (edit or {}).get("fields") or []
        self.detail.setRowCount(len(fields))
        for row, field in enumerate(fields):
            for column, value in enumerate((field["field_label"] or "—", field["old"], field["new"])):
                item = QTableWidgetItem("（空）" if value in (None, "") else str(value))
                item.setToolTip(item.text())
                self.detail.setItem(row, column, item)
        self.detail.resizeRowsToContents()
        if edit:
            where = " ".join(x for x in (edit.get("task_label"), edit.get("unit_name"), edit.get("period_name")) if x)
            source = "，".join(x for x in (edit.get("source"), edit.get("source_file")) if x)
            self.detail_label.setText(f"{edit.get('at') or ''} {edit.get('actor') or ''} {edit.get('action') or ''}"
                                      f"{('：' + where) if where else ''}（共 {len(fields)} 个字段"
                                      f"{('；来源：' + source) if source else ''}）")
        else:
            self.detail_label.setText("选中一行，在下面逐项查看这次修改的每个字段。")

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
        worker.error.connect(lambda exc: context.show_error(f"导出修改记录失败：{exc}。请检查文件是否被 Excel 打开，"
                                                            "或换一个文件夹再试。", "导出失败"))
        self._worker = worker
        worker.start()
        return worker
