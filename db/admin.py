"""The administrator password: a salted, slow hash (PBKDF2-HMAC-SHA256) kept in the ledger's settings.

It guards plan edits, deletions, closing and reopening periods, and restores. The rule lives here, in the core,
whoever calls: each guarded verb calls `require_admin(ledger, what)`, which refuses (AdminRequiredError) unless the
caller proved the password on this connection within ADMIN_MINUTES (`prove(ledger, password)`: the window after
its password dialog, the command line from a prompt or --admin-password-file). A ledger without a password needs
no proof. Kept in the ledger so a backup carries it and another PC agrees.

What it does not do: it is not encryption. Whoever can copy the file can read it, and can change it with a SQLite
tool; `ipledger check` then shows the change (db/tamper_seal.py), but cannot undo it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from db.errors import LedgerError, ValidationError

SETTING = "admin_password"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 240_000
MIN_LENGTH = 6


ADMIN_MINUTES = 15
FORGOTTEN_HINT = ("忘记密码时：密码无法找回，也不能在程序中跳过；请从设置密码之前的备份恢复（需当时的管理员），"
                  "或请单位的系统管理员处理。")


class WrongPasswordError(ValidationError):
    pass


class AdminRequiredError(LedgerError):
    """A guarded action without proof of the administrator password; nothing was changed."""


def prove(ledger, password: str | None) -> None:
    """Check the administrator password and let this connection do guarded actions for ADMIN_MINUTES.
    WrongPasswordError (Chinese) when it does not match; nothing to prove when no password is set."""
    if not has_password(ledger):
        return
    if not verify_password(ledger, password or ""):
        raise WrongPasswordError("管理员密码不正确，操作未进行。" + FORGOTTEN_HINT, "管理员密码")
    ledger.admin_until = time.monotonic() + ADMIN_MINUTES * 60


def forget(ledger) -> None:
    ledger.admin_until = 0.0


def is_proven(ledger) -> bool:
    return not has_password(ledger) or getattr(ledger, "admin_until", 0.0) > time.monotonic()


def require_admin(ledger, what: str) -> None:
    """The core's rule for administrator actions (called by each guarded verb, whoever calls it)."""
    if not is_proven(ledger):
        raise AdminRequiredError(f"{what}需要管理员密码，操作未进行，台账未作任何改动。请先输入管理员密码"
                                 "（窗口会弹出输入框；命令行请按提示输入，或用 --admin-password-file 指定存放密码的文件）。")
    operation = getattr(ledger, "_current_operation", None)
    if operation is not None:
        operation.needs_admin = True   # undoing or redoing it later needs the password as well (db/ops/replay.py)


def admin_only(what: str):
    """Decorate a verb `f(ledger, ...)` with the administrator rule (the verb's first argument is the ledger)."""
    import functools

    def wrap(func):
        @functools.wraps(func)
        def guarded(ledger, *args, **kwargs):
            require_admin(ledger, what)
            return func(ledger, *args, **kwargs)
        guarded.admin_only = what
        return guarded
    return wrap


@dataclass(frozen=True)
class AdminGrant:
    """Proof, taken from a connection that proved the password (or whose ledger has none), that the administrator
    may act on that ledger FILE after the connection is closed (a restore swaps the file)."""
    path: str


def grant_for(ledger, what: str = "从备份恢复") -> AdminGrant:
    require_admin(ledger, what)
    return AdminGrant(str(Path(ledger.path).resolve()))


def require_admin_for_file(ledger_path: Path | str, admin: "AdminGrant | str | None", what: str) -> None:
    """The administrator rule for an action on a ledger file that is not open (a restore): a grant for that file,
    or the file's admin password. A file without a password, or one too damaged to read it, needs none."""
    if isinstance(admin, AdminGrant) and admin.path == str(Path(ledger_path).resolve()):
        return
    matches = file_password_matches(ledger_path, admin if isinstance(admin, str) else None)
    if matches is False:
        if isinstance(admin, str) and admin:
            raise WrongPasswordError(f"管理员密码不正确，{what}未进行，台账未作任何改动。" + FORGOTTEN_HINT, "管理员密码")
        raise AdminRequiredError(f"{what}需要台账 {Path(ledger_path).name} 的管理员密码，操作未进行，台账未作任何改动。"
                                 "命令行请按提示输入，或用 --admin-password-file 指定存放密码的文件。")


def file_password_matches(ledger_path: Path | str, password: str | None) -> bool | None:
    """For a restore (the ledger is not open): does the password match the admin password of the ledger FILE?
    None when the file has no password (or cannot be read: a lost or damaged ledger is restored without one)."""
    import sqlite3

    from db.integrity import connect_read_only

    path = Path(ledger_path)
    if not path.is_file():
        return None
    try:
        conn = connect_read_only(path)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if not row or not row[0]:
        return None
    return password_matches(password or "", row[0])


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    import hashlib  # (here and below: hashlib is kept out of the window's start-up, tests/test_lazy_imports.py)
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        algorithm, iterations, salt, digest = stored.split("$")
        if algorithm != ALGORITHM:
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", str(password).encode("utf-8"), bytes.fromhex(salt),
                                        int(iterations))
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def has_password(ledger) -> bool:
    return bool(ledger.setting(SETTING))


def verify_password(ledger, password: str) -> bool:
    stored = ledger.setting(SETTING)
    return bool(stored) and password_matches(password or "", stored)


def check_new_password(password: str) -> str:
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"管理员密码至少要有{MIN_LENGTH}位。请重新输入。", "管理员密码")
    if password.strip() != password:
        raise ValidationError("管理员密码的开头和结尾不能是空格。请重新输入。", "管理员密码")
    return password


def set_password(ledger, new_password: str, *, old_password: str | None = None) -> None:
    """Set or change the password; changing it needs the current one. Audited (without the password)."""
    check_new_password(new_password)
    with ledger.transaction():
        if has_password(ledger) and not verify_password(ledger, old_password or ""):
            raise WrongPasswordError("原管理员密码不正确，密码未修改。" + FORGOTTEN_HINT, "管理员密码")
        changing = has_password(ledger)
        ledger.set_setting(SETTING, hash_password(new_password))
        ledger.audit("修改管理员密码" if changing else "设置管理员密码", "setting", None, field=SETTING)
