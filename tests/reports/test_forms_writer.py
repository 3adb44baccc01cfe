"""The fill-in forms as a unit (and a printer) sees them: names, titles, rows, inputs, protection, print setup."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from db.errors import NotFoundError
from db.periods import get_period
from db.plan_store import current_plan_id
from db.reviews import RETURNED, review_return
from db.units import find_unit
from db.vocabulary import STATUSES
from reports import form_layout as L
from reports.form_writer import export_forms
from tests.reports.returns_fixtures import issue, row_of


def _period(ledger, key="2026Q3"):
    return get_period(ledger, current_plan_id(ledger), key)


def test_one_workbook_per_unit_named_by_short_name(demo_ledger, tmp_path):
    files = export_forms(demo_ledger, "2026Q3", tmp_path / "out")
    names = sorted(p.name for p in files)
    assert "2026年第3季度_市科技局_进展填报表.xlsx" in names
    assert "2026年第3季度_市市场监管局_进展填报表.xlsx" in names          # short name, not 市市场监督管理局〔知识产权局〕
    assert len(names) == len(set(names)) == 15
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names        # no temporary files left behind
    assert demo_ledger.scalar("SELECT COUNT(*) FROM issued_forms") == 15
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit WHERE action = '下发填报表'") == 15


def test_unknown_unit_is_named_in_the_refusal(demo_ledger, tmp_path):
    with pytest.raises(NotFoundError, match="市教育局"):
        export_forms(demo_ledger, "2026Q3", tmp_path / "out", unit_name="市教育局")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_task_sheet_reads_like_the_units_form(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市科技局")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == L.PROGRESS_SHEET and L.INDICATOR_SHEET not in wb.sheetnames   # answers no target
    ws = wb[L.PROGRESS_SHEET]
    assert "重点任务进展填报表" in ws["A1"].value and "泰兴市" in ws["A1"].value
    assert "市科技局" in ws["A2"].value and "2026年第3季度" in ws["A2"].value and "2026年10月5日" in ws["A2"].value
    assert "黄色单元格" in ws["A3"].value
    headers = [ws.cell(L.HEADER_ROW, c).value for c in range(1, 13)]
    assert headers == ["序号", "任务", "主要内容", "分工", "完成时限", "完成状态", "完成进度（%）", "进展情况", "存在问题",
                       "下步计划", "佐证材料名称", "本期无新进展"]
    unit_id = find_unit(demo_ledger, "市科技局")
    expected = demo_ledger.rows("SELECT t.id, t.number, t.title, tu.role FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
                                " WHERE tu.unit_id = ? ORDER BY t.position, t.id", (unit_id,))
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 4).value)
            for r in range(L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + len(expected))]
    assert rows == [(t["number"], t["title"], {"lead": "牵头", "co": "配合"}[t["role"]]) for t in expected]
    # pre-filled with the unit's answers for the period
    first = expected[0]
    entry = demo_ledger.row("SELECT * FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                            (first["id"], unit_id, _period(demo_ledger)["id"]))
    row = row_of(ws, f"T{first['id']}")
    assert ws.cell(row, 6).value == entry["status"]
    assert ws.cell(row, 7).value == entry["percent"]
    assert ws.cell(row, 8).value == entry["progress"]
    # the foot: who filled it in, phone, reviewer, date
    foot = row_of(ws, L.FOOT_KEY)
    assert [ws[f"{c}{foot}"].value for c in "BDHJ"] == ["填报人：", "联系电话：", "审核人（签字）：", "日期："]
    assert ws[f"C{foot}"].value == "王磊" and ws[f"F{foot}"].value == "0523-87654304"


def test_previous_period_answers_prefill_an_empty_period(demo_ledger, tmp_path):
    """2026Q4 has no entries yet: the form carries the 2026Q3 answers so the unit edits instead of retyping."""
    path = issue(demo_ledger, tmp_path, "市科技局", "2026Q4")
    ws = openpyxl.load_workbook(path)[L.PROGRESS_SHEET]
    unit_id = find_unit(demo_ledger, "市科技局")
    q3 = demo_ledger.row("SELECT * FROM progress WHERE unit_id = ? AND period_id = ? ORDER BY task_id LIMIT 1",
                         (unit_id, _period(demo_ledger)["id"]))
    row = row_of(ws, f"T{q3['task_id']}")
    assert (ws.cell(row, 6).value, ws.cell(row, 7).value) == (q3["status"], q3["percent"])


def test_only_input_cells_are_unlocked_and_validated(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市科技局")
    ws = openpyxl.load_workbook(path)[L.PROGRESS_SHEET]
    assert ws.protection.sheet is True and ws.protection.password
    row = L.FIRST_DATA_ROW
    locked = [ws.cell(row, c).protection.locked for c in range(1, 12)]
    assert locked == [True] * 5 + [False] * 6
    assert ws.cell(1, 1).protection.locked and ws.cell(L.HEADER_ROW, 6).protection.locked
    foot = row_of(ws, L.FOOT_KEY)
    assert not ws[f"C{foot}"].protection.locked and ws[f"B{foot}"].protection.locked
    validations = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    status, percent = validations["F"], validations["G"]
    assert status.type == "list" and status.formula1 == '"' + ",".join(STATUSES) + '"'
    assert status.showErrorMessage and "请从下拉列表中选择" in status.error
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == ("decimal", "between", "0", "100")
    assert percent.showErrorMessage and "0到100" in percent.error
    assert ws.column_dimensions["M"].hidden                      # row keys live in a hidden column


def test_print_ready_a4_landscape_with_footer(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市市场监管局")
    for ws in openpyxl.load_workbook(path).worksheets[:2]:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        # full size, never shrunk to fit (no text below 9 pt): a wide sheet splits into page columns instead
        assert int(ws.page_setup.scale) == 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
        # the task sheet splits into page columns: only its column heads repeat (the title sits on the first page)
        assert ws.print_title_rows.replace("$", "") == ("4:4" if ws.title == L.PROGRESS_SHEET else "1:4")
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.column_dimensions["H" if ws.title == L.PROGRESS_SHEET else "B"].width >= 30
    ws = openpyxl.load_workbook(path)[L.PROGRESS_SHEET]
    assert ws.cell(L.FIRST_DATA_ROW, 2).alignment.wrap_text and ws.cell(L.FIRST_DATA_ROW, 8).alignment.wrap_text


def test_indicator_sheet_for_the_unit_that_answers_targets(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市市场监管局")
    wi = openpyxl.load_workbook(path)[L.INDICATOR_SHEET]
    headers = [wi.cell(L.HEADER_ROW, c).value for c in range(1, 9)]
    assert headers == ["序号", "指标", "单位", "基期值", "目标值", "上期数值", "本期数值", "备注"]
    count = demo_ledger.scalar("SELECT COUNT(*) FROM indicators")
    names = [wi.cell(r, 2).value for r in range(L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + count)]
    assert all(names) and len(set(names)) == count
    assert not wi.cell(L.FIRST_DATA_ROW, 7).protection.locked and wi.cell(L.FIRST_DATA_ROW, 2).protection.locked
    # a unit without targets gets no target sheet at all
    assert L.INDICATOR_SHEET not in openpyxl.load_workbook(issue(demo_ledger, tmp_path / "b", "市科技局")).sheetnames


def test_send_back_reason_is_on_the_reissued_form(demo_ledger, tmp_path):
    unit_id = find_unit(demo_ledger, "市科技局")
    review_return(demo_ledger, unit_id, _period(demo_ledger)["id"], RETURNED, "第4项进展情况过于简单,请补充具体数据")
    ws = openpyxl.load_workbook(issue(demo_ledger, tmp_path, "市科技局"))[L.PROGRESS_SHEET]
    assert "退回原因" in ws["A3"].value and "请补充具体数据" in ws["A3"].value


def test_hidden_signed_metadata(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市科技局")
    wb = openpyxl.load_workbook(path)
    meta = wb[L.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    assert meta["A2"].value == L.FORM_KIND and len(meta["A3"].value) == 64
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["ipledger_ledger_id"] == demo_ledger.setting("ledger_id")
    assert props["ipledger_period"] == "2026Q3" and props["ipledger_unit"] == "市科技局"
    assert wb.security.lockStructure
    # the secret itself never leaves the ledger
    with zipfile.ZipFile(path) as archive:
        blob = b"".join(archive.read(n) for n in archive.namelist())
    assert demo_ledger.setting("form_secret").encode() not in blob


def test_text_that_looks_like_a_formula_stays_text(demo_ledger, tmp_path):
    from db.progress import record_progress

    unit_id = find_unit(demo_ledger, "市科技局")
    task_id = demo_ledger.scalar("SELECT task_id FROM task_units WHERE unit_id = ? ORDER BY task_id", (unit_id,))
    record_progress(demo_ledger, task_id, unit_id, _period(demo_ledger)["id"], {"progress": "=HYPERLINK(\"http://x\")"})
    ws = openpyxl.load_workbook(issue(demo_ledger, tmp_path, "市科技局"))[L.PROGRESS_SHEET]
    cell = ws.cell(row_of(ws, f"T{task_id}"), 8)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")" and cell.quotePrefix


def test_no_forms_for_a_closed_period(demo_path, tmp_path, capsys):
    from db.ledger import Ledger
    from db.periods import set_period_state
    from desktop.cli import main

    with Ledger.open(demo_path) as ledger:
        set_period_state(ledger, _period(ledger, "2026Q2")["id"], "closed")
    assert main(["export-forms", "--db", str(demo_path), "--period", "2026Q2", "--out", str(tmp_path / "f")]) == 1
    assert "已关闭" in capsys.readouterr().err
    assert not (tmp_path / "f").exists()


def test_the_targets_sheet_says_whether_values_are_owed_this_period(demo_ledger, tmp_path):
    """Half-yearly targets (the demo's schedule) are owed in Q2 and Q4 only, as the 单位填报情况 count says."""
    def instructions(key):
        form = issue(demo_ledger, tmp_path / key, "市市场监管局", key)
        sheet = openpyxl.load_workbook(form)[L.INDICATOR_SHEET]
        return " ".join(str(c.value) for row in sheet.iter_rows(max_row=L.HEADER_ROW - 1) for c in row if c.value)

    assert "本期不要求填报指标数值" in instructions("2026Q3")
    owed = instructions("2026Q2")
    assert "请在黄色单元格中填写本期数值" in owed and "不要求" not in owed
