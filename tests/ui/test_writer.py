"""The one writer (ui/writer.py): long writes run on a thread of their own, one after another, on their own
connection; the window's connection sees the result and the core's undo takes it back. Tests elsewhere use the
synchronous writer, which runs the same job at once."""
from __future__ import annotations

import threading

import pytest

from db.ops import history, operation
from db.ops.changes import PROGRESS
from db.plan_import import parse_plan_file
from tests.conftest import SHARED


@pytest.fixture
def threaded(qtbot, demo_ledger):
    from ui.context import AppContext
    from ui.writer import ThreadedWriter

    context = AppContext(demo_ledger, writer=ThreadedWriter())
    yield context
    context.writer.close()


def test_a_plan_import_runs_on_the_writer_thread_and_undo_takes_it_back(threaded, qtbot):
    from db.ops.plan_import import import_plan

    plan = parse_plan_file(SHARED / "plans" / "fuzhou-demo-city-2017.txt")
    threads, done = [], []

    def job(ledger, progress, is_cancelled):
        threads.append(threading.current_thread())
        assert ledger is not threaded.ledger          # the writer's own connection
        return import_plan(ledger, plan, source_name="fuzhou.txt", source="window")

    plans_before = threaded.ledger.scalar("SELECT COUNT(*) FROM plans")
    threaded.run_long("导入方案", job, on_done=done.append)
    assert threaded.writer.busy                     # submitted, not yet done: the UI thread is free
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert threads[0] is not threading.main_thread()
    assert threaded.ledger.scalar("SELECT COUNT(*) FROM plans") == plans_before + 1
    assert history(threaded.ledger, 1)[0].label.startswith("导入方案“福州市")
    assert threaded.undo() is not None
    assert threaded.ledger.scalar("SELECT COUNT(*) FROM plans") == plans_before


def test_jobs_run_one_at_a_time_in_order(threaded, qtbot):
    order, running = [], []

    def job(name):
        def run(ledger, progress, is_cancelled):
            running.append(name)
            assert len(running) == 1, "two writes at once"
            order.append(name)
            running.remove(name)
            return None
        return run

    for name in ("甲", "乙", "丙"):
        threaded.run_long(name, job(name))
    qtbot.waitUntil(lambda: len(order) == 3 and not threaded.writer.busy, timeout=10000)
    assert order == ["甲", "乙", "丙"]


def test_a_cancelled_write_changes_nothing(threaded, qtbot, message_boxes):
    from ui.worker import Cancelled

    task_id, unit_id = threaded.ledger.row("SELECT task_id, unit_id FROM task_units LIMIT 1")
    period_id = threaded.ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY start DESC LIMIT 1")
    failed = []

    def job(ledger, progress, is_cancelled):
        from db.progress import record_progress

        with operation(ledger, "批量修改", kinds={PROGRESS}):
            record_progress(ledger, task_id, unit_id, period_id, {"progress": "写到一半"})
            raise Cancelled()

    count = len(history(threaded.ledger))
    threaded.run_long("批量修改", job, on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    assert isinstance(failed[0], Cancelled)
    row = threaded.ledger.row("SELECT progress FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                              (task_id, unit_id, period_id))
    assert row is None or row[0] != "写到一半"
    assert len(history(threaded.ledger)) == count
