"""表格收发 · 收发情况: per unit, for the window's 报告期, the form issued (when, which file), the return received
(when, verdict), what it reported (已报齐 / 已报·无变化 / 未报全 / 未填报) and what to check; the clerk prints or
exports one unit's 填报核对单, and confirms rows a unit sent back unchanged once she has checked with it.
The data come from db.returns_status; the files from reports.returns_checklist. No SQL here."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from db.entry_flags import SAME_LABEL
from db.ops import edits
from db.errors import LedgerError
from db.returns_status import NOT_ISSUED, NOT_RETURNED, returns_status, unit_checklist_sheet
from db.ops.changes import RETURNS
from ui.context import ALL, PERIODS, PLAN, PROGRESS, UNITS

COLUMNS = ("单位", "填报情况", "表格下发", "报表收回", "结论")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
WARN, MISSING = QColor("#9a6700"), QColor("#b00020")


class ReturnsStatusView(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.statuses = []
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("returnsStatusSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("returnsStatusTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.detail = QLabel()
        self.detail.setObjectName("returnsStatusDetail")
        self.detail.setWordWrap(True)
        buttons.addWidget(self.detail, 1)
        self.confirm_button = QPushButton("确认与上期相同…")
        self.confirm_button.setObjectName("confirmUnchanged")
        self.confirm_button.setToolTip(f"已与该单位核实：{SAME_LABEL}的各项确无新进展，按已报计")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.print_button = QPushButton("打印核对单…")
        self.print_button.setObjectName("printChecklist")
        self.print_button.clicked.connect(self.print_checklist)
        self.export_button = QPushButton("导出核对单…")
        self.export_button.setObjectName("exportChecklist")
        self.export_button.clicked.connect(self.export_checklist)
        for button in (self.confirm_button, self.print_button, self.export_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        context.changed.connect(self.on_changed)
        context.period_changed.connect(lambda _period: self.isVisible() and self.refresh())
        self._update_buttons()

    # ----- loading --------------------------------------------------------------------------------------
    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, PERIODS, PROGRESS, RETURNS, UNITS} and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        ctx = self.context
        selected = self.selected_unit_id()
        if ctx.plan_id is None or ctx.period_id is None:
            self.statuses = []
        else:
            self.statuses = returns_status(ctx.ledger, ctx.plan_id, ctx.period_id)
        self.table.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            cells = (status.label, status.state, status.issued_text.replace("　", "\n"),
                     status.returned_text.replace("　", "\n"),
                     status.verdict.replace("；", "\n") if status.returned_at else "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(status.name if column == 0 else text.replace("\n", "  "))
                item.setData(ID_ROLE, status.unit_id)
                if text in (NOT_ISSUED, NOT_RETURNED, "未填报", "未报全"):
                    item.setForeground(MISSING)
                elif status.unchanged and column in (1, 4):
                    item.setForeground(WARN)
                self.table.setItem(row, column, item)
        for column in range(len(COLUMNS) - 1):   # the last one (结论) takes the rest of the width
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()
        issued = sum(1 for s in self.statuses if s.issued_at)
        back = sum(1 for s in self.statuses if s.returned_at)
        unchanged = sum(1 for s in self.statuses if s.unchanged)
        self.summary.setText(f"应报单位 {len(self.statuses)} 个：已下发 {issued} 个，已收回 {back} 个"
                             + (f"，{unchanged} 个单位有{SAME_LABEL}的内容待核实" if unchanged else "")
                             + "。选中一个单位可打印或导出它的填报核对单。")
        if selected is not None:
            self.select_unit(selected)
        self._update_buttons()

    # ----- selection ------------------------------------------------------------------------------------
    def selected_unit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(ID_ROLE)) if item else None

    def select_unit(self, unit_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(ID_ROLE) == unit_id:
                self.table.selectRow(row)
                return

    def selected_status(self):
        unit_id = self.selected_unit_id()
        return next((s for s in self.statuses if s.unit_id == unit_id), None)

    def _update_buttons(self) -> None:
        status = self.selected_status()
        for button in (self.print_button, self.export_button):
            button.setEnabled(status is not None)
        self.confirm_button.setEnabled(bool(status and status.unchanged and not self.context.ledger.read_only))
        if status and status.unchanged:
            items = "；".join(f"第{r['number'] or '—'}项 {r['title']}" for r in status.unchanged)
            self.detail.setText(f"请核实（{SAME_LABEL}）：{items}")
        else:
            self.detail.setText("")

    # ----- actions --------------------------------------------------------------------------------------
    def confirm_selected(self) -> None:
        status = self.selected_status()
        if status is None or not status.unchanged:
            return
        answer = QMessageBox.question(
            self, "确认与上期相同", f"已与“{status.name}”核实，以下{len(status.unchanged)}项本期确无新进展、"
            f"沿用上期内容吗？\n" + "\n".join(f"第{r['number']}项 {r['title']}" for r in status.unchanged),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        tasks = [r["task_id"] for r in status.unchanged]
        self.context.run(edits.confirm_unchanged, status.unit_id, self.context.period_id, tasks)
        self.refresh()

    def _sheet_title(self, status) -> str:
        ctx = self.context
        from db.periods import period_by_id

        return unit_checklist_sheet(ctx.ledger, ctx.plan_id, period_by_id(ctx.ledger, ctx.period_id),
                                    status.unit_id).title

    def write_checklist(self, out: Path) -> Path | None:
        """Write the selected unit's checklist (.pdf or .xlsx); None (and the reason shown) when it cannot."""
        from reports.returns_checklist import write_unit_checklist

        status = self.selected_status()
        if status is None:
            return None
        ctx = self.context
        try:
            return write_unit_checklist(ctx.ledger, ctx.plan_id, ctx.period_id, status.unit_id, out)
        except LedgerError as exc:
            ctx.show_error(str(exc), "无法生成核对单")
            return None

    def export_checklist(self) -> None:
        status = self.selected_status()
        if status is None:
            return
        suggested = self.context.output_folder() / f"{self._sheet_title(status)}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "导出填报核对单", str(suggested),
                                              "PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)")
        if not path:
            return
        written = self.write_checklist(Path(path))
        if written is not None:
            self.context.message.emit(f"已导出填报核对单：{written}")

    def print_checklist(self) -> None:
        from ui.pages.reports_page import choose_printer

        status = self.selected_status()
        if status is None:
            return
        printer = choose_printer(self, self._sheet_title(status), "打印填报核对单")
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer) -> int:
        """Write the checklist as a PDF in a temporary folder and paint it onto `printer`; returns the pages."""
        import tempfile

        from PySide6.QtPdf import QPdfDocument

        from ui.pages.reports_page import print_pdf

        with tempfile.TemporaryDirectory() as folder:
            written = self.write_checklist(Path(folder) / "核对单.pdf")
            if written is None:
                return 0
            document = QPdfDocument(self)
            document.load(str(written))
            try:
                pages = print_pdf(document, printer)
            except LedgerError as exc:
                self.context.show_error(str(exc), "无法打印")
                return 0
            finally:
                document.close()
        self.context.message.emit(f"已送打印：填报核对单 {pages} 页。")
        return pages
