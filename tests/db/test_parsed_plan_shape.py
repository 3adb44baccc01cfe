"""The parsed plan that crosses to the review dialog, parse-plan's JSON and store_plan has exactly the keys its
typed record (db/plan_import/parsed_types.py) names: a key added or dropped by the reader shows here."""
from __future__ import annotations

import pytest

from db.plan_import import parse_plan_file
from db.plan_import.parsed_types import ParsedIndicator, ParsedPhase, ParsedPlan, ParsedTask
from tests.conftest import SHARED


@pytest.mark.parametrize("name", ["taixing-county-pilot-2024.txt", "fuzhou-demo-city-2017.txt"])
def test_a_parsed_plan_has_the_keys_its_type_names(name):
    plan = parse_plan_file(SHARED / "plans" / name)
    assert set(plan) == set(ParsedPlan.__annotations__)
    assert plan["tasks"] and all(set(task) <= set(ParsedTask.__annotations__) for task in plan["tasks"])
    assert all(set(item) <= set(ParsedIndicator.__annotations__) for item in plan["indicators"])
    assert all(set(phase) == set(ParsedPhase.__annotations__) for phase in plan["phases"])
    # the contract's keys (../shared/CLI.md) are all there on every task
    contract = {"number", "title", "text", "section", "lead_units", "co_units", "responsible_units", "deadline",
                "applicability", "incomplete"}
    assert all(contract <= set(task) for task in plan["tasks"])
