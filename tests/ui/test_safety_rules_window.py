"""The window goes through the same core rules as the command line (issue 18): the administrator password is
proved to the core by the dialog, a backup of another ledger is restored only after an explicit second question,
an older return is refused on 表格收发 with both files' times, and the password is changed through db.admin."""
from __future__ import annotations

import re

from datetime import datetime, timezone

import pytest

from db.ledger import Ledger
from tests.reports.returns_fixtures import fill, issue, progress_of, rewrite_member, task_keys


def _typing(monkeypatch, *answers):
    """The password dialogs answer in turn: each answer fills 密码 (and 再输入一次) and presses 确定."""
    from ui import admin

    typed = iter(answers)

    def fake_exec(dialog):
        text = next(typed, None)
        if text is None:
            return 0
        dialog.password.setText(text)
        dialog.repeat.setText(text)
        return 1
    monkeypatch.setattr(admin.PasswordDialog, "exec", fake_exec)


def test_the_dialog_proves_the_password_to_the_core(window, monkeypatch, admin_guard):
    from db.admin import AdminRequiredError, set_password
    from db.reviews import close_period
    from ui.period_lock import close_with_admin

    ledger = window.context.ledger
    set_password(ledger, "管理员密码1")
    period_id = window.context.period_id
    with pytest.raises(AdminRequiredError):   # the core refuses without proof, whoever calls
        close_period(ledger, period_id)
    _typing(monkeypatch, "管理员密码1")
    assert close_with_admin(window.context, window, period_id)
    assert ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "closed"


def test_changing_the_password_goes_through_the_core(window, monkeypatch, admin_guard, message_boxes):
    from db.admin import set_password, verify_password
    from ui.safety_menu import change_admin_password

    ledger = window.context.ledger
    set_password(ledger, "旧密码123456")
    _typing(monkeypatch, "错误的旧密码", "新密码123456")
    change_admin_password(window)
    assert verify_password(ledger, "旧密码123456")   # a wrong current password changes nothing
    assert "原管理员密码不正确" in message_boxes[-1][2]
    _typing(monkeypatch, "旧密码123456", "新密码123456")
    change_admin_password(window)
    assert verify_password(ledger, "新密码123456")


def test_restoring_another_ledgers_backup_asks_again(window, monkeypatch, tmp_path, message_boxes):
    from PySide6.QtWidgets import QMessageBox

    from ui.safety_menu import restore_from_backup

    other = tmp_path / "别的台账.ipledger"
    Ledger.create(other, actor="别人").close()
    ledger_id = window.context.ledger.setting("ledger_id")
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a, **k: message_boxes.append(("warning", title, text)) or QMessageBox.StandardButton.No))
    assert not restore_from_backup(window, str(other))
    assert message_boxes[-1][1] == "这是另一本台账的备份" and "管理员密码" in message_boxes[-1][2]
    assert window.context.ledger.setting("ledger_id") == ledger_id
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert restore_from_backup(window, str(other))
    assert window.context.ledger.setting("ledger_id") != ledger_id


def _saved(path, when: datetime):
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = path.with_name("saved_" + path.name)
    return rewrite_member(path, out, "docProps/core.xml", lambda text: re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", lambda m: m[1] + stamp + m[2], text))


def test_an_older_return_is_refused_on_the_returns_page(window, qtbot, tmp_path, message_boxes):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    newer = _saved(fill(form, tmp_path / "新.xlsx", tasks={key: {"progress": "九月二十五日的进展"}}),
                   datetime(2026, 9, 25, 16, 30))
    older = _saved(fill(form, tmp_path / "旧.xlsx", tasks={key: {"progress": "九月二十日的进展"}}),
                   datetime(2026, 9, 20, 9, 0))
    page = window.show_page("returns")
    page.add_files([newer])
    qtbot.waitUntil(lambda: all(f.report is not None for f in page.files), timeout=20000)
    page.file_table.selectRow(0)
    page.accept_selected()
    assert page.files[0].report.verdict == "applied"
    page.add_files([older])
    qtbot.waitUntil(lambda: all(f.report is not None for f in page.files), timeout=20000)
    page.file_table.selectRow(1)
    assert page.files[1].report.verdict == "refused" and not page.accept_button.isEnabled()   # said at once
    text = page.details.toPlainText()
    assert "saved_新.xlsx" in text and "2026年9月20日 09:00:00" in text and "2026年9月25日 16:30:00" in text
    assert page.file_table.item(1, 1).text() == "已拒绝"
    assert progress_of(ledger, int(key[1:]), "市科技局")["progress"] == "九月二十五日的进展"



def test_ctrl_z_of_an_administrators_change_asks_for_the_password(window, monkeypatch, admin_guard, message_boxes):
    """Closing a period needs the password; undoing it with Ctrl+Z needs it too (asked for, then undone)."""
    from db.admin import forget, set_password
    from ui.period_lock import close_with_admin

    ledger = window.context.ledger
    set_password(ledger, "管理员密码1")
    period_id = window.context.period_id
    _typing(monkeypatch, "管理员密码1")
    assert close_with_admin(window.context, window, period_id)
    forget(ledger)                                   # the administrator's 15 minutes are over
    _typing(monkeypatch)                             # the clerk cancels the password dialog
    window.undo_action.trigger()
    assert ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "closed"
    _typing(monkeypatch, "管理员密码1")
    window.undo_action.trigger()
    assert ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "open"
