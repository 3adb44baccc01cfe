"""Lean read views for the summary workbook: streamed rows and tuples, so a period with tens of
thousands of entries is summarised in little memory (the dict-per-row views of db/queries.py hold
the whole history)."""
from __future__ import annotations

from typing import Iterator

from db import queries


def answering_status(ledger, plan_id: int, period_id: int, tasks: list[dict]) -> dict[int, tuple]:
    """{task_id: (status, percent, period_key)}: the task's answering unit's latest status up to the period
    (the same rule as db.queries.task_status, without loading every entry of the plan's history)."""
    answering = {}
    for task in tasks:
        units = queries.answering_units(task)
        if units:
            answering[(task["id"], units[0]["unit_id"])] = task["id"]
    end = ledger.scalar("SELECT end FROM periods WHERE id = ?", (period_id,))
    found: dict[int, tuple] = {}
    cursor = ledger.conn.execute(
        "SELECT p.task_id, p.unit_id, p.status, p.percent, pe.key FROM progress p JOIN periods pe ON pe.id = p.period_id"
        " WHERE pe.plan_id = ? AND pe.end <= ? AND p.status IS NOT NULL ORDER BY pe.end, pe.start DESC",
        (plan_id, end))
    for task_id, unit_id, status, percent, key in cursor:
        if (task_id, unit_id) in answering:
            found[task_id] = (status, percent, key)
    return found


def gathered_texts(ledger, period_id: int) -> dict[int, list[tuple[str, str | None, str | None]]]:
    """{task_id: [(unit label, progress, problems)]} for the period, units in the task's order."""
    result: dict[int, list] = {}
    cursor = ledger.conn.execute(
        "SELECT p.task_id, COALESCE(u.short_name, u.name), p.progress, p.problems FROM progress p"
        " JOIN units u ON u.id = p.unit_id LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id"
        " WHERE p.period_id = ? AND (p.progress IS NOT NULL OR p.problems IS NOT NULL)"
        " ORDER BY p.task_id, tu.position, u.id", (period_id,))
    for task_id, unit, progress, problems in cursor:
        result.setdefault(task_id, []).append((unit, progress, problems))
    return result


DETAIL_COLUMNS = ("number", "title", "unit", "role", "status", "percent", "progress", "problems", "next_steps",
                  "filled_by", "phone", "updated_at")


def period_entries(ledger, period_id: int) -> Iterator[tuple]:
    """Every entry of the period as a tuple in DETAIL_COLUMNS order, in the plan's task order (streamed)."""
    return ledger.conn.execute(
        "SELECT t.number, t.title, u.name, tu.role, p.status, p.percent, p.progress, p.problems, p.next_steps,"
        " p.filled_by, p.phone, p.updated_at FROM progress p JOIN tasks t ON t.id = p.task_id"
        " JOIN units u ON u.id = p.unit_id LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id"
        " WHERE p.period_id = ? ORDER BY t.position, t.id, tu.position, u.id", (period_id,))
