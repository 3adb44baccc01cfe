"""Undo and redo in the core: an operation's rows are written back only when nothing newer touched them.

The clerk's scenario from issue 12: edit 市科技局's progress for a task, then accept a returned workbook that
fills the same entry, then undo. Undoing the edit must be refused (it would overwrite the imported answer);
undoing the import restores the entry as it was before the import; redo re-applies it.
"""
from __future__ import annotations

import pytest

from db.errors import UndoRefusedError
from db.ops import history, next_redo, next_undo, operation, redo, undo
from db.ops.changes import PROGRESS
from db.progress import get_progress, record_progress
from db.units import find_unit
from reports.returns_reader import import_return
from tests.reports.returns_fixtures import fill, issue, task_keys


def _entry(ledger, task_id, unit_id, period_id):
    found = get_progress(ledger, task_id, unit_id, period_id)
    return found and found["progress"]


def _edit(ledger, task_id, unit_id, period_id, text):
    with operation(ledger, f"进展情况(市科技局 任务{task_id})", kinds={PROGRESS}, source="window") as op:
        record_progress(ledger, task_id, unit_id, period_id, {"progress": text})
    return op.changes


@pytest.fixture
def scene(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", "市科技局", "2026Q3")
    first = task_keys(form)[0]
    task_id = int(first[1:])
    unit_id = find_unit(demo_ledger, "市科技局")
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
    returned = fill(form, tmp_path / form.name, tasks={first: {"progress": "单位报回:新增发明专利42件"}})
    return demo_ledger, task_id, unit_id, period_id, returned


def _import(ledger, path):
    with operation(ledger, f"导入填报表 {path.name}", source="import") as op:
        report = import_return(ledger, path, default_decision="take")
    assert report.verdict == "applied", report.error_lines()
    return op.changes


def test_undo_never_overwrites_an_imported_answer(scene):
    ledger, task_id, unit_id, period_id, returned = scene
    before_edit = _entry(ledger, task_id, unit_id, period_id)
    edit = _edit(ledger, task_id, unit_id, period_id, "窗口中手工修改的进展")
    imported = _import(ledger, returned)
    assert _entry(ledger, task_id, unit_id, period_id) == "单位报回:新增发明专利42件"
    assert PROGRESS in imported.kinds and imported.ids[PROGRESS]

    with pytest.raises(UndoRefusedError) as refused:
        undo(ledger, edit.operation_id)
    message = str(refused.value)
    assert "导入填报表" in message and "测试" in message  # names how, and who
    assert _entry(ledger, task_id, unit_id, period_id) == "单位报回:新增发明专利42件"

    assert next_undo(ledger).label.startswith("导入填报表")
    undone = undo(ledger)
    assert undone.operation_id == imported.operation_id and PROGRESS in undone.kinds
    assert _entry(ledger, task_id, unit_id, period_id) == "窗口中手工修改的进展"
    assert next_redo(ledger).id == imported.operation_id

    redo(ledger)
    assert _entry(ledger, task_id, unit_id, period_id) == "单位报回:新增发明专利42件"

    undo(ledger)       # the import
    undo(ledger)       # now the edit may go: nothing newer touches it
    assert _entry(ledger, task_id, unit_id, period_id) == before_edit


def test_undo_of_an_import_removes_the_rows_it_created_and_its_record(scene):
    ledger, task_id, unit_id, period_id, returned = scene
    returns_before = ledger.scalar("SELECT COUNT(*) FROM imported_returns")
    progress_before = ledger.rows("SELECT * FROM progress ORDER BY id")
    _import(ledger, returned)
    assert ledger.scalar("SELECT COUNT(*) FROM imported_returns") == returns_before + 1
    undo(ledger)
    assert ledger.scalar("SELECT COUNT(*) FROM imported_returns") == returns_before
    assert [tuple(r) for r in ledger.rows("SELECT * FROM progress ORDER BY id")] == [tuple(r) for r in progress_before]
    # the same file can be imported again afterwards (its record went with the undo)
    _import(ledger, returned)


def test_history_lists_operations_newest_first_and_survives_a_reopen(demo_path, clock):
    from db.ledger import Ledger

    ledger = Ledger.open(demo_path, actor="王磊", source="窗口", clock=clock)
    task_id, unit_id = ledger.row("SELECT task_id, unit_id FROM task_units LIMIT 1")
    period_id = ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY start DESC LIMIT 1")
    _edit(ledger, task_id, unit_id, period_id, "第一次")
    _edit(ledger, task_id, unit_id, period_id, "第二次")
    ledger.close()

    again = Ledger.open(demo_path, actor="李明", source="命令行", clock=clock)
    try:
        entries = history(again, limit=2)
        assert [e.to_json()["who"] for e in entries] == ["王磊", "王磊"]
        assert entries[0].id > entries[1].id and entries[0].source == "window"
        undo(again)
        assert _entry(again, task_id, unit_id, period_id) == "第一次"
        assert history(again, limit=1)[0].state == "undone"
    finally:
        again.close()


def test_a_new_change_ends_the_redo_chain(ledger_with_plan):
    ledger, task_id, unit_id, period_id = ledger_with_plan
    _edit(ledger, task_id, unit_id, period_id, "甲")
    undo(ledger)
    _edit(ledger, task_id, unit_id, period_id, "乙")
    with pytest.raises(UndoRefusedError, match="没有可以重做"):
        redo(ledger)
    assert _entry(ledger, task_id, unit_id, period_id) == "乙"


def test_an_operation_that_changes_nothing_leaves_no_history(ledger_with_plan):
    ledger, task_id, unit_id, period_id = ledger_with_plan
    _edit(ledger, task_id, unit_id, period_id, "甲")
    count = len(history(ledger))
    changes = _edit(ledger, task_id, unit_id, period_id, "甲")
    assert changes.empty and len(history(ledger)) == count


def test_a_refused_operation_changes_nothing_and_leaves_no_history(ledger_with_plan):
    ledger, task_id, unit_id, period_id = ledger_with_plan
    count = len(history(ledger))
    with pytest.raises(Exception):
        with operation(ledger, "写一半就失败"):
            record_progress(ledger, task_id, unit_id, period_id, {"progress": "写了"})
            raise RuntimeError("boom")
    assert _entry(ledger, task_id, unit_id, period_id) is None
    assert len(history(ledger)) == count


def test_undo_of_a_row_changed_outside_the_history_is_refused(ledger_with_plan):
    ledger, task_id, unit_id, period_id = ledger_with_plan
    _edit(ledger, task_id, unit_id, period_id, "甲")
    with ledger.transaction():
        ledger.conn.execute("UPDATE progress SET progress = '别的程序改的'")
    with pytest.raises(UndoRefusedError, match="之后又被修改过"):
        undo(ledger)
    assert _entry(ledger, task_id, unit_id, period_id) == "别的程序改的"


@pytest.fixture
def ledger_with_plan(demo_ledger):
    task_id, unit_id = demo_ledger.row("SELECT task_id, unit_id FROM task_units ORDER BY task_id DESC LIMIT 1")
    period_id = demo_ledger.scalar(
        "SELECT id FROM periods WHERE state = 'open' AND id NOT IN (SELECT period_id FROM progress "
        "WHERE task_id = ? AND unit_id = ?) ORDER BY start DESC LIMIT 1", (task_id, unit_id))
    return demo_ledger, task_id, unit_id, period_id


def test_undoing_an_administrators_change_needs_the_password_too(demo_ledger, tmp_path):
    """Ctrl+Z is no way round the administrator rule: an operation in which a guarded verb ran (a plan edit) can
    be undone or redone only with the password proven, on the window's connection or on the command line."""
    import subprocess
    import sys

    from db.admin import AdminRequiredError, forget, prove, set_password
    from db.plan_edit import update_task

    set_password(demo_ledger, "管理员密码123")
    prove(demo_ledger, "管理员密码123")
    task_id, title = demo_ledger.row("SELECT id, title FROM tasks ORDER BY id LIMIT 1")
    with operation(demo_ledger, "修改任务", source="window"):
        update_task(demo_ledger, task_id, title="改过的任务名称")
    assert history(demo_ledger, 1)[0].needs_admin
    forget(demo_ledger)
    with pytest.raises(AdminRequiredError):
        undo(demo_ledger)
    assert demo_ledger.scalar("SELECT title FROM tasks WHERE id = ?", (task_id,)) == "改过的任务名称"
    path = demo_ledger.path
    demo_ledger.close()

    command = [sys.executable, "-m", "desktop", "undo", "--db", str(path)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1 and "管理员密码" in refused.stderr
    secret = tmp_path / "密码.txt"
    secret.write_text("管理员密码123\n", encoding="utf-8")
    done = subprocess.run(command + ["--admin-password-file", str(secret)], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    from db.ledger import Ledger

    with Ledger.open(path) as again:
        assert again.scalar("SELECT title FROM tasks WHERE id = ?", (task_id,)) == title


def test_an_ordinary_edit_is_undone_without_the_password(demo_ledger):
    from db.admin import forget, prove, set_password

    set_password(demo_ledger, "管理员密码123")
    prove(demo_ledger, "管理员密码123")       # an administrator at the desk edits progress like anyone
    task_id, unit_id = demo_ledger.row("SELECT task_id, unit_id FROM task_units ORDER BY task_id LIMIT 1")
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY start DESC LIMIT 1")
    _edit(demo_ledger, task_id, unit_id, period_id, "普通修改")
    assert not history(demo_ledger, 1)[0].needs_admin
    forget(demo_ledger)
    undo(demo_ledger)


def test_the_window_edits_are_named_operations_worded_by_the_core(demo_ledger):
    """db.ops.edits: each change is one function that runs its verb as an operation and names it from the ids."""
    from db.ops import edits

    task_id, unit_id = demo_ledger.row("SELECT task_id, unit_id FROM task_units ORDER BY task_id LIMIT 1")
    unit = demo_ledger.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
    number = demo_ledger.scalar("SELECT number FROM tasks WHERE id = ?", (task_id,))
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY start DESC LIMIT 1")
    changes = edits.record_progress(demo_ledger, task_id, unit_id, period_id, {"problems": "人手不足"})
    assert changes.label == f"存在问题（{unit} 任务{number}）" and PROGRESS in changes
    assert history(demo_ledger, 1)[0].label == changes.label
    renamed = edits.rename_unit(demo_ledger, unit_id, unit + "（新）")
    assert renamed.label == f"重命名单位 {unit} → {unit}（新）"
    undo(demo_ledger)
    assert demo_ledger.scalar("SELECT name FROM units WHERE id = ?", (unit_id,)) == unit


def test_a_password_change_is_never_undone(demo_ledger):
    """Ctrl+Z must not bring back an old administrator password for whoever sits at the desk."""
    from db.admin import verify_password
    from db.ops import edits

    edits.set_admin_password(demo_ledger, "第一个密码123")
    edits.set_admin_password(demo_ledger, "第二个密码456", old_password="第一个密码123")
    assert history(demo_ledger, 1)[0].state == "final"
    with pytest.raises(UndoRefusedError, match="不能撤销"):
        undo(demo_ledger, history(demo_ledger, 1)[0].id)
    assert verify_password(demo_ledger, "第二个密码456")
