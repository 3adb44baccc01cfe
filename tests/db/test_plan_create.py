import pytest

from db.errors import ValidationError
from db.periods import list_periods
from db.plan_create import create_blank_plan
from db.plan_store import current_plan_id, get_plan


def test_blank_plan_has_its_periods_and_becomes_current(ledger):
    plan_id = create_blank_plan(ledger, "某某县知识产权强县建设工作方案(2025-2027年)", start_year="2025", end_year=2027)
    assert get_plan(ledger, plan_id)["title"].startswith("某某县")
    keys = [p["key"] for p in list_periods(ledger, plan_id)]
    assert keys[0] == "2025Q1" and keys[-1] == "2027Q4" and len(keys) == 12
    assert current_plan_id(ledger) == plan_id
    assert ledger.scalar("SELECT COUNT(*) FROM audit WHERE action = '新建方案'") == 1


@pytest.mark.parametrize("title,start,end,words", [("", 2025, 2026, "不能为空"), ("方案", 2027, 2025, "晚于"),
                                                    ("方案", "二〇二五", 2026, "年份")])
def test_bad_input_is_refused_and_nothing_written(ledger, title, start, end, words):
    with pytest.raises(ValidationError) as info:
        create_blank_plan(ledger, title, start_year=start, end_year=end)
    assert words in str(info.value)
    assert ledger.scalar("SELECT COUNT(*) FROM plans") == 0
