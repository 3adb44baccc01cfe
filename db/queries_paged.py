"""Paged reads of big tables for lazy views: every progress entry of a plan (all units × periods).

A lazy view asks once for the count or the ordered ids (filtering and sorting happen here, in SQL, on the
indexed columns), then fetches the rows it shows a page at a time by id.
"""
from __future__ import annotations

from array import array

# Sort keys the views offer: the first column decides, the rest keep the order stable.
ENTRY_SORTS = {
    "period": "pe.start {d}, t.position, tu_position, p.unit_id, p.id",
    "unit": "u.name {d}, pe.start, t.position, p.id",
    "task": "t.position {d}, pe.start, p.unit_id, p.id",
    "status": "p.status {d}, pe.start, t.position, p.id",
    "percent": "p.percent {d}, pe.start, t.position, p.id",
    "updated_at": "p.updated_at {d}, p.id",
}

_FROM = (" FROM progress p JOIN tasks t ON t.id = p.task_id JOIN periods pe ON pe.id = p.period_id"
         " JOIN units u ON u.id = p.unit_id")

ENTRY_FIELDS = ("p.id, pe.key AS period_key, pe.name AS period_name, u.name AS unit_name, u.short_name AS unit_short,"
                " t.number AS task_number, t.title AS task_title, p.task_id, p.unit_id, p.period_id, p.status,"
                " p.percent, p.progress, p.problems, p.next_steps, p.filled_by, p.phone, p.updated_at, p.updated_by")


def _where(plan_id: int, unit_id: int | None, period_id: int | None, status: str | None) -> tuple[str, list]:
    clauses, params = ["t.plan_id = ?"], [plan_id]
    if unit_id is not None:
        clauses.append("p.unit_id = ?")
        params.append(unit_id)
    if period_id is not None:
        clauses.append("p.period_id = ?")
        params.append(period_id)
    if status:
        clauses.append("p.status = ?")
        params.append(status)
    return " WHERE " + " AND ".join(clauses), params


def _order(sort: str, descending: bool) -> str:
    if sort not in ENTRY_SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose one of {sorted(ENTRY_SORTS)}")
    return " ORDER BY " + ENTRY_SORTS[sort].format(d="DESC" if descending else "ASC")


def _needs_link_position(sort: str) -> str:
    if "tu_position" in ENTRY_SORTS.get(sort, ""):
        return (", COALESCE((SELECT tu.position FROM task_units tu WHERE tu.task_id = p.task_id"
                " AND tu.unit_id = p.unit_id), 999) AS tu_position")
    return ""


def count_entries(ledger, plan_id: int, *, unit_id: int | None = None, period_id: int | None = None,
                  status: str | None = None) -> int:
    where, params = _where(plan_id, unit_id, period_id, status)
    return int(ledger.scalar("SELECT COUNT(*) FROM progress p JOIN tasks t ON t.id = p.task_id" + where, params))


def entry_ids(ledger, plan_id: int, *, unit_id: int | None = None, period_id: int | None = None,
              status: str | None = None, sort: str = "period", descending: bool = False) -> array:
    """The ids of the matching entries in display order (a compact array: 8 bytes per row)."""
    where, params = _where(plan_id, unit_id, period_id, status)
    sql = "SELECT p.id" + _needs_link_position(sort) + _FROM + where + _order(sort, descending)
    ids = array("q")
    cursor = ledger.conn.execute(sql, params)
    while True:
        chunk = cursor.fetchmany(20000)
        if not chunk:
            break
        ids.extend(row[0] for row in chunk)
    return ids


def entry_page(ledger, plan_id: int, offset: int, limit: int, *, unit_id: int | None = None,
               period_id: int | None = None, status: str | None = None, sort: str = "period",
               descending: bool = False) -> list[dict]:
    """One page of entries by position (for callers that do not keep the ids)."""
    where, params = _where(plan_id, unit_id, period_id, status)
    sql = ("SELECT " + ENTRY_FIELDS + _needs_link_position(sort) + _FROM + where + _order(sort, descending)
           + " LIMIT ? OFFSET ?")
    return [dict(r) for r in ledger.rows(sql, [*params, int(limit), int(offset)])]


def entries_by_id(ledger, ids) -> dict[int, dict]:
    """The display rows of some entries, {id: row}; ids that no longer exist are left out."""
    ids = [int(i) for i in ids]
    result: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in ledger.rows("SELECT " + ENTRY_FIELDS + _FROM + f" WHERE p.id IN ({marks})", chunk):
            result[row["id"]] = dict(row)
    return result
