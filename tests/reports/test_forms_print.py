"""The fill-in form as a unit prints and signs it: full task text, nothing below 9 pt, wide sheets split into page
columns rather than shrunk, a box for the unit's seal, the period's Chinese name in the file name, the bureau's
contact in the instructions; a unit that answers no target gets no target sheet, and its return still imports."""
from __future__ import annotations

import subprocess

import openpyxl

from db import queries
from db.bureau_settings import save_bureau_settings
from db.periods import get_period
from db.plan_store import current_plan_id
from db.units import find_unit
from reports import form_layout as L
from reports.returns_reader import import_return
from tests.reports.returns_fixtures import SOFFICE, fill, issue, row_of


def test_whole_task_text_seal_box_and_no_small_type(demo_ledger, tmp_path):
    save_bureau_settings(demo_ledger, {"填报人": "王芳", "联系电话": "0523-87654321"})
    path = issue(demo_ledger, tmp_path, "市科技局")
    assert path.name == "2026年第3季度_市科技局_进展填报表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[L.PROGRESS_SHEET]
    unit_id = find_unit(demo_ledger, "市科技局")
    plan_id = current_plan_id(demo_ledger)
    texts = {t["id"]: " ".join((t["text"] or "").split()) for t in queries.tasks(demo_ledger, plan_id)}
    longest = max((texts[i["task_id"]] for i in queries.unit_checklist(
        demo_ledger, unit_id, get_period(demo_ledger, plan_id, "2026Q3")["id"])), key=len)
    assert len(longest) > 90
    content_col = L.column_index(L.PROGRESS_COLUMNS, "content")
    shown = [ws.cell(r, content_col).value for r in range(L.FIRST_DATA_ROW, row_of(ws, L.FOOT_KEY))]
    assert longest in shown and not any(str(v).endswith("…") for v in shown if v)
    # the seal box under the sign-off row
    foot = row_of(ws, L.FOOT_KEY)
    left, right = L.SEAL_COLUMNS
    assert ws[f"{left}{foot + 1}"].value == "单位盖章："
    assert f"{left}{foot + 1}:{right}{foot + L.SEAL_ROWS}" in {str(r) for r in ws.merged_cells.ranges}
    assert sum(ws.row_dimensions[foot + 1 + i].height for i in range(L.SEAL_ROWS)) * 25.4 / 72 >= 42
    # printed at full size: every font 9 pt or more, split after 完成进度 with 序号 and 任务 repeated
    sizes = {cell.font.sz for row in ws.iter_rows() for cell in row if cell.value is not None and cell.font}
    assert min(sizes) >= 9
    assert int(ws.page_setup.scale) == 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert [b.id for b in ws.col_breaks.brk] == [L.column_index(L.PROGRESS_COLUMNS, "percent")]
    assert ws.print_title_cols.replace("$", "") == "A:B"
    # the bureau's contact, full-width punctuation
    assert "联系人：王芳，联系电话：0523-87654321" in ws["A3"].value and "填报说明：" in ws["A3"].value
    assert L.INDICATOR_SHEET not in wb.sheetnames


def test_a_return_without_the_target_sheet_imports(demo_ledger, tmp_path):
    path = issue(demo_ledger, tmp_path, "市科技局")
    ws = openpyxl.load_workbook(path)[L.PROGRESS_SHEET]
    key = ws.cell(L.FIRST_DATA_ROW, L.key_column_index(L.PROGRESS_COLUMNS)).value
    filled = fill(path, tmp_path / "报回.xlsx", tasks={key: {"status": "推进中", "percent": 70, "progress": "已完成调研。"}})
    report = import_return(demo_ledger, filled)
    assert report.verdict == "applied" and report.errors == []


def test_printed_pages_are_split_not_shrunk(demo_ledger, tmp_path):
    """LibreOffice prints the task sheet at full size: the left and right halves of the rows on separate pages."""
    if SOFFICE is None:
        return
    path = issue(demo_ledger, tmp_path, "市科技局")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path)], check=True,
                   capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "pdf" / (path.stem + ".pdf")), "-"],
                          check=True, capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    first = next(p for p in pages if "完成状态" in p)
    assert "下步计划" not in first                              # the right half is on a page of its own
    right = next(p for p in pages if "下步计划" in p)
    assert "任务" in right and "单位盖章" in "".join(pages)
