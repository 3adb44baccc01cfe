"""The window applies the forms' rules: '94%' for a % target is saved, a fraction of enterprises and a unit that is
not the target's are refused with the reason; 已完成 below 100% and 未启动 above 0% are flagged in the checklist."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_indicators_page import enter, value_of
from tests.ui.test_unit_page import entry, open_unit_page, press_enter, start_editing


def _row_of(page, unit):
    return next(i for i in range(page.model.rowCount()) if page.model.row_at(i).get("measure_unit") == unit)


def test_indicator_values_follow_their_measure_unit(qtbot, window, demo_ledger, message_boxes):
    page = window.show_page("indicators")
    period_id = window.context.period_id
    rate = _row_of(page, "%")
    enter(qtbot, page, rate, "value", "94%")
    assert value_of(demo_ledger, page.model.row_at(rate)["id"], period_id) == 94

    enterprises = _row_of(page, "家")
    indicator_id = page.model.row_at(enterprises)["id"]
    before = value_of(demo_ledger, indicator_id, period_id)
    for typed, reason in (("20.5", "整数"), ("80%", "不符")):
        enter(qtbot, page, enterprises, "value", typed)
        kind, _title, text = message_boxes[-1]
        assert kind == "warning" and reason in text and "本期数值" in text
        assert value_of(demo_ledger, indicator_id, period_id) == before


def test_done_below_100_percent_is_flagged_in_the_checklist(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    messages = []
    window.context.message.connect(messages.append)
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).get("status") != "已完成")
    status_column, percent_column = page.model.column_of("status"), page.model.column_of("percent")
    editor = start_editing(qtbot, page, row, "percent")
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "80")
    press_enter(qtbot, page, editor)
    editor = start_editing(qtbot, page, row, "status")
    editor.setCurrentIndex(editor.findText("已完成"))
    editor.activated.emit(editor.currentIndex())
    qtbot.waitUntil(lambda: entry(demo_ledger, page.model.row_at(row)["task_id"], unit_id, period_id)
                    .get("status") == "已完成", timeout=2000)
    assert any("请核实" in m and "已完成" in m and "80%" in m for m in messages)    # told at once, on the status bar
    page.table.setCurrentIndex(page.model.index(row, status_column))
    assert page.detail.mismatch.isVisibleTo(page.detail) and "80%" in page.detail.mismatch.text()
    for column in (status_column, percent_column):                              # and it stays visible in the row
        index = page.model.index(row, column)
        assert "请核实" in index.data(Qt.ItemDataRole.ToolTipRole)
        assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    editor = start_editing(qtbot, page, row, "percent")
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "100")
    press_enter(qtbot, page, editor)
    assert not page.model.index(row, percent_column).data(Qt.ItemDataRole.ToolTipRole)
