"""表格收发 · 收发情况: per unit, the form issued (when, which file), the return received (when, verdict) and what it
reported; an untouched return shows as 已报·无变化 to check; one unit's checklist prints and exports."""
from __future__ import annotations

import subprocess

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from db.units import find_unit
from reports.returns_reader import import_return
from tests.reports.returns_fixtures import fill, issue, task_keys
from tests.ui.test_returns_page import _drop, _wait_checked


@pytest.fixture
def q4(window, qtbot, tmp_path):
    """市科技局's 2026Q4 form issued and sent back untouched; the window on 2026Q4, 表格收发 · 收发情况."""
    ledger = window.context.ledger
    form = issue(ledger, tmp_path / "issued", "市科技局", period="2026Q4")
    (tmp_path / "returned").mkdir()
    returned = fill(form, tmp_path / "returned" / form.name)
    import_return(ledger, returned)
    period_id = ledger.scalar("SELECT id FROM periods WHERE key = '2026Q4'")
    window.period_combo.setCurrentIndex(window.period_combo.findData(period_id))
    page = window.show_page("returns")
    page.tabs.setCurrentWidget(page.status_view)
    qtbot.waitExposed(page.status_view)
    view = page.status_view
    view.refresh()
    unit_id = find_unit(ledger, "市科技局")
    view.select_unit(unit_id)
    return view, form, len(task_keys(form))


def _row(view, unit_name):
    return next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == unit_name)


def test_each_unit_shows_its_form_out_and_back(q4, window):
    view, form, tasks = q4
    row = _row(view, "市科技局")
    cells = [view.table.item(row, c).text() for c in range(view.table.columnCount())]
    assert cells[1] == "已报·无变化"
    assert form.name in cells[2] and "年" in cells[2] and "月" in cells[2]     # issued: when, which file
    assert form.name in cells[3]                                              # returned: when, which file
    assert "已导入" in cells[4] and f"{tasks}项已报·无变化，请核实" in cells[4]
    other = _row(view, "市财政局")
    assert [view.table.item(other, c).text() for c in (1, 2, 3)] == ["未填报", "未下发", "未收回"]
    assert "已下发 1 个，已收回 1 个" in view.summary.text()
    assert "请核实" in view.detail.text() and "第4项" in view.detail.text()


def test_checklist_exports_as_xlsx_and_pdf(q4, tmp_path, monkeypatch):
    view, _form, tasks = q4
    target = tmp_path / "核对单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    view.export_button.click()
    ws = openpyxl.load_workbook(target).active
    values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert "2026年第4季度市科技局填报核对单" in values[0][0]
    assert any("表格下发" in line[0] for line in values[1:5])
    rows = [r for r in values if r and r[0] in {str(n) for n in range(1, 14)}]
    assert len(rows) == tasks and all(r[3] == "已报·无变化" for r in rows)

    target = tmp_path / "核对单.pdf"
    view.export_button.click()
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    assert "填报核对单" in text and "已报·无变化" in text and "市科技局" in text


def test_checklist_prints(q4, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    view, _form, _tasks = q4
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert view.print_to(printer) == 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_confirming_the_unchanged_rows_counts_them_as_reported(q4, window, monkeypatch):
    view, _form, _tasks = q4
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert view.confirm_button.isEnabled()
    view.confirm_button.click()
    row = _row(view, "市科技局")
    assert view.table.item(row, 1).text() in ("已报齐", "未报全")
    assert "已报·无变化" not in view.table.item(row, 4).text()
    window.undo_action.trigger()                                    # undoable like any edit
    view.refresh()
    assert view.table.item(_row(view, "市科技局"), 1).text() == "已报·无变化"


def test_the_receive_tab_names_rows_returned_as_last_period(window, qtbot, tmp_path):
    form = issue(window.context.ledger, tmp_path / "issued", "市科技局", period="2026Q4")
    page = window.show_page("returns")
    _drop(page, [fill(form, tmp_path / "科技局报回.xlsx")])
    _wait_checked(qtbot, page)
    page.file_table.selectRow(0)
    text = page.details.toPlainText()
    assert "与上期相同" in text and "请核实" in text and "新增 0 行" in text
    headers = [page.file_table.horizontalHeaderItem(c).text() for c in range(page.file_table.columnCount())]
    assert page.file_table.item(0, headers.index("与上期相同")).text() == "6"
    assert page.file_table.item(0, headers.index("新增")).text() == "0"
