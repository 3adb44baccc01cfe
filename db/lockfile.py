"""One writer per ledger: a lock file beside it says who has it open (computer, user, pid, since when).

The window takes the lock when it opens a ledger for writing and refreshes a heartbeat every minute.
A second copy of the program finds the lock, tells the clerk who holds it, and may open the ledger
read-only. A lock left by a crashed program is stale and may be taken over: its process is gone
(same computer), or its heartbeat is older than STALE_AFTER (another computer, or a hung program).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from db.errors import LedgerError

LOCK_SUFFIX = ".lock"
HEARTBEAT_SECONDS = 60
STALE_AFTER = timedelta(minutes=10)


class LedgerLockedError(LedgerError):
    """Another running program holds the ledger."""

    def __init__(self, holder: "LockInfo", path: Path):
        super().__init__(
            f"台账 {path.name} 正由{holder.describe()}使用。同一时间只能有一个程序修改台账。"
            "请先关闭那边的程序；若只需查看，可以只读方式打开。")
        self.holder = holder


@dataclass(frozen=True)
class LockInfo:
    host: str
    user: str
    pid: int
    since: str        # ISO time the lock was taken
    heartbeat: str    # ISO time of the last sign of life
    token: str

    def describe(self) -> str:
        since = self.since.replace("T", " ")[:16]
        return f"电脑“{self.host}”上的用户“{self.user}”（进程 {self.pid}，自 {since} 起）"

    def as_json(self) -> dict:
        return {"host": self.host, "user": self.user, "pid": self.pid, "since": self.since,
                "heartbeat": self.heartbeat, "token": self.token}


def lock_path(ledger_path: Path | str) -> Path:
    path = Path(ledger_path)
    return path.with_name(path.name + LOCK_SUFFIX)


def this_host() -> str:
    # The computer's name as the system reports it (os.uname on Linux, COMPUTERNAME on Windows); the socket
    # module (slow to import at start-up) only when neither says.
    name = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    if not name:
        import socket

        name = socket.gethostname()
    return name or "未知电脑"


def this_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (service accounts)
        return "未知用户"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def pid_alive(pid: int) -> bool:
    """Is a process with this id running on this computer?"""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - exercised on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(ledger_path: Path | str) -> LockInfo | None:
    """The current lock, or None. An unreadable lock file counts as a stale lock by nobody."""
    path = lock_path(ledger_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(data["host"]), str(data["user"]), int(data["pid"]), str(data["since"]),
                        str(data.get("heartbeat") or data["since"]), str(data.get("token", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return LockInfo("?", "?", 0, "1970-01-01T00:00:00", "1970-01-01T00:00:00", "")


def is_stale(info: LockInfo, *, now: datetime | None = None) -> bool:
    now = now or _now()
    try:
        heartbeat = datetime.fromisoformat(info.heartbeat)
    except ValueError:
        return True
    if now - heartbeat > STALE_AFTER:
        return True
    if info.host == this_host() and not pid_alive(info.pid):
        return True
    return False


class LedgerLock:
    """A held lock. `refresh()` every HEARTBEAT_SECONDS; `release()` on close."""

    def __init__(self, ledger_path: Path, info: LockInfo, *, took_over: LockInfo | None = None):
        self.ledger_path = ledger_path
        self.info = info
        self.took_over = took_over   # the stale lock we replaced, if any

    @property
    def path(self) -> Path:
        return lock_path(self.ledger_path)

    def still_ours(self) -> bool:
        current = read_lock(self.ledger_path)
        return current is not None and current.token == self.info.token

    def refresh(self, *, now: datetime | None = None) -> bool:
        """Write a new heartbeat; False when the lock is no longer ours (someone took it over)."""
        if not self.still_ours():
            return False
        stamp = (now or _now()).isoformat()
        self.info = LockInfo(**{**self.info.as_json(), "heartbeat": stamp})
        _write_atomically(self.path, self.info)
        return True

    def release(self) -> None:
        if self.still_ours():
            try:
                self.path.unlink()
            except OSError:
                pass


def _write_atomically(path: Path, info: LockInfo) -> None:
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}")
    temporary.write_text(json.dumps(info.as_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def _new_info(now: datetime) -> LockInfo:
    stamp = now.isoformat()
    return LockInfo(this_host(), this_user(), os.getpid(), stamp, stamp, os.urandom(16).hex())


def acquire(ledger_path: Path | str, *, now: datetime | None = None) -> LedgerLock:
    """Take the ledger's lock, taking over a stale one; LedgerLockedError names a live holder."""
    ledger_path = Path(ledger_path)
    now = now or _now()
    path = lock_path(ledger_path)
    info = _new_info(now)
    payload = json.dumps(info.as_json(), ensure_ascii=False).encode("utf-8")
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        holder = read_lock(ledger_path)
        if holder is None:  # released in between: try once more
            return acquire(ledger_path, now=now)
        if holder.token and holder.host == info.host and holder.pid == info.pid:
            raise LedgerLockedError(holder, ledger_path)  # this very program already has it open
        if not is_stale(holder, now=now):
            raise LedgerLockedError(holder, ledger_path)
        _write_atomically(path, info)
        lock = LedgerLock(ledger_path, info, took_over=holder)
        if not lock.still_ours():  # another program took it over at the same moment
            raise LedgerLockedError(read_lock(ledger_path) or holder, ledger_path)
        return lock
    with os.fdopen(handle, "wb") as stream:
        stream.write(payload)
    return LedgerLock(ledger_path, info)


def holder_if_locked(ledger_path: Path | str) -> LockInfo | None:
    """The live holder of the ledger's lock, or None when it is free or stale."""
    holder = read_lock(ledger_path)
    if holder is None or is_stale(holder):
        return None
    return holder
