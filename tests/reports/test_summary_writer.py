"""The summary workbook sent upward, as a reader at the city bureau sees it."""
from __future__ import annotations

import openpyxl
import pytest

from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import record_progress
from db.units import find_unit
from desktop.cli import main
from reports.summary_writer import DETAIL_SHEET, INDICATOR_SHEET, TASK_SHEET, UNIT_SHEET, export_summary


@pytest.fixture
def summary(demo_ledger, tmp_path):
    return openpyxl.load_workbook(export_summary(demo_ledger, "2026Q3", tmp_path / "汇总.xlsx", details=True))


def _rows(ws, first=4):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


def test_sheets_titles_and_headers(summary):
    assert summary.sheetnames == [TASK_SHEET, UNIT_SHEET, INDICATOR_SHEET, DETAIL_SHEET]
    ws = summary[TASK_SHEET]
    assert "重点任务进展汇总表" in ws["A1"].value and "2026年第3季度" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["序号", "所属部分", "任务", "牵头单位", "配合单位", "完成时限", "完成状态",
                                        "完成进度（%）", "进展情况（各单位）", "存在问题"]
    assert [c.value for c in summary[UNIT_SHEET][3]][:4] == ["序号", "单位", "应报任务", "已报任务"]
    assert [c.value for c in summary[INDICATOR_SHEET][3]][:3] == ["序号", "指标", "填报单位"]


def test_each_task_gathers_progress_from_all_its_units(summary, demo_ledger):
    rows = _rows(summary[TASK_SHEET])
    assert len(rows) == 13
    task4 = next(r for r in rows if r[0] == "4")
    assert task4[2] == "实施高价值专利培育工程"
    assert "市市场监督管理局〔知识产权局〕" in task4[3] and "市科技局" in task4[4]
    assert task4[6] in ("推进中", "已完成", "滞后", "未启动") and isinstance(task4[7], (int, float))
    assert "【市市场监管局】" in task4[8] and "【市科技局】" in task4[8]


def test_units_that_have_not_reported_are_listed(summary):
    rows = {r[1]: r for r in _rows(summary[UNIT_SHEET])}
    silent = rows["市农业农村局"]
    assert silent[3] == 0 and silent[4] == 0 and silent[7] == "未报送" and "第" in silent[8]
    reported = rows["市科技局"]
    assert reported[2] == reported[3] and reported[8] == "已全部报送"


def test_targets_with_completion_rate(summary, demo_ledger):
    rows = _rows(summary[INDICATOR_SHEET])
    assert len(rows) == demo_ledger.scalar("SELECT COUNT(*) FROM indicators")
    assert all(r[8].endswith("%") or r[8] == "—" for r in rows)
    first = rows[0]
    assert first[5] is not None and first[6] is not None
    assert abs(float(first[8].rstrip("%")) - first[6] / first[5] * 100) < 0.06
    assert first[7] == "2026年第2季度"    # the period the value belongs to, named as the reader knows it


def test_typed_text_is_never_a_formula(demo_ledger, tmp_path):
    unit_id = find_unit(demo_ledger, "市科技局")
    task_id = demo_ledger.scalar("SELECT task_id FROM task_units WHERE unit_id = ? ORDER BY task_id", (unit_id,))
    period_id = get_period(demo_ledger, current_plan_id(demo_ledger), "2026Q3")["id"]
    hostile = {"progress": "=cmd|' /C calc'!A0", "problems": "+1+2", "next_steps": "@SUM(A1)", "filled_by": "-王"}
    record_progress(demo_ledger, task_id, unit_id, period_id, hostile)
    wb = openpyxl.load_workbook(export_summary(demo_ledger, "2026Q3", tmp_path / "s.xlsx", details=True))
    cells = [c for row in wb[DETAIL_SHEET].iter_rows(min_row=4) for c in row if c.value in hostile.values()]
    assert {c.value for c in cells} == set(hostile.values())
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    gathered = [c for row in wb[TASK_SHEET].iter_rows(min_row=4) for c in row
                if isinstance(c.value, str) and "=cmd" in c.value]
    assert gathered and all(c.data_type == "s" for c in gathered)


def test_print_ready(summary):
    for ws in summary.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "1:3"
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws["A1"].font.bold and ws.cell(4, 2).alignment.wrap_text


def test_export_summary_command(demo_path, tmp_path, capsys):
    out = tmp_path / "2026Q3汇总.xlsx"
    assert main(["export-summary", "--db", str(demo_path), "--period", "2026Q3", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert openpyxl.load_workbook(out).sheetnames == [TASK_SHEET, UNIT_SHEET, INDICATOR_SHEET]
    assert [p.name for p in tmp_path.iterdir() if ".xlsx" in p.name] == [out.name]   # no temporary file left
    assert main(["export-summary", "--db", str(demo_path), "--period", "1999Q1", "--out", str(out)]) == 2


def test_an_output_that_cannot_be_written_is_explained_in_chinese(demo_path, tmp_path, capsys):
    folder_named_like_a_file = tmp_path / "汇总.xlsx"
    folder_named_like_a_file.mkdir()
    assert main(["export-summary", "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(folder_named_like_a_file)]) == 2
    err = capsys.readouterr().err
    assert "这是一个文件夹" in err and "directory" not in err.lower()
    a_file = tmp_path / "填报表"
    a_file.write_text("")
    assert main(["export-forms", "--db", str(demo_path), "--period", "2026Q3", "--out", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert "已有一个同名文件，不是文件夹" in err and "Errno" not in err


def test_responsible_units_stand_as_leads_and_a_status_only_report_counts_as_reported(ledger, tmp_path):
    """As on the plan page and in the PDF reports: a task whose plan names 责任单位 only lists them under 牵头单位;
    a unit that sent a status without text has reported (not 本期未报)."""
    from db.periods import add_period
    from db.plan_store import store_plan
    from db import queries

    plan_id = store_plan(ledger, {"title": "某某市工作方案", "tasks": [
        {"number": "1", "title": "提升专利质量", "text": "", "section": "一、主要任务",
         "responsible_units": ["市科技局", "市统计局"]},
        {"number": "2", "title": "培育商标", "text": "", "section": "一、主要任务",
         "lead_units": ["市市场监管局"], "co_units": ["市商务局"]}]})
    period_id = add_period(ledger, plan_id, "2025Q3")
    task = queries.tasks(ledger, plan_id)[0]
    record_progress(ledger, task["id"], task["units"][0]["unit_id"], period_id, {"status": "推进中", "percent": 40})
    out = export_summary(ledger, "2025Q3", tmp_path / "汇总.xlsx", plan_id=plan_id)
    rows = {r[0]: r for r in _rows(openpyxl.load_workbook(out)[TASK_SHEET])}
    assert (rows["1"][3], rows["1"][4]) == ("市科技局、市统计局", None)
    assert (rows["2"][3], rows["2"][4]) == ("市市场监管局", "市商务局")
    assert rows["1"][8] == "（本期已报送，未填写进展情况）" and rows["2"][8] == "（本期未报）"
