"""Suggesting existing ledger units for the names a plan writes: the bracketed part, short forms,
aliases and short names the clerk recorded. Suggestions never change the ledger."""
from __future__ import annotations

from db.ledger import Ledger
from db.plan_import import suggest_unit_matches
from db.units import add_alias, create_unit, update_unit


def make_ledger():
    ledger = Ledger.memory()
    ids = {
        "market": create_unit(ledger, "市市场监督管理局〔知识产权局〕"),
        "science": create_unit(ledger, "市科学技术局"),
        "procuratorate": create_unit(ledger, "市人民检察院"),
        "counties": create_unit(ledger, "各县(市)区人民政府"),
        "bank": create_unit(ledger, "中国人民银行泰兴市支行"),
    }
    return ledger, ids


def by_name(suggestions):
    return {s["name"]: s for s in suggestions}


def test_suggestions_for_names_as_written():
    ledger, ids = make_ledger()
    update_unit(ledger, ids["bank"], short_name="人行")
    add_alias(ledger, ids["science"], "科技局")
    found = by_name(suggest_unit_matches(ledger, [
        "市知识产权局", "市市场监管局", "市科技局", "科技局", "市检察院", "各县(市)区人民政府", "各县(市)区政府",
        "人行", "市财政局", "市市场监督管理局(知识产权局)"]))
    assert found["市知识产权局"]["unit_id"] == ids["market"]
    assert "括号" in found["市知识产权局"]["reason"]
    assert found["市市场监管局"]["unit_id"] == ids["market"]
    assert found["市科技局"]["unit_id"] == ids["science"]
    assert found["科技局"]["unit_id"] == ids["science"] and found["科技局"]["reason"] == "已记录的别名"
    assert found["市检察院"]["unit_id"] == ids["procuratorate"]
    assert found["各县(市)区人民政府"]["reason"] == "名称相同"
    assert found["各县(市)区政府"]["unit_id"] == ids["counties"]
    assert found["人行"]["unit_id"] == ids["bank"]
    assert found["市财政局"]["unit_id"] is None and "新建" in found["市财政局"]["reason"]
    assert found["市市场监督管理局(知识产权局)"]["unit_id"] == ids["market"]
    assert all(set(s) == {"name", "unit_id", "unit_name", "reason"} for s in found.values())


def test_two_possible_units_are_left_to_the_clerk():
    ledger = Ledger.memory()
    create_unit(ledger, "市科学技术局")
    create_unit(ledger, "市科技局")
    suggestion = suggest_unit_matches(ledger, ["市科学技术局(市科技局)"])[0]
    assert suggestion["unit_id"] is None and "多个" in suggestion["reason"]


def test_suggesting_changes_nothing():
    ledger, _ = make_ledger()
    before = ledger.scalar("SELECT COUNT(*) FROM audit_log") if ledger.scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'") else None
    units = ledger.scalar("SELECT COUNT(*) FROM units")
    suggest_unit_matches(ledger, ["市知识产权局", "新单位"])
    assert ledger.scalar("SELECT COUNT(*) FROM units") == units
    if before is not None:
        assert ledger.scalar("SELECT COUNT(*) FROM audit_log") == before
