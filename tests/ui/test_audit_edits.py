"""修改记录: one edit is one row with its fields on demand; columns fit their text and 新值 ends on screen at
1366×768; the sort arrow points the way the rows run and never sits on a column that is not sorted."""
from __future__ import annotations

from PySide6.QtCore import Qt

from db.audit_log import AuditFilter, audit_edit_ids, audit_edit_rows
from db.progress import record_progress
from tests.ui.test_audit_page import _page


def _edit_three_fields(ledger):
    task, unit, period = ledger.row("SELECT task_id, unit_id, period_id FROM progress ORDER BY id DESC LIMIT 1")
    ledger.actor = "王芳"
    record_progress(ledger, task, unit, period, {"status": "滞后", "percent": 35, "problems": "资金未到位"})
    return task


def test_one_edit_of_three_fields_is_one_edit_in_the_db(demo_ledger):
    _edit_three_fields(demo_ledger)
    [newest] = audit_edit_ids(demo_ledger, AuditFilter())[:1]
    edit = audit_edit_rows(demo_ledger, [newest])[newest]
    assert [f["field_label"] for f in edit["fields"]] == ["完成状态", "完成进度", "存在问题"]
    assert edit["field_label"] == "完成状态、完成进度、存在问题"
    assert "完成状态：滞后" in edit["new"] and "存在问题：资金未到位" in edit["new"]
    assert edit["actor"] == "王芳"


def test_the_page_shows_one_row_and_the_fields_below(window, qtbot):
    ledger = window.context.ledger
    page = _page(window, qtbot)
    before = page.model.rowCount()
    _edit_three_fields(ledger)
    page.refresh()
    assert page.model.wait_loaded()
    assert page.model.rowCount() == before + 1
    assert page.model.index(0, 6).data() == "完成状态、完成进度、存在问题"
    page.table.setCurrentIndex(page.model.index(0, 0))
    detail = page.detail
    assert detail.rowCount() == 3
    assert [detail.item(r, 0).text() for r in range(3)] == ["完成状态", "完成进度", "存在问题"]
    assert detail.item(2, 2).text() == "资金未到位"
    assert "王芳" in page.detail_label.text() and "共 3 个字段" in page.detail_label.text()


def test_columns_fit_their_text_and_the_new_value_ends_on_screen(window, qtbot):
    window.resize(1366, 768)
    window.show()
    page = _page(window, qtbot)
    qtbot.waitExposed(page)
    page._size_columns()
    table = page.table
    metrics = table.fontMetrics()
    actor = table.columnWidth(1)
    assert metrics.horizontalAdvance("示例数据") <= actor < 140          # as wide as its text, not a fixed 80
    shown = [i for i in range(table.model().columnCount()) if not table.isColumnHidden(i)]
    right = max(table.columnViewportPosition(i) + table.columnWidth(i) for i in shown)
    assert right <= table.viewport().width()                              # 新值 is not cut off


def test_the_new_value_ends_on_screen_as_the_clerk_opens_the_page(window, qtbot):
    """No explicit re-sizing: the page sized its columns when the rows arrived, before the scroll bar showed."""
    window.resize(1366, 768)
    window.show()
    page = _page(window, qtbot)
    qtbot.waitExposed(page)
    qtbot.wait(200)                                                       # rows painted, scroll bar shown
    table = page.table
    assert table.verticalScrollBar().isVisible()
    shown = [i for i in range(table.model().columnCount()) if not table.isColumnHidden(i)]
    right = max(table.columnViewportPosition(i) + table.columnWidth(i) for i in shown)
    assert right <= table.viewport().width() and not table.horizontalScrollBar().isVisible()


def test_the_sort_arrow_matches_the_order_in_words(window, qtbot):
    page = _page(window, qtbot)
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.arrow_points_down()
    assert "最新的在前（▼）" in page.count_label.text()
    newest = page.model.row_data(0)["at"]                              # the stored time (the cell reads it in Chinese)

    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)              # the clerk clicks 时间
    assert page.model.wait_loaded()
    assert not header.arrow_points_down() and "最早的在前（▲）" in page.count_label.text()
    assert page.model.row_data(0)["at"] <= newest

    header.setSortIndicator(3, Qt.SortOrder.DescendingOrder)             # 任务 cannot be sorted: the arrow stays
    assert header.sortIndicatorSection() == 0 and not header.arrow_points_down()
    assert "最早的在前" in page.count_label.text()
