"""The city's reports read back as a reader sees them: the progress report PDF (pdftotext), the summary workbook
and the 通报 sheet (openpyxl)."""
from __future__ import annotations

from datetime import datetime

from tests.conftest import FixedClock
from tests.reports.pdf_inspect import body_text, squash
from tests.rollup.fixtures import PERIOD


def open_city(world):
    from db.ledger import Ledger

    return Ledger.open(world.city, read_only=True, clock=FixedClock(datetime(2026, 10, 28, 10, 0)))


def test_the_city_progress_report_has_a_section_per_county_and_the_city_totals(rollup_world, tmp_path):
    from reports.rollup_report import write_rollup_report_pdf

    city = open_city(rollup_world)
    try:
        out = write_rollup_report_pdf(city, PERIOD, tmp_path / "报告.pdf")
    finally:
        city.close()
    text = squash(body_text(out))
    assert "泰州市各县(市、区)2026年第3季度工作进展情况报告" in text
    assert "全市3个县(市、区)中3个已报送数据包(逾期报送1个)" in text
    assert "已报送各地共有重点任务39项" in text               # 3 × 13 tasks: the city total
    positions = [text.index(f"{n}{name}") for n, name in (("(一)", "兴化市"), ("(二)", "靖江市"), ("(三)", "泰兴市"))]
    assert positions == sorted(positions)                    # one section per county, in code order
    assert "靖江市于2026年10月25日逾期10天报送" in text
    assert "全市合计" in text and "有效发明专利量" in text and "不宜加总" in text
    assert "四、通报排名" in text and "逾期报送:靖江市逾期10天报送" in text


def test_the_summary_workbook_and_bulletin_sheet_carry_the_same_figures(rollup_world, tmp_path):
    from openpyxl import load_workbook

    from reports.rollup_bulletin import write_bulletin_xlsx
    from reports.rollup_report import write_rollup_workbook

    city = open_city(rollup_world)
    try:
        summary = write_rollup_workbook(city, PERIOD, tmp_path / "汇总表.xlsx")
        bulletin = write_bulletin_xlsx(city, PERIOD, tmp_path / "通报.xlsx")
    finally:
        city.close()
    wb = load_workbook(summary, read_only=True)
    try:
        assert wb.sheetnames[:2] == ["各县概览", "共同指标"] and set(wb.sheetnames[2:]) == {"兴化市", "靖江市", "泰兴市"}
        rows = [r for r in wb["各县概览"].iter_rows(min_row=4, values_only=True)]
        by_name = {r[0]: r for r in rows if r and r[0]}
        assert by_name["全市合计"][4] == 39 and by_name["靖江市"][2] == "逾期10天报送"
        indicators = {r[0]: r for r in wb["共同指标"].iter_rows(min_row=4, values_only=True) if r and r[0]}
        assert indicators["万人发明专利拥有量"][-2] == "不宜加总"
        tasks = [r for r in wb["泰兴市"].iter_rows(min_row=4, values_only=True) if r and len(r) > 1 and r[1]]
        assert len(tasks) == 13 and tasks[3][1] == "实施高价值专利培育工程" and tasks[3][5] == "红灯"
    finally:
        wb.close()
    wb = load_workbook(bulletin, read_only=True)
    try:
        ws = wb["通报排名"]
        assert "泰州市各县（市、区）2026年第3季度工作进展情况通报" == ws["A1"].value
        ranked = [r for r in ws.iter_rows(min_row=4, max_row=6, values_only=True)]
        assert [r[1] for r in ranked][-1] == "靖江市" and ranked[-1][0] == 3 and ranked[-1][2] == "逾期10天"
    finally:
        wb.close()
    ws = load_workbook(bulletin)["通报排名"]                 # shares are numbers the clerk can sort, shown as %
    completeness, progress = ws["E4"], ws["H4"]
    assert isinstance(completeness.value, float) and 0 < completeness.value <= 1
    assert completeness.number_format == "0.0%" and progress.number_format == "0.0%"
