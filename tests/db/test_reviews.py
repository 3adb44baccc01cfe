"""Review (已审核/退回) per unit and period; closing locks everything; reopening needs a reason kept in the audit."""
from __future__ import annotations

import pytest

from db.errors import PeriodClosedError, ValidationError
from db.evidence import add_evidence_bytes
from db.progress import record_indicator_value, record_progress
from db.reviews import (RETURNED, REVIEWED, close_period, latest_review, period_reopen_notes, reopen_period,
                        return_notes_for_form, review_return, reviews_for_period)


def _open_entry(ledger):
    row = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods d ON d.id = p.period_id"
                     " WHERE d.state = 'open' ORDER BY d.start DESC LIMIT 1")
    return tuple(row)


def test_review_and_send_back_with_reason(demo_ledger):
    task, unit, period = _open_entry(demo_ledger)
    with pytest.raises(ValidationError, match="原因"):
        review_return(demo_ledger, unit, period, RETURNED, "  ")
    review_return(demo_ledger, unit, period, RETURNED, "进展内容过于笼统,请补充具体数据")
    assert latest_review(demo_ledger, unit, period)["label"] == "退回"
    notes = return_notes_for_form(demo_ledger, unit, period)
    assert notes[-1]["reason"] == "进展内容过于笼统,请补充具体数据"
    review_return(demo_ledger, unit, period, REVIEWED)
    assert reviews_for_period(demo_ledger, period)[unit]["label"] == "已审核"
    assert return_notes_for_form(demo_ledger, unit, period) == []
    audit = demo_ledger.rows("SELECT action, new, actor FROM audit WHERE entity = 'return_review' ORDER BY id")
    assert [a["action"] for a in audit] == ["退回填报", "审核填报"]
    assert "请补充具体数据" in audit[0]["new"] and audit[0]["actor"] == "测试员"


def test_closed_period_locks_entries_evidence_values_and_reviews(demo_ledger):
    task, unit, period = _open_entry(demo_ledger)
    indicator = demo_ledger.scalar("SELECT id FROM indicators LIMIT 1")
    close_period(demo_ledger, period)
    before = demo_ledger.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(PeriodClosedError):
        record_progress(demo_ledger, task, unit, period, {"progress": "关闭后修改"})
    with pytest.raises(PeriodClosedError):
        add_evidence_bytes(demo_ledger, task, unit, period, "照片.jpg", b"jpeg")
    with pytest.raises(PeriodClosedError):
        record_indicator_value(demo_ledger, indicator, period, value=1)
    with pytest.raises(PeriodClosedError):
        review_return(demo_ledger, unit, period, REVIEWED)
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit") == before


def test_reopen_needs_a_reason_kept_in_audit_and_for_reports(demo_ledger):
    task, unit, period = _open_entry(demo_ledger)
    close_period(demo_ledger, period)
    with pytest.raises(ValidationError, match="原因"):
        reopen_period(demo_ledger, period, "")
    reopen_period(demo_ledger, period, "市科技局补报佐证材料")
    notes = period_reopen_notes(demo_ledger, period)
    assert notes == [{"at": "2026-11-21 09:30:00", "actor": "测试员", "reason": "市科技局补报佐证材料"}]
    record_progress(demo_ledger, task, unit, period, {"progress": "重新开放后补报"})
    with pytest.raises(PeriodClosedError, match="并未关闭"):
        reopen_period(demo_ledger, period, "再来一次")


def test_tasks_and_targets_with_closed_period_data_cannot_be_deleted(demo_ledger):
    from db.plan_edit import delete_indicator, delete_task

    task, unit, period = _open_entry(demo_ledger)
    indicator = demo_ledger.scalar("SELECT indicator_id FROM indicator_values WHERE period_id IN"
                                   " (SELECT id FROM periods WHERE key = '2026Q2') LIMIT 1")
    q2 = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q2'")
    close_period(demo_ledger, period)
    close_period(demo_ledger, q2)
    with pytest.raises(PeriodClosedError, match="已关闭的报告期"):
        delete_task(demo_ledger, task)
    with pytest.raises(PeriodClosedError, match="2026年第2季度"):
        delete_indicator(demo_ledger, indicator)
    assert demo_ledger.scalar("SELECT COUNT(*) FROM tasks WHERE id = ?", (task,)) == 1
    reopen_period(demo_ledger, period, "调整任务")
    reopen_period(demo_ledger, q2, "调整指标")
    delete_task(demo_ledger, task)
    delete_indicator(demo_ledger, indicator)
