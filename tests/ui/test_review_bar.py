"""The review strip on the unit page: 审核通过 / 退回 with a reason; closing and reopening the period."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from db.reviews import latest_review, period_reopen_notes


def _unit_page(window):
    page = window.show_page("unit")
    page.refresh()
    return page


def test_approve_and_send_back(window, monkeypatch):
    page = _unit_page(window)
    bar = page.review_bar
    ledger = window.context.ledger
    assert bar.state_label.text() == "未审核" and bar.review_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("请补充佐证材料", True)))
    assert bar.send_back()
    assert "退回" in bar.state_label.text() and "请补充佐证材料" in bar.state_label.text()
    assert latest_review(ledger, page.unit_id, window.context.period_id)["reason"] == "请补充佐证材料"
    assert bar.approve()
    assert bar.state_label.text().startswith("已审核")


def test_send_back_without_reason_is_refused(window, monkeypatch, message_boxes):
    page = _unit_page(window)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("", True)))
    assert not page.review_bar.send_back()
    assert "原因" in message_boxes[-1][2]
    assert latest_review(window.context.ledger, page.unit_id, window.context.period_id) is None


def test_close_locks_the_page_and_reopen_needs_a_reason(window, monkeypatch):
    page = _unit_page(window)
    bar = page.review_bar
    period_id = window.context.period_id
    assert bar.close_current_period()
    page.refresh()
    assert page.read_only and page.banner.isVisible()
    assert not bar.review_button.isEnabled() and bar.reopen_button.isVisibleTo(bar)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("补录市科技局数据", True)))
    assert bar.reopen_current_period()
    page.refresh()
    assert not page.read_only
    assert period_reopen_notes(window.context.ledger, period_id)[-1]["reason"] == "补录市科技局数据"


def test_closing_asks_for_the_administrator(window, monkeypatch, admin_guard):
    from db.admin import set_password
    from ui import admin

    set_password(window.context.ledger, "管理员密码1")
    monkeypatch.setattr(admin.PasswordDialog, "exec", lambda dialog: 0)
    page = _unit_page(window)
    assert not page.review_bar.close_current_period()
    state = window.context.ledger.scalar("SELECT state FROM periods WHERE id = ?", (window.context.period_id,))
    assert state == "open"


def test_periods_dialog_closes_and_reopens_with_a_reason(window, qtbot, monkeypatch):
    from ui.periods_dialog import PeriodsDialog

    context = window.context
    dialog = PeriodsDialog(context, window)
    qtbot.addWidget(dialog)
    period_id = dialog.selected_period_id()
    assert period_id == context.period_id
    assert dialog.close_period_button.isEnabled() and not dialog.reopen_period_button.isEnabled()
    dialog.close_period_button.click()
    assert context.ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "closed"
    assert dialog.reopen_period_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("更正统计口径", True)))
    dialog.reopen_period_button.click()
    assert context.ledger.scalar("SELECT state FROM periods WHERE id = ?", (period_id,)) == "open"
    assert period_reopen_notes(context.ledger, period_id)[-1]["reason"] == "更正统计口径"
