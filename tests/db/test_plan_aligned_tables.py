"""Task tables whose columns are separated only by runs of spaces: what pdftotext -layout makes of a PDF plan's
table (long cells wrapped onto lines above and below the numbered line), and tables a typist lined up by hand."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from db.plan_import import parse_plan_text

ROWS = [("1", "加强知识产权发展顶层设计", "县市场监管局", "县发改委、县科技局、县财政局、县统计局", "2025年底前"),
        ("2", "实施高价值专利培育工程", "县科技局", "县工信局", "2026年6月底前"),
        ("3", "强化知识产权保护", "县法院", "县公安局、县检察院", "长期坚持")]


def summary(parsed: dict) -> list[tuple]:
    return [(t["number"], t["title"], t["lead_units"], t["co_units"], t["deadline"]) for t in parsed["tasks"]]


EXPECTED = [("1", "加强知识产权发展顶层设计", ["县市场监管局"], ["县发改委", "县科技局", "县财政局", "县统计局"], "2025年底前"),
            ("2", "实施高价值专利培育工程", ["县科技局"], ["县工信局"], "2026年6月底前"),
            ("3", "强化知识产权保护", ["县法院"], ["县公安局", "县检察院"], "长期坚持")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_a_pdf_plan_table_through_pdftotext_layout(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from reports.font_files import bundled_font_path

    pdfmetrics.registerFont(TTFont("PlanFont", str(bundled_font_path()), subfontIndex=0))
    style = ParagraphStyle("body", fontName="PlanFont", fontSize=11, leading=16)
    table = Table([[Paragraph(cell, style) for cell in row]
                   for row in [("序号", "任务名称", "牵头单位", "配合单位", "完成时限"), *ROWS]],
                  colWidths=[30, 130, 80, 120, 80])   # narrow columns: long cells wrap onto two or three lines
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    pdf = tmp_path / "方案.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([
        Paragraph("某县知识产权强县建设工作方案(2025-2027年)", style), Paragraph("一、重点任务", style), table,
        Paragraph("二、保障措施", style), Paragraph("加强组织领导。各部门要高度重视,确保各项任务落到实处。", style)])
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "县发改委、县科技局、县财政局、县统计局" not in text   # the converter did wrap that cell
    parsed = parse_plan_text(text)
    assert summary(parsed) == EXPECTED
    assert not any("保障措施" in t["title"] or "组织领导" in t["text"] for t in parsed["tasks"])


def test_a_table_lined_up_by_hand_with_full_width_spaces_and_a_wrapped_cell():
    widths = [2, 13, 7, 11, 7]   # columns in Chinese characters; cells padded with spaces, columns parted by 全角空格

    def aligned(cells) -> str:
        line = ""
        for cell, width in zip(cells, widths):
            printed = sum(2 if ord(c) > 0x2e80 else 1 for c in cell)
            line += cell + " " * (width * 2 - printed) + "\u3000"
        return line.rstrip()

    lines = ["某县知识产权强县建设工作方案(2025-2027年)", "一、重点任务",
             aligned(["序号", "任务名称", "牵头单位", "配合单位", "完成时限"])]
    for number, title, lead, co, deadline in ROWS:
        lines.append(aligned([number, title, lead, co[:10], deadline]))
        if co[10:]:   # the rest of a long cell, on the next line under its column
            lines.append(aligned(["", "", "", co[10:], ""]).replace("\u3000", "  "))
    lines += ["二、保障措施", "加强组织领导。  各部门要高度重视,  确保各项任务落到实处。"]
    parsed = parse_plan_text("\n".join(lines))
    assert summary(parsed) == EXPECTED


def test_double_spaces_in_prose_and_a_lone_header_make_no_table():
    text = ("某县知识产权工作方案\n一、重点任务\n1.开展专利导航。  围绕主导产业开展导航分析。(县工信局负责)\n"
            "序号  任务名称  牵头单位\n加强组织领导。  各部门要高度重视。\n")
    parsed = parse_plan_text(text)
    [task] = parsed["tasks"]
    assert (task["number"], task["title"], task["responsible_units"]) == ("1", "开展专利导航", ["县工信局"])
    assert "围绕主导产业开展导航分析" in task["text"]
