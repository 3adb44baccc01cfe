"""Verify the audit trail's hash chain: each row's hash covers its content and the previous row's hash.

A row edited, inserted or deleted in the middle of the trail breaks the chain at that row;
`verify_chain` names the first broken row so `ipledger check` can say where.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from db.ledger import AUDIT_HASHED_FIELDS, GENESIS_HASH

_COLUMNS = ", ".join(("id", *AUDIT_HASHED_FIELDS, "prev_hash", "hash"))
_BATCH = 5000


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def fast_row_hash(prev_hash: str, content: tuple) -> str:
    """db.ledger.audit_row_hash for values already in AUDIT_HASHED_FIELDS order (one encoder, reused: ~2x faster
    on a long trail). The tests hold it equal to audit_row_hash."""
    return hashlib.sha256(_ENCODE([prev_hash, *content]).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    reason: str  # Chinese, for the clerk

    def message(self) -> str:
        return f"修改记录第 {self.row_id} 行{self.reason}：该行或它之前的记录被改动、插入或删除过。"


def find_chain_break(conn: sqlite3.Connection, *, after_id: int = 0,
                     after_hash: str = GENESIS_HASH) -> ChainBreak | None:
    """The first row whose link does not hold, or None when the whole chain is intact.

    `after_id`/`after_hash` continue from a row already verified (its id and hash).
    """
    expected_prev = after_hash
    last_id = after_id
    fields = len(AUDIT_HASHED_FIELDS)
    while True:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM audit WHERE id > ? ORDER BY id LIMIT {_BATCH}",
                            (last_id,)).fetchall()
        if not rows:
            return None
        for values in rows:
            values = tuple(values)
            row_id, content, prev_hash, row_hash = values[0], values[1:1 + fields], values[-2], values[-1]
            if prev_hash != expected_prev:
                return ChainBreak(row_id, "与上一行的链接不符")
            if fast_row_hash(prev_hash, content) != row_hash:
                return ChainBreak(row_id, "的内容与其校验值不符")
            expected_prev = row_hash
            last_id = row_id


def verify_chain(ledger) -> int | None:
    """The id of the first broken audit row, or None when the chain is intact."""
    found = find_chain_break(ledger.conn)
    return found.row_id if found else None
