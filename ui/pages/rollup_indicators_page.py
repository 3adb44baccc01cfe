"""共同指标 (汇总 mode): the indicators several counties share, matched by normalised name and measure unit, one
column per county (latest value / target) and the city total where summing is valid (counts and amounts, not
rates, shares or per-capita figures)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from db.lights import LIGHT_COLOURS
from db.ops.changes import ALL, ROLLUP
from db.periods import parse_period_key
from db.rollup.overview import overview, shared_indicators
from db.rollup.texts import indicator_cell, percent_text, total_text
from db.values import format_number
from ui.models.row_table import CENTER, RIGHT, Column, RowTableModel
from ui.rollup_mode import chosen_period


def _county_column(county_id: int, name: str) -> Column:
    def colour(row: dict) -> str | None:
        value = row["values"].get(county_id)
        return LIGHT_COLOURS.get(value.get("light")) if value and value.get("light") in ("red", "yellow") else None

    return Column(f"county_{county_id}", name, width=110, align=RIGHT,
                  show=lambda row: indicator_cell(row["values"].get(county_id)), colour=colour)


def columns_for(counties: list[tuple[int, str]]) -> list[Column]:
    return [
        Column("name", "指标", width=240), Column("measure_unit", "计量单位", width=64, align=CENTER),
        Column("counties", "县数", width=44, align=RIGHT),
        Column("total", "全市合计", width=90, align=RIGHT), Column("target_total", "目标合计", width=90, align=RIGHT),
        Column("rate", "合计完成率", width=80, align=RIGHT),
        *(_county_column(county_id, name) for county_id, name in counties),
    ]


class RollupIndicatorsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight:bold;font-size:12pt;")
        layout.addWidget(self.heading)
        hint = QLabel("各县数值为“最新值 / 目标值”。指标按名称和计量单位匹配；件数、家数、金额等列出全市合计，"
                      "比率、人均和每万人口类指标不宜加总。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#666;")
        layout.addWidget(hint)
        self.model = RowTableModel(columns_for([]), self, key="match_key")
        self.table = QTableView()
        self.table.setObjectName("cityIndicators")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        period_key = chosen_period(self.context)
        if period_key is None:
            self.heading.setText("共同指标：还没有导入任何县（市、区）的数据包。")
            self.model.set_rows([])
            return
        rows = overview(self.context.ledger, period_key)
        shared = shared_indicators(self.context.ledger, period_key, rows)
        counties = [(row.county_id, row.name) for row in rows if row.reported]
        self.model.beginResetModel()
        self.model.columns = columns_for(counties)
        self.model.rows = [{
            "match_key": item.match_key, "name": item.name, "measure_unit": item.measure_unit or "",
            "counties": len(item.values), "values": item.values, "total": total_text(item),
            "target_total": format_number(item.target_total) if item.summable else "",
            "rate": percent_text(item.total / item.target_total) if item.total is not None and item.target_total
            else ""} for item in shared]
        self.model.endResetModel()
        for index, column in enumerate(self.model.columns):
            self.table.setColumnWidth(index, column.width)
        self.heading.setText(f"共同指标　{parse_period_key(period_key).name}　共{len(shared)}项（至少两个县共有）")

    def on_changed(self, changes) -> None:
        if ROLLUP in changes or ALL in changes:
            self.refresh()
