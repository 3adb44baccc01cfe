"""The demo ledger reads as real: enterprises, parks and people are counted in whole numbers, and every unit's
名称 is its full name with the shorter 简称 beside it."""
from __future__ import annotations

from db.units import find_unit
from db.values import measure_kind


def test_counts_are_whole_numbers(demo_ledger):
    rows = demo_ledger.rows("SELECT i.name, i.measure_unit, v.value FROM indicator_values v"
                            " JOIN indicators i ON i.id = v.indicator_id WHERE v.value IS NOT NULL")
    counted = [r for r in rows if measure_kind(r["measure_unit"], r["name"]) == "count"]
    assert counted and all(float(r["value"]).is_integer() and r["value"] >= 0 for r in counted), \
        [(r["name"], r["value"]) for r in counted if not float(r["value"]).is_integer()]


def test_names_and_short_names_the_right_way_round(demo_ledger):
    for unit in demo_ledger.rows("SELECT name, short_name FROM units WHERE short_name IS NOT NULL"):
        assert len(unit["short_name"]) <= len(unit["name"]), (unit["name"], unit["short_name"])
    bank = find_unit(demo_ledger, "人行")          # the plan's word still finds the bank
    row = demo_ledger.row("SELECT name, short_name FROM units WHERE id = ?", (bank,))
    assert (row["name"], row["short_name"]) == ("中国人民银行泰兴市支行", "人行泰兴市支行")


def test_sample_progress_texts_use_full_width_punctuation(demo_ledger):
    """What the clerk reads in 单位填报 and the forms: （示例数据）…，… not (示例数据)…,…"""
    texts = [t for row in demo_ledger.rows("SELECT progress, problems, next_steps FROM progress") for t in row if t]
    assert texts and all(t.startswith("（示例数据）") for t in texts), texts[:3]
    assert not [t for t in texts if any(mark in t for mark in "(),:;")]
