"""Every change the window makes, as one named operation of the core: `edits.record_progress(ledger, …)` runs the
db verb inside `operation()` (one transaction with its audit rows, captured for undo) under a label the core words
from the ids (进展情况（市科技局 任务4）), and returns the `Changes`. The window calls these through
`AppContext.run`; the command line calls the same ones where it makes the same change.

Each operation is made by `_operation(verb, label, kinds)`: the verb validates and writes, the label function
names what changed for the menus and the history. Long ones (plan import, returns, packages) live in their own
modules (db/ops/plan_import.py, reports/returns_import.py, db/rollup/store.py).
"""
from __future__ import annotations

import functools
from typing import Callable

from db import evidence as evidence_store
from db import plan_edit, units as unit_store
from db.ops.changes import INDICATORS, PERIODS, PLAN, PROGRESS, REPORT_TEXTS, REVIEWS, SETTINGS, UNITS, Changes
from db.ops.recorder import operation


def _operation(verb: Callable, label: Callable[..., str], kinds: set[str], *, undoable: bool = True):
    """An operation from a db verb: `run(ledger, *args, **kwargs) -> Changes` (the verb's return value in
    `changes.result`). The label is worded before the verb runs, so a deleted row can still be named."""
    @functools.wraps(verb)
    def run(ledger, *args, **kwargs) -> Changes:
        text = label(ledger, *args, **kwargs)
        with operation(ledger, text, kinds=kinds, undoable=undoable) as op:
            op.result = verb(ledger, *args, **kwargs)
        return op.changes
    run.label = label
    return run


# ----- names the labels use ------------------------------------------------------------------------------------
def _scalar(ledger, sql: str, key) -> str:
    value = ledger.scalar(sql, (key,))
    return "" if value is None else str(value)


def _unit(ledger, unit_id: int) -> str:
    return _scalar(ledger, "SELECT name FROM units WHERE id = ?", unit_id)


def _task(ledger, task_id: int) -> str:
    number = _scalar(ledger, "SELECT number FROM tasks WHERE id = ?", task_id)
    return f"任务{number}" if number else _scalar(ledger, "SELECT title FROM tasks WHERE id = ?", task_id)


def _title(ledger, table: str, row_id: int, column: str = "title") -> str:
    return _scalar(ledger, f"SELECT {column} FROM {table} WHERE id = ?", row_id)


def _period(ledger, period_id: int) -> str:
    return _scalar(ledger, "SELECT name FROM periods WHERE id = ?", period_id)


def _fields(changes: dict) -> str:
    from db.vocabulary import PROGRESS_FIELD_LABELS

    return "、".join(PROGRESS_FIELD_LABELS.get(name, name) for name in changes) or "进展"


# ----- progress, values, evidence, reviews ----------------------------------------------------------------------
def _confirm_unchanged(ledger, unit_id: int, period_id: int, task_ids: list[int]) -> int:
    from db.entry_flags import confirm_unchanged

    with ledger.transaction():
        return sum(bool(confirm_unchanged(ledger, task_id, unit_id, period_id)) for task_id in task_ids)


def _attach(ledger, task_id: int, unit_id: int, period_id: int, paths: list) -> list[int]:
    with ledger.transaction():   # all the files, or none
        return [evidence_store.add_evidence(ledger, task_id, unit_id, period_id, path) for path in paths]


def _review(ledger, unit_id: int, period_id: int, state: str, reason: str | None = None) -> int:
    from db.reviews import review_return

    return review_return(ledger, unit_id, period_id, state, reason)


def _review_label(ledger, unit_id, period_id, state, reason=None) -> str:
    from db.reviews import REVIEWED

    return f"{'审核通过' if state == REVIEWED else '退回填报'}（{_unit(ledger, unit_id)} {_period(ledger, period_id)}）"


def _record_progress(ledger, task_id, unit_id, period_id, changes):
    from db.progress import record_progress

    return record_progress(ledger, task_id, unit_id, period_id, changes)


def _record_value(ledger, indicator_id, period_id, **fields):
    from db.progress import record_indicator_value

    return record_indicator_value(ledger, indicator_id, period_id, **fields)


record_progress = _operation(
    _record_progress, lambda l, task_id, unit_id, period_id, changes:
    f"{_fields(changes)}（{_unit(l, unit_id)} {_task(l, task_id)}）", {PROGRESS})
record_indicator_value = _operation(
    _record_value, lambda l, indicator_id, period_id, **fields:
    f"指标{'数值' if 'value' in fields else '备注'}（{_title(l, 'indicators', indicator_id, 'name')}）", {INDICATORS})
attach_evidence = _operation(
    _attach, lambda l, task_id, unit_id, period_id, paths:
    f"添加佐证材料 {'、'.join(getattr(p, 'name', str(p)) for p in paths)}", {PROGRESS})
remove_evidence = _operation(
    evidence_store.remove_evidence, lambda l, evidence_id:
    f"删除佐证材料 {_title(l, 'evidence', evidence_id, 'original_name')}", {PROGRESS})
confirm_unchanged = _operation(
    _confirm_unchanged, lambda l, unit_id, period_id, task_ids: f"确认与上期相同（{_unit(l, unit_id)}）", {PROGRESS})
review_return = _operation(_review, _review_label, {PROGRESS, REVIEWS})


# ----- periods ----------------------------------------------------------------------------------------------------
def _close(ledger, period_id):
    from db.reviews import close_period

    return close_period(ledger, period_id)


def _reopen(ledger, period_id, reason):
    from db.reviews import reopen_period

    return reopen_period(ledger, period_id, reason)


def _schedule(ledger, plan_id, kind, due_rule, indicator_kind=None):
    from db.schedule import set_schedule

    return set_schedule(ledger, plan_id, kind, due_rule, indicator_kind)


def _generate(ledger, plan_id, *, update_due=False):
    from db.schedule import generate_periods

    return generate_periods(ledger, plan_id, update_due=update_due)


def _warning_days(ledger, days):
    from db.lights import set_warning_days

    return set_warning_days(ledger, days)


def _due(ledger, period_id, due):
    from db.periods import set_period_due

    return set_period_due(ledger, period_id, due)


def _adhoc(ledger, plan_id, name, start, end, due=None):
    from db.periods import add_adhoc_period

    return add_adhoc_period(ledger, plan_id, name, start, end, due)


close_period = _operation(_close, lambda l, period_id: f"关闭报告期 {_period(l, period_id)}", {PERIODS})
reopen_period = _operation(_reopen, lambda l, period_id, reason: f"重新开放报告期 {_period(l, period_id)}", {PERIODS})
set_schedule = _operation(_schedule, lambda l, *a, **k: "设置填报周期", {PERIODS})
generate_periods = _operation(_generate, lambda l, *a, **k: "生成报告期", {PERIODS})
set_warning_days = _operation(_warning_days, lambda l, days: f"设置临期预警天数（{days}天）", {SETTINGS})
set_period_due = _operation(_due, lambda l, period_id, due: f"修改截止日期（{_period(l, period_id)}）", {PERIODS})
add_adhoc_period = _operation(_adhoc, lambda l, plan_id, name, *a, **k: f"新增临时报告期 {name}", {PERIODS})


# ----- units --------------------------------------------------------------------------------------------------
create_unit = _operation(unit_store.create_unit, lambda l, name, **k: f"新增单位 {name}", {UNITS})
update_unit = _operation(unit_store.update_unit, lambda l, unit_id, **k: f"修改单位 {_unit(l, unit_id)}", {UNITS})
rename_unit = _operation(unit_store.rename_unit, lambda l, unit_id, new_name, **k:
                         f"重命名单位 {_unit(l, unit_id)} → {new_name}", {UNITS})
merge_units = _operation(unit_store.merge_units, lambda l, keep_id, merge_id:
                         f"合并单位 {_unit(l, merge_id)} → {_unit(l, keep_id)}", {UNITS, PROGRESS, PLAN})
add_alias = _operation(unit_store.add_alias, lambda l, unit_id, alias: f"添加别名 {alias}（{_unit(l, unit_id)}）",
                       {UNITS})
remove_alias = _operation(unit_store.remove_alias, lambda l, alias: f"删除别名 {alias}", {UNITS})
delete_unit = _operation(unit_store.delete_unit, lambda l, unit_id: f"删除单位 {_unit(l, unit_id)}", {UNITS})


# ----- the plan ---------------------------------------------------------------------------------------------------
def _assign(ledger, task_id: int, assignments: list[tuple[str, str]]) -> bool:
    """Set a task's units from (name, role) pairs; a name not yet known becomes a new unit."""
    with ledger.transaction():
        resolved = [(unit_store.find_unit(ledger, name) or unit_store.create_unit(ledger, name), role)
                    for name, role in assignments]
        plan_edit.set_task_units(ledger, task_id, resolved)
    return True


def _add_section(ledger, plan_id: int, values: dict) -> int:
    """A new section from the 新增章节 form (title, number, parent, optional introduction)."""
    with ledger.transaction():
        section_id = plan_edit.add_section(ledger, plan_id, values["title"], number=values["number"].strip(),
                                           parent_id=values["parent_id"])
        if values.get("intro", "").strip():
            plan_edit.update_section(ledger, section_id, intro=values["intro"])
    return section_id


def _add_task(ledger, plan_id: int, values: dict) -> int:
    """A new task from the 新增任务 form (title, section, number, text, deadline, phase, applicability, sub-items)."""
    with ledger.transaction():
        task_id = plan_edit.add_task(ledger, plan_id, values["title"], section_id=values["section_id"],
                                     number=values["number"].strip(), text=values["text"],
                                     deadline=values["deadline"].strip())
        extra = {k: values[k] for k in ("phase_id", "applicability", "subitems") if values.get(k)}
        if extra:
            plan_edit.update_task(ledger, task_id, **extra)
    return task_id


def _moved(what: str):
    return lambda l, row_id, delta: f"{'上移' if delta < 0 else '下移'}{what}"


update_plan_info = _operation(plan_edit.update_plan_info, lambda l, plan_id, **k:
                              f"修改方案信息 {_title(l, 'plans', plan_id)}", {PLAN})
delete_plan = _operation(plan_edit.delete_plan, lambda l, plan_id: f"删除方案 {_title(l, 'plans', plan_id)}", {PLAN})
add_section = _operation(_add_section, lambda l, plan_id, values: f"新增章节 {values['title']}", {PLAN})
update_section = _operation(plan_edit.update_section, lambda l, section_id, **k:
                            f"修改章节 {_title(l, 'sections', section_id)}", {PLAN})
delete_section = _operation(plan_edit.delete_section, lambda l, section_id:
                            f"删除章节 {_title(l, 'sections', section_id)}", {PLAN})
move_section = _operation(plan_edit.move_section, lambda l, section_id, delta:
                          _moved("章节")(l, section_id, delta) + f" {_title(l, 'sections', section_id)}", {PLAN})
add_task = _operation(_add_task, lambda l, plan_id, values: f"新增任务 {values['title']}", {PLAN})
update_task = _operation(plan_edit.update_task, lambda l, task_id, **k:
                         f"修改任务 {_title(l, 'tasks', task_id)}", {PLAN})
delete_task = _operation(plan_edit.delete_task, lambda l, task_id: f"删除任务 {_title(l, 'tasks', task_id)}", {PLAN})
move_task = _operation(plan_edit.move_task, lambda l, task_id, delta:
                       _moved("任务")(l, task_id, delta) + f" {_title(l, 'tasks', task_id)}", {PLAN})
assign_task_units = _operation(_assign, lambda l, task_id, assignments:
                               f"分配单位 {_title(l, 'tasks', task_id)}", {PLAN, UNITS})
add_indicator = _operation(plan_edit.add_indicator, lambda l, plan_id, name, **k: f"新增指标 {name}", {PLAN})
update_indicator = _operation(plan_edit.update_indicator, lambda l, indicator_id, **k:
                              f"修改指标 {_title(l, 'indicators', indicator_id, 'name')}", {PLAN})
delete_indicator = _operation(plan_edit.delete_indicator, lambda l, indicator_id:
                              f"删除指标 {_title(l, 'indicators', indicator_id, 'name')}", {PLAN})
move_indicator = _operation(plan_edit.move_indicator, lambda l, indicator_id, delta:
                            _moved("指标")(l, indicator_id, delta)
                            + f" {_title(l, 'indicators', indicator_id, 'name')}", {PLAN})
add_phase = _operation(plan_edit.add_phase, lambda l, plan_id, name, *a, **k: f"新增阶段 {name}", {PLAN})
update_phase = _operation(plan_edit.update_phase, lambda l, phase_id, **k:
                          f"修改阶段 {_title(l, 'phases', phase_id, 'name')}", {PLAN})
delete_phase = _operation(plan_edit.delete_phase, lambda l, phase_id:
                          f"删除阶段 {_title(l, 'phases', phase_id, 'name')}", {PLAN})


# ----- settings ---------------------------------------------------------------------------------------------------
def _report_text(ledger, plan_id, key, body, period_key=""):
    from db.report_texts import set_report_text

    return set_report_text(ledger, plan_id, key, body, period_key)


def _report_text_label(ledger, plan_id, key, body, period_key="") -> str:
    from db.report_texts import ACCEPTANCE_TEXT_KEYS, PROGRESS_TEXT_KEYS

    return f"修改报告内容“{PROGRESS_TEXT_KEYS.get(key) or ACCEPTANCE_TEXT_KEYS.get(key) or key}”"


def _backup_folder(ledger, folder):
    from db.backup import set_backup_folder

    return set_backup_folder(ledger, folder)


def _password(ledger, new_password, *, old_password=None):
    from db.admin import set_password

    return set_password(ledger, new_password, old_password=old_password)


set_report_text = _operation(_report_text, _report_text_label, {REPORT_TEXTS})
set_backup_folder = _operation(_backup_folder, lambda l, folder: "修改备份文件夹", {SETTINGS})
# A password is never undone: Ctrl+Z would otherwise bring back the old one for whoever sits at the desk.
set_admin_password = _operation(_password, lambda l, *a, **k: "修改管理员密码", {SETTINGS}, undoable=False)
