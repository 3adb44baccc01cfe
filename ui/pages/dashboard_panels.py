"""The dashboard's side panels: overdue and at-risk tasks, units' reporting, targets against their paths, 催报."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from db.completeness import unchanged_units
from db.lights import LIGHT_COLOURS, LIGHT_LABELS, RED, YELLOW, TARGET_STATE_LABELS
from db.vocabulary import chinese_date, chinese_date_time
from ui.pages.dashboard_tasks import LIGHT_ICON_PX, light_icon
from ui.widgets.target_bar import TargetBar

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def small_table(name: str, headers: tuple[str, ...], widths: tuple[int, ...], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    if headers[0] == "灯":   # a light column: room for its icon and the longest light word (已完成)
        longest = max(table.fontMetrics().horizontalAdvance(label) for label in LIGHT_LABELS.values())
        table.setIconSize(QSize(LIGHT_ICON_PX, LIGHT_ICON_PX))
        table.setColumnWidth(0, max(widths[0], longest + LIGHT_ICON_PX + 24))
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _item(text, tooltip: str = "", item_id: int | None = None, centre: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if tooltip:
        item.setToolTip(tooltip)
    if item_id is not None:
        item.setData(ID_ROLE, item_id)
    if centre:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class AtRiskPanel(QWidget):
    """Red tasks first, then yellow: what the bureau must chase now. Clicking a row opens the task."""

    task_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = small_table("atRiskTasks", ("灯", "序号", "任务", "原因"), (64, 40, 150, 200), 3)
        self.table.cellClicked.connect(lambda row, _c: self._open(row))
        layout.addWidget(self.table, 1)

    def set_rows(self, rows) -> None:
        risky = sorted((r for r in rows if r.light in (RED, YELLOW)), key=lambda r: (r.light != RED, r.position))
        self.table.setRowCount(len(risky))
        for index, row in enumerate(risky):
            light = _item(LIGHT_LABELS[row.light], row.explanation, row.task_id)
            light.setIcon(light_icon(row.light))
            self.table.setItem(index, 0, light)
            self.table.setItem(index, 1, _item(row.number, row.explanation, centre=True))
            self.table.setItem(index, 2, _item(row.title, row.explanation))
            self.table.setItem(index, 3, _item(row.explanation.split("。")[0].split("：")[0], row.explanation))
        reds = sum(1 for r in risky if r.light == RED)
        self.summary.setText(f"逾期或报告滞后 {reds} 项，临近期限或落后于序时 {len(risky) - reds} 项。点击一行打开该任务。"
                             if risky else "没有逾期或需要预警的任务。")

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.task_activated.emit(int(item.data(ID_ROLE)))


class UnitsPanel(QWidget):
    """Each unit's reporting for the period and its light. Clicking a row opens the unit's page."""

    unit_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = small_table("unitReporting", ("灯", "单位", "已报/应报", "填报情况", "最后填报"),
                                 (64, 160, 66, 92, 100), 1)
        self.table.cellClicked.connect(lambda row, _c: self._open(row))
        layout.addWidget(self.table, 1)

    def set_reports(self, reports, unit_lights: dict, rate: tuple[int, int]) -> None:
        owing = [r for r in reports if r.tasks_owed or r.targets_owed]
        owing.sort(key=lambda r: (r.complete, r.complete_with_news, r.reported_any, r.name))
        self.table.setRowCount(len(owing))
        for index, report in enumerate(owing):
            light = unit_lights.get(report.unit_id)
            first = _item(LIGHT_LABELS[light.light] if light else "—", light.explanation if light else "", report.unit_id)
            if light:
                first.setIcon(light_icon(light.light))
            owed = len(report.tasks_owed) + len(report.targets_owed)
            done = len(report.tasks_reported) + len(report.targets_reported)
            state = report.state
            missing = report.missing_text()
            tip = f"{report.name}：{state}" + (f"，缺{missing}" if missing else "")
            if report.tasks_unchanged:
                numbers = "、".join(t["number"] or t["title"] for t in report.tasks_unchanged)
                tip += f"；任务{numbers}与上期相同（未选“本期无新进展”），请核实"
            self.table.setItem(index, 0, first)
            self.table.setItem(index, 1, _item(report.short_name or report.name, tip))
            self.table.setItem(index, 2, _item(f"{done}/{owed}", tip, centre=True))
            state_item = _item(state, tip, centre=True)
            if not report.complete_with_news:
                state_item.setForeground(Qt.GlobalColor.darkRed if not report.complete else Qt.GlobalColor.darkYellow)
            self.table.setItem(index, 3, state_item)
            self.table.setItem(index, 4, _item(chinese_date(report.last_reported_at), f"最后填报：{chinese_date_time(report.last_reported_at)}；{tip}" if report.last_reported_at else tip))
        complete, total = rate
        unchanged = unchanged_units(reports)
        self.summary.setText(f"已报齐 {complete} 个单位" + (f"，已报·无变化 {unchanged} 个" if unchanged else "")
                             + f" / 应报 {total} 个；点击一行打开该单位的填报页。")

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.unit_activated.emit(int(item.data(ID_ROLE)))


class TargetsPanel(QScrollArea):
    """Targets as bars: filled to the latest actual, a tick where the straight path stands today."""

    target_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("targetBars")
        self.setWidgetResizable(True)
        self._inner = QWidget()
        self._grid = QGridLayout(self._inner)
        self._grid.setColumnStretch(1, 1)
        self._grid.setVerticalSpacing(4)
        self.setWidget(self._inner)
        self.bars: dict[int, TargetBar] = {}

    def set_targets(self, indicators: list[dict], lights: dict) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.bars = {}
        note = QLabel("条形：完成值在基期值到目标值之间的位置；黑色竖线：按序时今天应达的位置。点击打开指标填报。")
        note.setWordWrap(True)
        note.setStyleSheet("color:#5f6368;")
        self._grid.addWidget(note, 0, 0, 1, 2)
        for row, indicator in enumerate(indicators, 1):
            light = lights.get(indicator["id"])
            name = QLabel()
            name.setFixedWidth(190)
            name.setText(name.fontMetrics().elidedText(indicator["name"], Qt.TextElideMode.ElideRight, 186))
            name.setToolTip(indicator["name"])
            bar = TargetBar()
            bar.setObjectName(f"targetBar_{indicator['id']}")
            unit = indicator.get("measure_unit") or ""
            if light is None or light.actual is None:
                text = "尚无数据"
                bar.set_values(None, light.expected_share if light else None, LIGHT_COLOURS["none"], text)
            else:
                text = f"{_fmt(light.actual)}/{_fmt(indicator['target'])}{unit}  {TARGET_STATE_LABELS[light.state]}"
                bar.set_values(light.actual_share, light.expected_share, LIGHT_COLOURS[light.light], text)
            tip = f"{indicator['name']}:{light.explanation if light else ''}"
            name.setToolTip(tip)
            bar.setToolTip(tip)
            bar.clicked.connect(lambda ind=indicator["id"]: self.target_activated.emit(ind))
            self._grid.addWidget(name, row, 0)
            self._grid.addWidget(bar, row, 1)
            self.bars[indicator["id"]] = bar
        self._grid.setRowStretch(len(indicators) + 1, 1)


def _fmt(value) -> str:
    if value is None:
        return "—"
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,.1f}"


class ChasePanel(QWidget):
    """The 催报 list with 打印催报单(PDF)… and 导出Excel…"""

    unit_activated = Signal(int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.items = []
        self.period_key = ""
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = small_table("chaseList", ("单位", "联系人", "联系电话", "未报事项", "逾期"),
                                 (128, 54, 104, 150, 70), 3)
        self.table.setWordWrap(True)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open(row))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton("打印催报单（PDF）…")
        self.pdf_button.setObjectName("chasePdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton("导出Excel…")
        self.xlsx_button.setObjectName("chaseXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        buttons.addStretch(1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        layout.addLayout(buttons)
        self._worker = None

    def set_items(self, items, period: dict) -> None:
        self.items = items
        self.period_key = period["key"]
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            tip = f"{item.unit}：缺{item.missing}"
            self.table.setItem(row, 0, _item(item.unit, tip, item.unit_id))
            self.table.setItem(row, 1, _item(item.contact, tip, centre=True))
            self.table.setItem(row, 2, _item(item.phone, tip, centre=True))
            self.table.setItem(row, 3, _item(item.missing, tip))
            overdue = _item(item.overdue_text, tip, centre=True)
            if item.days_overdue > 0:
                overdue.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(row, 4, overdue)
        self.table.resizeRowsToContents()
        due = period.get("due") or "未设"
        self.summary.setText(f"{period['name']}截止日期 {due}。" + (
            f"{len(items)} 个单位尚未报送或未报全，可打印催报单或导出Excel发给它们。双击一行打开该单位。"
            if items else "各单位均已报齐，无需催报。"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(bool(items))

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.unit_activated.emit(int(item.data(ID_ROLE)))

    def export(self, kind: str) -> None:
        ctx = self.context
        if ctx.plan_id is None or ctx.period_id is None:
            return
        suffix, label = (".pdf", "PDF 文件 (*.pdf)") if kind == "pdf" else (".xlsx", "Excel 工作簿 (*.xlsx)")

        default = str(ctx.output_folder() / f"{self.period_key}_催报单{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "保存催报单", default, label)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        plan_id, period_id = ctx.plan_id, ctx.period_id

        def job(progress, is_cancelled):
            from reports.chase_pdf import write_chase_pdf
            from reports.chase_xlsx import write_chase_xlsx

            ledger = ctx.worker_ledger(read_only=True)
            try:
                if kind == "pdf":
                    return write_chase_pdf(ledger, plan_id, period_id, path, progress=progress,
                                           is_cancelled=is_cancelled)
                return write_chase_xlsx(ledger, plan_id, period_id, path)
            finally:
                ledger.close()

        from ui.worker import Worker

        self._worker = Worker(job, label="正在生成催报单…", parent=self)
        self._worker.done.connect(lambda out: self._saved(str(out)))
        self._worker.error.connect(self._failed)
        self._worker.start()

    def _saved(self, path: str) -> None:
        self.last_saved = path
        self.context.message.emit(f"催报单已保存：{path}")
        QMessageBox.information(self, "催报单已保存", f"催报单已保存到：\n{path}\n\n请用 WPS 或 PDF 阅读器打开后打印。")

    def _failed(self, exc) -> None:
        from db.errors import LedgerError

        text = str(exc) if isinstance(exc, LedgerError) else f"生成催报单时出错：{exc}"
        self.context.show_error(text, "无法保存催报单")
