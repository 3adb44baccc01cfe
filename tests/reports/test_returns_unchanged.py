"""An untouched returned form is not new progress.

2026Q4 forms come pre-filled with the 2026Q3 answers. A row sent back exactly as pre-filled without 本期无新进展 is
imported with a notice (与上期相同, 请核实), counted as 已报·无变化 in completeness, `status` JSON, the dashboard's
figures and the summary workbook; a row marked 本期无新进展, or edited, counts as reported."""
from __future__ import annotations

import json

import openpyxl

from db.completeness import period_completeness, reporting_rate, unchanged_units
from db.entry_flags import confirm_unchanged, unchanged_entries, unchanged_rows_for_unit
from db.periods import get_period
from db.plan_store import current_plan_id
from db.returns_apply import same_as_prefill
from db.summary import status_summary
from db.units import find_unit
from desktop.cli import main
from reports import form_layout as L
from reports.returns_reader import examine_return, import_return
from reports.summary_writer import UNIT_SHEET, export_summary
from tests.reports.returns_fixtures import fill, issue, task_keys


def _q4_form(demo_ledger, tmp_path, unit="市科技局"):
    return issue(demo_ledger, tmp_path / "issued", unit, period="2026Q4")


def test_same_as_prefill_rule_without_a_ledger():
    prefill = {"status": "推进中", "percent": 60.0, "progress": "开展专利培育", "problems": None, "next_steps": None}
    assert same_as_prefill(dict(prefill), prefill, base={})
    assert same_as_prefill({**prefill, "progress": "开展专利培育  "}, prefill, base=None)   # trailing spaces only
    assert not same_as_prefill({**prefill, "percent": 70.0}, prefill, base={})
    assert not same_as_prefill(dict(prefill), prefill, base={"status": "推进中"})       # this period's own pre-fill
    assert not same_as_prefill({"status": None}, {"status": None}, base={})              # nothing was pre-filled


def test_form_has_a_no_news_dropdown_per_task_row(demo_ledger, tmp_path):
    form = _q4_form(demo_ledger, tmp_path)
    ws = openpyxl.load_workbook(form)[L.PROGRESS_SHEET]
    column = L.column_letter(L.PROGRESS_COLUMNS, "no_news")
    assert ws[f"{column}{L.HEADER_ROW}"].value == "本期无新进展"
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and column in str(dv.sqref)]
    assert lists and lists[0].formula1 == '"是"'
    assert "本期无新进展" in ws.cell(L.INSTRUCTIONS_ROW, 1).value
    first = task_keys(form)[0]
    from tests.reports.returns_fixtures import row_of
    assert ws[f"{column}{row_of(ws, first)}"].protection.locked is False


def test_untouched_return_is_a_notice_and_counts_as_unchanged(demo_ledger, tmp_path):
    form = _q4_form(demo_ledger, tmp_path)
    keys = task_keys(form)
    untouched = fill(form, tmp_path / form.name)          # saved as received: the Q3 answers, nothing changed

    report = examine_return(demo_ledger, untouched)
    data = report.to_json()
    assert data["verdict"] == "would-apply"
    assert data["rows_new"] == 0 and data["rows_same_as_previous"] == len(keys)
    assert len(report.notices) == len(keys)
    assert all("与上期相同" in n["message"] and "本期无新进展" in n["message"] for n in report.notices)
    assert report.notices[0]["sheet"] == L.PROGRESS_SHEET and report.notices[0]["row"] >= L.FIRST_DATA_ROW

    assert import_return(demo_ledger, untouched).verdict == "applied"
    plan_id = current_plan_id(demo_ledger)
    q4 = get_period(demo_ledger, plan_id, "2026Q4")
    unit_id = find_unit(demo_ledger, "市科技局")
    assert len(unchanged_entries(demo_ledger, q4["id"])) == len(keys)
    unit = next(r for r in period_completeness(demo_ledger, plan_id, q4["id"]) if r.unit_id == unit_id)
    assert len(unit.tasks_reported) == len(keys) and len(unit.tasks_unchanged) == len(keys)
    if not unit.missing_targets:
        assert unit.state == "已报·无变化" and not unit.complete_with_news
    reports = period_completeness(demo_ledger, plan_id, q4["id"])
    assert reporting_rate(reports)[0] == 0
    status = status_summary(demo_ledger, plan_id, q4["id"])
    assert status["entries_unchanged"] == len(keys) == status["entries_reported"]


def test_no_news_choice_and_edits_count_as_reported(demo_ledger, tmp_path):
    form = _q4_form(demo_ledger, tmp_path)
    first, second, *rest = task_keys(form)
    returned = fill(form, tmp_path / form.name, tasks={
        first: {"no_news": "是"},
        second: {"progress": "本季度新增培育企业3家"},
    })
    report = examine_return(demo_ledger, returned)
    data = report.to_json()
    assert data["rows_same_as_previous"] == len(rest)
    assert data["rows_new"] == 2
    noticed_rows = {n["row"] for n in report.notices if "与上期相同" in n["message"]}
    assert len(noticed_rows) == len(rest)
    import_return(demo_ledger, returned)
    plan_id = current_plan_id(demo_ledger)
    q4 = get_period(demo_ledger, plan_id, "2026Q4")
    flagged = {task for task, _ in unchanged_entries(demo_ledger, q4["id"])}
    assert int(first[1:]) not in flagged and int(second[1:]) not in flagged
    assert flagged == {int(k[1:]) for k in rest}


def test_a_later_edit_or_the_clerks_confirmation_ends_the_mark(demo_ledger, tmp_path):
    from db.progress import record_progress

    form = _q4_form(demo_ledger, tmp_path)
    first, second, *_ = task_keys(form)
    import_return(demo_ledger, fill(form, tmp_path / form.name))
    plan_id = current_plan_id(demo_ledger)
    q4 = get_period(demo_ledger, plan_id, "2026Q4")
    unit_id = find_unit(demo_ledger, "市科技局")
    before = len(unchanged_rows_for_unit(demo_ledger, unit_id, q4["id"]))
    record_progress(demo_ledger, int(first[1:]), unit_id, q4["id"], {"progress": "电话核实后更新：新增专利5件"})
    assert confirm_unchanged(demo_ledger, int(second[1:]), unit_id, q4["id"])
    rows = unchanged_rows_for_unit(demo_ledger, unit_id, q4["id"])
    assert len(rows) == before - 2
    from db.progress import get_progress
    assert get_progress(demo_ledger, int(first[1:]), unit_id, q4["id"])["progress"] == "电话核实后更新：新增专利5件"


def test_status_json_and_summary_workbook_show_unchanged(demo_ledger, demo_path, tmp_path, capsys):
    form = _q4_form(demo_ledger, tmp_path)
    keys = task_keys(form)
    import_return(demo_ledger, fill(form, tmp_path / form.name))
    demo_ledger.close()

    assert main(["status", "--db", str(demo_path), "--period", "2026Q4", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entries_unchanged"] == len(keys)

    from db.ledger import Ledger
    ledger = Ledger.open(demo_path, actor="测试员")
    try:
        out = export_summary(ledger, "2026Q4", tmp_path / "汇总.xlsx")
    finally:
        ledger.close()
    ws = openpyxl.load_workbook(out)[UNIT_SHEET]
    header = [c.value for c in ws[3]]
    column = header.index("其中已报·无变化")
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "市科技局")
    assert row[column] == len(keys)


def test_command_line_names_the_unchanged_rows(demo_ledger, demo_path, tmp_path, capsys):
    form = _q4_form(demo_ledger, tmp_path)
    returned = fill(form, tmp_path / form.name)
    demo_ledger.close()
    assert main(["import-returns", "--db", str(demo_path), str(returned)]) == 0
    out = capsys.readouterr().out
    assert "与上期相同" in out and "请核实" in out and "新增 0 行" in out


def test_old_version_forms_are_still_read(demo_ledger, tmp_path, monkeypatch):
    """A form issued before the 本期无新进展 column existed reads back with its own columns."""
    monkeypatch.setattr(L, "PROGRESS_COLUMNS", L.PROGRESS_COLUMNS_V1)
    monkeypatch.setattr(L, "FORM_VERSION", 1)
    form = _q4_form(demo_ledger, tmp_path)
    first = task_keys(form)[0]
    returned = fill(form, tmp_path / form.name, tasks={first: {"percent": 95}})
    monkeypatch.undo()
    report = examine_return(demo_ledger, returned)
    assert report.verdict == "would-apply", report.error_lines()
    assert report.to_json()["rows_new"] == 1


def test_progress_report_says_how_many_entries_repeat_last_period(demo_ledger, tmp_path):
    from reports.progress_report import build_progress_report
    from tests.reports.pdf_inspect import body_text

    form = _q4_form(demo_ledger, tmp_path)
    import_return(demo_ledger, fill(form, tmp_path / form.name))
    build_progress_report(demo_ledger, tmp_path / "进展.pdf", "2026Q4")
    text = "".join(body_text(tmp_path / "进展.pdf").split())
    assert f"其中{len(task_keys(form))}条与上期内容相同" in text
