"""One set of rules for the window, the forms and import-returns (db.values): counts whole and not negative, rates
0–100, a unit written after the number accepted only when it is the target's own, phone numbers checked."""
from __future__ import annotations

import pytest

from db.errors import ValidationError
from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import clean_progress_value, record_indicator_value
from db.units import find_unit, update_unit
from db.values import check_phone, measure_kind, parse_measure_value


@pytest.mark.parametrize("typed, unit, value", [
    ("3500件", "件", 3500), ("3,500", "件", 3500), ("94%", "%", 94), ("８０％", "%", 80), (35, "家", 35),
    ("12.5亿元", "亿元", 12.5), ("300人次", "人次", 300), ("", "件", None),
])
def test_values_accepted(typed, unit, value):
    assert parse_measure_value(typed, unit) == value


@pytest.mark.parametrize("typed, unit, reason", [
    ("3500家", "件", "单位“家”与该指标的计量单位“件”不符"),
    ("80%", "家", "单位“%”与该指标的计量单位“家”不符"),
    ("35.5", "家", "应填写不小于0的整数"),
    (-2, "个", "应填写不小于0的整数"),
    ("120", "%", "应填写0到100之间的数字"),
    ("约3500", "件", "不是一个确切的数字"),
])
def test_values_refused_with_the_reason(typed, unit, reason):
    with pytest.raises(ValidationError) as caught:
        parse_measure_value(typed, unit)
    assert reason in str(caught.value)


def test_per_capita_figures_counted_in_jian_keep_their_decimals():
    assert measure_kind("件", "万人发明专利拥有量") == "amount"
    assert parse_measure_value("23.5", "件", name="万人发明专利拥有量") == 23.5
    assert measure_kind("件", "有效发明专利量") == "count"


@pytest.mark.parametrize("phone", ["0523-87654301", "13800000000", "(0523)87654301转8001", "0523-87654301、13912345678",
                                   "0523 8765 4301", "+86 523 87654301", "0523-87654301 13912345678"])
def test_phone_numbers_accepted(phone):
    assert check_phone(phone) == phone


@pytest.mark.parametrize("phone", ["王科长", "138", "0523-876"])
def test_phone_numbers_refused(phone):
    with pytest.raises(ValidationError) as caught:
        check_phone(phone)
    assert "不是电话号码" in str(caught.value) and "0523-87654301" in str(caught.value)


def test_the_ledger_verbs_apply_the_same_rules(demo_ledger):
    plan_id = current_plan_id(demo_ledger)
    period = get_period(demo_ledger, plan_id, "2026Q3")
    enterprises = demo_ledger.scalar("SELECT id FROM indicators WHERE measure_unit = '家' LIMIT 1")
    rate = demo_ledger.scalar("SELECT id FROM indicators WHERE measure_unit = '%' LIMIT 1")
    with pytest.raises(ValidationError, match="整数"):
        record_indicator_value(demo_ledger, enterprises, period["id"], value="20.5")
    with pytest.raises(ValidationError, match="不符"):
        record_indicator_value(demo_ledger, enterprises, period["id"], value="80%")
    record_indicator_value(demo_ledger, rate, period["id"], value="94%")
    assert demo_ledger.scalar("SELECT value FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                              (rate, period["id"])) == 94
    with pytest.raises(ValidationError, match="不是电话号码"):
        clean_progress_value("phone", "找王科长")
    with pytest.raises(ValidationError, match="不是电话号码"):
        update_unit(demo_ledger, find_unit(demo_ledger, "市科技局"), phone="无")
