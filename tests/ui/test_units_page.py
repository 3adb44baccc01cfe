"""单位管理: add a unit, edit contacts in place, rename (old name kept as alias), aliases, and merge duplicates
with all links moved."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QLineEdit

from tests.ui.helpers import fill_form_dialogs, type_chinese


def unit_id(ledger, name):
    return ledger.scalar("SELECT id FROM units WHERE name = ?", (name,))


def test_lists_every_unit_with_task_counts(window, demo_ledger):
    page = window.show_page("units")
    assert page.model.rowCount() == demo_ledger.scalar("SELECT COUNT(*) FROM units")
    row = page.model.row_of(unit_id(demo_ledger, "市市场监督管理局〔知识产权局〕"))
    assert page.model.index(row, page.model.column_of("lead_count")).data() == "13"
    assert page.model.index(row, page.model.column_of("kind")).data() == "部门"
    assert page.model.index(row, page.model.column_of("short_name")).data() == "市市场监管局"


def test_add_unit_then_undo(window, demo_ledger, monkeypatch):
    page = window.show_page("units")
    fill_form_dialogs(monkeypatch, {"name": "市教育局", "short_name": "教育局", "kind": "department",
                                    "contact": "孙红", "phone": "0523-87654320"})
    page.buttons["add"].click()
    row = demo_ledger.row("SELECT * FROM units WHERE name = '市教育局'")
    assert (row["short_name"], row["contact"], row["phone"], row["kind"]) == ("教育局", "孙红", "0523-87654320",
                                                                            "department")
    assert page.selected()["name"] == "市教育局"
    window.undo_action.trigger()
    assert unit_id(demo_ledger, "市教育局") is None


def test_edit_contact_in_place_with_chinese_typing(qtbot, window, demo_ledger):
    page = window.show_page("units")
    row = page.model.row_of(unit_id(demo_ledger, "市科技局"))
    index = page.model.index(row, page.model.column_of("contact"))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = [w for w in page.table.findChildren(QLineEdit, "textEditor") if w.isVisible()][0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_chinese(editor, "欧阳晓明")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    assert demo_ledger.scalar("SELECT contact FROM units WHERE name = '市科技局'") == "欧阳晓明"
    audit = demo_ledger.row("SELECT * FROM audit WHERE action = '修改单位' ORDER BY id DESC LIMIT 1")
    assert (audit["field"], audit["old"], audit["new"]) == ("contact", "王磊", "欧阳晓明")
    window.undo_action.trigger()
    assert demo_ledger.scalar("SELECT contact FROM units WHERE name = '市科技局'") == "王磊"


def test_rename_keeps_the_old_name_as_alias_and_undo_restores(window, demo_ledger, monkeypatch):
    page = window.show_page("units")
    uid = unit_id(demo_ledger, "市科技局")
    page.select(uid)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("市科学技术局", True)))
    page.buttons["rename"].click()
    assert demo_ledger.scalar("SELECT name FROM units WHERE id = ?", (uid,)) == "市科学技术局"
    row = page.model.row_of(uid)
    assert "市科技局" in page.model.index(row, page.model.column_of("aliases")).data()
    window.undo_action.trigger()
    assert demo_ledger.scalar("SELECT name FROM units WHERE id = ?", (uid,)) == "市科技局"
    assert demo_ledger.scalar("SELECT COUNT(*) FROM unit_aliases WHERE unit_id = ?", (uid,)) == 0


def test_add_and_remove_alias(window, demo_ledger, monkeypatch):
    page = window.show_page("units")
    uid = unit_id(demo_ledger, "人行")
    page.select(uid)
    before = demo_ledger.scalar("SELECT COUNT(*) FROM unit_aliases WHERE unit_id = ?", (uid,))   # the plan's 人行
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("人民银行泰兴市支行", True)))
    page.buttons["add_alias"].click()
    assert demo_ledger.scalar("SELECT unit_id FROM unit_aliases WHERE alias = '人民银行泰兴市支行'") == uid
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("人民银行泰兴市支行", True)))
    page.select(uid)
    page.buttons["remove_alias"].click()
    assert demo_ledger.scalar("SELECT COUNT(*) FROM unit_aliases WHERE unit_id = ?", (uid,)) == before


def test_merge_duplicates_moves_all_links_after_confirmation(window, demo_ledger, monkeypatch, message_boxes):
    from db.units import create_unit
    from db.plan_edit import set_task_units

    duplicate = create_unit(demo_ledger, "泰兴市科技局")
    task_id = demo_ledger.scalar("SELECT id FROM tasks WHERE title = '实施高价值专利培育工程'")
    links = [(r["unit_id"], r["role"]) for r in demo_ledger.rows(
        "SELECT unit_id, role FROM task_units WHERE task_id = ? ORDER BY position", (task_id,))]
    keep = unit_id(demo_ledger, "市科技局")
    other_task = demo_ledger.scalar("SELECT id FROM tasks WHERE title = '加强知识产权人才培育'")
    set_task_units(demo_ledger, other_task, [*[(r["unit_id"], r["role"]) for r in demo_ledger.rows(
        "SELECT unit_id, role FROM task_units WHERE task_id = ? ORDER BY position", (other_task,))], (duplicate, "co")])
    assert len(links) > 0
    keep_tasks_before = demo_ledger.scalar("SELECT COUNT(*) FROM task_units WHERE unit_id = ?", (keep,))
    page = window.show_page("units")
    page.refresh()
    page.select(duplicate)
    fill_form_dialogs(monkeypatch, {"keep_id": keep, "merge_id": duplicate})
    page.buttons["merge"].click()
    kind, _title, text = message_boxes[-1]
    assert kind == "question" and "泰兴市科技局" in text and "市科技局" in text
    assert "移动任务分工1项、填报记录0条、别名1个" in text
    assert demo_ledger.scalar("SELECT id FROM units WHERE id = ?", (duplicate,)) is None
    assert demo_ledger.scalar("SELECT COUNT(*) FROM task_units WHERE unit_id = ?", (keep,)) == keep_tasks_before + 1
    assert demo_ledger.scalar("SELECT role FROM task_units WHERE task_id = ? AND unit_id = ?", (other_task, keep)) == "co"
    assert demo_ledger.scalar("SELECT unit_id FROM unit_aliases WHERE alias = '泰兴市科技局'") == keep
    assert page.model.row_of(duplicate) == -1
    assert page.selected()["id"] == keep


def test_search_hides_other_units(window):
    page = window.show_page("units")
    page.search.setText("知识产权局")
    visible = [page.model.row_at(r)["name"] for r in range(page.model.rowCount()) if not page.table.isRowHidden(r)]
    assert visible == ["市市场监督管理局〔知识产权局〕"]


def test_units_model_passes_qtmodeltester(qtmodeltester, window):
    page = window.show_page("units")
    qtmodeltester.check(page.model)


def test_read_only_ledger_offers_no_edits(qtbot, demo_path):
    from db.ledger import Ledger
    from ui.context import AppContext
    from ui.main_window import MainWindow

    ledger = Ledger.open(demo_path, read_only=True)
    window = MainWindow(AppContext(ledger))
    qtbot.addWidget(window)
    window.show()
    units = window.show_page("units")
    assert not units.buttons["add"].isEnabled()
    assert not (units.model.flags(units.model.index(0, units.model.column_of("contact"))) & Qt.ItemFlag.ItemIsEditable)
    plan = window.show_page("plan")
    assert not plan.buttons["add_task"].isEnabled()
    plan.tabs.setCurrentWidget(plan.indicators_tab)
    assert not plan.indicators_tab.buttons["add"].isEnabled()
    unit = window.show_page("unit")
    assert unit.banner.isVisible() and "只读" in unit.banner.text()
    assert not (unit.model.flags(unit.model.index(0, unit.model.column_of("status"))) & Qt.ItemFlag.ItemIsEditable)
    indicators = window.show_page("indicators")
    assert indicators.banner.isVisible()
    assert not (indicators.model.flags(indicators.model.index(0, indicators.model.column_of("value")))
                & Qt.ItemFlag.ItemIsEditable)
    ledger.close()


def test_units_of_a_plan_that_names_only_responsible_units_are_not_counted_as_cooperating(qtbot, ledger):
    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store_plan(ledger, {"title": "某某市工作方案", "tasks": [
        {"number": "1", "title": "提升专利质量", "text": "", "section": "一、主要任务", "responsible_units": ["市科技局"]},
        {"number": "2", "title": "培育商标", "text": "", "section": "一、主要任务", "lead_units": ["市市场监管局"],
         "co_units": ["市科技局"]}]})
    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("units")
    row = page.model.row_of(next(r["id"] for r in page.model.rows if r["name"] == "市科技局"))
    counts = {c.header: page.model.index(row, i).data() for i, c in enumerate(page.model.columns) if "任务" in c.header}
    assert counts == {"牵头任务": "0", "配合任务": "1", "责任任务": "1"}
