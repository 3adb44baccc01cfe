"""Traffic lights: every rule for tasks, units and targets, judged with an injected clock."""
from datetime import date, datetime

import pytest

from db.deadlines import Deadline, PlanDates
from db.lights import (BEHIND_SCHEDULE_POINTS, DONE, GREEN, NONE, RED, YELLOW, Reported, judge_target, judge_task,
                       judgement_date, period_lights, target_lights, unit_light)
from db.periods import add_period, get_period
from db.progress import record_indicator_value, record_progress
from db.units import create_unit, find_unit

DUE = Deadline(date(2026, 6, 30), "完成时限“2026年6月底前”:按该月月底计,即2026年6月30日", date(2024, 7, 1), "month")


@pytest.mark.parametrize("status, percent, as_of, light, words", [
    ("已完成", 100, date(2026, 8, 1), DONE, "已完成"),
    ("推进中", 90, date(2026, 7, 1), RED, "逾期1天未完成"),
    ("推进中", 90, date(2026, 6, 30), YELLOW, "还有0天"),            # the deadline day itself is not late
    ("推进中", 90, date(2026, 5, 31), YELLOW, "还有30天"),           # within warning_days (30)
    ("推进中", 90, date(2026, 5, 30), GREEN, "按序时推进"),
    ("滞后", 60, date(2025, 7, 1), RED, "滞后"),
    ("推进中", 20, date(2025, 7, 1), YELLOW, "落后于序时"),          # 50% of the time gone, 20% done
    ("推进中", 31, date(2025, 7, 1), GREEN, "序时进度50%"),          # 19 points behind: still green
    ("未启动", None, date(2025, 7, 1), YELLOW, "未填报进度"),
    ("未启动", None, date(2024, 8, 1), GREEN, "按序时推进"),
])
def test_task_rules(status, percent, as_of, light, words):
    found = judge_task(status, percent, DUE, as_of, 30)
    assert found.light == light
    assert words in found.explanation
    assert found.overdue == (light == RED and status != "滞后")


def test_behind_schedule_threshold_is_the_named_constant():
    assert BEHIND_SCHEDULE_POINTS == 20
    assert judge_task("推进中", 29.9, DUE, date(2025, 7, 1)).light == YELLOW


def test_no_deadline_is_green_unless_lagging():
    ongoing = Deadline(None, "完成时限“长期坚持”:长期坚持,不设完成日期", date(2024, 1, 1), "ongoing")
    assert judge_task("推进中", 5, ongoing, date(2030, 1, 1)).light == GREEN
    assert judge_task("滞后", 5, ongoing, date(2030, 1, 1)).light == RED


def _plan(ledger):
    from db.plan_store import store_plan

    plan = {
        "title": "某县知识产权强县建设工作方案(2024-2026年)", "date": "2024-01-05", "start_year": 2024, "end_year": 2026,
        "phases": [{"name": "启动阶段", "start": "2024-01", "end": "2024-02"},
                   {"name": "实施阶段", "start": "2024-03", "end": "2026-06"},
                   {"name": "总结验收阶段", "start": "2026-07", "end": "2026-12"}],
        "tasks": [
            {"number": "1", "title": "年度任务", "deadline": "年内完成", "lead_units": ["县市场监管局"], "co_units": ["县科技局"]},
            {"number": "2", "title": "启动任务", "phase": "启动阶段", "lead_units": ["县市场监管局"]},
            {"number": "3", "title": "实施任务", "phase": "实施阶段", "lead_units": ["县科技局"]},
            {"number": "4", "title": "长期任务", "deadline": "长期坚持", "lead_units": ["县科技局"]},
        ],
        "indicators": [],
    }
    plan_id = store_plan(ledger, plan)
    create_unit(ledger, "县统计局")   # a unit with no tasks
    return plan_id


def test_lights_across_period_boundaries_and_a_leap_day(ledger, clock):
    plan_id = _plan(ledger)
    p2024q1 = add_period(ledger, plan_id, "2024Q1")
    p2024q2 = add_period(ledger, plan_id, "2024Q2")
    lead, science = find_unit(ledger, "县市场监管局"), find_unit(ledger, "县科技局")
    task_ids = [r[0] for r in ledger.rows("SELECT id FROM tasks ORDER BY position")]
    record_progress(ledger, task_ids[1], lead, p2024q1, {"status": "推进中", "percent": 80})

    # 29 February 2024, inside 2024Q1 (not yet ended): judged today. 启动阶段 ended on the 29th: not late yet.
    clock.set(datetime(2024, 2, 29, 17, 0))
    lights = period_lights(ledger, plan_id, p2024q1)
    assert lights.as_of == date(2024, 2, 29)
    assert lights.tasks[task_ids[1]].light == YELLOW and lights.tasks[task_ids[1]].due == date(2024, 2, 29)

    # 1 March 2024: the task is overdue.
    clock.set(datetime(2024, 3, 1, 8, 0))
    lights = period_lights(ledger, plan_id, p2024q1)
    assert lights.tasks[task_ids[1]].light == RED and lights.overdue_numbers() == ["2"]
    assert "逾期1天" in lights.tasks[task_ids[1]].explanation

    # After 2024Q2 has ended, 2024Q1 is history: judged on its last day, 31 March.
    clock.set(datetime(2024, 7, 2, 8, 0))
    assert judgement_date(ledger, plan_id, get_period(ledger, plan_id, "2024Q2")) == date(2024, 7, 2)
    assert judgement_date(ledger, plan_id, get_period(ledger, plan_id, "2024Q1")) == date(2024, 3, 31)

    # 年内完成 is judged against the year of the period: 2024.
    lights = period_lights(ledger, plan_id, p2024q2)
    assert lights.tasks[task_ids[0]].due == date(2024, 12, 31)
    assert lights.tasks[task_ids[3]].light == GREEN and lights.tasks[task_ids[3]].due is None


def test_unit_lights_take_their_worst_task_and_a_unit_without_tasks_has_none(ledger, clock):
    plan_id = _plan(ledger)
    period = add_period(ledger, plan_id, "2025Q2")
    lead, science = find_unit(ledger, "县市场监管局"), find_unit(ledger, "县科技局")
    task_ids = [r[0] for r in ledger.rows("SELECT id FROM tasks ORDER BY position")]
    record_progress(ledger, task_ids[0], lead, period, {"status": "推进中", "percent": 50})
    record_progress(ledger, task_ids[0], science, period, {"status": "滞后", "percent": 10})
    record_progress(ledger, task_ids[1], lead, period, {"status": "已完成", "percent": 100})
    record_progress(ledger, task_ids[2], science, period, {"status": "推进中", "percent": 60})
    clock.set(datetime(2025, 7, 3, 9, 0))
    lights = period_lights(ledger, plan_id, period)
    assert lights.tasks[task_ids[0]].light == GREEN          # the lead's report stands for the task
    assert unit_light(lights, science).light == RED          # the co-unit reported 滞后 on task 1
    assert "红灯1项（任务1）" in unit_light(lights, science).explanation
    assert unit_light(lights, lead).light == GREEN
    assert "已完成1项" in unit_light(lights, lead).explanation
    statistics = find_unit(ledger, "县统计局")
    assert unit_light(lights, statistics).light == NONE
    assert "没有承担任务" in unit_light(lights, statistics).explanation


def test_warning_days_is_a_setting(ledger, clock):
    plan_id = _plan(ledger)
    period = add_period(ledger, plan_id, "2026Q1")
    task_ids = [r[0] for r in ledger.rows("SELECT id FROM tasks ORDER BY position")]
    record_progress(ledger, task_ids[2], find_unit(ledger, "县科技局"), period, {"status": "推进中", "percent": 90})
    clock.set(datetime(2026, 4, 20, 9, 0))          # 71 days before 30 June 2026
    assert period_lights(ledger, plan_id, period).tasks[task_ids[2]].light == GREEN
    ledger.set_setting("warning_days", "90")
    found = period_lights(ledger, plan_id, period).tasks[task_ids[2]]
    assert found.light == YELLOW and "还有71天" in found.explanation


# ----- targets ---------------------------------------------------------------------------------

PLAN = PlanDates(date(2024, 1, 1), date(2026, 12, 31), [])


def _values(*items):
    from db.periods import parse_period_key

    return [Reported(parse_period_key(k).start, parse_period_key(k).end, k, v) for k, v in items]


def _target(**extra):
    return {"id": 1, "name": "有效发明专利量", "measure_unit": "件", "baseline": 2000, "baseline_year": 2023,
            "target": 3500, "target_year": 2026, "comparison": ">=", "cumulative": 0, **extra}


def test_target_on_track_and_behind_against_its_path():
    # Path: 2,000 at 2023-12-31 → 3,500 at 2026-12-31; on 2025-06-30 it stands at about 2,750.
    on_track = judge_target(_target(), _values(("2025H1", 2760)), date(2025, 8, 1), PLAN)
    assert (on_track.state, on_track.light) == ("on_track", GREEN)
    assert "应达2,749件" in on_track.explanation or "应达2,750件" in on_track.explanation
    behind = judge_target(_target(), _values(("2025H1", 2500)), date(2025, 8, 1), PLAN)
    assert (behind.state, behind.light) == ("behind", YELLOW) and "滞后于序时" in behind.explanation
    assert 0.3 < behind.actual_share < 0.4 and 0.5 < behind.expected_share < 0.55


def test_target_met_early():
    found = judge_target(_target(), _values(("2024H2", 3000), ("2025H1", 3600)), date(2025, 8, 1), PLAN)
    assert (found.state, found.light) == ("met", DONE)
    assert "已达标" in found.explanation and "3,600件" in found.explanation


def test_target_behind_after_its_year_is_red():
    found = judge_target(_target(), _values(("2026H2", 3400)), date(2027, 1, 20), PLAN)
    assert (found.state, found.light) == ("behind", RED) and "目标年度已过" in found.explanation


def test_lower_is_better_target():
    target = _target(name="专利侵权案件结案周期", measure_unit="天", baseline=60, target=30, comparison="<=")
    assert judge_target(target, _values(("2025H1", 44)), date(2025, 8, 1), PLAN).state == "on_track"
    assert judge_target(target, _values(("2025H1", 55)), date(2025, 8, 1), PLAN).state == "behind"
    met = judge_target(target, _values(("2025H1", 29)), date(2025, 8, 1), PLAN)
    assert met.state == "met" and "≤30天" in met.explanation


def test_cumulative_target_running_totals_and_increments():
    target = _target(name="质押融资额", measure_unit="亿元", baseline=None, baseline_year=None, target=20,
                     cumulative=1)
    totals = _values(("2024H2", 4), ("2025H1", 8), ("2025H2", 13))
    running = judge_target(target, totals, date(2026, 1, 10), PLAN)
    assert running.actual == 13 and running.start_value == 0 and running.state == "on_track"
    increments = _values(("2024H2", 4), ("2025H1", 4), ("2025", 99), ("2025H2", 5))
    summed = judge_target(target, increments, date(2026, 1, 10), PLAN, increments=True)
    assert summed.actual == 13        # 4 + 4 + 5; the yearly 2025 figure overlaps the halves and is skipped
    met = judge_target(target, _values(("2024H2", 9), ("2025H1", 12)), date(2025, 8, 1), PLAN, increments=True)
    assert met.state == "met" and met.actual == 21


def test_target_without_baseline_starts_from_its_first_value_and_no_data_has_no_light():
    target = _target(baseline=None, baseline_year=None)
    first_only = judge_target(target, _values(("2024H1", 2400)), date(2024, 8, 1), PLAN)
    assert first_only.start_value == 2400 and first_only.state == "on_track"
    assert "以首次填报值2,400件（2024年上半年）为起点" in first_only.explanation
    empty = judge_target(target, [], date(2024, 8, 1), PLAN)
    assert (empty.state, empty.light) == ("no_data", NONE)


def test_target_lights_on_the_demo(demo_ledger):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    period = get_period(demo_ledger, plan_id, "2026Q3")
    lights = target_lights(demo_ledger, plan_id, period["id"])
    assert len(lights) == 16
    assert {item.state for item in lights.values()} <= {"met", "on_track", "behind"}
    assert any(item.state == "met" for item in lights.values())
    indicator = demo_ledger.row("SELECT id FROM indicators WHERE name = '有效发明专利量'")["id"]
    record_indicator_value(demo_ledger, indicator, period["id"], value=1000)
    assert target_lights(demo_ledger, plan_id, period["id"])[indicator].state == "behind"


def test_demo_lights_in_the_current_quarter(demo_ledger):
    """On 21 November 2026 the 实施阶段 (to June 2026) is over: tasks not done are overdue."""
    from db.summary import status_summary

    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    summary = status_summary(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2026Q3")["id"])
    assert summary["lights"] == {"red": 5, "yellow": 0, "green": 8}
    assert summary["overdue_tasks"] == ["4", "9", "11", "12", "13"]
    earlier = status_summary(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2025Q3")["id"])
    assert earlier["overdue_tasks"] == [] and sum(earlier["lights"].values()) == 13
    assert earlier["lights"]["yellow"] > 0


def test_warning_days_are_checked_and_audited(ledger):
    from db.errors import ValidationError
    from db.lights import set_warning_days, warning_days

    assert warning_days(ledger) == 30
    assert set_warning_days(ledger, " 45 ") == 45 and warning_days(ledger) == 45
    for bad in ("三十", "-1", "400"):
        with pytest.raises(ValidationError, match="预警天数"):
            set_warning_days(ledger, bad)
    assert ledger.row("SELECT old, new FROM audit WHERE field = 'warning_days'")[:] == (None, "45")


@pytest.mark.parametrize("key", ["2024Q2", "2025Q3", "2026Q3", "2026Q4"])
def test_latest_reports_agree_with_latest_entries(demo_ledger, key):
    from db import queries

    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    period_id = get_period(demo_ledger, plan_id, key)["id"]
    slow = queries.latest_entries(demo_ledger, plan_id, period_id)
    fast = queries.latest_reports(demo_ledger, plan_id, period_id)
    assert set(fast) == set(slow) and slow
    assert all((fast[k]["status"], fast[k]["percent"], fast[k]["period_key"]) ==
               (slow[k]["status"], slow[k]["percent"], slow[k]["period_key"]) for k in slow)


def test_an_adhoc_period_does_not_make_the_quarter_history(demo_ledger):
    from db.periods import add_adhoc_period

    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    add_adhoc_period(demo_ledger, plan_id, "2026年专项督查", "2026-10-01", "2026-10-31", "2026-11-05")
    q3 = get_period(demo_ledger, plan_id, "2026Q3")
    assert judgement_date(demo_ledger, plan_id, q3) == date(2026, 11, 21)
    assert judgement_date(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2026Q2")) == date(2026, 6, 30)
