"""Administrator password: salted slow hash in settings; changing it needs the old one; operators remembered."""
from __future__ import annotations

import pytest

from db.admin import ITERATIONS, WrongPasswordError, has_password, set_password, verify_password
from db.errors import ValidationError
from db.operators import clean_operator_name, known_operators, set_operator


def test_password_is_stored_salted_and_slow(ledger):
    assert not has_password(ledger)
    set_password(ledger, "泰兴2024")
    stored = ledger.setting("admin_password")
    assert "泰兴2024" not in stored
    algorithm, iterations, salt, digest = stored.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 200_000 and len(salt) == 32
    assert verify_password(ledger, "泰兴2024")
    assert not verify_password(ledger, "泰兴2025")
    assert ITERATIONS >= 200_000


def test_same_password_twice_gives_different_hashes(ledger):
    from db.admin import hash_password
    assert hash_password("abcdef") != hash_password("abcdef")


def test_changing_needs_the_old_password_and_is_audited(ledger):
    set_password(ledger, "first-pass")
    with pytest.raises(WrongPasswordError, match="原管理员密码不正确"):
        set_password(ledger, "second-pass", old_password="wrong")
    assert verify_password(ledger, "first-pass")
    set_password(ledger, "second-pass", old_password="first-pass")
    assert verify_password(ledger, "second-pass")
    actions = [r["action"] for r in ledger.rows("SELECT action FROM audit")]
    assert actions[-2:] == ["设置管理员密码", "修改管理员密码"]
    assert not any("pass" in (r["new"] or "") for r in ledger.rows("SELECT new FROM audit"))


def test_too_short_password_refused(ledger):
    with pytest.raises(ValidationError, match="至少"):
        set_password(ledger, "123")


def test_operator_recorded_on_changes_and_remembered(ledger):
    from db.units import create_unit
    set_operator(ledger, "  王  芳 ")
    set_operator(ledger, "李娜")
    set_operator(ledger, "王 芳")
    assert known_operators(ledger) == ["王 芳", "李娜"]
    create_unit(ledger, "市科技局")
    assert ledger.scalar("SELECT actor FROM audit ORDER BY id DESC LIMIT 1") == "王 芳"
    with pytest.raises(ValidationError, match="姓名"):
        clean_operator_name("   ")
    with pytest.raises(ValidationError, match="太长"):
        clean_operator_name("名" * 30)
