"""Reporting schedules: due rules, generating periods over the plan, ad-hoc periods, due dates."""
from datetime import date

import pytest

from db.errors import ValidationError
from db.periods import add_adhoc_period, get_period, list_periods, set_period_due
from db.schedule import generate_periods, get_schedule, parse_due_rule, reporting_span, set_schedule


def _plan(ledger, **extra):
    from db.plan_store import store_plan

    plan = {"title": "某县知识产权强县建设工作方案(2024-2026年)", "date": "2024-05-31", "start_year": 2024,
            "end_year": 2026, "tasks": [{"number": "1", "title": "任务一", "lead_units": ["县市场监管局"]}],
            "phases": [], **extra}
    return store_plan(ledger, plan)


@pytest.mark.parametrize("rule, start, end, due", [
    ("季后5日内", date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 5)),
    ("期满后10日内", date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 10)),
    ("月后五日内", date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 5)),
    ("期满后1日内", date(2028, 2, 1), date(2028, 2, 28), date(2028, 2, 29)),    # leap day
    ("12月20日", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 20)),
    ("1月15日前", date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 15)),
    ("季末月25日前", date(2025, 4, 1), date(2025, 6, 30), date(2025, 6, 25)),
    ("每季度末月31日前", date(2025, 4, 1), date(2025, 6, 30), date(2025, 6, 30)),
])
def test_due_rules(rule, start, end, due):
    assert parse_due_rule(rule).due_for(start, end) == due


@pytest.mark.parametrize("rule", ["下个月", "2月30日", "季后500日内", ""])
def test_bad_due_rules_explain_the_forms(rule):
    with pytest.raises(ValidationError, match="季后5日内|不存在|0到180"):
        parse_due_rule(rule)


def test_quarterly_schedule_generates_periods_from_the_issue_date(ledger):
    plan_id = _plan(ledger)
    assert get_schedule(ledger, plan_id).stored is False
    assert reporting_span(ledger, plan_id) == (date(2024, 5, 31), date(2026, 12, 31))
    result = generate_periods(ledger, plan_id)
    assert result["created"][0] == "2024Q2" and result["created"][-1] == "2026Q4" and len(result["created"]) == 11
    assert get_period(ledger, plan_id, "2025Q3")["due"] == "2025-10-05"
    assert get_schedule(ledger, plan_id).stored
    assert generate_periods(ledger, plan_id) == {"created": [], "updated": []}   # nothing twice


def test_changing_the_rule_updates_open_periods_only_when_asked(ledger):
    plan_id = _plan(ledger)
    generate_periods(ledger, plan_id)
    set_schedule(ledger, plan_id, "quarter", "季后10日内")
    assert get_period(ledger, plan_id, "2025Q3")["due"] == "2025-10-05"
    result = generate_periods(ledger, plan_id, update_due=True)
    assert "2025Q3" in result["updated"]
    assert get_period(ledger, plan_id, "2025Q3")["due"] == "2025-10-10"


def test_yearly_schedule_with_a_fixed_date(ledger):
    plan_id = _plan(ledger)
    set_schedule(ledger, plan_id, "year", "12月20日")
    generate_periods(ledger, plan_id)
    assert [(p["key"], p["due"]) for p in list_periods(ledger, plan_id)] == [
        ("2024", "2024-12-20"), ("2025", "2025-12-20"), ("2026", "2026-12-20")]


def test_monthly_schedule_covers_leap_february(ledger):
    plan_id = _plan(ledger, date="2024-01-10")
    set_schedule(ledger, plan_id, "month", "期满后1日内")
    generate_periods(ledger, plan_id)
    feb = get_period(ledger, plan_id, "2024-02")
    assert (feb["end"], feb["due"]) == ("2024-02-29", "2024-03-01")
    assert get_period(ledger, plan_id, "2024-01")["due"] == "2024-02-01"
    assert len(list_periods(ledger, plan_id)) == 36   # 2024-01 … 2026-12


def test_schedule_changes_are_audited(ledger):
    plan_id = _plan(ledger)
    set_schedule(ledger, plan_id, "half", "期满后15日内")
    row = ledger.row("SELECT action, new FROM audit WHERE action = '设置填报周期'")
    assert "半年填报" in row["new"] and "期满后15日内" in row["new"]
    with pytest.raises(ValidationError, match="填报周期"):
        set_schedule(ledger, plan_id, "week", "期满后5日内")


def test_plan_without_years_cannot_generate(ledger):
    plan_id = _plan(ledger, title="某县工作方案", start_year=None, end_year=None)
    with pytest.raises(ValidationError, match="起止年份"):
        generate_periods(ledger, plan_id)


def test_adhoc_period_and_due_dates(ledger):
    plan_id = _plan(ledger)
    period_id = add_adhoc_period(ledger, plan_id, "2025年专项督查", "2025-07-15", "2025-08-31", "2025-09-05")
    period = get_period(ledger, plan_id, "2025t1")
    assert (period["id"], period["kind"], period["name"], period["due"]) == (
        period_id, "adhoc", "2025年专项督查", "2025-09-05")
    second = add_adhoc_period(ledger, plan_id, "2025年第二次督查", date(2025, 11, 1), date(2025, 11, 30))
    assert get_period(ledger, plan_id, "2025T2")["due"] == "2025-12-05"
    with pytest.raises(ValidationError, match="早于开始日期"):
        add_adhoc_period(ledger, plan_id, "倒过来", "2025-08-31", "2025-07-15")
    with pytest.raises(ValidationError, match="已有名为"):
        add_adhoc_period(ledger, plan_id, "2025年专项督查", "2025-07-15", "2025-08-31")
    assert set_period_due(ledger, second, "2025-12-10") is True
    assert set_period_due(ledger, second, date(2025, 12, 10)) is False
    assert ledger.row("SELECT old, new FROM audit WHERE action = '修改截止日期'")[:] == ("2025-12-05", "2025-12-10")
    with pytest.raises(ValidationError, match="不是有效日期"):
        set_period_due(ledger, second, "明天")
