"""Returned forms follow the window's rules (db.values): '3500件' for a 件 target and '94%' for a % target are read,
a unit that is not the target's, a fraction of a count and a bad phone number are refused with sheet, row and column;
the form's own data validation asks Excel/WPS for whole numbers where the target counts things."""
from __future__ import annotations

import openpyxl

from reports import form_layout as L
from reports.returns_reader import examine_return
from tests.reports.returns_fixtures import fill, issue, row_of

BUREAU = "市市场监管局"


def _indicator_keys(ledger, form):
    ws = openpyxl.load_workbook(form)[L.INDICATOR_SHEET]
    column = L.key_column_index(L.INDICATOR_COLUMNS)
    keys = {}
    for row in range(L.FIRST_DATA_ROW, ws.max_row + 1):
        key = ws.cell(row, column).value
        if key:
            keys[ws.cell(row, L.column_index(L.INDICATOR_COLUMNS, "measure_unit")).value + ":" +
                 ws.cell(row, 2).value] = key
    return keys


def _key(keys, unit, name_part=""):
    return next(v for k, v in keys.items() if k.startswith(unit + ":") and name_part in k)


def test_values_with_their_own_unit_are_read(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", BUREAU)
    keys = _indicator_keys(demo_ledger, form)
    returned = fill(form, tmp_path / form.name, indicators={
        _key(keys, "件", "有效发明专利量"): {"value": "3600件"}, _key(keys, "%"): {"value": "94%"}})
    report = examine_return(demo_ledger, returned)
    assert report.verdict == "would-apply", report.error_lines()
    wanted = {int(_key(keys, "件", "有效发明专利量")[1:]): 3600, int(_key(keys, "%")[1:]): 94}
    got = {r.item_id: r.changes["value"][1] for r in report.analysis.rows if r.kind == "indicator" and "value" in r.changes}
    assert got == wanted


def test_wrong_units_fractions_and_bad_phones_are_refused_where_they_are(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", BUREAU)
    keys = _indicator_keys(demo_ledger, form)
    enterprises, rate = _key(keys, "家"), _key(keys, "%")
    returned = fill(form, tmp_path / form.name, indicators={enterprises: {"value": "20.5"}, rate: {"value": "80家"}},
                    foot={"phone": "找王科长"})
    report = examine_return(demo_ledger, returned)
    assert report.verdict == "refused"
    ws = openpyxl.load_workbook(returned)[L.INDICATOR_SHEET]
    by_row = {(e["sheet"], e["row"]): e for e in report.errors}
    assert "整数" in by_row[(L.INDICATOR_SHEET, row_of(ws, enterprises))]["message"]
    assert "不符" in by_row[(L.INDICATOR_SHEET, row_of(ws, rate))]["message"]
    assert by_row[(L.INDICATOR_SHEET, row_of(ws, rate))]["column"] == "本期数值"
    assert any(e["column"] == "联系电话" and "不是电话号码" in e["message"] for e in report.errors)
    # the lines the clerk reads name the place once: 第N行 本期数值：“20.5”不对… (not 本期数值:本期数值：)
    line = next(text for text in report.error_lines() if "20.5" in text)
    assert f"第{row_of(ws, enterprises)}行 本期数值：“20.5”" in line and line.count("本期数值") == 1


def test_form_asks_for_whole_numbers_where_the_target_counts(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", BUREAU)
    keys = _indicator_keys(demo_ledger, form)
    ws = openpyxl.load_workbook(form)[L.INDICATOR_SHEET]
    value_col = L.column_letter(L.INDICATOR_COLUMNS, "value")
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for cell in str(dv.sqref).split():
            rules[cell] = dv
    enterprises = f"{value_col}{row_of(ws, _key(keys, '家'))}"
    rate = f"{value_col}{row_of(ws, _key(keys, '%'))}"
    per_capita = f"{value_col}{row_of(ws, _key(keys, '件', '万人'))}"
    assert rules[enterprises].type == "whole" and rules[enterprises].formula1 == "0"
    assert (rules[rate].type, rules[rate].formula1, rules[rate].formula2) == ("decimal", "0", "100")
    assert rules[per_capita].type == "decimal"
