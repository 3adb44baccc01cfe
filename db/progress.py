"""Progress entries (one per task × unit × period) and indicator values: the clerk's daily writes."""
from __future__ import annotations

from typing import Any

from db.typed_records import ProgressEntry
from db.errors import NotFoundError, PeriodClosedError, ValidationError
from db.values import check_phone, check_status, check_text, parse_measure_value, parse_percent
from db.vocabulary import INDICATOR_FIELD_LABELS, PERIOD_CLOSED, PROGRESS_FIELD_LABELS, PROGRESS_FIELDS

PROGRESS_LIMITS = {"progress": 5000, "problems": 3000, "next_steps": 3000, "filled_by": 40, "phone": 60}


def clean_progress_value(field: str, value: Any) -> Any:
    """Validate one progress field (raises ValidationError naming the field in Chinese)."""
    label = PROGRESS_FIELD_LABELS.get(field)
    if label is None:
        raise ValueError(f"unknown progress field {field!r}")
    if field == "status":
        return check_status(value, field=label)
    if field == "percent":
        return parse_percent(value, field=label)
    if field == "phone":
        return check_phone(value, field=label)
    return check_text(value, field=label, max_length=PROGRESS_LIMITS[field])


def check_period_open(ledger, period_id: int) -> dict:
    row = ledger.row("SELECT id, plan_id, key, name, state FROM periods WHERE id = ?", (period_id,))
    if row is None:
        raise NotFoundError("找不到该报告期。")
    if row["state"] == PERIOD_CLOSED:
        raise PeriodClosedError(f"报告期 {row['name']} 已关闭，其填报内容已锁定，不能修改。如确需修改，请由管理员重新开放该报告期。")
    return dict(row)


def refuse_deleting_locked(ledger, *, task_id: int | None = None, indicator_id: int | None = None) -> None:
    """A task or target whose entries, evidence or values lie in a closed period cannot be deleted (that would
    delete locked data). Raises PeriodClosedError naming the periods."""
    if task_id is not None:
        sql = ("SELECT DISTINCT p.name FROM periods p WHERE p.state = 'closed' AND p.id IN"
               " (SELECT period_id FROM progress WHERE task_id = ? UNION SELECT period_id FROM evidence WHERE task_id = ?)"
               " ORDER BY p.start")
        params, what = (task_id, task_id), "该任务"
    else:
        sql = ("SELECT DISTINCT p.name FROM periods p JOIN indicator_values v ON v.period_id = p.id"
               " WHERE p.state = 'closed' AND v.indicator_id = ? ORDER BY p.start")
        params, what = (indicator_id,), "该指标"
    names = [row[0] for row in ledger.rows(sql, params)]
    if names:
        raise PeriodClosedError(f"{what}在已关闭的报告期（{'、'.join(names[:4])}{'等' if len(names) > 4 else ''}）中有填报内容，"
                                "删除会改动已锁定的数据，不能删除。如确需删除，请由管理员先重新开放这些报告期。")


def check_responsible(ledger, task_id: int, unit_id: int) -> str:
    role = ledger.scalar("SELECT role FROM task_units WHERE task_id = ? AND unit_id = ?", (task_id, unit_id))
    if role is None:
        raise ValidationError("该单位不承担这项任务，不能为它填报进展。请先在方案中把该单位设为牵头或配合单位。", "单位")
    return role


def get_progress(ledger, task_id: int, unit_id: int, period_id: int) -> ProgressEntry | None:
    row = ledger.row("SELECT * FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                     (task_id, unit_id, period_id))
    return ProgressEntry.from_row(row) if row else None


def record_progress(ledger, task_id: int, unit_id: int, period_id: int, changes: dict[str, Any]) -> dict:
    """Validate and save some fields of one progress entry; returns {field: (old, new)} that changed.

    One transaction; one audit row per changed field. Refused for a closed period or a unit that does
    not answer for the task.
    """
    clean = {field: clean_progress_value(field, value) for field, value in changes.items()}
    with ledger.transaction():
        period = check_period_open(ledger, period_id)
        check_responsible(ledger, task_id, unit_id)
        current = get_progress(ledger, task_id, unit_id, period_id)
        old = current or {field: None for field in PROGRESS_FIELDS}
        changed = {f: (old[f], v) for f, v in clean.items() if old[f] != v}
        if not changed:
            return {}
        if current is None:
            columns = ["task_id", "unit_id", "period_id", *changed, "updated_at", "updated_by"]
            values = [task_id, unit_id, period_id, *(new for _, new in changed.values()), ledger.now(), ledger.actor]
            ledger.conn.execute(
                f"INSERT INTO progress ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", values)
        else:
            sets = ", ".join(f"{f} = ?" for f in changed)
            ledger.conn.execute(f"UPDATE progress SET {sets}, updated_at = ?, updated_by = ? WHERE id = ?",
                                [*(new for _, new in changed.values()), ledger.now(), ledger.actor, current["id"]])
        entry_id = ledger.scalar("SELECT id FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                                 (task_id, unit_id, period_id))
        for field, (before, after) in changed.items():
            ledger.audit("填报进展", "progress", entry_id, field=field, old=before, new=after,
                         plan_id=period["plan_id"], task_id=task_id, unit_id=unit_id, period_id=period_id)
    return changed


# ----- indicator values ----------------------------------------------------------------------

def record_indicator_value(ledger, indicator_id: int, period_id: int, *, value: Any = ...,
                           note: Any = ..., unit_id: Any = ...) -> dict:
    """Save the actual value of a target for a period (… means 'leave unchanged')."""
    clean: dict[str, Any] = {}
    if value is not ...:   # checked against the target's measure unit (whole counts, 0–100 rates)
        target = ledger.row("SELECT name, measure_unit FROM indicators WHERE id = ?", (indicator_id,))
        clean["value"] = parse_measure_value(value, target["measure_unit"] if target else None,
                                             name=target["name"] if target else None,
                                             field=INDICATOR_FIELD_LABELS["value"])
    if note is not ...:
        clean["note"] = check_text(note, field="备注", max_length=2000)
    if unit_id is not ...:
        clean["unit_id"] = unit_id
    with ledger.transaction():
        period = check_period_open(ledger, period_id)
        indicator = ledger.row("SELECT id, plan_id FROM indicators WHERE id = ?", (indicator_id,))
        if indicator is None:
            raise NotFoundError("找不到该指标。")
        row = ledger.row("SELECT * FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                         (indicator_id, period_id))
        old = dict(row) if row else {"value": None, "note": None, "unit_id": None}
        changed = {f: (old[f], v) for f, v in clean.items() if old[f] != v}
        if not changed:
            return {}
        if row is None:
            columns = ["indicator_id", "period_id", *changed, "updated_at", "updated_by"]
            values = [indicator_id, period_id, *(n for _, n in changed.values()), ledger.now(), ledger.actor]
            ledger.conn.execute(
                f"INSERT INTO indicator_values ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                values)
        else:
            sets = ", ".join(f"{f} = ?" for f in changed)
            ledger.conn.execute(f"UPDATE indicator_values SET {sets}, updated_at = ?, updated_by = ? WHERE id = ?",
                                [*(n for _, n in changed.values()), ledger.now(), ledger.actor, row["id"]])
        for field, (before, after) in changed.items():
            ledger.audit("填报指标", "indicator_value", indicator_id, field=field, old=before, new=after,
                         plan_id=indicator["plan_id"], period_id=period_id,
                         unit_id=clean.get("unit_id") if field == "unit_id" else None)
    return changed


def latest_indicator_value(ledger, indicator_id: int, up_to_period_end: str | None = None) -> dict | None:
    """The most recent actual value reported for a target (up to a period's end, if given)."""
    sql = ("SELECT v.*, p.key AS period_key, p.end AS period_end FROM indicator_values v"
           " JOIN periods p ON p.id = v.period_id WHERE v.indicator_id = ? AND v.value IS NOT NULL")
    params: list = [indicator_id]
    if up_to_period_end:
        sql += " AND p.end <= ?"
        params.append(up_to_period_end)
    row = ledger.row(sql + " ORDER BY p.end DESC, p.start DESC LIMIT 1", params)
    return dict(row) if row else None
