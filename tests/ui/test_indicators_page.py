"""指标填报: enter a target's actual value for the period; 3,500 and ３５００ accepted, 约3500 refused with the
reason; undo restores the old value; a closed period is read-only."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from tests.ui.helpers import type_chinese


def value_of(ledger, indicator_id, period_id):
    return ledger.scalar("SELECT value FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                         (indicator_id, period_id))


def enter(qtbot, page, row, key, text):
    index = page.model.index(row, page.model.column_of(key))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editors = [w for w in page.table.findChildren(QLineEdit, "textEditor") if w.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        type_chinese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState, timeout=2000)


def test_targets_show_baseline_target_latest_and_completion(window, demo_ledger):
    page = window.show_page("indicators")
    assert page.model.rowCount() == 16
    first = page.model.row_at(0)
    assert first["name"] == "有效发明专利量"
    assert page.model.index(0, page.model.column_of("target")).data() == "3500（2026年）"
    latest = demo_ledger.row("SELECT v.value, p.key, p.name FROM indicator_values v JOIN periods p ON p.id = v.period_id"
                             " WHERE v.indicator_id = ? AND v.value IS NOT NULL AND p.end <= '2026-09-30'"
                             " ORDER BY p.end DESC LIMIT 1", (first["id"],))
    assert page.model.index(0, page.model.column_of("latest")).data() == f"{latest['value']:g}（{latest['name']}）"
    assert page.model.index(0, page.model.column_of("rate")).data() == f"{latest['value'] / 3500 * 100:.1f}%"
    assert "共 16 项指标" in page.heading.text()


def test_numbers_with_commas_and_full_width_digits_are_accepted_vague_ones_refused(qtbot, window, demo_ledger,
                                                                                 message_boxes):
    page = window.show_page("indicators")
    period_id = window.context.period_id
    indicator_id = page.model.row_at(0)["id"]
    enter(qtbot, page, 0, "value", "3,500")
    assert value_of(demo_ledger, indicator_id, period_id) == 3500
    assert page.model.index(0, page.model.column_of("value")).data() == "3500"
    assert page.table.currentIndex().row() == 1, "Enter moves down"

    enter(qtbot, page, 0, "value", "３６００")
    assert value_of(demo_ledger, indicator_id, period_id) == 3600
    assert page.model.index(0, page.model.column_of("latest")).data().startswith("3600")

    enter(qtbot, page, 0, "value", "约3500")
    kind, _title, text = message_boxes[-1]
    assert kind == "warning"
    assert "“约3500”不是一个确切的数字" in text and "备注" in text
    assert value_of(demo_ledger, indicator_id, period_id) == 3600
    assert page.model.index(0, page.model.column_of("value")).data() == "3600"

    audit = demo_ledger.rows("SELECT old, new FROM audit WHERE entity = 'indicator_value' AND entity_id = ?"
                             " AND field = 'value' ORDER BY id", (indicator_id,))
    assert [(r["old"], r["new"]) for r in audit][-2:] == [(None, "3500"), ("3500", "3600")]

    window.undo_action.trigger()
    assert value_of(demo_ledger, indicator_id, period_id) == 3500
    window.undo_action.trigger()
    assert value_of(demo_ledger, indicator_id, period_id) is None
    window.redo_action.trigger()
    assert value_of(demo_ledger, indicator_id, period_id) == 3500


def test_note_is_saved_in_chinese(qtbot, window, demo_ledger):
    page = window.show_page("indicators")
    indicator_id = page.model.row_at(2)["id"]
    enter(qtbot, page, 2, "note", "按常住人口测算")
    assert demo_ledger.scalar("SELECT note FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                              (indicator_id, window.context.period_id)) == "按常住人口测算"


def test_closed_period_values_are_read_only(window, demo_ledger):
    from db.periods import set_period_state

    set_period_state(demo_ledger, window.context.period_id, "closed")
    page = window.show_page("indicators")
    page.refresh()
    assert page.banner.isVisible()
    index = page.model.index(0, page.model.column_of("value"))
    assert not (page.model.flags(index) & Qt.ItemFlag.ItemIsEditable)


def test_indicator_model_passes_qtmodeltester(qtmodeltester, window):
    page = window.show_page("indicators")
    qtmodeltester.check(page.model)


def test_a_target_reads_the_same_on_the_plan_page_and_the_indicators_page(window):
    plan_page = window.show_page("plan")
    plan_page.tabs.setCurrentWidget(plan_page.indicators_tab)
    plan_page.indicators_tab.refresh()
    values_page = window.show_page("indicators")

    def described(model):
        keys = [c.key for c in model.columns][:7]
        return [[model.index(r, model.column_of(k)).data() for k in keys] for r in range(model.rowCount())]

    listed = described(plan_page.indicators_tab.model)
    assert listed and listed == described(values_page.model)
    assert [c.header for c in plan_page.indicators_tab.model.columns][:7] == \
        ["类别", "指标名称", "计量单位", "基期值", "目标值", "比较", "累计"]


def test_a_plan_without_periods_lists_its_targets_read_only_and_says_what_to_do(qtbot, ledger):
    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store_plan(ledger, {"title": "某某县工作方案", "tasks": [{"number": "1", "title": "加强专利培育", "text": "",
                                                            "section": "一、重点任务"}],
                        "indicators": [{"name": "有效发明专利量", "unit": "件", "target": 1200, "target_year": 2027,
                                        "comparison": ">="}]})
    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("indicators")
    assert page.model.rowCount() == 1 and "共 1 项指标" in page.heading.text()
    assert page.model.index(0, page.model.column_of("name")).data() == "有效发明专利量"
    assert not page.model.flags(page.model.index(0, page.model.column_of("value"))) & Qt.ItemFlag.ItemIsEditable
    assert not page.banner.isHidden() and "报告期管理" in page.banner.text()


def test_a_closed_period_is_explained_alike_on_the_unit_and_indicators_pages(window, demo_ledger):
    from db.periods import set_period_state

    set_period_state(demo_ledger, window.context.period_id, "closed")
    texts = []
    for name in ("unit", "indicators"):
        page = window.show_page(name)
        page.refresh()
        texts.append(page.banner.text())
    assert all("已关闭" in t and "请由管理员重新开放该报告期" in t for t in texts)
    assert texts[0].replace("填报内容", "X") == texts[1].replace("指标数值", "X")
