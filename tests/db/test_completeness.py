"""Who reported what for a period, and the 催报 list."""
from datetime import date

from db.completeness import chase_list, period_completeness, reporting_rate
from db.periods import get_period
from db.progress import record_progress
from db.units import find_unit


def _period(ledger, key):
    plan_id = ledger.scalar("SELECT MIN(id) FROM plans")
    return plan_id, get_period(ledger, plan_id, key)


def test_four_units_have_not_reported_in_2026q3(demo_ledger):
    plan_id, period = _period(demo_ledger, "2026Q3")
    items = chase_list(demo_ledger, plan_id, period["id"])
    assert {item.unit for item in items} == {"市农业农村局", "市自然资源和规划局", "园区", "市法院"}
    park = next(item for item in items if item.unit == "园区")
    assert (park.contact, park.phone) == ("何芳", "0523-87654314")
    assert park.missing == "任务1、2、3、12、13"
    assert park.days_overdue == 47 and park.due == date(2026, 10, 5)   # due 5 Oct, today 21 Nov
    assert park.overdue_text == "逾期47天"
    assert items[0].unit == "园区"          # most missing first


def test_completeness_says_who_reported_which_tasks_and_when(demo_ledger):
    plan_id, period = _period(demo_ledger, "2026Q3")
    reports = {r.name: r for r in period_completeness(demo_ledger, plan_id, period["id"])}
    science = reports["市科技局"]
    assert science.complete and science.last_reported_at
    assert {t["number"] for t in science.tasks_reported} == {"4", "5", "6", "7", "8", "9"}
    assert all(t["updated_at"] for t in science.tasks_reported)
    assert reports["市法院"].missing_tasks[0]["number"] == "10"
    assert reporting_rate(list(reports.values())) == (11, 15)
    # Targets are reported half-yearly: owed in Q2, not in Q3.
    assert reports["市市场监督管理局〔知识产权局〕"].targets_owed == []
    _, q2 = _period(demo_ledger, "2026Q2")
    bureau = {r.name: r for r in period_completeness(demo_ledger, plan_id, q2["id"])}["市市场监督管理局〔知识产权局〕"]
    assert len(bureau.targets_owed) == 16 and not bureau.missing_targets


def test_a_late_report_leaves_the_list_and_not_yet_due_is_said(demo_ledger, clock):
    plan_id, period = _period(demo_ledger, "2026Q3")
    court = find_unit(demo_ledger, "市法院")
    task = demo_ledger.scalar("SELECT id FROM tasks WHERE number = '10' AND plan_id = ?", (plan_id,))
    record_progress(demo_ledger, task, court, period["id"], {"status": "推进中", "percent": 70})
    assert "市法院" not in {item.unit for item in chase_list(demo_ledger, plan_id, period["id"])}
    early = chase_list(demo_ledger, plan_id, period["id"], today=date(2026, 10, 3))
    assert {item.days_overdue for item in early} == {0} and early[0].overdue_text == "未到截止日期"


def test_missing_targets_are_chased(demo_ledger):
    plan_id, q2 = _period(demo_ledger, "2026Q2")
    demo_ledger.conn.execute("DELETE FROM indicator_values WHERE period_id = ? AND indicator_id IN"
                             " (SELECT id FROM indicators WHERE name = '有效发明专利量')", (q2["id"],))
    items = chase_list(demo_ledger, plan_id, q2["id"])
    bureau = next(item for item in items if item.unit == "市市场监督管理局〔知识产权局〕")
    assert "指标：有效发明专利量" in bureau.missing
