"""The command line against a busy, locked or tampered ledger, and an administrator's rules whoever calls (issue 18).

Each test is a case a hostile or careless user found: commands that wrote under the window's lock, tracebacks
on a busy ledger, a broken pipe, a restore without the password or of another ledger, leftovers after a kill."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.errors import LedgerError
from db.ledger import Ledger

REPO = Path(__file__).resolve().parents[1]


def run(*args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, stdin=stdin)


def _issue_and_fill(demo_path, tmp_path) -> Path:
    from reports.form_writer import export_forms
    from tests.reports.returns_fixtures import fill, task_keys

    with Ledger.open(demo_path, actor="测试") as ledger:
        unit_id = ledger.scalar("SELECT id FROM units WHERE name = '市科技局'")
        [form] = export_forms(ledger, "2026Q3", tmp_path / "issued", unit_ids=[unit_id])
    return fill(form, tmp_path / "filled.xlsx", tasks={task_keys(form)[0]: {"progress": "命令行导入的进展"}})


def test_a_writing_command_refuses_while_the_window_holds_the_lock(demo_path, tmp_path):
    from db.lockfile import acquire

    filled = _issue_and_fill(demo_path, tmp_path)
    lock = acquire(demo_path)   # as the window does when it opens the ledger
    try:
        before = sqlite3.connect(demo_path).execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        for command in (["import-returns", "--db", demo_path, filled],
                        ["import-plan", REPO / "tests" / "fixtures" / "plans" / "qingchuan-sample.txt", "--db", demo_path],
                        ["export-forms", "--db", demo_path, "--period", "2026Q3", "--out", tmp_path / "out"]):
            result = run(*command)
            assert result.returncode == 1, (command, result.stderr)
            assert "正由电脑" in result.stderr and lock.info.host in result.stderr and "Traceback" not in result.stderr
        assert sqlite3.connect(demo_path).execute("SELECT COUNT(*) FROM audit").fetchone()[0] == before
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    finally:
        lock.release()
    assert run("import-returns", "--db", demo_path, filled).returncode == 0   # free again: it writes


def test_a_busy_ledger_ends_in_chinese_with_json_verdicts(demo_path, tmp_path):
    filled = _issue_and_fill(demo_path, tmp_path)
    holder = sqlite3.connect(demo_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")   # another program keeps writing
    try:
        started = time.perf_counter()
        result = run("import-returns", "--db", demo_path, "--format", "json", filled)
        assert time.perf_counter() - started < 60
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    verdicts = json.loads(result.stdout)
    assert verdicts[0]["verdict"] == "refused" and "另一个程序" in verdicts[0]["errors"][-1]["message"]


def test_close_does_not_raise_on_a_busy_ledger(demo_path):
    ledger = Ledger.open(demo_path, actor="测试")
    ledger.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(demo_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        ledger.close()   # PRAGMA optimize would raise "database is locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_export_forms_leaves_no_workbook_without_its_record(demo_path, tmp_path, monkeypatch):
    from db import return_forms
    from reports import form_writer

    def refused(*args, **kwargs):
        raise LedgerError("台账正被另一个程序写入")
    monkeypatch.setattr(form_writer, "record_issued_form", refused)
    with Ledger.open(demo_path, actor="测试") as ledger:
        with pytest.raises(LedgerError):
            form_writer.export_forms(ledger, "2026Q3", tmp_path / "out", unit_name="市科技局")
    assert list((tmp_path / "out").glob("*")) == [] if (tmp_path / "out").exists() else True
    assert return_forms is not None


def test_a_broken_pipe_ends_quietly(demo_path):
    shell = f"{sys.executable} -m desktop periods --db '{demo_path}' --format json | head -c 10"
    result = subprocess.run(["bash", "-c", shell], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert len(result.stdout) == 10 and "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


# ----- administrator rules in the core --------------------------------------------------------------------------

def test_guarded_verbs_refuse_without_proof_whoever_calls(demo_ledger):
    from db.admin import AdminRequiredError, WrongPasswordError, prove, set_password
    from db.plan_edit import delete_plan, update_task
    from db.reviews import close_period

    set_password(demo_ledger, "管理员密码1")
    demo_ledger.admin_until = 0.0
    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY id LIMIT 1")
    task_id = demo_ledger.scalar("SELECT MIN(id) FROM tasks")
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    for call in (lambda: close_period(demo_ledger, period_id), lambda: update_task(demo_ledger, task_id, title="改"),
                 lambda: delete_plan(demo_ledger, plan_id)):
        with pytest.raises(AdminRequiredError, match="需要管理员密码"):
            call()
    assert demo_ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "open"
    with pytest.raises(WrongPasswordError, match="忘记密码"):
        prove(demo_ledger, "错误密码")
    prove(demo_ledger, "管理员密码1")
    close_period(demo_ledger, period_id)
    assert demo_ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "closed"


def test_a_ledger_without_a_password_needs_no_proof(demo_ledger):
    from db.reviews import close_period

    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE state = 'open' ORDER BY id LIMIT 1")
    close_period(demo_ledger, period_id)
    assert demo_ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "closed"


def test_restore_asks_for_the_password_and_refuses_another_ledger(demo_path, tmp_path):
    from db.admin import set_password
    from db.backup import take_backup

    backup = take_backup(demo_path, "manual", out=tmp_path / "own.ipledger")
    with Ledger.open(demo_path, actor="测试") as ledger:
        set_password(ledger, "管理员密码1")
    no_password = run("restore", "--db", demo_path, "--from", backup, stdin=subprocess.DEVNULL)
    assert no_password.returncode == 1 and "管理员密码" in no_password.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("不对的密码\n", encoding="utf-8")
    assert run("restore", "--db", demo_path, "--from", backup, "--admin-password-file", wrong).returncode == 1
    right = tmp_path / "right.txt"
    right.write_text("管理员密码1\n", encoding="utf-8")

    other = tmp_path / "other.ipledger"
    Ledger.create(other, actor="别人").close()
    refused = run("restore", "--db", demo_path, "--from", other, "--admin-password-file", right)
    assert refused.returncode == 1 and "另一本台账" in refused.stderr and "--other-ledger" in refused.stderr
    assert run("check", "--db", demo_path).returncode == 0

    restored = run("restore", "--db", demo_path, "--from", backup, "--admin-password-file", right)
    assert restored.returncode == 0, restored.stderr
    taken = run("restore", "--db", demo_path, "--from", other, "--other-ledger")   # the restored one has no password
    assert taken.returncode == 0, taken.stderr


def test_the_admin_dialog_says_what_it_protects_and_what_to_do_if_forgotten(qtbot):
    from ui.admin import PasswordDialog

    for mode in ("ask", "set"):
        dialog = PasswordDialog(mode)
        qtbot.addWidget(dialog)
        from PySide6.QtWidgets import QLabel

        text = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        assert "关闭或重新开放报告期" in text and "从备份恢复" in text and ("忘记" in text)


# ----- leftovers after a kill ------------------------------------------------------------------------------------

def _old(path: Path) -> Path:
    past = time.time() - 3 * 3600
    os.utime(path, (past, past))
    return path


def test_a_killed_generate_does_not_block_the_next_run(tmp_path):
    target = tmp_path / "city.ipledger"
    child = subprocess.Popen([sys.executable, "-m", "desktop", "generate", "--db", str(target), "--scale", "city"],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not any(tmp_path.glob(".city.ipledger.generating*")):
        time.sleep(0.05)
    time.sleep(0.3)
    child.kill()
    child.wait()
    assert not target.exists()   # nothing that looks like a finished ledger
    from db.generate import generate_ledger

    generate_ledger(target, (1, 1, 3, 4, 2))
    assert target.exists() and run("check", "--db", target).returncode == 0
    assert not list(tmp_path.glob(".city.ipledger.generating*"))


def test_restore_and_backup_leftovers_are_cleaned_on_the_next_run(demo_path, tmp_path):
    from db.backup import restore_backup, take_backup

    staged = demo_path.with_name(f".{demo_path.name}.restoring-0badf00d")
    staged.write_bytes(b"x" * 1000)
    _old(staged)
    out = tmp_path / "copies" / "copy.ipledger"
    out.parent.mkdir()
    part = out.with_name(f".{out.name}.deadbeef.part")
    part.write_bytes(b"x" * 1000)
    _old(part)
    backup = take_backup(demo_path, "manual", out=out)
    assert not part.exists() and not staged.exists()
    staged.write_bytes(b"y")
    _old(staged)
    restore_backup(demo_path, backup)
    assert not staged.exists()


def test_audit_rows_deleted_after_a_backup_show_against_the_anchor(demo_path, tmp_path):
    """Even when the whole trail is deleted and the seal rebuilt by a program that knows the key, the anchor
    written beside the backups still shows it."""
    from db.backup import back_up
    from db.integrity import check_file

    back_up(demo_path)
    with Ledger.open(demo_path, actor="测试") as ledger:
        ledger.conn.execute("DELETE FROM audit")
        from db.tamper_seal import SEALED_TABLES, bulk

        with ledger.transaction():   # re-sealed from the inside: the seal alone would now agree
            bulk(ledger, *SEALED_TABLES)
            ledger.conn.execute("DELETE FROM security_state")
    report = check_file(demo_path)
    assert not report.ok and any("校验锚点" in p for p in report.problems), report.problems


def test_the_fingerprint_changes_when_audit_rows_are_deleted(demo_ledger):
    from reports.fingerprint import ledger_digest

    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    before = ledger_digest(demo_ledger, plan_id)
    demo_ledger.conn.execute("DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)")
    assert ledger_digest(demo_ledger, plan_id) != before


def test_copying_a_ledger_keeps_its_check_sound(demo_path, tmp_path):
    copy = tmp_path / "copy.ipledger"
    shutil.copy(demo_path, copy)
    assert run("check", "--db", copy).returncode == 0


def test_admin_commands_take_the_password_from_a_file(demo_path, tmp_path):
    first, second, wrong = tmp_path / "first.txt", tmp_path / "second.txt", tmp_path / "wrong.txt"
    first.write_text("管理员密码1\n", encoding="utf-8")
    second.write_text("管理员密码2\n", encoding="utf-8")
    wrong.write_text("不对\n", encoding="utf-8")
    assert run("admin-password", "--db", demo_path, "--new-password-file", first).returncode == 0
    closed = run("close-period", "2026Q3", "--db", demo_path, stdin=subprocess.DEVNULL)
    assert closed.returncode == 1 and "--admin-password-file" in closed.stderr
    assert run("close-period", "2026Q3", "--db", demo_path, "--admin-password-file", wrong).returncode == 1
    assert run("close-period", "2026Q3", "--db", demo_path, "--admin-password-file", first).returncode == 0
    state = sqlite3.connect(demo_path).execute("SELECT state FROM periods WHERE key = '2026Q3'").fetchone()[0]
    assert state == "closed"
    reopened = run("reopen-period", "2026Q3", "--reason", "补录数据", "--db", demo_path, "--admin-password-file", first)
    assert reopened.returncode == 0, reopened.stderr
    changed = run("admin-password", "--db", demo_path, "--admin-password-file", first, "--new-password-file", second)
    assert changed.returncode == 0, changed.stderr
    assert run("close-period", "2026Q3", "--db", demo_path, "--admin-password-file", first).returncode == 1
    assert run("check", "--db", demo_path).returncode == 0
