"""Merging units: the dialog starts with no unit chosen, the confirmation says what will move (counted by
db.units.merge_preview), and merging the bureau itself is asked twice."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMessageBox

from db.units import find_unit, is_bureau_unit, merge_preview


def test_preview_counts_tasks_entries_and_aliases_without_changing_anything(demo_ledger):
    keep, gone = find_unit(demo_ledger, "市科技局"), find_unit(demo_ledger, "人行")
    tasks = demo_ledger.scalar("SELECT COUNT(*) FROM task_units WHERE unit_id = ?", (gone,))
    entries = demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE unit_id = ?", (gone,))
    preview = merge_preview(demo_ledger, keep, gone)
    assert (preview.tasks, preview.entries, preview.aliases) == (tasks, entries, 2)   # its name and the plan's 人行
    assert f"移动任务分工{tasks}项、填报记录{entries}条、别名2个" in preview.text()
    assert not preview.merges_bureau
    assert demo_ledger.scalar("SELECT COUNT(*) FROM progress WHERE unit_id = ?", (gone,)) == entries
    bureau = find_unit(demo_ledger, "市市场监督管理局〔知识产权局〕")
    assert is_bureau_unit(demo_ledger, bureau) and merge_preview(demo_ledger, keep, bureau).merges_bureau


def _open_merge_dialog(window, monkeypatch, answer):
    from ui.dialogs.form_dialog import FormDialog

    seen = {}

    def fake_exec(dialog):
        seen["start"] = [dialog.widgets[k].currentText() for k in ("keep_id", "merge_id")]
        answer(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fake_exec)
    page = window.show_page("units")
    page.select(page.model.row_at(0)["id"])           # a row is selected: the dialog still starts empty
    page.buttons["merge"].click()
    return seen


def _choose(dialog, keep, merge):
    for key, unit in (("keep_id", keep), ("merge_id", merge)):
        combo: QComboBox = dialog.widgets[key]
        combo.setCurrentIndex(combo.findData(unit))


def test_dialog_starts_with_no_unit_chosen_and_refuses_to_guess(window, demo_ledger, monkeypatch, message_boxes):
    before = demo_ledger.scalar("SELECT COUNT(*) FROM units")
    seen = _open_merge_dialog(window, monkeypatch, lambda dialog: None)
    assert seen["start"] == ["（请选择单位）", "（请选择单位）"]
    assert message_boxes[-1][0] == "warning" and "请分别选择" in message_boxes[-1][2]
    assert demo_ledger.scalar("SELECT COUNT(*) FROM units") == before


def test_merging_the_bureau_is_asked_twice(window, demo_ledger, monkeypatch):
    bureau, keep = find_unit(demo_ledger, "市市场监督管理局〔知识产权局〕"), find_unit(demo_ledger, "市科技局")
    questions = []

    def answers(*replies):
        queue = list(replies)

        def question(parent, title, text, *args, **kwargs):
            questions.append((title, text))
            return queue.pop(0)
        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answers(yes, no)                                   # first yes, then no on the second question
    _open_merge_dialog(window, monkeypatch, lambda dialog: _choose(dialog, keep, bureau))
    assert len(questions) == 2 and "本局" in questions[1][1] and "再次确认" in questions[1][0]
    assert demo_ledger.scalar("SELECT id FROM units WHERE id = ?", (bureau,)) == bureau   # nothing merged

    questions.clear()
    answers(yes)                                       # an ordinary unit: asked once
    other = find_unit(demo_ledger, "市财政局")
    _open_merge_dialog(window, monkeypatch, lambda dialog: _choose(dialog, keep, other))
    assert len(questions) == 1 and "移动任务分工" in questions[0][1]
    assert demo_ledger.scalar("SELECT id FROM units WHERE id = ?", (other,)) is None
