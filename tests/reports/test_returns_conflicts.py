"""Conflicts: the ledger changed a value after the form went out and the return says something else.
Both values are shown; the clerk keeps the ledger's value (the default) or takes the return's."""
from __future__ import annotations

import json

from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import record_indicator_value, record_progress
from db.units import find_unit
from desktop.cli import main
from reports import form_layout as L
from reports.returns_reader import apply_report, examine_return, import_return
from tests.reports.returns_fixtures import fill, issue, progress_of, task_keys


def _setup(ledger, tmp_path):
    form = issue(ledger, tmp_path / "issued")
    first, second = task_keys(form)[:2]
    unit_id = find_unit(ledger, "市科技局")
    period_id = get_period(ledger, current_plan_id(ledger), "2026Q3")["id"]
    # after issuing, the clerk took a phone call and entered a new status for the first task
    record_progress(ledger, int(first[1:]), unit_id, period_id, {"status": "滞后", "percent": 40})
    filled = fill(form, tmp_path / "filled.xlsx", tasks={
        first: {"percent": 70, "progress": "新的进展说明"},     # the unit left the status as pre-filled
        second: {"percent": 77},
    })
    return filled, int(first[1:]), int(second[1:])


def test_conflicts_show_both_values_and_keep_the_ledger_by_default(demo_ledger, tmp_path):
    filled, first, second = _setup(demo_ledger, tmp_path)
    report = examine_return(demo_ledger, filled)
    conflicts = {c.field: c for c in report.analysis.conflicts}
    assert set(conflicts) == {"status", "percent"}
    assert (conflicts["percent"].ledger_value, conflicts["percent"].return_value) == (40, 70)
    assert conflicts["status"].ledger_value == "滞后" and conflicts["status"].return_value != "滞后"
    shown = conflicts["percent"].to_json()
    assert shown["ledger"] == "40" and shown["return"] == "70" and shown["column"] == "完成进度"
    assert shown["sheet"] == L.PROGRESS_SHEET and shown["row"] >= L.FIRST_DATA_ROW and shown["decision"] == "keep"

    report = apply_report(demo_ledger, report)
    assert report.verdict == "applied"
    entry = progress_of(demo_ledger, first, "市科技局")
    assert (entry["status"], entry["percent"], entry["progress"]) == ("滞后", 40, "新的进展说明")
    assert progress_of(demo_ledger, second, "市科技局")["percent"] == 77
    kept = demo_ledger.row("SELECT conflicts_kept, conflicts_taken FROM imported_returns ORDER BY id DESC LIMIT 1")
    assert (kept["conflicts_kept"], kept["conflicts_taken"]) == (2, 0)
    again = import_return(demo_ledger, filled)            # the same file again: still a conflict, nothing changes
    assert again.verdict == "unchanged" and len(again.analysis.conflicts) == 2
    assert progress_of(demo_ledger, first, "市科技局")["status"] == "滞后"


def test_the_clerk_takes_the_returns_value_per_conflict(demo_ledger, tmp_path):
    filled, first, _ = _setup(demo_ledger, tmp_path)
    report = examine_return(demo_ledger, filled)
    keys = {c.field: c.key for c in report.analysis.conflicts}
    apply_report(demo_ledger, report, decisions={keys["percent"]: "take", keys["status"]: "keep"})
    entry = progress_of(demo_ledger, first, "市科技局")
    assert (entry["status"], entry["percent"]) == ("滞后", 70)


def test_a_corrected_second_return_of_the_same_form_is_not_a_conflict(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued")
    key = task_keys(form)[0]
    first_try = fill(form, tmp_path / "v1.xlsx", tasks={key: {"percent": 50}})
    assert import_return(demo_ledger, first_try).verdict == "applied"
    corrected = fill(form, tmp_path / "v2.xlsx", tasks={key: {"percent": 55}})
    report = import_return(demo_ledger, corrected)
    assert report.verdict == "applied" and report.analysis.conflicts == []
    assert progress_of(demo_ledger, int(key[1:]), "市科技局")["percent"] == 55


def test_indicator_conflict(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", "市市场监管局")
    indicator_id = demo_ledger.scalar("SELECT MIN(id) FROM indicators")
    period_id = get_period(demo_ledger, current_plan_id(demo_ledger), "2026Q3")["id"]
    record_indicator_value(demo_ledger, indicator_id, period_id, value=1234)
    filled = fill(form, tmp_path / "filled.xlsx", indicators={f"I{indicator_id}": {"value": "１,５００"}})
    report = examine_return(demo_ledger, filled)
    [conflict] = report.analysis.conflicts
    assert (conflict.ledger_value, conflict.return_value, conflict.column) == (1234, 1500, "本期数值")
    apply_report(demo_ledger, report, decisions={conflict.key: "take"})
    assert demo_ledger.scalar("SELECT value FROM indicator_values WHERE indicator_id = ? AND period_id = ?",
                              (indicator_id, period_id)) == 1500


def test_command_line_lists_conflicts_and_can_take_them(demo_path, tmp_path, capsys):
    from db.ledger import Ledger

    with Ledger.open(demo_path) as ledger:
        filled, first, _ = _setup(ledger, tmp_path)
    assert main(["import-returns", "--db", str(demo_path), "--format", "json", str(filled)]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "applied" and len(result["conflicts"]) == 2
    assert {c["decision"] for c in result["conflicts"]} == {"keep"}
    assert main(["import-returns", "--db", str(demo_path), "--on-conflict", "take", str(filled)]) == 0
    assert "采用报表" in capsys.readouterr().out
    with Ledger.open(demo_path) as ledger:
        assert progress_of(ledger, first, "市科技局")["percent"] == 70


def test_command_line_text_does_not_call_a_new_file_already_imported_and_says_how_to_take(demo_path, tmp_path,
                                                                                          capsys):
    from db.ledger import Ledger

    with Ledger.open(demo_path) as ledger:
        form = issue(ledger, tmp_path / "issued")
        first = task_keys(form)[0]
        period_id = get_period(ledger, current_plan_id(ledger), "2026Q3")["id"]
        record_progress(ledger, int(first[1:]), find_unit(ledger, "市科技局"), period_id, {"percent": 40})
    only_conflict = fill(form, tmp_path / "只有冲突.xlsx", tasks={first: {"percent": 70}})
    assert main(["import-returns", "--db", str(demo_path), str(only_conflict)]) == 0
    out = capsys.readouterr().out
    assert "只有冲突.xlsx：无变化" in out and "导入过" not in out
    assert "--on-conflict take" in out
    assert main(["import-returns", "--db", str(demo_path), "--on-conflict", "take", str(only_conflict)]) == 0
    capsys.readouterr()
    assert main(["import-returns", "--db", str(demo_path), str(only_conflict)]) == 0
    assert "只有冲突.xlsx：无变化（此文件已于" in capsys.readouterr().out
