"""The whole loop: issue a form → the unit fills it (input cells only) → another program re-saves it →
the bureau imports it → ledger and audit trail are right; importing again changes nothing."""
from __future__ import annotations

import hashlib
import json

import openpyxl
import pytest

from db.units import find_unit
from desktop.cli import main
from reports import form_layout as L
from reports.returns_reader import examine_return, import_return
from tests.reports.returns_fixtures import (audit_count, fill, issue, libreoffice_resave, needs_soffice, progress_of,
                                            task_keys)


def _fill_like_a_unit(demo_ledger, tmp_path):
    form = issue(demo_ledger, tmp_path / "issued", "市科技局")
    first, second, *_ = task_keys(form)
    filled = fill(form, tmp_path / form.name, tasks={
        first: {"status": "已完成", "percent": 100, "progress": "完成高价值专利培育项目验收,新增发明专利42件",
                "problems": "无", "evidence": "验收报告.pdf"},
        second: {"percent": "９０", "next_steps": "  下季度开展成效评估  "},
    }, foot={"filled_by": "李明", "phone": "13800000000", "reviewer": "张科长", "signed_date": "2026年10月3日"})
    return filled, int(first[1:]), int(second[1:])


@needs_soffice
def test_full_loop_through_libreoffice(demo_ledger, tmp_path):
    filled, first, second = _fill_like_a_unit(demo_ledger, tmp_path)
    returned = libreoffice_resave(filled, tmp_path / "resaved")
    sha = hashlib.sha256(returned.read_bytes()).hexdigest()

    report = examine_return(demo_ledger, returned)
    assert report.verdict == "would-apply", report.error_lines()
    assert (report.unit, report.period) == ("市科技局", "2026Q3")
    data = report.to_json()
    assert data["rows_changed"] == 2 and data["rows_new"] == 0 and data["rows_unchanged"] >= 3
    assert data["conflicts"] == [] and data["errors"] == []

    report = import_return(demo_ledger, returned)
    assert report.verdict == "applied"
    entry = progress_of(demo_ledger, first, "市科技局")
    assert (entry["status"], entry["percent"], entry["problems"]) == ("已完成", 100, "无")
    assert entry["progress"] == "完成高价值专利培育项目验收,新增发明专利42件"
    assert (entry["filled_by"], entry["phone"]) == ("李明", "13800000000")
    second_entry = progress_of(demo_ledger, second, "市科技局")
    assert second_entry["percent"] == 90 and second_entry["next_steps"] == "下季度开展成效评估"
    unit_id = find_unit(demo_ledger, "市科技局")
    assert demo_ledger.scalar("SELECT names FROM evidence_names WHERE task_id = ? AND unit_id = ?",
                              (first, unit_id)) == "验收报告.pdf"

    audit = demo_ledger.rows("SELECT * FROM audit WHERE source_sha256 = ?", (sha,))
    assert {r["source_file"] for r in audit} == {returned.name}
    changed = {(r["task_id"], r["field"]) for r in audit if r["action"] == "填报进展"}
    assert {(first, "status"), (first, "percent"), (second, "percent"), (second, "next_steps")} <= changed
    assert len({r["batch"] for r in audit}) == 1                       # one transaction
    imported = demo_ledger.row("SELECT * FROM imported_returns WHERE sha256 = ?", (sha,))
    assert (imported["verdict"], imported["reviewer"], imported["signed_date"]) == ("applied", "张科长", "2026-10-03")

    before = audit_count(demo_ledger)
    again = import_return(demo_ledger, returned)
    assert again.verdict == "unchanged" and audit_count(demo_ledger) == before
    assert again.previously_imported and again.previously_imported[0]["verdict"] == "applied"


def test_loop_through_openpyxl_and_the_command_line(demo_path, tmp_path, capsys):
    from db.ledger import Ledger

    with Ledger.open(demo_path) as ledger:
        filled, first, _ = _fill_like_a_unit(ledger, tmp_path)
    assert main(["import-returns", "--db", str(demo_path), "--dry-run", "--format", "json", str(filled)]) == 0
    [dry] = json.loads(capsys.readouterr().out)
    assert dry["verdict"] == "would-apply" and dry["unit"] == "市科技局" and dry["period"] == "2026Q3"
    assert set(dry) >= {"file", "sha256", "verdict", "unit", "period", "rows_new", "rows_changed", "rows_unchanged",
                        "conflicts", "errors"}
    with Ledger.open(demo_path) as ledger:
        assert progress_of(ledger, first, "市科技局")["status"] != "已完成"   # a dry run writes nothing

    assert main(["import-returns", "--db", str(demo_path), "--format", "json", str(filled)]) == 0
    [applied] = json.loads(capsys.readouterr().out)
    assert applied["verdict"] == "applied" and applied["rows_changed"] == 2
    assert applied["sha256"] == hashlib.sha256(filled.read_bytes()).hexdigest()
    assert main(["import-returns", "--db", str(demo_path), "--format", "json", str(filled)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["verdict"] == "unchanged"
    with Ledger.open(demo_path) as ledger:
        assert progress_of(ledger, first, "市科技局")["status"] == "已完成"


def test_export_forms_command_prints_the_files(demo_path, tmp_path, capsys):
    assert main(["export-forms", "--db", str(demo_path), "--period", "2026Q3", "--out", str(tmp_path / "f"),
                 "--unit", "市科技局"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].endswith("2026年第3季度_市科技局_进展填报表.xlsx")
    assert openpyxl.load_workbook(out[0])[L.PROGRESS_SHEET]["A2"].value.startswith("填报单位：市科技局")
    assert main(["export-forms", "--db", str(demo_path), "--period", "2030Q1", "--out", str(tmp_path / "g")]) == 2
    assert "找不到报告期" in capsys.readouterr().err


def test_export_forms_for_a_unit_says_whether_the_name_is_unknown_or_the_unit_has_nothing_to_fill(
        demo_path, tmp_path, capsys):
    from db.ledger import Ledger
    from db.units import create_unit

    with Ledger.open(demo_path) as ledger:
        create_unit(ledger, "市教育局")
    out = str(tmp_path / "f")
    assert main(["export-forms", "--db", str(demo_path), "--period", "2026Q3", "--out", out, "--unit", "科技局"]) == 2
    err = capsys.readouterr().err
    assert "台账中没有名为“科技局”的单位" in err and "市科技局" in err and "没有要填报" not in err
    assert main(["export-forms", "--db", str(demo_path), "--period", "2026Q3", "--out", out, "--unit", "市教育局"]) == 2
    assert "单位“市教育局”在本方案中没有要填报的任务或指标" in capsys.readouterr().err

def test_command_line_exit_codes(demo_path, tmp_path, capsys):
    not_excel = tmp_path / "报表.xlsx"
    not_excel.write_text("这不是表格", encoding="utf-8")
    assert main(["import-returns", "--db", str(demo_path), "--format", "json", str(not_excel)]) == 2
    [result] = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "refused" and "不是Excel工作簿" in result["errors"][0]["message"]
    plain = tmp_path / "别的表格.xlsx"
    openpyxl.Workbook().save(plain)
    assert main(["import-returns", "--db", str(demo_path), str(plain)]) == 1
    out = capsys.readouterr().out
    assert "不是本系统下发的填报表" in out
    assert out.count("别的表格.xlsx") == 1    # named once, on the verdict line


@pytest.mark.parametrize("period", ["2026Q4"])
def test_form_for_a_period_without_entries_creates_new_rows(demo_ledger, tmp_path, period):
    form = issue(demo_ledger, tmp_path / "issued", "市科技局", period)
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / form.name, tasks={first: {"percent": 95}})
    report = import_return(demo_ledger, filled)
    counts = report.to_json()
    # the edited row is new progress; the rows sent back as pre-filled with last period's answer are 与上期相同
    assert report.verdict == "applied" and counts["rows_new"] == 1
    assert counts["rows_same_as_previous"] == len(task_keys(form)) - 1
    assert progress_of(demo_ledger, int(first[1:]), "市科技局", period)["percent"] == 95


def test_done_below_100_percent_is_imported_and_flagged_for_the_clerk(demo_path, tmp_path, capsys):
    """A unit that marks a task 已完成 but leaves 完成进度 at 85 is taken at its word, and the clerk is told where."""
    from db.ledger import Ledger

    with Ledger.open(demo_path) as ledger:
        form = issue(ledger, tmp_path / "issued", "市科技局")
        first, second, *_ = task_keys(form)
        filled = fill(form, tmp_path / form.name, tasks={first: {"status": "已完成", "percent": 85},
                                                         second: {"status": "未启动", "percent": 30}})
    assert main(["import-returns", "--db", str(demo_path), "--format", "json", str(filled)]) == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "applied" and result["errors"] == []
    notices = result["notices"]
    assert [(n["sheet"], n["column"]) for n in notices] == [(L.PROGRESS_SHEET, "完成状态")] * 2
    assert "“已完成”，但完成进度只有85%" in notices[0]["message"]
    assert "“未启动”，但完成进度为30%" in notices[1]["message"]
    with Ledger.open(demo_path) as ledger:
        entry = progress_of(ledger, int(first[1:]), "市科技局")
        assert (entry["status"], entry["percent"]) == ("已完成", 85)   # as the unit wrote it

    assert main(["import-returns", "--db", str(demo_path), "--dry-run", str(filled)]) == 0
    text = capsys.readouterr()
    assert f"请核实：工作表“{L.PROGRESS_SHEET}”" in text.out + text.err and "只有85%" in text.out + text.err
    (tmp_path / "fixed").mkdir()   # the corrected return, saved later (an older one would now be refused)
    fixed = fill(form, tmp_path / "fixed" / form.name, tasks={first: {"status": "已完成", "percent": 100}})
    assert main(["import-returns", "--db", str(demo_path), str(fixed)]) == 0
    text = capsys.readouterr()
    assert "请核实" not in text.out + text.err
