"""表格收发 → 填报上级模板… as the clerk uses it: pick the city's template, review and correct the mapping, fill."""
from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from db.template_mappings import find_template_mapping
from tests.reports.template_fixtures import TASK_SHEET, two_sheet_template
from ui.dialogs.template_dialog import NOT_FILLED, TemplateDialog


@pytest.fixture
def page(window, qtbot):
    page = window.show_page("returns")
    qtbot.waitExposed(page)
    return page


def _drive(monkeypatch, tmp_path, answer):
    """Answer the file dialogs and the review dialog like the clerk."""
    seen = []
    monkeypatch.setattr("ui.dialogs.template_dialog.choose_output",
                        lambda parent, suggested: seen.append(suggested) or str(tmp_path / "填好.xlsx"))

    def fake_exec(dialog):
        seen.append(dialog)
        answer(dialog)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateDialog, "exec", fake_exec)
    return seen


def test_review_correct_remember_and_fill(page, qtbot, tmp_path, monkeypatch, window):
    template = two_sheet_template(tmp_path / "附件1 泰州市推进情况统计表.xlsx")
    opened = []
    monkeypatch.setattr(page, "open_folder", lambda folder: opened.append(folder))

    def answer(dialog):
        rows = dialog.row_tables[TASK_SHEET]
        shown = {rows.item(r, 0).text(): (rows.item(r, 2).text(), rows.cellWidget(r, 3).currentText(),
                                          rows.item(r, 4).text()) for r in range(rows.rowCount())}
        assert shown["7"][0] == "高价值专利培育" and shown["7"][1] == "任务 4 实施高价值专利培育工程"
        assert shown["9"][1] == NOT_FILLED and shown["9"][2].startswith("未匹配")
        assert shown["10"][2] == "合计行"
        assert "未匹配 1 行" in dialog.summary.text() and "第一次使用" in dialog.state.text()
        columns = dialog.column_tables[TASK_SHEET]
        assert [columns.cellWidget(r, 2).currentText() for r in range(columns.rowCount())] == [
            NOT_FILLED, NOT_FILLED, "牵头单位", "进展情况", "存在问题", "下步计划", "完成进度", "完成状态"]
        dialog.resize(1180, 680)
        assert dialog.grab().save(str(tmp_path / "template_dialog.png"))     # for a visual review
        # the clerk: row 9 is task 12, and column F is not wanted
        row9 = next(r for r in range(rows.rowCount()) if rows.item(r, 0).text() == "9")
        combo = rows.cellWidget(row9, 3)
        combo.setCurrentIndex(combo.findText("任务 12 优化知识产权服务供给"))
        assert rows.item(row9, 4).text() == "手工指定" and "未匹配" not in dialog.summary.text()
        columns.cellWidget(5, 2).setCurrentIndex(0)

    seen = _drive(monkeypatch, tmp_path, answer)
    monkeypatch.setattr("ui.dialogs.template_dialog.choose_template", lambda parent, folder: str(template))
    page.template_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert seen[1].name == "附件1 泰州市推进情况统计表(2026年第3季度).xlsx"
    ws = openpyxl.load_workbook(tmp_path / "填好.xlsx")[TASK_SHEET]
    assert "【" in ws["D7"].value and ws["C9"].value and ws["F7"].value is None
    remembered = find_template_mapping(window.context.ledger, seen[0].mapping.fingerprint)
    assert remembered is not None and "填好" not in remembered["name"]
    assert "已填好上级模板" in window.statusBar().currentMessage()

    # next quarter the city resends the same template: no questions beyond a glance, the choices kept
    def glance(dialog):
        assert "已记住" in dialog.state.text()
        assert dialog.row_tables[TASK_SHEET].cellWidget(4, 3).currentText() == "任务 12 优化知识产权服务供给"

    (tmp_path / "填好.xlsx").rename(tmp_path / "上次.xlsx")
    opened.clear()
    _drive(monkeypatch, tmp_path, glance)
    page.fill_upward_template(str(template))
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)


def test_a_file_that_is_not_a_workbook_is_explained(page, qtbot, tmp_path, message_boxes):
    bad = tmp_path / "通知.xlsx"
    bad.write_text("不是表格", encoding="utf-8")
    page.fill_upward_template(str(bad))
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=20000)
    kind, title, text = message_boxes[-1]
    assert title == "未能填报上级模板" and "不是 Excel 工作簿" in text
