"""Open, create and write the ledger file: one SQLite database in WAL mode.

`Ledger` owns one connection. Every user action is one transaction
(`with ledger.transaction():`, nesting as savepoints) and writes its audit rows
inside it, so a crash leaves either all of an action or none of it.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from db.errors import LedgerExistsError, NewerLedgerError, NotALedgerError, ReadOnlyError, StorageError
from db.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
GENESIS_HASH = "0" * 64
STREAM_PAUSE_EVERY = 0.010  # seconds of streaming between pauses that let the UI thread take the GIL (see stream)

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def audit_value(value: Any) -> str | None:
    """How a value is written into the audit trail (text, numbers without a trailing .0)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def audit_row_hash(prev_hash: str, row: dict) -> str:
    """The chain link: sha256 over the previous hash and this row's content."""
    content = [prev_hash] + [row.get(name) for name in AUDIT_HASHED_FIELDS]
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    import hashlib  # here, not at the top: loading OpenSSL's hashes is a few ms of every start-up

    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


AUDIT_HASHED_FIELDS = (
    "at", "actor", "source", "source_file", "source_sha256", "batch", "action", "entity",
    "entity_id", "plan_id", "task_id", "unit_id", "period_id", "field", "old", "new",
)


class Ledger:
    """An open ledger file (or an in-memory one for tests)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, actor: str = "",
                 source: str = "窗口", read_only: bool = False, clock: Clock | None = None):
        self.conn = conn
        self.path = path
        self.actor = actor or ""
        self.source = source
        self.read_only = read_only
        self.clock: Clock = clock or _now
        self._db = None
        self._depth = 0
        self._batch: str | None = None
        self._last_hash: str | None = None
        self._source_file: str | None = None
        self._source_sha256: str | None = None
        self.lock = None   # the single-writer lock (db/lockfile.py) held for this ledger, released on close

    @property
    def db(self):
        """A sqlite_utils view of the connection, made on first use (sqlite_utils costs ~80 ms to import)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # ----- opening ---------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path | str, read_only: bool) -> sqlite3.Connection:
        if str(path) == ":memory:":
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        elif read_only:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn

    @classmethod
    def create(cls, path: Path | str, *, actor: str = "", clock: Clock | None = None) -> "Ledger":
        """Create a new, empty ledger file. Refuses to overwrite anything."""
        path = Path(path)
        if path.exists():
            raise LedgerExistsError(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名，或先移走该文件。")
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = cls._connect(path, read_only=False)
        ledger = cls(conn, path, actor=actor, clock=clock)
        try:
            ledger._initialise()
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        return ledger

    @classmethod
    def memory(cls, *, actor: str = "测试", clock: Clock | None = None) -> "Ledger":
        conn = cls._connect(":memory:", read_only=False)
        ledger = cls(conn, None, actor=actor, clock=clock)
        ledger._initialise()
        return ledger

    @classmethod
    def open(cls, path: Path | str, *, actor: str = "", source: str = "窗口", read_only: bool = False,
             clock: Clock | None = None,
             before_migrate: Callable[[Path, int, int], None] | None = None) -> "Ledger":
        """Open an existing ledger; migrate it if it is older (after `before_migrate`, e.g. a backup).

        A file that is not a ledger, or that a newer program wrote, is refused and left untouched.
        """
        path = Path(path)
        check_ledger_file(path)
        _refuse_by_header(path)
        companions = _companions(path)
        conn = cls._connect(path, read_only=read_only)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            conn.close()
            _remove_new_companions(path, companions)
            raise NotALedgerError(f"无法读取文件 {path.name}：它不是有效的台账文件，或已损坏（{exc}），未作任何改动。"
                                  "如果这是您的台账，请从备份恢复（文件 → 从备份恢复，或 ipledger restore）。") from exc
        if app_id != APPLICATION_ID:
            conn.close()
            raise NotALedgerError(f"文件 {path.name} 不是本程序的台账文件（它是别的 SQLite 数据库），未作任何改动。请选择正确的台账文件。")
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerLedgerError(
                f"台账文件 {path.name} 由更新版本的程序创建（数据格式第{version}版，本程序只认识到第{SCHEMA_VERSION}版），"
                "为保护数据未打开、未作任何改动。请安装最新版本的程序后再打开。")
        ledger = cls(conn, path, actor=actor, source=source, read_only=read_only, clock=clock)
        if version < SCHEMA_VERSION:
            if read_only:
                conn.close()
                raise ReadOnlyError(f"台账文件 {path.name} 需要升级数据格式，但它以只读方式打开。请关闭其他正在使用它的程序后再试。")
            try:
                if before_migrate is not None:
                    before_migrate(path, version, SCHEMA_VERSION)
                ledger._migrate(version)
            except BaseException:
                conn.close()
                raise
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            ledger._seal_prepare()   # the tamper seal's triggers now, not in the first action's time
        return ledger

    def _initialise(self) -> None:
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
        self._migrate(0)
        with self.transaction():
            self.set_setting("ledger_id", os.urandom(16).hex())
            self.set_setting("form_secret", os.urandom(32).hex())
            self.set_setting("created_at", self.now())

    def _migrate(self, from_version: int) -> None:
        for version in sorted(v for v in MIGRATIONS if v > from_version):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for script in MIGRATIONS[version]:
                    for statement in _split_sql(script):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {version}")
                self._record_migrations(version)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def _record_migrations(self, version: int) -> None:
        """Each applied schema version is also a row of `schema_migrations` (from version 2, which adds the
        table; the versions before it are recorded then too)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
            return
        table = self.db["schema_migrations"]
        done = {row["version"] for row in table.rows}
        table.insert_all(({"version": v, "applied_at": self.now()} for v in range(1, version + 1) if v not in done),
                         pk="version")

    def close(self) -> None:
        """Close the connection (a second call does nothing)."""
        if getattr(self, "closed", False):
            return
        self.closed = True
        try:
            if not self.read_only and self.path is not None:
                try:
                    self.conn.execute("PRAGMA optimize")
                except sqlite3.Error:
                    pass  # a busy ledger (another program writing): optimising is only housekeeping
        finally:
            self.conn.close()
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # ----- time and identity ---------------------------------------------------------
    def now(self) -> str:
        return self.clock().replace(microsecond=0).isoformat(sep=" ")

    def today(self):
        return self.clock().date()

    # ----- transactions ----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Ledger"]:
        """One user action: BEGIN IMMEDIATE outermost, SAVEPOINTs inside."""
        if self.read_only:
            raise ReadOnlyError("台账以只读方式打开（另一台电脑或另一个窗口正在使用它），不能修改。请关闭另一个程序后重新打开。")
        if self._depth == 0:
            self._seal_prepare()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise (storage_error(exc) or exc) from exc
            self._batch = os.urandom(8).hex()
            self._last_hash = None
        else:
            self.conn.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            if self._depth == 1:
                self._seal_key_or_none()
            yield self
        except BaseException as exc:
            self._depth -= 1
            if self._depth == 0:
                if self.conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                    self.conn.execute("ROLLBACK")
                self._batch = None
                self._last_hash = None
                if isinstance(exc, sqlite3.OperationalError) and storage_error(exc) is not None:
                    raise storage_error(exc) from exc
            else:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                    self.conn.execute(f"RELEASE sp{self._depth}")
                self._last_hash = None
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                try:
                    self._seal()
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    self._batch = None
                    self._last_hash = None
                    raise
                self._batch = None
                self._last_hash = None
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise (storage_error(exc) or exc) from exc
            else:
                self.conn.execute(f"RELEASE sp{self._depth}")

    def _seal_prepare(self) -> None:
        from db.tamper_seal import install

        if not self.conn.in_transaction:
            install(self)

    def _seal_key_or_none(self):
        """The tamper seal's key for this transaction (created on a ledger's first write); db/tamper_seal.py."""
        from db.tamper_seal import key_for_writing

        return key_for_writing(self)

    def _seal(self) -> None:
        from db.tamper_seal import seal

        seal(self)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def source_file(self, name: str, sha256: str, source: str = "导入文件") -> Iterator[None]:
        """Audit rows written inside name the file they came from."""
        saved = (self.source, self._source_file, self._source_sha256)
        self.source, self._source_file, self._source_sha256 = source, name, sha256
        try:
            yield
        finally:
            self.source, self._source_file, self._source_sha256 = saved

    # ----- audit -------------------------------------------------------------------------
    def audit(self, action: str, entity: str | None = None, entity_id: int | None = None, *,
              field: str | None = None, old: Any = None, new: Any = None, plan_id: int | None = None,
              task_id: int | None = None, unit_id: int | None = None, period_id: int | None = None) -> None:
        """Append one audit row to the hash chain. Must run inside a transaction."""
        assert self._depth > 0, "audit rows are written inside the action's transaction"
        if self._last_hash is None:
            last = self.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
            self._last_hash = last[0] if last else GENESIS_HASH
        row = {
            "at": self.now(), "actor": self.actor, "source": self.source,
            "source_file": self._source_file, "source_sha256": self._source_sha256,
            "batch": self._batch, "action": action, "entity": entity, "entity_id": entity_id,
            "plan_id": plan_id, "task_id": task_id, "unit_id": unit_id, "period_id": period_id,
            "field": field, "old": audit_value(old), "new": audit_value(new),
        }
        row["prev_hash"] = self._last_hash
        row["hash"] = audit_row_hash(self._last_hash, row)
        key = getattr(self, "_seal_key", None)
        if key is not None:  # keyed with the ledger's secret (db/tamper_seal.py): a recomputed chain does not verify
            from db.tamper_seal import audit_mac

            row["mac"] = audit_mac(key, row["hash"])
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO audit ({columns}) VALUES ({marks})", list(row.values()))
        self._last_hash = row["hash"]

    # ----- settings ----------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row and row[0] is not None else default

    def set_setting(self, key: str, value: str | None, *, audited: bool = False) -> None:
        with self.transaction():
            old = self.setting(key)
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
            if audited and old != value:
                self.audit("修改设置", "setting", None, field=key, old=old, new=value)

    # ----- reading helpers --------------------------------------------------------------
    def rows(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: tuple | list | dict = ()) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None

    def stream(self, sql: str, params: tuple | list | dict = (), *, chunk: int = 500) -> Iterator[tuple]:
        """Rows as plain tuples, read a chunk at a time, for reads of many thousands of rows on a worker thread.

        Every 10 ms or so the reader pauses for half a millisecond. Without it, the window froze for up to
        300 ms while a worker read a big cursor: sqlite releases and retakes the GIL for every row, so the
        UI thread waiting for the GIL never got its turn (the convoy effect); with it, under 10 ms. Pausing
        after every chunk instead cost a 150,000-row export half a second of sleeping.
        """
        cursor = self.conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, params)
        clock = time.perf_counter
        paused = clock()
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                return
            yield from rows
            if clock() - paused > STREAM_PAUSE_EVERY:
                time.sleep(0.0005)
                paused = clock()


def storage_error(exc: sqlite3.Error) -> StorageError | None:
    """A Chinese message for a write the storage refused (the action was rolled back); None for other errors
    (a programming error stays what it is)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError("台账正被另一个程序写入（例如正在导入填报表），请稍等片刻再试。本次修改未保存，台账未受影响。")
    if "full" in text:
        return StorageError("磁盘空间已满，本次修改未保存，台账未受影响。请清理磁盘空间（或把台账移到空间充足的位置）后再试。")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StorageError("台账文件或它所在的文件夹是只读的，不能保存修改。请检查文件属性和文件夹权限（或U盘写保护）后再试。")
    if "disk i/o" in text or "malformed" in text or "unable to open" in text:
        return StorageError(f"保存到台账时读写出错（{exc}），本次修改未保存。请用“文件 → 检查台账”检查台账，如有问题请从备份恢复。")
    return None


def check_ledger_file(path: Path) -> None:
    """Refuse missing files and files that are not SQLite, without opening them for writing."""
    if not path.exists():
        raise NotALedgerError(f"找不到台账文件：{path}。请检查路径是否正确。")
    if path.is_dir():
        raise NotALedgerError(f"{path} 是一个文件夹，不是台账文件。请选择台账文件本身。")
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != SQLITE_MAGIC:
        raise NotALedgerError(f"文件 {path.name} 不是台账文件（文件格式不符），未作任何改动。请选择本程序创建的 .ipledger 台账文件。")


def _companions(path: Path) -> set[str]:
    return {suffix for suffix in ("-wal", "-shm") if Path(str(path) + suffix).exists()}


def _remove_new_companions(path: Path, before: set[str]) -> None:
    """Remove an empty -wal and its -shm that SQLite created while we only tried to read a refused file."""
    wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
    try:
        if "-wal" not in before and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
            if "-shm" not in before:
                shm.unlink(missing_ok=True)
    except OSError:
        pass


def _refuse_by_header(path: Path) -> None:
    """Refuse a foreign or newer file from its header bytes, before SQLite opens it (and before SQLite
    could create -wal/-shm beside it). Only when no -wal holds newer pages than the file itself."""
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        raise NotALedgerError(f"文件 {path.name} 不完整（只有 {len(header)} 字节），不是有效的台账文件，未作任何改动。"
                              "请选择完整的台账文件，或从备份恢复。")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotALedgerError(f"文件 {path.name} 不是本程序的台账文件（它是别的 SQLite 数据库或已损坏），未作任何改动。"
                              "请选择正确的台账文件。")
    if version > SCHEMA_VERSION:
        raise NewerLedgerError(
            f"台账文件 {path.name} 由更新版本的程序创建（数据格式第{version}版，本程序只认识到第{SCHEMA_VERSION}版），"
            "为保护数据未打开、未作任何改动。请安装最新版本的程序后再打开。")


def _split_sql(script: str) -> list[str]:
    """The statements of a migration script; a trigger's BEGIN … END body (with its own semicolons) stays whole."""
    statements, pending = [], ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip(" \n\t;"):
        statements.append(pending.strip())
    return statements
