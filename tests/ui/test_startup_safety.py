"""Starting the window: lock, integrity check with restore offer, operator name, backups at start and close."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db.backup import backup_before, list_backups
from db.ledger import Ledger
from db.lockfile import read_lock, this_host


@pytest.fixture
def no_override(monkeypatch):
    monkeypatch.delenv("IPLEDGER_OPERATOR", raising=False)


@pytest.fixture
def operator(monkeypatch, no_override):
    asked = []

    def fake(names, ledger_name="", parent=None):
        asked.append(list(names))
        return "王芳"
    monkeypatch.setattr("ui.operator_dialog.ask_operator", fake)
    return asked


def _backups(path):
    return list_backups(path.parent / "台账备份", path.stem)


def test_normal_start_locks_names_operator_and_backs_up(demo_path, operator):
    from desktop.launch import open_for_window

    session = open_for_window(demo_path, interactive=True)
    assert session.ledger.actor == "王芳" and not session.ledger.read_only
    assert read_lock(demo_path).pid > 0
    session.wait_for_start_backup()   # taken on its own thread while the window paints
    assert [b.reason for b in _backups(demo_path)] == ["启动"]
    from db.units import create_unit
    create_unit(session.ledger, "新单位")
    assert session.ledger.scalar("SELECT actor FROM audit ORDER BY id DESC LIMIT 1") == "王芳"
    session.close()
    assert read_lock(demo_path) is None
    assert sorted(b.reason for b in _backups(demo_path)) == ["关闭", "启动"]
    # the name is remembered for the next start
    session = open_for_window(demo_path, interactive=True)
    assert operator[-1][0] == "王芳"
    session.close()


def test_operator_cancel_opens_nothing_and_releases_the_lock(demo_path, monkeypatch, no_override):
    from desktop.launch import open_for_window

    monkeypatch.setattr("ui.operator_dialog.ask_operator", lambda *a, **k: None)
    assert open_for_window(demo_path, interactive=True) is None
    assert read_lock(demo_path) is None


def test_environment_operator_skips_the_dialog(demo_path, monkeypatch):
    from desktop.launch import open_for_window

    monkeypatch.setenv("IPLEDGER_OPERATOR", "截图用户")
    monkeypatch.setattr("ui.operator_dialog.ask_operator", lambda *a, **k: pytest.fail("dialog shown"))
    session = open_for_window(demo_path, interactive=True)
    assert session.ledger.actor == "截图用户"
    session.close()


def test_second_program_is_told_and_opens_read_only(demo_path, operator, message_boxes):
    from desktop.launch import open_for_window

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        import json
        (demo_path.parent / (demo_path.name + ".lock")).write_text(json.dumps(
            {"host": this_host(), "user": "李会计", "pid": child.pid, "since": "2026-11-21T08:00:00",
             "heartbeat": "2099-01-01T00:00:00", "token": "x"}), encoding="utf-8")
        session = open_for_window(demo_path, interactive=True)
        kind, title, text = message_boxes[-1]
        assert kind == "question" and "李会计" in text and this_host() in text and "只读" in text
        assert session.ledger.read_only
        assert _backups(demo_path) == []
        session.close()
        assert read_lock(demo_path).user == "李会计"  # not ours to remove
    finally:
        child.kill()
        child.wait()


def test_stale_lock_of_a_crashed_program_is_taken_over(demo_path, operator, message_boxes):
    import json
    from desktop.launch import open_for_window

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    (demo_path.parent / (demo_path.name + ".lock")).write_text(json.dumps(
        {"host": this_host(), "user": "李会计", "pid": child.pid, "since": "2026-11-21T08:00:00",
         "heartbeat": "2026-11-21T08:00:00", "token": "x"}), encoding="utf-8")
    session = open_for_window(demo_path, interactive=True)
    assert not session.ledger.read_only and message_boxes == []
    session.close()


def _damage(path):
    data = bytearray(path.read_bytes())
    data[20480:61440] = b"\x13" * 40960
    path.write_bytes(bytes(data))


def test_damaged_ledger_offers_the_latest_good_backup(demo_path, operator, message_boxes):
    from desktop.launch import open_for_window

    with Ledger.open(demo_path) as led:
        backup_before(led, "manual")
    _damage(demo_path)
    session = open_for_window(demo_path, interactive=True)
    titles = [t for _, t, _ in message_boxes]
    assert "台账文件已损坏" in titles and "已从备份恢复" in titles
    assert session.ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert any("损坏" in b.reason or b.reason == "恢复前" for b in _backups(demo_path))
    session.close()


def test_the_early_check_of_a_big_ledger_finds_the_same_damage(demo_path, operator, message_boxes, tmp_path):
    """A city ledger is checked on a thread while Qt loads: a damaged one is still caught and restored."""
    from db.errors import NotALedgerError
    from desktop.launch import EarlyCheck, open_for_window

    with Ledger.open(demo_path) as led:
        backup_before(led, "manual")
    _damage(demo_path)
    early = EarlyCheck(demo_path)
    assert early.problems()   # the damage, as the check in the foreground reports it
    session = open_for_window(demo_path, interactive=True, early_check=early)
    assert "已从备份恢复" in [t for _, t, _ in message_boxes]
    assert session.ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    session.close()
    not_a_ledger = tmp_path / "说明.ipledger"
    not_a_ledger.write_text("这不是台账", encoding="utf-8")
    with pytest.raises(NotALedgerError):
        EarlyCheck(not_a_ledger).problems()


def test_damaged_ledger_declined_is_left_untouched(demo_path, operator, monkeypatch):
    from desktop.launch import open_for_window

    with Ledger.open(demo_path) as led:
        backup_before(led, "manual")
    _damage(demo_path)
    before = demo_path.read_bytes()
    monkeypatch.setattr("ui.integrity_dialog.offer_restore", lambda *a, **k: False)
    assert open_for_window(demo_path, interactive=True) is None
    assert demo_path.read_bytes() == before
    assert read_lock(demo_path) is None


def test_damaged_ledger_without_backup_is_refused_clearly(demo_path, operator, message_boxes):
    from desktop.launch import open_for_window

    _damage(demo_path)
    assert open_for_window(demo_path, interactive=True) is None
    kind, title, text = message_boxes[-1]
    assert kind == "critical" and "没有找到可用的备份" in text


def test_operator_dialog_requires_a_name(qtbot, message_boxes):
    from ui.operator_dialog import OperatorDialog

    dialog = OperatorDialog(["李娜"], "台账.ipledger")
    qtbot.addWidget(dialog)
    dialog.name_box.setEditText("  ")
    dialog.accept()
    assert dialog.chosen is None and message_boxes[-1][0] == "warning"
    dialog.name_box.setEditText("张 伟")
    dialog.accept()
    assert dialog.chosen == "张 伟"


def test_screenshot_mode_needs_no_dialog(demo_path, tmp_path, no_override):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "desktop", "gui", "--db", str(demo_path), "--screenshot", str(out)],
                            capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    header = out.read_bytes()[16:24]                     # PNG IHDR: width, height
    assert (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")) == (1366, 768)   # the laptop size
    assert read_lock(demo_path) is None


# ----- the window's safety menu and the administrator guard ---------------------------------------

def _entry(ledger):
    return tuple(ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods d"
                            " ON d.id = p.period_id WHERE d.state = 'open' ORDER BY p.id DESC LIMIT 1"))


def test_restore_from_the_window_swaps_and_reopens(window, monkeypatch, message_boxes):
    from db.progress import get_progress, record_progress
    from ui.safety_menu import back_up_now, restore_from_backup

    monkeypatch.setattr("ui.admin.require_admin", lambda *a, **k: True)
    ledger = window.context.ledger
    entry = _entry(ledger)
    backup = back_up_now(window)
    record_progress(ledger, *entry, {"progress": "备份之后的修改"})
    assert restore_from_backup(window, str(backup))
    assert window.context.ledger is not ledger and getattr(ledger, "closed", False)
    assert get_progress(window.context.ledger, *entry)["progress"] != "备份之后的修改"
    assert message_boxes[-1][1] == "已从备份恢复" and "恢复前" in message_boxes[-1][2]
    window.show_page("audit").refresh()  # pages read the reopened ledger
    window.show_page("dashboard").refresh()


def test_restore_needs_the_administrator(window, monkeypatch):
    from ui.safety_menu import restore_from_backup

    monkeypatch.setattr("ui.admin.require_admin", lambda *a, **k: False)
    monkeypatch.setattr("ui.backup_dialog.choose_backup", lambda *a, **k: pytest.fail("asked"))
    ledger = window.context.ledger
    assert not restore_from_backup(window)
    assert window.context.ledger is ledger


def test_require_admin_asks_once_then_remembers(window, monkeypatch, message_boxes, admin_guard):
    from db.admin import set_password
    from ui import admin

    context = window.context
    set_password(context.ledger, "正确密码123")
    typed = iter(["错误密码", "正确密码123"])
    shown = []

    def fake_exec(dialog):
        shown.append(dialog.mode)
        dialog.password.setText(next(typed))
        return 1
    monkeypatch.setattr(admin.PasswordDialog, "exec", fake_exec)
    assert admin.require_admin(context, window)
    assert shown == ["ask", "ask"] and message_boxes[-1][1] == "密码不正确"
    assert admin.require_admin(context, window)  # remembered: no third question
    assert shown == ["ask", "ask"]
    admin.forget_admin(context)
    monkeypatch.setattr(admin.PasswordDialog, "exec", lambda dialog: 0)  # 取消
    assert not admin.require_admin(context, window)


def test_require_admin_offers_to_set_a_password(window, monkeypatch, admin_guard):
    from db.admin import verify_password
    from ui import admin

    def fake_exec(dialog):
        assert dialog.mode == "set"
        dialog.password.setText("新密码abc")
        dialog.repeat.setText("新密码abc")
        return 1
    monkeypatch.setattr(admin.PasswordDialog, "exec", fake_exec)
    assert admin.require_admin(window.context, window)
    assert verify_password(window.context.ledger, "新密码abc")


def test_safety_menu_entries_exist(window):
    texts = [a.text() for a in window.file_menu.actions()]
    assert {"立即备份", "从备份恢复…", "检查台账", "备份文件夹…"} <= set(texts)
    assert texts[-1].startswith("退出")


def test_check_ledger_from_the_window(window, qtbot, message_boxes):
    from ui.safety_menu import check_ledger

    worker = check_ledger(window)
    with qtbot.waitSignal(worker.done, timeout=20000):
        pass
    assert message_boxes[-1][1] == "检查通过"


def test_guarded_actions_need_the_password(window, monkeypatch, admin_guard, message_boxes):
    """Deleting a unit and deleting a task ask for the administrator; 取消 changes nothing."""
    from db.admin import set_password
    from ui import admin

    ledger = window.context.ledger
    set_password(ledger, "管理员密码1")
    asked = []
    monkeypatch.setattr(admin.PasswordDialog, "exec", lambda dialog: asked.append(dialog.mode) or 0)
    units = window.show_page("units")
    units.refresh()
    unit_id = ledger.scalar("SELECT id FROM units ORDER BY id DESC LIMIT 1")
    units.select(unit_id)
    units_before = ledger.scalar("SELECT COUNT(*) FROM units")
    units.delete_unit()
    assert asked == ["ask"] and ledger.scalar("SELECT COUNT(*) FROM units") == units_before

    plan = window.show_page("plan")
    plan.refresh()
    task_id = ledger.scalar("SELECT id FROM tasks ORDER BY id LIMIT 1")
    assert plan.select("task", task_id)
    tasks_before = ledger.scalar("SELECT COUNT(*) FROM tasks")
    plan.delete_selected()
    assert asked == ["ask", "ask"] and ledger.scalar("SELECT COUNT(*) FROM tasks") == tasks_before

    def right_password(dialog):
        dialog.password.setText("管理员密码1")
        return 1
    monkeypatch.setattr(admin.PasswordDialog, "exec", right_password)
    plan.delete_selected()  # the confirmation box is answered Yes by the test harness
    assert ledger.scalar("SELECT COUNT(*) FROM tasks") == tasks_before - 1


# ----- heartbeat and switching ledgers -------------------------------------------------------------

def _window_on(path, qtbot):
    from desktop.launch import open_for_window
    from ui.context import AppContext
    from ui.main_window import MainWindow

    session = open_for_window(path, interactive=True)
    window = MainWindow(AppContext(session.ledger, session=session))
    qtbot.addWidget(window)
    window.context.open_session = lambda target: open_for_window(target, interactive=True,
                                                           operator=window.context.ledger.actor)
    return window, session


def test_heartbeat_keeps_the_lock_and_notices_a_takeover(demo_path, qtbot, operator, message_boxes):
    import json

    from desktop.launch import start_heartbeat
    from db.lockfile import lock_path

    window, session = _window_on(demo_path, qtbot)
    timer = start_heartbeat(window)
    data = json.loads(lock_path(demo_path).read_text(encoding="utf-8"))
    data["heartbeat"] = "2026-01-01T00:00:00"
    lock_path(demo_path).write_text(json.dumps(data), encoding="utf-8")
    timer.beat()
    assert read_lock(demo_path).heartbeat > "2026-01-01T00:00:00"
    data["token"], data["host"] = "theirs", "财务室电脑"
    lock_path(demo_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    timer.beat()
    assert window.context.ledger.read_only
    assert message_boxes[-1][1] == "台账已被另一程序接管"
    timer.stop()
    session.close()


def test_opening_another_ledger_locks_it_and_releases_the_first(demo_path, tmp_path, qtbot, operator):
    import shutil

    from desktop.launch import start_heartbeat
    from ui.ledger_files import open_ledger

    other = tmp_path / "另一本台账.ipledger"
    shutil.copy(demo_path, other)
    window, first = _window_on(demo_path, qtbot)
    timer = start_heartbeat(window)
    assert open_ledger(window, other)
    assert read_lock(demo_path) is None and read_lock(other) is not None
    assert window.context.ledger.actor == "王芳" and len(operator) == 1  # not asked again
    window.context.session.wait_for_start_backup()
    assert [b.reason for b in _backups(other)] == ["启动"]
    assert sorted(b.reason for b in _backups(demo_path)) == ["关闭", "启动"]
    timer.beat()
    assert window.context.session.lock.still_ours()
    timer.stop()
    window.context.session.close(window.context.ledger)
    assert read_lock(other) is None


def test_backup_chooser_lists_newest_first(window, qtbot):
    from ui.backup_dialog import BackupChooser
    from ui.safety_menu import back_up_now

    first = back_up_now(window)
    import time
    time.sleep(1.1)
    second = back_up_now(window)
    dialog = BackupChooser(window.context.ledger, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and "手动" in dialog.list.item(0).text()
    dialog.accept()
    assert dialog.chosen == str(second) and first != second


def _run_window(demo_path, while_shown: str) -> None:
    """The real start-up path (not the screenshot one) in a fresh process: lock, check, operator from the
    environment, backups; `while_shown` is Python run right after the window shows (`self` is the window)."""
    import os

    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "import ui.main_window as mw\n"
        "from ui.ledger_files import open_ledger\n"
        "original = mw.MainWindow.show\n"
        "def show(self):\n"
        "    original(self)\n"
        f"    {while_shown}\n"
        "mw.MainWindow.show = show\n"
        "from desktop.launch import launch_window\n"
        f"sys.exit(launch_window(db={str(demo_path)!r}, page='audit', screenshot=None))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90,
                            cwd=str(Path(__file__).resolve().parents[2]),
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "IPLEDGER_OPERATOR": "王芳"})
    assert result.returncode == 0, result.stderr


def test_a_whole_window_session_backs_up_at_start_and_close(demo_path, tmp_path):
    _run_window(demo_path, "QTimer.singleShot(1500, self.close)")   # after the start-up backup (due 300 ms in)
    assert sorted(b.reason for b in _backups(demo_path)) == ["关闭", "启动"]
    assert read_lock(demo_path) is None


def test_a_failed_close_backup_is_said(demo_path, operator, message_boxes, monkeypatch):
    from db.backup import BackupError
    from desktop.launch import open_for_window

    session = open_for_window(demo_path, interactive=True)

    def failing(*args, **kwargs):
        raise BackupError("备份失败(测试)")
    monkeypatch.setattr("db.backup.backup_before", failing)
    session.close()
    assert message_boxes[-1][1] == "备份未成功" and "备份失败(测试)" in message_boxes[-1][2]
    assert read_lock(demo_path) is None


def test_the_start_backup_does_not_hold_up_the_window(demo_path, operator, monkeypatch):
    """A big ledger's start-up backup takes seconds: the session is ready (and usable) before it ends."""
    import threading

    import db.backup
    from desktop.launch import open_for_window
    from db.units import create_unit

    release, original = threading.Event(), db.backup.take_backup

    def slow(*args, **kwargs):
        assert release.wait(10)
        return original(*args, **kwargs)
    monkeypatch.setattr(db.backup, "take_backup", slow)
    session = open_for_window(demo_path, interactive=True)
    assert session.start_backup.is_alive() and _backups(demo_path) == []
    create_unit(session.ledger, "边备份边录入的单位")   # the clerk can work meanwhile
    release.set()
    session.close()   # waits for the start backup, then takes the closing one
    assert sorted(b.reason for b in _backups(demo_path)) == ["关闭", "启动"]


def test_a_failed_start_backup_is_said_once_in_the_window(demo_path, qtbot, operator, message_boxes, monkeypatch):
    from db.backup import BackupError
    from desktop.launch import watch_start_backups

    def failing(*args, **kwargs):
        raise BackupError("备份文件夹不可写(测试)")
    monkeypatch.setattr("db.backup.take_backup", failing)
    window, session = _window_on(demo_path, qtbot)
    timer = watch_start_backups(window)
    session.wait_for_start_backup()
    qtbot.waitUntil(lambda: any("备份文件夹不可写(测试)" in m[2] for m in message_boxes), timeout=3000)
    told = len(message_boxes)
    timer.look()
    assert len(message_boxes) == told and message_boxes[-1][1] == "备份未成功"   # once, not every half second
    timer.stop()
    monkeypatch.undo()
    window.context.session.close(window.context.ledger)


def test_switching_ledgers_then_quitting_releases_the_ledger_open_at_the_end(demo_path, tmp_path):
    """文件 → 打开台账 to another ledger, then quit: that ledger is backed up and unlocked too (the session that
    closes at the end is the window's current one, not the one it started with)."""
    import shutil

    other = tmp_path / "另一本台账.ipledger"
    shutil.copy(demo_path, other)
    _run_window(demo_path, f"QTimer.singleShot(600, lambda: open_ledger(self, {str(other)!r})); "
                           "QTimer.singleShot(2000, self.close)")
    assert read_lock(demo_path) is None and read_lock(other) is None
    assert sorted(b.reason for b in _backups(demo_path)) == ["关闭", "启动"]
    assert sorted(b.reason for b in _backups(other)) == ["关闭", "启动"]
