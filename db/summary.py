"""Where the plan stands for a period (the `status` command and the dashboard's headline figures)."""
from __future__ import annotations

from db import queries
from db.entry_flags import unchanged_entries
from db.lights import DONE, GREEN, RED, YELLOW, period_lights
from db.vocabulary import STATUSES


def status_summary(ledger, plan_id: int, period_id: int) -> dict:
    plan = ledger.row("SELECT title FROM plans WHERE id = ?", (plan_id,))
    period = ledger.row("SELECT key FROM periods WHERE id = ?", (period_id,))
    tasks = queries.tasks(ledger, plan_id)
    latest = queries.latest_reports(ledger, plan_id, period_id)
    this_period = queries.entries_for_period(ledger, plan_id, period_id)
    by_status = {status: 0 for status in STATUSES}
    for task in tasks:
        by_status[queries.task_status(task, latest)] += 1
    expected = [(t["id"], u["unit_id"]) for t in tasks for u in t["units"]]
    units = {unit for _, unit in expected}
    reported = [key for key in expected if (this_period.get(key) or {}).get("status")]
    units_reported = {unit for _, unit in reported}
    unchanged = unchanged_entries(ledger, period_id)
    lights = period_lights(ledger, plan_id, period_id, tasks=tasks, latest=latest)
    counts = lights.counts()
    return {
        "plan": plan["title"],
        "period": period["key"],
        "tasks": len(tasks),
        "by_status": by_status,
        "units": len(units),
        "units_reported": len(units_reported),
        "entries_expected": len(expected),
        "entries_reported": len(reported),
        # Of those, returned exactly as pre-filled from the period before without 本期无新进展 (已报·无变化).
        "entries_unchanged": sum(1 for key in reported if key in unchanged),
        # Task numbers as printed, in document order: past the deadline and not done (db.lights).
        "overdue_tasks": lights.overdue_numbers(),
        # Each task once; a done task counts as green, so red + yellow + green = tasks (by_status has 已完成).
        "lights": {"red": counts[RED], "yellow": counts[YELLOW], "green": counts[GREEN] + counts[DONE]},
    }
