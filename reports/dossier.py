"""The acceptance dossier (验收材料): what inspectors ask for at 验收, in one folder.

    01_工作总结暨验收报告.pdf / .docx      the acceptance report, PDF to print and Word to edit
    02_<period>_重点任务进展汇总表.xlsx      the summary workbook of the period the report runs to
    03_佐证材料索引.xlsx                     the index: 编号, 任务, 文件名, 报送单位, 报告期, 大小, SHA-256, 存放位置
    04_实施高价值专利培育工程/4-1_….pdf       every evidence file copied out, one folder per task, named by its number

Task folders are numbered by the task's own number (任务4 → 04_…) and named by its title; files by their index
number from the report's 佐证材料目录 (reports.report_data.acceptance_data), so the printed index, the folders and
the workbook agree. Everything is written into a temporary folder beside the target and moved into place at the end,
so a failure or a cancel leaves nothing half-written. A folder that already holds files is refused.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from db.errors import LedgerError
from db.evidence import safe_file_name

INDEX_NAME = "03_佐证材料索引.xlsx"
INDEX_COLUMNS = [("序号", 6), ("编号", 8), ("任务", 36), ("文件名", 40), ("报送单位", 24), ("报告期", 16),
                 ("大小", 10), ("SHA-256 校验码", 30), ("存放位置", 48)]


class DossierError(LedgerError):
    """The target folder cannot take the dossier (not empty, not a folder)."""


class DossierCancelled(LedgerError):
    pass


@dataclass
class DossierResult:
    folder: Path
    files: list[Path] = field(default_factory=list)     # relative to the folder
    evidence_count: int = 0
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def task_folder_name(number: str, title: str) -> str:
    """'4', '实施高价值专利培育工程' → '04_实施高价值专利培育工程' (a number that is not plain digits is kept as written)."""
    digits = re.fullmatch(r"\d+", number or "")
    prefix = f"{int(number):02d}" if digits else (number or "00")
    return safe_file_name(f"{prefix}_{title}")[:80].rstrip(" .")


def evidence_file_name(ref: str, name: str) -> str:
    """'4-1', '验收报告.pdf' → '4-1_验收报告.pdf'."""
    return safe_file_name(f"{ref}_{name}")


def check_target(out: Path) -> None:
    """The dossier goes into a new or empty folder only."""
    if out.exists() and not out.is_dir():
        raise DossierError(f"{out} 是一个文件，不是文件夹。请指定一个新的或空的文件夹来存放验收材料。")
    if out.is_dir() and any(out.iterdir()):
        raise DossierError(f"文件夹 {out} 里已有文件。为免覆盖或混入旧材料，请指定一个新的或空的文件夹。")
    if not out.parent.is_dir():
        raise DossierError(f"保存位置不存在：{out.parent}。请先建立该文件夹，或换一个保存位置。")


def export_dossier(ledger, out: str | Path, period_key: str | None = None, *,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None) -> DossierResult:
    from reports.acceptance_report import acceptance_content
    from reports.report_data import acceptance_data
    from reports.report_output import write_report_content

    out = Path(out)
    check_target(out)
    data = acceptance_data(ledger, period_key)
    items = data.evidence
    total = 4 + len(items)
    step = 0

    def advance() -> None:
        nonlocal step
        if is_cancelled is not None and is_cancelled():
            raise DossierCancelled("已取消导出验收材料，未写入任何文件。")
        step += 1
        if progress is not None:
            progress(step, total)

    staging = Path(tempfile.mkdtemp(prefix=".验收材料-", dir=out.parent))
    try:
        result = DossierResult(out, title=data.title)
        content = acceptance_content(data)
        base = safe_file_name(f"01_{data.title}")
        for fmt in ("pdf", "docx"):
            built = write_report_content(content, staging / f"{base}.{fmt}", fmt=fmt, check=data.county + data.bureau)
            result.files.append(built.path.relative_to(staging))
            advance()
        result.warnings = list(content.warnings)
        if data.period is not None:
            from reports.summary_writer import export_summary, summary_file_name

            name = f"02_{summary_file_name(data.period['key'])}"
            export_summary(ledger, data.period["key"], staging / name)
            result.files.append(Path(name))
        else:
            result.warnings.append("方案还没有报告期，未附汇总表。")
        advance()
        titles = {t.number: t.title for s in data.sections for t in s.tasks}
        rows = []
        for index, item in enumerate(items, 1):
            folder = task_folder_name(item.task_number, titles.get(item.task_number, ""))
            target = staging / folder / evidence_file_name(item.ref, item.name)
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(_evidence_data(ledger, item))
            relative = target.relative_to(staging)
            result.files.append(relative)
            rows.append([index, item.ref, f"{item.task_number}.{titles.get(item.task_number, '')}", item.name,
                         item.unit, item.period, item.size, item.full_sha256, str(relative).replace(os.sep, "/")])
            advance()
        _write_index(staging / INDEX_NAME, rows, data.title)
        result.files.append(Path(INDEX_NAME))
        result.evidence_count = len(items)
        advance()
        _move_into_place(staging, out)
        return result
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _evidence_data(ledger, item) -> bytes:
    from db.evidence import evidence_bytes

    return evidence_bytes(ledger, item.evidence_id)[1]


def _write_index(path: Path, rows: list[list], title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from reports.atomic_file import save_workbook_atomically
    from reports.font_names import EXCEL_FONT
    from reports.xlsx_text import put_text

    wb = Workbook()
    ws = wb.active
    ws.title = "佐证材料索引"
    ws.append([f"{title} 佐证材料索引"])
    ws["A1"].font = Font(name=EXCEL_FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(INDEX_COLUMNS))
    ws.append([label for label, _width in INDEX_COLUMNS])
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (_label, width) in enumerate(INDEX_COLUMNS, 1):
        ws.column_dimensions[ws.cell(2, col).column_letter].width = width
        head = ws.cell(2, col)
        head.font = Font(name=EXCEL_FONT, size=11, bold=True)
        head.fill = PatternFill("solid", fgColor="DDEBF7")
        head.border = border
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, 3):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c)
            put_text(cell, value)
            cell.font = Font(name=EXCEL_FONT, size=11)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    if not rows:
        ws.cell(3, 1, "台账中尚未上传佐证材料。")
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    save_workbook_atomically(wb, path)


def _move_into_place(staging: Path, out: Path) -> None:
    if out.is_dir():
        if any(out.iterdir()):      # something appeared meanwhile: never mix with it
            raise DossierError(f"文件夹 {out} 里已有文件。为免覆盖或混入旧材料，请指定一个新的或空的文件夹。")
        out.rmdir()
    os.replace(staging, out)


def dossier_folder_in(chosen: str | Path, made_on) -> Path:
    """Where the dossier goes when the clerk picks a folder: that folder if it is empty, else a new
    '验收材料（2026年12月5日）' folder inside it (numbered if that exists too)."""
    from db.vocabulary import chinese_date

    chosen = Path(chosen)
    if chosen.is_dir() and not any(chosen.iterdir()):
        return chosen
    base = f"验收材料（{chinese_date(made_on)}）"
    candidate, number = chosen / base, 2
    while candidate.exists():
        candidate, number = chosen / f"{base}{number}", number + 1
    return candidate


def build_dossier(open_ledger, out: Path, period_key: str | None, progress, is_cancelled) -> DossierResult:
    """Worker body (no Qt): an own read-only connection, then the dossier."""
    ledger = open_ledger()
    try:
        return export_dossier(ledger, out, period_key, progress=progress, is_cancelled=is_cancelled)
    finally:
        ledger.close()
