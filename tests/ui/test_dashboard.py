"""The home page driven as a clerk would: lights, filters, search, click-through, 催报, periods dialog."""
import re
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle


@pytest.fixture
def dashboard(window, qtbot):
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.tasks.model.total() == 13)
    return page


def _numbers(page):
    model = page.tasks.model
    return [model.row_at(i).number for i in range(model.rowCount())]


def _type_chinese(widget, text):
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_dashboard_is_the_home_page_with_lights_and_reporting(window, dashboard):
    assert window.page_names()[0] == "dashboard"
    assert "2026年第3季度" in dashboard.heading.text()
    assert "2026年11月21日" in dashboard.as_of.text()
    assert dashboard.light_buttons["red"].text().endswith("红灯 5")
    assert dashboard.light_buttons["done"].text().endswith("已完成 8")
    assert dashboard.status_buttons["滞后"].text() == "滞后 2"
    assert dashboard.rate_bar.format() == "已报齐 11 个 / 应报 15 个"
    assert "15 个单位中，11 个已把本期的任务和指标全部报齐（73%）" in dashboard.rate_bar.toolTip()
    assert "逾期任务：4、9、11、12、13" in dashboard.overdue_label.text()
    assert dashboard.at_risk.table.rowCount() == 5
    reason = dashboard.at_risk.table.item(0, 3)       # the short reason, the whole explanation in the tooltip
    assert reason.text().startswith("逾期") and reason.text().endswith("天未完成") and "：" in reason.toolTip()


def test_filter_by_light_and_status(dashboard, qtbot):
    qtbot.mouseClick(dashboard.light_buttons["done"], Qt.MouseButton.LeftButton)
    assert sorted(_numbers(dashboard), key=int) == ["1", "2", "3", "5", "6", "7", "8", "10"]
    assert "筛选出 8 项" in dashboard.tasks.count_label.text()
    qtbot.mouseClick(dashboard.light_buttons["done"], Qt.MouseButton.LeftButton)   # again: filter off
    assert len(_numbers(dashboard)) == 13
    dashboard.tasks.status_combo.setCurrentIndex(dashboard.tasks.status_combo.findData("滞后"))
    assert sorted(_numbers(dashboard), key=int) == ["9", "11"]
    dashboard.tasks.light_combo.setCurrentIndex(dashboard.tasks.light_combo.findData("done"))
    assert _numbers(dashboard) == []
    qtbot.mouseClick(dashboard.tasks.clear_button, Qt.MouseButton.LeftButton)
    assert len(_numbers(dashboard)) == 13


def test_filter_by_unit_and_section(dashboard):
    tasks = dashboard.tasks
    tasks.unit_combo.setCurrentIndex(tasks.unit_combo.findText("市法院"))
    assert _numbers(dashboard) == ["10"]
    tasks.unit_combo.setCurrentIndex(0)
    index = next(i for i in range(tasks.section_combo.count()) if "强化知识产权立体保护" in tasks.section_combo.itemText(i))
    tasks.section_combo.setCurrentIndex(index)
    assert sorted(_numbers(dashboard), key=int) == ["10", "11"]


def test_search_ascii_and_chinese(dashboard, qtbot):
    search = dashboard.tasks.search
    qtbot.keyClicks(search, "13")
    qtbot.waitUntil(lambda: _numbers(dashboard) == ["13"], timeout=2000)
    search.clear()
    qtbot.waitUntil(lambda: len(_numbers(dashboard)) == 13, timeout=2000)
    _type_chinese(search, "人才培育")
    assert search.text() == "人才培育"
    qtbot.waitUntil(lambda: "13" in _numbers(dashboard) and len(_numbers(dashboard)) < 13, timeout=2000)
    search.clear()
    _type_chinese(search, "打击侵权")
    qtbot.waitUntil(lambda: _numbers(dashboard) == ["11"], timeout=2000)


def test_click_through_to_a_unit(window, dashboard, qtbot):
    dashboard.tabs.setCurrentWidget(dashboard.units)
    table = dashboard.units.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "园区")
    assert table.item(row, 3).text() == "未填报"
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    unit_page = window.pages["unit"]
    assert window.stack.currentWidget() is unit_page
    assert unit_page.unit_combo.currentText() == "园区"


def test_click_through_to_a_task(window, dashboard, qtbot):
    table = dashboard.at_risk.table
    rect = table.visualItemRect(table.item(0, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    plan_page = window.pages["plan"]
    assert window.stack.currentWidget() is plan_page
    task_id = window.context.ledger.scalar("SELECT id FROM tasks WHERE number = '4'")
    assert plan_page.selected_key() == ("task", task_id)


def test_target_bars_and_click_to_targets(window, dashboard, qtbot):
    bars = dashboard.targets.bars
    assert len(bars) == 16
    first = window.context.ledger.scalar("SELECT id FROM indicators WHERE name = '有效发明专利量'")
    assert "已达标" in bars[first].text and "已达标" in bars[first].toolTip()
    dashboard.tabs.setCurrentWidget(dashboard.targets)
    qtbot.mouseClick(bars[first], Qt.MouseButton.LeftButton)
    if "indicators" in window.page_names():
        page = window.pages["indicators"]
        assert window.stack.currentWidget() is page
        if hasattr(page, "table"):
            assert page.table.currentIndex().row() == page.model.row_of(first)


def test_chase_list_and_pdf_export(dashboard, qtbot, tmp_path, monkeypatch, message_boxes):
    chase = dashboard.chase
    assert chase.table.rowCount() == 4
    assert {chase.table.item(r, 0).text() for r in range(4)} == {"市农业农村局", "市自然资源和规划局", "园区", "市法院"}
    assert chase.table.item(0, 4).text() == "逾期47天"
    out = tmp_path / "催报单.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(chase.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(kind == "information" for kind, *_ in message_boxes), timeout=15000)
    assert out.exists() and out.read_bytes()[:4] == b"%PDF"
    xlsx = tmp_path / "催报单"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(xlsx), "")))
    qtbot.mouseClick(chase.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / "催报单.xlsx").exists(), timeout=15000)


def test_timeline_shows_phases_periods_and_today(dashboard):
    timeline = dashboard.timeline
    assert [p["name"] for p in timeline.phases] == ["启动阶段", "实施阶段", "评估阶段", "总结验收阶段"]
    assert len(timeline.periods) == 11 and timeline.today == date(2026, 11, 21)
    assert timeline.selected_period == dashboard.context.period_id
    assert 0 < timeline.x_of(timeline.today) < timeline.width()
    image = timeline.grab().toImage()
    x = int(timeline.x_of(timeline.today))
    assert any(image.pixelColor(x + dx, 30).red() > 200 and image.pixelColor(x + dx, 30).green() < 80
               for dx in (-1, 0, 1))          # today's red line is painted


def test_periods_dialog_adds_an_adhoc_period_and_changes_a_due_date(window, dashboard, qtbot):
    from PySide6.QtCore import QDate

    from ui.periods_dialog import PeriodsDialog

    dialog = PeriodsDialog(window.context, dashboard)
    qtbot.addWidget(dialog)
    assert dialog.rule_edit.text() == "期满后5日内" and dialog.kind_combo.currentData() == "quarter"
    assert dialog.table.rowCount() == 11
    assert dialog.generate() == {"created": [], "updated": []}
    dialog.adhoc_name.setText("2026年专项督查")
    dialog.adhoc_start.setDate(QDate(2026, 11, 1))
    dialog.adhoc_end.setDate(QDate(2026, 11, 30))
    dialog.adhoc_due.setDate(QDate(2026, 12, 5))
    period_id = dialog.add_adhoc()
    assert period_id and dialog.table.rowCount() == 12
    assert dialog.selected_period_id() == period_id
    dialog.due_edit.setDate(QDate(2026, 12, 8))
    qtbot.mouseClick(dialog.set_due_button, Qt.MouseButton.LeftButton)
    due = window.context.ledger.scalar("SELECT due FROM periods WHERE id = ?", (period_id,))
    assert due == "2026-12-08"
    assert window.period_combo.findData(period_id) >= 0       # the window's period chooser knows it
    dialog.rule_edit.setText("下个月")
    assert dialog.save_schedule() is False                     # refused with the Chinese explanation


def test_task_model_passes_the_model_tester_and_filters_10000_tasks_instantly(qtmodeltester):
    from ui.pages.dashboard_tasks import TaskFilter, TaskRow, TaskTableModel

    lights = ("red", "yellow", "green", "done")
    rows = [TaskRow(i, str(i), f"任务{i} 知识产权工作{i % 97}", ("二、重点任务", f"(第{i % 12}板块)"),
                    f"单位{i % 400}", frozenset({i % 400, (i * 7) % 400}), "推进中", float(i % 100), lights[i % 4],
                    "说明", date(2026, 6, 30), f"{i} 任务{i} 知识产权工作{i % 97} 单位{i % 400}".lower(), i)
            for i in range(10_000)]
    model = TaskTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    started = time.perf_counter()
    model.set_filter(TaskFilter(text="工作42", light="red"))
    model.set_filter(TaskFilter(unit_id=7, section="(第3板块)"))
    model.sort(5, Qt.SortOrder.DescendingOrder)
    elapsed = time.perf_counter() - started
    assert model.rowCount() > 0 and all(7 in model.row_at(i).unit_ids for i in range(model.rowCount()))
    assert elapsed < 0.25, f"filtering 10,000 tasks took {elapsed:.3f} s"


def test_many_qt_calls_do_not_kill_the_process(dashboard):
    """PySide6 6.12 on Python 3.11 drops a reference to None per void Qt call; the guard keeps None alive."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    for _ in range(20_000):
        label.setText("红灯")
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39


def test_choosing_another_period_recomputes(window, dashboard, qtbot):
    combo = window.period_combo
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith("2025年第3季度"))
    combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: "2025年第3季度" in dashboard.heading.text() and not dashboard.loading, timeout=10000)
    assert "2025年9月30日" in dashboard.as_of.text()        # an older period is judged on its last day
    assert dashboard.light_buttons["red"].text().endswith("红灯 0")
    assert dashboard.chase.table.rowCount() < 4


def test_clicking_a_period_on_the_timeline_chooses_it(window, dashboard, qtbot):
    timeline = dashboard.timeline
    period = next(p for p in timeline.periods if p["key"] == "2026Q2")
    center = timeline._period_rect(period).center().toPoint()
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(lambda: "2026年第2季度" in dashboard.heading.text() and not dashboard.loading, timeout=10000)
    assert window.context.period_id == period["id"]


def test_warning_days_from_the_periods_menu(window, dashboard, qtbot, monkeypatch):
    from ui.periods_dialog import PeriodsDialog

    assert window.periods_action.text().startswith("报告期管理")
    dialog = PeriodsDialog(window.context, dashboard)
    qtbot.addWidget(dialog)
    assert dialog.warning_spin.value() == 30
    dialog.warning_spin.setValue(200)
    assert dialog.save_schedule()
    assert window.context.ledger.setting("warning_days") == "200"
    assert window.context.ledger.row("SELECT new FROM audit WHERE field = 'warning_days'")[0] == "200"


def test_a_new_plan_without_periods_gets_them_from_the_dialog(qtbot, ledger, clock):
    """A plan just imported has no periods: the home page says so; generating them fills the page."""
    from datetime import datetime

    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.periods_dialog import PeriodsDialog

    clock.set(datetime(2025, 8, 10, 9, 0))
    store_plan(ledger, {"title": "某县知识产权强县建设工作方案(2025-2027年)", "date": "2025-03-01", "start_year": 2025,
                        "end_year": 2027, "tasks": [{"number": "1", "title": "任务一", "deadline": "年内完成",
                                                     "lead_units": ["县市场监管局"]}],
                        "phases": [{"name": "实施阶段", "start": "2025-03", "end": "2027-06"}]})
    window = MainWindow(AppContext(ledger))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("dashboard")
    assert page.heading.text() == "尚无方案或报告期" and page.periods_button.isEnabled()
    dialog = PeriodsDialog(window.context, page)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("half"))
    dialog.rule_edit.setText("期满后10日内")
    result = dialog.generate()
    assert result["created"] == ["2025H1", "2025H2", "2026H1", "2026H2", "2027H1", "2027H2"]
    assert window.context.period_id is not None
    assert "2025年上半年" in page.heading.text()          # the period being collected on 10 August 2025
    assert "2025年8月10日" in page.as_of.text() and "2025年7月10日" in page.as_of.text()
    # 年内完成, nothing reported, 61% of 2025 gone: behind schedule
    assert page.light_buttons["yellow"].text().endswith("黄灯 1")
    assert "未填报进度" in page.tasks.model.data(page.tasks.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert window.period_combo.currentText().startswith("2025年上半年")


def test_the_light_words_are_shown_whole_in_the_units_and_at_risk_lists(dashboard):
    for table in (dashboard.units.table, dashboard.at_risk.table):
        room = table.columnWidth(0) - table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) - 16
        for row in range(table.rowCount()):
            word = table.item(row, 0).text()
            assert table.fontMetrics().horizontalAdvance(word) <= room, f"“{word}”显示不全"
    words = {dashboard.units.table.item(r, 0).text() for r in range(dashboard.units.table.rowCount())}
    assert "已完成" in words


def test_a_unit_that_sent_part_of_its_return_is_named_beside_the_complete_count(window, dashboard, qtbot):
    """`ipledger status` and the progress report count every unit that sent anything; the card counts the complete
    ones (已报齐), so the units in between are named, and the two figures can be told apart."""
    from db.periods import get_period
    from db.summary import status_summary

    ledger = window.context.ledger
    period = get_period(ledger, window.context.plan_id, "2024Q3")
    combo = window.period_combo
    combo.setCurrentIndex(combo.findData(period["id"]))
    qtbot.waitUntil(lambda: "2024年第3季度" in dashboard.heading.text() and not dashboard.loading, timeout=10000)
    status = status_summary(ledger, window.context.plan_id, period["id"])
    complete, owing = map(int, re.fullmatch(r"已报齐 (\d+) 个 / 应报 (\d+) 个", dashboard.rate_bar.format()).groups())
    assert complete < owing
    partial = status["units_reported"] - complete
    assert partial == 1   # the demo's 2024Q3: every unit sent something, one of them not all of it
    assert f"{partial} 个单位未报全" in dashboard.rate_label.text()
    assert f"填报条目 {status['entries_reported']}/{status['entries_expected']}" in dashboard.rate_label.text()
