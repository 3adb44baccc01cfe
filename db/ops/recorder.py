"""Recording operations: one transaction, one history row, every written row captured before and after.

`operation(ledger, label, ...)` is the only road by which a change reaches the ledger. Inside it the
connection's temporary triggers copy each inserted, updated or deleted row of every ledger table (as a JSON
image) into `operation_rows`; at the end the captures are folded to one before/after pair per row. Undo and
redo (db/ops/replay.py) work from those pairs, so they need no hand-written inverse per verb.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from db.ops.changes import TABLE_KINDS, Changes

# Tables never captured: the history itself, the audit trail (append-only, never undone), bookkeeping, FTS.
NOT_CAPTURED = {"operations", "operation_rows", "audit", "schema_migrations", "sqlite_sequence", "sqlite_stat1",
                "sqlite_stat4", "security_state"}   # security_state: the tamper seal, kept by db/tamper_seal.py

# Settings that are the program's own bookkeeping, not a clerk's change (never captured, never undone).
BOOKKEEPING_SETTINGS = ("current_plan_id", "audit_key", "audit_keyed_from")   # the last two: db/tamper_seal.py

SOURCES = {"窗口": "window", "命令行": "command", "导入文件": "import"}


def source_code(ledger) -> str:
    """The history's source word for a ledger's connection: window, command or import."""
    return SOURCES.get(ledger.source, ledger.source if ledger.source in SOURCES.values() else "command")


@dataclass
class Operation:
    """The operation being recorded (what `operation()` yields)."""

    ledger: object
    label: str
    kinds: set[str] = field(default_factory=set)     # the kinds the caller expects to change
    forced: set[str] = field(default_factory=set)    # kinds changed in ways row capture cannot see
    needs_admin: bool = False                        # set by db.admin.require_admin when a guarded verb ran
    id: int | None = None
    changes: Changes | None = None
    result: object = None

    def touched(self, kind: str) -> None:
        """Name a kind of data changed that row capture cannot see (e.g. a file written alongside)."""
        self.forced.add(kind)
        self.kinds.add(kind)


def captured_tables(conn) -> dict[str, list[tuple[str, bool]]]:
    """Each ledger table that is captured, with its columns as (name, is_blob)."""
    tables = {}
    for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                "'CREATE VIRTUAL%' ORDER BY name"):
        if name in NOT_CAPTURED or name.startswith("sqlite_") or "_fts" in name:
            continue
        columns = [(row[1], (row[2] or "").upper() == "BLOB")
                   for row in conn.execute(f'PRAGMA main.table_info("{name}")')]
        tables[name] = columns
    return tables


def _image_sql(prefix: str, columns: list[tuple[str, bool]]) -> str:
    parts = []
    for name, is_blob in columns:
        value = f'hex({prefix}."{name}")' if is_blob else f'{prefix}."{name}"'
        parts.append(f"'{name}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


def install_capture(ledger) -> None:
    """Create this connection's temporary capture triggers (once per connection)."""
    if getattr(ledger, "_capture_installed", False):
        return
    conn = ledger.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS op_current (operation_id INTEGER)")
    tables = captured_tables(conn)
    for name, columns in tables.items():
        new_image, old_image = _image_sql("NEW", columns), _image_sql("OLD", columns)
        when = "WHEN (SELECT operation_id FROM temp.op_current) IS NOT NULL"
        if name == "settings":
            keys = ", ".join(f"'{key}'" for key in BOOKKEEPING_SETTINGS)
            when += f" AND {{row}}.key NOT IN ({keys})"
        insert = ("INSERT INTO operation_rows (operation_id, table_name, row_key, before, after) "
                  "VALUES ((SELECT operation_id FROM temp.op_current), '{table}', {key}, {before}, {after});")
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "op_{name}_insert" AFTER INSERT ON main."{name}" '
            f'{when.format(row="NEW")} BEGIN '
            + insert.format(table=name, key="NEW.rowid", before="NULL", after=new_image) + " END")
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "op_{name}_update" AFTER UPDATE ON main."{name}" '
            f'{when.format(row="NEW")} BEGIN '
            + insert.format(table=name, key="NEW.rowid", before=old_image, after=new_image) + " END")
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "op_{name}_delete" AFTER DELETE ON main."{name}" '
            f'{when.format(row="OLD")} BEGIN '
            + insert.format(table=name, key="OLD.rowid", before=old_image, after="NULL") + " END")
    ledger._capture_installed = True
    ledger._capture_columns = tables


def _fold(ledger, operation_id: int) -> dict[str, set[int]]:
    """Fold the raw captures of one operation into one (first before, last after) pair per row; drop rows whose
    net change is nothing. Returns table -> row keys changed."""
    conn = ledger.conn
    raw = conn.execute("SELECT id, table_name, row_key, before, after FROM operation_rows "
                       "WHERE operation_id = ? ORDER BY id", (operation_id,)).fetchall()
    if not raw:
        return {}
    folded: dict[tuple[str, int], list] = {}
    order: dict[tuple[str, int], int] = {}
    for capture_id, table, key, before, after in raw:
        slot = (table, key)
        if slot in folded:
            folded[slot][1] = after
        else:
            folded[slot] = [before, after]
        order[slot] = capture_id  # the last write decides where the row stands in the replay order
    if len(folded) == len(raw):
        kept = {slot: pair for slot, pair in folded.items() if pair[0] != pair[1]}
        if len(kept) == len(folded):
            return _changed_keys(kept)
    conn.execute("DELETE FROM operation_rows WHERE operation_id = ?", (operation_id,))
    kept = {}
    for slot in sorted(folded, key=order.get):
        before, after = folded[slot]
        if before == after:
            continue
        kept[slot] = (before, after)
        conn.execute("INSERT INTO operation_rows (operation_id, table_name, row_key, before, after) "
                     "VALUES (?, ?, ?, ?, ?)", (operation_id, slot[0], slot[1], before, after))
    return _changed_keys(kept)


def _changed_keys(pairs: dict) -> dict[str, set[int]]:
    keys: dict[str, set[int]] = {}
    for table, key in pairs:
        keys.setdefault(table, set()).add(key)
    return keys


def changes_from(label: str, operation_id: int | None, tables: dict[str, set[int]], extra_kinds: Iterable[str],
                 result=None) -> Changes:
    kinds = set(extra_kinds)
    ids: dict[str, set[int]] = {}
    for table, keys in tables.items():
        kind = TABLE_KINDS.get(table, table)
        kinds.add(kind)
        ids.setdefault(kind, set()).update(keys)
    return Changes(label=label, kinds=frozenset(kinds), ids={k: frozenset(v) for k, v in ids.items()},
                   operation_id=operation_id, result=result)


@contextmanager
def operation(ledger, label: str, *, kinds: Iterable[str] = (), source: str | None = None,
              undoable: bool = True) -> Iterator[Operation]:
    """Record one operation: a transaction, a history row, and every row written captured for undo.

    Nested inside another operation it joins that one (one history row for the whole). After the block,
    `op.changes` says what changed. An operation that changed nothing leaves no history row.
    """
    op = Operation(ledger, label, set(kinds))
    outer = getattr(ledger, "_current_operation", None)
    if outer is not None:
        yield op
        outer.kinds.update(op.kinds)
        op.changes = Changes(label=label, kinds=frozenset(op.kinds), operation_id=outer.id, result=op.result)
        return
    install_capture(ledger)
    with ledger.transaction():
        conn = ledger.conn
        cursor = conn.execute(
            "INSERT INTO operations (label, actor, source, at, state) VALUES (?, ?, ?, ?, ?)",
            (label, ledger.actor, source or source_code(ledger), ledger.now(), "done" if undoable else "final"))
        op.id = cursor.lastrowid
        conn.execute("DELETE FROM temp.op_current")
        conn.execute("INSERT INTO temp.op_current (operation_id) VALUES (?)", (op.id,))
        ledger._current_operation = op
        try:
            yield op
        finally:
            ledger._current_operation = None
            conn.execute("DELETE FROM temp.op_current")
        tables = _fold(ledger, op.id)
        if not tables and not op.forced:
            conn.execute("DELETE FROM operations WHERE id = ?", (op.id,))
            op.changes = Changes(label=label, operation_id=None, result=op.result)
            return
        op.changes = changes_from(label, op.id, tables, op.kinds, op.result)
        conn.execute("UPDATE operations SET kinds = ?, needs_admin = ? WHERE id = ?",
                     (",".join(sorted(op.changes.kinds)), int(op.needs_admin), op.id))
        if undoable:
            # a new change ends the redo chain (as in every editor)
            conn.execute("UPDATE operations SET state = 'discarded' WHERE state = 'undone'")


def row_image(ledger, table: str, row_key: int) -> str | None:
    """The row as it stands now, as the same JSON image the triggers write (None when absent)."""
    columns = ledger._capture_columns[table]
    found = ledger.conn.execute(f'SELECT {_image_sql("t", columns)} FROM main."{table}" AS t WHERE t.rowid = ?',
                                (row_key,)).fetchone()
    return found[0] if found else None


def decode_image(ledger, table: str, image: str) -> dict:
    values = json.loads(image)
    for name, is_blob in ledger._capture_columns[table]:
        if is_blob and values.get(name) is not None:
            values[name] = bytes.fromhex(values[name])
    return values
