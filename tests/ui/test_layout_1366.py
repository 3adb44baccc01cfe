"""At 1366×768 (a common office laptop) nothing a clerk needs is cut off: the checklist's 下步计划 column, the
报告期管理 list, the dashboard's reporting words; the timeline names quarters 一季度…四季度 and its 今天 line never
runs through a label."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox

from tests.ui.test_unit_page import open_unit_page


def _fully_visible(table, column: int) -> bool:
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return left >= 0 and left + header.sectionSize(column) <= table.viewport().width() + 1


def test_the_checklist_shows_every_text_column_whole_at_1366x768(window, qtbot):
    window.resize(1366, 768)
    page, _, _ = open_unit_page(window)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    for key in ("progress", "problems", "next_steps", "evidence_count"):
        column = page.model.column_of(key)
        assert _fully_visible(page.table, column), key
    assert page.table.columnWidth(page.model.column_of("next_steps")) >= 100
    assert not page.table.horizontalScrollBar().isVisible()


def test_the_periods_list_is_tall_and_whole(window, qtbot):
    from ui.periods_dialog import PeriodsDialog

    window.resize(1366, 768)
    dialog = PeriodsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= 768
    assert dialog.table.height() >= 24 * 10
    assert all(_fully_visible(dialog.table, column) for column in range(dialog.table.columnCount()))
    state = dialog.table.item(0, 6)
    assert state.text() in ("开放", "已关闭")
    assert "年" in dialog.table.item(0, 3).text() and "-" not in dialog.table.item(0, 3).text()   # 2024年4月1日
    assert dialog.due_edit.displayFormat() == "yyyy年M月d日"


def test_the_reporting_words_are_not_painted_across_the_bar(window, qtbot):
    window.resize(1366, 768)
    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not dashboard.loading and dashboard.rate_text.text() != "", timeout=10000)
    assert not dashboard.rate_bar.isTextVisible()
    text = dashboard.rate_text.text()
    assert text.startswith("已报齐 ") and text == dashboard.rate_bar.format()
    assert dashboard.rate_text.fontMetrics().horizontalAdvance(text) <= dashboard.rate_text.width()


def _timeline(today: date):
    from ui.widgets.timeline import TimelineWidget

    periods = [{"id": q, "key": f"2026Q{q}", "name": f"2026年第{q}季度", "kind": "quarter",
                "start": date(2026, 3 * q - 2, 1).isoformat(), "end": date(2026, 3 * q, 28).isoformat(),
                "due": None, "state": "open"} for q in (1, 2, 3, 4)]
    phases = [{"name": "实施阶段", "start": "2026-01-01", "end": "2026-12-31"}]
    widget = TimelineWidget()
    widget.resize(1000, 74)
    widget.set_data(phases=phases, periods=periods, today=today, selected_period=3)
    return widget


def test_the_timeline_names_quarters_in_chinese_and_today_never_crosses_a_label(qtbot):
    for today in (date(2026, 8, 15), date(2026, 7, 1), date(2026, 2, 14), date(2026, 6, 30)):
        widget = _timeline(today)
        qtbot.addWidget(widget)
        widget.grab()                                   # paint
        labels = widget.label_rects()
        assert [text for text, _ in labels] == ["实施阶段", "一季度", "二季度", "三季度", "四季度"]
        x = widget.x_of(today)
        crossed = [text for text, box in labels if box.left() - 1 <= x <= box.right() + 1]
        assert crossed == [], f"the 今天 line at {today} crosses {crossed}"


def test_the_dashboard_timeline_on_the_demo_ledger(window, qtbot):
    window.resize(1366, 768)
    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=10000)
    timeline = dashboard.timeline
    timeline.grab()
    texts = [text for text, _ in timeline.label_rects()]
    assert "三季度" in texts and not any(t.startswith("Q") for t in texts)
    x = timeline.x_of(timeline.today)
    assert not [t for t, box in timeline.label_rects() if box.left() - 1 <= x <= box.right() + 1]


def test_the_returns_page_forms_follow_the_window_period(window):
    page = window.show_page("returns")
    assert page.findChild(QComboBox, "issuePeriod") is None
    assert page.issue_period.text().startswith(window.period_combo.currentText())
    window.period_combo.setCurrentIndex(0)
    assert page.issue_period.text().startswith(window.period_combo.currentText())


def test_period_names_are_chinese_where_a_clerk_reads_them(window, qtbot):
    import re

    page = window.show_page("indicators")
    column = page.model.column_of("latest")
    shown = [page.model.index(r, column).data() for r in range(page.model.rowCount())]
    assert any("（2026年第2季度）" in text for text in shown)
    assert not [text for text in shown if re.search(r"\d{4}(Q|H)\d", text)]        # never 2026Q2


def test_big_dialogs_and_the_window_open_within_the_screen(window, qtbot, monkeypatch):
    from PySide6.QtCore import QSettings

    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.plan_review.dialog import PlanReviewDialog
    from ui.screen_fit import MARGIN

    area = window.screen().availableGeometry()
    dialog = PlanReviewDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height() - MARGIN
    monkeypatch.setattr(QSettings, "value", lambda self, key, *args, **kwargs: None)   # first start: no geometry
    fresh = MainWindow(AppContext(window.context.ledger))
    assert fresh.minimumSizeHint().height() <= 728
    qtbot.addWidget(fresh)
    assert fresh.height() <= area.height() - MARGIN and fresh.width() <= area.width()


def test_the_plan_tree_shows_every_column_whole_at_1366x768(window, qtbot):
    window.resize(1366, 768)
    page = window.show_page("plan")
    tree, header = page.tree, page.tree.header()
    qtbot.waitUntil(lambda: tree.viewport().width() > 0)
    for column in range(1, header.count()):
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= tree.viewport().width() + 1, column
    assert header.sectionSize(0) >= 200                                      # titles still readable
