"""Upward templates of several shapes, written the way a city bureau makes them (openpyxl): two-level merged
headers, a totals row with SUM formulas, a logo image, a hidden list sheet, data validation, print settings."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

TASK_SHEET, INDICATOR_SHEET, LIST_SHEET = "推进情况", "指标完成情况", "选项"
TASK_ROWS = [("1", "加强知识产权顶层设计"), ("2", "完善政策体系"), ("4", "高价值专利培育"), ("5", "零专利企业消零"),
             ("9", "城市自定的推进事项")]
INDICATOR_ROWS = [("1", "有效发明专利量", "件"), ("2", "万人发明专利拥有量", "件"), ("3", "注册商标总量", "件"),
                  ("4", "专利商标质押融资额", "亿元")]
_thin = Side(style="thin")
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def small_png() -> bytes:
    """A 4×4 red PNG made here (the city's logo stand-in)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _task_sheet(ws, first_row: int = 5, extra_rows=()) -> None:
    ws["A1"] = "附件1  泰州市知识产权强县建设工作推进情况统计表"
    ws["A1"].font = Font(name="方正小标宋简体", size=16)
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位:(盖章)                 填报时间:"
    for letter, text in zip("ABC", ("序号", "重点任务", "牵头单位")):
        ws[f"{letter}3"] = text
        ws.merge_cells(f"{letter}3:{letter}4")
    ws["D3"] = "完成情况"
    ws.merge_cells("D3:F3")
    ws["D4"], ws["E4"], ws["F4"] = "工作进展", "存在困难", "下一步打算"
    ws["G3"] = "完成进度(%)"
    ws.merge_cells("G3:G4")
    ws["H3"] = "是否完成"
    ws.merge_cells("H3:H4")
    rows = list(TASK_ROWS) + list(extra_rows)
    for index, (number, title) in enumerate(rows):
        row = first_row + index
        ws[f"A{row}"], ws[f"B{row}"] = number, title
        ws.row_dimensions[row].height = 30
        for letter in "ABCDEFGH":
            ws[f"{letter}{row}"].border = BOX
    total = first_row + len(rows)
    ws[f"A{total}"] = "合计"
    ws[f"G{total}"] = f"=SUM(G{first_row}:G{total - 1})"
    ws[f"A{total + 2}"] = "注:请于每季度结束后5日内报送。"
    for letter, width in zip("ABCDEFGH", (6, 24, 18, 40, 24, 24, 10, 8)):
        ws.column_dimensions[letter].width = width
    ws["D5"].alignment = Alignment(vertical="top")
    check = DataValidation(type="list", formula1=f"{LIST_SHEET}!$A$1:$A$2", allow_blank=True)
    check.add(f"H{first_row}:H{total - 1}")
    ws.add_data_validation(check)
    ws.print_title_rows = "3:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _indicator_sheet(ws) -> None:
    ws["A1"] = "附件2  主要指标完成情况表"
    ws.merge_cells("A1:H1")
    for letter, text in zip("ABCDEFGH", ("序号", "指标名称", "计量单位", "基期值", "目标值", "本期数", "完成率", "备注")):
        ws[f"{letter}2"] = text
    for index, (number, name, unit) in enumerate(INDICATOR_ROWS, 3):
        ws[f"A{index}"], ws[f"B{index}"], ws[f"C{index}"] = number, name, unit
    ws["B12"] = "填报人:"


def _finish(wb, path: Path, *, image: bool, hidden: bool) -> Path:
    if hidden:
        options = wb.create_sheet(LIST_SHEET)
        options["A1"], options["A2"] = "是", "否"
        options.sheet_state = "hidden"
    if image:
        from openpyxl.drawing.image import Image

        logo = Image(io.BytesIO(small_png()))
        logo.anchor = "H1"
        wb.worksheets[0].add_image(logo)
    wb.save(path)
    return path


def task_template(path: Path, *, image: bool = True, hidden: bool = True, extra_rows=()) -> Path:
    """Rows per task, two-level merged header (完成情况 over 工作进展 | 存在困难 | 下一步打算), a SUM totals row."""
    wb = openpyxl.Workbook()
    wb.active.title = TASK_SHEET
    _task_sheet(wb.active, extra_rows=extra_rows)
    return _finish(wb, path, image=image, hidden=hidden)


def indicator_template(path: Path) -> Path:
    """Rows per target: 指标名称 | 基期值 | 目标值 | 本期数 | 完成率."""
    wb = openpyxl.Workbook()
    wb.active.title = INDICATOR_SHEET
    _indicator_sheet(wb.active)
    return _finish(wb, path, image=False, hidden=False)


def two_sheet_template(path: Path) -> Path:
    """Tasks on one sheet, targets on another, a hidden list sheet and a logo."""
    wb = openpyxl.Workbook()
    wb.active.title = TASK_SHEET
    _task_sheet(wb.active)
    _indicator_sheet(wb.create_sheet(INDICATOR_SHEET))
    return _finish(wb, path, image=True, hidden=True)


def filled_last_quarter(path: Path) -> Path:
    """The task template as the county sent it back last quarter: old texts and numbers in the data cells."""
    task_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_SHEET]
    for row in range(5, 10):
        ws[f"D{row}"], ws[f"G{row}"] = "上季度的进展", 50
    wb.save(path)
    return path


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
