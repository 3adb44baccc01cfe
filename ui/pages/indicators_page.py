"""指标填报: each target with its baseline and target beside it; the clerk enters the actual value for the chosen
period (3,500 and ３５００ accepted, 约3500 refused with the reason) and a note. Saves at once, undoable."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from db.errors import LedgerError
from db.periods import is_closed, list_periods
from db.ops import edits
from db.queries import completion_rate, indicators
from db.values import check_text, format_number, parse_measure_value
from ui.context import ALL, INDICATORS, PERIODS, PLAN
from ui.periods_dialog import read_only_banner
from ui.delegates import SpreadsheetTableView, TextDelegate
from ui.models.row_table import RIGHT, Column, RowTableModel
from ui.pages.plan_targets_tabs import target_columns


def _rate(row: dict) -> str:
    rate = completion_rate(row, row.get("latest_value"))
    return "" if rate is None else f"{rate * 100:.1f}%"


def _rate_colour(row: dict) -> str | None:
    rate = completion_rate(row, row.get("latest_value"))
    if rate is None:
        return None
    return "#1b7f3b" if rate >= 1 else "#b35900"


def _latest(row: dict) -> str:
    if row.get("latest_value") is None:
        return ""
    return f"{format_number(row['latest_value'])}（{row.get('latest_period_name') or row['latest_period']}）"


INDICATOR_VALUE_COLUMNS = target_columns() + [
    Column("value", "本期数值", editable=True, align=RIGHT, width=86, show=lambda r: format_number(r.get("value"))),
    Column("note", "备注", editable=True, width=150),
    Column("latest", "最新值（报告期）", align=RIGHT, width=180, show=_latest),
    Column("rate", "完成率", align=RIGHT, width=70, show=_rate, colour=_rate_colour),
]


class IndicatorsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self._period: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("indicatorsHeading")
        self.heading.setStyleSheet("font-weight:bold;")
        top.addWidget(self.heading)
        top.addStretch(1)
        hint = QLabel("在“本期数值”一栏直接填写确切数字（可写 3,500 或全角 ３５００）；说明文字请写在备注里。")
        hint.setStyleSheet("color:#666;")
        top.addWidget(hint)
        layout.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("closedBanner")
        self.banner.setStyleSheet("background:#fff3cd;color:#7a5200;border:1px solid #e0c068;padding:6px;")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.model = RowTableModel(INDICATOR_VALUE_COLUMNS, self)
        self.model.on_edit = self.save_field
        self.table = SpreadsheetTableView()
        self.table.setObjectName("indicatorsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        delegate = TextDelegate(self.table)
        self._delegate = delegate
        for key in ("value", "note"):
            self.table.setItemDelegateForColumn(self.model.column_of(key), delegate)
        for number, column in enumerate(INDICATOR_VALUE_COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setSectionResizeMode(self.model.column_of("name"), QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setMinimumSectionSize(28)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        ctx = self.context
        self._period = None
        if ctx.plan_id is not None and ctx.period_id is not None:
            self._period = next((p for p in list_periods(ctx.ledger, ctx.plan_id) if p["id"] == ctx.period_id), None)
        # Without a period the plan's targets are still listed (read-only), so the page never looks empty.
        rows = indicators(ctx.ledger, ctx.plan_id, ctx.period_id if self._period else None) \
            if ctx.plan_id is not None else []
        for row in rows:
            row["latest"] = row.get("latest_value")
            row["rate"] = None
        self.model.read_only = self.read_only
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        period_name = self._period["name"] if self._period else "（未选择报告期）"
        filled = sum(1 for r in rows if r.get("value") is not None)
        self.heading.setText(f"{period_name}：共 {len(rows)} 项指标，本期已填 {filled} 项")
        banner = read_only_banner(ctx, self._period, "指标数值")
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))

    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, PERIODS, INDICATORS}:
            self.refresh()

    @property
    def read_only(self) -> bool:
        return bool(self._period is None or is_closed(self._period) or self.context.ledger.read_only)

    def save_field(self, row: dict, key: str, value) -> bool:
        """Save the period's value or note of one target; undoable. Refusals show the Chinese message."""
        ctx = self.context
        period_id, indicator_id = ctx.period_id, row["id"]
        try:
            # the rule the forms and import-returns apply: 3500件 for a 件 target, 94% for a % target, whole counts
            clean = (parse_measure_value(value, row.get("measure_unit"), name=row.get("name"), field="本期数值")
                     if key == "value" else check_text(value, field="备注"))
        except LedgerError as exc:
            ctx.show_error(str(exc), "填写有误")
            return False
        old = row.get(key)
        if clean == old:
            return True
        result = ctx.run(edits.record_indicator_value, indicator_id, period_id, **{key: clean})
        return result is not None
