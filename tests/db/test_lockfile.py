"""One writer: a lock beside the ledger names its holder; a crashed program's lock is taken over."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from db.lockfile import (STALE_AFTER, LedgerLockedError, acquire, holder_if_locked, lock_path, read_lock,
                         this_host)


def _write_lock(ledger_path, **fields):
    data = {"host": this_host(), "user": "张三", "pid": 1, "since": "2026-11-21T08:00:00",
            "heartbeat": datetime.now().replace(microsecond=0).isoformat(), "token": "abc"}
    data.update(fields)
    lock_path(ledger_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_lock_names_computer_user_and_time(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    lock = acquire(ledger)
    info = read_lock(ledger)
    assert info.host == this_host() and info.pid > 0 and info.since
    assert lock.refresh()
    lock.release()
    assert read_lock(ledger) is None


def test_second_program_is_told_who_holds_it(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(ledger, pid=child.pid, user="李会计", host=this_host())
        with pytest.raises(LedgerLockedError) as caught:
            acquire(ledger)
        message = str(caught.value)
        assert "李会计" in message and this_host() in message and "只读" in message
        assert holder_if_locked(ledger).user == "李会计"
    finally:
        child.kill()
        child.wait()


def test_lock_of_a_dead_process_on_this_computer_is_stale(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    _write_lock(ledger, pid=child.pid)
    assert holder_if_locked(ledger) is None
    lock = acquire(ledger)
    assert lock.took_over is not None and lock.took_over.pid == child.pid
    assert read_lock(ledger).token == lock.info.token


def test_another_computer_holds_it_until_its_heartbeat_is_old(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    _write_lock(ledger, host="财务室电脑", pid=4242)
    with pytest.raises(LedgerLockedError, match="财务室电脑"):
        acquire(ledger)
    old = (datetime.now() - STALE_AFTER - timedelta(minutes=1)).replace(microsecond=0).isoformat()
    _write_lock(ledger, host="财务室电脑", pid=4242, heartbeat=old)
    lock = acquire(ledger)
    assert lock.took_over.host == "财务室电脑"


def test_garbage_lock_file_is_stale(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    lock_path(ledger).write_bytes(b"\xff\xfe garbage")
    assert acquire(ledger).took_over is not None


def test_lock_taken_over_is_noticed_by_the_old_holder(tmp_path):
    ledger = tmp_path / "台账.ipledger"
    lock = acquire(ledger)
    _write_lock(ledger, host="别的电脑", token="theirs")
    assert lock.refresh() is False
    lock.release()  # must not delete someone else's lock
    assert read_lock(ledger).host == "别的电脑"
