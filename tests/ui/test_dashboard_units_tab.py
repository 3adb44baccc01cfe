"""首页概览 · 单位填报: a unit that has not reported this period never shows a blue 已完成; each unit's light is its
worst task's, and the tooltip says so; a unit that sent last period's answers back untouched is 已报·无变化."""
from __future__ import annotations

from reports.returns_reader import import_return
from tests.reports.returns_fixtures import fill, issue


def _dashboard_on(window, qtbot, key):
    page = window.show_page("dashboard")
    period_id = window.context.ledger.scalar("SELECT id FROM periods WHERE key = ?", (key,))
    window.period_combo.setCurrentIndex(window.period_combo.findData(period_id))
    qtbot.waitUntil(lambda: key[:4] in page.heading.text() and not page.loading, timeout=10000)
    page.tabs.setCurrentWidget(page.units)
    return page


def _rows(page):
    table = page.units.table
    return {table.item(r, 1).text(): (table.item(r, 0).text(), table.item(r, 0).toolTip(), table.item(r, 3).text())
            for r in range(table.rowCount())}


def test_no_blue_light_for_a_unit_that_has_not_reported(window, qtbot):
    page = _dashboard_on(window, qtbot, "2026Q4")       # nobody has reported 2026Q4 yet
    rows = _rows(page)
    assert rows and all(light != "已完成" for light, _tip, _state in rows.values())
    light, tip, state = rows["市科技局"]
    assert state == "未填报" and "本期尚未填报" in tip
    assert "单位灯取其承担任务中最差的一盏" in tip


def test_untouched_return_is_named_apart_on_the_units_tab(window, qtbot, tmp_path):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局", period="2026Q4")
    import_return(ledger, fill(form, tmp_path / form.name))
    page = _dashboard_on(window, qtbot, "2026Q4")
    light, tip, state = _rows(page)["市科技局"]
    table = page.units.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "市科技局")
    assert state == "已报·无变化" and light != "已完成"
    assert "与上期相同" in table.item(row, 1).toolTip()
    assert "其中已报·无变化 6 条" in page.rate_label.text()
