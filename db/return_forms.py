"""What the Excel return loop keeps in the ledger: forms issued, returns imported, evidence names.

Read views for the form writer and the returns page, and the small write verbs (each audited)
for issuing a form and naming a return's evidence. The return itself is applied by db/returns_apply.py.
"""
from __future__ import annotations

import json
from typing import Any

from db import queries
from db.values import check_text

PROGRESS_ANSWER_FIELDS = ("status", "percent", "progress", "problems", "next_steps")
INDICATOR_ANSWER_FIELDS = ("value", "note")


def form_recipients(ledger, plan_id: int) -> list[dict]:
    """Units that get a form: those answering for a task, then those answering only for targets."""
    units = queries.units_with_tasks(ledger, plan_id)
    seen = {u["id"] for u in units}
    for row in ledger.rows(
            "SELECT DISTINCT u.id, u.name, u.short_name, u.kind, u.contact, u.phone FROM indicators i"
            " JOIN units u ON u.id = i.unit_id WHERE i.plan_id = ? ORDER BY i.position, u.id", (plan_id,)):
        if row["id"] not in seen:
            seen.add(row["id"])
            units.append({**dict(row), "task_count": 0, "lead_count": 0})
    return units


def unit_label(unit: dict) -> str:
    """The name printed in file names: the short name when the unit has one."""
    return (unit.get("short_name") or unit["name"]).strip()


def evidence_names_for(ledger, unit_id: int, period_id: int) -> dict[int, str]:
    """{task_id: evidence names} a unit gave for a period (from returns), else the files stored."""
    names = {r["task_id"]: r["names"] for r in ledger.rows(
        "SELECT task_id, names FROM evidence_names WHERE unit_id = ? AND period_id = ? AND names IS NOT NULL",
        (unit_id, period_id))}
    for row in ledger.rows("SELECT task_id, group_concat(original_name, '、') AS names FROM evidence"
                           " WHERE unit_id = ? AND period_id = ? GROUP BY task_id", (unit_id, period_id)):
        names.setdefault(row["task_id"], row["names"])
    return names


def record_evidence_names(ledger, task_id: int, unit_id: int, period_id: int, names: Any) -> tuple | None:
    """Save the evidence names a unit listed for one entry; returns (old, new) if it changed."""
    clean = check_text(names, field="佐证材料名称", max_length=2000)
    with ledger.transaction():
        old = ledger.scalar("SELECT names FROM evidence_names WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                            (task_id, unit_id, period_id))
        if old == clean:
            return None
        ledger.conn.execute(
            "INSERT INTO evidence_names (task_id, unit_id, period_id, names, updated_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(task_id, unit_id, period_id) DO UPDATE SET names = excluded.names,"
            " updated_at = excluded.updated_at", (task_id, unit_id, period_id, clean, ledger.now()))
        plan_id = ledger.scalar("SELECT plan_id FROM periods WHERE id = ?", (period_id,))
        ledger.audit("填报佐证材料名称", "progress", None, field="evidence_names", old=old, new=clean,
                     plan_id=plan_id, task_id=task_id, unit_id=unit_id, period_id=period_id)
    return old, clean


def period_answers(ledger, unit_id: int, period_id: int) -> tuple[dict[int, dict], dict[int, dict]]:
    """The ledger's current answers of a unit for one period: ({task_id: fields}, {indicator_id: fields})."""
    tasks = {}
    for row in ledger.rows("SELECT * FROM progress WHERE unit_id = ? AND period_id = ?", (unit_id, period_id)):
        tasks[row["task_id"]] = {f: row[f] for f in (*PROGRESS_ANSWER_FIELDS, "filled_by", "phone")}
    for task_id, names in evidence_names_for(ledger, unit_id, period_id).items():
        tasks.setdefault(task_id, {}).update(evidence=names)
    indicators = {}
    for row in ledger.rows("SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                           " WHERE i.unit_id = ? AND v.period_id = ?", (unit_id, period_id)):
        indicators[row["indicator_id"]] = {f: row[f] for f in INDICATOR_ANSWER_FIELDS}
    return tasks, indicators


# ----- issued forms -------------------------------------------------------------------------

def record_issued_form(ledger, *, form_id: str, plan_id: int, unit_id: int, period_id: int, file_name: str,
                       snapshot: dict, base: dict) -> None:
    with ledger.transaction():
        ledger.conn.execute(
            "INSERT INTO issued_forms (form_id, plan_id, unit_id, period_id, file_name, issued_at, issued_by,"
            " snapshot, base) VALUES (?,?,?,?,?,?,?,?,?)",
            (form_id, plan_id, unit_id, period_id, file_name, ledger.now(), ledger.actor,
             json.dumps(snapshot, ensure_ascii=False), json.dumps(base, ensure_ascii=False)))
        ledger.audit("下发填报表", "issued_form", None, new=file_name, plan_id=plan_id, unit_id=unit_id,
                     period_id=period_id)


def issued_form(ledger, form_id: str) -> dict | None:
    row = ledger.row("SELECT * FROM issued_forms WHERE form_id = ?", (form_id,))
    if row is None:
        return None
    item = dict(row)
    item["snapshot"] = json.loads(item["snapshot"])
    item["base"] = json.loads(item["base"])
    return item


def update_form_base(ledger, form_id: str, base: dict) -> None:
    """After a return is applied, later returns of the same form compare against what it brought."""
    ledger.conn.execute("UPDATE issued_forms SET base = ? WHERE form_id = ?",
                        (json.dumps(base, ensure_ascii=False), form_id))


def issued_forms_for_period(ledger, period_id: int) -> list[dict]:
    return [dict(r) for r in ledger.rows(
        "SELECT f.form_id, f.unit_id, u.name AS unit_name, f.file_name, f.issued_at FROM issued_forms f"
        " JOIN units u ON u.id = f.unit_id WHERE f.period_id = ? ORDER BY f.issued_at, f.rowid", (period_id,))]


# ----- imported returns ---------------------------------------------------------------------

def previous_imports(ledger, sha256: str) -> list[dict]:
    return [dict(r) for r in ledger.rows(
        "SELECT * FROM imported_returns WHERE sha256 = ? ORDER BY id", (sha256,))]


def record_imported_return(ledger, **fields) -> int:
    columns = ["at", "actor", *fields]
    values = [ledger.now(), ledger.actor, *fields.values()]
    cursor = ledger.conn.execute(
        f"INSERT INTO imported_returns ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)
    return cursor.lastrowid


def imports_for_period(ledger, period_id: int) -> dict[int, dict]:
    """{unit_id: the latest imported return for the period}."""
    latest = {}
    for row in ledger.rows("SELECT * FROM imported_returns WHERE period_id = ? ORDER BY id", (period_id,)):
        latest[row["unit_id"]] = dict(row)
    return latest
