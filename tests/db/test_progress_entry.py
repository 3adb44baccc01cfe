"""Progress entries: the clerk's daily writes, their checks, and the audit trail they leave."""
import pytest

from db.errors import PeriodClosedError, ValidationError
from db.ledger import GENESIS_HASH, audit_row_hash
from db.periods import set_period_state
from db.progress import get_progress, record_indicator_value, record_progress
from db.units import find_unit


def _ids(led, task_number="4", unit="市科技局", period="2025Q3"):
    plan_id = led.scalar("SELECT MIN(id) FROM plans")
    task_id = led.scalar("SELECT id FROM tasks WHERE plan_id = ? AND number = ?", (plan_id, task_number))
    period_id = led.scalar("SELECT id FROM periods WHERE plan_id = ? AND key = ?", (plan_id, period))
    return task_id, find_unit(led, unit), period_id


def test_record_progress_saves_and_audits(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    demo_ledger.actor = "李娜"
    changed = record_progress(demo_ledger, task_id, unit_id, period_id,
                              {"status": "已完成", "percent": "100", "progress": "完成高价值专利培育项目验收"})
    assert set(changed) >= {"status", "percent", "progress"}
    entry = get_progress(demo_ledger, task_id, unit_id, period_id)
    assert (entry["status"], entry["percent"], entry["progress"]) == ("已完成", 100, "完成高价值专利培育项目验收")
    audit = demo_ledger.rows("SELECT * FROM audit WHERE task_id = ? AND unit_id = ? AND period_id = ? "
                             "AND field = 'status' ORDER BY id DESC LIMIT 1", (task_id, unit_id, period_id))[0]
    assert audit["actor"] == "李娜" and audit["new"] == "已完成" and audit["action"] == "填报进展"


def test_same_values_again_change_nothing(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id, {"status": "推进中", "percent": 60})
    count = demo_ledger.scalar("SELECT COUNT(*) FROM audit")
    assert record_progress(demo_ledger, task_id, unit_id, period_id, {"status": "推进中", "percent": "60"}) == {}
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit") == count


def test_bad_percent_is_refused_and_nothing_saved(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    before = get_progress(demo_ledger, task_id, unit_id, period_id)
    with pytest.raises(ValidationError, match="完成进度.*不是0到100之间的数字"):
        record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "新的进展", "percent": "八十"})
    assert get_progress(demo_ledger, task_id, unit_id, period_id) == before


def test_unit_without_the_task_cannot_report_it(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger, task_number="10", unit="市财政局")
    with pytest.raises(ValidationError, match="不承担这项任务"):
        record_progress(demo_ledger, task_id, unit_id, period_id, {"status": "推进中"})


def test_closed_period_is_locked(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    set_period_state(demo_ledger, period_id, "closed")
    with pytest.raises(PeriodClosedError, match="已关闭"):
        record_progress(demo_ledger, task_id, unit_id, period_id, {"status": "已完成"})


def test_indicator_value_accepts_clerk_numbers(demo_ledger):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    indicator_id = demo_ledger.scalar("SELECT id FROM indicators WHERE plan_id = ? AND name = '有效发明专利量'", (plan_id,))
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
    record_indicator_value(demo_ledger, indicator_id, period_id, value="３，５００")
    assert demo_ledger.scalar("SELECT value FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                              (indicator_id, period_id)) == 3500
    with pytest.raises(ValidationError, match="约"):
        record_indicator_value(demo_ledger, indicator_id, period_id, value="约3600")


def test_audit_rows_form_an_unbroken_hash_chain(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id, {"problems": "经费不足"})
    rows = [dict(r) for r in demo_ledger.rows("SELECT * FROM audit ORDER BY id")]
    previous = GENESIS_HASH
    for row in rows:
        assert row["prev_hash"] == previous
        assert audit_row_hash(previous, row) == row["hash"]
        previous = row["hash"]
