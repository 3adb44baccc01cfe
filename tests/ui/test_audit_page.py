"""修改记录 page: filters narrow the lazy table; the Excel export keeps text as text."""
from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from db.audit_log import AuditFilter, count_audit_edits
from db.progress import record_progress


def _page(window, qtbot):
    page = window.show_page("audit")
    page.refresh()
    assert page.model.wait_loaded()
    original = page.set_filter

    def set_filter_and_wait(**values):  # the ids load on a worker thread
        original(**values)
        assert page.model.wait_loaded()
    page.set_filter = set_filter_and_wait
    return page


def test_audit_page_lists_and_filters(window, qtbot):
    from db.vocabulary import chinese_date_time

    page = _page(window, qtbot)
    ledger = window.context.ledger
    total = count_audit_edits(ledger, AuditFilter(plan_id=window.context.plan_id))
    assert 0 < page.model.rowCount() == total < ledger.scalar("SELECT COUNT(*) FROM audit")   # one row per edit
    assert f"共 {total} 次修改" in page.count_label.text()
    newest = page.model.index(0, 0).data()
    assert newest == chinese_date_time(ledger.scalar("SELECT at FROM audit ORDER BY id DESC LIMIT 1"))

    unit_id, name = ledger.row("SELECT id, name FROM units WHERE name = '市科技局'")
    page.set_filter(unit_id=unit_id)
    expected = count_audit_edits(ledger, AuditFilter(plan_id=window.context.plan_id, unit_id=unit_id))
    assert 0 < page.model.rowCount() == expected
    assert {page.model.index(r, 4).data() for r in range(min(50, expected))} == {name}

    page.set_filter(unit_id=None, actor="示例数据")
    assert page.model.rowCount() == count_audit_edits(ledger, AuditFilter(plan_id=window.context.plan_id,
                                                                          actor="示例数据"))
    page.set_filter(actor=None, dates=(date(2030, 1, 1), date(2030, 12, 31)))
    assert page.model.rowCount() == 0
    assert "共 0 次修改" in page.count_label.text()


def test_new_edit_appears_with_its_person_and_file_filter(window, qtbot):
    page = _page(window, qtbot)
    ledger = window.context.ledger
    ledger.actor = "王芳"
    task, unit, period = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p ORDER BY p.id DESC LIMIT 1")
    with ledger.source_file("2026Q3_市科技局_进展填报表.xlsx", "ab" * 32):
        record_progress(ledger, task, unit, period, {"progress": "=HYPERLINK(\"http://x\")"})
    page.refresh()
    assert page.model.wait_loaded()
    page.set_filter(source_file="2026Q3_市科技局_进展填报表.xlsx")
    assert page.model.rowCount() == 1
    assert page.model.index(0, 1).data() == "王芳"
    assert page.model.index(0, 6).data() == "进展情况"


def test_export_to_excel_never_writes_formulas(window, qtbot, tmp_path):
    page = _page(window, qtbot)
    ledger = window.context.ledger
    task, unit, period = ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p ORDER BY p.id DESC LIMIT 1")
    record_progress(ledger, task, unit, period, {"progress": "=1+2", "problems": "@SUM(A1)"})
    target = tmp_path / "修改记录.xlsx"
    worker = page.export_to(target, title="测试 修改记录")
    with qtbot.waitSignal(worker.done, timeout=20000):
        pass
    book = load_workbook(target)
    sheet = book.active
    assert sheet["A1"].value == "测试 修改记录"
    assert [c.value for c in sheet[2]][:4] == ["序号", "时间", "操作人", "操作"]
    values = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert len(values) == ledger.scalar("SELECT COUNT(*) FROM audit")
    formulas = [c for row in sheet.iter_rows(min_row=3) for c in row if c.data_type == "f"]
    assert formulas == []
    assert any(row[9] == "=1+2" for row in values)


def test_audit_model_passes_qtmodeltester(window, qtbot, qtmodeltester):
    page = _page(window, qtbot)
    qtmodeltester.check(page.model, force_py=True)


def test_unit_fields_show_unit_names(window, qtbot):
    page = _page(window, qtbot)
    page.set_filter(actor="示例数据")
    ledger = window.context.ledger
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 6).data() == "填报单位")
    assert page.model.index(row, 8).data() == ledger.scalar("SELECT name FROM units WHERE name LIKE '市市场监督%'")


def test_the_date_filter_reads_in_the_chinese_date_format(window, qtbot):
    from datetime import date

    from db.vocabulary import chinese_date

    page = _page(window, qtbot)
    page.set_filter(dates=(date(2026, 10, 5), date(2026, 12, 31)))
    assert page.date_from.text() == chinese_date(date(2026, 10, 5)) == "2026年10月5日"
    assert page.date_to.text() == "2026年12月31日"


def test_the_time_column_reads_as_a_chinese_date(window, qtbot):
    import re

    page = _page(window, qtbot)
    shown = page.model.index(0, 0).data()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", shown), shown
