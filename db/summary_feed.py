"""Lean read views for the summary workbook: streamed rows and tuples, so a period with tens of
thousands of entries is summarised in little memory (the dict-per-row views of db/queries.py hold
the whole history)."""
from __future__ import annotations

from typing import Iterator

from db import queries
from db.deadlines import plan_dates, unwritten_deadline_text


def _tuples(ledger, sql: str, params=()):
    """Streamed plain tuples (cheaper than sqlite3.Row for hundreds of thousands of rows; see Ledger.stream)."""
    return ledger.stream(sql, params)


GATHERED_PROGRESS, GATHERED_PROBLEMS, GATHERED_NEXT_STEPS = 1, 2, 3   # positions in a gathered entry


def gathered_texts(ledger, period_id: int, task_ids: list[int]
                   ) -> dict[int, list[tuple[str, str | None, str | None, str | None]]]:
    """{task_id: [(unit label, progress, problems, next steps)]} for some tasks of the period, units in the task's
    order: every entry of the period, texts or not (a unit that sent only a status has reported). Callers go through
    the tasks in batches, so the whole period's texts are never held at once."""
    result: dict[int, list] = {}
    marks = ", ".join("?" for _ in task_ids)
    cursor = _tuples(ledger,
        "SELECT p.task_id, COALESCE(u.short_name, u.name), p.progress, p.problems, p.next_steps FROM progress p"
        " JOIN units u ON u.id = p.unit_id LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id"
        f" WHERE p.period_id = ? AND p.task_id IN ({marks})"
        " ORDER BY p.task_id, tu.position, u.id", (period_id, *task_ids))
    for task_id, unit, progress, problems, next_steps in cursor:
        result.setdefault(task_id, []).append((unit, progress, problems, next_steps))
    return result


def labelled_texts(gathered: list[tuple], index: int, limit: int = 30000) -> str:
    """One task's texts from all its units, each after its unit's name (【市科技局】…), one line each: how the summary
    workbook and the filled upward templates show several units' progress. `index` is GATHERED_PROGRESS, …"""
    text = "\n".join(f"【{entry[0]}】{entry[index]}" for entry in gathered if entry[index])
    return text if len(text) <= limit else text[:limit] + "…（以下略）"


DETAIL_COLUMNS = ("number", "title", "unit", "role", "status", "percent", "progress", "problems", "next_steps",
                  "filled_by", "phone", "updated_at")


def period_entries(ledger, period_id: int) -> Iterator[tuple]:
    """Every entry of the period as a tuple in DETAIL_COLUMNS order, in the plan's task order (streamed)."""
    return _tuples(ledger,
        "SELECT t.number, t.title, u.name, tu.role, p.status, p.percent, p.progress, p.problems, p.next_steps,"
        " p.filled_by, p.phone, p.updated_at FROM progress p JOIN tasks t ON t.id = p.task_id"
        " JOIN units u ON u.id = p.unit_id LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id"
        " WHERE p.period_id = ? ORDER BY t.position, t.id, tu.position, u.id", (period_id,))


def task_rows(ledger, plan_id: int) -> list[tuple]:
    """Tasks in document order (the order of db.queries.tasks) as small tuples:
    (task_id, number, section heading, title, deadline as shown (db.deadlines.shown_deadline), lead names,
    other names)."""
    section_order, headings = {}, {}
    for index, section in enumerate(queries.sections(ledger, plan_id)):
        section_order[section["id"]], headings[section["id"]] = index, section["heading"]
    units: dict[int, list[tuple[str, str]]] = {}
    for task_id, role, name in _tuples(ledger,
            "SELECT tu.task_id, tu.role, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id"
            " JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ? ORDER BY tu.task_id, tu.position", (plan_id,)):
        units.setdefault(task_id, []).append((role, name))
    rows = []
    plan = plan_dates(ledger, plan_id)
    for task_id, number, section_id, title, deadline, phase_id, position in _tuples(ledger,
            "SELECT id, number, section_id, title, deadline, phase_id, position FROM tasks WHERE plan_id = ?",
            (plan_id,)):
        links = units.get(task_id, [])
        # As on the plan page and in the PDF reports: the leads, else the responsible units; then the others.
        leads = [n for r, n in links if r == "lead"] or [n for r, n in links if r == "responsible"]
        others = [n for r, n in links if r == "co"] + [n for r, n in links if r == "responsible" and n not in leads]
        rows.append(((section_order.get(section_id, -1), position, task_id), task_id, number or "",
                     headings.get(section_id, ""), title, unwritten_deadline_text(deadline, phase_id, plan),
                     leads, others))
    rows.sort(key=lambda r: r[0])
    return [r[1:] for r in rows]


def unit_reporting(ledger, plan_id: int, period: dict, targets_due: bool) -> list[dict]:
    """Each unit owing something for the period: tasks owed / reported, targets owed / reported, the latest
    report time and what is missing. The same rules as db.completeness.period_completeness (an entry counts
    when it has a status; targets count only when due), aggregated in SQL for large ledgers."""
    units: dict[int, dict] = {}
    for unit_id, name, short, contact, phone, owed, reported, last in _tuples(ledger,
            "SELECT u.id, u.name, u.short_name, u.contact, u.phone, COUNT(*), SUM(p.status IS NOT NULL),"
            " MAX(CASE WHEN p.status IS NOT NULL THEN p.updated_at END)"
            " FROM task_units tu JOIN tasks t ON t.id = tu.task_id JOIN units u ON u.id = tu.unit_id"
            " LEFT JOIN progress p ON p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND p.period_id = ?"
            " WHERE t.plan_id = ? GROUP BY u.id ORDER BY MIN(t.position), u.id", (period["id"], plan_id)):
        units[unit_id] = {"unit_id": unit_id, "name": name, "short_name": short, "contact": contact, "phone": phone,
                          "tasks_owed": owed, "tasks_reported": reported or 0, "targets_owed": 0,
                          "targets_reported": 0, "last_reported_at": last, "missing": []}
    for unit_id, number in _tuples(ledger,
            "SELECT tu.unit_id, t.number FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
            " LEFT JOIN progress p ON p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND p.period_id = ?"
            " WHERE t.plan_id = ? AND p.status IS NULL ORDER BY t.position, t.id", (period["id"], plan_id)):
        units[unit_id]["missing"].append(f"第{number}项" if number else "未编号任务")
    if targets_due:
        for unit_id, name, short, contact, phone, indicator, value_at in _tuples(ledger,
                "SELECT u.id, u.name, u.short_name, u.contact, u.phone, i.name, v.updated_at FROM indicators i"
                " JOIN units u ON u.id = i.unit_id LEFT JOIN indicator_values v ON v.indicator_id = i.id"
                " AND v.period_id = ? AND v.value IS NOT NULL WHERE i.plan_id = ? ORDER BY i.position, i.id",
                (period["id"], plan_id)):
            unit = units.setdefault(unit_id, {
                "unit_id": unit_id, "name": name, "short_name": short, "contact": contact, "phone": phone,
                "tasks_owed": 0, "tasks_reported": 0, "targets_owed": 0, "targets_reported": 0,
                "last_reported_at": None, "missing": []})
            unit["targets_owed"] += 1
            if value_at is not None:
                unit["targets_reported"] += 1
                if unit["last_reported_at"] is None or value_at > unit["last_reported_at"]:
                    unit["last_reported_at"] = value_at
            else:
                unit["missing"].append(indicator)
    return list(units.values())
