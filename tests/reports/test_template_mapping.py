"""Reading an upward template and proposing (then remembering) how it maps onto the demo ledger."""
from __future__ import annotations

import shutil

import pytest

from reports.template_mapping import MATCH_THRESHOLD, map_template, remember_mapping
from tests.reports.template_fixtures import (INDICATOR_SHEET, TASK_SHEET, indicator_template, task_template,
                                             two_sheet_template)


def _rows(mapping, sheet):
    return {r.row: r for s in mapping.sheets if s.name == sheet for r in s.rows}


def _fields(mapping, sheet):
    return {c.column: c.field for s in mapping.sheets if s.name == sheet for c in s.columns}


def test_task_rows_and_two_level_headers(demo_ledger, tmp_path):
    mapping = map_template(demo_ledger, task_template(tmp_path / "附件1.xlsx"))
    assert [s.name for s in mapping.sheets] == [TASK_SHEET]          # the hidden list sheet is not a table
    sheet = mapping.sheets[0]
    assert sheet.header_rows == [3, 4] and sheet.first_data_row == 5
    assert _fields(mapping, TASK_SHEET) == {"A": None, "B": None, "C": "units", "D": "progress", "E": "problems",
                                            "F": "next_steps", "G": "percent", "H": "status"}
    rows = _rows(mapping, TASK_SHEET)
    # shortened and reworded titles still find their task, with a score
    assert (rows[7].kind, rows[7].ref, rows[7].ledger_title) == ("task", "4", "实施高价值专利培育工程")
    assert rows[6].ref == "2" and rows[8].ref == "5" and rows[5].ref == "1"
    assert all(MATCH_THRESHOLD <= rows[r].score <= 1 for r in (5, 6, 7, 8))
    # the city's own item is shown unmatched with its best guess, never filled
    assert rows[9].kind is None and rows[9].ref is None and rows[9].score < MATCH_THRESHOLD and "未找到" in rows[9].reason
    assert rows[10].kind is None and "合计" in rows[10].reason
    assert max(rows) == 10                                             # the 注: line below is not a row of the table


def test_indicator_rows_matched_by_name(demo_ledger, tmp_path):
    mapping = map_template(demo_ledger, indicator_template(tmp_path / "附件2.xlsx"))
    assert _fields(mapping, INDICATOR_SHEET) == {"A": None, "B": None, "C": None, "D": "baseline", "E": "target",
                                                 "F": "value", "G": "percent", "H": "note"}
    rows = _rows(mapping, INDICATOR_SHEET)
    assert [(rows[r].kind, rows[r].ref) for r in (3, 4, 5, 6)] == [
        ("indicator", "有效发明专利量"), ("indicator", "万人发明专利拥有量"), ("indicator", "注册商标总量"),
        ("indicator", "专利、商标等知识产权质押融资额")]


def test_both_kinds_on_two_sheets(demo_ledger, tmp_path):
    mapping = map_template(demo_ledger, two_sheet_template(tmp_path / "统计表.xlsx"))
    data = mapping.to_json()
    assert [s["name"] for s in data["sheets"]] == [TASK_SHEET, INDICATOR_SHEET] and data["remembered"] is False
    first = data["sheets"][0]
    assert {"row": 7, "kind": "task", "ref": "4"}.items() <= first["rows"][2].items()
    assert {"column": "D", "field": "progress"} in [{k: c[k] for k in ("column", "field")} for c in first["columns"]]


def test_remembered_for_a_fresh_copy_and_asked_again_when_changed(demo_ledger, tmp_path):
    original = task_template(tmp_path / "附件1.xlsx")
    mapping = map_template(demo_ledger, original)
    rows = _rows(mapping, TASK_SHEET)
    rows[9].kind, rows[9].ref = "task", "12"                         # the clerk's correction
    changes = remember_mapping(demo_ledger, mapping)
    assert "templates" in changes.kinds
    assert demo_ledger.scalar("SELECT COUNT(*) FROM audit WHERE action = '保存模板映射'") == 1

    copy = tmp_path / "再次下发" / "附件1.xlsx"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    again = map_template(demo_ledger, copy)
    assert again.remembered and again.changes == []
    assert (_rows(again, TASK_SHEET)[9].kind, _rows(again, TASK_SHEET)[9].ref) == ("task", "12")

    changed = map_template(demo_ledger, task_template(tmp_path / "新版附件1.xlsx", extra_rows=[("13", "人才培育")]))
    assert not changed.remembered
    text = "\n".join(changed.changes)
    assert "新增第10行" in text and "13 人才培育" in text
    assert _rows(changed, TASK_SHEET)[9].ref == "12"                 # earlier choices carried over where rows read the same


def test_changed_header_is_named(demo_ledger, tmp_path):
    import openpyxl

    original = task_template(tmp_path / "附件1.xlsx", image=False)
    remember_mapping(demo_ledger, map_template(demo_ledger, original))
    wb = openpyxl.load_workbook(original)
    wb[TASK_SHEET]["E4"] = "存在问题"
    wb.save(tmp_path / "改表头.xlsx")
    changed = map_template(demo_ledger, tmp_path / "改表头.xlsx")
    assert not changed.remembered
    assert any("第E列表头由“完成情况/存在困难”改为“完成情况/存在问题”" in line for line in changed.changes)


@pytest.mark.parametrize("rows", [200])
def test_many_rows_map_quickly(demo_ledger, tmp_path, rows):
    import time

    extra = [(str(100 + i), f"城市自定事项第{i}项") for i in range(rows)]
    path = task_template(tmp_path / "大表.xlsx", image=False, extra_rows=extra)
    started = time.perf_counter()
    mapping = map_template(demo_ledger, path)
    assert time.perf_counter() - started < 3
    assert len(mapping.sheets[0].rows) == len(extra) + 6


def test_remembering_is_one_operation_the_clerk_can_undo(demo_ledger, tmp_path):
    from db.ops import history, undo
    from db.template_mappings import find_template_mapping

    mapping = map_template(demo_ledger, task_template(tmp_path / "附件1.xlsx"))
    changes = remember_mapping(demo_ledger, mapping)
    assert history(demo_ledger)[0].label == "保存模板映射 附件1.xlsx" and changes.operation_id is not None
    assert find_template_mapping(demo_ledger, mapping.fingerprint) is not None
    undo(demo_ledger)
    assert find_template_mapping(demo_ledger, mapping.fingerprint) is None
    assert not map_template(demo_ledger, tmp_path / "附件1.xlsx").remembered


def test_a_target_named_with_other_words_is_not_guessed(demo_ledger, tmp_path):
    """高价值发明专利拥有量 is another measure than the plan's 高维持发明专利拥有量 (two characters replaced, not left
    out): left unmatched for the clerk. Words left out or added (每万人口… ↔ 万人…, 专利商标… ↔ 专利、商标等…) still match."""
    import openpyxl

    template = indicator_template(tmp_path / "附件2.xlsx")
    wb = openpyxl.load_workbook(template)
    ws = wb[INDICATOR_SHEET]
    ws["B3"], ws["B4"] = "高价值发明专利拥有量", "每万人口发明专利拥有量"
    wb.save(template)
    rows = _rows(map_template(demo_ledger, template), INDICATOR_SHEET)
    assert (rows[3].kind, rows[3].ref) == (None, None)
    assert (rows[4].kind, rows[4].ref) == ("indicator", "万人发明专利拥有量")
    assert (rows[6].kind, rows[6].ref) == ("indicator", "专利、商标等知识产权质押融资额")
