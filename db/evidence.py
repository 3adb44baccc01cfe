"""Evidence files (佐证材料): copied into the ledger itself (deduplicated by SHA-256), never linked by path."""
from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path, PureWindowsPath

from db.errors import NotFoundError, ValidationError
from db.progress import check_period_open, check_responsible
from db.admin import admin_only

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(name: str) -> str:
    """Keep only the last path part of a name and strip characters no file system accepts.

    '../../x.pdf' and 'C:\\Windows\\x.pdf' both become 'x.pdf'.
    """
    base = PureWindowsPath(str(name).replace("/", "\\")).name
    base = _UNSAFE.sub("_", base).strip(" .")
    base = base[:150].rstrip(" .")
    if base.split(".")[0].strip().upper() in _WINDOWS_DEVICES:  # CON, NUL.txt… open a device on Windows
        base = ("_" + base)[:150]
    return base or "佐证材料"


def add_evidence(ledger, task_id: int, unit_id: int, period_id: int, file_path: Path | str,
                 *, original_name: str | None = None) -> int:
    path = Path(file_path)
    if not path.is_file():
        raise ValidationError(f"找不到文件：{path}。请确认文件存在后再添加。", "佐证材料")
    size = path.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(f"文件 {path.name} 太大（{size // (1024 * 1024)} MB），佐证材料单个文件不能超过200 MB。请压缩或拆分后再添加。", "佐证材料")
    data = path.read_bytes()
    return add_evidence_bytes(ledger, task_id, unit_id, period_id, original_name or path.name, data)


def add_evidence_bytes(ledger, task_id: int, unit_id: int, period_id: int, name: str, data: bytes) -> int:
    name = safe_file_name(name)
    digest = hashlib.sha256(data).hexdigest()
    with ledger.transaction():
        period = check_period_open(ledger, period_id)
        check_responsible(ledger, task_id, unit_id)
        ledger.conn.execute("INSERT OR IGNORE INTO evidence_blobs (sha256, size, data) VALUES (?, ?, ?)",
                            (digest, len(data), data))
        cursor = ledger.conn.execute(
            "INSERT INTO evidence (task_id, unit_id, period_id, original_name, sha256, size, added_at, added_by)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (task_id, unit_id, period_id, name, digest, len(data), ledger.now(), ledger.actor))
        evidence_id = cursor.lastrowid
        ledger.audit("添加佐证材料", "evidence", evidence_id, field="evidence", new=f"{name} ({digest[:12]})",
                     plan_id=period["plan_id"], task_id=task_id, unit_id=unit_id, period_id=period_id)
    return evidence_id


@admin_only("删除佐证材料")
def remove_evidence(ledger, evidence_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if row is None:
            raise NotFoundError("找不到该佐证材料。")
        period = check_period_open(ledger, row["period_id"])
        ledger.conn.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
        if not ledger.scalar("SELECT 1 FROM evidence WHERE sha256 = ?", (row["sha256"],)):
            ledger.conn.execute("DELETE FROM evidence_blobs WHERE sha256 = ?", (row["sha256"],))
        ledger.audit("删除佐证材料", "evidence", evidence_id, field="evidence", old=row["original_name"],
                     plan_id=period["plan_id"], task_id=row["task_id"], unit_id=row["unit_id"],
                     period_id=row["period_id"])


def list_evidence(ledger, task_id: int, unit_id: int, period_id: int) -> list[dict]:
    return [dict(r) for r in ledger.rows(
        "SELECT id, original_name, size, sha256, added_at, added_by FROM evidence"
        " WHERE task_id = ? AND unit_id = ? AND period_id = ? ORDER BY id", (task_id, unit_id, period_id))]


def evidence_bytes(ledger, evidence_id: int) -> tuple[str, bytes]:
    row = ledger.row("SELECT e.original_name, b.data FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256"
                     " WHERE e.id = ?", (evidence_id,))
    if row is None:
        raise NotFoundError("找不到该佐证材料。")
    return row[0], bytes(row[1])


def export_evidence_to_temp(ledger, evidence_id: int) -> Path:
    """Write a copy to a private temporary folder (for opening with the system viewer)."""
    name, data = evidence_bytes(ledger, evidence_id)
    folder = Path(tempfile.mkdtemp(prefix="ipledger-evidence-"))
    target = folder / safe_file_name(name)
    target.write_bytes(data)
    return target
