"""表格收发 as the clerk uses it: issue forms, drop returns, read errors and conflicts, accept file by file."""
from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from db.periods import get_period
from db.progress import record_progress
from db.units import find_unit
from reports import form_layout as L
from tests.reports.returns_fixtures import fill, issue, progress_of, task_keys


@pytest.fixture
def page(window, qtbot):
    page = window.show_page("returns")
    qtbot.waitExposed(page)
    return page


def _drop(page, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)


def _wait_checked(qtbot, page):
    qtbot.waitUntil(lambda: bool(page.files) and all(f.report is not None for f in page.files), timeout=20000)


def test_issue_forms_for_chosen_units(page, qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(page, "choose_folder", lambda: str(tmp_path / "下发"))
    monkeypatch.setattr(page, "open_folder", lambda folder: opened.append(folder))
    assert page.unit_list.count() == 15 and page.select_all.isChecked()
    page.select_all.click()                                   # none
    assert page.checked_unit_ids() == [] and not page.issue_button.isEnabled()
    for index in range(page.unit_list.count()):
        item = page.unit_list.item(index)
        if item.text().startswith(("市科技局", "市财政局")):
            item.setCheckState(Qt.CheckState.Checked)
    assert "已选择 2 / 15" in page.issue_status.text()
    page.issue_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    names = sorted(p.name for p in (tmp_path / "下发").iterdir())
    assert names == ["2026年第3季度_市科技局_进展填报表.xlsx", "2026年第3季度_市财政局_进展填报表.xlsx"]
    assert opened == [tmp_path / "下发"] and "已生成 2 个填报表" in page.issue_status.text()


def test_drop_returns_see_verdicts_and_accept(page, qtbot, tmp_path, window, message_boxes):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    good = fill(form, tmp_path / "科技局报回.xlsx", tasks={key: {"status": "已完成", "percent": 100}})
    bad = fill(form, tmp_path / "科技局错表.xlsx", tasks={key: {"percent": "八十"}})
    _drop(page, [good, bad])
    assert page.tabs.currentIndex() == 1
    _wait_checked(qtbot, page)
    table = page.file_table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())}
    # the period reads as everywhere else in the window, not as its key
    assert rows["科技局报回.xlsx"][1:4] == ["可导入", "市科技局", "2026年第3季度"] and rows["科技局报回.xlsx"][5] == "1"
    assert rows["科技局错表.xlsx"][1] == "已拒绝"

    table.selectRow(1)
    assert "“八十”不是0到100之间的数字" in page.details.toPlainText()
    assert "第" in page.details.toPlainText() and "完成进度" in page.details.toPlainText()
    assert not page.accept_button.isEnabled()

    table.selectRow(0)
    assert page.accept_button.isEnabled()
    page.accept_button.click()
    assert progress_of(ledger, int(key[1:]), "市科技局")["status"] == "已完成"
    assert table.item(0, 1).text() == "已导入"
    audit = ledger.row("SELECT source_file FROM audit WHERE action = '导入填报表' ORDER BY id DESC LIMIT 1")
    assert audit["source_file"] == "科技局报回.xlsx"


def test_conflict_choice_per_item(page, qtbot, tmp_path, window):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    unit_id = find_unit(ledger, "市科技局")
    period_id = get_period(ledger, window.context.plan_id, "2026Q3")["id"]
    record_progress(ledger, int(key[1:]), unit_id, period_id, {"percent": 12})   # changed after issuing
    returned = fill(form, tmp_path / "报回.xlsx", tasks={key: {"percent": 88}})
    page.add_files([returned])
    _wait_checked(qtbot, page)
    page.file_table.selectRow(0)
    assert page.conflict_box.isVisibleTo(page) and page.conflict_table.rowCount() == 1
    assert [page.conflict_table.item(0, c).text() for c in (2, 3, 4)] == ["完成进度", "12", "88"]
    choice = page.conflict_table.cellWidget(0, 5)
    assert choice.currentText() == "保留台账的值"
    choice.setCurrentIndex(1)                                 # 采用报表的值
    page.accept_button.click()
    assert progress_of(ledger, int(key[1:]), "市科技局")["percent"] == 88


def test_form_of_an_earlier_period_goes_where_the_clerk_says(page, qtbot, tmp_path, window):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局", "2026Q3")
    key = task_keys(form)[0]
    returned = fill(form, tmp_path / "报回.xlsx", tasks={key: {"percent": 61}})
    page.add_files([returned])
    _wait_checked(qtbot, page)
    page.file_table.selectRow(0)
    index = page.target_period.findData("2026Q4")
    page.target_period.setCurrentIndex(index)
    page.target_period.activated.emit(index)
    _wait_checked(qtbot, page)
    page.file_table.selectRow(0)
    assert "这是2026年第3季度下发的表格，填报内容将导入到2026年第4季度。" in page.details.toPlainText()
    page.accept_button.click()
    assert progress_of(ledger, int(key[1:]), "市科技局", "2026Q4")["percent"] == 61


def test_export_summary_from_the_page(page, qtbot, tmp_path, monkeypatch):
    opened = []
    target = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(page, "choose_summary_file", lambda suggested: str(target))
    monkeypatch.setattr(page, "open_folder", lambda folder: opened.append(folder))
    page.summary_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert openpyxl.load_workbook(target).sheetnames[0] == "重点任务进展汇总"


def test_a_summary_that_cannot_be_written_is_said_in_chinese(page, qtbot, tmp_path, monkeypatch, message_boxes):
    target = tmp_path / "汇总.xlsx"
    target.mkdir()   # a folder where the file should go: the system refuses to write (as with a locked file)
    monkeypatch.setattr(page, "choose_summary_file", lambda suggested: str(target))
    page.summary_button.click()
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=20000)
    kind, title, text = message_boxes[-1]
    assert (kind, title) == ("warning", "未能完成")
    assert f"无法写入“{target}”" in text and "Errno" not in text and "directory" not in text


def test_screenshot_of_checked_returns(page, qtbot, tmp_path, window):
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局")
    keys = task_keys(form)
    ok = fill(form, tmp_path / "2026Q3_市科技局_报回.xlsx", tasks={keys[0]: {"percent": 90}})
    bad = fill(form, tmp_path / "2026Q3_市科技局_错表.xlsx", tasks={keys[1]: {"percent": "八十"}})
    page.add_files([ok, bad])
    _wait_checked(qtbot, page)
    page.file_table.selectRow(1)
    assert "第" in page.details.toPlainText()
    assert window.grab().save(str(tmp_path / "returns_page_receive.png"))   # for a visual review


def test_the_summary_save_dialog_starts_beside_the_ledger_with_the_suggested_name(page, window, monkeypatch):
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    seen = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, start, *a, **k: seen.append(start) or ("", "")))
    page.summary_button.click()
    start = Path(seen[0])
    assert start.parent == Path(window.context.ledger.path).resolve().parent
    assert start.name.endswith(".xlsx") and "2026Q3" in start.name



def test_generate_forms_for_a_plan_without_periods_says_what_to_do(qtbot, ledger, monkeypatch, message_boxes):
    from db.plan_store import store_plan
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store_plan(ledger, {"title": "某某县工作方案", "tasks": [
        {"number": "1", "title": "加强专利培育", "text": "", "section": "一、重点任务", "lead_units": ["县科技局"]}]})
    win = MainWindow(AppContext(ledger))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("returns")
    chosen = []
    monkeypatch.setattr(page, "choose_folder", lambda: chosen.append(1) or "")
    assert page.checked_unit_ids() and page.issue_button.isEnabled()
    page.issue_button.click()
    assert message_boxes and "报告期管理" in message_boxes[-1][2] and not chosen


def test_a_contradictory_status_is_shown_to_check_but_does_not_block(page, qtbot, tmp_path, window):
    form = issue(window.context.ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    odd = fill(form, tmp_path / "科技局报回.xlsx", tasks={key: {"status": "已完成", "percent": 85}})
    _drop(page, [odd])
    _wait_checked(qtbot, page)
    page.file_table.selectRow(0)
    text = page.details.toPlainText()
    assert "请核实（照填报内容导入，不影响导入）：" in text and "“已完成”，但完成进度只有85%" in text
    assert page.file_table.item(0, 1).text() != "已拒绝"
