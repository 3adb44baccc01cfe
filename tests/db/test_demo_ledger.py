"""The bundled demo: the Taixing plan as entered, with sample progress where some units are silent."""
from db import queries
from db.plan_store import current_plan_id
from db.summary import status_summary


def test_demo_holds_the_taixing_plan(demo_ledger):
    plan_id = current_plan_id(demo_ledger)
    plan = demo_ledger.row("SELECT * FROM plans WHERE id = ?", (plan_id,))
    assert plan["doc_number"] == "泰政办发〔2024〕18号" and plan["is_sample"] == 1
    tasks = queries.tasks(demo_ledger, plan_id)
    assert len(tasks) == 13
    task4 = next(t for t in tasks if t["number"] == "4")
    assert task4["title"] == "实施高价值专利培育工程"
    assert task4["lead_units"] == ["市市场监督管理局〔知识产权局〕"]
    assert task4["co_units"] == ["市科技局", "市工信局"]
    assert task4["section"] == "(二)提高知识产权创造质量,夯实创新发展根基"
    assert [s["label"] for s in task4["subitems"]] == ["一是", "二是"]
    assert demo_ledger.scalar("SELECT COUNT(*) FROM indicators WHERE plan_id = ?", (plan_id,)) == 16
    assert [r["name"] for r in demo_ledger.rows("SELECT name FROM phases ORDER BY position")] == [
        "启动阶段", "实施阶段", "评估阶段", "总结验收阶段"]
    assert demo_ledger.scalar("SELECT MIN(key) FROM periods") == "2024Q2"


def test_demo_has_silent_units_and_late_tasks(demo_ledger):
    plan_id = current_plan_id(demo_ledger)
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
    summary = status_summary(demo_ledger, plan_id, period_id)
    assert summary["units_reported"] < summary["units"]
    assert summary["by_status"]["滞后"] >= 1
    assert summary["entries_reported"] < summary["entries_expected"]
    assert demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE progress LIKE '%示例数据%'") > 100
