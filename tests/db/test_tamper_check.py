"""`ipledger check` sees tampering done with a SQLite tool behind the program's back (issue 18): edited progress,
tasks, period states and the admin password hash; audit rows deleted at the end (one, 500, all); an audit chain
recomputed with plain sha256 after an edit. The v1 fixture (made before the seal existed) still verifies."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db.integrity import check_file
from db.ledger import Ledger, audit_row_hash, AUDIT_HASHED_FIELDS
from db.progress import record_progress

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers" / "v1.ipledger"


@pytest.fixture
def sealed_path(tmp_path) -> Path:
    """The v1 fixture, opened once by the program (migrated, sealed) and written to."""
    path = tmp_path / "台账.ipledger"
    shutil.copy(FIXTURE, path)
    ledger = Ledger.open(path, actor="测试")
    entry = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods r ON r.id = p.period_id"
                       " WHERE r.state = 'open' ORDER BY p.id LIMIT 1")
    record_progress(ledger, *entry, {"progress": "程序写入的进展"})
    ledger.close()
    assert check_file(path).ok, check_file(path).problems
    return path


def _tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _problems(path: Path) -> str:
    report = check_file(path)
    assert not report.ok
    return "\n".join(report.problems)


def test_the_v1_fixture_verifies_before_and_after_migration(tmp_path):
    path = tmp_path / "v1.ipledger"
    shutil.copy(FIXTURE, path)
    assert check_file(path).ok
    Ledger.open(path, actor="测试").close()
    assert check_file(path).ok


@pytest.mark.parametrize("statement, words", [
    ("UPDATE progress SET progress = '篡改的进展' WHERE id = (SELECT MIN(id) FROM progress)", "进展填报"),
    ("UPDATE tasks SET title = '篡改的任务' WHERE id = (SELECT MIN(id) FROM tasks)", "重点任务"),
    ("UPDATE periods SET state = 'closed' WHERE id = (SELECT MIN(id) FROM periods)", "报告期"),
    ("INSERT INTO settings (key, value) VALUES ('admin_password', 'pbkdf2_sha256$1$00$00') "
     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "管理员密码"),
])
def test_data_edited_behind_the_programs_back_is_found(sealed_path, statement, words):
    _tamper(sealed_path, statement)
    assert words in _problems(sealed_path)


def test_deleting_the_last_audit_row_is_found(sealed_path):
    count = sqlite3.connect(sealed_path).execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    _tamper(sealed_path, "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
    problems = _problems(sealed_path)
    assert "修改记录被删除过" in problems and f"共有 {count} 行" in problems


def test_deleting_the_last_500_or_all_audit_rows_is_found(tmp_path, sealed_path):
    ledger = Ledger.open(sealed_path, actor="测试")
    entries = ledger.rows("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods r ON r.id = p.period_id"
                          " WHERE r.state = 'open' ORDER BY p.id LIMIT 300")
    with ledger.transaction():
        for index, entry in enumerate(entries):
            record_progress(ledger, *entry, {"progress": f"第{index}次", "problems": f"问题{index}"})
    ledger.close()
    assert check_file(sealed_path).ok
    copy = tmp_path / "copy.ipledger"
    shutil.copy(sealed_path, copy)
    _tamper(sealed_path, "DELETE FROM audit WHERE id > (SELECT MAX(id) - 500 FROM audit)")
    assert "修改记录被删除过" in _problems(sealed_path)
    _tamper(copy, "DELETE FROM audit")
    assert "修改记录被删除过" in _problems(copy)


def test_a_chain_recomputed_with_plain_hashes_after_an_edit_does_not_verify(sealed_path):
    conn = sqlite3.connect(sealed_path)
    conn.row_factory = sqlite3.Row
    target = conn.execute("SELECT MAX(id) FROM audit").fetchone()[0]
    conn.execute("UPDATE audit SET new = '伪造的值' WHERE id = ?", (target,))
    prev = conn.execute("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1", (target,)).fetchone()[0]
    for row in conn.execute("SELECT * FROM audit WHERE id >= ? ORDER BY id", (target,)).fetchall():
        new_hash = audit_row_hash(prev, {name: row[name] for name in AUDIT_HASHED_FIELDS})
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new_hash, row["id"]))
        prev = new_hash
    conn.commit()
    conn.close()
    report = check_file(sealed_path)
    assert report.audit_break_row == target
    assert f"第 {target} 行" in "\n".join(report.problems)


def test_removing_the_key_and_the_seal_is_found(sealed_path):
    _tamper(sealed_path, "DELETE FROM security_state", "DELETE FROM settings WHERE key LIKE 'audit_key%'")
    assert "防篡改" in _problems(sealed_path)


def test_the_command_line_check_exits_1_and_names_the_table(sealed_path, capsys):
    from desktop.cli import main

    _tamper(sealed_path, "UPDATE progress SET percent = 99 WHERE id = (SELECT MAX(id) FROM progress)")
    assert main(["check", "--db", str(sealed_path)]) == 1
    assert "进展填报" in capsys.readouterr().err


def test_changes_made_by_the_program_keep_the_seal(sealed_path):
    ledger = Ledger.open(sealed_path, actor="测试")
    entry = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods r ON r.id = p.period_id"
                       " WHERE r.state = 'open' ORDER BY p.id DESC LIMIT 1")
    with pytest.raises(RuntimeError):
        with ledger.transaction():   # a rolled-back action leaves the seal as it was
            record_progress(ledger, *entry, {"progress": "不会保存"})
            raise RuntimeError("中途出错")
    with ledger.transaction():
        record_progress(ledger, *entry, {"progress": "保存的进展", "percent": 40})
        ledger.conn.execute("DELETE FROM progress WHERE id = (SELECT MIN(id) FROM progress)")
    ledger.close()
    assert check_file(sealed_path).ok, check_file(sealed_path).problems


def test_deleting_one_tables_seal_is_found(sealed_path):
    _tamper(sealed_path, "DELETE FROM security_state WHERE name = 'progress'",
            "UPDATE progress SET progress = '篡改' WHERE id = (SELECT MIN(id) FROM progress)")
    assert "“progress”不见了" in _problems(sealed_path)
