"""Undo and redo in the core, from the rows each operation captured (db/ops/recorder.py).

Undo writes each row's before-image back; redo writes the after-image again. Both refuse, naming who changed
what and when, if a later operation (or anything outside the history) touched the same rows since: they never
overwrite newer data. The history survives a restart because it lives in the ledger.
"""
from __future__ import annotations

from dataclasses import dataclass

from db.errors import UndoRefusedError
from db.ops.recorder import (changes_from, decode_image, install_capture, row_image)
from db.ops.changes import Changes

SOURCE_WORDS = {"window": "窗口", "command": "命令行", "import": "导入"}
STATE_WORDS = {"done": "已执行", "undone": "已撤销", "discarded": "已撤销（不可重做）", "final": "不可撤销"}


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    label: str
    who: str
    at: str
    source: str
    state: str
    kinds: tuple[str, ...]
    needs_admin: bool = False

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "who": self.who, "at": self.at, "source": self.source,
                "state": self.state}

    @property
    def state_word(self) -> str:
        return STATE_WORDS.get(self.state, self.state)


def _entry(row) -> HistoryEntry:
    return HistoryEntry(id=row[0], label=row[1], who=row[2] or "", at=row[3], source=row[4], state=row[5],
                        kinds=tuple(k for k in (row[6] or "").split(",") if k), needs_admin=bool(row[7]))


_COLUMNS = "id, label, actor, at, source, state, kinds, needs_admin"


def history(ledger, limit: int | None = 100) -> list[HistoryEntry]:
    """Operations newest first."""
    sql = f"SELECT {_COLUMNS} FROM operations ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_entry(row) for row in ledger.rows(sql)]


def next_undo(ledger) -> HistoryEntry | None:
    """The operation Ctrl+Z would undo: the newest one still done."""
    row = ledger.row(f"SELECT {_COLUMNS} FROM operations WHERE state = 'done' ORDER BY id DESC LIMIT 1")
    return _entry(row) if row else None


def next_redo(ledger) -> HistoryEntry | None:
    """The operation Ctrl+Y would redo: the one undone last."""
    row = ledger.row(f"SELECT {_COLUMNS} FROM operations WHERE state = 'undone' ORDER BY undo_seq DESC LIMIT 1")
    return _entry(row) if row else None


def _describe(entry: HistoryEntry) -> str:
    who = entry.who or "（未署名）"
    return f"{who} 于 {entry.at} 通过{SOURCE_WORDS.get(entry.source, entry.source)}“{entry.label}”"


def _later_conflict(ledger, operation_id: int) -> HistoryEntry | None:
    """The first later, still-done operation that wrote any row this one wrote."""
    row = ledger.row(
        f"SELECT {', '.join('o.' + c.strip() for c in _COLUMNS.split(','))} FROM operations o "
        "WHERE o.id > ? AND o.state IN ('done', 'final') AND EXISTS ("
        "  SELECT 1 FROM operation_rows mine JOIN operation_rows later"
        "    ON later.table_name = mine.table_name AND later.row_key = mine.row_key"
        "  WHERE mine.operation_id = ? AND later.operation_id = o.id) "
        "ORDER BY o.id LIMIT 1", (operation_id, operation_id))
    return _entry(row) if row else None


def _pk_is_rowid(ledger, table: str) -> bool:
    cached = ledger.__dict__.setdefault("_rowid_alias", {})
    if table not in cached:
        pks = [r for r in ledger.conn.execute(f'PRAGMA main.table_info("{table}")') if r[5]]
        cached[table] = len(pks) == 1 and (pks[0][2] or "").upper() == "INTEGER"
    return cached[table]


def _write_image(ledger, table: str, row_key: int, image: str | None) -> None:
    conn = ledger.conn
    if image is None:
        conn.execute(f'DELETE FROM main."{table}" WHERE rowid = ?', (row_key,))
        return
    values = decode_image(ledger, table, image)
    exists = conn.execute(f'SELECT 1 FROM main."{table}" WHERE rowid = ?', (row_key,)).fetchone()
    names = list(values)
    if exists:
        assignments = ", ".join(f'"{name}" = ?' for name in names)
        conn.execute(f'UPDATE main."{table}" SET {assignments} WHERE rowid = ?',
                     [values[n] for n in names] + [row_key])
    else:
        columns = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        if _pk_is_rowid(ledger, table):
            conn.execute(f'INSERT INTO main."{table}" ({columns}) VALUES ({marks})', [values[n] for n in names])
        else:
            conn.execute(f'INSERT INTO main."{table}" (rowid, {columns}) VALUES (?, {marks})',
                         [row_key] + [values[n] for n in names])


def _replay(ledger, entry: HistoryEntry, *, backwards: bool) -> Changes:
    """Write one operation's before-images (undo) or after-images (redo), after checking every row still stands
    where the operation left it (undo) or found it (redo)."""
    rows = ledger.rows("SELECT table_name, row_key, before, after FROM operation_rows WHERE operation_id = ? "
                       "ORDER BY id", (entry.id,))
    verb = "撤销" if backwards else "重做"
    for table, key, before, after in rows:
        expected = after if backwards else before
        if table not in ledger._capture_columns:
            raise UndoRefusedError(f"无法{verb}“{entry.label}”：它改动的数据表已不存在。")
        if row_image(ledger, table, key) != expected:
            raise UndoRefusedError(
                f"无法{verb}“{entry.label}”：它改动过的内容之后又被修改过（不在修改记录中，例如另一个程序直接改了台账）。"
                f"为免覆盖较新的数据，未作任何改动。请在相应页面直接修改。")
    ledger.conn.execute("PRAGMA defer_foreign_keys = ON")
    ordered = list(reversed(rows)) if backwards else rows
    touched: dict[str, set[int]] = {}
    ledger.audit(f"{verb}操作", "operation", entry.id, new=entry.label)
    for table, key, before, after in ordered:
        old_image, new_image = (after, before) if backwards else (before, after)
        _write_image(ledger, table, key, new_image)
        _audit_row(ledger, verb, table, key, old_image, new_image)
        touched.setdefault(table, set()).add(key)
    return changes_from(f"{verb}：{entry.label}", entry.id, touched, entry.kinds)


# The audit trail's entity word for a ledger table (as the verbs write it), where it differs from the table name.
AUDIT_ENTITIES = {"tasks": "task", "units": "unit", "plans": "plan", "sections": "section", "phases": "phase",
                  "indicators": "indicator", "indicator_values": "indicator_value", "periods": "period",
                  "settings": "setting", "report_texts": "report_text", "imported_returns": "imported_return",
                  "issued_forms": "issued_form"}
CONTEXT_COLUMNS = ("plan_id", "task_id", "unit_id", "period_id")


def _audit_row(ledger, verb: str, table: str, key: int, old_image: str | None, new_image: str | None) -> None:
    """The audit trail sees an undo or redo as it sees any edit: one row per field changed (a row that appears or
    disappears is one row)."""
    import json

    old = json.loads(old_image) if old_image else None
    new = json.loads(new_image) if new_image else None
    either = new or old or {}
    context = {name: either.get(name) for name in CONTEXT_COLUMNS if isinstance(either.get(name), int)}
    entity = AUDIT_ENTITIES.get(table, table)
    if old is None or new is None:
        ledger.audit(f"{verb}：{'恢复' if old is None else '删除'}", entity, key, **context)
        return
    for name, value in new.items():
        if old.get(name) != value:
            ledger.audit(verb, entity, key, field=name, old=old.get(name), new=value, **context)


def _require_admin_if_guarded(ledger, entry: HistoryEntry, verb: str) -> None:
    """An operation an administrator's rule guarded (a plan edit, closing a period…) is undone or redone under the
    same rule: otherwise Ctrl+Z would be a way round the password."""
    if entry.needs_admin:
        from db.admin import require_admin

        require_admin(ledger, f"{verb}“{entry.label}”")


def target(ledger, verb: str, operation_id: int | None = None) -> HistoryEntry | None:
    """The operation `undo` / `redo` would act on (for callers that must ask for the password first)."""
    if operation_id is not None:
        row = ledger.row(f"SELECT {_COLUMNS} FROM operations WHERE id = ?", (operation_id,))
        return _entry(row) if row else None
    return next_undo(ledger) if verb == "undo" else next_redo(ledger)


def _chosen(ledger, verb: str, operation_id: int | None) -> HistoryEntry:
    """The operation to undo or redo (`target`), or the Chinese reason there is none."""
    entry = target(ledger, verb, operation_id)
    if entry is not None:
        return entry
    if operation_id is not None:
        raise UndoRefusedError(f"修改记录中没有第 {operation_id} 号操作。请用“ipledger history”查看可撤销的操作。")
    raise UndoRefusedError("没有可以撤销的操作。" if verb == "undo" else "没有可以重做的操作。")


def undo(ledger, operation_id: int | None = None) -> Changes:
    """Undo the newest operation (or the one named); refuse, changing nothing, if a later one touched its rows."""
    install_capture(ledger)
    with ledger.transaction():
        entry = _chosen(ledger, "undo", operation_id)
        if entry.state == "final":
            raise UndoRefusedError(f"“{entry.label}”不能撤销（例如已写出的文件、密码或恢复备份）。")
        if entry.state != "done":
            raise UndoRefusedError(f"“{entry.label}”已经撤销过了。")
        _require_admin_if_guarded(ledger, entry, "撤销")
        later = _later_conflict(ledger, entry.id)
        if later is not None:
            raise UndoRefusedError(
                f"无法撤销“{entry.label}”：之后 {_describe(later)} 修改了同一内容。为免覆盖较新的数据，未作任何改动。"
                f"如确需撤销，请先撤销那次操作（第 {later.id} 号）。")
        changes = _replay(ledger, entry, backwards=True)
        seq = (ledger.scalar("SELECT MAX(undo_seq) FROM operations") or 0) + 1
        ledger.conn.execute("UPDATE operations SET state = 'undone', undo_seq = ?, undone_at = ?, undone_by = ? "
                            "WHERE id = ?", (seq, ledger.now(), ledger.actor, entry.id))
    return changes


def redo(ledger, operation_id: int | None = None) -> Changes:
    """Redo the operation undone last (or the one named); refuse if its rows changed since it was undone."""
    install_capture(ledger)
    with ledger.transaction():
        entry = _chosen(ledger, "redo", operation_id)
        if entry.state != "undone":
            raise UndoRefusedError(f"“{entry.label}”没有被撤销，不能重做。")
        _require_admin_if_guarded(ledger, entry, "重做")
        later = _later_conflict(ledger, entry.id)
        if later is not None:
            raise UndoRefusedError(
                f"无法重做“{entry.label}”：撤销之后 {_describe(later)} 修改了同一内容。为免覆盖较新的数据，未作任何改动。")
        changes = _replay(ledger, entry, backwards=False)
        ledger.conn.execute("UPDATE operations SET state = 'done', undo_seq = NULL, undone_at = NULL, "
                            "undone_by = NULL WHERE id = ?", (entry.id,))
    return changes
