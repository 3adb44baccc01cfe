"""单位填报: pick a unit and a period, fill its checklist (every task it leads or cooperates on).

Edits save at once through db.progress.record_progress (one transaction, audit rows) and go on the undo stack;
undo writes the old value back through the same verb. The second tab lists every entry of the plan.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QCompleter, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from db import evidence as evidence_store
from db.ops import edits
from db.errors import LedgerError
from db.periods import is_closed, list_periods
from db.progress import clean_progress_value
from db.queries import unit_checklist, units_with_tasks
from db.values import format_number, status_percent_mismatch
from db.vocabulary import STATUS_COLOURS, STATUSES
from ui.context import ALL, PERIODS, PLAN, PROGRESS, UNITS
from ui.delegates import ChoiceDelegate, SpreadsheetTableView, TextDelegate
from ui.models.row_table import CENTER, RIGHT, Column, RowTableModel
from ui.pages.all_entries_view import AllEntriesView
from ui.pages.unit_detail_panel import EntryDetailPanel
from ui.periods_dialog import read_only_banner

def _mismatch(row: dict) -> str | None:
    """已完成 below 100%, 未启动 above 0% (db.values: the rule import-returns flags too)."""
    return status_percent_mismatch(row.get("status"), row.get("percent"))


def _mismatch_tip(row: dict) -> str:
    found = _mismatch(row)
    return f"请核实：{found}。" if found else ""


def _mismatch_colour(row: dict) -> str | None:
    return "#b00020" if _mismatch(row) else None


def _status_colour(row: dict) -> str | None:
    return _mismatch_colour(row) or STATUS_COLOURS.get(row.get("status") or "")


CHECKLIST_COLUMNS = [
    Column("number", "序号", align=CENTER, width=44),
    Column("title", "任务", width=150, tooltip=lambda r: r.get("text") or r["title"]),
    Column("role_label", "分工", align=CENTER, width=48),
    Column("status", "完成状态", editable=True, align=CENTER, width=78, tooltip=_mismatch_tip,
           colour=_status_colour),
    Column("percent", "完成进度", editable=True, align=RIGHT, width=72,
           show=lambda r: "" if r.get("percent") is None else format_number(r["percent"]) + "%",
           edit_value=lambda r: format_number(r.get("percent")), tooltip=_mismatch_tip, colour=_mismatch_colour),
    Column("progress", "进展情况", editable=True, width=220),
    Column("problems", "存在问题", editable=True, width=120),
    Column("next_steps", "下步计划", editable=True, width=120),
    Column("evidence_count", "佐证", align=CENTER, width=44,
           show=lambda r: f"{r['evidence_count']}个" if r.get("evidence_count") else ""),
]


class ChecklistModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(CHECKLIST_COLUMNS, parent, key="task_id")


class UnitPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.unit_id: int | None = None
        self._period: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.unit_label = QLabel("填报单位：")
        top.addWidget(self.unit_label)
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setEditable(True)
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_combo.setMinimumWidth(320)
        self.unit_combo.lineEdit().setPlaceholderText("输入单位名称的任意几个字查找")
        completer = QCompleter(self.unit_combo.model(), self.unit_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.unit_combo.setCompleter(completer)
        self.unit_combo.currentIndexChanged.connect(self._unit_chosen)
        top.addWidget(self.unit_combo)
        self.summary = QLabel()
        self.summary.setObjectName("unitSummary")
        top.addSpacing(12)
        top.addWidget(self.summary)
        top.addStretch(1)
        layout.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("closedBanner")
        self.banner.setStyleSheet("background:#fff3cd;color:#7a5200;border:1px solid #e0c068;padding:6px;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        from ui.review_bar import ReviewBar

        self.review_bar = ReviewBar(context, self)
        self.review_bar.setObjectName("reviewBar")
        layout.addWidget(self.review_bar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("unitTabs")
        checklist_tab = QWidget()
        tab_layout = QHBoxLayout(checklist_tab)
        tab_layout.setContentsMargins(0, 4, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = ChecklistModel(self)
        self.model.on_edit = self._edit_cell
        self.table = SpreadsheetTableView()
        self.table.setObjectName("checklistTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(self.model.column_of("status"), ChoiceDelegate(STATUSES, self.table))
        percent = TextDelegate(self.table, placeholder="0–100")
        self.table.setItemDelegateForColumn(self.model.column_of("percent"), percent)
        text_delegate = TextDelegate(self.table)
        for key in ("progress", "problems", "next_steps"):
            self.table.setItemDelegateForColumn(self.model.column_of(key), text_delegate)
        self._percent_delegate, self._text_delegate = percent, text_delegate
        for number, column in enumerate(CHECKLIST_COLUMNS):
            self.table.setColumnWidth(number, column.width)
        # the three texts share the room left, so 下步计划 is never pushed out of sight on a 1366×768 screen
        header = self.table.horizontalHeader()
        for key in ("progress", "problems", "next_steps"):
            header.setSectionResizeMode(self.model.column_of(key), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.verticalHeader().hide()  # 序号 is the first column
        self.table.verticalHeader().setMaximumSectionSize(88)
        self.table.verticalHeader().setMinimumSectionSize(30)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        splitter.addWidget(self.table)
        self.detail = EntryDetailPanel()
        self.detail.setObjectName("entryDetail")
        self.detail.save_requested.connect(self._detail_save)
        self.detail.add_evidence_clicked.connect(self.choose_evidence_files)
        self.detail.files_dropped.connect(self.attach_files)
        self.detail.open_evidence_clicked.connect(self.open_evidence)
        self.detail.remove_evidence_clicked.connect(self.remove_evidence)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 320])
        tab_layout.addWidget(splitter)
        self.tabs.addTab(checklist_tab, "本单位任务清单")
        self.all_entries = AllEntriesView(context)
        self.all_entries.setObjectName("allEntries")
        self.all_entries.open_entry.connect(self.show_entry)
        self.tabs.addTab(self.all_entries, "全部填报记录")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

    # ----- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._fill_units()
        on_all_entries = self.tabs.currentWidget() is self.all_entries   # lists every unit: no unit chooser
        for widget in (self.unit_label, self.unit_combo, self.summary, self.review_bar):
            widget.setVisible(not on_all_entries)
        if on_all_entries:
            self.all_entries.refresh()
        else:
            self._load_checklist()

    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, UNITS, PERIODS}:
            self.refresh()
        elif kinds & {PROGRESS}:
            if self.tabs.currentWidget() is self.all_entries:
                self.all_entries.refresh()
            else:
                self._load_checklist()

    def _fill_units(self) -> None:
        ctx = self.context
        units = units_with_tasks(ctx.ledger, ctx.plan_id) if ctx.plan_id is not None else []
        wanted = self.unit_id
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for unit in units:
            self.unit_combo.addItem(unit["name"], unit["id"])
        index = self.unit_combo.findData(wanted) if wanted is not None else -1
        if index < 0 and units:
            index = 0
        self.unit_combo.setCurrentIndex(index)
        self.unit_combo.blockSignals(False)
        self.unit_id = self.unit_combo.itemData(index) if index >= 0 else None

    def select_unit(self, name_or_id) -> None:
        """Choose a unit by name or id (as the clerk does with the combo)."""
        index = (self.unit_combo.findData(name_or_id) if isinstance(name_or_id, int)
                 else self.unit_combo.findText(name_or_id))
        if index < 0:
            raise KeyError(name_or_id)
        self.unit_combo.setCurrentIndex(index)

    def show_entry(self, unit_id: int, period_id: int, task_id: int) -> None:
        """Open one unit's entry for a period in the checklist (from the all-entries list)."""
        ctx = self.context
        self.detail.flush_all()
        self.unit_id = unit_id
        if period_id != ctx.period_id:
            ctx.set_period(period_id)
            ctx.changed.emit({PERIODS})  # the window's period chooser follows
        self.tabs.setCurrentIndex(0)
        self.refresh()
        row = self.model.row_of(task_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, self.model.column_of("status")))

    def _unit_chosen(self, index: int) -> None:
        unit_id = self.unit_combo.itemData(index)
        if unit_id is None or unit_id == self.unit_id:
            return
        self.detail.flush_all()
        self.unit_id = unit_id
        self._load_checklist()

    @property
    def period_id(self) -> int | None:
        return self.context.period_id

    @property
    def read_only(self) -> bool:
        return bool(self._period is None or is_closed(self._period) or self.context.ledger.read_only)

    def _load_checklist(self) -> None:
        ctx = self.context
        self._period = None
        if ctx.plan_id is not None and ctx.period_id is not None:
            self._period = next((p for p in list_periods(ctx.ledger, ctx.plan_id) if p["id"] == ctx.period_id), None)
        rows = (unit_checklist(ctx.ledger, self.unit_id, ctx.period_id)
                if self.unit_id is not None and self._period is not None else [])
        for row in rows:  # each row knows whose entry it is, so a late save never lands elsewhere
            row["unit_id"], row["period_id"] = self.unit_id, ctx.period_id
        self.model.read_only = self.read_only
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        banner = read_only_banner(ctx, self._period, "填报内容")
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))
        self.review_bar.show_for(self.unit_id, self._period)
        reported = sum(1 for r in rows if r.get("status"))
        self.summary.setText(f"{self._period['name']}：承担 {len(rows)} 项任务，已填报 {reported} 项" if self._period
                             else "（未选择报告期）")   # no count: without a period no checklist is read
        if rows and not self.table.currentIndex().isValid():
            self.table.setAutoScroll(False)  # the page may not have its final width yet
            self.table.setCurrentIndex(self.model.index(0, self.model.column_of("status")))
            self.table.setAutoScroll(True)
            self.table.horizontalScrollBar().setValue(0)
        self._show_detail()

    def current_entry(self) -> dict | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.current_entry()
        files = []
        if entry is not None:
            files = evidence_store.list_evidence(self.context.ledger, entry["task_id"], self.unit_id, self.period_id)
        self.detail.set_entry(entry, files, read_only=self.read_only)

    # ----- saving -------------------------------------------------------------------------------
    def save_field(self, entry: dict, field: str, value) -> bool:
        """Save one field of the unit's entry for a task; undoable. Refusals show their Chinese message."""
        ctx = self.context
        try:
            clean = clean_progress_value(field, value)
        except LedgerError as exc:
            ctx.show_error(str(exc), "填写有误")
            return False
        old = entry.get(field)
        if clean == old:
            return True
        task_id, unit_id, period_id = entry["task_id"], entry["unit_id"], entry["period_id"]
        result = ctx.run(edits.record_progress, task_id, unit_id, period_id, {field: clean})
        if result is not None and field in ("status", "percent"):
            found = _mismatch({**entry, field: clean})
            if found:   # saved as typed (the unit's word stands), but the clerk is told at once
                ctx.message.emit(f"请核实：{found}。")
        return result is not None

    def _edit_cell(self, row: dict, key: str, value) -> bool:
        return self.save_field(row, key, value)

    def _detail_save(self, field: str, value) -> None:
        entry = self.detail.entry
        if entry is not None:
            saved = self.save_field(entry, field, value)
            self.detail.show_refused(field, None if saved else value)
            if field == "percent":
                self._show_detail()

    # ----- evidence -----------------------------------------------------------------------------
    def choose_evidence_files(self) -> None:

        names, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", str(self.context.output_folder()),
                                                "常见材料 (*.pdf *.doc *.docx *.xls *.xlsx *.jpg *.jpeg *.png *.wps *.et *.ofd *.zip);;所有文件 (*)")
        if names:
            self.attach_files([Path(n) for n in names])

    def attach_files(self, paths: list[Path]) -> None:
        entry = self.detail.entry
        if entry is None or self.read_only:
            return
        ctx = self.context
        task_id, unit_id, period_id = entry["task_id"], entry["unit_id"], entry["period_id"]

        ctx.run(edits.attach_evidence, task_id, unit_id, period_id, paths)

    def open_evidence(self, evidence_id: int) -> None:
        try:
            path = evidence_store.export_evidence_to_temp(self.context.ledger, evidence_id)
        except LedgerError as exc:
            self.context.show_error(str(exc), "无法打开")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.context.show_error(f"没有找到能打开 {path.name} 的程序。文件已另存在：{path}", "无法打开")

    def remove_evidence(self, evidence_id: int) -> None:
        name = next((self.detail.evidence.item(i).text() for i in range(self.detail.evidence.count())
                     if self.detail.evidence.item(i).data(Qt.ItemDataRole.UserRole) == evidence_id), "该文件")
        answer = QMessageBox.question(self, "删除佐证材料", f"确定要从台账中删除佐证材料“{name}”吗？"
                                      "删错了可以用“编辑 → 撤销”恢复。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        from ui.admin import require_admin

        if not require_admin(self.context, self, reason="删除佐证材料需要管理员权限。"):
            return
        self.context.run(edits.remove_evidence, evidence_id)

