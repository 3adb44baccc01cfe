"""`ipledger backup / restore / check` as CLI.md describes them: exit codes, stdout/stderr."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=120)


def test_backup_then_check_then_restore(demo_path, tmp_path):
    out = tmp_path / "我的备份.ipledger"
    done = run("backup", "--db", demo_path, "--out", out)
    assert done.returncode == 0, done.stderr
    assert out.exists() and "已备份" in done.stderr
    assert run("backup", "--db", demo_path, "--out", out).returncode == 2  # never overwrites

    default = run("backup", "--db", demo_path)
    assert default.returncode == 0
    assert Path(default.stdout.strip()).parent == demo_path.parent / "台账备份"

    checked = run("check", "--db", demo_path, "--format", "json")
    assert checked.returncode == 0
    assert json.loads(checked.stdout)["ok"] is True

    conn = sqlite3.connect(demo_path)
    conn.execute("DELETE FROM units WHERE id = (SELECT MAX(id) FROM units)")
    conn.commit()
    conn.close()
    restored = run("restore", "--db", demo_path, "--from", out)
    assert restored.returncode == 0, restored.stderr
    assert "恢复前的台账已另存为" in restored.stderr
    assert run("check", "--db", demo_path).returncode == 0


def test_check_names_the_first_broken_audit_row(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE audit SET old = '改过' WHERE id = 42")
    conn.commit()
    conn.close()
    checked = run("check", "--db", demo_path, "--format", "json")
    assert checked.returncode == 1
    assert json.loads(checked.stdout)["audit_first_broken_row"] == 42
    assert "第 42 行" in checked.stderr


def test_check_reports_broken_foreign_keys(demo_path):
    conn = sqlite3.connect(demo_path)  # foreign keys off in this raw connection
    conn.execute("UPDATE progress SET unit_id = 99999 WHERE id = 1")
    conn.commit()
    conn.close()
    checked = run("check", "--db", demo_path)
    assert checked.returncode == 1 and "progress" in checked.stderr


def test_check_of_a_corrupted_file(demo_path):
    data = bytearray(demo_path.read_bytes())
    data[8192:40960] = b"\x00\xff" * 16384
    demo_path.write_bytes(bytes(data))
    checked = run("check", "--db", demo_path)
    assert checked.returncode in (1, 2)
    assert checked.stderr.strip() and "Traceback" not in checked.stderr


def test_unreadable_inputs_exit_2(tmp_path):
    junk = tmp_path / "junk.ipledger"
    junk.write_bytes(b"hello world, not sqlite at all")
    for args in (("check", "--db", junk), ("backup", "--db", junk), ("check", "--db", tmp_path / "none"),
                 ("restore", "--db", junk, "--from", tmp_path / "none")):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stdout == "" and "Traceback" not in result.stderr


def test_restore_refuses_a_bad_backup_and_keeps_the_ledger(demo_path, tmp_path):
    junk = tmp_path / "junk.ipledger"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    before = demo_path.read_bytes()
    result = run("restore", "--db", demo_path, "--from", junk)
    assert result.returncode == 1 and "备份文件" in result.stderr
    assert demo_path.read_bytes() == before


def test_restore_refused_while_another_program_holds_the_ledger(demo_path, tmp_path):
    from db.lockfile import acquire

    backup = tmp_path / "b.ipledger"
    assert run("backup", "--db", demo_path, "--out", backup).returncode == 0
    lock = acquire(demo_path)  # this test process is alive: the lock is not stale
    try:
        result = run("restore", "--db", demo_path, "--from", backup)
        assert result.returncode == 1 and "正由" in result.stderr
    finally:
        lock.release()


def test_restore_a_lost_ledger_to_its_place(demo_path, tmp_path):
    backup = tmp_path / "b.ipledger"
    assert run("backup", "--db", demo_path, "--out", backup).returncode == 0
    lost = tmp_path / "新电脑" / "台账.ipledger"
    lost.parent.mkdir()
    result = run("restore", "--db", lost, "--from", backup)
    assert result.returncode == 0, result.stderr
    assert run("check", "--db", lost).returncode == 0


def test_check_finds_altered_evidence(demo_path):
    from db.evidence import add_evidence_bytes
    from db.ledger import Ledger

    with Ledger.open(demo_path) as ledger:
        entry = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods d"
                           " ON d.id = p.period_id WHERE d.state = 'open' LIMIT 1")
        add_evidence_bytes(ledger, *entry, "验收照片.jpg", b"\xff\xd8 original photo")
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE evidence_blobs SET data = ? ", (b"\xff\xd8 swapped photo",))
    conn.commit()
    conn.close()
    checked = run("check", "--db", demo_path)
    assert checked.returncode == 1 and "验收照片.jpg" in checked.stderr
