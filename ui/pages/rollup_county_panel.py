"""One county as it sent its package (read-only): its plan, tasks, units, targets and the packages received."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from db.lights import LIGHT_COLOURS
from db.rollup.overview import county_view
from db.rollup.store import county_name, package_history
from db.periods import period_name_of_key
from db.rollup.texts import package_row_texts
from db.vocabulary import chinese_date
from ui.models.row_table import CENTER, RIGHT, Column, RowTableModel

_light = lambda row: LIGHT_COLOURS.get(row.get("light")) if row.get("light") in ("red", "yellow") else None  # noqa: E731

TASK_COLUMNS = [
    Column("number", "序号", width=44, align=CENTER), Column("title", "重点任务", width=260),
    Column("lead", "牵头单位", width=150), Column("co", "配合单位", width=180),
    Column("status", "完成状态", width=70, align=CENTER), Column("percent", "完成进度", width=64, align=RIGHT),
    Column("light_label", "红绿灯", width=56, align=CENTER, colour=_light,
           tooltip=lambda row: row.get("explanation") or None),
    Column("explanation", "说明", width=320),
]
UNIT_COLUMNS = [
    Column("name", "单位", width=240), Column("short_name", "简称", width=120),
    Column("tasks", "承担任务", width=70, align=RIGHT), Column("roles", "其中牵头", width=70, align=CENTER),
    Column("reported", "本期已填报", width=80, align=RIGHT), Column("contact", "联系人", width=80),
    Column("phone", "联系电话", width=120),
]
TARGET_COLUMNS = [
    Column("name", "指标", width=260), Column("measure_unit", "计量单位", width=70, align=CENTER),
    Column("baseline", "基期值", width=70, align=RIGHT), Column("target", "目标值", width=70, align=RIGHT),
    Column("target_year", "目标年份", width=70, align=CENTER), Column("latest", "最新值", width=80, align=RIGHT),
    Column("latest_period", "报告期", width=110, align=CENTER, show=lambda row: period_name_of_key(row.get("latest_period"))),
    Column("state", "状态", width=90, align=CENTER, colour=_light, tooltip=lambda row: row.get("explanation") or None),
]
HISTORY_COLUMNS = [
    Column("period_name", "报告期", width=110, align=CENTER), Column("created", "生成时间", width=160),
    Column("imported", "导入时间", width=160), Column("state_label", "状态", width=70, align=CENTER),
    Column("file_name", "文件", width=220), Column("sha", "SHA-256（前16位）", width=150),
]


def _view(columns: list[Column], name: str) -> tuple[QTableView, RowTableModel]:
    model = RowTableModel(columns)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(24)
    for index, column in enumerate(columns):
        view.setColumnWidth(index, column.width)
    model.setParent(view)
    return view, model


class CountyPanel(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.county_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.header = QLabel()
        self.header.setObjectName("countyHeader")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tasks_view, self.tasks = _view(TASK_COLUMNS, "countyTasks")
        self.units_view, self.units = _view(UNIT_COLUMNS, "countyUnits")
        self.targets_view, self.targets = _view(TARGET_COLUMNS, "countyTargets")
        self.history_view, self.history = _view(HISTORY_COLUMNS, "countyPackages")
        self.tabs.addTab(self.tasks_view, "重点任务")
        self.tabs.addTab(self.units_view, "责任单位")
        self.tabs.addTab(self.targets_view, "指标")
        self.tabs.addTab(self.history_view, "报送记录")
        layout.addWidget(self.tabs, 1)

    def show_county(self, county_id: int | None, period_key: str | None) -> None:
        self.county_id = county_id
        ledger = self.context.ledger
        data = county_view(ledger, county_id, period_key) if county_id and period_key else None
        history = package_history(ledger, county_id) if county_id else []
        self.history.set_rows([{**package_row_texts(h), "sha": h["sha256"][:16]} for h in history])
        name = county_name(ledger, county_id) if county_id else ""
        if data is None:
            self.header.setText(f"{name}：本期未报送数据包（只读）。" if county_id else "")
            for model in (self.tasks, self.units, self.targets):
                model.set_rows([])
            return
        plan = data.get("plan") or {}
        current = next((h for h in history if h["state"] == "current" and h["period_key"] == period_key), None)
        when = f"数据包生成于{chinese_date(current['created_at'])}" if current else ""
        self.header.setText(f"<b>{escape(name)}</b>　《{escape(plan.get('title') or '')}》"
                            f"{escape(plan.get('doc_number') or '')}　"
                            f"{when}　<span style='color：#666'>以下为该县报来的数据，只读。</span>")
        self.tasks.set_rows(data["tasks"])
        self.units.set_rows(data["units"])
        self.targets.set_rows(data["targets"])
