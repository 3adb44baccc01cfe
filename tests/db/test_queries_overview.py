"""The plan page's per-period overview agrees with the one rule for a task's status (queries.task_status)."""
from __future__ import annotations

from db import queries
from db.progress import record_progress
from tests.db.test_queries_paged import fill_big_plan


def same_as_task_status(ledger, plan_id):
    for period_id in [r[0] for r in ledger.rows("SELECT id FROM periods WHERE plan_id = ?", (plan_id,))]:
        latest = queries.latest_entries(ledger, plan_id, period_id)
        overview = queries.task_period_overview(ledger, plan_id, period_id)
        answers = queries.latest_answering_entries(ledger, plan_id, period_id)   # the summary workbook's reading
        for task in queries.tasks(ledger, plan_id):
            status = queries.task_status(task, latest)
            assert overview[task["id"]]["status"] == status, (period_id, task["id"])
            answering = queries.answering_units(task)[0]
            entry = latest.get((task["id"], answering["unit_id"]))
            expected = (entry["status"], entry["percent"]) if entry else None
            assert answers.get(task["id"]) == expected, (period_id, task["id"])


def test_overview_status_matches_task_status_on_the_demo(demo_ledger):
    same_as_task_status(demo_ledger, 1)


def test_overview_status_matches_on_a_generated_plan_with_gaps(ledger):
    plan_id = fill_big_plan(ledger, tasks=40, units=12, periods=6)
    with ledger.transaction():
        ledger.conn.execute("UPDATE progress SET status = NULL WHERE id % 7 = 0")
    same_as_task_status(ledger, plan_id)


def test_overview_counts_units_reported_in_the_period(demo_ledger):
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
    task_id = demo_ledger.scalar("SELECT tu.task_id FROM task_units tu WHERE NOT EXISTS (SELECT 1 FROM progress p"
                                 " WHERE p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND p.period_id = ?)"
                                 " ORDER BY tu.task_id LIMIT 1", (period_id,))
    before = queries.task_period_overview(demo_ledger, 1, period_id)[task_id]
    expected = demo_ledger.scalar("SELECT COUNT(*) FROM task_units WHERE task_id = ?", (task_id,))
    reported = demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ? AND period_id = ?"
                                  " AND status IS NOT NULL", (task_id, period_id))
    assert (before["reported"], before["expected"]) == (reported, expected) and reported < expected
    silent = next(u for u in before["units"] if not u["status"])
    record_progress(demo_ledger, task_id, silent["unit_id"], period_id, {"status": "已完成", "percent": 100})
    after = queries.task_period_overview(demo_ledger, 1, period_id)[task_id]
    assert after["reported"] == reported + 1
    assert next(u for u in after["units"] if u["unit_id"] == silent["unit_id"])["percent"] == 100
