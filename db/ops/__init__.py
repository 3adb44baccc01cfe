"""The operation layer: every change a clerk or a command makes is one operation.

    with operation(ledger, "修改进展 市科技局 任务4", kinds={PROGRESS}) as op:
        ...  # db verbs write, audit rows go with them
    op.changes  # what changed (db.ops.changes.Changes)

`operation` opens the one transaction, records the operation in the ledger's history and captures every row it
writes; `undo` / `redo` (db.ops.undo) write those rows back after checking nothing newer touched them; `history`
lists the operations newest first. ui/ and desktop/ call these, never SQL.
"""
from __future__ import annotations

from db.ops.changes import Changes
from db.ops.recorder import Operation, operation
from db.ops.undo import HistoryEntry, history, next_redo, next_undo, redo, undo

__all__ = ["Changes", "Operation", "operation", "undo", "redo", "history", "next_undo", "next_redo",
           "HistoryEntry", "run"]


def run(ledger, label: str, action, *args, kinds=(), source: str | None = None, undoable: bool = True,
        **kwargs) -> Changes:
    """Run `action(ledger, *args, **kwargs)` as one operation; the Changes carry its return value in `result`."""
    with operation(ledger, label, kinds=kinds, source=source, undoable=undoable) as op:
        op.result = action(ledger, *args, **kwargs)
    return op.changes
