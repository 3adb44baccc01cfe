"""通报排名 (汇总 mode): counties ranked by timeliness, reporting completeness, red lights and target progress, with
the exports the city sends out: the 通报 as Excel and PDF, the city's summary workbook and its PDF progress report.
Files are written in a worker (ui/worker.py) to a temporary name and moved into place."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from db.ops.changes import ALL, ROLLUP
from db.rollup import rollup_name
from db.rollup.overview import RANKING_RULE, ranking
from db.rollup.texts import RANKING_HEADER, ranking_table
from ui.models.row_table import CENTER, LEFT, RIGHT, Column, RowTableModel
from ui.rollup_mode import chosen_period

ALIGNS = (CENTER, LEFT, CENTER, CENTER, RIGHT, RIGHT, RIGHT, RIGHT)
WIDTHS = (50, 110, 110, 130, 90, 70, 70, 110)
# (button, what it writes, file suffix, filter, function path)
EXPORTS = (
    ("exportBulletinXlsx", "导出通报（Excel）…", "通报", ".xlsx", "Excel 工作簿 (*.xlsx)",
     "reports.rollup_bulletin", "write_bulletin_xlsx"),
    ("exportBulletinPdf", "导出通报（PDF）…", "通报", ".pdf", "PDF 文件 (*.pdf)",
     "reports.rollup_bulletin", "write_bulletin_pdf"),
    ("exportCitySummary", "全市汇总表（Excel）…", "汇总表", ".xlsx", "Excel 工作簿 (*.xlsx)",
     "reports.rollup_report", "write_rollup_workbook"),
    ("exportCityReport", "工作进展情况报告（PDF）…", "工作进展情况报告", ".pdf", "PDF 文件 (*.pdf)",
     "reports.rollup_report", "write_rollup_report_pdf"),
)


class RollupBulletinPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.period_key: str | None = None
        self._workers: list = []
        self.last_written: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight:bold;font-size:12pt;")
        layout.addWidget(self.heading)
        rule = QLabel(RANKING_RULE)
        rule.setWordWrap(True)
        rule.setStyleSheet("color:#666;")
        layout.addWidget(rule)
        columns = [Column(f"c{i}", header, align=align, width=width, show=lambda row, i=i: row["values"][i])
                   for i, (header, align, width) in enumerate(zip(RANKING_HEADER, ALIGNS, WIDTHS))]
        self.model = RowTableModel(columns, self)
        self.table = QTableView()
        self.table.setObjectName("rankingTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for index, width in enumerate(WIDTHS):
            self.table.setColumnWidth(index, width)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, label, *_rest in EXPORTS:
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, n=name: self.export(n))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        from db.periods import parse_period_key

        self.period_key = chosen_period(self.context)
        if self.period_key is None:
            self.heading.setText("通报排名：还没有导入任何县（市、区）的数据包。")
            self.model.set_rows([])
        else:
            ranked = ranking(self.context.ledger, self.period_key)
            self.model.set_rows([{"id": item.row.county_id, "values": values}
                                 for item, values in zip(ranked, ranking_table(ranked))])
            self.heading.setText(f"{rollup_name(self.context.ledger)}各县（市、区）"
                                 f"{parse_period_key(self.period_key).name}通报排名")
        for button in self.buttons.values():
            button.setEnabled(self.period_key is not None)

    def choose_file(self, title: str, suggested: str, file_filter: str) -> str:
        name, _ = QFileDialog.getSaveFileName(self, title, str(self.context.output_folder() / suggested), file_filter)
        return name

    def export(self, name: str) -> None:
        import importlib

        from ui.worker import Worker

        _, label, what, suffix, file_filter, module_name, function_name = next(e for e in EXPORTS if e[0] == name)
        period_key, context = self.period_key, self.context
        if period_key is None:
            return
        target = self.choose_file(label.rstrip("…"), f"{rollup_name(context.ledger)}_{period_key}_{what}{suffix}",
                                  file_filter)
        if not target:
            return
        if not target.lower().endswith(suffix):
            target += suffix
        write = getattr(importlib.import_module(module_name), function_name)

        def job(progress, is_cancelled):
            ledger = context.worker_ledger(read_only=True)
            try:
                if suffix == ".pdf" or function_name == "write_rollup_workbook":
                    return write(ledger, period_key, target, progress=progress, is_cancelled=is_cancelled)
                return write(ledger, period_key, target)
            finally:
                ledger.close()

        worker = Worker(job, label=f"正在生成{what}…", parent=self)
        worker.done.connect(self._written)
        worker.error.connect(self._failed)
        self._workers = [w for w in self._workers if w.running] + [worker]
        worker.start()

    def _written(self, path) -> None:
        self.last_written = Path(path)
        self.context.message.emit(f"已保存：{path}")

    def _failed(self, exc) -> None:
        from db.errors import LedgerError
        from reports.pdf_layout import BuildCancelled

        if isinstance(exc, BuildCancelled):
            self.context.message.emit("已取消，未保存文件。")
            return
        if isinstance(exc, OSError):
            message = (f"无法写入“{exc.filename or '文件'}”。请检查保存的文件夹是否存在、是否有写入权限；"
                       "如果同名文件正在 Excel、WPS 或 PDF 阅读器中打开，请先关闭它再试。")
        else:
            message = str(exc) if isinstance(exc, LedgerError) else f"生成时出错：{exc}"
        QMessageBox.warning(self, "未能完成", message)

    def on_changed(self, changes) -> None:
        if ROLLUP in changes or ALL in changes:
            self.refresh()
