"""A unit's light is its worst task's light, and a unit that has not reported never shows a blue 已完成."""
from __future__ import annotations

from db.completeness import period_completeness
from db.lights import DONE, GREEN, UNIT_LIGHT_RULE, period_lights
from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import record_progress
from db.units import find_unit


def _lights(ledger, key):
    plan_id = current_plan_id(ledger)
    period = get_period(ledger, plan_id, key)
    return plan_id, period, period_lights(ledger, plan_id, period["id"])


def test_a_unit_without_a_report_this_period_is_never_blue(demo_ledger):
    plan_id, q4, lights = _lights(demo_ledger, "2026Q4")          # nobody has reported 2026Q4 yet
    _, q3, before = _lights(demo_ledger, "2026Q3")
    blue_in_q3 = [unit for unit, light in before.units.items() if light.light == DONE]
    assert blue_in_q3, "the demo has units whose tasks are all 已完成 in 2026Q3"
    for unit_id in blue_in_q3:
        light = lights.units[unit_id]
        assert light.light == GREEN
        assert "本期尚未填报" in light.explanation and "按绿灯计" in light.explanation
    silent = {r.unit_id for r in period_completeness(demo_ledger, plan_id, q4["id"]) if not r.reported_any}
    assert silent and all(lights.units[u].light != DONE for u in silent)


def test_the_unit_light_is_its_worst_task_and_says_so(demo_ledger):
    _, q3, lights = _lights(demo_ledger, "2026Q3")
    order = ["done", "green", "yellow", "red"]
    for unit_id, light in lights.units.items():
        assert light.explanation.endswith(UNIT_LIGHT_RULE)
        assert light.explanation.startswith({"red": "红灯", "yellow": "黄灯", "green": "绿灯", "done": "已完成"}[light.light])
    # a unit that reports 已完成 for every task this period is blue again
    plan_id, q4, _ = _lights(demo_ledger, "2026Q4")
    unit_id = next(u for u in lights.units if lights.units[u].light == DONE)
    tasks = [r["task_id"] for r in demo_ledger.rows("SELECT task_id FROM task_units WHERE unit_id = ?", (unit_id,))]
    for task_id in tasks:
        record_progress(demo_ledger, task_id, unit_id, q4["id"], {"status": "已完成", "percent": 100})
    assert period_lights(demo_ledger, plan_id, q4["id"]).units[unit_id].light == DONE
    # one task reported 滞后 makes the unit red: its worst task
    record_progress(demo_ledger, tasks[0], unit_id, q4["id"], {"status": "滞后", "percent": 50})
    light = period_lights(demo_ledger, plan_id, q4["id"]).units[unit_id]
    assert light.light == "red" and order.index(light.light) == max(order.index(x) for x in order)
