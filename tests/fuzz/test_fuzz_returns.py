"""Fuzz the returns importer with thousands of malformed and hostile workbooks built from a real issued form:
corrupt and truncated zips, zip bombs, formula cells, wrong types, 10 MB strings, hostile evidence names,
deleted or renamed sheets, enormous sheets. Always a Chinese message, never a crash, never a partial write,
never a file written anywhere."""
from __future__ import annotations

import io
import random
import time
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from db.errors import LedgerError
from tests.fuzz.hostile import (WriteWatch, files_under, hostile_name, is_chinese_message, mutate_bytes, rezip,
                                zip_bomb)

HOSTILE_VALUES = [
    "=1+1", "=HYPERLINK(\"http://evil\",\"点我\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "", None, 0, -5, 101,
    1e308, -1e308, 3.14159, True, False, datetime(1900, 1, 1), datetime(9999, 12, 31), "八十", "80%", "８０", "3,5",
    "已完成 ", "完成", "推进中\n滞后", "../../x", "C:\\Windows\\x", "\\\\server\\share\\x", "CON", "知" * 40000,
    "\u202e\ufeff\u200b", "gpj\u202eexe.报告", "第一行_x000D_第二行", "_x001B_[31m红字", "零\u200b宽\u2066隔离", "𠀀𪚥", "<script>alert(1)</script>", "'; DROP TABLE progress; --", "NULL", "nan", "inf",
]
PROGRESS_INPUT = "FGHIJK"   # 完成状态 … 佐证材料名称 on 任务进展
INDICATOR_INPUT = "GH"      # 本期数值, 备注 on 指标填报


@pytest.fixture(scope="module")
def issued(tmp_path_factory, _demo_template):
    """A demo ledger copy and one real form issued from it for 2026Q3."""
    import shutil

    from db.ledger import Ledger
    from reports.form_writer import export_forms

    folder = tmp_path_factory.mktemp("issued")
    path = folder / "台账.ipledger"
    shutil.copy(_demo_template, path)
    ledger = Ledger.open(path, actor="模糊测试")
    unit_id = ledger.scalar("SELECT id FROM units WHERE name = '市科技局'")
    form = export_forms(ledger, "2026Q3", folder / "forms", unit_ids=[unit_id])[0]
    yield ledger, form.read_bytes()
    ledger.close()


def _fingerprint(ledger) -> tuple:
    return (ledger.scalar("SELECT COUNT(*) FROM audit"), ledger.scalar("SELECT MAX(id) FROM audit"),
            ledger.scalar("SELECT COUNT(*), TOTAL(length(progress)), TOTAL(percent) FROM progress"),
            ledger.scalar("SELECT TOTAL(value) FROM indicator_values"))


def _run_case(ledger, path, data: bytes, stats: dict) -> None:
    from reports.returns_import import import_return   # the one road the window and the command line take

    path.write_bytes(data)
    before = _fingerprint(ledger)
    last_audit = before[1]
    try:
        with WriteWatch() as watch:
            report = import_return(ledger, path)
        assert watch.written == [], f"the importer wrote files: {watch.written}"
    except LedgerError as exc:
        assert is_chinese_message(str(exc)), str(exc)
        assert _fingerprint(ledger) == before
        stats["raised"] += 1
        return
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} importing {path.name} ({len(data)} bytes): {exc}") from exc
    stats[report.verdict] = stats.get(report.verdict, 0) + 1
    if report.verdict != "applied":
        assert _fingerprint(ledger) == before, f"{report.verdict} but the ledger changed"
    else:
        added = ledger.rows("SELECT DISTINCT source_file, batch FROM audit WHERE id > ?", (last_audit,))
        assert [tuple(r) for r in added] == [(path.name, added[0]["batch"])], "one file, one transaction"
        _assert_clean_texts(ledger)
    for error in report.errors:
        assert is_chinese_message(error["message"]), error


def _assert_clean_texts(ledger) -> None:
    """Text hygiene (db.values.clean_imported_text): no Excel escapes, bidi overrides, zero-width or control
    characters reach the ledger, whatever the return carried."""
    import re

    from db.values import INVISIBLE_CHARACTERS

    for row in ledger.rows("SELECT progress, problems, next_steps FROM progress"):
        for text in row:
            if text:
                assert not re.search(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f]", text), repr(text[:80])
                assert not set(text) & set(INVISIBLE_CHARACTERS), repr(text[:80])


def _set(sheet, cell: str, value) -> None:
    try:
        sheet[cell] = value
    except AttributeError:  # a merged cell (the sign-off row) cannot hold a value
        pass


def _mutated_workbook(base: bytes, rng: random.Random) -> bytes:
    workbook = load_workbook(io.BytesIO(base))
    progress = workbook["任务进展"]
    indicators = workbook["指标填报"] if "指标填报" in workbook.sheetnames else None   # a unit without targets

    action = rng.randrange(10)
    if action <= 5:  # hostile values in the input cells
        for _ in range(rng.randint(1, 8)):
            sheet, columns = (progress, PROGRESS_INPUT) if rng.random() < 0.75 or indicators is None \
                else (indicators, INDICATOR_INPUT)
            row = rng.randint(5, max(sheet.max_row, 6))
            value = rng.choice(HOSTILE_VALUES) if rng.random() < 0.8 else hostile_name(rng)
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
            _set(sheet, f"{rng.choice(columns)}{row}", value)
    elif action == 6:  # locked cells changed
        _set(progress, f"{rng.choice('ABD')}{rng.randint(5, progress.max_row)}", rng.choice(HOSTILE_VALUES[:6] + ["改"]))
    elif action == 7:  # rows added or removed
        if rng.random() < 0.5:
            progress.insert_rows(rng.randint(5, progress.max_row), rng.randint(1, 5))
        else:
            progress.delete_rows(rng.randint(5, progress.max_row), rng.randint(1, 3))
    elif action == 8:  # sheets renamed, removed or the signed meta sheet dropped
        victim = rng.choice(workbook.sheetnames)
        others_visible = [w for w in workbook.worksheets if w.title != victim and w.sheet_state == "visible"]
        if rng.random() < 0.5 and others_visible:   # a workbook keeps one visible sheet (openpyxl needs it)
            del workbook[victim]
        else:
            workbook[victim].title = rng.choice(["Sheet1", "任务进展2", "指标", "表单校验信息x"])
    else:  # a large block of junk rows
        for row in range(progress.max_row + 1, progress.max_row + rng.randint(10, 400)):
            _set(progress, f"H{row}", "无关内容" * rng.randint(1, 50))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_fuzz_damaged_workbook_files(issued, tmp_path, monkeypatch):
    ledger, base = issued
    monkeypatch.chdir(tmp_path)
    rng = random.Random(21)
    stats = {"raised": 0}
    before = files_under(tmp_path)
    for index in range(700):
        data = mutate_bytes(base, rng) if rng.random() < 0.6 else rezip(base, rng)
        path = tmp_path / f"2026Q3_市科技局_进展填报表_{index}.xlsx"
        _run_case(ledger, path, data, stats)
        path.unlink()
    assert files_under(tmp_path) == before
    assert stats.get("refused", 0) > 400, stats


def test_fuzz_hostile_cell_values(issued, tmp_path, monkeypatch):
    ledger, base = issued
    monkeypatch.chdir(tmp_path)
    rng = random.Random(22)
    stats = {"raised": 0}
    before = files_under(tmp_path)
    for index in range(120):
        path = tmp_path / f"2026Q3_市科技局_进展填报表_{index}.xlsx"
        _run_case(ledger, path, _mutated_workbook(base, rng), stats)
        path.unlink()
    assert files_under(tmp_path) == before
    assert stats.get("refused", 0) > 20 and stats.get("applied", 0) + stats.get("unchanged", 0) > 10, stats
    from db.audit_chain import verify_chain
    assert verify_chain(ledger) is None
    assert ledger.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_returns_bombs_and_enormous_sheets(issued, tmp_path):
    ledger, base = issued
    stats = {"raised": 0}
    workbook = load_workbook(io.BytesIO(base))
    sheet = workbook["任务进展"]
    for row in range(sheet.max_row + 1, sheet.max_row + 60000):
        sheet.cell(row=row, column=8, value="行")
    big = io.BytesIO()
    workbook.save(big)
    cases = {
        "bomb.xlsx": zip_bomb("xl/worksheets/sheet1.xml", 300 * 1024 * 1024, base),
        "huge-sheet.xlsx": big.getvalue(),
        "ten-mb-string.xlsx": _with_cell(base, "H5", "知" * (10 * 1024 * 1024 // 3)),
        "random.xlsx": random.Random(23).randbytes(5 * 1024 * 1024),
        "empty.xlsx": b"",
        "old-excel.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 5000,
        "strings-79mb.xlsx": _with_shared_strings(base, 79 * 1024 * 1024),
    }
    for name, data in cases.items():
        started = time.perf_counter()
        _run_case(ledger, tmp_path / name, data, stats)
        assert time.perf_counter() - started < 20, f"{name} took too long to refuse"
    assert stats.get("refused", 0) >= 5, stats


def _with_shared_strings(base: bytes, size: int) -> bytes:
    """A return whose shared strings unpack to `size` bytes (a few MB packed): below the file and total caps."""
    chunk = "<si><t>" + "填报内容" * 2000 + "</t></si>"
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + chunk * (size // len(chunk.encode("utf-8"))) + "</sst>").encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item.filename, source.read(item.filename))
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_fuzz_hidden_sheets_moved_between_units(issued, tmp_path):
    """Every unit's signed hidden sheet placed inside every other unit's workbook: always refused, nothing written."""
    from reports.form_writer import export_forms

    ledger, _base = issued
    units = [r[0] for r in ledger.rows("SELECT DISTINCT unit_id FROM task_units ORDER BY unit_id LIMIT 4")]
    forms = {unit: export_forms(ledger, "2026Q3", tmp_path / f"u{unit}", unit_ids=[unit])[0] for unit in units}
    stats = {"raised": 0}
    for donor in units:
        meta = load_workbook(forms[donor])["表单校验信息"]
        for host in units:
            if host == donor:
                continue
            workbook = load_workbook(forms[host])
            sheet = workbook["表单校验信息"]
            sheet.delete_rows(1, sheet.max_row)
            for row in meta.iter_rows():
                for cell in row:
                    sheet.cell(cell.row, cell.column, cell.value)
            out = io.BytesIO()
            workbook.save(out)
            _run_case(ledger, tmp_path / f"moved_{donor}_{host}.xlsx", out.getvalue(), stats)
    assert stats.get("refused", 0) == len(units) * (len(units) - 1), stats



def _with_cell(base: bytes, cell: str, value) -> bytes:
    workbook = load_workbook(io.BytesIO(base))
    workbook["任务进展"][cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
