"""The administrator password: a salted, slow hash (PBKDF2-HMAC-SHA256) kept in the ledger's settings.

It guards plan edits, deletions, closing and reopening periods, and restores (the window asks for it
through ui.admin.require_admin). Kept in the ledger so a backup carries it and another PC agrees.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from db.errors import ValidationError

SETTING = "admin_password"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 240_000
MIN_LENGTH = 6


class WrongPasswordError(ValidationError):
    pass


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
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
            raise WrongPasswordError("原管理员密码不正确,密码未修改。", "管理员密码")
        changing = has_password(ledger)
        ledger.set_setting(SETTING, hash_password(new_password))
        ledger.audit("修改管理员密码" if changing else "设置管理员密码", "setting", None, field=SETTING)
