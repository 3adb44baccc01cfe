"""A plan imported by mistake can be removed; a plan anything was reported against cannot."""
import pytest

from db.errors import ValidationError
from db.plan_edit import delete_plan
from db.plan_store import current_plan_id, list_plans, store_plan


def test_only_an_unreported_plan_is_deleted_and_the_ledger_keeps_its_reported_one(demo_ledger):
    demo_id = current_plan_id(demo_ledger)
    twin = store_plan(demo_ledger, {"title": "误导入的方案", "tasks": [
        {"number": "1", "title": "加强专利培育", "text": "", "section": "一、重点任务", "lead_units": ["市科技局"]}]})
    assert current_plan_id(demo_ledger) == twin
    with pytest.raises(ValidationError, match="填报记录"):
        delete_plan(demo_ledger, demo_id)
    delete_plan(demo_ledger, twin)
    assert [p["id"] for p in list_plans(demo_ledger)] == [demo_id] and current_plan_id(demo_ledger) == demo_id
    assert demo_ledger.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (twin,)) == 0
    assert demo_ledger.scalar("SELECT COUNT(*) FROM units WHERE name = '市科技局'") == 1   # units stay
    audit = demo_ledger.row("SELECT action, old FROM audit ORDER BY id DESC LIMIT 1")
    assert audit["action"] == "删除方案" and "误导入的方案" in audit["old"]
