"""A blank plan, for a plan that arrives on paper and is entered by hand: title, years and reporting periods."""
from __future__ import annotations

from datetime import date

from db.errors import ValidationError
from db.periods import KIND_LABELS, add_period, period_keys_between
from db.plan_edit import PLAN_VALIDATORS


def create_blank_plan(ledger, title: str, *, start_year: int | str, end_year: int | str,
                      period_kind: str = "quarter") -> int:
    """Create an empty plan with its reporting periods (one per quarter/half/year/month of the span) and make it
    the current plan. One transaction; audit rows. Sections, tasks and targets are added afterwards."""
    clean_title = PLAN_VALIDATORS["title"](title)
    first, last = PLAN_VALIDATORS["start_year"](start_year), PLAN_VALIDATORS["end_year"](end_year)
    if first is None or last is None:
        raise ValidationError("请填写方案的起始年份和结束年份，例如 2024 和 2026。", "年份")
    if first > last:
        raise ValidationError(f"起始年份 {first} 晚于结束年份 {last}。请检查年份。", "年份")
    if period_kind not in KIND_LABELS or period_kind == "adhoc":
        raise ValidationError(f"不认识的报告期类型“{period_kind}”。请选择月度、季度、半年或年度。", "报告期")
    with ledger.transaction():
        cursor = ledger.conn.execute(
            "INSERT INTO plans (title, start_year, end_year, is_sample, created_at) VALUES (?, ?, ?, 0, ?)",
            (clean_title, first, last, ledger.now()))
        plan_id = cursor.lastrowid
        ledger.audit("新建方案", "plan", plan_id, plan_id=plan_id, new=clean_title)
        for key in period_keys_between(period_kind, date(first, 1, 1), date(last, 12, 31)):
            add_period(ledger, plan_id, key)
        ledger.set_setting("current_plan_id", str(plan_id))
    return plan_id
