"""Importing a plan document is one operation: a backup first, then the whole plan stored in one transaction,
recorded in the history so that one Ctrl+Z (or `ipledger undo`) takes it out again. The window's review dialog
and `ipledger import-plan` both call `import_plan`."""
from __future__ import annotations

from db.ops.changes import ALL, Changes
from db.ops.recorder import operation


def plan_import_label(plan: dict) -> str:
    return f"导入方案“{plan.get('title') or '(无标题)'}”"


def import_plan(ledger, plan: dict, *, source_name: str | None = None, unit_mapping: dict | None = None,
                source: str = "import") -> Changes:
    """Back up the ledger, then store the parsed (and reviewed) plan as a new plan; `changes.result` is its id.
    Nothing is written if the plan is refused."""
    from db.backup import backup_before
    from db.plan_store import store_plan

    backup_before(ledger, "import-plan")
    with operation(ledger, plan_import_label(plan), kinds={ALL}, source=source) as op:
        op.result = store_plan(ledger, plan, unit_mapping=unit_mapping, source_name=source_name)
    return op.changes
