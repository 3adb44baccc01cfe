"""表格收发: issue the fill-in forms, take the returns back, export the summary workbook.

(a) 下发填报表: pick a period and units → a folder → the forms are written in a worker → the folder opens.
(b) 接收报表: drop many files (or 选择文件…) → each is checked in a worker → a list with verdict, unit,
    period and counts; the details pane shows errors (sheet/row/column) and conflicts with both values and
    a per-conflict choice → 接受 applies the selected file (one transaction per file).
(c) 导出汇总表…: the summary workbook sent upward.
No SQL here: reading goes through db/ functions, writing through the return-loop verbs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from db.periods import is_open, list_periods, period_by_id, period_label
from db.return_forms import form_recipients, unit_label
from reports.return_verdicts import DECISION_WORDS, VERDICT_WORDS
from ui.periods_dialog import NO_PERIODS_HINT
from ui.widgets.file_drop import FileDropMixin

VERDICT_LABELS = VERDICT_WORDS   # the same words as the command line (reports/return_verdicts.py)
FILE_COLUMNS = ("文件", "结论", "单位", "报告期", "新增", "修改", "与上期相同", "无变化", "冲突", "错误")
COUNT_COLUMN = FILE_COLUMNS.index("新增")   # this column and the ones after it hold counts
CONFLICT_COLUMNS = ("位置", "项目", "栏目", "台账中的值", "报表中的值", "处理")
KEEP_LABEL, TAKE_LABEL = DECISION_WORDS["keep"], DECISION_WORDS["take"]


@dataclass
class ReturnFile:
    path: Path
    report: object | None = None             # reports.returns_reader.ReturnReport
    target_period: str | None = None
    decisions: dict[str, str] = field(default_factory=dict)


class ReturnsPage(FileDropMixin, QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.files: list[ReturnFile] = []
        self._workers: list = []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel("表格收发")
        heading.setStyleSheet("font-size:15pt;font-weight:bold;")
        top.addWidget(heading)
        top.addStretch(1)
        self.summary_button = QPushButton("导出汇总表…")
        self.summary_button.setObjectName("exportSummary")
        self.summary_button.clicked.connect(self.export_summary)
        top.addWidget(self.summary_button)
        self.template_button = QPushButton("填报上级模板…")
        self.template_button.setObjectName("fillUpwardTemplate")
        self.template_button.setToolTip("用台账数据填写市里（省里）下发的统计表模板：第一次核对对应关系，以后直接填报")
        self.template_button.clicked.connect(lambda: self.fill_upward_template())
        top.addWidget(self.template_button)
        self.package_button = QPushButton("生成上报数据包…")
        self.package_button.setObjectName("exportPackage")
        self.package_button.setToolTip("把本期方案、进展和指标数据生成已签名的数据包，发送给市里（省里）汇总")
        self.package_button.clicked.connect(self.export_package)
        top.addWidget(self.package_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_issue_tab(), "下发填报表")
        self.tabs.addTab(self._build_receive_tab(), "接收报表")
        from ui.pages.returns_status_view import ReturnsStatusView

        self.status_view = ReturnsStatusView(context)   # per unit: issued, returned, verdict; its checklist
        self.tabs.addTab(self.status_view, "收发情况")
        layout.addWidget(self.tabs, 1)

    # ----- (a) issue ---------------------------------------------------------------------------
    def _build_issue_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel("报告期："))
        # one period selector: the forms are for the window's 报告期 (top right); the page only names it
        self.issue_period = QLabel()
        self.issue_period.setObjectName("issuePeriod")
        self.issue_period.setToolTip("报告期在窗口顶部的“报告期”中选择。")
        row.addWidget(self.issue_period)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel("勾选要下发的单位，点“生成填报表…”选择保存的文件夹。每个单位一个Excel文件，"
                      "已预填上期填报内容；单位只能在黄色单元格中填写。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.select_all = QCheckBox("全选")
        self.select_all.setTristate(False)
        self.select_all.clicked.connect(self._select_all_clicked)
        layout.addWidget(self.select_all)
        self.unit_list = QListWidget()
        self.unit_list.setObjectName("issueUnits")
        self.unit_list.itemChanged.connect(self._unit_checked)
        layout.addWidget(self.unit_list, 1)
        buttons = QHBoxLayout()
        self.issue_status = QLabel("")
        buttons.addWidget(self.issue_status, 1)
        self.issue_button = QPushButton("生成填报表…")
        self.issue_button.setObjectName("issueForms")
        self.issue_button.clicked.connect(self.issue_forms)
        buttons.addWidget(self.issue_button)
        layout.addLayout(buttons)
        return tab

    def _select_all_clicked(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.unit_list.blockSignals(True)
        for index in range(self.unit_list.count()):
            self.unit_list.item(index).setCheckState(state)
        self.unit_list.blockSignals(False)
        self._unit_checked()

    def _unit_checked(self, *_):
        ids = self.checked_unit_ids()
        self.select_all.blockSignals(True)
        self.select_all.setChecked(bool(ids) and len(ids) == self.unit_list.count())
        self.select_all.blockSignals(False)
        self.issue_button.setEnabled(bool(ids))
        self.issue_status.setText(f"已选择 {len(ids)} / {self.unit_list.count()} 个单位")

    def checked_unit_ids(self) -> list[int]:
        return [self.unit_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.unit_list.count())
                if self.unit_list.item(i).checkState() == Qt.CheckState.Checked]

    def choose_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "选择保存填报表的文件夹", str(self._start_folder()))

    def _start_folder(self) -> Path:

        return self.context.output_folder()

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def issue_forms(self) -> None:
        from reports.form_writer import export_forms
        from ui.worker import Worker

        period = period_by_id(self.context.ledger, self.context.period_id) if self.context.period_id else None
        period_key = period["key"] if period else None
        unit_ids = self.checked_unit_ids()
        if not period_key or not unit_ids:   # say why nothing happens
            QMessageBox.information(self, "生成填报表", NO_PERIODS_HINT if not period_key else "请至少勾选一个单位。")
            return
        folder = self.choose_folder()
        if not folder:
            return
        context = self.context
        plan_id = context.plan_id

        def job(progress, is_cancelled):
            ledger = context.worker_ledger()
            try:
                return export_forms(ledger, period_key, folder, unit_ids=unit_ids, plan_id=plan_id,
                                    progress=progress, is_cancelled=is_cancelled)
            finally:
                ledger.close()

        worker = Worker(job, label="正在生成填报表…", parent=self)
        worker.done.connect(lambda files: self._issued(Path(folder), files, len(unit_ids)))
        worker.error.connect(self._failed)
        self._keep(worker).start()

    def _issued(self, folder: Path, files: list, wanted: int) -> None:
        text = f"已生成 {len(files)} 个填报表，保存在 {folder}"
        if len(files) < wanted:
            text += f"（已取消，其余 {wanted - len(files)} 个未生成）"
        self.issue_status.setText(text)
        self.context.message.emit(text)
        self.open_folder(folder)

    # ----- (b) receive ---------------------------------------------------------------------------
    def _build_receive_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.drop_hint = QLabel("把各单位报回的Excel文件拖到这里（可一次拖入多个），或")
        row.addWidget(self.drop_hint)
        pick = QPushButton("选择文件…")
        pick.setObjectName("pickReturns")
        pick.clicked.connect(self.pick_files)
        row.addWidget(pick)
        row.addStretch(1)
        clear = QPushButton("清空列表")
        clear.clicked.connect(self.clear_files)
        row.addWidget(clear)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.file_table = QTableWidget(0, len(FILE_COLUMNS))
        self.file_table.setObjectName("returnFiles")
        self.file_table.setHorizontalHeaderLabels(FILE_COLUMNS)
        self.file_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.file_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.file_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.file_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.file_table.itemSelectionChanged.connect(self._show_details)
        splitter.addWidget(self.file_table)
        details = QWidget()
        box = QVBoxLayout(details)
        box.setContentsMargins(0, 0, 0, 0)
        target = QHBoxLayout()
        target.addWidget(QLabel("填报内容导入到报告期："))
        self.target_period = QComboBox()
        self.target_period.setObjectName("targetPeriod")
        self.target_period.setMinimumWidth(180)
        self.target_period.activated.connect(self._target_chosen)
        target.addWidget(self.target_period)
        target.addStretch(1)
        self.accept_button = QPushButton("接受所选文件")
        self.accept_button.setObjectName("acceptReturn")
        self.accept_button.clicked.connect(self.accept_selected)
        target.addWidget(self.accept_button)
        self.accept_all_button = QPushButton("接受全部可导入的文件")
        self.accept_all_button.clicked.connect(self.accept_all)
        target.addWidget(self.accept_all_button)
        box.addLayout(target)
        self.details = QTextBrowser()
        self.details.setObjectName("returnDetails")
        box.addWidget(self.details, 1)
        self.conflict_box = QGroupBox("冲突：台账在表格下发后被修改，与报表不一致。请逐项选择保留哪个值")
        conflict_layout = QVBoxLayout(self.conflict_box)
        self.conflict_table = QTableWidget(0, len(CONFLICT_COLUMNS))
        self.conflict_table.setObjectName("conflicts")
        self.conflict_table.setHorizontalHeaderLabels(CONFLICT_COLUMNS)
        self.conflict_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        conflict_layout.addWidget(self.conflict_table)
        box.addWidget(self.conflict_box, 1)
        splitter.addWidget(details)
        splitter.setSizes([260, 340])
        layout.addWidget(splitter, 1)
        self._update_buttons()
        return tab

    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择报回的填报表", str(self._start_folder()),
                                                "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        if names:
            self.add_files([Path(n) for n in names])

    def accept_dropped(self, paths: list[Path]) -> None:   # files dropped on the page (ui/widgets/file_drop.py)
        self.add_files(paths)

    def clear_files(self) -> None:
        self.files.clear()
        self._fill_table()
        self._show_details()

    def add_files(self, paths: list[Path]) -> None:
        """Add files to the list and check each one in a worker (nothing is written)."""
        self.tabs.setCurrentIndex(1)
        known = {f.path.resolve() for f in self.files}
        added = []
        for path in paths:
            if path.resolve() in known:
                continue
            known.add(path.resolve())
            item = ReturnFile(path)
            self.files.append(item)
            added.append(item)
        self._fill_table()
        if added:
            self._examine(added)

    def _examine(self, items: list[ReturnFile]) -> None:
        from reports.returns_reader import examine_return
        from ui.worker import Worker

        context = self.context
        plan_id = context.plan_id
        jobs = [(item.path, item.target_period) for item in items]

        def job(progress, is_cancelled):
            ledger = context.worker_ledger(read_only=True)
            results = []
            try:
                for index, (path, target) in enumerate(jobs):
                    if is_cancelled():
                        break
                    results.append(examine_return(ledger, path, target_period=target, plan_id=plan_id))
                    progress(index + 1, len(jobs))
            finally:
                ledger.close()
            return results

        worker = Worker(job, label="正在检查报回的表格…", parent=self)
        worker.done.connect(lambda results: self._examined(items, results))
        worker.error.connect(self._failed)
        self._keep(worker).start()

    def _examined(self, items: list[ReturnFile], results: list) -> None:
        for item, report in zip(items, results):
            item.report = report
            if report.period and item.target_period is None:
                item.target_period = report.period
        for item in items[len(results):]:  # cancelled before these were checked
            if item in self.files:
                self.files.remove(item)
        self._fill_table()
        if self.file_table.currentRow() < 0 and self.files:
            self.file_table.selectRow(0)
        self._show_details()

    def _fill_table(self) -> None:
        current = self.file_table.currentRow()
        self.file_table.setRowCount(len(self.files))
        for row, item in enumerate(self.files):
            report = item.report
            values = [item.path.name, VERDICT_LABELS["checking"]] + [""] * (len(FILE_COLUMNS) - 2)
            if report is not None:
                counts = report.to_json(item.decisions)
                values = [item.path.name, VERDICT_LABELS.get(self.verdict(item), report.verdict), report.unit or "",
                          self.period_name(report.period), str(counts.get("rows_new", "")), str(counts.get("rows_changed", "")),
                          str(counts.get("rows_same_as_previous", "")),   # 请核实: returned as pre-filled (db.entry_flags)
                          str(counts.get("rows_unchanged", "")),
                          str(len(counts["conflicts"])) if "conflicts" in counts else "",
                          str(len(report.errors))]
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column >= COUNT_COLUMN:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 1 and report is not None and report.verdict == "refused":
                    cell.setForeground(Qt.GlobalColor.red)
                self.file_table.setItem(row, column, cell)
        if 0 <= current < len(self.files):
            self.file_table.selectRow(current)
        self._update_buttons()

    def period_name(self, key: str | None) -> str:
        """A period as the clerk reads it everywhere else in the window (2026年第3季度, not 2026Q3)."""
        if not key:
            return ""
        if self.context.plan_id is not None:
            for period in list_periods(self.context.ledger, self.context.plan_id):
                if period["key"] == key:
                    return period["name"]
        return key

    @staticmethod
    def verdict(item: ReturnFile) -> str:
        """The file's verdict with the clerk's conflict choices so far."""
        report = item.report
        if report is None:
            return "checking"
        if report.verdict in ("applied", "refused") or report.analysis is None:
            return report.verdict
        return "would-apply" if report.analysis.has_changes(item.decisions) else "unchanged"

    def selected_file(self) -> ReturnFile | None:
        row = self.file_table.currentRow()
        return self.files[row] if 0 <= row < len(self.files) else None

    def _show_details(self) -> None:
        item = self.selected_file()
        self.conflict_table.setRowCount(0)
        self.target_period.clear()
        if item is None or item.report is None:
            self.details.setPlainText("" if item is None else "正在检查…")
            self.conflict_box.setVisible(False)
            self._update_buttons()
            return
        report = item.report
        lines = [f"文件：{report.file}", f"结论：{VERDICT_LABELS.get(self.verdict(item), report.verdict)}"]
        if report.unit:
            lines.append(f"单位：{report.unit}    报告期：{self.period_name(report.period)}")
        if report.form_period and report.period and report.form_period != report.period:
            lines.append(f"注意：这是{self.period_name(report.form_period)}下发的表格，"
                         f"填报内容将导入到{self.period_name(report.period)}。")
        if report.previously_imported:
            first = report.previously_imported[-1]
            lines.append(f"此文件已于 {first['at']} 导入过。")
        if report.analysis is not None and not report.refused:
            counts = report.analysis.counts(item.decisions)
            from reports.returns_reader import describe_counts

            lines.append(describe_counts(counts))
        if report.notices and not report.refused:
            lines.append("")
            lines.append("请核实（照填报内容导入，不影响导入）：")
            lines.extend(f"  {line}" for line in report.notice_lines())
        if report.errors:
            lines.append("")
            lines.append("问题（已拒绝导入，未作任何改动）：" if report.refused else "问题：")
            lines.extend(f"  {line}" for line in report.error_lines())
        self.details.setPlainText("\n".join(lines))
        self._fill_periods(item)
        conflicts = report.analysis.conflicts if report.analysis is not None and not report.refused else []
        self.conflict_box.setVisible(bool(conflicts))
        self.conflict_table.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            shown = conflict.to_json(item.decisions)
            for column, value in enumerate([f"{conflict.sheet} 第{conflict.row}行", conflict.label, conflict.column,
                                            str(shown["ledger"]), str(shown["return"])]):
                self.conflict_table.setItem(row, column, QTableWidgetItem(value))
            choice = QComboBox()
            choice.addItem(KEEP_LABEL, "keep")
            choice.addItem(TAKE_LABEL, "take")
            choice.setCurrentIndex(1 if item.decisions.get(conflict.key) == "take" else 0)
            choice.currentIndexChanged.connect(
                lambda _i, key=conflict.key, box=choice: self._decide(key, box.currentData()))
            self.conflict_table.setCellWidget(row, 5, choice)
        self.conflict_table.resizeColumnsToContents()
        self._update_buttons()

    def _fill_periods(self, item: ReturnFile) -> None:
        if self.context.plan_id is None or item.report.refused and not item.report.period:
            return
        for period in list_periods(self.context.ledger, self.context.plan_id):
            if is_open(period) or period["key"] == item.target_period:
                self.target_period.addItem(period["name"], period["key"])
        index = self.target_period.findData(item.target_period)
        self.target_period.setCurrentIndex(max(index, 0))

    def _target_chosen(self, _index: int) -> None:
        item = self.selected_file()
        key = self.target_period.currentData()
        if item is None or key is None or key == item.target_period:
            return
        item.target_period, item.report, item.decisions = key, None, {}
        self._fill_table()
        self._examine([item])

    def _decide(self, key: str, decision: str) -> None:
        item = self.selected_file()
        if item is not None:
            item.decisions[key] = decision
            self._fill_table()
            self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected_file()
        self.accept_button.setEnabled(bool(item and self.verdict(item) == "would-apply"))
        self.accept_all_button.setEnabled(any(self.verdict(f) == "would-apply" for f in self.files))

    def accept_selected(self) -> None:
        item = self.selected_file()
        if item is not None and self.verdict(item) == "would-apply":
            self._accept([item])

    def accept_all(self) -> None:
        items = [item for item in self.files if self.verdict(item) == "would-apply"]
        if items:
            self._accept(items)

    def _accept(self, items: list[ReturnFile]) -> None:
        """Import the files through the one road (reports/returns_import.py) on the one writer: a backup first,
        then each file examined again and judged again inside its own transaction against the ledger as it is then."""
        from reports.returns_import import import_returns

        paths = [item.path for item in items]
        decisions = {str(item.path): dict(item.decisions) for item in items}
        targets = {str(item.path): item.target_period for item in items}
        plan_id = self.context.plan_id

        def job(ledger, progress, is_cancelled):
            return import_returns(ledger, paths, target_periods=targets, plan_id=plan_id, decisions=decisions,
                                  progress=progress, is_cancelled=is_cancelled).as_changes()

        self.context.run_long("导入填报表", job, on_done=lambda changes: self._accepted(items, changes.result),
                              error_title="无法导入填报表", parent=self)

    def _accepted(self, items: list[ReturnFile], result) -> None:
        for item, report in zip(items, result.reports):
            item.report = report
        refused = [report for report in result.reports if report.refused]
        if refused:
            lines = []
            for report in refused:
                lines.append(f"{report.file} 未导入，台账未作任何改动：")
                lines.extend(f"  {line}" for line in report.error_lines())
            QMessageBox.warning(self, "未导入", "\n".join(lines))
        self._fill_table()
        self._show_details()

    def export_package(self) -> None:
        """生成上报数据包… (ui/package_export.py): the county's signed package for the city."""
        from ui.package_export import export_package_clicked

        export_package_clicked(self)

    # ----- (c) summary -----------------------------------------------------------------------
    def choose_summary_file(self, suggested: str) -> str:
        name, _ = QFileDialog.getSaveFileName(self, "保存汇总表", str(self._start_folder() / suggested),
                                              "Excel 工作簿 (*.xlsx)")
        return name

    def fill_upward_template(self, template: str | None = None) -> None:
        """填报上级模板… (ui/dialogs/template_dialog.py holds the flow)."""
        from ui.dialogs.template_dialog import TemplateFill

        self.template_fill = TemplateFill(self, self.context, self._start_folder())
        self.template_fill.start(template)

    def export_summary(self) -> None:
        from reports.summary_writer import export_summary, summary_file_name
        from ui.worker import Worker

        context = self.context
        period = next((p for p in list_periods(context.ledger, context.plan_id) if p["id"] == context.period_id),
                      None) if context.plan_id else None
        if period is None:
            QMessageBox.information(self, "导出汇总表", "请先在窗口上方选择报告期。")
            return
        target = self.choose_summary_file(summary_file_name(period["key"]))
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        plan_id = context.plan_id

        def job(progress, is_cancelled):
            ledger = context.worker_ledger(read_only=True)
            try:
                return export_summary(ledger, period["key"], target, plan_id=plan_id, progress=progress,
                                      is_cancelled=is_cancelled)
            finally:
                ledger.close()

        worker = Worker(job, label="正在生成汇总表…", parent=self)
        worker.done.connect(lambda path: self._summary_done(Path(path)))
        worker.error.connect(self._failed)
        self._keep(worker).start()

    def _summary_done(self, path: Path) -> None:
        self.last_summary = path
        self.context.message.emit(f"已生成汇总表：{path}")
        self.open_folder(path.parent)

    # ----- shared ------------------------------------------------------------------------------
    def _keep(self, worker):
        self._workers = [w for w in self._workers if w.running]
        self._workers.append(worker)
        return worker

    def _failed(self, exc) -> None:
        from db.errors import LedgerError

        if isinstance(exc, OSError):   # the system's own text would be English ("Permission denied")
            target = getattr(exc, "filename2", None) or exc.filename   # a rename names its target second
            where = f"“{target}”" if target else "文件"
            message = (f"无法写入{where}。请检查保存的文件夹是否存在、是否有写入权限；"
                       "如果同名文件正在 Excel 或 WPS 中打开，请先关闭它再试。")
        else:
            message = str(exc) if isinstance(exc, LedgerError) else f"处理时出错：{exc}"
        QMessageBox.warning(self, "未能完成", message)

    def refresh(self) -> None:
        context = self.context
        period = period_by_id(context.ledger, context.period_id) if context.period_id else None
        self.issue_period.setText(f"{period_label(period)}（在窗口顶部选择）" if period else "（尚无报告期）")
        checked = set(self.checked_unit_ids())
        first_time = self.unit_list.count() == 0
        self.unit_list.blockSignals(True)
        self.unit_list.clear()
        if context.plan_id is not None:
            for unit in form_recipients(context.ledger, context.plan_id):
                text = f"{unit_label(unit)}  （{unit['task_count']} 项任务）" if unit["task_count"] else \
                    f"{unit_label(unit)}  （只填指标）"
                entry = QListWidgetItem(text)
                entry.setToolTip(unit["name"])
                entry.setData(Qt.ItemDataRole.UserRole, unit["id"])
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked if first_time or unit["id"] in checked
                                    else Qt.CheckState.Unchecked)
                self.unit_list.addItem(entry)
        self.unit_list.blockSignals(False)
        self._unit_checked()

    def on_changed(self, kinds) -> None:
        self.refresh()
