"""方案任务 as a clerk builds or corrects a plan by hand: add, edit, reorder and delete tasks and sections, assign
units with roles, and keep targets and phases; with undo where it makes sense."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton

from tests.ui.helpers import fill_form_dialogs, type_chinese
from ui.models.plan_tree_model import SECTION, TASK


def task_row(ledger, title):
    row = ledger.row("SELECT * FROM tasks WHERE title = ?", (title,))
    return dict(row) if row else None


def tree_titles(page):
    return [node.data["title"] for node in page.model.tasks()]


def test_tree_shows_sections_tasks_units_and_status_for_the_period(window):
    page = window.show_page("plan")
    model = page.model
    assert model.rowCount() == 1 and model.index(0, 0).data() == "二、重点任务"
    tasks = page.model.tasks()
    assert len(tasks) == 13
    first = page.model.find(TASK, tasks[0].id)
    assert first.data().startswith("1. 加强知识产权发展顶层设计")
    assert first.siblingAtColumn(1).data() == "市市场监管局"
    assert "园区" in first.siblingAtColumn(2).data()
    ledger = window.context.ledger
    period_id = window.context.period_id
    expected_units = ledger.scalar("SELECT COUNT(*) FROM task_units WHERE task_id = ?", (tasks[0].id,))
    reported = ledger.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ? AND period_id = ? AND status IS NOT NULL",
                             (tasks[0].id, period_id))
    status = first.siblingAtColumn(4).data()
    word = status.split(" · ")[0]
    assert word in ("未启动", "推进中", "已完成", "滞后")
    assert status == f"{word} · {reported}/{expected_units}单位已填报", status
    assert "工作措施" in page.detail.toPlainText() and "依托江苏省知识产权建设示范县域工作" in page.detail.toPlainText()


def test_status_follows_the_window_period(window):
    page = window.show_page("plan")
    period_id = window.context.ledger.scalar("SELECT id FROM periods WHERE key = '2024Q2'")
    window.period_combo.setCurrentIndex(window.period_combo.findData(period_id))
    statuses = {page.model.find(TASK, n.id).siblingAtColumn(4).data() for n in page.model.tasks()}
    assert all("单位已填报" in s for s in statuses)
    assert any(s.startswith("未启动") or s.startswith("推进中") for s in statuses)


def test_add_task_under_a_section_then_undo_and_redo(qtbot, window, demo_ledger, monkeypatch):
    page = window.show_page("plan")
    section_id = demo_ledger.scalar("SELECT id FROM sections WHERE title LIKE '提高知识产权创造质量%'")
    page.select(SECTION, section_id)
    fill_form_dialogs(monkeypatch, {"number": "7-1", "title": "开展商标品牌指导站建设", "deadline": "2025年底前",
                                    "text": "在重点园区设立商标品牌指导站。"})
    page.buttons["add_task"].click()
    task = task_row(demo_ledger, "开展商标品牌指导站建设")
    assert task is not None
    assert (task["section_id"], task["number"], task["deadline"]) == (section_id, "7-1", "2025年底前")
    assert page.selected_key() == (TASK, task["id"])
    assert "开展商标品牌指导站建设" in tree_titles(page)
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit WHERE action = '新增任务' AND task_id = ?", (task["id"],)) == 1

    window.undo_action.trigger()
    assert task_row(demo_ledger, "开展商标品牌指导站建设") is None
    assert "开展商标品牌指导站建设" not in tree_titles(page)
    window.redo_action.trigger()
    assert task_row(demo_ledger, "开展商标品牌指导站建设") is not None
    assert "开展商标品牌指导站建设" in tree_titles(page)


def test_empty_task_title_is_refused_and_the_dialog_stays_open(window, demo_ledger, monkeypatch, message_boxes):
    page = window.show_page("plan")
    seen = fill_form_dialogs(monkeypatch, {"title": ""})
    before = demo_ledger.scalar("SELECT COUNT(*) FROM tasks")
    page.buttons["add_task"].click()
    assert seen[0].result() != QDialog.DialogCode.Accepted
    assert message_boxes[-1][0] == "warning" and "任务名称不能为空" in message_boxes[-1][2]
    assert demo_ledger.scalar("SELECT COUNT(*) FROM tasks") == before


def test_edit_task_deadline_and_undo(window, demo_ledger, monkeypatch):
    page = window.show_page("plan")
    task = task_row(demo_ledger, "实施高价值专利培育工程")
    page.select(TASK, task["id"])
    fill_form_dialogs(monkeypatch, {"deadline": "2026年6月底前"})
    page.buttons["edit"].click()
    assert task_row(demo_ledger, "实施高价值专利培育工程")["deadline"] == "2026年6月底前"
    index = page.model.find(TASK, task["id"])
    assert index.siblingAtColumn(3).data() == "2026年6月底前"
    audit = demo_ledger.row("SELECT * FROM audit WHERE action = '修改任务' ORDER BY id DESC LIMIT 1")
    assert (audit["field"], audit["new"]) == ("deadline", "2026年6月底前")
    window.undo_action.trigger()
    assert task_row(demo_ledger, "实施高价值专利培育工程")["deadline"] == task["deadline"]


def test_sub_items_are_corrected_by_hand_shown_audited_and_undone(window, demo_ledger, monkeypatch, message_boxes):
    """The importer missed or mis-split a task's 一是……二是……: the clerk types them, one per line."""
    page = window.show_page("plan")
    task = task_row(demo_ledger, "实施高价值专利培育工程")
    before = [tuple(r) for r in demo_ledger.rows(
        "SELECT label, text FROM task_subitems WHERE task_id = ? ORDER BY position", (task["id"],))]
    page.select(TASK, task["id"])
    dialogs = fill_form_dialogs(monkeypatch, {"subitems": "一是加强政策引导激励\n二是开展专利导航服务\n\n(3)建立培育库"})
    page.buttons["edit"].click()
    assert dialogs[0].widgets["subitems"].placeholderText().startswith("每行一项")
    rows = [tuple(r) for r in demo_ledger.rows(
        "SELECT label, text FROM task_subitems WHERE task_id = ? ORDER BY position", (task["id"],))]
    assert rows == [("一是", "加强政策引导激励"), ("二是", "开展专利导航服务"), ("(3)", "建立培育库")]
    page.select(TASK, task["id"])
    assert "开展专利导航服务" in page.detail.toPlainText()
    audit = demo_ledger.row("SELECT * FROM audit WHERE action = '修改任务' ORDER BY id DESC LIMIT 1")
    assert audit["field"] == "subitems" and audit["new"].splitlines()[-1] == "(3)建立培育库"
    window.undo_action.trigger()
    assert [tuple(r) for r in demo_ledger.rows(
        "SELECT label, text FROM task_subitems WHERE task_id = ? ORDER BY position", (task["id"],))] == before

    page.select(TASK, task["id"])
    seen = fill_form_dialogs(monkeypatch, {"subitems": "一是\n二是开展培训"})
    page.buttons["edit"].click()   # a line with only a number is refused in Chinese; the dialog stays open
    assert seen[0].result() != QDialog.DialogCode.Accepted
    assert message_boxes[-1][0] == "warning" and "分项第1行只有序号“一是”" in message_boxes[-1][2]
    assert [tuple(r) for r in demo_ledger.rows(
        "SELECT label, text FROM task_subitems WHERE task_id = ? ORDER BY position", (task["id"],))] == before


def test_reorder_tasks_up_and_down_and_undo(window, demo_ledger):
    page = window.show_page("plan")
    task = task_row(demo_ledger, "实施零专利企业知识产权“消零”")
    page.select(TASK, task["id"])
    before = tree_titles(page)
    page.buttons["up"].click()
    after = tree_titles(page)
    i = before.index(task["title"])
    assert after[i - 1] == task["title"] and after[i] == before[i - 1]
    assert page.selected_key() == (TASK, task["id"])
    window.undo_action.trigger()
    assert tree_titles(page) == before
    page.select(TASK, task["id"])
    page.buttons["down"].click()
    assert tree_titles(page)[i + 1] == task["title"]


def test_delete_task_asks_first(window, demo_ledger, message_boxes):
    page = window.show_page("plan")
    task = task_row(demo_ledger, "加强知识产权人才培育")
    entries = demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (task["id"],))
    assert entries > 0
    page.select(TASK, task["id"])
    page.buttons["delete"].click()
    kind, _title, text = message_boxes[-1]
    assert kind == "question" and "加强知识产权人才培育" in text and "编辑 → 撤销" in text
    assert task_row(demo_ledger, "加强知识产权人才培育") is None
    assert "加强知识产权人才培育" not in tree_titles(page)
    assert window.undo_action.text().startswith("撤销 删除任务")
    window.undo_action.trigger()                     # as the question promised: the task and its entries return
    assert task_row(demo_ledger, "加强知识产权人才培育") is not None
    assert demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (task["id"],)) == entries
    assert "加强知识产权人才培育" in tree_titles(page)


def test_add_and_delete_a_section(window, demo_ledger, monkeypatch, message_boxes):
    page = window.show_page("plan")
    fill_form_dialogs(monkeypatch, {"number": "三、", "title": "保障措施", "parent_id": None})
    page.buttons["add_section"].click()
    section = demo_ledger.row("SELECT * FROM sections WHERE title = '保障措施'")
    assert section is not None and section["number"] == "三、" and section["parent_id"] is None
    assert page.model.index(1, 0).data() == "三、保障措施"
    page.select(SECTION, section["id"])
    page.buttons["delete"].click()
    assert message_boxes[-1][0] == "question"
    assert demo_ledger.row("SELECT * FROM sections WHERE title = '保障措施'") is None


def test_assign_units_with_roles_existing_and_new(window, demo_ledger, monkeypatch):
    from ui.dialogs.task_units_dialog import TaskUnitsDialog

    page = window.show_page("plan")
    task = task_row(demo_ledger, "实施高价值专利培育工程")
    before = [tuple(r) for r in demo_ledger.rows("SELECT unit_id, role FROM task_units WHERE task_id = ?"
                                                 " ORDER BY position", (task["id"],))]
    page.select(TASK, task["id"])

    def fake_exec(dialog):
        dialog.unit_box.setFocus()
        dialog.unit_box.lineEdit().clear()
        type_chinese(dialog.unit_box.lineEdit(), "市教育局")
        dialog.role_box.setCurrentIndex(dialog.role_box.findData("co"))
        dialog.add_button.click()
        dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("市农业农村局"))
        dialog.role_box.setCurrentIndex(dialog.role_box.findData("responsible"))
        dialog.add_button.click()
        names = [name for name, _ in dialog.assignments()]
        dialog.table.setCurrentCell(names.index("市工信局"), 0)
        dialog.findChild(QPushButton, "button_移除").click()
        names = [name for name, _ in dialog.assignments()]
        dialog.table.setCurrentCell(names.index("市科技局"), 0)
        dialog.findChild(QPushButton, "button_设为牵头").click()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskUnitsDialog, "exec", fake_exec)
    page.buttons["assign"].click()
    links = {r["name"]: r["role"] for r in demo_ledger.rows(
        "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = ?",
        (task["id"],))}
    assert links["市教育局"] == "co" and links["市农业农村局"] == "responsible"
    assert links["市市场监督管理局〔知识产权局〕"] == "lead"
    assert links["市科技局"] == "lead" and "市工信局" not in links
    assert "市教育局" in page.model.find(TASK, task["id"]).siblingAtColumn(2).data()
    window.undo_action.trigger()
    after_undo = [tuple(r) for r in demo_ledger.rows("SELECT unit_id, role FROM task_units WHERE task_id = ?"
                                                     " ORDER BY position", (task["id"],))]
    assert after_undo == before


def test_targets_tab_add_edit_move_delete(window, demo_ledger, monkeypatch, message_boxes):
    page = window.show_page("plan")
    page.tabs.setCurrentWidget(page.indicators_tab)
    tab = page.indicators_tab
    assert tab.model.rowCount() == 16
    fill_form_dialogs(monkeypatch, {"category": "知识产权保护", "name": "知识产权维权援助案件数", "measure_unit": "件",
                                    "target": "１２０", "target_year": "2026", "comparison": ">="},
                      {"target": "150"})
    tab.buttons["add"].click()
    row = demo_ledger.row("SELECT * FROM indicators WHERE name = '知识产权维权援助案件数'")
    assert row["target"] == 120 and row["target_year"] == 2026
    assert tab.model.rowCount() == 17 and tab.selected()["id"] == row["id"]
    assert tab.model.index(16, 4).data() == "120（2026年）"
    tab.buttons["edit"].click()
    assert demo_ledger.scalar("SELECT target FROM indicators WHERE id = ?", (row["id"],)) == 150
    tab.buttons["up"].click()
    assert tab.model.row_at(15)["id"] == row["id"]
    window.undo_action.trigger()
    assert tab.model.row_at(16)["id"] == row["id"]
    tab.select(row["id"])
    tab.buttons["delete"].click()
    assert message_boxes[-1][0] == "question"
    assert demo_ledger.row("SELECT * FROM indicators WHERE id = ?", (row["id"],)) is None


def test_phases_tab_add_and_edit(window, demo_ledger, monkeypatch):
    page = window.show_page("plan")
    page.tabs.setCurrentWidget(page.phases_tab)
    tab = page.phases_tab
    assert tab.model.rowCount() == 4
    fill_form_dialogs(monkeypatch, {"name": "巩固提升阶段", "start": "2026-07", "end": "2026-12"}, {"end": "2027-03"})
    tab.buttons["add"].click()
    row = demo_ledger.row("SELECT * FROM phases WHERE name = '巩固提升阶段'")
    assert (row["start"], row["end"]) == ("2026-07-01", "2026-12-31")
    tab.buttons["edit"].click()
    assert demo_ledger.scalar("SELECT end FROM phases WHERE id = ?", (row["id"],)) == "2027-03-31"
    window.undo_action.trigger()
    assert demo_ledger.scalar("SELECT end FROM phases WHERE id = ?", (row["id"],)) == "2026-12-31"


def test_plan_models_pass_qtmodeltester(qtmodeltester, window):
    page = window.show_page("plan")
    qtmodeltester.check(page.model)
    page.tabs.setCurrentWidget(page.indicators_tab)
    qtmodeltester.check(page.indicators_tab.model)
    page.tabs.setCurrentWidget(page.phases_tab)
    qtmodeltester.check(page.phases_tab.model)


def test_a_very_large_plan_loads_on_a_worker_thread(qtbot, tmp_path):
    from db.ledger import Ledger
    from tests.db.test_queries_paged import fill_big_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    path = tmp_path / "市级.ipledger"
    with Ledger.create(path) as ledger:
        fill_big_plan(ledger, tasks=400, units=40, periods=8)
    ledger = Ledger.open(path)
    window = MainWindow(AppContext(ledger))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("plan")
    assert page._tree_worker is not None, "a plan this size is read off the UI thread"
    assert page.wait_loaded()
    assert len(page.model.tasks()) == 400
    assert not page.loading_label.isVisible()
    first = page.model.find(TASK, page.model.tasks()[0].id)
    assert "单位已填报" in first.siblingAtColumn(4).data()
    ledger.close()


def test_a_paper_plan_entered_by_hand_can_be_reported_on(qtbot, window, tmp_path, monkeypatch):
    """Blank ledger → section → task → units with roles → the lead unit fills its checklist."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from ui.dialogs.task_units_dialog import TaskUnitsDialog
    from ui.ledger_files import new_ledger

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    answers = iter([("某某县知识产权强县建设试点工作方案(2025-2027年)", True), ("2025-2027", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    assert new_ledger(window, tmp_path / "某某县.ipledger")
    ledger = window.context.ledger
    page = window.show_page("plan")
    fill_form_dialogs(monkeypatch, {"number": "一、", "title": "重点任务", "parent_id": None},
                      {"number": "1", "title": "开展专利导航", "deadline": "2025年底前"})
    page.buttons["add_section"].click()
    page.buttons["add_task"].click()
    task_id = ledger.scalar("SELECT id FROM tasks WHERE title = '开展专利导航'")
    assert ledger.scalar("SELECT s.title FROM tasks t JOIN sections s ON s.id = t.section_id WHERE t.id = ?",
                         (task_id,)) == "重点任务"

    def assign(dialog):
        for name, role in (("县市场监督管理局", "lead"), ("县科技局", "co")):
            dialog.unit_box.lineEdit().clear()
            type_chinese(dialog.unit_box.lineEdit(), name)
            dialog.role_box.setCurrentIndex(dialog.role_box.findData(role))
            dialog.add_button.click()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskUnitsDialog, "exec", assign)
    page.buttons["assign"].click()
    assert page.model.find(TASK, task_id).siblingAtColumn(4).data() == "未启动 · 0/2单位已填报"

    unit_page = window.show_page("unit")
    unit_page.select_unit("县市场监督管理局")
    assert unit_page.model.rowCount() == 1
    assert unit_page.save_field(unit_page.model.row_at(0), "status", "推进中")
    window.show_page("plan")
    assert page.model.find(TASK, task_id).siblingAtColumn(4).data() == "推进中 · 1/2单位已填报"


def test_tasks_without_a_written_deadline_show_the_date_they_resolve_to(window):
    """The Taixing plan writes no 完成时限: its tasks are due when 实施阶段 ends, with the reason on hover."""
    from PySide6.QtCore import Qt

    page = window.show_page("plan")
    model = page.tree.model()
    task_id = window.context.ledger.scalar("SELECT id FROM tasks WHERE number = '4'")
    index = model.find("task", task_id)
    column = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "完成时限")
    cell = index.siblingAtColumn(column)
    assert cell.data() == "（2026年6月30日）"
    assert "实施阶段" in cell.data(Qt.ItemDataRole.ToolTipRole)
    # what the brackets mean: on the column's header and beside the date in the task's details
    assert "推算" in model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    page.tree.setCurrentIndex(index)
    assert "方案未写明时限" in page.detail.toPlainText()


def test_the_bureau_name_printed_on_reports_is_set_in_plan_info_and_undone(window, demo_ledger, monkeypatch):
    from reports.report_data import progress_data

    page = window.show_page("plan")
    fill_form_dialogs(monkeypatch, {"bureau": "某某县市场监督管理局", "county": "某某县"})
    page.buttons["plan"].click()
    assert demo_ledger.setting("bureau") == "某某县市场监督管理局"
    data = progress_data(demo_ledger, "2026Q3")
    assert (data.bureau, data.county) == ("某某县市场监督管理局", "某某县")
    audit = demo_ledger.row("SELECT * FROM audit WHERE field = 'bureau' ORDER BY id DESC LIMIT 1")
    assert audit["new"] == "某某县市场监督管理局"
    window.undo_action.trigger()
    assert demo_ledger.setting("bureau") == "泰兴市市场监督管理局〔知识产权局〕"


def test_an_empty_ledger_says_how_to_get_a_plan_in(qtbot, ledger):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("plan")
    assert "文件 → 导入方案" in page.detail.toPlainText()
    assert not page.buttons["add_task"].isEnabled()


def test_a_plan_without_periods_says_so_instead_of_calling_every_task_not_started(qtbot, ledger):
    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store_plan(ledger, {"title": "某某县工作方案", "tasks": [
        {"number": "1", "title": "加强专利培育", "text": "", "section": "一、重点任务", "lead_units": ["县市场监管局"]}]})
    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("plan")
    [task] = page.model.tasks()
    page.select(TASK, task.id)
    assert page.model.find(TASK, task.id).siblingAtColumn(4).data() == "尚无报告期"
    assert "本期状态：尚无报告期" in page.detail.toPlainText() and "未启动" not in page.detail.toPlainText()


def test_a_plan_imported_by_mistake_can_be_deleted_but_not_one_with_reports(window, demo_ledger, monkeypatch,
                                                                            message_boxes):
    from db.plan_store import list_plans, store_plan

    demo_id = window.context.plan_id
    twin = store_plan(demo_ledger, {"title": "误导入的方案", "tasks": [
        {"number": "1", "title": "加强专利培育", "text": "", "section": "一、重点任务", "lead_units": ["市科技局"]}]})
    window.context.set_plan(twin)
    page = window.show_page("plan")
    page.buttons["delete_plan"].click()
    assert [p["id"] for p in list_plans(demo_ledger)] == [demo_id]
    assert window.context.plan_id == demo_id and window.plan_combo.count() == 1
    assert demo_ledger.row("SELECT action, old FROM audit ORDER BY id DESC LIMIT 1")["action"] == "删除方案"
    page.buttons["delete_plan"].click()                     # the demo plan: the only one, and reported on
    assert [p["id"] for p in list_plans(demo_ledger)] == [demo_id]
    assert any("不能删除" in text for _kind, _title, text in message_boxes)
