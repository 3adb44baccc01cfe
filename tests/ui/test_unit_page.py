"""单位填报 as a clerk uses it: pick a unit and period, type progress in Chinese, change a status, undo and redo,
refuse a bad percent, attach evidence, and see a closed period read-only."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.ui.helpers import type_chinese

UNIT = "市科技局"


def audit_rows(ledger, field):
    return [dict(r) for r in ledger.rows("SELECT * FROM audit WHERE entity = 'progress' AND field = ? ORDER BY id",
                                         (field,))]


def choose_period(window, key):
    period_id = window.context.ledger.scalar("SELECT id FROM periods WHERE key = ?", (key,))
    window.period_combo.setCurrentIndex(window.period_combo.findData(period_id))
    return period_id


def open_unit_page(window, unit=UNIT, period="2026Q3"):
    page = window.show_page("unit")
    period_id = choose_period(window, period)
    page.select_unit(unit)
    unit_id = window.context.ledger.scalar("SELECT id FROM units WHERE name = ?", (unit,))
    return page, unit_id, period_id


def entry(ledger, task_id, unit_id, period_id):
    row = ledger.row("SELECT * FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                     (task_id, unit_id, period_id))
    return dict(row) if row else {}


def start_editing(qtbot, page, row, key):
    index = page.model.index(row, page.model.column_of(key))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    kind, name = (QComboBox, "choiceEditor") if key == "status" else (QLineEdit, "textEditor")
    editors = [w for w in page.table.findChildren(kind, name) if w.isVisible()]
    assert len(editors) == 1
    return editors[0]


def press_enter(qtbot, page, editor):
    """Enter in a cell editor commits on the next turn of the event loop (Qt queues it)."""
    from PySide6.QtWidgets import QAbstractItemView

    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState, timeout=2000)


def test_checklist_shows_every_task_of_the_unit(window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    expected = demo_ledger.scalar("SELECT COUNT(*) FROM task_units WHERE unit_id = ?", (unit_id,))
    assert page.model.rowCount() == expected > 0
    first = page.model.row_at(0)
    assert page.model.index(0, page.model.column_of("role_label")).data() in ("牵头", "配合", "责任")
    assert first["title"] in page.detail.heading.text()
    assert "2026年第3季度" in page.summary.text()


def test_type_progress_in_chinese_then_enter_saves_and_moves_down(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    editor = start_editing(qtbot, page, 0, "progress")
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_chinese(editor, "召开推进会两次,完成企业走访30家")
    press_enter(qtbot, page, editor)
    task_id = page.model.row_at(0)["task_id"]
    assert entry(demo_ledger, task_id, unit_id, period_id)["progress"] == "召开推进会两次,完成企业走访30家"
    assert page.table.currentIndex().row() == 1, "Enter moves down, as in a spreadsheet"
    assert page.model.index(0, page.model.column_of("progress")).data() == "召开推进会两次,完成企业走访30家"
    last = audit_rows(demo_ledger, "progress")[-1]
    assert (last["new"], last["source"], last["actor"], last["task_id"]) == (
        "召开推进会两次,完成企业走访30家", "窗口", "测试员", task_id)


def test_typing_chinese_on_a_cell_replaces_its_text_as_in_a_spreadsheet(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(3, page.model.column_of("progress")))
    type_chinese(page.table, "已完成年度目标")
    editors = [w for w in page.table.findChildren(QLineEdit, "textEditor") if w.isVisible()]
    assert len(editors) == 1 and editors[0].text() == "已完成年度目标"
    press_enter(qtbot, page, editors[0])
    assert entry(demo_ledger, page.model.row_at(3)["task_id"], unit_id, period_id)["progress"] == "已完成年度目标"


def test_typing_a_digit_on_a_percent_cell_replaces_it(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, page.model.column_of("percent")))
    qtbot.keyClicks(page.table, "7")
    editor = [w for w in page.table.findChildren(QLineEdit, "textEditor") if w.isVisible()][0]
    qtbot.keyClicks(editor, "0")
    press_enter(qtbot, page, editor)
    assert entry(demo_ledger, page.model.row_at(2)["task_id"], unit_id, period_id)["percent"] == 70


def test_tab_moves_right_while_editing(qtbot, window):
    page, _, _ = open_unit_page(window)
    editor = start_editing(qtbot, page, 2, "percent")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert page.table.currentIndex().column() == page.model.column_of("progress")
    assert page.table.currentIndex().row() == 2


def test_change_status_then_undo_and_redo_through_the_edit_menu(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    row = page.model.row_at(1)
    before = row["status"]
    new = "滞后" if before != "滞后" else "推进中"
    combo = start_editing(qtbot, page, 1, "status")
    assert [combo.itemText(i) for i in range(combo.count())] == ["未启动", "推进中", "已完成", "滞后"]
    combo.setCurrentIndex(combo.findText(new))
    combo.activated.emit(combo.currentIndex())
    assert entry(demo_ledger, row["task_id"], unit_id, period_id)["status"] == new
    assert page.model.index(1, page.model.column_of("status")).data() == new
    audits_after_edit = len(audit_rows(demo_ledger, "status"))

    assert window.undo_action.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert entry(demo_ledger, row["task_id"], unit_id, period_id)["status"] == before
    assert page.model.index(1, page.model.column_of("status")).data() == before
    undo_audit = audit_rows(demo_ledger, "status")
    assert len(undo_audit) == audits_after_edit + 1
    assert (undo_audit[-1]["old"], undo_audit[-1]["new"]) == (new, before)

    window.redo_action.trigger()
    assert entry(demo_ledger, row["task_id"], unit_id, period_id)["status"] == new
    assert len(audit_rows(demo_ledger, "status")) == audits_after_edit + 2


def test_bad_percent_is_refused_with_the_chinese_message_and_keeps_the_old_value(qtbot, window, demo_ledger,
                                                                              message_boxes):
    page, unit_id, period_id = open_unit_page(window)
    row = page.model.row_at(0)
    old = entry(demo_ledger, row["task_id"], unit_id, period_id).get("percent")
    column = page.model.column_of("percent")
    shown_before = page.model.index(0, column).data()
    for typed in ("八十", "120"):
        editor = start_editing(qtbot, page, 0, "percent")
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        if typed.isascii():
            qtbot.keyClicks(editor, typed)
        else:
            type_chinese(editor, typed)
        press_enter(qtbot, page, editor)
        kind, _title, text = message_boxes[-1]
        assert kind == "warning"
        assert f"“{typed}”不是0到100之间的数字" in text and "完成进度" in text
        assert entry(demo_ledger, row["task_id"], unit_id, period_id).get("percent") == old
        assert page.model.index(0, column).data() == shown_before
    assert not window.undo_action.isEnabled(), "a refused edit leaves nothing to undo"


def test_percent_typed_full_width_is_accepted(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    editor = start_editing(qtbot, page, 0, "percent")
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_chinese(editor, "６５")
    press_enter(qtbot, page, editor)
    assert entry(demo_ledger, page.model.row_at(0)["task_id"], unit_id, period_id)["percent"] == 65
    assert page.model.index(0, page.model.column_of("percent")).data() == "65%"


def test_detail_panel_saves_long_text_after_a_pause(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    page.table.setCurrentIndex(page.model.index(3, 0))
    task_id = page.model.row_at(3)["task_id"]
    problems = page.detail.texts["problems"]
    problems.setFocus()
    problems.selectAll()
    type_chinese(problems, "部分企业资料提交不及时\n需要乡镇督促")
    qtbot.waitUntil(lambda: entry(demo_ledger, task_id, unit_id, period_id).get("problems")
                    == "部分企业资料提交不及时\n需要乡镇督促", timeout=4000)
    assert page.model.index(3, page.model.column_of("problems")).data().startswith("部分企业资料提交不及时")
    window.undo_action.trigger()
    assert entry(demo_ledger, task_id, unit_id, period_id).get("problems") != "部分企业资料提交不及时\n需要乡镇督促"


def test_text_typed_before_switching_period_is_saved_to_the_period_it_was_typed_for(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    page.table.setCurrentIndex(page.model.index(0, 0))
    task_id = page.model.row_at(0)["task_id"]
    edit = page.detail.texts["next_steps"]
    edit.selectAll()
    type_chinese(edit, "下季度组织第二次培训")
    earlier = choose_period(window, "2026Q1")  # before the pause-save fires
    assert entry(demo_ledger, task_id, unit_id, period_id)["next_steps"] == "下季度组织第二次培训"
    assert entry(demo_ledger, task_id, unit_id, earlier).get("next_steps") != "下季度组织第二次培训"
    assert page.detail.texts["next_steps"].toPlainText() != "下季度组织第二次培训"


def test_attach_evidence_by_dialog_and_by_drop_then_open_and_remove(qtbot, window, demo_ledger, tmp_path,
                                                                   monkeypatch, message_boxes):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    page, unit_id, period_id = open_unit_page(window)
    page.table.setCurrentIndex(page.model.index(0, 0))
    scan = tmp_path / "会议纪要扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 minutes")
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(scan)], "")))
    qtbot.mouseClick(page.detail.add_button, Qt.MouseButton.LeftButton)
    listed = [page.detail.evidence.item(i).text() for i in range(page.detail.evidence.count())]
    assert any(text.startswith("会议纪要扫描件.pdf") for text in listed)

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    page.detail.dropEvent(drop)
    assert page.detail.evidence.count() == 2
    assert page.model.index(0, page.model.column_of("evidence_count")).data() == "2个"
    task_id = page.model.row_at(0)["task_id"]
    stored = demo_ledger.rows("SELECT original_name FROM evidence WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                              (task_id, unit_id, period_id))
    assert sorted(r[0] for r in stored) == ["会议纪要扫描件.pdf", "现场照片.jpg"]

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    page.detail.evidence.setCurrentRow(0)
    qtbot.mouseClick(page.detail.open_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].toLocalFile().endswith("会议纪要扫描件.pdf")
    with open(opened[0].toLocalFile(), "rb") as handle:
        assert handle.read() == b"%PDF-1.4 minutes"

    page.detail.evidence.setCurrentRow(1)
    qtbot.mouseClick(page.detail.remove_button, Qt.MouseButton.LeftButton)
    assert message_boxes[-1][0] == "question"
    assert page.detail.evidence.count() == 1


def test_closed_period_is_read_only_with_a_banner(qtbot, window, demo_ledger):
    from db.periods import set_period_state

    period_id = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2026Q1'")
    set_period_state(demo_ledger, period_id, "closed")
    window.refresh_choosers()
    page, _, _ = open_unit_page(window, period="2026Q1")
    assert page.banner.isVisible() and "已关闭" in page.banner.text()
    index = page.model.index(0, page.model.column_of("status"))
    assert not (page.model.flags(index) & Qt.ItemFlag.ItemIsEditable)
    assert page.detail.texts["progress"].isReadOnly()
    assert not page.detail.add_button.isEnabled()
    choose_period(window, "2026Q3")
    assert not page.banner.isVisible()
    assert page.model.flags(page.model.index(0, page.model.column_of("status"))) & Qt.ItemFlag.ItemIsEditable


def test_unit_combo_finds_units_by_any_part_of_the_name(window):
    page = window.show_page("unit")
    completer = page.unit_combo.completer()
    completer.setCompletionPrefix("知识产权局")
    matches = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "市市场监督管理局〔知识产权局〕" in matches


def test_all_entries_tab_lists_and_filters_every_entry(qtbot, window, demo_ledger):
    page, unit_id, period_id = open_unit_page(window)
    page.tabs.setCurrentWidget(page.all_entries)
    view = page.all_entries
    assert view.model is not None
    assert view.model.wait_loaded()
    # one period selector: the tab lists the window's 报告期 and has no unit or period chooser of its own; the
    # page's 填报单位 chooser and its unit's review bar step aside while the tab lists every unit
    assert not page.unit_combo.isVisible() and not page.review_bar.isVisible()
    assert not view.findChildren(QComboBox, "entriesPeriodFilter") and not view.findChildren(QComboBox,
                                                                                             "entriesUnitFilter")
    in_period = demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE period_id = ?", (period_id,))
    assert view.model.rowCount() == in_period and f"共 {in_period:,} 条" in view.count_label.text()
    assert window.period_combo.currentText().startswith(view.period_label.text().removeprefix("报告期："))
    other = window.period_combo.findData(period_id) - 1
    window.period_combo.setCurrentIndex(other)                 # the window's chooser governs the tab
    assert view.model.wait_loaded()
    other_id = window.period_combo.itemData(other)
    assert view.model.rowCount() == demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE period_id = ?",
                                                       (other_id,))
    assert {view.model.row_data(r)["period_id"] for r in range(view.model.rowCount())} <= {other_id}
    view.all_periods.setChecked(True)
    assert view.model.wait_loaded()
    total = demo_ledger.scalar("SELECT COUNT(*) FROM progress")
    assert view.model.rowCount() == total and f"共 {total:,} 条" in view.count_label.text()


def test_checklist_model_passes_qtmodeltester(qtmodeltester, window):
    page, _, _ = open_unit_page(window)
    qtmodeltester.check(page.model)


def test_double_click_in_all_entries_opens_that_entry_in_the_checklist(qtbot, window, demo_ledger):
    page, _, _ = open_unit_page(window)
    page.tabs.setCurrentWidget(page.all_entries)
    view = page.all_entries
    assert view.model.wait_loaded()
    target = view.model.row_data(5)
    view.table.doubleClicked.emit(view.model.index(5, 0))
    assert page.tabs.currentIndex() == 0
    assert page.unit_id == target["unit_id"] and window.context.period_id == target["period_id"]
    assert window.period_combo.currentData() == target["period_id"]
    assert page.unit_combo.currentData() == target["unit_id"]
    assert page.current_entry()["task_id"] == target["task_id"]


def test_status_drop_down_opens_and_keyboard_picks_from_it(qtbot, window, demo_ledger):
    from db.vocabulary import STATUSES

    page, unit_id, period_id = open_unit_page(window)
    row = page.model.row_at(4)
    combo = start_editing(qtbot, page, 4, "status")
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=2000)
    current = STATUSES.index(row["status"]) if row["status"] in STATUSES else 0
    expected = STATUSES[(current + 1) % len(STATUSES)] if current + 1 < len(STATUSES) else STATUSES[current - 1]
    key = Qt.Key.Key_Down if current + 1 < len(STATUSES) else Qt.Key.Key_Up
    qtbot.keyClick(combo.view(), key)
    assert entry(demo_ledger, row["task_id"], unit_id, period_id)["status"] == row["status"], "browsing saves nothing"
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: entry(demo_ledger, row["task_id"], unit_id, period_id)["status"] == expected, timeout=2000)
    assert page.table.currentIndex().row() == 5


def test_all_entries_paint_statuses_in_the_checklists_colours(qtbot, window):
    from PySide6.QtCore import Qt

    page, _, _ = open_unit_page(window)
    page.tabs.setCurrentWidget(page.all_entries)
    model = page.all_entries.model
    assert model.wait_loaded()
    status_column = next(i for i, c in enumerate(model.columns) if c.key == "status")
    checklist_column = page.model.column_of("status")
    window_colour = {page.model.index(r, checklist_column).data(): page.model.index(r, checklist_column).data(
        Qt.ItemDataRole.ForegroundRole).color().name() for r in range(page.model.rowCount())}
    seen = 0
    for row in range(min(model.rowCount(), 200)):
        index = model.index(row, status_column)
        if index.data() in window_colour:
            assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == window_colour[index.data()]
            seen += 1
    assert seen > 0


def test_a_plan_without_periods_says_what_to_do_instead_of_zero_tasks(qtbot, ledger):
    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store_plan(ledger, {"title": "某某县工作方案", "tasks": [
        {"number": "1", "title": "加强专利培育", "text": "", "section": "一、重点任务", "lead_units": ["县科技局"]}]})
    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("unit")
    assert not page.banner.isHidden() and "报告期管理" in page.banner.text()
    assert "承担 0 项任务" not in page.summary.text()


def test_the_detail_panel_labels_use_full_width_punctuation(window):
    from PySide6.QtWidgets import QLabel

    page, _, _ = open_unit_page(window)
    labels = [label.text() for label in page.detail.findChildren(QLabel)]
    assert "完成进度（%）：" in labels and "进展情况：" in labels and "联系电话：" in labels
    assert not [text for text in labels if text.endswith(":") or "(%)" in text]


def test_form_dialog_labels_end_with_a_full_width_colon(qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.dialogs.form_dialog import Field, FormDialog

    dialog = FormDialog("编辑单位", [Field("name", "单位名称"), Field("phone", "联系电话")])
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "单位名称：" in labels and "联系电话：" in labels and not [t for t in labels if t.endswith(":")]
