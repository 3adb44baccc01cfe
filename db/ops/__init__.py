"""The operation layer: every change a clerk or a command makes is one operation.

    with operation(ledger, "修改进展 市科技局 任务4", kinds={PROGRESS}) as op:
        ...  # db verbs write, audit rows go with them
    op.changes  # what changed (db.ops.changes.Changes)

`operation` opens the one transaction, records the operation in the ledger's history and captures every row it
writes; `undo` / `redo` (db.ops.replay) write those rows back after checking nothing newer touched them; `history`
lists the operations newest first. ui/ and desktop/ call these, never SQL.

The names load on first use (PEP 562), so importing the kind words (db.ops.changes) at the window's start does
not load the recorder and undo.
"""
from __future__ import annotations

import importlib

from db.ops.changes import Changes

_LAZY = {"Operation": "db.ops.recorder", "operation": "db.ops.recorder",
         "undo": "db.ops.replay", "redo": "db.ops.replay", "history": "db.ops.replay", "next_undo": "db.ops.replay",
         "next_redo": "db.ops.replay", "HistoryEntry": "db.ops.replay"}

__all__ = ["Changes", "Operation", "operation", "undo", "redo", "history", "next_undo", "next_redo",
           "HistoryEntry", "run"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'db.ops' has no attribute {name!r}")


def run(ledger, label: str, action, *args, kinds=(), source: str | None = None, undoable: bool = True,
        **kwargs) -> Changes:
    """Run `action(ledger, *args, **kwargs)` as one operation; the Changes carry its return value in `result`."""
    from db.ops.recorder import operation

    with operation(ledger, label, kinds=kinds, source=source, undoable=undoable) as op:
        op.result = action(ledger, *args, **kwargs)
    return op.changes
