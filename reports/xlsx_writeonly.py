"""Fast, print-ready sheets with openpyxl's write-only mode: styled cells from precomputed style
arrays (one style lookup per column, not per cell), typed text that is never a formula, title rows,
A4 landscape fit to width, the page footer.
"""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from reports.font_names import EXCEL_FONT
from reports.xlsx_text import FORMULA_STARTS, mark_as_text  # the one owner of the guard
MAX_CELL_CHARS = 32000  # Excel's limit is 32,767

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
FONT = Font(name=EXCEL_FONT, size=10)
HEAD_FONT = Font(name=EXCEL_FONT, size=10, bold=True)
TITLE_FONT = Font(name=EXCEL_FONT, size=16, bold=True)
SUBTITLE_FONT = Font(name=EXCEL_FONT, size=10)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: float
    align: str = "left"      # left | center | right
    wrap: bool = True
    number_format: str = "General"


def _style_of(ws, *, font=FONT, align="left", wrap=True, border=BORDER, fill=None, number_format="General"):
    cell = WriteOnlyCell(ws)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    cell.number_format = number_format
    return cell._style


def _quoted_style(ws, style):
    cell = WriteOnlyCell(ws)
    cell._style = type(style)(style)
    mark_as_text(cell)
    return cell._style


class TableSheet:
    """One write-only sheet: title, subtitle, header row, then rows of values."""

    def __init__(self, wb, title: str, columns: tuple[SheetColumn, ...]):
        self.ws = wb.create_sheet(title)
        self.columns = columns
        for index, column in enumerate(columns, 1):  # widths must be set before the first append
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self._styles = [_style_of(self.ws, align=c.align, wrap=c.wrap, number_format=c.number_format)
                        for c in columns]
        self._quoted = [_quoted_style(self.ws, s) for s in self._styles]
        self._head = _style_of(self.ws, font=HEAD_FONT, align="center", fill=HEAD_FILL)
        self.rows_written = 0
        self._next_row = 1
        self._wrapped = [(i, int(max(c.width * 1.1 - 1, 4) / 1.8)) for i, c in enumerate(columns) if c.wrap]
        print_ready(self.ws, len(columns))

    def titles(self, title: str, subtitle: str) -> None:
        ws, last = self.ws, get_column_letter(len(self.columns))
        title_cell = WriteOnlyCell(ws, title)
        title_cell.font = TITLE_FONT
        title_cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sub = WriteOnlyCell(ws, subtitle)
        sub.font = SUBTITLE_FONT
        sub.alignment = Alignment(horizontal="left", vertical="center")
        ws.row_dimensions[1].height = 30
        ws.row_dimensions[2].height = 20
        ws.row_dimensions[3].height = 28
        ws.append([title_cell])
        ws.append([sub])
        ws.merged_cells.add(f"A1:{last}1")
        ws.merged_cells.add(f"A2:{last}2")
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(ws, column.header)
            cell._style = type(self._head)(self._head)
            header.append(cell)
        ws.append(header)
        self._next_row = 4
        ws.print_title_rows = "1:3"
        ws.freeze_panes = "A4"

    def append(self, values) -> None:
        # The cells are serialised inside ws.append and then dropped, and openpyxl only reads a cell's style
        # array while writing it, so every cell of a column shares its column's array (no copy per cell).
        ws, cells = self.ws, []
        for value, style, quoted in zip(values, self._styles, self._quoted):
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    value = value[:MAX_CELL_CHARS] + "…（以下略）"
                cell = Cell(ws, 1, 1, value)
                if value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"  # what a user typed is text, never a formula
                    style = quoted
            else:
                cell = Cell(ws, 1, 1, value)
            cell._style = style
            cells.append(cell)
        lines = 1
        for index, chars_per_line in self._wrapped:
            value = values[index]
            if isinstance(value, str) and (len(value) > chars_per_line or "\n" in value):
                needed = sum(-(-len(part) // int(chars_per_line)) or 1 for part in value.split("\n"))
                if needed > lines:
                    lines = needed
        row = self._next_row
        if lines > 1:  # LibreOffice does not fit rows to wrapped text on opening: give the height
            # the row writer only reads the attributes; a plain dict avoids building a RowDimension per row
            dict.__setitem__(ws.row_dimensions, row, {"ht": str(min(13.5 * lines + 4, 409)), "customHeight": "1"})
        ws.append(cells)
        if lines > 1:
            dict.__delitem__(ws.row_dimensions, row)  # already written; keep memory flat
        self._next_row += 1
        self.rows_written += 1

    def note(self, text: str) -> None:
        cell = WriteOnlyCell(self.ws, text)
        cell.font = SUBTITLE_FONT
        self.ws.append([cell])
        self._next_row += 1


def print_ready(ws, columns_count: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
