"""`ipledger generate --db FILE --scale city|province`: a large realistic ledger, written fast, never over a file."""
from __future__ import annotations

import sqlite3
import time
from datetime import date

import pytest

from desktop.cli import main


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    from db.generate import generate_ledger

    path = tmp_path_factory.mktemp("gen") / "city.ipledger"
    started = time.perf_counter()
    counts = generate_ledger(path, "city", today=date(2026, 11, 21))
    return path, counts, time.perf_counter() - started


def test_city_has_the_promised_size_and_is_fast(city):
    path, counts, seconds = city
    conn = sqlite3.connect(path)
    count = lambda table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("tasks") == 2000
    assert count("units") == 400
    assert count("periods") == 20
    assert 150_000 <= count("progress") <= 170_000
    assert counts["progress"] == count("progress")
    # every task has a lead unit and cooperating units of its own county
    assert conn.execute("SELECT COUNT(DISTINCT task_id) FROM task_units WHERE role = 'lead'").fetchone()[0] == 2000
    # the periods are the 20 quarters up to the last ended one
    keys = [r[0] for r in conn.execute("SELECT key FROM periods ORDER BY start")]
    assert keys[0] == "2021Q4" and keys[-1] == "2026Q3"
    assert seconds < 30, f"generating a city took {seconds:.1f} s"


def test_texts_look_like_real_plans(city):
    path, _, _ = city
    conn = sqlite3.connect(path)
    avg_task = conn.execute("SELECT AVG(LENGTH(text)) FROM tasks").fetchone()[0]
    avg_progress = conn.execute("SELECT AVG(LENGTH(progress)) FROM progress").fetchone()[0]
    assert 80 <= avg_task <= 400
    assert 20 <= avg_progress <= 200
    names = [r[0] for r in conn.execute("SELECT name FROM units")]
    assert any(name.endswith("市场监督管理局〔知识产权局〕") for name in names)
    assert len(set(names)) == 400
    statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM progress")}
    assert statuses == {"未启动", "推进中", "已完成", "滞后"}


def test_one_summary_audit_row_with_a_valid_chain(city):
    from db.ledger import GENESIS_HASH, AUDIT_HASHED_FIELDS, audit_row_hash

    path, _, _ = city
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    assert [r["action"] for r in rows] == ["批量生成台账"]
    assert "2000 项任务" in rows[0]["new"]
    row = dict(rows[0])
    assert row["prev_hash"] == GENESIS_HASH
    assert audit_row_hash(GENESIS_HASH, {k: row[k] for k in AUDIT_HASHED_FIELDS}) == row["hash"]


def test_the_status_command_reads_a_generated_ledger(city, capsys):
    import json

    path, _, _ = city
    assert main(["status", "--db", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tasks"] == 2000 and data["units"] == 400
    assert 0 < data["entries_reported"] < data["entries_expected"]


def test_refuses_to_overwrite_an_existing_file(tmp_path, capsys):
    target = tmp_path / "已有台账.ipledger"
    target.write_bytes(b"precious")
    assert main(["generate", "--db", str(target), "--scale", "city"]) == 2
    assert target.read_bytes() == b"precious"
    assert "文件已存在" in capsys.readouterr().err


def test_unknown_scale_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["generate", "--db", str(tmp_path / "x.ipledger"), "--scale", "country"])
    assert exc.value.code == 2
    assert not (tmp_path / "x.ipledger").exists()
    assert "用法错误" in capsys.readouterr().err
