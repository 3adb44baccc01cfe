"""The 催报单 as PDF and Excel: what a reader of the printed page or the workbook sees."""
import subprocess

import pytest
from openpyxl import load_workbook

from db.periods import get_period
from reports.chase_pdf import write_chase_pdf
from reports.chase_xlsx import HEADER, HEADER_ROW, write_chase_xlsx

SILENT = {"市农业农村局": "0523-87654305", "市自然资源和规划局": "0523-87654312", "园区": "0523-87654314",
          "市法院": "0523-87654311"}


@pytest.fixture
def q3(demo_ledger):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    return plan_id, get_period(demo_ledger, plan_id, "2026Q3")["id"]


def test_pdf_lists_the_units_with_their_phones(demo_ledger, q3, tmp_path):
    (tmp_path / "out").mkdir()
    out = write_chase_pdf(demo_ledger, *q3, tmp_path / "out" / "催报单.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于催报2026年第3季度" in text and "各有关单位" in text
    for unit, phone in SILENT.items():
        assert unit in text and phone in text
    joined = "".join(text.split())
    assert "逾期47天" in joined and "2026年10月5日前报送" in joined
    assert "泰兴市市场监督管理局" in text and "2026年11月21日" in text
    assert "市科技局" not in text                     # reported in full: not chased
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["催报单.pdf"]   # no temporary file left


def test_excel_rows_and_print_setup(demo_ledger, q3, tmp_path):
    (tmp_path / "out").mkdir()
    out = write_chase_xlsx(demo_ledger, *q3, tmp_path / "out" / "催报单.xlsx")
    wb = load_workbook(out)
    ws = wb["催报单"]
    assert tuple(c.value for c in ws[HEADER_ROW]) == HEADER
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 4)]
    assert {row[1]: row[3] for row in rows} == SILENT
    park = next(row for row in rows if row[1] == "园区")
    assert park[2] == "何芳" and park[4] == "任务1、2、3、12、13" and park[5] == 47 and park[6] == "2026-10-05"
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows.replace("$", "") == "4:4"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["催报单.xlsx"]


def test_excel_never_turns_a_contact_into_a_formula(demo_ledger, q3, tmp_path):
    from db.units import find_unit, update_unit

    update_unit(demo_ledger, find_unit(demo_ledger, "园区"), contact="=HYPERLINK(\"http://x\")",
                phone="+86 523 87654301")
    out = write_chase_xlsx(demo_ledger, *q3, tmp_path / "c.xlsx")
    ws = load_workbook(out)["催报单"]
    park = next(row for row in ws.iter_rows(min_row=HEADER_ROW + 1) if row[1].value == "园区")
    assert park[2].data_type == "s" and park[2].value == "=HYPERLINK(\"http://x\")"
    assert park[3].value == "+86 523 87654301"


def test_nothing_to_chase_says_so(demo_ledger, q3, tmp_path):
    from db.completeness import period_completeness
    from db.progress import record_progress

    for report in period_completeness(demo_ledger, *q3):
        for task in report.missing_tasks:
            record_progress(demo_ledger, task["task_id"], report.unit_id, q3[1], {"status": "推进中", "percent": 60})
    out = write_chase_pdf(demo_ledger, *q3, tmp_path / "x.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "均已报送" in text and "无需催报" in text and "园区" not in text


def test_not_yet_due_is_said(demo_ledger, tmp_path):
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    out = write_chase_xlsx(demo_ledger, plan_id, get_period(demo_ledger, plan_id, "2026Q4")["id"], tmp_path / "q4.xlsx")
    ws = load_workbook(out)["催报单"]
    assert {row[5].value for row in ws.iter_rows(min_row=HEADER_ROW + 1) if isinstance(row[0].value, int)} == {0}


@pytest.mark.parametrize("plan_title, words", [
    ("泰兴市国家知识产权强县建设试点县工作方案(2024-2026年)", "知识产权强县建设"),
    ("福州市开展新一轮国家知识产权示范城市工作方案", "知识产权示范城市建设"),
    ("2014年全国专利事业发展战略推进计划", "知识产权工作"),
])
def test_the_chase_notice_names_the_plans_own_programme(plan_title, words):
    from db.completeness import ChaseNotice

    notice = ChaseNotice(plan_title, "", "2026Q3", "2026年第3季度", None, None, "", "", [], 0)
    assert notice.title == f"关于催报2026年第3季度{words}任务进展情况的通知"
