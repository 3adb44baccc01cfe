"""The 催报单 as an Excel workbook (one sheet, print-ready on A4): the notice text and the list of units that have
not reported (unit, contact, phone, what is missing, days overdue). Typed text is never stored as a formula.
Written to a temporary name in the target folder and moved into place.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from db.completeness import ChaseNotice, chase_notice
from db.vocabulary import chinese_date
from reports.atomic_file import write_atomically
from reports.font_names import EXCEL_FONT, EXCEL_HEADING_FONT
from reports.xlsx_text import put_text

SHEET_TITLE = "催报单"
HEADER = ("序号", "单位", "联系人", "联系电话", "未报事项", "逾期天数", "截止日期")
WIDTHS = (6, 26, 10, 16, 40, 10, 14)
HEADER_ROW = 4

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=EXCEL_FONT, size=16, bold=True)
BODY_FONT = Font(name=EXCEL_FONT, size=11)
HEAD_FONT = Font(name=EXCEL_HEADING_FONT, size=11, bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")


def _lines(text: str, width: float) -> int:
    chars_per_line = max(1.0, width / 2.1)   # a CJK character is about two width units
    return max(1, -(-len(text or "") // int(chars_per_line)))


def build_workbook(notice: ChaseNotice) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    last = get_column_letter(len(HEADER))
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    put_text(ws["A1"], notice.title)
    ws["A1"].font, ws["A1"].alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36
    body = notice.body() if notice.items else f"{notice.period_name}各责任单位均已报送，无需催报。"
    put_text(ws["A2"], "各有关单位：")
    ws["A2"].font = BODY_FONT
    ws.merge_cells(f"A2:{last}2")
    put_text(ws["A3"], "　　" + body)
    ws["A3"].font, ws["A3"].alignment = BODY_FONT, Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A3:{last}3")
    ws.row_dimensions[3].height = 15 * _lines(body, sum(WIDTHS)) + 8
    for column, label in enumerate(HEADER, 1):
        cell = ws.cell(HEADER_ROW, column, label)
        cell.font, cell.fill, cell.border = HEAD_FONT, HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    due = notice.due.isoformat() if notice.due else ""
    row = HEADER_ROW
    for index, item in enumerate(notice.items, 1):
        row = HEADER_ROW + index
        values = (index, item.unit, item.contact, item.phone, item.missing, item.days_overdue, due)
        for column, value in enumerate(values, 1):
            cell = ws.cell(row, column)
            put_text(cell, value)
            cell.font, cell.border = BODY_FONT, BORDER
            centre = column in (1, 3, 4, 6, 7)
            cell.alignment = Alignment(horizontal="center" if centre else "left", vertical="center", wrap_text=True)
        ws.row_dimensions[row].height = 16 * max(_lines(item.missing, WIDTHS[4]), _lines(item.unit, WIDTHS[1])) + 6
    sign_row = row + 2
    if notice.bureau:
        put_text(ws.cell(sign_row, 5), notice.bureau)
        ws.cell(sign_row, 5).alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=sign_row, start_column=5, end_row=sign_row, end_column=len(HEADER))
    date_cell = ws.cell(sign_row + 1, 5, chinese_date(notice.as_of))
    date_cell.alignment = Alignment(horizontal="right")
    ws.merge_cells(start_row=sign_row + 1, start_column=5, end_row=sign_row + 1, end_column=len(HEADER))
    for r in (sign_row, sign_row + 1):
        ws.cell(r, 5).font = BODY_FONT
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last}{sign_row + 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    return wb


def write_chase_xlsx(ledger, plan_id: int, period_id: int, out: Path | str) -> Path:
    """Write the 催报单 workbook to `out`; returns the path."""
    out = Path(out)
    workbook = build_workbook(chase_notice(ledger, plan_id, period_id))
    return write_atomically(out, workbook.save)
