"""Edits the window makes that take more than one db verb: each is one function here, so that the window never
opens a transaction itself. They run inside the caller's operation (ui.context.AppContext.apply → db.ops)."""
from __future__ import annotations

from pathlib import Path

from db import evidence as evidence_store
from db import plan_edit
from db.units import create_unit, find_unit


def add_section_from_form(ledger, plan_id: int, values: dict) -> int:
    """A new section from the 新增章节 form (title, number, parent, optional introduction)."""
    with ledger.transaction():
        section_id = plan_edit.add_section(ledger, plan_id, values["title"], number=values["number"].strip(),
                                           parent_id=values["parent_id"])
        if values.get("intro", "").strip():
            plan_edit.update_section(ledger, section_id, intro=values["intro"])
    return section_id


def add_task_from_form(ledger, plan_id: int, values: dict) -> int:
    """A new task from the 新增任务 form (title, section, number, text, deadline, phase, applicability, sub-items)."""
    with ledger.transaction():
        task_id = plan_edit.add_task(ledger, plan_id, values["title"], section_id=values["section_id"],
                                     number=values["number"].strip(), text=values["text"],
                                     deadline=values["deadline"].strip())
        extra = {k: values[k] for k in ("phase_id", "applicability", "subitems") if values.get(k)}
        if extra:
            plan_edit.update_task(ledger, task_id, **extra)
    return task_id


def assign_task_units_by_name(ledger, task_id: int, assignments: list[tuple[str, str]]) -> bool:
    """Set a task's units from (name, role) pairs; a name not yet known becomes a new unit."""
    with ledger.transaction():
        resolved = [(find_unit(ledger, name) or create_unit(ledger, name), role) for name, role in assignments]
        plan_edit.set_task_units(ledger, task_id, resolved)
    return True


def attach_evidence_files(ledger, task_id: int, unit_id: int, period_id: int, paths: list[Path]) -> list[int]:
    """Attach several files to one progress entry, all or none."""
    with ledger.transaction():
        return [evidence_store.add_evidence(ledger, task_id, unit_id, period_id, path) for path in paths]
