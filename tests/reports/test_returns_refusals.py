"""Every refusal: the file is named with the reason in Chinese, and nothing at all is written."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from db.periods import get_period, set_period_state
from db.plan_store import current_plan_id
from reports import form_layout as L
from reports.returns_reader import examine_return, import_return
from tests.reports.returns_fixtures import audit_count, fill, issue, row_of, task_keys


@pytest.fixture
def form(demo_ledger, tmp_path):
    return issue(demo_ledger, tmp_path / "issued", "市科技局")


def _refused(ledger, path, *, expect: str, **kwargs):
    before = audit_count(ledger)
    imports = ledger.scalar("SELECT COUNT(*) FROM imported_returns")
    report = import_return(ledger, path, **kwargs)
    assert report.verdict == "refused"
    text = "\n".join(report.error_lines())
    assert expect in text, text
    assert audit_count(ledger) == before and ledger.scalar("SELECT COUNT(*) FROM imported_returns") == imports
    return report


def test_not_a_workbook(demo_ledger, tmp_path):
    fake = tmp_path / "2026Q3_市科技局_进展填报表.xlsx"
    fake.write_bytes(b"PK but not really a zip")
    report = _refused(demo_ledger, fake, expect="不是Excel工作簿")
    assert report.unreadable
    old = tmp_path / "旧表.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _refused(demo_ledger, old, expect="另存为")
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    _refused(demo_ledger, empty, expect="空文件")
    _refused(demo_ledger, tmp_path / "没有这个文件.xlsx", expect="找不到文件")


def test_zip_bomb_is_refused_before_loading(demo_ledger, form, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(form) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    _refused(demo_ledger, bomb, expect="压缩炸弹")


def test_huge_string_and_formula_are_handled(demo_ledger, form, tmp_path):
    key = task_keys(form)[0]
    filled = fill(form, tmp_path / "big.xlsx", tasks={key: {"progress": "进" * (10 * 1024 * 1024),
                                                            "percent": "=1/0", "status": "=A1"}})
    report = _refused(demo_ledger, filled, expect="内容过长")
    assert len(report.error_lines()[0]) < 400        # the message does not echo ten megabytes
    # a formula is never evaluated; with no saved result (openpyxl saves none) it is named, not read as empty
    by_column = {e["column"]: e["message"] for e in report.errors}
    assert "公式“=1/0”" in by_column["完成进度"] and "公式“=A1”" in by_column["完成状态"]


def test_a_workbook_that_is_not_our_form(demo_ledger, tmp_path):
    plain = tmp_path / "自制表格.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = L.PROGRESS_SHEET
    wb.active["A5"] = "1"
    wb.save(plain)
    _refused(demo_ledger, plain, expect="不是本系统下发的填报表")


def test_content_copied_into_a_new_workbook(demo_ledger, form, tmp_path):
    wb = openpyxl.load_workbook(form)
    del wb[L.META_SHEET]
    copied = tmp_path / "复制的.xlsx"
    wb.save(copied)
    _refused(demo_ledger, copied, expect="缺少表格的隐藏校验信息")


def test_altered_hidden_metadata_fails_the_checksum(demo_ledger, form, tmp_path):
    wb = openpyxl.load_workbook(form)
    meta = wb[L.META_SHEET]
    key = task_keys(form)[0]
    meta["A4"] = meta["A4"].value.replace(f'"key":"{key}"', '"key":"T99"', 1)
    wb.save(tmp_path / "改过.xlsx")
    _refused(demo_ledger, tmp_path / "改过.xlsx", expect="隐藏校验信息与内容不符")


def test_altered_locked_cells(demo_ledger, form, tmp_path):
    wb = openpyxl.load_workbook(form)
    ws = wb[L.PROGRESS_SHEET]
    row = row_of(ws, task_keys(form)[1])
    ws.cell(row, 2).value = "改了名字的任务"
    ws.cell(row, 4).value = "牵头"
    wb.save(tmp_path / "锁定.xlsx")
    report = _refused(demo_ledger, tmp_path / "锁定.xlsx", expect="锁定的内容")
    columns = {(e["row"], e["column"]) for e in report.errors if e["row"]}
    assert {(row, "任务"), (row, "分工")} <= columns


def test_rows_from_another_units_form(demo_ledger, form, tmp_path):
    other = issue(demo_ledger, tmp_path / "other", "市财政局")
    foreign_key = next(k for k in task_keys(other) if k not in task_keys(form))
    wb = openpyxl.load_workbook(form)
    ws = wb[L.PROGRESS_SHEET]
    row = row_of(ws, L.FOOT_KEY) + 1 + L.SEAL_ROWS + 1      # pasted below the sign-off row and the seal box
    source = openpyxl.load_workbook(other)[L.PROGRESS_SHEET]
    source_row = row_of(source, foreign_key)
    for column in range(1, L.key_column_index(L.PROGRESS_COLUMNS) + 1):
        ws.cell(row, column).value = source.cell(source_row, column).value
    wb.save(tmp_path / "混入.xlsx")
    report = _refused(demo_ledger, tmp_path / "混入.xlsx", expect="不属于本单位")
    assert report.errors[0]["row"] == row and report.errors[0]["sheet"] == L.PROGRESS_SHEET


def test_form_of_another_ledger(demo_ledger, form, tmp_path):
    demo_ledger.set_setting("ledger_id", "another-ledger")
    _refused(demo_ledger, form, expect="另一个台账")


def test_form_of_another_plan(demo_ledger, form):
    _refused(demo_ledger, form, expect="另一个方案", plan_id=current_plan_id(demo_ledger) + 1)


def test_closed_period(demo_ledger, form):
    period = get_period(demo_ledger, current_plan_id(demo_ledger), "2026Q3")
    set_period_state(demo_ledger, period["id"], "closed")
    _refused(demo_ledger, form, expect="已关闭")


def test_bad_values_by_sheet_row_and_column(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", "市市场监管局")
    keys = task_keys(form)
    wb = openpyxl.load_workbook(form)
    indicator_key = wb[L.INDICATOR_SHEET].cell(L.FIRST_DATA_ROW, L.key_column_index(L.INDICATOR_COLUMNS)).value
    filled = fill(form, tmp_path / "错.xlsx", tasks={keys[2]: {"percent": "八十"}, keys[0]: {"status": "差不多"},
                                                     keys[1]: {"percent": 120}},
                  indicators={indicator_key: {"value": "约3500"}})
    report = _refused(demo_ledger, filled, expect="“八十”不是0到100之间的数字")
    ws = openpyxl.load_workbook(filled)[L.PROGRESS_SHEET]
    by_row = {(e["sheet"], e["row"], e["column"]): e["message"] for e in report.errors}
    assert by_row[(L.PROGRESS_SHEET, row_of(ws, keys[2]), "完成进度")].startswith("“八十”不是0到100之间的数字")
    assert "不是可选的状态" in by_row[(L.PROGRESS_SHEET, row_of(ws, keys[0]), "完成状态")]
    assert "“120”" in by_row[(L.PROGRESS_SHEET, row_of(ws, keys[1]), "完成进度")]
    assert "不是一个确切的数字" in by_row[(L.INDICATOR_SHEET, L.FIRST_DATA_ROW, "本期数值")]
    assert f"工作表“任务进展” 第{row_of(ws, keys[2])}行 完成进度：“八十”" in "\n".join(report.error_lines())


def test_examining_never_writes(demo_ledger, form):
    before = audit_count(demo_ledger)
    report = examine_return(demo_ledger, form)
    assert report.verdict in ("unchanged", "would-apply")
    assert audit_count(demo_ledger) == before


def test_reader_module_has_no_qt():
    import subprocess
    import sys

    code = ("import sys, reports.returns_reader, reports.form_writer, reports.summary_writer, db.returns_apply;"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__('pathlib').Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "False"




def test_huge_sheet_is_refused(demo_ledger, form, tmp_path):
    wb = openpyxl.load_workbook(form)
    ws = wb[L.PROGRESS_SHEET]
    key_column = L.key_column_index(L.PROGRESS_COLUMNS)
    for row in range(100, 3300):
        ws.cell(row, key_column).value = f"X{row}"
    wb.save(tmp_path / "大.xlsx")
    _refused(demo_ledger, tmp_path / "大.xlsx", expect="行数超过")


def test_damaged_sheet_xml_is_a_message_not_a_crash(demo_ledger, form, tmp_path):
    from tests.reports.returns_fixtures import rewrite_member, sheet_member

    member = sheet_member(form, L.PROGRESS_SHEET)
    damaged = rewrite_member(form, tmp_path / "坏.xlsx", member, lambda xml: xml[: len(xml) // 2])
    report = _refused(demo_ledger, damaged, expect="已损坏")
    assert report.unreadable
