"""The bureau's review of each unit's return (已审核 / 退回 with a reason), and closing and reopening periods.

Closing a period locks its entries, evidence and indicator values against edits and imports
(db.progress.check_period_open refuses them). Reopening needs a reason (the window also asks for
the administrator password); the reason is kept in the audit trail and shown on reports made from
that period (`period_reopen_notes`).
"""
from __future__ import annotations

from db.errors import NotFoundError, PeriodClosedError, ValidationError
from db.periods import set_period_state
from db.vocabulary import PERIOD_CLOSED, PERIOD_OPEN
from db.progress import check_period_open
from db.values import check_text
from db.admin import admin_only

REVIEWED, RETURNED = "reviewed", "returned"
REVIEW_LABELS = {REVIEWED: "已审核", RETURNED: "退回"}
REOPEN_ACTION = "重新开放报告期"
REOPEN_REASON_ACTION = "重新开放原因"


def _unit_name(ledger, unit_id: int) -> str:
    name = ledger.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
    if name is None:
        raise NotFoundError("找不到该单位。")
    return name


def review_return(ledger, unit_id: int, period_id: int, state: str, reason: str | None = None) -> int:
    """Mark a unit's return for a period 已审核 (REVIEWED) or 退回 (RETURNED, reason required)."""
    if state not in REVIEW_LABELS:
        raise ValidationError("审核结果只能是“已审核”或“退回”。", "审核结果")
    reason = check_text(reason, field="退回原因", max_length=500)
    if state == RETURNED and not reason:
        raise ValidationError("退回时请写明原因，单位会在下次的填报表上看到它。", "退回原因")
    with ledger.transaction():
        period = check_period_open(ledger, period_id)
        _unit_name(ledger, unit_id)
        previous = latest_review(ledger, unit_id, period_id)
        cursor = ledger.conn.execute(
            "INSERT INTO return_reviews (unit_id, period_id, state, reason, at, actor) VALUES (?,?,?,?,?,?)",
            (unit_id, period_id, state, reason, ledger.now(), ledger.actor))
        review_id = cursor.lastrowid
        ledger.audit("审核填报" if state == REVIEWED else "退回填报", "return_review", review_id,
                     field="review", old=REVIEW_LABELS[previous["state"]] if previous else None,
                     new=REVIEW_LABELS[state] + (f":{reason}" if reason else ""),
                     plan_id=period["plan_id"], unit_id=unit_id, period_id=period_id)
    return review_id


def latest_review(ledger, unit_id: int, period_id: int) -> dict | None:
    row = ledger.row("SELECT * FROM return_reviews WHERE unit_id = ? AND period_id = ? ORDER BY id DESC LIMIT 1",
                     (unit_id, period_id))
    if row is None:
        return None
    review = dict(row)
    review["label"] = REVIEW_LABELS[review["state"]]
    return review


def review_history(ledger, unit_id: int, period_id: int) -> list[dict]:
    return [dict(r, label=REVIEW_LABELS[r["state"]]) for r in ledger.rows(
        "SELECT * FROM return_reviews WHERE unit_id = ? AND period_id = ? ORDER BY id", (unit_id, period_id))]


def reviews_for_period(ledger, period_id: int) -> dict[int, dict]:
    """{unit_id: latest review} for every unit reviewed in the period."""
    found: dict[int, dict] = {}
    for row in ledger.rows("SELECT * FROM return_reviews WHERE period_id = ? ORDER BY id", (period_id,)):
        found[row["unit_id"]] = dict(row, label=REVIEW_LABELS[row["state"]])
    return found


def return_notes_for_form(ledger, unit_id: int, period_id: int) -> list[dict]:
    """Send-back reasons a unit should see on its next form: periods up to this one (same plan) whose
    latest review is 退回. [{period_id, period_name, reason, at, actor}], oldest first."""
    period = ledger.row("SELECT plan_id, end FROM periods WHERE id = ?", (period_id,))
    if period is None:
        raise NotFoundError("找不到该报告期。")
    notes = []
    for row in ledger.rows(
            "SELECT r.*, p.name AS period_name FROM return_reviews r JOIN periods p ON p.id = r.period_id"
            " WHERE r.unit_id = ? AND p.plan_id = ? AND p.end <= ?"
            " AND r.id = (SELECT MAX(id) FROM return_reviews x WHERE x.unit_id = r.unit_id"
            "             AND x.period_id = r.period_id)"
            " ORDER BY p.end, p.start", (unit_id, period["plan_id"], period["end"])):
        if row["state"] == RETURNED:
            notes.append({"period_id": row["period_id"], "period_name": row["period_name"],
                          "reason": row["reason"], "at": row["at"], "actor": row["actor"]})
    return notes


# ----- closing and reopening periods ----------------------------------------------------------

@admin_only("关闭报告期")
def close_period(ledger, period_id: int) -> None:
    """Lock the period's entries, evidence and indicator values (the window asks for the administrator)."""
    set_period_state(ledger, period_id, PERIOD_CLOSED)


@admin_only("重新开放报告期")
def reopen_period(ledger, period_id: int, reason: str) -> None:
    """Reopen a closed period; the reason is kept in the audit and shown on reports of that period."""
    reason = check_text(reason, field="重新开放原因", max_length=500)
    if not reason:
        raise ValidationError("重新开放报告期必须写明原因，它会记入修改记录并显示在该期的报告上。", "重新开放原因")
    with ledger.transaction():
        row = ledger.row("SELECT plan_id, state, name FROM periods WHERE id = ?", (period_id,))
        if row is None:
            raise NotFoundError("找不到该报告期。")
        if row["state"] != PERIOD_CLOSED:
            raise PeriodClosedError(f"报告期 {row['name']} 并未关闭，无需重新开放。")
        set_period_state(ledger, period_id, PERIOD_OPEN)
        ledger.audit(REOPEN_REASON_ACTION, "period", period_id, field="reason", new=reason,
                     plan_id=row["plan_id"], period_id=period_id)


def period_reopen_notes(ledger, period_id: int) -> list[dict]:
    """Every reopening of a period: [{at, actor, reason}], oldest first (for reports of that period)."""
    return [dict(r) for r in ledger.rows(
        "SELECT at, actor, new AS reason FROM audit WHERE action = ? AND entity = 'period' AND entity_id = ?"
        " ORDER BY id", (REOPEN_REASON_ACTION, period_id))]
