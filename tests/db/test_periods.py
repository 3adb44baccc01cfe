from datetime import date

import pytest

from db.errors import NotFoundError, ValidationError
from db.periods import add_period, current_period, get_period, parse_period_key, period_keys_between


@pytest.mark.parametrize("key, name, start, end", [
    ("2025", "2025年度", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025H1", "2025年上半年", date(2025, 1, 1), date(2025, 6, 30)),
    ("2025h2", "2025年下半年", date(2025, 7, 1), date(2025, 12, 31)),
    ("2025Q3", "2025年第3季度", date(2025, 7, 1), date(2025, 9, 30)),
    ("2024Q1", "2024年第1季度", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-02", "2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-02", "2025年2月", date(2025, 2, 1), date(2025, 2, 28)),
])
def test_period_keys(key, name, start, end):
    spec = parse_period_key(key)
    assert (spec.name, spec.start, spec.end) == (name, start, end)


@pytest.mark.parametrize("key", ["2025Q5", "25Q1", "2025-13", "去年", ""])
def test_bad_period_keys_explain_the_form(key):
    with pytest.raises(ValidationError, match="2025Q3"):
        parse_period_key(key)


def test_quarters_between_dates():
    assert period_keys_between("quarter", date(2024, 4, 1), date(2025, 3, 31)) == [
        "2024Q2", "2024Q3", "2024Q4", "2025Q1"]


def test_current_period_is_the_latest_ended(demo_ledger):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    assert current_period(demo_ledger, plan_id, date(2026, 11, 21))["key"] == "2026Q3"
    assert current_period(demo_ledger, plan_id, date(2025, 1, 1))["key"] == "2024Q4"


def test_duplicate_and_unknown_periods(demo_ledger):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    with pytest.raises(ValidationError, match="已经存在"):
        add_period(demo_ledger, plan_id, "2025Q3")
    with pytest.raises(NotFoundError, match="找不到报告期"):
        get_period(demo_ledger, plan_id, "2030Q1")
