"""Export the audit trail (修改记录) to an Excel workbook: streamed (write_only), text never turned into a formula."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from db.audit_log import AuditFilter, count_audit_rows, iter_audit_rows
from reports.xlsx_text import put_text

COLUMNS = [("id", "序号", 8), ("at", "时间", 20), ("actor", "操作人", 10), ("action", "操作", 14),
           ("task_label", "任务", 30), ("unit_name", "单位", 22), ("period_name", "报告期", 16),
           ("field_label", "字段", 12), ("old", "原值", 30), ("new", "新值", 30), ("source", "来源", 10),
           ("source_file", "来源文件", 28)]
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def text_cell(ws, value) -> WriteOnlyCell:
    """A cell that always holds text (never a formula), with characters Excel cannot store removed."""
    if value is None:
        return WriteOnlyCell(ws, None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value)
    text = str(value).translate(_ILLEGAL)[:32000]
    cell = WriteOnlyCell(ws)
    put_text(cell, text)
    return cell


def export_audit(ledger, target: Path | str, audit_filter: AuditFilter = AuditFilter(), *, title: str = "修改记录",
                 progress: Callable[[int, int], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> int:
    """Write the matching audit rows to `target` (.xlsx, via a temporary name); returns the number of rows."""
    target = Path(target)
    total = count_audit_rows(ledger, audit_filter)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("修改记录")
    for index, (_, _, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    heading = WriteOnlyCell(sheet, title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    header = []
    for _, label, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A3"
    written = 0
    for row in iter_audit_rows(ledger, audit_filter):
        sheet.append([text_cell(sheet, row.get(key)) for key, _, _ in COLUMNS])
        written += 1
        if written % 1000 == 0:
            if progress:
                progress(written, total)
            if is_cancelled and is_cancelled():
                raise InterruptedError("已取消导出。")
    temporary = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.xlsx")
    try:
        workbook.save(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    if progress:
        progress(written, total)
    return written
