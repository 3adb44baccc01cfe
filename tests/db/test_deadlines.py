"""Task deadlines in every form a plan writes them, resolved to dates with an explanation."""
from datetime import date

import pytest

from db.deadlines import PlanDates, plan_dates, resolve_deadline, resolve_deadline_parts

PHASES = [
    {"id": 1, "name": "启动阶段", "start": date(2024, 1, 1), "end": date(2024, 4, 30)},
    {"id": 2, "name": "实施阶段", "start": date(2024, 5, 1), "end": date(2026, 6, 30)},
    {"id": 3, "name": "总结验收阶段", "start": date(2026, 9, 1), "end": date(2026, 12, 31)},
]
PLAN = PlanDates(date(2024, 1, 1), date(2026, 12, 31), PHASES)


@pytest.mark.parametrize("written, year, due", [
    ("2026年6月30日", 2025, date(2026, 6, 30)),
    ("2026年6月30日前完成", 2025, date(2026, 6, 30)),
    ("2025-03-15", 2025, date(2025, 3, 15)),
    ("2026年6月底前", 2025, date(2026, 6, 30)),
    ("2024年2月底前", 2024, date(2024, 2, 29)),          # leap year
    ("2025年2月底前", 2025, date(2025, 2, 28)),
    ("2028年2月底前", 2028, date(2028, 2, 29)),          # the next leap year
    ("2024年2月29日", 2024, date(2024, 2, 29)),
    ("2025年十二月底前", 2025, date(2025, 12, 31)),
    ("2025年底前", 2024, date(2025, 12, 31)),
    ("2025年上半年", 2025, date(2025, 6, 30)),
    ("2025年下半年", 2025, date(2025, 12, 31)),
    ("2025年第三季度", 2025, date(2025, 9, 30)),
    ("年内完成", 2025, date(2025, 12, 31)),               # the plan year being judged
    ("年内有阶段性成果", 2024, date(2024, 12, 31)),
    ("实施阶段结束前", 2025, date(2026, 6, 30)),
    ("启动阶段完成", 2025, date(2024, 4, 30)),
])
def test_written_deadlines(written, year, due):
    found = resolve_deadline_parts(written, None, PLAN, year)
    assert found.due == due
    assert found.explanation.startswith(f"完成时限“{written}”：")     # shown in tooltips: full-width punctuation
    assert not any(mark in found.explanation for mark in ":,()")


def test_within_year_stays_inside_the_plan():
    """年内完成 judged in a year after the plan ended: the plan's end, and the explanation says so."""
    short_plan = PlanDates(date(2024, 1, 1), date(2026, 6, 30), PHASES)
    found = resolve_deadline_parts("年内完成", None, short_plan, 2027)
    assert found.due == date(2026, 6, 30)
    assert "方案截止于2026年6月30日" in found.explanation
    assert resolve_deadline_parts("年内完成", None, short_plan, 2023).due == date(2024, 12, 31)


def test_within_year_time_starts_in_that_year():
    found = resolve_deadline_parts("年内完成", None, PLAN, 2025)
    assert found.start == date(2025, 1, 1)


def test_ongoing_has_no_deadline():
    found = resolve_deadline_parts("长期坚持", 2, PLAN, 2025)
    assert found.due is None and "长期坚持" in found.explanation and "不设完成日期" in found.explanation


def test_phase_of_the_task_when_nothing_is_written():
    found = resolve_deadline_parts(None, 2, PLAN, 2025)
    assert found.due == date(2026, 6, 30)
    assert found.start == date(2024, 5, 1)
    assert "实施阶段" in found.explanation and "未写明完成时限" in found.explanation


def test_plan_end_when_no_phase_either():
    found = resolve_deadline_parts("", None, PLAN, 2025)
    assert found.due == date(2026, 12, 31) and "方案期末" in found.explanation


def test_unreadable_words_fall_back_and_say_so():
    found = resolve_deadline_parts("视情况而定", 1, PLAN, 2025)
    assert found.due == date(2024, 4, 30)
    assert "“视情况而定”无法识别" in found.explanation


def test_impossible_date_is_reported():
    found = resolve_deadline_parts("2025年2月30日", None, PLAN, 2025)
    assert found.due is None and "不存在" in found.explanation


def test_resolve_deadline_on_the_demo_uses_the_task_phase(demo_ledger):
    from db import queries

    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    dates = plan_dates(demo_ledger, plan_id)
    assert (dates.start, dates.end) == (date(2024, 1, 1), date(2026, 12, 31))
    task = queries.tasks(demo_ledger, plan_id)[3]
    due, why = resolve_deadline(demo_ledger, task)
    assert due == date(2026, 6, 30) and "实施阶段" in why
    demo_ledger.conn.execute("UPDATE tasks SET deadline = '年内完成' WHERE id = ?", (task["id"],))
    task = queries.tasks(demo_ledger, plan_id)[3]
    assert resolve_deadline(demo_ledger, task, 2025)[0] == date(2025, 12, 31)
    assert resolve_deadline(demo_ledger, task)[0] == date(2026, 12, 31)   # the clock's year
