"""Opening and creating ledger files: what is refused, and that refusals change nothing."""
import sqlite3

import pytest

from db.errors import LedgerExistsError, NewerLedgerError, NotALedgerError, ReadOnlyError
from db.ledger import Ledger
from db.schema import SCHEMA_VERSION


def test_create_then_open_keeps_settings(tmp_path):
    path = tmp_path / "a.ipledger"
    Ledger.create(path).close()
    with Ledger.open(path) as led:
        assert led.schema_version == SCHEMA_VERSION
        assert len(led.setting("ledger_id")) == 32
        assert led.scalar("PRAGMA journal_mode") == "wal"


def test_create_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.ipledger"
    path.write_text("precious")
    with pytest.raises(LedgerExistsError, match="已存在"):
        Ledger.create(path)
    assert path.read_text() == "precious"


def test_text_file_is_not_a_ledger_and_stays_untouched(tmp_path):
    path = tmp_path / "notes.ipledger"
    path.write_bytes("这不是台账".encode("utf-8"))
    before = path.read_bytes()
    with pytest.raises(NotALedgerError, match="不是台账文件"):
        Ledger.open(path)
    assert path.read_bytes() == before


def test_other_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotALedgerError, match="不是本程序的台账文件"):
        Ledger.open(path)
    assert path.read_bytes() == before


def test_newer_ledger_is_refused_untouched(tmp_path):
    path = tmp_path / "new.ipledger"
    Ledger.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerLedgerError, match="更新版本"):
        Ledger.open(path)
    assert path.read_bytes() == before


def test_missing_file_message_names_the_path(tmp_path):
    with pytest.raises(NotALedgerError, match="找不到台账文件"):
        Ledger.open(tmp_path / "nope.ipledger")


def test_read_only_ledger_refuses_writes(demo_path):
    with Ledger.open(demo_path, read_only=True) as led:
        with pytest.raises(ReadOnlyError, match="只读"):
            led.set_setting("county", "别处")


def test_failed_action_rolls_back_everything(ledger):
    with pytest.raises(RuntimeError):
        with ledger.transaction():
            ledger.set_setting("county", "泰兴市")
            ledger.audit("测试", "setting")
            raise RuntimeError("crash in the middle")
    assert ledger.setting("county") is None
    assert ledger.scalar("SELECT COUNT(*) FROM audit") == 0


def test_nested_failure_rolls_back_only_the_inner_part(ledger):
    with ledger.transaction():
        ledger.set_setting("a", "1")
        with pytest.raises(ValueError):
            with ledger.transaction():
                ledger.set_setting("b", "2")
                raise ValueError
    assert ledger.setting("a") == "1"
    assert ledger.setting("b") is None
