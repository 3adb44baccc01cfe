"""The tamper seal (schema 2): data digests, the audit trail's head and keyed audit rows, all under the ledger's key.

What it adds to the plain hash chain of the audit trail (db/audit_chain.py):

- **Keyed audit rows.** Every audit row written after the seal was set up carries `mac` = HMAC-SHA256 over its
  chain hash, keyed with the ledger's `audit_key` setting. A chain recomputed with plain sha256 after an edit does
  not verify. Rows from before (a v1 ledger's trail) keep their plain hash and are checked as before.
- **Data digests.** For each protected table, the sum (mod 2^256) of sha256 over each row's image. Our own
  connections keep it up to date: temporary triggers note every row a transaction writes (old and new image) and
  `seal()` folds them into the stored digests just before COMMIT. A row changed by any other program (a SQLite
  tool) is not noted, so `check` recomputing the digests from the rows finds the table that no longer matches.
- **The audit head.** The trail's row count, last id and last hash, stored with the digests: deleting the last
  row, the last 500 or all of them shows.

Each stored state row carries its own HMAC, so it cannot be rewritten to match without the key. What this does
not stop: someone who reads the key out of the file and knows this scheme can forge all of it; the anchor kept
beside the backups (db/backup.py) and printed in fingerprints then still shows a rewritten or shortened trail.
"""
from __future__ import annotations

import os

KEY_SETTING = "audit_key"
KEYED_FROM_SETTING = "audit_keyed_from"   # the first audit id written with a mac
MODULUS = 1 << 256
AUDIT_HEAD = "audit"

# The tables whose rows are sealed (their content is what reports, returns and admin rules rest on).
SEALED_TABLES = ("settings", "plans", "sections", "phases", "tasks", "task_subitems", "units", "unit_aliases",
                 "task_units", "indicators", "indicator_tasks", "periods", "progress", "indicator_values",
                 "evidence", "evidence_names", "report_texts", "schedules", "return_reviews", "imported_returns")


def sealed(conn) -> bool:
    """Does this ledger (schema 2 or later) have the seal's tables?"""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'security_state'").fetchone() \
        is not None


def _columns(conn, table: str) -> list[tuple[str, bool]]:
    return [(row[1], (row[2] or "").upper() == "BLOB") for row in conn.execute(f'PRAGMA main.table_info("{table}")')]


def image_sql(prefix: str, columns: list[tuple[str, bool]]) -> str:
    """SQL for a row's image: a JSON array of its columns (blobs as hex; no rowid, which VACUUM may renumber)."""
    parts = [f'hex({prefix}."{name}")' if is_blob else f'{prefix}."{name}"' for name, is_blob in columns]
    return "json_array(" + ", ".join(parts) + ")"


_SHA256 = None


def _sha256():
    """sha256 without loading OpenSSL's hash table (hashlib and hmac cost a few ms of the window's start, whose first
    save already seals: tests/test_lazy_imports.py). CPython's own built-in module, else hashlib."""
    global _SHA256
    if _SHA256 is not None:
        return _SHA256
    try:
        from _sha256 import sha256   # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256   # CPython 3.12+
        except ImportError:
            from hashlib import sha256
    _SHA256 = sha256
    return sha256


def _hmac_sha256(key: bytes, message: bytes) -> str:
    """HMAC-SHA256 (RFC 2104), the same as hmac.new(key, message, hashlib.sha256).hexdigest()."""
    sha256 = _sha256()
    if len(key) > 64:
        key = sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = sha256(bytes(b ^ 0x36 for b in key) + message).digest()
    return sha256(bytes(b ^ 0x5C for b in key) + inner).hexdigest()


def same_text(a: str, b: str) -> bool:
    """Compare MACs in constant time (hmac.compare_digest, without importing hmac)."""
    from _operator import _compare_digest

    return _compare_digest(a.encode(), b.encode())


def row_hash(table: str, image: str) -> int:
    return int.from_bytes(_sha256()(f"{table}\x1f{image}".encode("utf-8", "surrogatepass")).digest(), "big")


def state_mac(key: bytes, name: str, digest: str, rows: int) -> str:
    return _hmac_sha256(key, f"{name}\x1f{digest}\x1f{rows}".encode())


def audit_mac(key: bytes, row_hash_hex: str) -> str:
    return _hmac_sha256(key, row_hash_hex.encode())


def ledger_key(conn) -> bytes | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEY_SETTING,)).fetchone()
    try:
        return bytes.fromhex(row[0]) if row and row[0] else None
    except ValueError:
        return None


def table_digest(conn, table: str) -> tuple[str, int]:
    """(digest hex, row count) of a table as it is now."""
    total, count = 0, 0
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(f'SELECT {image_sql("t", _columns(conn, table))} FROM main."{table}" AS t')
    while True:
        rows = cursor.fetchmany(5000)
        if not rows:
            break
        for (image,) in rows:
            total = (total + row_hash(table, image)) % MODULUS
        count += len(rows)
    return f"{total:064x}", count


def audit_head(conn) -> tuple[str, int]:
    """(last id:last hash, row count) of the audit trail."""
    last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    count = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    return (f"{last[0]}:{last[1]}" if last else "0:"), count


def _audit_head_since(conn, previous: tuple[str, int] | None) -> tuple[str, int]:
    """The audit head, counting only the rows after the stored head (a long trail is not counted again)."""
    if previous is None:
        return audit_head(conn)
    last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return "0:", 0
    last_id = int(previous[0].split(":")[0] or 0)
    added = conn.execute("SELECT COUNT(*) FROM audit WHERE id > ?", (last_id,)).fetchone()[0]
    return f"{last[0]}:{last[1]}", previous[1] + added


# ----- keeping the seal (our own connections) --------------------------------------------------------

def install(ledger) -> bool:
    """Create this connection's note-taking triggers (once, outside any transaction: a rollback would take them
    away again); False when the ledger has no seal tables."""
    conn = ledger.conn
    if getattr(ledger, "_seal_installed", None) is not None:
        return ledger._seal_installed
    if not sealed(conn):
        ledger._seal_installed = False
        return False
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seal_notes (table_name TEXT, image TEXT, sign INTEGER)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seal_bulk (tables TEXT)")
    for table in SEALED_TABLES:
        columns = _columns(conn, table)
        if not columns:
            continue
        when = f"WHEN NOT EXISTS (SELECT 1 FROM temp.seal_bulk WHERE tables = '{table}')"
        note = "INSERT INTO seal_notes VALUES ('{t}', {image}, {sign});"
        new, old = image_sql("NEW", columns), image_sql("OLD", columns)
        conn.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{table}_i" AFTER INSERT ON main."{table}" {when} BEGIN '
                     + note.format(t=table, image=new, sign=1) + " END")
        conn.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{table}_u" AFTER UPDATE ON main."{table}" {when} BEGIN '
                     + note.format(t=table, image=old, sign=-1) + note.format(t=table, image=new, sign=1) + " END")
        conn.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "seal_{table}_d" AFTER DELETE ON main."{table}" {when} BEGIN '
                     + note.format(t=table, image=old, sign=-1) + " END")
    ledger._seal_installed = True
    return True


def bulk(ledger, *tables: str) -> None:
    """Inside a transaction: stop noting rows of these tables row by row (a bulk load); `seal` recomputes their
    digests from the rows once, at the end."""
    if install(ledger):
        ledger.conn.executemany("INSERT INTO temp.seal_bulk VALUES (?)", [(t,) for t in tables])


def key_for_writing(ledger) -> bytes | None:
    """The ledger's key, creating it (and the first digests) when the seal is new; None without seal tables."""
    if not install(ledger):
        return None
    key = ledger_key(ledger.conn)   # read for each transaction: a rolled-back first write leaves no key
    ledger._seal_key = key
    if key is None:
        if key is None:
            key = os.urandom(32)
            conn = ledger.conn
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (KEY_SETTING, key.hex()))
            next_id = (conn.execute("SELECT MAX(id) FROM audit").fetchone()[0] or 0) + 1
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", (KEYED_FROM_SETTING, str(next_id)))
            conn.execute("DELETE FROM temp.seal_notes")
            conn.execute("DELETE FROM temp.seal_bulk")
            conn.executemany("INSERT INTO temp.seal_bulk VALUES (?)", [(t,) for t in SEALED_TABLES])
            ledger._seal_key = key
    return key


def seal(ledger) -> None:
    """Fold this transaction's noted rows into the stored digests and store the audit head (before COMMIT)."""
    key = key_for_writing(ledger)
    if key is None:
        return
    conn = ledger.conn
    stored = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT name, digest, rows FROM security_state")}
    deltas: dict[str, list[int]] = {}
    for table, image, sign in conn.execute("SELECT table_name, image, sign FROM temp.seal_notes"):
        slot = deltas.setdefault(table, [0, 0])
        slot[0] += sign * row_hash(table, image)
        slot[1] += sign
    rebuilt = {row[0] for row in conn.execute("SELECT DISTINCT tables FROM temp.seal_bulk")}
    updates = []
    for table in rebuilt:
        digest, count = table_digest(conn, table)
        updates.append((table, digest, count))
    for table, (delta, rows) in deltas.items():
        if table in rebuilt:
            continue
        digest, count = stored.get(table, ("0" * 64, 0))
        updates.append((table, f"{(int(digest, 16) + delta) % MODULUS:064x}", count + rows))
    updates.append((AUDIT_HEAD, *_audit_head_since(conn, stored.get(AUDIT_HEAD))))
    conn.executemany("INSERT INTO security_state (name, digest, rows, mac) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET digest = excluded.digest, rows = excluded.rows, mac = excluded.mac",
                     [(name, digest, rows, state_mac(key, name, digest, rows)) for name, digest, rows in updates])
    conn.execute("DELETE FROM temp.seal_notes")
    conn.execute("DELETE FROM temp.seal_bulk")


# ----- checking (read-only) ----------------------------------------------------------------------------

def seal_problems(conn) -> list[str]:
    """Chinese problems: tables changed outside the program, a shortened audit trail, missing or forged seal."""
    import hmac

    if not sealed(conn):
        return []
    key = ledger_key(conn)
    stored = {row[0]: (row[1], row[2], row[3]) for row in conn.execute("SELECT name, digest, rows, mac FROM security_state")}
    if key is None:
        was_sealed = stored or conn.execute("SELECT 1 FROM audit WHERE mac IS NOT NULL LIMIT 1").fetchone() \
            or conn.execute("SELECT 1 FROM settings WHERE key = ?", (KEYED_FROM_SETTING,)).fetchone()
        if was_sealed:
            return ["台账的防篡改密钥不见了（设置表在程序之外被改动过）：无法确认数据和修改记录未被改动。"]
        return []
    if not stored:
        return ["台账的防篡改校验信息不见了（在程序之外被删除）：无法确认数据和修改记录未被改动。"]
    problems = []
    for name, (digest, rows, mac) in stored.items():
        if not same_text(state_mac(key, name, digest, rows), mac or ""):
            problems.append(f"防篡改校验信息“{name}”的签名不符：它在程序之外被改写过。")
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in [AUDIT_HEAD, *(t for t in SEALED_TABLES if t in existing)]:
        if name not in stored:   # each state row is signed on its own: a deleted one shows by its absence
            problems.append(f"防篡改校验信息“{name}”不见了：它在程序之外被删除过。")
    if problems:
        return problems
    head = stored.get(AUDIT_HEAD)
    if head is not None:
        now_head, now_count = audit_head(conn)
        if (now_head, now_count) != (head[0], head[1]):
            last_id = head[0].split(":")[0]
            if now_count < head[1]:
                problems.append(f"修改记录被删除过：最后一次保存时共有 {head[1]} 行（最后一行为第 {last_id} 行），"
                                f"现在只有 {now_count} 行。")
            else:
                problems.append(f"修改记录的末尾与最后一次保存时不符（当时共 {head[1]} 行，最后一行为第 {last_id} 行；"
                                f"现在共 {now_count} 行）：有记录在程序之外被删除、添加或改动。")
    for table in SEALED_TABLES:
        if table not in stored:
            continue
        digest, count = table_digest(conn, table)
        if (digest, count) != (stored[table][0], stored[table][1]):
            label = TABLE_LABELS.get(table, table)
            problems.append(f"{label}（表 {table}）的内容与防篡改校验值不符：有数据在程序之外（例如用 SQLite 工具）被改动过"
                            f"（保存时 {stored[table][1]} 行，现在 {count} 行）。")
    return problems


def unkeyed_audit_row(conn) -> int | None:
    """The first audit row from the keyed part of the trail whose mac does not verify (None: all verify)."""
    if not sealed(conn):
        return None
    key = ledger_key(conn)
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEYED_FROM_SETTING,)).fetchone()
    if key is None or row is None:
        return None
    start = int(row[0] or 0)
    for row_id, row_hash_hex, mac in conn.execute("SELECT id, hash, mac FROM audit WHERE id >= ? ORDER BY id",
                                                  (start,)):
        if not same_text(audit_mac(key, row_hash_hex), mac or ""):
            return row_id
    return None


TABLE_LABELS = {
    "settings": "设置（含管理员密码）", "plans": "方案", "sections": "方案章节", "phases": "实施阶段", "tasks": "重点任务",
    "task_subitems": "任务分项", "units": "单位", "unit_aliases": "单位别名", "task_units": "任务分工",
    "indicators": "指标", "indicator_tasks": "指标与任务", "periods": "报告期（含开放/关闭状态）", "progress": "进展填报",
    "indicator_values": "指标数值", "evidence": "佐证材料", "evidence_names": "佐证材料名称", "report_texts": "报告文字",
    "schedules": "报送周期", "return_reviews": "审核记录", "imported_returns": "填报表导入记录",
}
