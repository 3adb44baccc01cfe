"""填报上级模板: review how the city's (or province's) template maps onto the ledger, correct it, remember it, fill.

The flow (`fill_upward_template`): pick the template → it is read on a worker (reports.template_mapping.map_template)
→ this dialog shows each sheet's rows and columns beside the proposed ledger task / target / field with its score;
unmatched rows are marked and left empty unless the clerk picks one → 记住映射并填报 saves the mapping (one
operation of the core) → a save dialog → the copy is filled on a worker (reports.template_fill.fill_template) for
the window's current period. No SQL here.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog, QHeaderView, QLabel,
                               QMessageBox, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout,
                               QWidget)

from ui.dialogs.buttons import ok_cancel_buttons

ROW_COLUMNS = ("行", "序号", "模板中的名称", "对应台账中的任务或指标", "匹配度")
COLUMN_COLUMNS = ("列", "模板表头", "填入")
NOT_FILLED = "（不填）"
MATCHED, UNMATCHED, SKIPPED = QColor("#e8f5e9"), QColor("#fdecea"), QColor("#f2f2f2")


class TemplateDialog(QDialog):
    """Rows and columns of the template beside the ledger's tasks, targets and fields; the clerk corrects them."""

    def __init__(self, mapping, candidates, period_name: str, parent: QWidget | None = None):
        from reports.template_detect import FIELD_LABELS
        from reports.template_mapping import KIND_LABELS

        super().__init__(parent)
        self.mapping = mapping
        self.setWindowTitle("填报上级模板")
        self.resize(1180, 680)
        layout = QVBoxLayout(self)
        head = QLabel(f"模板：{mapping.name}    填报报告期：{period_name}")
        head.setStyleSheet("font-weight:bold;")
        layout.addWidget(head)
        self.state = QLabel(self._state_text())
        self.state.setObjectName("templateState")
        self.state.setWordWrap(True)
        self.state.setStyleSheet("color:#1b7f3b;" if mapping.remembered else "color:#b45309;")
        layout.addWidget(self.state)
        # one model of ledger items shared by every row's list (a city plan has thousands of tasks)
        self.targets = QStandardItemModel(self)
        self.targets.appendRow(self._item(NOT_FILLED, None))
        for candidate in candidates:
            number = f" {candidate.number}" if candidate.kind == "task" and candidate.number else ""
            self.targets.appendRow(self._item(f"{KIND_LABELS[candidate.kind]}{number} {candidate.title}",
                                              (candidate.kind, candidate.ref)))
        self.fields = [(NOT_FILLED, None)] + [(label, key) for key, label in FIELD_LABELS.items()]
        self.tabs = QTabWidget()
        self.row_tables: dict[str, QTableWidget] = {}
        self.column_tables: dict[str, QTableWidget] = {}
        for sheet in mapping.sheets:
            self.tabs.addTab(self._sheet_tab(sheet), sheet.name)
        layout.addWidget(self.tabs, 1)
        self.summary = QLabel()
        self.summary.setObjectName("templateSummary")
        layout.addWidget(self.summary)
        buttons = ok_cancel_buttons(self, "记住映射并填报…")
        layout.addWidget(buttons)
        self._update_summary()

    @staticmethod
    def _item(text: str, data) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(data, Qt.ItemDataRole.UserRole)
        return item

    def _state_text(self) -> str:
        if self.mapping.remembered:
            return "这个模板的对应关系已记住，可直接填报；如需调整，改动后会重新记住。"
        if self.mapping.changes:
            return "模板结构有变化，请核对：\n" + "\n".join(f"· {line}" for line in self.mapping.changes)
        return "第一次使用这个模板：请核对每行对应的任务或指标、每列填入的内容（匹配度低于阈值的行不会填写）。"

    @staticmethod
    def _table(name: str, count: int, headers: tuple[str, ...], widths: dict[int, int], stretch: int) -> QTableWidget:
        table = QTableWidget(count, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        return table

    def _sheet_tab(self, sheet) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        rows = self._table(f"rows:{sheet.name}", len(sheet.rows), ROW_COLUMNS, {0: 44, 1: 48, 3: 330, 4: 150}, 2)
        for index, row in enumerate(sheet.rows):
            for column, text in enumerate((str(row.row), row.number, row.title)):
                rows.setItem(index, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setModel(self.targets)
            combo.setCurrentIndex(self._target_index(row.kind, row.ref))
            combo.currentIndexChanged.connect(lambda _i, s=sheet.name, r=index: self._row_changed(s, r))
            rows.setCellWidget(index, 3, combo)
            rows.setItem(index, 4, QTableWidgetItem())
            self._paint_row(rows, index, row)
        self.row_tables[sheet.name] = rows
        columns = self._table(f"columns:{sheet.name}", len(sheet.columns), COLUMN_COLUMNS, {0: 36, 2: 110}, 1)
        for index, column in enumerate(sheet.columns):
            columns.setItem(index, 0, QTableWidgetItem(column.column))
            columns.setItem(index, 1, QTableWidgetItem(column.header))
            combo = QComboBox()
            for label, key in self.fields:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(column.field), 0))
            combo.currentIndexChanged.connect(lambda _i, s=sheet.name, c=index: self._column_changed(s, c))
            columns.setCellWidget(index, 2, combo)
        self.column_tables[sheet.name] = columns
        splitter.addWidget(rows)
        splitter.addWidget(columns)
        splitter.setSizes([760, 380])
        return splitter

    def _target_index(self, kind, ref) -> int:
        if not kind:
            return 0
        for index in range(1, self.targets.rowCount()):
            if self.targets.item(index).data(Qt.ItemDataRole.UserRole) == (kind, ref):
                return index
        return 0

    def _paint_row(self, table: QTableWidget, index: int, row) -> None:
        from reports.template_mapping import REASONS

        score = table.item(index, 4)
        if row.kind:
            score.setText(f"{row.score:.0%}" if row.score < 1 or row.reason != "手工" else "手工指定")
            colour = MATCHED
            tip = f"对应：{row.ledger_title}" if row.ledger_title else ""
        elif row.reason in (REASONS["total"], REASONS["heading"]):
            score.setText(re.split(r"[(（]", row.reason)[0])
            colour, tip = SKIPPED, row.reason
        else:
            score.setText(f"未匹配 {row.score:.0%}" if row.score else "未匹配")
            colour = UNMATCHED
            tip = row.reason + (f"\n最接近：{row.ledger_title}" if row.ledger_title else "")
        for column in (0, 1, 2, 4):
            table.item(index, column).setBackground(colour)
            table.item(index, column).setToolTip(tip)

    def _row_changed(self, sheet_name: str, index: int) -> None:
        sheet = next(s for s in self.mapping.sheets if s.name == sheet_name)
        row = sheet.rows[index]
        table = self.row_tables[sheet_name]
        data = table.cellWidget(index, 3).currentData(Qt.ItemDataRole.UserRole)
        if data:
            row.kind, row.ref = data
            row.score, row.reason = 1.0, "手工"
            row.ledger_title = table.cellWidget(index, 3).currentText().split(" ", 2)[-1]
        else:
            from reports.template_mapping import REASONS

            row.kind, row.ref, row.reason = None, None, REASONS["unmatched"]
        self._paint_row(table, index, row)
        self._update_summary()

    def _column_changed(self, sheet_name: str, index: int) -> None:
        sheet = next(s for s in self.mapping.sheets if s.name == sheet_name)
        sheet.columns[index].field = self.column_tables[sheet_name].cellWidget(index, 2).currentData()
        self._update_summary()

    def _update_summary(self) -> None:
        matched = sum(1 for s in self.mapping.sheets for r in s.rows if r.kind)
        unmatched = len(self.mapping.unmatched)
        fields = sum(1 for s in self.mapping.sheets for c in s.columns if c.field)
        text = f"已对应 {matched} 行、{fields} 列"
        if unmatched:
            text += f"；未匹配 {unmatched} 行（红色，不会填写；如需填写请在列表中选择对应的任务或指标）"
        self.summary.setText(text + "。公式单元格（如合计）保持不变，打开时自动重新计算。")

    def confirmed_mapping(self):
        for sheet in self.mapping.sheets:
            for row in sheet.rows:
                if row.reason == "手工":
                    row.reason = ""
        return self.mapping


# ----- the flow, started from 表格收发 ---------------------------------------------------------------------

def choose_template(parent, folder: Path) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, "选择上级下发的统计表模板", str(folder), "Excel 工作簿 (*.xlsx)")
    return name


def choose_output(parent, suggested: Path) -> str:
    name, _ = QFileDialog.getSaveFileName(parent, "保存填好的模板", str(suggested), "Excel 工作簿 (*.xlsx)")
    return name


class TemplateFill:
    """One run of 填报上级模板 from a page (kept alive by the page while its workers run)."""

    def __init__(self, page, context, folder: Path):
        self.page, self.context, self.folder = page, context, folder
        self.workers: list = []
        self.result = None

    def start(self, template: str | None = None) -> None:
        from db.periods import period_by_id

        context = self.context
        self.period = period_by_id(context.ledger, context.period_id) if context.period_id else None
        if self.period is None:
            QMessageBox.information(self.page, "填报上级模板", "请先在窗口上方选择报告期。")
            return
        template = template or choose_template(self.page, self.folder)
        if not template:
            return
        self.template = Path(template)
        plan_id = context.plan_id

        def job(progress, is_cancelled):
            from reports.template_mapping import ledger_candidates, map_template

            ledger = context.worker_ledger(read_only=True)
            try:
                return map_template(ledger, self.template, plan_id), ledger_candidates(ledger, plan_id)
            finally:
                ledger.close()

        self._run(job, "正在识别模板…", self._review)

    def _run(self, job, label: str, done) -> None:
        from ui.worker import Worker

        worker = Worker(job, label=label, parent=self.page)
        worker.done.connect(done)
        worker.error.connect(self._failed)
        self.workers.append(worker)
        worker.start()

    def _review(self, found) -> None:
        from reports.template_mapping import remember_mapping

        mapping, candidates = found
        self.dialog = TemplateDialog(mapping, candidates, self.period["name"], self.page)
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mapping = self.dialog.confirmed_mapping()
        if self.context.run(remember_mapping, mapping, error_title="无法记住映射") is None:
            return
        from reports.template_fill import filled_file_name

        out = choose_output(self.page, self.folder / filled_file_name(self.template, self.period["name"]))
        if not out:
            return
        if not out.lower().endswith(".xlsx"):
            out += ".xlsx"
        context, period_key, plan_id = self.context, self.period["key"], self.context.plan_id

        def job(progress, is_cancelled):
            from reports.template_fill import fill_template

            ledger = context.worker_ledger(read_only=True)
            try:
                return fill_template(ledger, self.template, period_key, out, mapping=mapping, plan_id=plan_id,
                                     progress=progress, is_cancelled=is_cancelled)
            finally:
                ledger.close()

        self._run(job, "正在填写模板…", self._filled)

    def _filled(self, result) -> None:
        self.result = result
        text = f"已填好上级模板：{result.path}（填写 {result.rows_filled} 行）"
        if result.rows_unmatched:
            text += f"；{len(result.rows_unmatched)} 行未匹配，未填写"
        self.context.message.emit(text)
        self.page.open_folder(Path(result.path).parent)

    def _failed(self, exc) -> None:
        from db.errors import LedgerError
        from reports.xlsx_safety import UnreadableWorkbook

        message = str(exc) if isinstance(exc, (LedgerError, UnreadableWorkbook)) else f"处理模板时出错：{exc}"
        QMessageBox.warning(self.page, "未能填报上级模板", message)
