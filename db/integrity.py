"""Is a ledger file sound? SQLite's integrity check, the foreign keys and the audit chain.

`check_file(path)` never writes to the file (it reads through a read-only connection), so it can
inspect a damaged ledger, a backup before a restore, or a file a newer program wrote.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.errors import NotALedgerError
from db.ledger import check_ledger_file
from db.schema import APPLICATION_ID, SCHEMA_VERSION

MAX_LISTED = 20
# What a passed check promises, in the words the window and `ipledger check` both print.
PASSED = "数据库完整，表间引用一致，修改记录校验链完好，数据与防篡改校验值一致"


@dataclass
class CheckReport:
    path: Path
    schema_version: int | None = None
    integrity: list[str] = field(default_factory=list)      # SQLite's own messages
    foreign_keys: list[str] = field(default_factory=list)   # Chinese, one per broken reference
    audit_break_row: int | None = None
    problems: list[str] = field(default_factory=list)       # Chinese, for the clerk

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {"file": str(self.path), "ok": self.ok, "schema_version": self.schema_version,
                "integrity": self.integrity, "foreign_keys": self.foreign_keys,
                "audit_first_broken_row": self.audit_break_row, "problems": self.problems}


def connect_read_only(path: Path) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # damaged text must not stop a check
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check (fast: seconds on a big ledger); [] when sound."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return [str(exc)]
    messages = [str(r[0]) for r in rows]
    return [] if messages == ["ok"] else messages


def full_integrity_check(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_LISTED})").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return [str(exc)]
    messages = [str(r[0]) for r in rows]
    return [] if messages == ["ok"] else messages


def foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return [f"无法检查表间引用：{exc}"]
    return [f"表 {r[0]} 第 {r[1]} 行引用的 {r[2]} 记录不存在" for r in rows[:MAX_LISTED]]


def evidence_problems(conn: sqlite3.Connection) -> list[str]:
    """Evidence files whose bytes no longer match their SHA-256 (the key they were stored under)."""
    import hashlib

    problems = []
    try:
        names = {row[0]: row[1] for row in conn.execute("SELECT sha256, MIN(original_name) FROM evidence GROUP BY sha256")}
        for digest, size, data in conn.execute("SELECT sha256, size, data FROM evidence_blobs"):
            if data is None or len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                problems.append(f"“{names.get(digest, digest[:12])}”")
                if len(problems) >= MAX_LISTED:
                    break
    except sqlite3.DatabaseError as exc:
        problems.append(f"（无法读取佐证材料：{exc}）")
    return problems


def identify(conn: sqlite3.Connection, name: str) -> int:
    """The schema version of a ledger connection; NotALedgerError if it is not one of ours."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotALedgerError(f"无法读取文件 {name}：它不是有效的台账文件，或已严重损坏（{exc}）。") from exc
    if app_id != APPLICATION_ID:
        raise NotALedgerError(f"文件 {name} 不是本程序的台账文件。")
    return version


def check_connection(conn: sqlite3.Connection, path: Path, *, full: bool = True,
                     audit: bool = True) -> CheckReport:
    report = CheckReport(Path(path))
    report.schema_version = identify(conn, Path(path).name)
    if report.schema_version > SCHEMA_VERSION:
        report.problems.append(f"该文件由更新版本的程序创建（数据格式第{report.schema_version}版，"
                               f"本程序只认识到第{SCHEMA_VERSION}版）。请安装最新版本的程序。")
        return report
    report.integrity = full_integrity_check(conn) if full else quick_check(conn)
    if report.integrity:
        report.problems.append("数据库完整性检查未通过：" + ";".join(report.integrity[:3]))
        return report  # the rest reads through damaged pages
    report.foreign_keys = foreign_key_problems(conn)
    if report.foreign_keys:
        report.problems.append("表间引用不一致：" + ";".join(report.foreign_keys[:3]))
    if full:
        damaged = evidence_problems(conn)
        if damaged:
            report.problems.append("佐证材料内容与其校验值不符（文件已损坏或被改动）：" + "、".join(damaged[:5]))
    if audit:
        from db.audit_chain import find_chain_break  # (hashlib: not needed for the start-up quick check)

        try:
            found = find_chain_break(conn)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            report.problems.append(f"无法读取修改记录：{exc}")
        else:
            if found is not None:
                report.audit_break_row = found.row_id
                report.problems.append(found.message())
        if full:
            seal_findings(conn, report)
    return report


def seal_findings(conn: sqlite3.Connection, report: CheckReport) -> None:
    """The tamper seal (db/tamper_seal.py): keyed audit rows, data digests, the audit trail's head."""
    from db.tamper_seal import seal_problems, unkeyed_audit_row

    try:
        row_id = unkeyed_audit_row(conn)
        if row_id is not None:
            if report.audit_break_row is None or row_id < report.audit_break_row:
                report.audit_break_row = row_id
            report.problems.append(f"修改记录第 {row_id} 行的签名与台账密钥不符：该行在程序之外被改写（或整条记录链被重新计算过）。")
        report.problems.extend(seal_problems(conn))
    except (sqlite3.DatabaseError, UnicodeDecodeError, ValueError) as exc:
        report.problems.append(f"无法读取防篡改校验信息：{exc}")


def check_file(path: Path | str, *, full: bool = True, audit: bool = True) -> CheckReport:
    """Check a ledger file without writing to it. NotALedgerError when it is not a ledger at all."""
    path = Path(path)
    check_ledger_file(path)
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise NotALedgerError(f"无法打开文件 {path.name}：{exc}。请确认文件没有被移走，并且有读取权限。") from exc
    try:
        report = check_connection(conn, path, full=full, audit=audit)
        if full and audit and report.schema_version is not None and not report.integrity:
            report.problems.extend(anchor_problems(conn, path))
        return report
    finally:
        conn.close()


def anchor_problems(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Compare the audit trail with the anchor written beside the backups at the last backup or restore
    (db.audit_anchor.write_anchor): rows deleted from the end of the trail show here even if the file was re-sealed."""
    from db.audit_anchor import latest_anchor

    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'ledger_id'").fetchone()
        anchor = latest_anchor(path, row[0] if row else None)
        if anchor is None or not anchor.get("last_id"):
            return []
        count = conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        kept = conn.execute("SELECT hash FROM audit WHERE id = ?", (anchor["last_id"],)).fetchone()
    except (sqlite3.DatabaseError, OSError, KeyError, TypeError):
        return []
    if kept is None or kept[0] != anchor.get("last_hash") or count < int(anchor.get("rows") or 0):
        return [f"修改记录与 {anchor.get('at', '')} 备份时记在备份文件夹中的校验锚点不符：当时共 {anchor.get('rows')} 行，"
                f"第 {anchor['last_id']} 行{'已不存在' if kept is None else '的内容已不同'}，现在共 {count} 行。"
                "修改记录在程序之外被删除或改写过。"]
    return []
