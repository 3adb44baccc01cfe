"""The search box (Ctrl+F): the clerk types, results drop down after a pause, Enter or a double-click jumps there."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.helpers import type_chinese
from ui.search_results import HIT_ROLE, hit_html

SHOTS = Path(os.environ.get("IPLEDGER_SHOTS", "/tmp/ipledger-shots"))


def _type(qtbot, window, text: str) -> None:
    box = window.search_box
    window.search_box.find_action.trigger()          # Ctrl+F, as the menu does
    assert box.hasFocus() or not window.isActiveWindow()
    box.clear()
    type_chinese(box, text)                           # what an input method commits
    assert box.text() == text and box.timer.isActive()
    qtbot.waitUntil(lambda: not box.timer.isActive() and box.panel.isVisible(), timeout=3000)


def _record(window, text: str):
    from db.progress import record_progress
    from db.units import find_unit

    led = window.context.ledger
    task_id = led.scalar("SELECT id FROM tasks WHERE number = '4'")
    period_id = led.scalar("SELECT id FROM periods WHERE key = '2025Q3'")
    unit_id = find_unit(led, "市科技局")
    record_progress(led, task_id, unit_id, period_id, {"progress": text})
    return task_id, unit_id, period_id


def test_ctrl_f_is_the_find_shortcut(window):
    from PySide6.QtGui import QKeySequence

    assert window.search_box.find_action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Find)) \
        == QKeySequence.SequenceMatch.ExactMatch
    assert window.search_box.find_action in window.edit_menu.actions()


def test_typing_shows_results_after_a_pause_and_enter_opens_the_entry(qtbot, window):
    task_id, unit_id, period_id = _record(window, "本期完成高价值专利培育项目验收")
    box = window.search_box
    box.setText("培育项目")          # typing: nothing yet (debounced), then the list drops down
    assert not box.panel.isVisible()
    qtbot.waitUntil(lambda: box.panel.isVisible() and box.panel.list.count() > 0, timeout=3000)
    lines = box.panel.lines()
    entry = next(i for i, line in enumerate(lines) if line.startswith("〔进展填报〕"))
    assert lines[entry] == "〔进展填报〕任务4 · 市科技局 · 2025Q3 进展情况：本期完成高价值专利【培育项目】验收"
    delegate = box.panel.list.itemDelegate()                                  # painted with the match in bold red
    shown = delegate._document(box.panel.list.model().index(entry, 0), box.panel.list.viewport().width())
    assert "<b style='color:#b00000'>培育项目</b>" in hit_html(box.panel.list.item(entry).data(HIT_ROLE))
    assert shown.toPlainText() == "进展填报 任务4 · 市科技局 · 2025Q3 · 进展情况\n本期完成高价值专利培育项目验收"
    assert "找到" in box.panel.summary.text()
    box.panel.list.setCurrentRow(entry)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not box.panel.isVisible()
    page = window.stack.currentWidget()
    assert page is window.page("unit")
    assert page.unit_id == unit_id and window.context.period_id == period_id
    assert window.period_combo.currentData() == period_id
    assert page.current_entry()["task_id"] == task_id
    assert "已转到" in window.statusBar().currentMessage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "search_box_jumped_to_entry.png"))


def test_a_two_character_word_finds_tasks_and_double_click_opens_the_task(qtbot, window):
    _type(qtbot, window, "专利")
    box = window.search_box
    first = box.panel.list.item(0)
    assert box.panel.lines()[0].startswith("〔任务〕任务4 任务名称：") and "【专利】" in box.panel.lines()[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "search_box.png"))
    rect = box.panel.list.visualItemRect(first)
    qtbot.mouseClick(box.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())   # a double-click:
    qtbot.mouseDClick(box.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.stack.currentWidget()
    assert page is window.page("plan")
    task_id = window.context.ledger.scalar("SELECT id FROM tasks WHERE number = '4'")
    assert page.selected_key() == ("task", task_id)


def test_units_and_notes_jump_to_their_pages(qtbot, window):
    from db.reviews import RETURNED, review_return
    from db.units import find_unit

    box = window.search_box
    _type(qtbot, window, "科技局")
    hit = box.panel.current_hit()
    assert hit.kind == "unit"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.page("units")
    assert window.page("units").selected()["name"] == "市科技局"

    led = window.context.ledger
    unit_id = find_unit(led, "市科技局")
    review_return(led, unit_id, led.scalar("SELECT id FROM periods WHERE key = '2025Q3'"), RETURNED, "缺少盖章页")
    _type(qtbot, window, "盖章页")
    assert box.panel.lines() == ["〔记录〕市科技局 · 2025Q3 退回原因：缺少【盖章页】"]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    audit = window.page("audit")
    assert window.stack.currentWidget() is audit
    assert audit.unit_combo.currentData() == unit_id and audit.use_dates.isChecked()


def test_one_character_waits_for_enter(qtbot, window):
    """A single character finds most of a large ledger: it is looked up when the clerk presses Enter."""
    box = window.search_box
    box.setText("专")
    assert not box.timer.isActive() and box.panel.isVisible() and box.panel.list.count() == 0
    assert "按回车" in box.panel.summary.text()
    qtbot.wait(400)
    assert box.panel.list.count() == 0
    qtbot.keyClick(box, Qt.Key.Key_Return)                              # Enter: the results
    assert box.panel.list.count() > 0 and box.panel.lines()[0].startswith("〔任务〕任务4")
    qtbot.keyClick(box, Qt.Key.Key_Return)                              # Enter again: open the first
    assert not box.panel.isVisible() and window.stack.currentWidget() is window.page("plan")
    box.setText("专利")
    assert box.timer.isActive()


def test_results_fold_away_when_the_clerk_works_elsewhere(qtbot, window):
    _type(qtbot, window, "专利")
    box = window.search_box
    box.panel.list.setFocus()
    assert box.panel.isVisible()                                        # choosing in the list keeps it open
    window.plan_combo.setFocus()
    qtbot.waitUntil(lambda: not box.panel.isVisible(), timeout=1000)
    _type(qtbot, window, "专利")
    from db.ops import edits

    task_id = window.context.ledger.scalar("SELECT id FROM tasks WHERE number = '4'")
    window.context.run(edits.update_task, task_id, title="实施高价值商标培育工程")
    assert not box.panel.isVisible() and box.hits == []                # the ledger changed: results out of date
    box.run_search()
    assert not any(line.startswith("〔任务〕任务4 任务名称") for line in box.panel.lines())


def test_nothing_found_and_escape(qtbot, window):
    box = window.search_box
    box.setText('没有这样的文字"(')
    box.run_search()
    assert box.panel.isVisible() and box.panel.list.count() == 0
    assert box.panel.summary.text() == "没有找到“没有这样的文字\"(”。"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.panel.isVisible()
    box.setText("、、")              # punctuation only: nothing to look for, no panel
    box.run_search()
    assert not box.panel.isVisible()


def test_an_indicator_opens_on_its_page(qtbot, window):
    box = window.search_box
    _type(qtbot, window, "质押融资")
    row = next(i for i, line in enumerate(box.panel.lines()) if line.startswith("〔指标〕"))
    box.panel.list.setCurrentRow(row)
    hit = box.panel.current_hit()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.page("indicators")
    assert window.stack.currentWidget() is page
    assert page.model.row_at(page.table.currentIndex().row())["id"] == hit.indicator_id
