"""Backups and restore of a ledger file.

Backups are taken with SQLite's online backup API (never a byte copy of a live database), so a
backup is consistent even while the window writes. They are taken at start and close of the
window and before every import, migration and restore, stored by default in `台账备份` beside the
ledger (the place is the ledger setting `backup_folder`), and thinned: the last 7 daily, 4 weekly
and 12 monthly backups are kept, plus the newest few whatever their age.

A restore verifies the backup (integrity, that it is a ledger, its schema version, the audit
chain), keeps the current file as a backup, and then swaps the files atomically (os.replace),
removing the old file's -wal/-shm so they can never be replayed onto the restored one.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.audit_anchor import write_anchor
from db.errors import LedgerError, NotALedgerError
from db.integrity import check_file, connect_read_only
from db.leftovers import remove_restore_leftovers, remove_stale_parts, writer_tag

BACKUP_FOLDER_NAME = "台账备份"
BACKUP_FOLDER_SETTING = "backup_folder"
SUFFIX = ".ipledger"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_NEWEST = 7, 4, 12, 5

REASONS = {
    "start": "启动", "close": "关闭", "import": "导入前", "import-plan": "导入方案前",
    "import-returns": "导入回收表前", "migrate": "升级前", "restore": "恢复前", "manual": "手动",
}
_STAMP = "%Y-%m-%d_%H-%M-%S"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})(?:_(?P<n>\d+))?"
                   r"_(?P<reason>[^_]+)\.ipledger$")


class BackupError(LedgerError):
    """A backup could not be written, or a file is not a usable backup."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str   # Chinese label as in the file name

    @property
    def label(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S}({self.reason})"


# ----- where ------------------------------------------------------------------------------------

def default_backup_folder(ledger_path: Path | str) -> Path:
    return Path(ledger_path).resolve().parent / BACKUP_FOLDER_NAME


def backup_folder(ledger_path: Path | str, ledger=None) -> Path:
    """The ledger's backup folder: its `backup_folder` setting, else `台账备份` beside it."""
    configured = None
    if ledger is not None:
        configured = ledger.setting(BACKUP_FOLDER_SETTING)
    else:
        try:
            conn = connect_read_only(Path(ledger_path))
            try:
                row = conn.execute("SELECT value FROM settings WHERE key = ?", (BACKUP_FOLDER_SETTING,)).fetchone()
                configured = row[0] if row else None
            finally:
                conn.close()
        except sqlite3.Error:
            configured = None  # a damaged or foreign file: use the default place
    return Path(configured) if configured else default_backup_folder(ledger_path)


def set_backup_folder(ledger, folder: Path | str | None) -> None:
    """Change where backups go (None: back to `台账备份` beside the ledger). Audited."""
    if folder:
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"无法使用备份文件夹 {folder}：{exc}。请换一个有写入权限的文件夹。") from exc
    ledger.set_setting(BACKUP_FOLDER_SETTING, str(folder) if folder else None, audited=True)


# ----- taking backups ----------------------------------------------------------------------------

def _reason_label(reason: str) -> str:
    label = REASONS.get(reason, reason)
    return re.sub(r'[\\/:*?"<>|_.\s]+', "-", label).strip("-")[:20] or "备份"


def _unique_name(folder: Path, stem: str, when: datetime, label: str) -> Path:
    base = f"{stem}_{when.strftime(_STAMP)}"
    target = folder / f"{base}_{label}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}_{n}_{label}{SUFFIX}"
    return target


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Online backup of `source` into a new standalone file (written to a temporary name, then moved)."""
    temporary = target.with_name(f".{target.name}.{writer_tag()}.part")
    try:
        dest = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _sync_folder(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename survive a power cut (POSIX; Windows commits renames with the file system's journal)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def take_backup(ledger_path: Path | str, reason: str = "manual", *, out: Path | str | None = None,
                folder: Path | str | None = None, now: datetime | None = None, thin: bool = True) -> Path:
    """Back up a ledger file; returns the backup's path. Reads committed data only."""
    ledger_path = Path(ledger_path)
    now = (now or datetime.now()).replace(microsecond=0)
    remove_restore_leftovers(ledger_path)
    if out is not None:
        target = Path(out)
        if target.resolve() == ledger_path.resolve():
            raise BackupError("备份文件不能与台账文件相同。请另选一个文件名。")
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target.parent, 600, f".{target.name}.")
    else:
        where = Path(folder) if folder else backup_folder(ledger_path)
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"无法创建备份文件夹 {where}：{exc}。请检查磁盘空间和写入权限，"
                              "或在设置中另选备份文件夹。") from exc
        target = _unique_name(where, ledger_path.stem, now, _reason_label(reason))
    try:
        source = connect_read_only(ledger_path)
    except sqlite3.Error as exc:
        raise BackupError(f"无法读取台账 {ledger_path.name} 以备份：{exc}。") from exc
    try:
        copy_database(source, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"备份台账 {ledger_path.name} 失败：{exc}。请检查备份文件夹 {target.parent} "
                          "的磁盘空间和写入权限后再试。为保护数据，本次操作未进行。") from exc
    finally:
        source.close()
    _refuse_damaged_copy(target, ledger_path)
    if out is None and thin:
        thin_backups(target.parent, ledger_path.stem, now=now)
    return target


def _refuse_damaged_copy(target: Path, ledger_path: Path) -> None:
    """A copy of a damaged ledger is no backup (and must not push good backups out by thinning)."""
    from db.integrity import quick_check

    conn = connect_read_only(target)
    try:
        problems = quick_check(conn)
    finally:
        conn.close()
    if problems:
        target.unlink(missing_ok=True)
        raise BackupError(f"台账 {ledger_path.name} 未通过完整性检查（{';'.join(problems[:2])}），没有生成备份，"
                          "现有的备份都保留着。请用“文件 → 从备份恢复”恢复最近的完好备份。")


# ----- the one backup road (window and command line) --------------------------------------------------------

def back_up(ledger_path: Path | str, reason: str = "manual", *, out: Path | str | None = None, ledger=None) -> Path:
    """Back up a ledger file (the window's 立即备份 and `ipledger backup` alike): refuse a file that is not a
    ledger and an `out` that exists, copy, verify, thin, and record the audit anchor beside the backups."""
    from db.integrity import identify
    from db.ledger import check_ledger_file

    ledger_path = Path(ledger_path)
    try:
        check_ledger_file(ledger_path)
        conn = connect_read_only(ledger_path)
        try:
            identify(conn, ledger_path.name)
        finally:
            conn.close()
    except (NotALedgerError, sqlite3.Error) as exc:
        raise NotALedgerError(str(exc)) from exc
    if out is not None and Path(out).exists():
        raise BackupError(f"文件已存在：{out}。为防止覆盖，请换一个备份文件名。")
    folder = backup_folder(ledger_path, ledger)
    target = take_backup(ledger_path, reason, out=out, folder=None if out else folder,
                         now=datetime.now())
    write_anchor(ledger_path, folder, source=target)
    return target


def backup_before(ledger_or_path, reason: str) -> Path | None:
    """Take a backup before an import, migration or restore. Importers call this first.

    Accepts an open Ledger (its committed state is copied) or a path. An in-memory ledger has nothing
    to back up (returns None). Raises BackupError (Chinese) when no backup could be made, so the
    caller stops rather than changing an unprotected ledger.
    """
    if isinstance(ledger_or_path, (str, Path)):
        return take_backup(Path(ledger_or_path), reason)
    ledger = ledger_or_path
    if ledger.path is None:
        return None
    folder = backup_folder(ledger.path, ledger)
    target = take_backup(ledger.path, reason, folder=folder, now=datetime.now())
    write_anchor(Path(ledger.path), folder, source=target)
    return target


# ----- listing and thinning ---------------------------------------------------------------------

def list_backups(folder: Path | str, stem: str | None = None) -> list[BackupFile]:
    """Backups in a folder (of one ledger, if `stem` is given), newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem):
            continue
        taken = datetime.strptime(match["stamp"], _STAMP)
        found.append(BackupFile(path, taken, match["reason"]))
    return sorted(found, key=lambda b: (b.taken_at, int(_NAME.match(b.path.name)["n"] or 1)), reverse=True)


def backups_to_keep(backups: list[BackupFile]) -> set[Path]:
    """The newest few, plus the newest backup of each of the last 7 days, 4 weeks and 12 months."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_NEWEST]}
    for key, limit in ((lambda t: t.date(), KEEP_DAILY),
                       (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda t: (t.year, t.month), KEEP_MONTHLY)):
        seen = []
        for backup in newest_first:
            bucket = key(backup.taken_at)
            if bucket in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(bucket)
            keep.add(backup.path)
    return keep


def thin_backups(folder: Path | str, stem: str, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups of one ledger that the keeping rule no longer needs; returns them."""
    backups = list_backups(folder, stem)
    keep = backups_to_keep(backups)
    removed = []
    remove_stale_parts(Path(folder))
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                pass  # in use or protected: try again next time
    return removed


# ----- verifying and restoring -----------------------------------------------------------------

def verify_backup(path: Path | str) -> int:
    """Check a backup is a sound ledger this program can open; returns its schema version."""
    path = Path(path)
    try:
        report = check_file(path)
    except NotALedgerError as exc:
        raise BackupError(f"备份文件 {path.name} 不可用：{exc}") from exc
    if not report.ok:
        raise BackupError(f"备份文件 {path.name} 未通过检查，不能用于恢复：{';'.join(report.problems)}"
                          "。请选择另一个备份。")
    return report.schema_version


def latest_good_backup(ledger_path: Path | str, folder: Path | str | None = None) -> BackupFile | None:
    """The newest backup of this ledger that passes verification."""
    folder = Path(folder) if folder else backup_folder(ledger_path)
    for backup in list_backups(folder, Path(ledger_path).stem):
        try:
            verify_backup(backup.path)
        except BackupError:
            continue
        return backup
    return None


def _keep_damaged_copy(ledger_path: Path, folder: Path, now: datetime) -> Path:
    """The current file cannot be read through SQLite: keep its bytes (and its -wal) as they are."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _unique_name(folder, ledger_path.stem, now, "恢复前-损坏")
    shutil.copy2(ledger_path, target)
    wal = Path(str(ledger_path) + "-wal")
    if wal.exists():
        shutil.copy2(wal, Path(str(target) + "-wal"))
    return target


def _checkpoint(ledger_path: Path) -> bool:
    """Move every committed page from the -wal into the file; False when another connection is busy with it."""
    try:
        conn = sqlite3.connect(str(ledger_path), isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 3000")
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def ledger_id_of(path: Path) -> str | None:
    """The ledger_id setting of a ledger file (None when absent or unreadable)."""
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'ledger_id'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row and row[0] else None


def _file_is_damaged(path: Path) -> bool:
    from db.integrity import quick_check

    try:
        conn = connect_read_only(path)
        try:
            return bool(quick_check(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return True


class OtherLedgerError(BackupError):
    """The backup belongs to another ledger (a different ledger_id); restored only when asked explicitly."""


def check_restore_allowed(ledger_path: Path, backup_path: Path, *, admin=None, other_ledger: bool = False) -> None:
    """The core's rules for a restore, whoever asks: the administrator password of the ledger being replaced (none
    needed when it has none, or is too damaged to read), and a backup of THIS ledger unless `other_ledger`."""
    from db.admin import require_admin_for_file

    if ledger_path.is_file() and not _file_is_damaged(ledger_path):
        require_admin_for_file(ledger_path, admin, "从备份恢复")
    current, incoming = ledger_id_of(ledger_path) if ledger_path.is_file() else None, ledger_id_of(backup_path)
    if current and incoming and current != incoming and not other_ledger:
        raise OtherLedgerError(
            f"备份 {backup_path.name} 不是台账 {ledger_path.name} 的备份：它属于另一本台账（台账编号 {incoming[:8]}…，"
            f"当前台账为 {current[:8]}…）。恢复会用另一本台账整个替换当前台账，修改记录、管理员密码和表格校验密钥都随之改变，"
            "已发出的填报表将无法导入。未作任何改动。如确实要这样做，请在命令行加 --other-ledger（窗口中会再次确认）。")


def restore_backup(ledger_path: Path | str, backup_path: Path | str, *, now: datetime | None = None,
                   admin=None, other_ledger: bool = False) -> dict:
    """Replace the ledger with a verified copy of a backup. The ledger must not be open anywhere.

    `admin`: a db.admin.AdminGrant for this file or its admin password (check_restore_allowed);
    `other_ledger`: allow a backup of a different ledger. Returns {"restored_from", "kept_current_as",
    "schema_version"}.
    """
    ledger_path = Path(ledger_path)
    backup_path = Path(backup_path)
    now = (now or datetime.now()).replace(microsecond=0)
    if not backup_path.is_file():
        raise BackupError(f"找不到备份文件：{backup_path}。请检查路径。")
    if ledger_path.exists() and backup_path.resolve() == ledger_path.resolve():
        raise BackupError("备份文件就是台账文件本身，无需恢复。请选择备份文件夹中的备份。")
    verify_backup(backup_path)
    check_restore_allowed(ledger_path, backup_path, admin=admin, other_ledger=other_ledger)
    remove_restore_leftovers(ledger_path)
    folder = backup_folder(ledger_path)
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    staged = ledger_path.with_name(f".{ledger_path.name}.restoring-{writer_tag()}")
    try:
        try:
            source = connect_read_only(backup_path)
            try:
                copy_database(source, staged)
            finally:
                source.close()
        except (sqlite3.Error, OSError) as exc:
            raise BackupError(f"读取备份文件 {backup_path.name} 失败：{exc}。请选择另一个备份。") from exc
        version = verify_backup(staged)  # what will become the ledger, checked once more
        kept = None
        if ledger_path.exists():
            try:
                kept = take_backup(ledger_path, "restore", folder=folder, now=now, thin=False)
                readable = True
            except BackupError:
                kept = _keep_damaged_copy(ledger_path, folder, now)
                readable = False
            if readable and not _checkpoint(ledger_path):
                raise BackupError(f"台账 {ledger_path.name} 正被其他程序使用，无法恢复。请关闭其他正在使用它的窗口或程序后再试；"
                                  "台账未作任何改动。")
        # The old -wal must never be replayed onto the restored file: its pages are in the file (checkpointed
        # above) or in the kept copy (a damaged file).
        try:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(str(ledger_path) + suffix).unlink(missing_ok=True)
            os.replace(staged, ledger_path)
            _sync_folder(ledger_path.parent)
        except OSError as exc:
            raise BackupError(f"无法替换台账文件 {ledger_path.name}：{exc}。请关闭正在使用它的程序（或检查文件夹的写入权限）后再试。"
                              + (f"恢复前的台账已另存为 {kept}。" if kept else "")) from exc
    finally:
        staged.unlink(missing_ok=True)
    write_anchor(ledger_path, folder, event="恢复")   # the restored trail is the new reference
    return {"restored_from": str(backup_path), "kept_current_as": str(kept) if kept else None,
            "schema_version": version}


def backup_before_migrate(ledger_path: Path, old_version: int, new_version: int) -> Path:
    """The `before_migrate` hook for Ledger.open: a migration runs only after a backup."""
    return take_backup(ledger_path, "migrate")
