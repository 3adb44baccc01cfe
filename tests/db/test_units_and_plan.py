"""Units (rename, aliases, merge) and building a plan by hand."""
import pytest

from db import queries
from db.errors import ValidationError
from db.plan_edit import (add_section, add_task, delete_section, delete_task, move_task, set_task_units,
                          update_task)
from db.plan_store import store_plan
from db.progress import record_progress
from db.units import add_alias, create_unit, find_unit, merge_units, rename_unit


def test_brackets_are_part_of_a_unit_name(ledger):
    unit_id = create_unit(ledger, "市市场监督管理局〔知识产权局〕")
    assert find_unit(ledger, " 市市场监督管理局〔知识产权局〕 ") == unit_id
    assert find_unit(ledger, "市市场监督管理局") is None
    assert ledger.scalar("SELECT kind FROM units WHERE id = ?", (unit_id,)) == "department"


def test_rename_keeps_old_name_as_alias(ledger):
    unit_id = create_unit(ledger, "市知识产权局")
    rename_unit(ledger, unit_id, "市市场监督管理局〔知识产权局〕")
    assert find_unit(ledger, "市知识产权局") == unit_id


def test_alias_cannot_belong_to_two_units(ledger):
    a = create_unit(ledger, "市科技局")
    create_unit(ledger, "市工信局")
    with pytest.raises(ValidationError, match="另一个单位"):
        add_alias(ledger, a, "市工信局")


def _small_plan():
    return {"title": "某县知识产权强县建设工作方案(2025-2027年)", "tasks": [
        {"number": "1", "title": "实施专利导航", "section": "(一)提高创造质量", "lead_units": ["县市场监管局"],
         "co_units": ["县科技局"]},
        {"number": "2", "title": "开展质押融资", "section": "(一)提高创造质量", "lead_units": ["县市场监管局"],
         "co_units": ["县科技局局"]},
    ], "indicators": [{"name": "有效发明专利量", "unit": "件", "target": "1,200", "target_year": 2027}],
        "phases": [{"name": "实施阶段", "start": "2025-01", "end": "2027-06"}]}


def test_store_plan_links_units_and_sections(ledger):
    plan_id = store_plan(ledger, _small_plan())
    tasks = queries.tasks(ledger, plan_id)
    assert [t["title"] for t in tasks] == ["实施专利导航", "开展质押融资"]
    assert tasks[0]["section"] == "(一)提高创造质量"
    assert tasks[0]["lead_units"] == ["县市场监管局"] and tasks[0]["co_units"] == ["县科技局"]
    assert ledger.scalar("SELECT target FROM indicators WHERE plan_id = ?", (plan_id,)) == 1200
    assert ledger.row("SELECT start, end FROM phases")[:] == ("2025-01-01", "2027-06-30")
    assert ledger.row("SELECT start_year, end_year FROM plans")[:] == (2025, 2027)


def test_store_plan_with_bad_target_stores_nothing(ledger):
    plan = _small_plan()
    plan["indicators"][0]["target"] = "约1200"
    with pytest.raises(ValidationError, match="约"):
        store_plan(ledger, plan)
    assert ledger.scalar("SELECT COUNT(*) FROM plans") == 0
    assert ledger.scalar("SELECT COUNT(*) FROM units") == 0


def test_merge_moves_links_and_entries(ledger):
    plan_id = store_plan(ledger, _small_plan())
    from db.periods import add_period

    period_id = add_period(ledger, plan_id, "2025Q1")
    keep, dup = find_unit(ledger, "县科技局"), find_unit(ledger, "县科技局局")
    task2 = ledger.scalar("SELECT id FROM tasks WHERE number = '2'")
    record_progress(ledger, task2, dup, period_id, {"status": "推进中", "progress": "已对接银行3家"})
    moved = merge_units(ledger, keep, dup)
    assert moved["links"] == 1 and moved["entries"] == 1
    assert queries.tasks(ledger, plan_id)[1]["co_units"] == ["县科技局"]
    assert ledger.scalar("SELECT progress FROM progress WHERE unit_id = ?", (keep,)) == "已对接银行3家"
    assert find_unit(ledger, "县科技局局") == keep


def test_hand_built_plan(ledger):
    plan_id = store_plan(ledger, _small_plan())
    section = add_section(ledger, plan_id, "加强知识产权保护", number="(二)")
    task = add_task(ledger, plan_id, "开展执法专项行动", section_id=section, number="3", deadline="年内完成")
    unit = create_unit(ledger, "县公安局")
    set_task_units(ledger, task, [(unit, "lead")])
    update_task(ledger, task, title="开展知识产权执法专项行动")
    assert queries.tasks(ledger, plan_id)[-1]["lead_units"] == ["县公安局"]
    assert move_task(ledger, ledger.scalar("SELECT id FROM tasks WHERE number = '2'"), -1)
    assert [t["number"] for t in queries.tasks(ledger, plan_id)] == ["2", "1", "3"]
    with pytest.raises(ValidationError, match="还有1项任务"):
        delete_section(ledger, section)
    delete_task(ledger, task)
    delete_section(ledger, section)
    assert ledger.scalar("SELECT COUNT(*) FROM tasks") == 2
    with pytest.raises(ValidationError, match="不能为空"):
        update_task(ledger, ledger.scalar("SELECT MIN(id) FROM tasks"), title="  ")
