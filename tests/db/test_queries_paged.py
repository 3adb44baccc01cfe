"""Paged reads of every progress entry: counts, filters, SQL sorting, pages by id."""
from __future__ import annotations

import random
import time

import pytest

from db import queries_paged
from db.periods import add_period, period_keys_between
from db.plan_store import store_plan
from db.vocabulary import STATUSES


def fill_big_plan(ledger, *, tasks: int, units: int, periods: int, seed: int = 7) -> int:
    """A plan with `tasks` tasks each linked to 4 of `units` units, `periods` quarters, and an entry for every
    task × linked unit × period (tasks × 4 × periods rows). Returns the plan id."""
    from datetime import date

    rng = random.Random(seed)
    names = [f"测试单位{n:03d}局" for n in range(units)]
    parsed = {"title": "大规模测试方案(2020-2030年)", "tasks": [
        {"number": str(n + 1), "title": f"测试任务{n + 1}", "section": f"({n // 50 + 1})测试章节",
         "lead_units": [names[n % units]], "co_units": [names[(n + k * 7) % units] for k in (1, 2, 3)]}
        for n in range(tasks)]}
    plan_id = store_plan(ledger, parsed)
    keys = period_keys_between("quarter", date(2020, 1, 1), date(2040, 12, 31))[:periods]
    period_ids = [add_period(ledger, plan_id, key) for key in keys]
    links = ledger.rows("SELECT tu.task_id, tu.unit_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
                        " WHERE t.plan_id = ?", (plan_id,))
    rows = [(link[0], link[1], period_id, rng.choice(STATUSES), rng.randint(0, 100), f"进展{link[0]}-{period_id}",
             "2026-01-01 10:00:00", "生成")
            for period_id in period_ids for link in links]
    with ledger.transaction():
        ledger.conn.executemany(
            "INSERT INTO progress (task_id, unit_id, period_id, status, percent, progress, updated_at, updated_by)"
            " VALUES (?,?,?,?,?,?,?,?)", rows)
    return plan_id


def test_counts_and_filters_match_the_demo(demo_ledger):
    plan_id = 1
    total = queries_paged.count_entries(demo_ledger, plan_id)
    assert total == demo_ledger.scalar("SELECT COUNT(*) FROM progress")
    unit_id = demo_ledger.scalar("SELECT id FROM units WHERE name = '市科技局'")
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q2'")
    ids = queries_paged.entry_ids(demo_ledger, plan_id, unit_id=unit_id, period_id=period_id)
    assert len(ids) == queries_paged.count_entries(demo_ledger, plan_id, unit_id=unit_id, period_id=period_id) > 0
    rows = queries_paged.entries_by_id(demo_ledger, ids)
    assert {r["unit_name"] for r in rows.values()} == {"市科技局"}
    assert {r["period_key"] for r in rows.values()} == {"2026Q2"}


def test_sorting_happens_in_sql_and_pages_agree_with_ids(demo_ledger):
    by_unit = queries_paged.entry_ids(demo_ledger, 1, sort="unit")
    rows = queries_paged.entries_by_id(demo_ledger, by_unit)
    names = [rows[i]["unit_name"] for i in by_unit]
    assert names == sorted(names)
    descending = queries_paged.entry_ids(demo_ledger, 1, sort="percent", descending=True)
    percents = [queries_paged.entries_by_id(demo_ledger, [i])[i]["percent"] for i in descending[:30]]
    assert percents == sorted(percents, reverse=True)
    page = queries_paged.entry_page(demo_ledger, 1, 20, 10, sort="unit")
    assert [r["id"] for r in page] == list(by_unit[20:30])
    with pytest.raises(ValueError):
        queries_paged.entry_ids(demo_ledger, 1, sort="no-such-column")


def test_default_order_is_period_then_task(demo_ledger):
    ids = queries_paged.entry_ids(demo_ledger, 1)
    rows = queries_paged.entries_by_id(demo_ledger, ids)
    keys = [rows[i]["period_key"] for i in ids]
    assert keys == sorted(keys)
    assert rows[ids[0]]["period_key"] == "2024Q2"


def test_large_plan_ids_and_pages_are_quick(ledger):
    plan_id = fill_big_plan(ledger, tasks=500, units=60, periods=20)  # 40,000 entries
    started = time.perf_counter()
    assert queries_paged.count_entries(ledger, plan_id) == 40000
    ids = queries_paged.entry_ids(ledger, plan_id, sort="unit")
    assert len(ids) == 40000
    page = queries_paged.entries_by_id(ledger, ids[39800:40000])
    assert len(page) == 200
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"paged reads took {elapsed:.2f} s"
