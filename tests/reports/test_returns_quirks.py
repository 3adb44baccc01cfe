"""What real spreadsheets do to a return, built into the test files: WPS's wrong sheet dimension, dates stored
as serial numbers under Chinese built-in formats, full-width digits, "85%", 0.85 in a percent cell, trailing
spaces, rows re-sorted by the user, and a form from an earlier period."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import datetime

import openpyxl

from reports import form_layout as L
from reports.returns_reader import examine_return, import_return
from tests.reports.returns_fixtures import fill, issue, progress_of, rewrite_member, row_of, sheet_member, task_keys


def test_wrong_dimension_written_by_wps(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    key = task_keys(form)[-1]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={key: {"percent": 99}})
    member = sheet_member(filled, L.PROGRESS_SHEET)
    wps = rewrite_member(filled, tmp_path / "wps.xlsx", member,
                         lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml))
    report = import_return(demo_ledger, wps)
    assert report.verdict == "applied", report.error_lines()
    assert progress_of(demo_ledger, int(key[1:]), "市科技局")["percent"] == 99


def test_serial_date_under_chinese_builtin_format_31(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    key = task_keys(form)[0]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={key: {"percent": 66}},
                  foot={"signed_date": datetime(2026, 10, 3)})
    # Chinese Excel/WPS store 31 (yyyy年m月d日) as a built-in id without any format string
    dated = rewrite_member(filled, tmp_path / "date31.xlsx", "xl/styles.xml",
                           lambda xml: re.sub(r'<numFmt numFmtId="164"[^>]*/>', "", xml).replace(
                               'numFmtId="164"', 'numFmtId="31"'))
    foot_row = row_of(openpyxl.load_workbook(filled)[L.PROGRESS_SHEET], L.FOOT_KEY)
    script = ("import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1], read_only=True)['任务进展'];"
              f"print(type(ws['K{foot_row}'].value).__name__)")
    bare = subprocess.run([sys.executable, "-c", script, str(dated)], capture_output=True, text=True, check=True)
    assert bare.stdout.strip() in ("int", "float")     # plain openpyxl sees only the serial number
    report = import_return(demo_ledger, dated)
    assert report.verdict == "applied", report.error_lines()
    assert report.analysis.foot["signed_date"] == "2026-10-03"
    stored = demo_ledger.scalar("SELECT signed_date FROM imported_returns ORDER BY id DESC LIMIT 1")
    assert stored == "2026-10-03"


def test_typed_dates_and_full_width_digits_and_percent_signs(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    a, b, c, d, *_ = task_keys(form)
    filled = fill(form, tmp_path / "filled.xlsx", tasks={
        a: {"percent": "８５"},                      # full-width digits
        b: {"percent": "85%"},                       # typed with a percent sign
        c: {"percent": 0.7, "status": "已完成   "},   # trailing spaces after a dropdown value
        d: {"progress": "开展专题培训2场   \n", "problems": "   "},
    }, foot={"signed_date": "2026.10.3", "filled_by": "王磊  "})
    wb = openpyxl.load_workbook(filled)
    ws = wb[L.PROGRESS_SHEET]
    ws.cell(row_of(ws, c), L.column_index(L.PROGRESS_COLUMNS, "percent")).number_format = "0%"   # 0.7 shown as 70%
    wb.save(filled)
    report = import_return(demo_ledger, filled)
    assert report.verdict == "applied", report.error_lines()
    assert progress_of(demo_ledger, int(a[1:]), "市科技局")["percent"] == 85
    assert progress_of(demo_ledger, int(b[1:]), "市科技局")["percent"] == 85
    entry_c = progress_of(demo_ledger, int(c[1:]), "市科技局")
    assert (entry_c["percent"], entry_c["status"]) == (70, "已完成")
    entry_d = progress_of(demo_ledger, int(d[1:]), "市科技局")
    assert entry_d["progress"] == "开展专题培训2场" and entry_d["filled_by"] == "王磊"
    assert report.analysis.foot["signed_date"] == "2026-10-03"


def test_rows_resorted_by_the_user_are_matched_by_id(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    keys = task_keys(form)
    filled = fill(form, tmp_path / "filled.xlsx", tasks={keys[0]: {"percent": 11}, keys[-1]: {"percent": 22}})
    wb = openpyxl.load_workbook(filled)
    ws = wb[L.PROGRESS_SHEET]
    first, last = L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + len(keys) - 1
    width = L.key_column_index(L.PROGRESS_COLUMNS)
    rows = [[ws.cell(r, col).value for col in range(1, width + 1)] for r in range(first, last + 1)]
    for offset, values in enumerate(reversed(rows)):       # the user sorted the rows descending
        for col, value in enumerate(values, 1):
            ws.cell(first + offset, col).value = value
    wb.save(filled)
    assert openpyxl.load_workbook(filled)[L.PROGRESS_SHEET].cell(first, width).value == keys[-1]
    report = import_return(demo_ledger, filled)
    assert report.verdict == "applied", report.error_lines()
    assert progress_of(demo_ledger, int(keys[0][1:]), "市科技局")["percent"] == 11
    assert progress_of(demo_ledger, int(keys[-1][1:]), "市科技局")["percent"] == 22


def test_form_from_an_earlier_period_goes_to_the_period_the_clerk_confirms(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", period="2026Q3")
    key = task_keys(form)[0]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={key: {"status": "已完成", "percent": 100}})
    report = examine_return(demo_ledger, filled, target_period="2026Q4")
    assert report.verdict == "would-apply" and (report.form_period, report.period) == ("2026Q3", "2026Q4")
    assert report.to_json()["form_period"] == "2026Q3"
    report = import_return(demo_ledger, filled, target_period="2026Q4")
    assert report.verdict == "applied"
    assert progress_of(demo_ledger, int(key[1:]), "市科技局", "2026Q4")["status"] == "已完成"
    assert progress_of(demo_ledger, int(key[1:]), "市科技局", "2026Q3")["status"] != "已完成"
    assert import_return(demo_ledger, filled, target_period="2026Q4").verdict == "unchanged"


def test_blank_cells_never_erase_the_ledger(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    key = task_keys(form)[0]
    before = progress_of(demo_ledger, int(key[1:]), "市科技局")
    filled = fill(form, tmp_path / "filled.xlsx", tasks={key: {"progress": None, "status": None, "percent": None}})
    report = import_return(demo_ledger, filled)
    assert report.verdict == "unchanged"
    assert progress_of(demo_ledger, int(key[1:]), "市科技局")["progress"] == before["progress"]


def test_a_formula_without_its_saved_result_is_refused_not_read_as_empty(demo_ledger, tmp_path):
    """A script-made return holds `=80+5` with no saved result: it must not pass as a blank answer."""
    form = issue(demo_ledger, tmp_path / "issued")
    first, second, *_ = task_keys(form)
    filled = fill(form, tmp_path / "脚本生成.xlsx", tasks={first: {"percent": "=80+5"},
                                                         second: {"status": "推进中", "percent": 60}})
    before = progress_of(demo_ledger, int(first[1:]), "市科技局")
    report = import_return(demo_ledger, filled)
    assert report.verdict == "refused"
    [error] = report.errors
    assert (error["sheet"], error["row"], error["column"]) == (L.PROGRESS_SHEET, row_of(
        openpyxl.load_workbook(filled)[L.PROGRESS_SHEET], first), "完成进度")
    assert "公式“=80+5”" in error["message"] and "没有保存它的计算结果" in error["message"]
    assert progress_of(demo_ledger, int(first[1:]), "市科技局") == before   # nothing applied


def test_a_formula_with_its_saved_result_is_read_as_that_value(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / "有结果.xlsx", tasks={first: {"status": "推进中", "percent": "=80+5"}})
    member = sheet_member(filled, L.PROGRESS_SHEET)
    # what Excel and WPS write: the formula and its result (openpyxl wrote the formula with an empty result)
    saved = rewrite_member(filled, tmp_path / "有结果2.xlsx", member,
                           lambda xml: xml.replace("<f>80+5</f><v></v>", "<f>80+5</f><v>85</v>"))
    assert "<f>80+5</f><v>85</v>" in zipfile.ZipFile(saved).read(member).decode()
    report = import_return(demo_ledger, saved)
    assert report.verdict == "applied", report.error_lines()
    assert progress_of(demo_ledger, int(first[1:]), "市科技局")["percent"] == 85
