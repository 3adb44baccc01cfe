"""The review step for the plans of issue 13: a PDF opened in the dialog, a plan naming only 责任单位 shown in full,
warnings that point at their source line, collective units listed to split or keep, and pasted text read exactly
as the same .txt file."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db import queries
from db.plan_import import parse_plan_file
from tests.ui.test_plan_review import dialog  # noqa: F401  (fixture)

RESPONSIBLE_ONLY = "\n".join([
    "某市知识产权示范城市工作方案", "一、重点任务", "(一)强化知识产权保护",
    "1.完善行政执法机制。加强执法队伍建设。此项工作由市知识产权局、市公安局、市司法局、市检察院、市中级人民法院,各县(市)区人民政府负责。",
    "2.开展宣传培训。组织知识产权宣传周活动。(相关部门负责)",
    "3.推进园区知识产权工作。建设园区工作站。(高新区管委会、市财政局、市工业和信息化局、市商务局负责)",
])


def _visible_columns(tree):
    return [c for c in range(tree.columnCount()) if not tree.isColumnHidden(c)]


def test_a_plan_naming_only_responsible_units_shows_that_column_in_full(dialog, qtbot, tmp_path):
    from ui.plan_review.dialog import TASK_COLUMNS

    dialog.resize(1400, 860)
    dialog.set_parsed(_parse_text(RESPONSIBLE_ONLY), "责任单位方案.txt")
    tree = dialog.task_tree
    assert [TASK_COLUMNS[c] for c in _visible_columns(tree)] == ["序号", "任务名称", "责任单位"]
    longest = "、".join(dialog.parsed["tasks"][0]["responsible_units"])
    width = tree.columnWidth(4)
    assert width >= min(tree.fontMetrics().horizontalAdvance(longest), 360)
    # nothing is cut off at the right edge: the visible columns fit in the view
    qtbot.waitUntil(lambda: tree.header().length() <= tree.viewport().width() + 1, timeout=2000)
    qtbot.wait(100)
    assert not tree.horizontalScrollBar().isVisible()
    item = tree.topLevelItem(0).child(0)
    assert item.toolTip(4) == longest
    dialog.grab().save(str(tmp_path / "review-responsible-only.png"))


def test_warnings_name_and_highlight_their_source_line(dialog):
    dialog.set_parsed(_parse_text(RESPONSIBLE_ONLY), "责任单位方案.txt")
    texts = [dialog.warning_list.item(i).text() for i in range(dialog.warning_list.count())]
    lonely = next(i for i, text in enumerate(texts) if "相关部门" in text and "拆分" in text)
    assert texts[lonely].startswith("〔原文第5行〕")
    dialog._warning_clicked(dialog.warning_list.item(lonely))
    assert dialog.current_task_index() == 1
    assert dialog.highlighted == (4, 4)
    assert dialog.source_view.textCursor().block().text().startswith("2.开展宣传培训")


def test_collective_units_are_listed_then_split_or_kept(dialog, demo_ledger):
    dialog.set_parsed(_parse_text(RESPONSIBLE_ONLY), "责任单位方案.txt")
    panel = dialog.collective_panel
    assert dialog.tabs.tabText(dialog.tabs.indexOf(panel)) == "集体单位（2）"
    names = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert names == ["各县(市)区人民政府", "相关部门"]
    # the clerk splits 相关部门 into two real units; 各县(市)区人民政府 is kept
    panel.table.setCurrentCell(1, 3)
    panel.table.item(1, 3).setText("市文化广电和旅游局、市教育局")
    panel.split_button.click()
    assert dialog.parsed["tasks"][1]["responsible_units"] == ["市文化广电和旅游局", "市教育局"]
    assert dialog.parsed["tasks"][1]["collective_units"] == []
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == ["各县(市)区人民政府"]
    assert _task_row(dialog, 1).text(4) == "市文化广电和旅游局、市教育局"
    unit_names = [dialog.unit_table.item(r, 0).text() for r in range(dialog.unit_table.rowCount())]
    assert "相关部门" not in unit_names and "市教育局" in unit_names

    plan_id = dialog.confirm()
    tasks = queries.tasks(demo_ledger, plan_id)
    assert tasks[1]["responsible_units"] == ["市文化广电和旅游局", "市教育局"]
    assert "各县(市)区人民政府" in tasks[0]["responsible_units"]
    assert demo_ledger.scalar("SELECT kind FROM units WHERE name = '各县(市)区人民政府'") == "collective"
    assert demo_ledger.scalar("SELECT COUNT(*) FROM units WHERE name = '相关部门'") == 0


def test_pasted_text_reads_the_same_as_the_txt_file(dialog, qtbot, tmp_path, monkeypatch):
    from ui.plan_review import dialog as dialog_module

    path = tmp_path / "方案.txt"
    path.write_text(RESPONSIBLE_ONLY, encoding="utf-8")

    def pasted(paste_dialog):
        paste_dialog.editor.setPlainText(RESPONSIBLE_ONLY)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_module.PasteDialog, "exec", pasted)
    dialog.paste_button.click()
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=15000)
    from_file = parse_plan_file(path)
    for key in ("title", "tasks", "indicators", "phases", "warnings", "source_text"):
        assert dialog.parsed[key] == from_file[key], key


def test_a_pdf_plan_opens_in_the_dialog(dialog, qtbot, tmp_path):
    from tests.db.plan_pdf_fixtures import make_plan_pdf
    from tests.db.test_plan_pdf import PLAN

    path = make_plan_pdf(tmp_path / "方案.pdf", PLAN)
    dialog.load_file(str(path))
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=15000)
    assert len(dialog.parsed["tasks"]) == 5 and dialog.confirm_button.isEnabled()
    assert "识别出 5 项任务" in dialog.status_label.text()
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.collective_panel)) == "集体单位（3）"
    dialog.tabs.setCurrentWidget(dialog.collective_panel)
    dialog.grab().save(str(tmp_path / "review-pdf-collective.png"))


def _parse_text(text):
    from db.plan_import import parse_plan_text

    return parse_plan_text(text)


def _task_row(dlg, index):
    tree = dlg.task_tree
    for top in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(top)
        for child in range(parent.childCount()):
            if parent.child(child).data(0, Qt.ItemDataRole.UserRole) == index:
                return parent.child(child)
    raise AssertionError(index)


def test_the_unit_matching_tab_names_collective_units(dialog):
    dialog.set_parsed(_parse_text(RESPONSIBLE_ONLY), "责任单位方案.txt")
    notes = {dialog.unit_table.item(r, 0).text(): dialog.unit_table.item(r, 2).text()
             for r in range(dialog.unit_table.rowCount())}
    assert "相关部门" in notes and "集体" in notes["相关部门"]
    assert "集体" not in notes["市公安局"]
