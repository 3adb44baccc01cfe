"""完成时限 reads the same on the plan page, the units' forms and the summary sent upward: as the plan wrote it, and
where it wrote none, the date it resolves to in brackets (the demo plan's tasks run to the end of 实施阶段)."""
import openpyxl

from db import queries
from db.deadlines import INFERRED_DEADLINE_NOTE
from db.plan_edit import update_task
from db.plan_store import current_plan_id
from reports import form_layout as L
from reports.summary_writer import TASK_SHEET, export_summary
from tests.reports.returns_fixtures import issue


def _column(ws, header: str) -> dict[str, str]:
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if header in r)
    col = rows[head].index(header)
    return {str(r[0]): r[col] for r in rows[head + 1:] if r[0] is not None}


def test_form_and_summary_show_the_resolved_date_where_the_plan_wrote_no_deadline(demo_ledger, tmp_path):
    plan_id = current_plan_id(demo_ledger)
    task4 = next(t for t in queries.tasks(demo_ledger, plan_id) if t["number"] == "4")
    update_task(demo_ledger, task4["id"], deadline="2025年12月底前")
    form = issue(demo_ledger, tmp_path / "forms", "市科技局", "2026Q3")
    on_form = _column(openpyxl.load_workbook(form)[L.PROGRESS_SHEET], "完成时限")
    assert on_form["4"] == "2025年12月底前" and on_form["5"] == "（2026年6月30日）"
    summary = export_summary(demo_ledger, "2026Q3", tmp_path / "汇总表.xlsx")
    in_summary = _column(openpyxl.load_workbook(summary)[TASK_SHEET], "完成时限")
    assert in_summary["4"] == "2025年12月底前" and in_summary["1"] == "（2026年6月30日）"
    assert set(in_summary.values()) == {"2025年12月底前", "（2026年6月30日）"}   # no task left blank
    # the brackets are explained where they appear: the form's instructions and the summary's subtitle
    form_text = " ".join(str(c) for row in openpyxl.load_workbook(form)[L.PROGRESS_SHEET].iter_rows(values_only=True)
                         for c in row if c)
    assert INFERRED_DEADLINE_NOTE in form_text
    assert INFERRED_DEADLINE_NOTE in openpyxl.load_workbook(summary)[TASK_SHEET]["A2"].value
