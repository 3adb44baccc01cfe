"""Filling an upward template: what the city's reader sees, and proof that every other part survived."""
from __future__ import annotations

import hashlib

import openpyxl
import pytest
from lxml import etree

from db.periods import get_period
from db.plan_store import current_plan_id
from reports.template_fill import fill_template
from reports.template_mapping import map_template
from tests.reports.template_fixtures import (INDICATOR_SHEET, LIST_SHEET, TASK_SHEET, filled_last_quarter,
                                             task_template, two_sheet_template, zip_parts)

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _fill(ledger, template, out, period="2026Q3"):
    return fill_template(ledger, template, period, out, mapping=map_template(ledger, template))


def _cells(xml: bytes) -> dict[str, bytes]:
    root = etree.fromstring(xml)
    return {c.get("r"): etree.tostring(c) for c in root.iter(f"{M}c")}


def _task_entry(ledger, number):
    period = get_period(ledger, current_plan_id(ledger), "2026Q3")
    return ledger.rows("SELECT u.short_name, u.name, p.* FROM progress p JOIN tasks t ON t.id = p.task_id"
                       " JOIN units u ON u.id = p.unit_id WHERE t.number = ? AND p.period_id = ?", (number, period["id"]))


def test_reader_sees_the_ledger_in_the_citys_own_table(demo_ledger, tmp_path):
    template = task_template(tmp_path / "附件1.xlsx")
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    result = _fill(demo_ledger, template, tmp_path / "填好.xlsx")
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before            # the template is never changed
    assert result.rows_filled == 4 and result.rows_unmatched == ["推进情况 第9行 9 城市自定的推进事项"]
    ws = openpyxl.load_workbook(tmp_path / "填好.xlsx")[TASK_SHEET]
    entries = _task_entry(demo_ledger, "4")
    progress = ws["D7"].value
    for entry in entries:                   # several units' progress gathered as in the summary workbook
        if entry["progress"]:
            assert f"【{entry['short_name'] or entry['name']}】{entry['progress']}" in progress
    assert ws["D7"].alignment.wrap_text and ws["D7"].border.left.style == "thin"   # its own border kept, wrapped
    assert ws.row_dimensions[7].height >= 14 * progress.count("\n") + 14          # tall enough to show it whole
    assert ws.row_dimensions[9].height == 30                                      # an unmatched row keeps its own
    assert ws["C7"].value == "市市场监督管理局〔知识产权局〕"
    assert isinstance(ws["G7"].value, (int, float)) and ws["H7"].value in ("是", "否")
    assert ws["B7"].value == "高价值专利培育"                                   # the city's wording stays
    assert all(ws[f"{c}9"].value is None for c in "CDEFGH")                      # unmatched: left empty
    assert ws["G10"].value == "=SUM(G5:G9)"                                      # totals formula untouched
    assert ws["A12"].value.startswith("注")


def test_every_other_part_is_kept_byte_for_byte(demo_ledger, tmp_path):
    template = two_sheet_template(tmp_path / "统计表.xlsx")
    _fill(demo_ledger, template, tmp_path / "填好.xlsx")
    old, new = zip_parts(template), zip_parts(tmp_path / "填好.xlsx")
    assert list(old) == list(new)
    changed = {name for name in old if old[name] != new[name]}
    assert changed == {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml"}
    assert any(name.startswith("xl/media/") for name in new)                     # the logo survived
    # workbook.xml: only fullCalcOnLoad added
    calc = etree.fromstring(new["xl/workbook.xml"]).find(f"{M}calcPr")
    assert calc.get("fullCalcOnLoad") == "1"
    calc.attrib.pop("fullCalcOnLoad")
    assert etree.tostring(etree.fromstring(new["xl/workbook.xml"]).find(f"{M}sheets")) == \
        etree.tostring(etree.fromstring(old["xl/workbook.xml"]).find(f"{M}sheets"))
    # styles.xml: the template's formats unchanged, wrapped copies appended
    old_xfs = etree.fromstring(old["xl/styles.xml"]).find(f"{M}cellXfs")
    new_xfs = etree.fromstring(new["xl/styles.xml"]).find(f"{M}cellXfs")
    assert [etree.tostring(x) for x in new_xfs[:len(old_xfs)]] == [etree.tostring(x) for x in old_xfs]
    assert len(new_xfs) > len(old_xfs) and new_xfs.get("count") == str(len(new_xfs))
    # the task sheet: only the mapped cells of matched rows differ
    before, after = _cells(old["xl/worksheets/sheet1.xml"]), _cells(new["xl/worksheets/sheet1.xml"])
    differing = {ref for ref in set(before) | set(after) if before.get(ref) != after.get(ref)}
    assert differing <= {f"{c}{r}" for c in "CDEFGH" for r in (5, 6, 7, 8)}
    assert {"D7", "G7"} <= differing
    for part in ("mergeCells", "dataValidations", "pageSetup", "cols", "drawing"):
        old_part = etree.fromstring(old["xl/worksheets/sheet1.xml"]).find(f"{M}{part}")
        new_part = etree.fromstring(new["xl/worksheets/sheet1.xml"]).find(f"{M}{part}")
        assert old_part is not None and etree.tostring(old_part) == etree.tostring(new_part), part


def test_reader_sees_targets_hidden_sheet_validation_and_print_settings(demo_ledger, tmp_path):
    template = two_sheet_template(tmp_path / "统计表.xlsx")
    _fill(demo_ledger, template, tmp_path / "填好.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "填好.xlsx")
    targets = wb[INDICATOR_SHEET]
    row = {r[1]: r for r in targets.iter_rows(min_row=3, max_row=6, values_only=True)}
    invention = row["有效发明专利量"]
    assert invention[4] == 3500 and isinstance(invention[5], (int, float))       # 目标值, 本期数 as numbers
    assert invention[6] == pytest.approx(invention[5] / 3500 * 100, abs=0.06)    # 完成率
    assert wb[LIST_SHEET].sheet_state == "hidden"
    tasks = wb[TASK_SHEET]
    assert tasks.print_title_rows == "$3:$4" and tasks.page_setup.orientation == "landscape"
    assert [str(dv.sqref) for dv in tasks.data_validations.dataValidation] == ["H5:H9"]
    assert "D3:F3" in [str(r) for r in tasks.merged_cells.ranges]
    assert tasks.column_dimensions["D"].width == 40


def test_template_filled_last_quarter_gets_this_quarters_values(demo_ledger, tmp_path):
    template = filled_last_quarter(tmp_path / "上季度报送.xlsx")
    fresh = map_template(demo_ledger, task_template(tmp_path / "空白.xlsx"))
    assert map_template(demo_ledger, template).fingerprint == fresh.fingerprint   # same structure, old values
    _fill(demo_ledger, template, tmp_path / "本季度.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "本季度.xlsx")[TASK_SHEET]
    assert "上季度的进展" not in ws["D7"].value and "【" in ws["D7"].value
    assert ws["D9"].value == "上季度的进展"                                       # an unmatched row is not touched


def test_text_is_never_a_formula(demo_ledger, tmp_path):
    from db.progress import record_indicator_value

    period = get_period(demo_ledger, current_plan_id(demo_ledger), "2026Q3")
    indicator_id = demo_ledger.scalar("SELECT id FROM indicators WHERE name = '有效发明专利量'")
    record_indicator_value(demo_ledger, indicator_id, period["id"], note='=HYPERLINK("http://x","点我")')
    template = two_sheet_template(tmp_path / "统计表.xlsx")
    _fill(demo_ledger, template, tmp_path / "填好.xlsx")
    sheet = etree.fromstring(zip_parts(tmp_path / "填好.xlsx")["xl/worksheets/sheet2.xml"])
    cell = next(c for c in sheet.iter(f"{M}c") if c.get("r") == "H3")
    assert cell.find(f"{M}f") is None and cell.get("t") == "inlineStr"
    ws = openpyxl.load_workbook(tmp_path / "填好.xlsx")[INDICATOR_SHEET]
    assert ws["H3"].value == '=HYPERLINK("http://x","点我")' and ws["H3"].quotePrefix   # stays text after an edit


def test_refuses_to_overwrite(demo_ledger, tmp_path):
    from reports.atomic_file import ReportWriteError

    template = task_template(tmp_path / "附件1.xlsx")
    (tmp_path / "已有.xlsx").write_bytes(b"keep")
    with pytest.raises(ReportWriteError, match="已存在"):
        _fill(demo_ledger, template, tmp_path / "已有.xlsx")
    assert (tmp_path / "已有.xlsx").read_bytes() == b"keep"
