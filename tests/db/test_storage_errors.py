"""A write the storage refuses (disk full, another writer, read-only file) is a Chinese StorageError; nothing is
saved and the ledger goes on working."""
from __future__ import annotations

import sqlite3

import pytest

from db.errors import StorageError
from db.evidence import add_evidence_bytes
from db.units import create_unit


def _entry(ledger):
    return tuple(ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods d"
                            " ON d.id = p.period_id WHERE d.state = 'open' LIMIT 1"))


def test_disk_full_is_a_clear_message_and_nothing_half_saved(demo_ledger):
    pages = demo_ledger.scalar("PRAGMA page_count")
    audit_before = demo_ledger.scalar("SELECT COUNT(*) FROM audit")
    demo_ledger.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StorageError, match="磁盘空间已满"):
        add_evidence_bytes(demo_ledger, *_entry(demo_ledger), "大文件.pdf", b"x" * 2_000_000)
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit") == audit_before
    assert demo_ledger.scalar("SELECT COUNT(*) FROM evidence") == 0
    demo_ledger.conn.execute("PRAGMA max_page_count = 1073741823")
    create_unit(demo_ledger, "磁盘清理后新增的单位")  # the ledger goes on working
    assert demo_ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_another_writer_is_a_busy_message(demo_ledger, demo_path):
    other = sqlite3.connect(demo_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    demo_ledger.conn.execute("PRAGMA busy_timeout = 100")
    try:
        with pytest.raises(StorageError, match="另一个程序"):
            create_unit(demo_ledger, "等待中的单位")
    finally:
        other.execute("ROLLBACK")
        other.close()
    create_unit(demo_ledger, "等待中的单位")


def test_programming_errors_stay_what_they_are(ledger):
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with ledger.transaction():
            ledger.conn.execute("SELECT * FROM no_such_table")
