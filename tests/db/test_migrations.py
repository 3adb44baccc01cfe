"""Every released schema version's fixture ledger opens with the current program, data intact; a migration
runs only after a backup; a file from a newer program is refused and left byte-for-byte untouched."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from db.backup import BackupError, list_backups
from db.errors import NewerLedgerError
from db.ledger import Ledger

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers"
FIXTURE_FILES = sorted(FIXTURES.glob("v*.ipledger"))


def test_there_is_a_fixture_for_every_released_version():
    from db.schema import SCHEMA_VERSION
    versions = {int(p.stem[1:]) for p in FIXTURE_FILES}
    assert versions and versions <= set(range(1, SCHEMA_VERSION + 1))
    assert 1 in versions


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_ledger_opens_with_the_current_program(fixture, tmp_path):
    from db.audit_chain import verify_chain
    from db.evidence import evidence_bytes
    from db.plan_store import current_plan_id, get_plan
    from db.reviews import period_reopen_notes
    from desktop.cli_support import open_ledger_for_cli

    expected = json.loads(fixture.with_suffix(".expected.json").read_text(encoding="utf-8"))
    copy = tmp_path / "台账.ipledger"
    shutil.copy(fixture, copy)
    ledger = open_ledger_for_cli(str(copy))
    try:
        from db.schema import SCHEMA_VERSION
        assert ledger.schema_version == SCHEMA_VERSION
        for table, count in expected["counts"].items():
            assert ledger.scalar(f'SELECT COUNT(*) FROM "{table}"') == count, table
        assert get_plan(ledger, current_plan_id(ledger))["title"] == expected["plan_title"]
        closed = [r[0] for r in ledger.rows("SELECT key FROM periods WHERE state = 'closed' ORDER BY key")]
        assert closed == expected["closed_periods"]
        assert verify_chain(ledger) is None
        assert ledger.scalar("SELECT hash FROM audit ORDER BY id DESC LIMIT 1") == expected["last_audit_hash"]
        evidence_id = ledger.scalar("SELECT id FROM evidence WHERE original_name = ?", (expected["evidence"]["name"],))
        assert evidence_bytes(ledger, evidence_id)[1] == expected["evidence"]["bytes"].encode()
        period = ledger.scalar("SELECT id FROM periods WHERE key = '2025Q4'")
        assert [n["reason"] for n in period_reopen_notes(ledger, period)] == ["补录市科技局数据"]
        assert ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ledger.close()


@pytest.fixture
def next_version(monkeypatch):
    """Pretend the program knows a schema version 2 (a table added)."""
    import db.ledger
    import db.schema

    version = db.schema.SCHEMA_VERSION + 1
    monkeypatch.setitem(db.schema.MIGRATIONS, version, ["CREATE TABLE future_table (id INTEGER PRIMARY KEY, x TEXT)"])
    monkeypatch.setattr(db.ledger, "SCHEMA_VERSION", version)
    monkeypatch.setattr(db.schema, "SCHEMA_VERSION", version)
    return version


def test_migration_runs_only_after_a_backup(demo_path, next_version):
    from desktop.cli_support import open_ledger_for_cli

    ledger = open_ledger_for_cli(str(demo_path))
    try:
        assert ledger.schema_version == next_version
        assert ledger.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'future_table'") == 1
    finally:
        ledger.close()
    backups = list_backups(demo_path.parent / "台账备份", demo_path.stem)
    assert [b.reason for b in backups] == ["升级前"]
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == next_version - 1
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'future_table'").fetchone()[0] == 0
    conn.close()


def test_window_start_backs_up_before_migrating(demo_path, next_version, monkeypatch):
    from desktop.launch import open_for_window

    monkeypatch.setenv("IPLEDGER_OPERATOR", "王芳")
    session = open_for_window(demo_path, interactive=False)
    assert session.ledger.schema_version == next_version
    session.close()
    assert [b.reason for b in list_backups(demo_path.parent / "台账备份", demo_path.stem)] == ["升级前"]


def test_no_backup_no_migration(demo_path, next_version, monkeypatch):
    from db.backup import backup_before_migrate

    def failing(*args):
        raise BackupError("备份失败(测试)")
    before = demo_path.read_bytes()
    with pytest.raises(BackupError):
        Ledger.open(demo_path, before_migrate=failing)
    assert demo_path.read_bytes() == before
    assert sqlite3.connect(demo_path).execute("PRAGMA user_version").fetchone()[0] == next_version - 1
    del backup_before_migrate


def test_newer_file_is_refused_and_untouched(demo_path, tmp_path):
    from desktop.cli_support import CliError, open_ledger_for_cli

    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = demo_path.read_bytes()
    siblings = sorted(p.name for p in demo_path.parent.iterdir())
    with pytest.raises(NewerLedgerError, match="更新版本"):
        Ledger.open(demo_path)
    with pytest.raises(CliError) as caught:
        open_ledger_for_cli(str(demo_path))
    assert caught.value.code == 2 and "最新版本" in caught.value.message
    assert demo_path.read_bytes() == before
    assert sorted(p.name for p in demo_path.parent.iterdir()) == siblings  # no -wal, no backup, nothing


def test_latest_fixture_has_the_current_schema(tmp_path):
    """Until a version is released its fixture must be remade when tables change
    (tests/fixtures/make_fixture_ledger.py --replace); afterwards a change is a new migration."""
    from db.schema import SCHEMA_VERSION

    latest = FIXTURES / f"v{SCHEMA_VERSION}.ipledger"
    if not latest.exists():
        pytest.skip("the current schema version is not released yet")

    def shape(conn) -> dict:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}

    fresh = Ledger.memory()
    fixture = sqlite3.connect(f"file:{latest}?mode=ro", uri=True)
    try:
        assert shape(fixture) == shape(fresh.conn)
    finally:
        fixture.close()
        fresh.close()
