"""Backups: online copies that open as ledgers, thinned by day/week/month; restore verifies then swaps."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db.backup import (BackupError, backup_before, backup_folder, backups_to_keep, latest_good_backup,
                       list_backups, restore_backup, set_backup_folder, take_backup, thin_backups, BackupFile)
from db.ledger import Ledger
from db.progress import get_progress, record_progress


def _first_entry(ledger):
    row = ledger.row("SELECT task_id, unit_id, period_id FROM progress p JOIN periods d ON d.id = p.period_id"
                     " WHERE d.state = 'open' ORDER BY p.id LIMIT 1")
    return tuple(row)


def test_backup_of_a_live_ledger_holds_its_committed_changes(demo_ledger, demo_path):
    task, unit, period = _first_entry(demo_ledger)
    record_progress(demo_ledger, task, unit, period, {"progress": "备份前刚保存的内容"})
    target = backup_before(demo_ledger, "import")  # the ledger stays open, in WAL mode
    assert target.parent == demo_path.parent / "台账备份"
    assert "导入前" in target.name
    with Ledger.open(target, read_only=True) as copy:
        assert get_progress(copy, task, unit, period)["progress"] == "备份前刚保存的内容"
    assert not Path(str(target) + "-wal").exists()  # a self-contained file


def test_backup_does_not_include_an_uncommitted_action(demo_ledger):
    task, unit, period = _first_entry(demo_ledger)
    before = get_progress(demo_ledger, task, unit, period)["progress"]
    with demo_ledger.transaction():
        record_progress(demo_ledger, task, unit, period, {"progress": "尚未提交"})
        target = backup_before(demo_ledger, "import")
    with Ledger.open(target, read_only=True) as copy:
        assert get_progress(copy, task, unit, period)["progress"] == before


def test_backup_folder_is_a_setting(demo_ledger, tmp_path):
    elsewhere = tmp_path / "U盘" / "备份"
    set_backup_folder(demo_ledger, elsewhere)
    assert backup_folder(demo_ledger.path, demo_ledger) == elsewhere
    assert backup_folder(demo_ledger.path) == elsewhere  # read from the file itself
    assert backup_before(demo_ledger, "start").parent == elsewhere


def test_in_memory_ledger_has_nothing_to_back_up(ledger):
    assert backup_before(ledger, "import") is None


def test_unwritable_backup_place_is_a_clear_chinese_error(demo_path, tmp_path):
    blocker = tmp_path / "文件不是文件夹"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="无法创建备份文件夹"):
        take_backup(demo_path, "import", folder=blocker / "sub")


def _fake_backups(folder: Path, stem: str, times: list[datetime]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for when in times:
        (folder / f"{stem}_{when:%Y-%m-%d_%H-%M-%S}_启动.ipledger").write_bytes(b"x")


def test_thinning_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    start = datetime(2024, 1, 1, 9, 0, 0)
    times = [start + timedelta(hours=12 * i) for i in range(2 * 800)]  # two a day for 800 days
    _fake_backups(tmp_path, "台账", times)
    (tmp_path / "别的台账_2024-01-01_09-00-00_启动.ipledger").write_bytes(b"x")
    thin_backups(tmp_path, "台账")
    kept = list_backups(tmp_path, "台账")
    newest = max(times)
    days = {b.taken_at.date() for b in kept}
    # the last 7 days, one each (the newest few may add a second on the latest day)
    assert {newest.date() - timedelta(days=d) for d in range(7)} <= days
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) == 12
    assert len(kept) <= 5 + 7 + 4 + 12
    assert min(b.taken_at for b in kept) > newest - timedelta(days=370)
    assert (tmp_path / "别的台账_2024-01-01_09-00-00_启动.ipledger").exists()  # another ledger's


def test_keeping_rule_keeps_the_newest_even_on_one_day():
    base = datetime(2026, 11, 21, 8)
    backups = [BackupFile(Path(f"b{i}"), base + timedelta(minutes=i), "导入前") for i in range(20)]
    keep = backups_to_keep(backups)
    assert {Path(f"b{i}") for i in range(15, 20)} <= keep
    assert Path("b0") not in keep


def test_restore_verifies_keeps_current_and_swaps(demo_ledger, demo_path):
    task, unit, period = _first_entry(demo_ledger)
    good = backup_before(demo_ledger, "manual")
    record_progress(demo_ledger, task, unit, period, {"progress": "恢复后应消失的内容"})
    demo_ledger.close()
    assert Path(str(demo_path) + "-wal").exists() or True
    result = restore_backup(demo_path, good)
    assert result["kept_current_as"] and "恢复前" in result["kept_current_as"]
    with Ledger.open(demo_path) as restored:
        assert get_progress(restored, task, unit, period)["progress"] != "恢复后应消失的内容"
    with Ledger.open(result["kept_current_as"], read_only=True) as kept:
        assert get_progress(kept, task, unit, period)["progress"] == "恢复后应消失的内容"


def test_restore_refuses_a_damaged_backup_and_leaves_the_ledger_alone(demo_ledger, demo_path, tmp_path):
    bad = backup_before(demo_ledger, "manual")
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE audit SET new = '篡改' WHERE id = 7")
    conn.commit()
    conn.close()
    demo_ledger.close()
    before = demo_path.read_bytes()
    with pytest.raises(BackupError, match="修改记录第 7 行"):
        restore_backup(demo_path, bad)
    assert demo_path.read_bytes() == before
    not_a_ledger = tmp_path / "x.ipledger"
    not_a_ledger.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(BackupError, match="不可用"):
        restore_backup(demo_path, not_a_ledger)
    assert demo_path.read_bytes() == before


def test_restore_never_replays_the_old_wal_onto_the_restored_file(demo_path, clock):
    led = Ledger.open(demo_path, actor="甲", clock=clock)
    good = backup_before(led, "manual")
    led.conn.execute("PRAGMA wal_autocheckpoint = 0")
    task, unit, period = _first_entry(led)
    record_progress(led, task, unit, period, {"progress": "只在WAL里"})
    # simulate a crashed program: the -wal still holds the change, the file is not checkpointed
    wal = Path(str(demo_path) + "-wal")
    assert wal.stat().st_size > 0
    import shutil
    shutil.copy(wal, str(wal) + ".saved")
    led.close()
    shutil.copy(str(wal) + ".saved", wal)
    restore_backup(demo_path, good)
    with Ledger.open(demo_path) as restored:
        assert get_progress(restored, task, unit, period)["progress"] != "只在WAL里"
        assert restored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_latest_good_backup_skips_damaged_ones(demo_ledger, demo_path):
    first = backup_before(demo_ledger, "start")
    second = backup_before(demo_ledger, "close")
    data = bytearray(second.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    second.write_bytes(bytes(data))
    found = latest_good_backup(demo_path)
    assert found is not None and found.path == first


def test_restore_refused_while_another_connection_writes(demo_ledger, demo_path):
    good = backup_before(demo_ledger, "manual")
    before = demo_path.read_bytes()
    demo_ledger.conn.execute("BEGIN IMMEDIATE")  # a writer in the middle of an action
    try:
        with pytest.raises(BackupError, match="正被其他程序使用"):
            restore_backup(demo_path, good)
    finally:
        demo_ledger.conn.execute("ROLLBACK")
    assert demo_path.exists()
    assert demo_ledger.scalar("SELECT COUNT(*) FROM units") > 0
    del before


def test_a_damaged_ledger_gives_no_backup_and_pushes_none_out(demo_ledger, demo_path):
    good = backup_before(demo_ledger, "start")
    demo_ledger.close()
    data = bytearray(demo_path.read_bytes())
    data[20480:61440] = b"\x13" * 40960
    demo_path.write_bytes(bytes(data))
    for _ in range(12):
        with pytest.raises(BackupError, match="未通过完整性检查"):
            take_backup(demo_path, "close")
    assert [b.path for b in list_backups(good.parent)] == [good]


def test_half_written_backups_of_a_killed_program_are_cleared(demo_ledger, demo_path):
    import os
    import time

    folder = demo_path.parent / "台账备份"
    folder.mkdir()
    stale = folder / ".台账_2026-11-20_09-00-00_启动.ipledger.ab12cd34.part"
    fresh = folder / ".台账_2026-11-21_09-00-00_启动.ipledger.ef56ab78.part"
    for part in (stale, fresh):
        part.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    backup_before(demo_ledger, "start")
    assert not stale.exists() and fresh.exists()  # a copy in progress elsewhere is left alone
