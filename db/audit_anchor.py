"""The audit anchor: the audit trail's head (row count, last id, last hash) written beside the backups at every
backup and restore, one JSON line each (`台账备份/<name>.校验锚点.jsonl`). `ipledger check` compares the trail with
the newest anchor of the same ledger (db/integrity.py): rows deleted from the end of the trail show there even if
the file itself was re-sealed (db/tamper_seal.py).
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from db.integrity import connect_read_only

ANCHOR_SUFFIX = ".校验锚点.jsonl"


def anchor_path(folder: Path, stem: str) -> Path:
    return Path(folder) / f"{stem}{ANCHOR_SUFFIX}"


def audit_anchor_of(path: Path) -> dict | None:
    """The audit trail's head of a ledger file: {"ledger_id", "rows", "last_id", "last_hash"} (None: unreadable)."""
    try:
        conn = connect_read_only(path)
        try:
            ledger_id = conn.execute("SELECT value FROM settings WHERE key = 'ledger_id'").fetchone()
            rows = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
            last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return {"ledger_id": ledger_id[0] if ledger_id else None, "rows": rows,
            "last_id": last[0] if last else 0, "last_hash": last[1] if last else None}


def write_anchor(ledger_path: Path, folder: Path, *, source: Path | None = None, event: str = "备份") -> None:
    """Append the audit trail's head to the anchor file beside the backups (one JSON line per backup or restore):
    rows deleted from the trail later show against it (db.integrity, `ipledger check`)."""
    import json

    head = audit_anchor_of(source or ledger_path)
    if head is None:
        return
    head.update(at=datetime.now().replace(microsecond=0).isoformat(sep=" "), event=event)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(anchor_path(folder, Path(ledger_path).stem), "a", encoding="utf-8") as handle:
            handle.write(json.dumps(head, ensure_ascii=False) + "\n")
    except OSError:
        pass   # the anchor is an extra witness; a backup is not refused for it


def latest_anchor(ledger_path: Path | str, ledger_id: str | None, folder: Path | None = None) -> dict | None:
    """The newest anchor written for this ledger (same ledger_id) beside its backups."""
    import json

    from db.backup import backup_folder

    ledger_path = Path(ledger_path)
    where = folder or backup_folder(ledger_path)
    try:
        lines = anchor_path(where, ledger_path.stem).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        try:
            anchor = json.loads(line)
        except ValueError:
            continue
        if isinstance(anchor, dict) and anchor.get("ledger_id") == ledger_id:
            return anchor
    return None
