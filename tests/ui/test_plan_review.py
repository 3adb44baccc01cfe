"""The plan review step: a clerk corrects what was understood; nothing is stored until she confirms."""
import pytest
from PySide6.QtCore import Qt

from db import queries
from db.units import find_unit


def _parsed():
    source = "\n".join([
        "某县知识产权强县建设工作方案", "一、重点任务", "(一)提高创造质量",
        "1.实施专利导航。开展产业专利导航。(牵头单位:县市场监督管理局〔知识产权局〕。配合单位:县科技局)",
        "2.开展质押融资。对接银行。(县财政局负责)", "3.这不是任务而是说明文字。",
        "4.加强人才培养。开展培训。",
    ])
    return {
        "title": "某县知识产权强县建设工作方案(2025-2027年)", "issuer": "某县人民政府办公室",
        "doc_number": "某政办发〔2025〕3号", "date": "2025-03-01", "source_text": source,
        "tasks": [
            {"number": "1", "title": "实施专利导航", "text": "开展产业专利导航。", "section": "(一)提高创造质量",
             "lead_units": ["县市场监督管理局〔知识产权局〕"], "co_units": ["县科技局"], "responsible_units": [],
             "source_lines": [3, 3]},
            {"number": "2", "title": "开展质押融资", "text": "对接银行。", "section": "(一)提高创造质量",
             "lead_units": [], "co_units": [], "responsible_units": ["县财政局"], "source_lines": [4, 4]},
            {"number": "3", "title": "这不是任务而是说明文字", "text": "", "section": "(一)提高创造质量",
             "lead_units": [], "co_units": [], "responsible_units": [], "source_lines": [5, 5]},
            {"number": "4", "title": "加强人才培养", "text": "开展培训。", "section": "(一)提高创造质量",
             "lead_units": [], "co_units": [], "responsible_units": [], "source_lines": [6, 6]},
        ],
        "indicators": [{"name": "有效发明专利量", "unit": "件", "target": 1200, "target_year": 2027,
                        "comparison": ">=", "cumulative": False, "source_text": "有效发明专利量达1200件"}],
        "phases": [{"name": "实施阶段", "start": "2025-03", "end": "2027-06"}],
        "warnings": [],
        "warning_items": [{"message": "第4项任务未写明责任单位", "task_index": 3}],
    }


@pytest.fixture
def dialog(qtbot, demo_ledger):
    from ui.context import AppContext
    from ui.plan_review.dialog import PlanReviewDialog

    context = AppContext(demo_ledger)
    dlg = PlanReviewDialog(context)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _task_item(dlg, index):
    tree = dlg.task_tree
    for top in range(tree.topLevelItemCount()):
        parent = tree.topLevelItem(top)
        for child in range(parent.childCount()):
            item = parent.child(child)
            if item.data(0, Qt.ItemDataRole.UserRole) == index:
                return item
    raise AssertionError(index)


def test_review_then_confirm_creates_the_corrected_plan(dialog, demo_ledger):
    plans_before = demo_ledger.scalar("SELECT COUNT(*) FROM plans")
    dialog.set_parsed(_parsed(), "某县方案.txt")
    assert "识别出 4 项任务" in dialog.status_label.text()
    assert demo_ledger.scalar("SELECT COUNT(*) FROM plans") == plans_before  # nothing stored yet

    # Selecting a task highlights its source line.
    dialog.select_task(1)
    assert dialog.highlighted == (4, 4)
    # The clerk corrects a title and gives task 4 a lead unit.
    _task_item(dialog, 0).setText(1, "实施产业专利导航")
    _task_item(dialog, 3).setText(2, "县人社局、县教育局")
    # ... and removes an item that is not a task.
    dialog.select_task(2)
    dialog._delete_task()
    assert [t["number"] for t in dialog.parsed["tasks"]] == ["1", "2", "4"]

    plan_id = dialog.confirm()
    assert plan_id and demo_ledger.scalar("SELECT COUNT(*) FROM plans") == plans_before + 1
    tasks = queries.tasks(demo_ledger, plan_id)
    assert [t["title"] for t in tasks] == ["实施产业专利导航", "开展质押融资", "加强人才培养"]
    assert tasks[2]["lead_units"] == ["县人社局", "县教育局"]
    assert tasks[1]["responsible_units"] == ["县财政局"]
    assert demo_ledger.scalar("SELECT doc_number FROM plans WHERE id = ?", (plan_id,)) == "某政办发〔2025〕3号"


def test_unit_match_to_an_existing_unit_is_used(dialog, demo_ledger):
    parsed = _parsed()
    parsed["tasks"][0]["co_units"] = ["科技局"]
    dialog.set_parsed(parsed, "某县方案.txt")
    row = next(r for r in range(dialog.unit_table.rowCount()) if dialog.unit_table.item(r, 0).text() == "科技局")
    combo = dialog.unit_table.cellWidget(row, 1)
    combo.setCurrentIndex(combo.findText("市科技局"))
    plan_id = dialog.confirm()
    assert queries.tasks(demo_ledger, plan_id)[0]["co_units"] == ["市科技局"]
    # Matched, not created: the spelling became an alias of the existing unit, so the next plan matches by itself.
    assert find_unit(demo_ledger, "科技局") == find_unit(demo_ledger, "市科技局")
    assert demo_ledger.scalar("SELECT COUNT(*) FROM units WHERE name = '科技局'") == 0


def test_warning_click_selects_the_task(dialog):
    dialog.set_parsed(_parsed(), "某县方案.txt")
    warning = next(dialog.warning_list.item(i) for i in range(dialog.warning_list.count())
                   if "第4项" in dialog.warning_list.item(i).text())
    dialog._warning_clicked(warning)
    assert dialog.current_task_index() == 3


def test_merge_and_split(dialog):
    dialog.set_parsed(_parsed(), "某县方案.txt")
    dialog.select_task(2)
    dialog._merge_task()
    assert len(dialog.parsed["tasks"]) == 3
    assert dialog.parsed["tasks"][2]["title"] == "这不是任务而是说明文字"
    assert "加强人才培养" in dialog.parsed["tasks"][2]["text"]


def test_invalid_plan_is_not_stored(dialog, demo_ledger, message_boxes):
    dialog.set_parsed(_parsed(), "某县方案.txt")
    dialog.title_edit.setText("")
    before = demo_ledger.scalar("SELECT COUNT(*) FROM plans")
    assert dialog.confirm() is None
    assert demo_ledger.scalar("SELECT COUNT(*) FROM plans") == before
    assert any("缺少标题" in text for _, _, text in message_boxes)


def test_real_file_is_parsed_in_the_background(dialog, qtbot, tmp_path):
    pytest.importorskip("db.plan_import.parse")
    from tests.conftest import SHARED

    dialog.load_file(str(SHARED / "plans" / "taixing-county-pilot-2024.txt"))
    qtbot.waitUntil(lambda: dialog.parsed is not None, timeout=15000)
    assert len(dialog.parsed["tasks"]) == 13
    assert dialog.confirm_button.isEnabled()


def test_two_digit_and_bracketed_task_numbers_are_readable_in_the_tree(dialog):
    parsed = _parsed()
    for task, number in zip(parsed["tasks"], ["10", "(十二)", "3", "4"]):
        task["number"] = number
    dialog.set_parsed(parsed)
    tree = dialog.task_tree
    metrics = tree.fontMetrics()
    for index, number in ((0, "10"), (1, "(十二)")):
        item = _task_item(dialog, index)
        room = tree.visualRect(tree.indexFromItem(item, 0)).width()
        assert metrics.horizontalAdvance(number) + 8 <= room, f"序号“{number}”显示不全"


def test_confirming_a_plan_already_in_the_ledger_asks_first(dialog, demo_ledger, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append((title, text)) or QMessageBox.StandardButton.No))
    plans_before = demo_ledger.scalar("SELECT COUNT(*) FROM plans")
    parsed = _parsed()
    parsed["title"] = demo_ledger.row("SELECT title FROM plans ORDER BY id LIMIT 1")["title"]
    parsed["doc_number"] = None
    dialog.set_parsed(parsed, "又一份.txt")
    assert dialog.confirm() is None
    assert asked and asked[0][0] == "已有同名方案"
    assert demo_ledger.scalar("SELECT COUNT(*) FROM plans") == plans_before


def test_the_comparison_reads_and_edits_with_the_vocabularys_signs(dialog):
    from db.vocabulary import COMPARISONS

    dialog.set_parsed(_parsed())
    table = dialog.indicator_table
    column = 5
    assert table.horizontalHeaderItem(column).text() == "比较"
    assert table.item(0, column).text() == COMPARISONS[">="]
    table.item(0, column).setText(COMPARISONS["<="])
    assert dialog.parsed["indicators"][0]["comparison"] == "<="
    assert table.columnWidth(column) < table.columnWidth(0)   # short fields narrow, the name and source wide


def test_a_target_year_typed_with_its_character_is_kept(dialog):
    dialog.set_parsed(_parsed())
    column = 4
    assert dialog.indicator_table.horizontalHeaderItem(column).text() == "目标年份"
    for typed in ("2026年", "２０２６", "2026"):
        dialog.indicator_table.item(0, column).setText(typed)
        assert dialog.parsed["indicators"][0]["target_year"] == 2026


def test_file_menu_opens_the_import_dialog(window, monkeypatch):
    """文件 → 导入方案… opens the review dialog (its module is loaded only then)."""
    from ui.plan_review import dialog as review

    opened = []
    monkeypatch.setattr(review.PlanReviewDialog, "exec", lambda self: opened.append(self) or 0)
    window.import_plan_action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle().startswith("导入方案")
