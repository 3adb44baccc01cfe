"""How a returned form answered a task row: 与上期相同 (returned as pre-filled, not new progress) or 本期无新进展.

A row a unit sent back exactly as the form pre-filled it from an earlier period, without choosing 本期无新进展, is
imported (the unit did send it) but marked 'same': completeness counts it as 已报·无变化, the dashboard, `status`
(`entries_unchanged`) and the summary workbook show it apart from new progress, and the 表格收发 page asks the clerk
to check it (请核实：与上期相同). The mark keeps a copy of the entry's answer: it holds only while the entry still
says exactly that, so any later edit (in the window or by a new return) ends it without a trigger, and undo restores
both together.
"""
from __future__ import annotations

from typing import Iterable

SAME, NO_NEWS = "same", "no_news"
SAME_LABEL = "已报·无变化"
SAME_NOTICE = "请核实：与上期相同"
NO_NEWS_LABEL = "本期无新进展"
_ANSWER = ("status", "percent", "progress", "problems", "next_steps")
_HOLDS = " AND ".join(f"p.{name} IS f.{name}" for name in _ANSWER)


def mark_returned_rows(ledger, unit_id: int, period_id: int, file_name: str, *, same: Iterable[int] = (),
                       no_news: Iterable[int] = ()) -> None:
    """Remember, inside the caller's transaction, which task rows of one return were sent back unchanged ('same')
    or with 本期无新进展 ('no_news'); a new mark replaces the entry's earlier one. Call after the entries are written."""
    for kind, task_ids in ((SAME, same), (NO_NEWS, no_news)):
        for task_id in task_ids:
            ledger.conn.execute(
                "INSERT INTO entry_flags (task_id, unit_id, period_id, kind, file_name, at, status, percent, progress,"
                " problems, next_steps) SELECT task_id, unit_id, period_id, ?, ?, ?, status, percent, progress,"
                " problems, next_steps FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?"
                " ON CONFLICT (task_id, unit_id, period_id) DO UPDATE SET kind = excluded.kind,"
                " file_name = excluded.file_name, at = excluded.at, status = excluded.status,"
                " percent = excluded.percent, progress = excluded.progress, problems = excluded.problems,"
                " next_steps = excluded.next_steps",
                (kind, file_name, ledger.now(), task_id, unit_id, period_id))


def flagged_entries(ledger, period_id: int, kind: str = SAME) -> set[tuple[int, int]]:
    """{(task_id, unit_id)} of the period's entries that still carry a mark of that kind (still say what the return
    said)."""
    return {(r[0], r[1]) for r in ledger.rows(
        "SELECT f.task_id, f.unit_id FROM entry_flags f JOIN progress p ON p.task_id = f.task_id"
        " AND p.unit_id = f.unit_id AND p.period_id = f.period_id"
        f" WHERE f.period_id = ? AND f.kind = ? AND {_HOLDS}", (period_id, kind))}


def unchanged_entries(ledger, period_id: int) -> set[tuple[int, int]]:
    """{(task_id, unit_id)} returned as pre-filled from an earlier period and not edited since (已报·无变化)."""
    return flagged_entries(ledger, period_id, SAME)


def unchanged_rows_for_unit(ledger, unit_id: int, period_id: int) -> list[dict]:
    """The unit's rows still 已报·无变化 for the period, in the plan's order: task number, title, file, when."""
    return [dict(r) for r in ledger.rows(
        "SELECT t.id AS task_id, t.number, t.title, f.file_name, f.at FROM entry_flags f"
        " JOIN progress p ON p.task_id = f.task_id AND p.unit_id = f.unit_id AND p.period_id = f.period_id"
        " JOIN tasks t ON t.id = f.task_id"
        f" WHERE f.unit_id = ? AND f.period_id = ? AND f.kind = 'same' AND {_HOLDS} ORDER BY t.position, t.id",
        (unit_id, period_id))]


def confirm_unchanged(ledger, task_id: int, unit_id: int, period_id: int) -> bool:
    """The clerk checked with the unit that last period's words stand: the entry counts as reported (the mark is
    dropped; the audit names it). Returns whether there was a mark."""
    with ledger.transaction():
        row = ledger.row("SELECT id FROM entry_flags WHERE task_id = ? AND unit_id = ? AND period_id = ?"
                         " AND kind = 'same'", (task_id, unit_id, period_id))
        if row is None:
            return False
        ledger.conn.execute("UPDATE entry_flags SET kind = 'no_news' WHERE id = ?", (row["id"],))
        plan_id = ledger.scalar("SELECT plan_id FROM periods WHERE id = ?", (period_id,))
        ledger.audit("核实无变化", "entry_flag", row["id"], old=SAME_LABEL, new=NO_NEWS_LABEL, plan_id=plan_id,
                     task_id=task_id, unit_id=unit_id, period_id=period_id)
    return True
