"""Every output file (PDF report, form, summary, 催报单) goes through reports.atomic_file: a failure leaves neither a
half-written file nor a temporary one behind."""
from pathlib import Path

import pytest

from db.periods import get_period
from db.plan_store import current_plan_id
from reports.atomic_file import ReportWriteError, write_atomically
from reports.chase_xlsx import write_chase_xlsx
from reports.summary_writer import export_summary

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def test_a_writer_that_fails_leaves_nothing_behind(tmp_path):
    def broken(temp):
        Path(temp).write_bytes(b"half")
        raise RuntimeError("断电")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "报告.pdf", broken)
    assert list(tmp_path.iterdir()) == []


def test_workbooks_land_whole_with_no_temporary_file(demo_ledger, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    summary = export_summary(demo_ledger, "2026Q3", out / "新文件夹" / "汇总表.xlsx")
    plan_id = current_plan_id(demo_ledger)
    chase = write_chase_xlsx(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2026Q3")["id"],
                             out / "催报单.xlsx")
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == sorted([summary.name, chase.name])
    with pytest.raises(ReportWriteError, match="保存位置不存在"):
        write_chase_xlsx(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2026Q3")["id"],
                         out / "没有" / "催报单.xlsx")


def test_only_one_module_knows_how_to_write_a_file_safely():
    writers = [p.name for p in REPORTS.glob("*.py") if "mkstemp(" in p.read_text(encoding="utf-8")]
    assert writers == ["atomic_file.py"]
