"""One unit's 填报核对单 for a period, as a small PDF (to print) or an Excel sheet (to send): the form's way out and
back, then every task and target with whether it was reported (已报 / 已报·无变化 / 未报). The content comes from
db.returns_status.unit_checklist_sheet; the format follows the file's extension. Written to a temporary name and
moved into place.
"""
from __future__ import annotations

from pathlib import Path

from db.errors import ValidationError
from db.periods import period_by_id
from db.returns_status import ChecklistSheet, unit_checklist_sheet

WIDTHS_MM = (14, 64, 14, 24, 40)         # 156 mm, the text block of an A4 page
ALIGNS = ("center", "left", "center", "center", "left")
XLSX_WIDTHS = (8, 48, 8, 14, 36)


def checklist_file_name(sheet: ChecklistSheet, suffix: str = ".pdf") -> str:
    from db.evidence import safe_file_name

    return safe_file_name(f"{sheet.title}{suffix}")


def write_unit_checklist(ledger, plan_id: int, period_id: int, unit_id: int, out: Path | str) -> Path:
    """Write the unit's checklist to `out` (.pdf or .xlsx); returns the path."""
    out = Path(out)
    sheet = unit_checklist_sheet(ledger, plan_id, period_by_id(ledger, period_id), unit_id)
    if out.suffix.lower() == ".pdf":
        from reports.fingerprint import ledger_fingerprint

        return _write_pdf(sheet, out, ledger.setting("bureau") or "", ledger_fingerprint(ledger, plan_id))
    if out.suffix.lower() == ".xlsx":
        return _write_xlsx(sheet, out)
    raise ValidationError(f"“{out.name}”：核对单只能保存为 PDF（.pdf）或 Excel（.xlsx）文件。", "文件")


def _write_pdf(sheet: ChecklistSheet, out: Path, bureau: str, fingerprint: str) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from reports.pdf_fonts import report_fonts
    from reports.pdf_layout import BODY_LEADING, OfficialDocument

    doc = OfficialDocument(fonts=report_fonts(), fingerprint=fingerprint, title=sheet.title, author=bureau,
                           subject="填报核对单")
    story = doc.title_block([sheet.title])
    story += [doc.p(line, "note") for line in sheet.lines]
    story.append(Spacer(1, BODY_LEADING * 0.3))
    story.append(doc.table(sheet.headers, sheet.rows, [w * mm for w in WIDTHS_MM], ALIGNS, where="核对单"))
    return doc.build(out, story)


def _write_xlsx(sheet: ChecklistSheet, out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from reports.atomic_file import save_workbook_atomically
    from reports.font_names import EXCEL_FONT
    from reports.xlsx_text import put_text

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = "填报核对单"
    last = get_column_letter(len(sheet.headers))
    for index, width in enumerate(XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws["A1"] = sheet.title
    ws["A1"].font = Font(name=EXCEL_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    for offset, line in enumerate(sheet.lines, 2):
        cell = ws.cell(offset, 1, line)
        cell.font = Font(name=EXCEL_FONT, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(f"A{offset}:{last}{offset}")
        ws.row_dimensions[offset].height = 18
    header_row = len(sheet.lines) + 2
    for column, header in enumerate(sheet.headers, 1):
        cell = ws.cell(header_row, column, header)
        cell.font, cell.border = Font(name=EXCEL_FONT, size=10, bold=True), border
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row_number, row in enumerate(sheet.rows, header_row + 1):
        for column, value in enumerate(row, 1):
            cell = ws.cell(row_number, column)
            put_text(cell, value)   # a task title that starts with = stays text
            cell.font, cell.border = Font(name=EXCEL_FONT, size=10), border
            cell.alignment = Alignment(horizontal=ALIGNS[column - 1], vertical="center", wrap_text=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return save_workbook_atomically(wb, out)
