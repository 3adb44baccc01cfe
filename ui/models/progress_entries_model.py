"""Every progress entry of a plan (all units × periods), filterable by unit and period: a lazy table.

    model = ProgressEntriesModel(ledger, plan_id, unit_id=None, period_id=None)

loads the ids at once (fine for scripts and benchmarks); pass `ledger_factory=context.worker_ledger` to load
them on a worker thread instead, as the window does.
"""
from __future__ import annotations

from db import queries_paged
from db.values import format_number
from db.vocabulary import chinese_date_time
from ui.models.lazy_table import LazyTableModel
from ui.models.row_table import CENTER, Column, RIGHT

ENTRY_COLUMNS = [
    Column("period_name", "报告期", width=110),
    Column("unit_name", "单位", width=150, show=lambda r: r["unit_short"] or r["unit_name"]),
    Column("task_number", "序号", align=CENTER, width=44),
    Column("task_title", "任务", width=220),
    Column("status", "完成状态", align=CENTER, width=72),
    Column("percent", "完成进度", show=lambda r: "" if r["percent"] is None else format_number(r["percent"]) + "%",
           align=RIGHT, width=70),
    Column("progress", "进展情况", width=300),
    Column("filled_by", "填报人", width=70),
    Column("updated_at", "填报时间", width=150, show=lambda r: chinese_date_time(r["updated_at"])),
]
ENTRY_SORT_KEYS = {"period_name": "period", "unit_name": "unit", "task_number": "task", "task_title": "task",
                   "status": "status", "percent": "percent", "updated_at": "updated_at"}


class ProgressEntriesModel(LazyTableModel):
    def __init__(self, ledger, plan_id: int, *, unit_id: int | None = None, period_id: int | None = None,
                 status: str | None = None, ledger_factory=None, page_size: int = 200, load: bool = True,
                 parent=None):
        self.plan_id = plan_id
        self.filters = {"unit_id": unit_id, "period_id": period_id, "status": status}
        super().__init__(ledger, ENTRY_COLUMNS, self._fetch_ids, queries_paged.entries_by_id,
                         sort_keys=ENTRY_SORT_KEYS, page_size=page_size, ledger_factory=ledger_factory,
                         load=load, sort_key="period", parent=parent)

    def _fetch_ids(self, ledger, sort_key, descending):
        # Runs on a worker thread too: reads only values captured now, never widgets.
        return queries_paged.entry_ids(ledger, self.plan_id, sort=sort_key or "period", descending=descending,
                                       **self.filters)

    def count(self) -> int:
        """The number of matching entries straight from the ledger (cheap)."""
        return queries_paged.count_entries(self.ledger, self.plan_id, **self.filters)

    def set_filters(self, *, unit_id: int | None = None, period_id: int | None = None,
                    status: str | None = None) -> None:
        self.filters = {"unit_id": unit_id, "period_id": period_id, "status": status}
        self.reload()
