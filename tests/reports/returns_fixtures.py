"""Helpers for the return-loop tests: issue a form, fill it as a unit would (only input cells), re-save it
through LibreOffice, and build the quirks real spreadsheets produce (WPS dimensions, serial dates…)."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reports import form_layout as L
from reports.form_writer import export_forms

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def issue(ledger, out_dir: Path, unit: str = "市科技局", period: str = "2026Q3") -> Path:
    [path] = export_forms(ledger, period, out_dir, unit_name=unit)
    return path


def row_of(ws, key: str) -> int:
    column = L.key_column_index(L.PROGRESS_COLUMNS if ws.title == L.PROGRESS_SHEET else L.INDICATOR_COLUMNS)
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == key:
            return row
    raise KeyError(key)


def task_keys(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    ws = wb[L.PROGRESS_SHEET]
    column = L.key_column_index(L.PROGRESS_COLUMNS)
    keys = [ws.cell(r, column).value for r in range(L.FIRST_DATA_ROW, ws.max_row + 1)]
    return [k for k in keys if k and k.startswith("T")]


def fill(path: Path, out: Path, tasks: dict[str, dict] | None = None, indicators: dict[str, dict] | None = None,
         foot: dict | None = None) -> Path:
    """Type into input cells only: tasks={'T4': {'status': '已完成', 'percent': 100}}, foot={'filled_by': '王磊'}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[L.PROGRESS_SHEET]
    for key, values in (tasks or {}).items():
        row = row_of(ws, key)
        for name, value in values.items():
            column = L.column_index(L.PROGRESS_COLUMNS, name)
            assert L.PROGRESS_COLUMNS[column - 1].is_input, f"{name} is not an input column"
            ws.cell(row, column).value = value
    if foot:
        row = row_of(ws, L.FOOT_KEY)
        for label_col, _, input_col, name in L.FOOT_CELLS:
            if name in foot:
                ws[f"{input_col}{row}"].value = foot[name]
    wi = wb[L.INDICATOR_SHEET] if indicators else None   # a unit without targets has no such sheet
    for key, values in (indicators or {}).items():
        row = row_of(wi, key)
        for name, value in values.items():
            wi.cell(row, L.column_index(L.INDICATOR_COLUMNS, name)).value = value
    wb.save(out)
    return out


def libreoffice_resave(path: Path, out_dir: Path) -> Path:
    """What happens when a unit opens the form in another program and saves it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=180)
    result = out_dir / path.name
    assert result.exists(), "LibreOffice wrote no file"
    return result


def to_pdf(path: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=180)
    return out_dir / (path.stem + ".pdf")


def rewrite_member(path: Path, out: Path, member: str, change) -> Path:
    """Copy a workbook, passing one zip member's text through `change` (to build WPS-style quirks)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out


def sheet_member(path: Path, title: str) -> str:
    """The zip member holding a sheet (xl/worksheets/sheetN.xml) by its title."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(r'<sheet [^>]*name="' + re.escape(title) + r'"[^>]*r:id="([^"]+)"', workbook)
    if rid is None:
        rid = re.search(r'<sheet [^>]*r:id="([^"]+)"[^>]*name="' + re.escape(title) + '"', workbook)
    target = re.search(r'<Relationship [^>]*Id="' + rid.group(1) + r'"[^>]*Target="([^"]+)"', rels) or \
        re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="' + rid.group(1) + '"', rels)
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else "xl/" + name


def audit_count(ledger) -> int:
    return ledger.scalar("SELECT COUNT(*) FROM audit")


def progress_of(ledger, task_id: int, unit_name: str, period_key: str = "2026Q3") -> dict | None:
    row = ledger.row("SELECT p.* FROM progress p JOIN units u ON u.id = p.unit_id JOIN periods pe ON pe.id = p.period_id"
                     " WHERE p.task_id = ? AND (u.name = ? OR u.short_name = ?) AND pe.key = ?",
                     (task_id, unit_name, unit_name, period_key))
    return dict(row) if row else None
