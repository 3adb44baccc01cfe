"""汇总 mode as the city clerk uses it: the roll-up ledger opens on 各县概览; clicking a county shows its plan
read-only; dropped packages are verified and imported in a worker; the 通报 is exported as PDF."""
from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from tests.conftest import FixedClock
from tests.rollup.fixtures import PERIOD, _rollup_world_template, export, rollup_world, tamper  # noqa: F401

SCREENSHOTS = None   # set IPLEDGER_SCREENSHOTS=folder to keep the pictures


@pytest.fixture
def city_window(qtbot, rollup_world):
    from db.ledger import Ledger
    from ui.context import AppContext
    from ui.main_window import MainWindow

    ledger = Ledger.open(rollup_world.city, actor="市局", clock=FixedClock(datetime(2026, 10, 28, 10, 0)))
    window = MainWindow(AppContext(ledger))
    qtbot.addWidget(window)
    window.resize(1366, 820)
    window.show()
    window.show_page(window.page_names()[0])
    yield window
    ledger.close()


def drop_files(widget, paths) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)
    assert event.isAccepted()


def _shot(widget, name):
    import os

    folder = os.environ.get("IPLEDGER_SCREENSHOTS")
    if folder:
        widget.grab().save(f"{folder}/{name}.png")


def test_a_rollup_ledger_opens_in_rollup_mode_on_the_county_overview(city_window, qtbot):
    assert city_window.page_names() == ["counties", "city_indicators", "bulletin", "packages"]
    assert city_window.findChild(type(city_window.rollup_period_combo), "rollupPeriodCombo").currentText() \
        == "2026年第3季度"
    assert not city_window.plan_combo.isVisible()
    assert "泰州市汇总台账" in city_window.windowTitle()
    qtbot.wait(10)
    shown = [a.text() for m in city_window.menuBar().actions() for a in m.menu().actions() if a.isVisible()]
    assert not any(text.startswith(("导入方案", "报告期管理")) for text in shown) and "立即备份" in shown
    page = city_window.page("counties")
    names = [row["name"] for row in page.model.rows]
    assert sorted(names) == ["兴化市", "泰兴市", "靖江市"]
    late = page.model.rows[names.index("靖江市")]
    column = page.model.column_of("reported_text")
    assert page.model.index(names.index("靖江市"), column).data() == "逾期10天报送" and late["days_late"] == 10
    assert "已报送3个 / 共3个，其中逾期1个" in page.summary.text()
    _shot(city_window, "rollup_overview")


def test_clicking_a_county_shows_its_tasks_units_and_targets_read_only(city_window, qtbot):
    page = city_window.page("counties")
    page.select_county("泰兴市")
    panel = page.panel
    assert "泰兴市" in panel.header.text() and "只读" in panel.header.text()
    assert panel.tasks.rowCount() == 13
    titles = [row["title"] for row in panel.tasks.rows]
    assert "实施高价值专利培育工程" in titles
    red = [row for row in panel.tasks.rows if row["light_label"] == "红灯"]
    assert {row["number"] for row in red} == {"4", "9", "11", "12", "13"}
    assert panel.units.rowCount() > 5 and panel.targets.rowCount() == 16
    assert not (panel.tasks.flags(panel.tasks.index(0, 1)) & panel.tasks.flags(panel.tasks.index(0, 1)).ItemIsEditable)
    panel.tabs.setCurrentIndex(3)
    assert [row["state_label"] for row in panel.history.rows] == ["当前"]
    panel.tabs.setCurrentIndex(0)
    _shot(city_window, "rollup_county")


def test_dropped_packages_are_verified_and_imported_in_a_worker(city_window, qtbot, rollup_world, tmp_path):
    resent = export(rollup_world.counties["兴化市"], tmp_path / "兴化市_再报.ipkg", datetime(2026, 10, 12, 9, 0))
    forged = tamper(resent, tmp_path / "兴化市_改动.ipkg", "data.json",
                    lambda d: d["figures"]["status"]["lights"].update(red=0))
    page = city_window.show_page("packages")
    drop_files(page, [forged, resent])         # the clerk drops both files on the page at once
    qtbot.waitUntil(lambda: page.results.rowCount() == 2, timeout=15000)
    verdicts = [page.results.item(row, 1).text() for row in range(2)]
    assert verdicts == ["已拒绝", "已替换旧版本"]
    assert "data.json" in page.details.toPlainText() and "签名后被改动" in page.details.toPlainText()
    states = sorted((row["county"], row["state_label"]) for row in page.history.rows if row["county"] == "兴化市")
    assert states == [("兴化市", "已被替换"), ("兴化市", "当前")]
    _shot(city_window, "rollup_packages")


def test_received_packages_read_periods_and_times_in_chinese(city_window, qtbot):
    """已收到的数据包 and a county's 报送记录: 2026年第3季度 and 2026年10月12日 09:00, not 2026Q3 and ISO times."""
    page = city_window.show_page("packages")
    model = page.history_view.model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    period, created = columns.index("报告期"), columns.index("生成时间")
    shown = [(model.index(r, period).data(), model.index(r, created).data()) for r in range(model.rowCount())]
    assert shown and all(p == "2026年第3季度" and "年" in c and "-" not in c for p, c in shown), shown
    overview = city_window.show_page("counties")
    overview.select_county("泰兴市")
    panel = overview.panel
    texts = [panel.history_view.model().index(0, c).data() for c in range(2)]
    assert texts[0] == "2026年第3季度" and "月" in texts[1]
    targets = panel.targets_view.model()
    column = [targets.headerData(c, Qt.Orientation.Horizontal) for c in range(targets.columnCount())].index("报告期")
    shown = {targets.index(r, column).data() for r in range(targets.rowCount())} - {""}
    assert shown and all("年" in text for text in shown), shown      # the latest value's period by name


def test_the_bulletin_ranks_counties_and_exports_a_pdf(city_window, qtbot, monkeypatch, tmp_path):
    page = city_window.show_page("bulletin")
    names = [row["values"][1] for row in page.model.rows]
    assert names[-1] == "靖江市" and page.model.rows[-1]["values"][2] == "逾期10天"
    _shot(city_window, "rollup_bulletin")
    out = tmp_path / "通报.pdf"
    monkeypatch.setattr(page, "choose_file", lambda *args: str(out))
    page.buttons["exportBulletinPdf"].click()
    qtbot.waitUntil(lambda: page.last_written is not None, timeout=30000)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        assert "泰州市各县（市、区）" in text and "通报" in text and "靖江市" in text and "逾期10天" in text


def test_the_city_indicator_table_sums_counts_but_not_rates(city_window):
    page = city_window.show_page("city_indicators")
    rows = {row["name"]: row for row in page.model.rows}
    assert rows["有效发明专利量"]["counties"] == 3 and rows["有效发明专利量"]["total"] not in ("", "不宜加总")
    assert rows["高企贯标备案率"]["total"] == "不宜加总"
    assert rows["万人发明专利拥有量"]["total"] == "不宜加总"
    _shot(city_window, "rollup_indicators")


def test_the_county_makes_its_signed_package_from_the_returns_page(window, qtbot, monkeypatch, tmp_path):
    from reports.package_read import read_package

    page = window.show_page("returns")
    target = tmp_path / "泰兴市_数据包.ipkg"
    monkeypatch.setattr("ui.package_export.choose_package_file", lambda parent, suggested: str(target))
    page.package_button.click()
    qtbot.waitUntil(lambda: getattr(page, "last_package", None) is not None, timeout=15000)
    report = read_package(target)
    assert report.verdict == "would-apply" and report.county == "泰兴市"
    assert report.period == window.context.ledger.scalar("SELECT key FROM periods WHERE id = ?",
                                                         (window.context.period_id,))
    assert window.context.ledger.scalar("SELECT COUNT(*) FROM package_keys") == 1   # the key, made once


def test_a_changed_key_is_refused_then_accepted_after_the_clerk_confirms(city_window, qtbot, _demo_template,
                                                                         tmp_path, message_boxes):
    from tests.rollup.fixtures import make_county

    rebuilt = make_county(_demo_template, tmp_path, "靖江市", "321282")     # the county rebuilt its ledger
    package = export(rebuilt, tmp_path / "靖江市_新台账.ipkg", datetime(2026, 10, 26, 9, 0))
    page = city_window.show_page("packages")
    page.import_files([package])
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=15000)
    assert page.results.item(0, 1).text() == "已拒绝" and page.accept_key.isEnabled()
    assert "SHA256:" in page.details.toPlainText()
    page.accept_key.click()
    qtbot.waitUntil(lambda: page.results.item(0, 1).text() != "已拒绝", timeout=15000)
    assert page.results.rowCount() == 1 and page.results.item(0, 1).text() == "已替换旧版本"
    assert any(kind == "question" and "核实" in text for kind, _title, text in message_boxes)
    assert "已按要求接受“靖江市”的新签名公钥" in page.details.toPlainText()
