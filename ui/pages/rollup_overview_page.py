"""各县(市、区)概览 (汇总 mode): one row per county for the chosen period — reported or not and when, tasks by
status and light, overdue tasks, completeness, each shared indicator's latest value against its target. Clicking a
county shows its own plan, tasks, units and targets as it sent them, read-only (ui/pages/rollup_county_panel.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from db.lights import LIGHT_COLOURS, RED
from db.ops.changes import ALL, ROLLUP
from db.periods import parse_period_key
from db.rollup.overview import overview, shared_indicators
from db.rollup.texts import indicator_cell, percent_text, reported_text
from db.vocabulary import STATUSES, chinese_date
from ui.models.row_table import CENTER, RIGHT, Column, RowTableModel
from ui.rollup_mode import chosen_period

SHOWN_INDICATORS = 6      # the most widely shared indicators get a column each
LATE_COLOUR = "#c0392b"


def _reported_colour(row: dict) -> str | None:
    return None if row["reported"] and not row["days_late"] else LATE_COLOUR


def _count(key: str, sub: str | None = None):
    def show(row: dict):
        if not row["reported"]:
            return ""
        value = row["figures"].get(key)
        return (value or {}).get(sub, 0) if sub else value
    return show


def base_columns() -> list[Column]:
    return [
        Column("name", "县（市、区）", width=90),
        Column("reported_text", "报送情况", width=96, colour=_reported_colour),
        Column("at", "报送日期", width=110, align=CENTER),
        Column("tasks", "任务", width=44, align=RIGHT, show=_count("tasks")),
        *(Column(f"status_{s}", s, width=52, align=RIGHT, show=_count("by_status", s)) for s in STATUSES),
        Column("red", "红灯", width=44, align=RIGHT, show=_count("lights", "red"),
               colour=lambda r: LIGHT_COLOURS[RED] if r["reported"] and r["figures"]["lights"].get("red") else None),
        Column("yellow", "黄灯", width=44, align=RIGHT, show=_count("lights", "yellow")),
        Column("green", "绿灯", width=44, align=RIGHT, show=_count("lights", "green")),
        Column("overdue", "逾期任务", width=96,
               show=lambda r: "、".join(r["figures"].get("overdue_tasks") or []) if r["reported"] else ""),
        Column("completeness", "填报完整率", width=76, align=RIGHT),
    ]


def _indicator_column(index: int, item) -> Column:
    def show(row: dict) -> str:
        return indicator_cell(row["indicators"].get(item.match_key))

    def colour(row: dict) -> str | None:
        value = row["indicators"].get(item.match_key)
        return LIGHT_COLOURS.get(value.get("light")) if value and value.get("light") in ("red", "yellow") else None

    header = f"{item.name}（{item.measure_unit}）" if item.measure_unit else item.name
    return Column(f"indicator_{index}", header, width=max(110, 14 * len(header) + 12), align=RIGHT, show=show,
                  colour=colour,
                  tooltip=lambda row: f"{item.name}：最新值 / 目标值")


class RollupOverviewPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.period_key: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("rollupHeading")
        self.heading.setStyleSheet("font-weight:bold;font-size:12pt;")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("rollupSummary")
        top.addWidget(self.summary)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = RowTableModel(base_columns(), self)
        self.table = QTableView()
        self.table.setObjectName("countyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self.show_county(current.row()))
        splitter.addWidget(self.table)
        from ui.pages.rollup_county_panel import CountyPanel

        self.panel = CountyPanel(context, self)
        splitter.addWidget(self.panel)
        splitter.setSizes([300, 400])
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        self.period_key = chosen_period(self.context)
        ledger = self.context.ledger
        if self.period_key is None:
            self.heading.setText("各县（市、区）概览")
            self.summary.setText("还没有导入任何县（市、区）的数据包。请到“导入数据包”页导入各县报来的 .ipkg 文件。")
            self.model.set_rows([])
            self.panel.show_county(None, None)
            return
        rows = overview(ledger, self.period_key)
        shared = shared_indicators(ledger, self.period_key, rows)[:SHOWN_INDICATORS]
        columns = base_columns() + [_indicator_column(i, item) for i, item in enumerate(shared)]
        if [c.header for c in columns] != [c.header for c in self.model.columns]:
            self.model.beginResetModel()
            self.model.columns = columns
            self.model.rows = []
            self.model.endResetModel()
            for index, column in enumerate(columns):
                self.table.setColumnWidth(index, column.width)
        selected = self.selected_county_id()
        self.model.set_rows([self._row(row) for row in rows])
        reported = [row for row in rows if row.reported]
        late = sum(1 for row in reported if row.days_late)
        self.heading.setText(f"各县（市、区）概览　{parse_period_key(self.period_key).name}")
        self.summary.setText(f"已报送{len(reported)}个 / 共{len(rows)}个，其中逾期{late}个；"
                             f"未报送{len(rows) - len(reported)}个。点选一个县查看其方案和任务（只读）。")
        index = self.model.row_of(selected) if selected is not None else -1
        self.table.selectRow(index if index >= 0 else 0)
        self.show_county(max(index, 0))

    @staticmethod
    def _row(row) -> dict:
        return {"id": row.county_id, "name": row.name, "reported": row.reported, "days_late": row.days_late,
                "reported_text": reported_text(row), "at": chinese_date(row.created_at) if row.reported else "",
                "figures": row.figures, "completeness": percent_text(row.completeness),
                "indicators": {t["match_key"]: {"latest": t["latest"], "target": t["target"], "light": t["light"]}
                               for t in row.targets}}

    def selected_county_id(self) -> int | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row["id"] if row else None

    def select_county(self, name: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row["name"] == name:
                self.table.selectRow(number)
                return
        raise KeyError(name)

    def show_county(self, number: int) -> None:
        row = self.model.row_at(number)
        self.panel.show_county(row["id"] if row else None, self.period_key)

    def on_changed(self, changes) -> None:
        if ROLLUP in changes or ALL in changes:
            self.refresh()
