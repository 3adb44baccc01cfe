"""The audit trail is tamper-evident: check names the first broken row."""
from __future__ import annotations

from db.audit_chain import find_chain_break, verify_chain
from db.units import create_unit


def _some_rows(ledger, n=5):
    for i in range(n):
        create_unit(ledger, f"测试单位{i}")


def test_intact_chain(ledger, demo_ledger):
    _some_rows(ledger)
    assert verify_chain(ledger) is None
    assert verify_chain(demo_ledger) is None


def test_edited_row_is_named(ledger):
    _some_rows(ledger)
    ledger.conn.execute("UPDATE audit SET actor = '别人' WHERE id = 3")
    assert verify_chain(ledger) == 3


def test_deleted_row_breaks_the_next_one(ledger):
    _some_rows(ledger)
    ledger.conn.execute("DELETE FROM audit WHERE id = 2")
    found = find_chain_break(ledger.conn)
    assert found.row_id == 3 and "链接" in found.reason


def test_rehashed_edit_still_breaks_the_following_row(ledger):
    from db.ledger import audit_row_hash

    _some_rows(ledger)
    row = dict(ledger.row("SELECT * FROM audit WHERE id = 2"))
    row["new"] = "伪造"
    forged = audit_row_hash(row["prev_hash"], row)
    ledger.conn.execute("UPDATE audit SET new = ?, hash = ? WHERE id = 2", ("伪造", forged))
    assert verify_chain(ledger) == 3


def test_empty_trail_is_intact(tmp_path):
    import sqlite3
    from db.schema import CORE_V1
    conn = sqlite3.connect(":memory:")
    conn.executescript(CORE_V1)
    assert find_chain_break(conn) is None


def test_fast_hash_is_the_ledger_hash(ledger):
    from db.audit_chain import fast_row_hash
    from db.ledger import AUDIT_HASHED_FIELDS, audit_row_hash

    _some_rows(ledger, 3)
    with ledger.transaction():
        ledger.audit("填报进展", "progress", 7, field="percent", old=12.5, new="进展“引号”\\n换行😀", task_id=1)
    for row in ledger.rows("SELECT * FROM audit"):
        row = dict(row)
        content = tuple(row[name] for name in AUDIT_HASHED_FIELDS)
        assert fast_row_hash(row["prev_hash"], content) == audit_row_hash(row["prev_hash"], row) == row["hash"]
