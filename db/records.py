"""Generic audited row edits shared by the plan, unit and indicator verbs."""
from __future__ import annotations

from typing import Any, Callable

from db.errors import NotFoundError

Validator = Callable[[Any], Any]


def update_fields(ledger, table: str, row_id: int, changes: dict[str, Any], *,
                  validators: dict[str, Validator], entity: str, action: str, not_found: str,
                  context: Callable[[dict], dict] | None = None) -> dict[str, tuple[Any, Any]]:
    """Validate and apply `changes` to one row; one audit row per changed field.

    Returns {field: (old, new)} for the fields that really changed.
    """
    unknown = set(changes) - set(validators)
    if unknown:
        raise ValueError(f"unknown fields for {table}: {sorted(unknown)}")
    clean = {name: validators[name](value) for name, value in changes.items()}
    with ledger.transaction():
        row = ledger.row(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        if row is None:
            raise NotFoundError(not_found)
        current = dict(row)
        changed = {name: (current[name], value) for name, value in clean.items() if current[name] != value}
        if changed:
            assignments = ", ".join(f"{name} = ?" for name in changed)
            ledger.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                                [new for _, new in changed.values()] + [row_id])
            extra = context(current) if context else {}
            for name, (old, new) in changed.items():
                ledger.audit(action, entity, row_id, field=name, old=old, new=new, **extra)
    return changed


def next_position(ledger, table: str, where: str, params: tuple) -> int:
    value = ledger.scalar(f"SELECT MAX(position) FROM {table} WHERE {where}", params)
    return 0 if value is None else int(value) + 1


def move_in_order(ledger, table: str, row_id: int, delta: int, scope_column: str, *, entity: str,
                  context: Callable[[dict], dict] | None = None) -> bool:
    """Swap a row with its neighbour (delta -1 up, +1 down) within its scope. Returns True if moved."""
    with ledger.transaction():
        row = ledger.row(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        if row is None:
            raise NotFoundError("找不到要移动的条目。")
        scope = row[scope_column]
        scope_clause = f"{scope_column} IS ?" if scope is None else f"{scope_column} = ?"
        siblings = [r["id"] for r in ledger.rows(
            f"SELECT id FROM {table} WHERE {scope_clause} AND plan_id = ? ORDER BY position, id",
            (scope, row["plan_id"]))]
        index = siblings.index(row_id)
        target = index + delta
        if not 0 <= target < len(siblings):
            return False
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            ledger.conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", (position, sibling))
        extra = context(dict(row)) if context else {}
        ledger.audit("调整顺序", entity, row_id, field="position", old=index, new=target, **extra)
    return True
