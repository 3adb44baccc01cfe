"""Returns as a careless or hostile sender would send them (issue 18): an older return after a newer one, a hidden
sheet moved into another unit's workbook, the same file imported twice at once, a change between examining and
applying, Excel escapes and invisible characters, an over-long cell, strings that unpack to tens of MB."""
from __future__ import annotations

import re
import time
import zipfile
from datetime import datetime, timezone

import openpyxl

from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import record_progress
from db.units import find_unit
from reports import form_layout as L
from reports.returns_import import apply_examined, import_returns
from reports.returns_reader import examine_return
from tests.reports.returns_fixtures import fill, issue, progress_of, rewrite_member, row_of, task_keys


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _saved(path, when: datetime):
    """Set the time the unit saved the workbook (docProps/core.xml, UTC, as Excel and WPS write it)."""
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = path.with_name("saved_" + path.name)
    rewrite_member(path, out, "docProps/core.xml", lambda text: re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", lambda m: m[1] + stamp + m[2], text))
    return out


def test_an_older_return_after_a_newer_one_is_refused_with_both_times(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    first = task_keys(form)[0]
    v1 = _saved(fill(form, tmp_path / "v1.xlsx", tasks={first: {"progress": "第一版进展"}}), datetime(2026, 9, 20, 9, 0))
    v2 = _saved(fill(form, tmp_path / "v2.xlsx", tasks={first: {"progress": "第二版进展"}}), datetime(2026, 9, 25, 16, 30))
    v2 = v2.rename(tmp_path / "第二版.xlsx")
    assert [r.verdict for r in import_returns(demo_ledger, [v1, v2], backup=False).reports] == ["applied", "applied"]
    again = import_returns(demo_ledger, [v1], backup=False).reports[0]
    assert again.verdict == "refused"
    message = again.error_lines()[0]
    assert "2026年9月20日 09:00:00" in message and "2026年9月25日 16:30:00" in message and "第二版.xlsx" in message
    assert progress_of(demo_ledger, int(first[1:]), "市科技局")["progress"] == "第二版进展"


def test_a_hidden_sheet_moved_into_another_units_workbook_is_refused(demo_ledger, tmp_path):
    science = issue(demo_ledger, tmp_path / "a", "市科技局")
    industry = issue(demo_ledger, tmp_path / "b", "市工信局")
    source = openpyxl.load_workbook(science)[L.META_SHEET]
    workbook = openpyxl.load_workbook(industry)
    meta = workbook[L.META_SHEET]
    meta.delete_rows(1, meta.max_row)
    for row in source.iter_rows():
        for cell in row:
            meta.cell(cell.row, cell.column, cell.value)
    moved = tmp_path / "moved.xlsx"
    workbook.save(moved)
    report = examine_return(demo_ledger, moved)
    assert report.verdict == "refused"
    text = "\n".join(report.error_lines())
    assert "表头" in text and "市工信局" in text and "市科技局" in text


def test_two_imports_of_the_same_file_at_once_apply_it_once(demo_ledger, demo_path, tmp_path):
    from db.ledger import Ledger

    form = issue(demo_ledger, tmp_path / "issued")
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={first: {"progress": "同时导入的进展", "percent": 66}})
    other = Ledger.open(demo_path, actor="另一个窗口")
    try:
        mine, theirs = examine_return(demo_ledger, filled), examine_return(other, filled)
        assert mine.verdict == theirs.verdict == "would-apply"
        apply_examined(other, theirs, {}, "keep")
        apply_examined(demo_ledger, mine, {}, "keep")
    finally:
        other.close()
    assert (theirs.verdict, mine.verdict) == ("applied", "unchanged")
    assert demo_ledger.scalar("SELECT COUNT(*) FROM imported_returns WHERE sha256 = ? AND verdict = 'applied'",
                              (mine.sha256,)) == 1


def test_a_change_between_examining_and_applying_becomes_a_conflict(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={first: {"percent": 70}})
    report = examine_return(demo_ledger, filled)
    assert report.analysis.conflicts == []
    unit_id = find_unit(demo_ledger, "市科技局")
    period_id = get_period(demo_ledger, current_plan_id(demo_ledger), "2026Q3")["id"]
    record_progress(demo_ledger, int(first[1:]), unit_id, period_id, {"percent": 45})   # the clerk, meanwhile
    apply_examined(demo_ledger, report, {}, "keep")
    assert [c.field for c in report.analysis.conflicts] == ["percent"]
    assert progress_of(demo_ledger, int(first[1:]), "市科技局")["percent"] == 45


def test_excel_escapes_and_invisible_characters_are_cleaned(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / "filled.xlsx", tasks={first: {
        "progress": "第一行_x000D_\n第二行_x001B_完成\u202e\u200b\u2066签约", "problems": "\ufeff无\u200d"}})
    assert import_returns(demo_ledger, [filled], backup=False).reports[0].verdict == "applied"
    entry = progress_of(demo_ledger, int(first[1:]), "市科技局")
    assert entry["progress"] == "第一行\n第二行完成签约"
    assert entry["problems"] == "无"


def _with_long_cell(form, out, length: int):
    wb = openpyxl.load_workbook(form)
    ws = wb[L.PROGRESS_SHEET]
    row = row_of(ws, task_keys(form)[0])
    ws.cell(row, L.column_index(L.PROGRESS_COLUMNS, "progress"), "LONGCELLPLACEHOLDER")
    wb.save(out)
    with zipfile.ZipFile(out) as archive:
        member = next(n for n in archive.namelist() if b"LONGCELLPLACEHOLDER" in archive.read(n))
    final = out.with_name("long_" + out.name)
    return rewrite_member(out, final, member, lambda text: text.replace("LONGCELLPLACEHOLDER", "知" * length))


def test_too_long_says_the_real_length(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    report = examine_return(demo_ledger, _with_long_cell(form, tmp_path / "long.xlsx", 100_000))
    assert report.verdict == "refused"
    assert any("100000字" in line for line in report.error_lines()), report.error_lines()


def test_strings_that_unpack_to_tens_of_megabytes_are_refused_in_seconds(demo_ledger, tmp_path):
    form = fill(issue(demo_ledger, tmp_path / "issued"), tmp_path / "filled.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    padding = "".join(f"<si><t>{'填报内容' * 2000}{i}</t></si>" for i in range(3300))   # ~79 MB of strings
    strings = f'<sst xmlns="{SHEET_NS}" count="3300" uniqueCount="3300">{padding}</sst>'.encode("utf-8")
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rId99"/></Relationships>')
            target.writestr(item.filename, data)
        target.writestr("xl/sharedStrings.xml", strings)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    started = time.perf_counter()
    report = examine_return(demo_ledger, bomb)
    assert time.perf_counter() - started < 5
    assert report.verdict == "refused" and "MB" in report.error_lines()[0] and "已拒绝" in report.error_lines()[0]


def test_the_window_and_the_command_line_share_the_verdict_words():
    import desktop.commands.import_returns as command
    import inspect

    from reports.return_verdicts import VERDICT_WORDS

    from ui.pages import returns_page

    source = inspect.getsource(command) + inspect.getsource(returns_page)
    for word in ("已导入", "已拒绝", "可导入", "保留台账", "采用报表"):   # from reports/return_verdicts.py only
        assert f'"{word}' not in source, word
    assert returns_page.VERDICT_LABELS is VERDICT_WORDS and VERDICT_WORDS["applied"] == "已导入"


def _import_in_child(ledger_path: str, file: str, start, results) -> None:
    from db.ledger import Ledger

    ledger = Ledger.open(ledger_path, actor="另一个进程")
    start.wait()
    try:
        results.put(import_returns(ledger, [file], backup=False).reports[0].verdict)
    finally:
        ledger.close()


def test_two_processes_importing_the_same_file_at_once_apply_it_once(demo_path, tmp_path):
    import multiprocessing

    from db.ledger import Ledger

    context = multiprocessing.get_context("fork")
    with Ledger.open(demo_path, actor="测试") as ledger:
        form = issue(ledger, tmp_path / "issued")
    key = task_keys(form)[0]
    for trial in range(3):
        filled = fill(form, tmp_path / f"filled{trial}.xlsx", tasks={key: {"progress": f"第{trial}次同时导入"}})
        start, results = context.Barrier(2), context.Queue()
        children = [context.Process(target=_import_in_child, args=(str(demo_path), str(filled), start, results))
                    for _ in range(2)]
        for child in children:
            child.start()
        verdicts = sorted(results.get(timeout=60) for _ in children)
        for child in children:
            child.join(30)
        assert verdicts == ["applied", "unchanged"], (trial, verdicts)
    with Ledger.open(demo_path, actor="测试") as ledger:
        assert ledger.scalar("SELECT COUNT(*) FROM imported_returns WHERE verdict = 'applied'") == 3
