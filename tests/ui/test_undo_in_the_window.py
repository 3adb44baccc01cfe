"""Issue 12's scenario as a clerk meets it: edit 市科技局's progress on 单位填报, accept a returned workbook that
fills the same entry on 表格收发, then undo. The edit's undo is refused (it would overwrite the imported answer),
Ctrl+Z takes the import back to the edited text, Ctrl+Y brings the import again; after a restart the history is
still there."""
from __future__ import annotations

from db.periods import get_period
from db.units import find_unit
from tests.reports.returns_fixtures import fill, issue, progress_of, task_keys


def test_edit_then_import_then_undo(window, qtbot, tmp_path, message_boxes):
    from ui.history_dialog import HistoryDialog

    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    task_id = int(key[1:])
    unit_id = find_unit(ledger, "市科技局")
    period_id = get_period(ledger, window.context.plan_id, "2026Q3")["id"]

    unit_page = window.show_page("unit")
    window.period_combo.setCurrentIndex(window.period_combo.findData(period_id))
    unit_page.select_unit("市科技局")
    row = next(r for r in range(unit_page.model.rowCount()) if unit_page.model.row_at(r)["task_id"] == task_id)
    assert unit_page.save_field(unit_page.model.row_at(row), "progress", "窗口中手工修改的进展")
    assert "进展情况" in window.undo_action.text()

    returned = fill(form, tmp_path / "报回.xlsx", tasks={key: {"progress": "单位报回:新增发明专利42件"}})
    returns_page = window.show_page("returns")
    returns_page.add_files([returned])
    qtbot.waitUntil(lambda: all(f.report is not None for f in returns_page.files), timeout=20000)
    returns_page.file_table.selectRow(0)
    choice = returns_page.conflict_table.cellWidget(0, 5)      # the clerk takes the unit's answer
    choice.setCurrentIndex(1)
    returns_page.accept_button.click()
    assert progress_of(ledger, task_id, "市科技局")["progress"] == "单位报回:新增发明专利42件"
    assert window.undo_action.text().startswith("撤销 导入填报表")

    dialog = HistoryDialog(window.context, window)
    qtbot.addWidget(dialog)
    edit = next(e for e in dialog.entries if e.label.startswith("进展情况"))
    dialog.select_operation(edit.id)
    dialog.undo_button.click()
    warnings = [text for kind, _title, text in message_boxes if kind == "warning"]
    assert warnings, "the refusal is explained"
    assert "导入填报表" in warnings[-1] and "未作任何改动" in warnings[-1]
    assert progress_of(ledger, task_id, "市科技局")["progress"] == "单位报回:新增发明专利42件"

    window.undo_action.trigger()                     # Ctrl+Z: the import goes, the edit stays
    assert progress_of(ledger, task_id, "市科技局")["progress"] == "窗口中手工修改的进展"
    assert window.redo_action.text().startswith("重做 导入填报表")
    window.redo_action.trigger()                     # Ctrl+Y: the import again
    assert progress_of(ledger, task_id, "市科技局")["progress"] == "单位报回:新增发明专利42件"
    assert unit_id
