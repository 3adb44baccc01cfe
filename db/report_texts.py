"""The clerk's own texts for the PDF reports (存在问题, 下步计划, 主要做法与成效, …), kept in the ledger.

Stored in `report_texts (plan_id, period_key, key, body)`: a progress report's texts belong to its period
(period_key '2025Q3'); the acceptance report's to the plan as a whole (period_key ''). Every change is audited.
"""
from __future__ import annotations

from db.errors import ValidationError
from db.values import check_text

# key → label shown in the window and used as the heading in the report
PROGRESS_TEXT_KEYS = {"problems": "存在问题", "next_steps": "下步计划"}
ACCEPTANCE_TEXT_KEYS = {"practices": "主要做法与成效", "problems": "存在问题", "next_work": "下一步工作"}
ACCEPTANCE_PERIOD_KEY = ""
MAX_TEXT_LENGTH = 20000
_ALL_KEYS = {**PROGRESS_TEXT_KEYS, **ACCEPTANCE_TEXT_KEYS}


def get_report_text(ledger, plan_id: int, key: str, period_key: str = "") -> str:
    """The stored text ('' when none)."""
    row = ledger.row("SELECT body FROM report_texts WHERE plan_id = ? AND period_key = ? AND key = ?",
                     (plan_id, (period_key or "").upper(), key))
    return (row["body"] or "") if row else ""


def get_report_texts(ledger, plan_id: int, period_key: str = "") -> dict[str, str]:
    """{key: body} of every text stored for the plan and period."""
    return {r["key"]: r["body"] or "" for r in ledger.rows(
        "SELECT key, body FROM report_texts WHERE plan_id = ? AND period_key = ?",
        (plan_id, (period_key or "").upper()))}


def set_report_text(ledger, plan_id: int, key: str, body: str | None, period_key: str = "") -> bool:
    """Save one text (empty removes it); returns whether anything changed. One transaction, one audit row."""
    if key not in _ALL_KEYS:
        raise ValidationError(f"不认识的报告段落“{key}”。", "报告内容")
    label = _ALL_KEYS[key]
    clean = check_text(body, field=label, max_length=MAX_TEXT_LENGTH)
    period_key = (period_key or "").upper()
    with ledger.transaction():
        old = get_report_text(ledger, plan_id, key, period_key) or None
        if old == clean:
            return False
        if clean is None:
            ledger.conn.execute("DELETE FROM report_texts WHERE plan_id = ? AND period_key = ? AND key = ?",
                                (plan_id, period_key, key))
        else:
            ledger.conn.execute(
                "INSERT INTO report_texts (plan_id, period_key, key, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(plan_id, period_key, key) DO UPDATE SET body = excluded.body",
                (plan_id, period_key, key, clean))
        period_id = ledger.scalar("SELECT id FROM periods WHERE plan_id = ? AND key = ?", (plan_id, period_key)) \
            if period_key else None
        ledger.audit("修改报告内容", "report_text", None, field=f"{period_key or '验收报告'}：{label}", old=old,
                     new=clean, plan_id=plan_id, period_id=period_id)
    return True
