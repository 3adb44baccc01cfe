"""The same plan, however it reaches us — clean text, GB18030, BOM, UTF-16, traditional characters,
PDF-converted with hard wraps and page markers, pasted as one line, or a Word document with automatic
numbering and task tables — comes out as the same tasks, units, targets and phases."""
from __future__ import annotations

from pathlib import Path

import pytest

from db.plan_import import parse_plan_file, parse_plan_text

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "qingchuan-sample.txt"


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def task_view(parsed: dict) -> list[tuple]:
    """What a clerk checks on the review screen: number, title, units by role, deadline, sub-items."""
    return [(t["number"], t["title"], tuple(t["lead_units"]), tuple(t["co_units"]), tuple(t["responsible_units"]),
             t["deadline"], tuple(s["label"] for s in t["subitems"])) for t in parsed["tasks"]]


def target_view(parsed: dict) -> list[tuple]:
    return [(i["name"], i["target"], i["unit"], i["target_year"], i["comparison"], i["cumulative"])
            for i in parsed["indicators"]]


def phase_view(parsed: dict) -> list[tuple]:
    return [(p["name"], p["start"], p["end"]) for p in parsed["phases"]]


EXPECTED_TASKS = [
    ("1", "实施高价值专利培育计划", ("县市场监督管理局〔知识产权局〕",), ("县科技局", "县工信局"), (), None, ("一是", "二是")),
    ("2", "推进商标品牌建设", (), (), ("县市场监督管理局〔知识产权局〕", "县农业农村局"), None, ()),
    ("3", "开展专利转化专项行动", ("县科技局",), ("县教育局", "各乡镇〔街道〕"), (), None, ()),
    ("4", "深化知识产权金融服务", (), (), ("县金融办", "人行青川县支行", "各乡、镇政府"), None, ()),
    ("5", "加强知识产权宣传培训", (), (), ("县委宣传部", "县市场监督管理局〔知识产权局〕", "各县(市)区人民政府"), None, ()),
    ("6", "加强行政执法", (), (), ("县公安局", "县市场监督管理局〔知识产权局〕"), "2026年6月底前", ()),
    ("7", "加强海外维权援助", (), (), (), None, ()),
    ("(二)", "强化资金保障", (), (), ("县财政局",), None, ()),
]
EXPECTED_TARGETS = [
    ("有效发明专利量", 1200, "件", 2027, ">=", False),
    ("万人发明专利拥有量", 8.5, "件", 2027, ">=", False),
    ("发明专利申请量年均增长", 12, "%", 2027, ">=", False),
    ("知识产权质押融资额", 5, "亿元", 2027, ">=", True),
    ("高新技术企业贯标率", 80, "%", 2027, ">=", False),
]
EXPECTED_PHASES = [("动员部署阶段", "2025-03", "2025-04"), ("全面实施阶段", "2025-05", "2027-06"),
                   ("总结验收阶段", "2027-07", "2027-12")]


def assert_sample(parsed: dict, *, metadata: bool = True) -> None:
    assert task_view(parsed) == EXPECTED_TASKS
    assert target_view(parsed) == EXPECTED_TARGETS
    assert phase_view(parsed) == EXPECTED_PHASES
    if metadata:
        assert parsed["title"] == "青川县知识产权强县建设工作方案(2025—2027年)"
        assert parsed["issuer"] == "青川县人民政府办公室"
        assert parsed["doc_number"] == "青政办发〔2025〕7号"
        assert parsed["date"] == "2025-03-12"


def test_clean_text():
    parsed = parse_plan_text(sample_text())
    assert_sample(parsed)
    task = parsed["tasks"][0]
    assert task["section_path"] == ["二、重点任务", "(一)提升知识产权创造质量"]
    assert task["section"] == "(一)提升知识产权创造质量"
    assert task["subitems"][1] == {"label": "二是", "text": "支持企业与高校共建专利培育中心。"}
    assert "牵头单位" not in task["text"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_file_encodings(tmp_path, encoding):
    path = tmp_path / "方案.txt"
    path.write_bytes(sample_text().encode(encoding))
    assert_sample(parse_plan_file(path))


def test_windows_line_endings_and_full_width_spaces():
    text = sample_text().replace("\n", "\r\n").replace("二、重点任务", "二、\u3000重点任务")
    assert task_view(parse_plan_text(text)) == EXPECTED_TASKS


def test_traditional_characters_are_read_as_simplified():
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(sample_text())
    assert "縣" in traditional and "責任單位" in traditional
    assert_sample(parse_plan_text(traditional))


def pdf_wrapped(text: str, width: int = 27, page_lines: int = 18) -> str:
    """What a PDF-to-text converter does: hard wraps, page number lines between pages."""
    out, page = [], 1
    for paragraph in text.split("\n"):
        pieces = [paragraph[i:i + width] for i in range(0, len(paragraph), width)] or [""]
        for piece in pieces:
            out.append(piece)
            if len(out) % page_lines == 0:
                out.extend(["", f"— {page} —" if page % 2 else str(page), ""])
                page += 1
    return "\n".join(out)


@pytest.mark.parametrize("width", [20, 27, 33, 40])
def test_pdf_converted_text_with_wraps_and_page_markers(width):
    wrapped = pdf_wrapped(sample_text(), width=width)
    assert "— 1 —" in wrapped
    parsed = parse_plan_text(wrapped)
    assert_sample(parsed)
    assert "— 1 —" not in parsed["source_text"]


def test_wrap_inside_a_unit_name_keeps_the_name_whole():
    text = ("二、重点任务\n1.建设知识产权保护中心。推动快速维权。(牵头单位:县市场监督管理局〔知识\n产权局〕。配合单位:县\n"
            "司法局、县法院)\n2.开展专利导航。(县工信局负责)\n")
    tasks = parse_plan_text(text)["tasks"]
    assert tasks[0]["lead_units"] == ["县市场监督管理局〔知识产权局〕"]
    assert tasks[0]["co_units"] == ["县司法局", "县法院"]
    assert tasks[1]["responsible_units"] == ["县工信局"]


def test_page_break_in_the_middle_of_a_sentence():
    text = ("二、重点任务\n1.建设知识产权保护中心。推动建立快速审查、快速确权\n\n— 3 —\n\n、快速维权的协同保护机制。(县市场监管局负责)\n"
            "2.开展专利导航。(县工信局负责)\n")
    task = parse_plan_text(text)["tasks"][0]
    assert "快速确权、快速维权" in task["text"]
    assert task["responsible_units"] == ["县市场监管局"]


def test_repeated_table_header_on_every_page_is_dropped():
    header = "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"
    text = "\n".join([
        "二、重点任务", header,
        "1 | 建设知识产权保护工作站 | 县市场监督管理局〔知识产权局〕 | 县司法局、县法院 | 2025年底前",
        "— 1 —", header,
        "2 | 开展专利导航 | 县工信局 | | 年内完成",
        "3", header,
        "3 | 培育知识产权示范企业 | 县市场监督管理局〔知识产权局〕 | 县科技局 | 长期坚持",
    ])
    parsed = parse_plan_text(text)
    assert [(t["number"], t["title"], t["lead_units"], t["co_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("1", "建设知识产权保护工作站", ["县市场监督管理局〔知识产权局〕"], ["县司法局", "县法院"], "2025年底前"),
        ("2", "开展专利导航", ["县工信局"], [], "年内完成"),
        ("3", "培育知识产权示范企业", ["县市场监督管理局〔知识产权局〕"], ["县科技局"], "长期坚持"),
    ]
    assert parsed["source_text"].count("序号") == 1


def test_whole_document_pasted_as_one_line():
    parsed = parse_plan_text(sample_text().replace("\n", ""))
    assert_sample(parsed)


def test_table_of_contents_produces_nothing():
    toc = "目  录\n一、总体目标……………………1\n二、重点任务……………………2\n三、实施步骤......................5\n四、保障措施……………………6\n"
    parsed = parse_plan_text(toc + sample_text())
    assert_sample(parsed)
    assert "……" not in parsed["source_text"]


# ---- Word documents ------------------------------------------------------------------------------
def _outline_numbering(document) -> None:
    """A Word list: level 0 '一、', level 1 '(一)', level 2 '1.' (the numbers are not in the text)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _numbered(document, text: str, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def test_docx_with_word_numbering_and_sample_text(tmp_path):
    from docx import Document

    document = Document()
    for line in sample_text().split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "方案.docx"
    document.save(path)
    assert_sample(parse_plan_file(path))


def test_docx_numbered_lists_and_task_table(tmp_path):
    from docx import Document

    document = Document()
    _outline_numbering(document)
    document.add_paragraph("青川县知识产权强县建设工作方案(2025—2027年)")
    _numbered(document, "重点任务", 0)
    _numbered(document, "提升知识产权创造质量", 1)
    _numbered(document, "实施高价值专利培育计划。一是建立培育库。二是共建培育中心。"
                        "(牵头单位:县市场监督管理局〔知识产权局〕。配合单位:县科技局)", 2)
    _numbered(document, "推进商标品牌建设。引导企业注册商标。(县农业农村局负责)", 2)
    _numbered(document, "强化知识产权保护", 1)
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "工作措施", "牵头单位", "配合单位", "完成时限"]):
        cell.text = text
    rows = [["1", "建设知识产权保护工作站", "在园区设立工作站。", "县市场监督管理局〔知识产权局〕", "县司法局、县法院", "2025年底前"],
            ["2", "开展专利侵权纠纷调解", "", "县司法局", "", "年内完成"]]
    for values in rows:
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    path = tmp_path / "表格方案.docx"
    document.save(path)
    parsed = parse_plan_file(path)
    assert parsed["title"] == "青川县知识产权强县建设工作方案(2025—2027年)"
    assert [(t["number"], t["title"], t["section_path"], t["lead_units"], t["co_units"], t["responsible_units"],
             t["deadline"]) for t in parsed["tasks"]] == [
        ("1", "实施高价值专利培育计划", ["一、重点任务", "(一)提升知识产权创造质量"],
         ["县市场监督管理局〔知识产权局〕"], ["县科技局"], [], None),
        ("2", "推进商标品牌建设", ["一、重点任务", "(一)提升知识产权创造质量"], [], [], ["县农业农村局"], None),
        ("1", "建设知识产权保护工作站", ["一、重点任务", "(二)强化知识产权保护"],
         ["县市场监督管理局〔知识产权局〕"], ["县司法局", "县法院"], [], "2025年底前"),
        ("2", "开展专利侵权纠纷调解", ["一、重点任务", "(二)强化知识产权保护"], ["县司法局"], [], [], "年内完成"),
    ]
    assert parsed["tasks"][2]["text"] == "在园区设立工作站。"
    assert [s["label"] for s in parsed["tasks"][0]["subitems"]] == ["一是", "二是"]


def test_docx_heading_rows_inside_a_table_and_responsible_column(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某市知识产权工作要点")
    document.add_paragraph("一、重点工作")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "责任单位", "完成时间"]):
        cell.text = text
    heading = table.add_row().cells
    heading[0].merge(heading[3]).text = "(一)加强创造"
    for values in (["1", "开展专利消零行动", "市市场监管局、各县(市)区人民政府", "2025年12月底前"],
                   ["2", "培育高价值专利", "市科技局", "年内完成"]):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    heading = table.add_row().cells
    heading[0].merge(heading[3]).text = "(二)强化保护"
    for cell, text in zip(table.add_row().cells, ["3", "开展执法专项行动", "市公安局", "长期坚持"]):
        cell.text = text
    path = tmp_path / "要点.docx"
    document.save(path)
    parsed = parse_plan_file(path)
    assert [(t["number"], t["title"], t["section"], t["responsible_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("1", "开展专利消零行动", "(一)加强创造", ["市市场监管局", "各县(市)区人民政府"], "2025年12月底前"),
        ("2", "培育高价值专利", "(一)加强创造", ["市科技局"], "年内完成"),
        ("3", "开展执法专项行动", "(二)强化保护", ["市公安局"], "长期坚持"),
    ]


def test_docx_indicator_table(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某县知识产权发展规划(2021—2025年)")
    document.add_paragraph("一、发展目标")
    table = document.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, ["序号", "类别", "指标", "单位", "基期值(2020年)", "目标值(2025年)", "属性"]):
        cell.text = text
    for values in (["1", "创造", "有效发明专利量", "件", "800", "1500", "预期性"],
                   ["2", "", "高价值发明专利拥有量", "件", "200", "≥400", "预期性"],
                   ["3", "运用", "知识产权质押融资额", "亿元", "1", "[10]", "预期性"]):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    document.add_paragraph("二、主要任务")
    document.add_paragraph("1.实施专利提质工程。(县市场监管局负责)")
    path = tmp_path / "规划.docx"
    document.save(path)
    parsed = parse_plan_file(path)
    assert [(i["name"], i["category"], i["unit"], i["baseline"], i["baseline_year"], i["target"], i["target_year"],
             i["cumulative"], i["attribute"]) for i in parsed["indicators"]] == [
        ("有效发明专利量", "创造", "件", 800, 2020, 1500, 2025, False, "预期性"),
        ("高价值发明专利拥有量", "创造", "件", 200, 2020, 400, 2025, False, "预期性"),
        ("知识产权质押融资额", "运用", "亿元", 1, 2020, 10, 2025, True, "预期性"),
    ]
    assert len(parsed["tasks"]) == 1


# ---- a second plan, laid out differently (file header, notice without 《》, —— goals, 责任单位 in clauses) ----
LINJIANG = SAMPLE.parent / "linjiang-county-pilot-2022.txt"


def test_second_plan_clean_text():
    parsed = parse_plan_file(LINJIANG)
    assert (parsed["title"], parsed["issuer"], parsed["doc_number"], parsed["date"]) == (
        "临江县国家知识产权强县建设试点县工作方案", "临江县人民政府办公室", "临政办发〔2022〕45号", "2022-08-15")
    assert [(t["number"], t["title"], t["lead_units"], t["co_units"], t["responsible_units"]) for t in parsed["tasks"]] == [
        ("1", "推进高价值专利培育", [], [], ["县市场监管局", "县科技局", "县工信局"]),
        ("2", "实施商标品牌战略", [], [], ["县市场监管局", "县农业农村局", "县商务局"]),
        ("3", "推动专利转化实施", ["县科技局"], ["县教育局", "县工信局"], []),
        ("4", "深化知识产权金融创新", [], [], ["县金融服务中心", "县财政局", "县市场监管局", "人行临江县支行"]),
        ("5", "加大行政执法力度", [], [], ["县市场监管局", "县公安局", "县文广旅局"]),
        ("6", "完善多元纠纷化解机制", [], [], ["县法院", "县司法局", "县市场监管局"]),
        ("7", "建设知识产权公共服务网点", [], [], ["县市场监管局", "临江经济开发区管委会"]),
        ("8", "加强知识产权人才培养", [], [], []),
        ("(二)", "加大资金投入", [], [], ["县财政局"]),
    ]
    assert [(i["name"], i["target"], i["unit"], i["target_year"], i["cumulative"]) for i in parsed["indicators"]] == [
        ("每万人口高价值发明专利拥有量", 3, "件", 2025, False), ("有效注册商标总量", 2, "万件", 2025, False),
        ("新增地理标志证明商标", 2, "件", 2025, False), ("专利商标质押融资金额", 5, "亿元", 2025, True),
        ("培育国家知识产权优势示范企业", 5, "家", 2025, False), ("知识产权保护社会满意度", 85, "分", 2025, False)]
    assert phase_view(parsed) == [("启动部署阶段", "2022-08", "2022-10"), ("全面推进阶段", "2022-11", "2024-12"),
                                  ("总结验收阶段", "2025-01", "2025-06")]


ALL_SAMPLES = [SAMPLE, LINJIANG, SAMPLE.parent / "jiangcheng-city-2023.txt"]


@pytest.mark.parametrize("document", ALL_SAMPLES, ids=lambda p: p.stem)
def test_one_line_and_traditional_copies_read_the_same(document):
    from opencc import OpenCC

    text = document.read_text(encoding="utf-8")
    clean = parse_plan_text(text)
    for variant in (text.replace("\n", ""), OpenCC("s2t").convert(text)):
        parsed = parse_plan_text(variant)
        assert (task_view(parsed), target_view(parsed), phase_view(parsed), parsed["title"], parsed["date"]) == (
            task_view(clean), target_view(clean), phase_view(clean), clean["title"], clean["date"])


@pytest.mark.parametrize("document", ALL_SAMPLES, ids=lambda p: p.stem)
def test_any_line_width_and_page_length_reads_the_same(document):
    text = document.read_text(encoding="utf-8")
    clean = parse_plan_text(text)
    for width in range(16, 50, 2):
        for page_lines in (17, 30):
            parsed = parse_plan_text(pdf_wrapped(text, width=width, page_lines=page_lines))
            seen = (task_view(parsed), target_view(parsed), phase_view(parsed),
                    parsed["title"], parsed["issuer"], parsed["date"], parsed["doc_number"])
            assert seen == (task_view(clean), target_view(clean), phase_view(clean), clean["title"],
                            clean["issuer"], clean["date"], clean["doc_number"]), (width, page_lines)


def test_docx_builtin_list_number_style(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某市知识产权工作方案")
    document.add_paragraph("二、重点任务", style="Heading 1")
    document.add_paragraph("实施专利导航。开展产业专利分析。(市工信局负责)", style="List Number")
    document.add_paragraph("推进商标品牌建设。主要包括:(1)培育地理标志;(2)保护老字号。(市农业农村局负责)", style="List Number")
    path = tmp_path / "列表.docx"
    document.save(path)
    tasks = parse_plan_file(path)["tasks"]
    assert [(t["number"], t["title"], t["responsible_units"]) for t in tasks] == [
        ("1", "实施专利导航", ["市工信局"]), ("2", "推进商标品牌建设", ["市农业农村局"])]
    assert tasks[1]["subitems"] == [{"label": "(1)", "text": "培育地理标志;"}, {"label": "(2)", "text": "保护老字号。"}]


def test_docx_task_spanning_several_rows_with_merged_cells(tmp_path):
    """Word repeats a vertically merged cell in every row it spans: one task, several measures and units."""
    from docx import Document

    document = Document()
    document.add_paragraph("某市知识产权工作方案")
    document.add_paragraph("二、重点任务")
    table = document.add_table(rows=4, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "具体措施", "责任单位"]):
        cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "建设保护中心"
    table.cell(1, 2).text, table.cell(1, 3).text = "建立快速审查机制。", "市市场监管局"
    table.cell(2, 2).text, table.cell(2, 3).text = "开展维权援助。", "市司法局"
    for cell, text in zip(table.rows[3].cells, ["2", "开展导航", "分析产业专利。", "市工信局"]):
        cell.text = text
    path = tmp_path / "合并单元格.docx"
    document.save(path)
    tasks = parse_plan_file(path)["tasks"]
    assert [(t["number"], t["title"], t["text"], t["responsible_units"]) for t in tasks] == [
        ("1", "建设保护中心", "建立快速审查机制。\n开展维权援助。", ["市市场监管局", "市司法局"]),
        ("2", "开展导航", "分析产业专利。", ["市工信局"])]


def test_docx_two_row_header_with_lead_and_co_under_one_heading(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某市知识产权工作方案")
    document.add_paragraph("二、重点任务")
    table = document.add_table(rows=4, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "序号"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "重点任务"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "责任单位"
    table.cell(1, 2).text, table.cell(1, 3).text = "牵头", "配合"
    table.cell(0, 4).merge(table.cell(1, 4)).text = "完成时限"
    for row, values in ((2, ["1", "建设保护中心", "市市场监管局", "市司法局", "2025年底前"]),
                        (3, ["2", "开展导航", "市工信局", "", "年内完成"])):
        for cell, text in zip(table.rows[row].cells, values):
            cell.text = text
    path = tmp_path / "两行表头.docx"
    document.save(path)
    assert [(t["number"], t["title"], t["lead_units"], t["co_units"], t["deadline"])
            for t in parse_plan_file(path)["tasks"]] == [
        ("1", "建设保护中心", ["市市场监管局"], ["市司法局"], "2025年底前"), ("2", "开展导航", ["市工信局"], [], "年内完成")]


def test_third_plan_lead_and_co_lines_and_numbered_goals():
    """Title with its years on the next line, numbered goals ending in ;, 牵头单位:…;配合单位:… lines,
    a 组织实施 part that sets no tasks, signature at the end."""
    parsed = parse_plan_file(SAMPLE.parent / "jiangcheng-city-2023.txt")
    assert (parsed["title"], parsed["issuer"], parsed["date"], parsed["start_year"], parsed["end_year"]) == (
        "江城市知识产权强市建设试点城市实施方案(2023—2025年)", "江城市人民政府办公室", "2023-03-20", 2023, 2025)
    assert [(t["number"], t["lead_units"], t["co_units"]) for t in parsed["tasks"]] == [
        ("1", ["市市场监管局(知识产权局)"], ["市科技局", "市工信局"]),
        ("2", ["市市场监管局(知识产权局)"], ["市农业农村局", "市商务局"]),
        ("3", ["市金融工作局", "人民银行江城市中心支行"], ["市市场监管局(知识产权局)", "市财政局"]),
        ("4", ["市科技局"], ["市教育局", "市市场监管局(知识产权局)"]),
        ("5", ["市中级人民法院"], ["市人民检察院", "市公安局"]),
        ("6", ["市市场监管局(知识产权局)"], ["市公安局", "市文化广电旅游局"]),
    ]
    assert [(i["name"], i["target"], i["unit"], i["cumulative"]) for i in parsed["indicators"]] == [
        ("每万人口高价值发明专利拥有量", 6.5, "件", False), ("PCT国际专利申请量年均增长", 15, "%", False),
        ("知识产权质押融资登记金额", 30, "亿元", True), ("培育国家知识产权示范企业和优势企业", 50, "家", False)]
    assert parsed["warnings"] == []


def test_table_of_contents_without_dotted_leaders():
    toc = "目录\n一、总体目标 1\n二、重点任务 2\n三、实施步骤 5\n四、保障措施 6\n"
    parsed = parse_plan_text(toc + sample_text())
    assert_sample(parsed)
    assert "总体目标 1" not in parsed["source_text"]


def test_header_flattened_one_cell_a_line_and_repeated_after_a_page_break():
    header = "具体\n\n任务\n\n任务目标\n\n工作措施\n\n执行部门\n\n(单位)\n\n完成\n\n时间\n"
    text = ("《某年度专利工作推进计划》\n" + header + "一、主体任务\n(一)完善政策\n"
            "1.强化立法研究。开展基本法研究。\n\n— 2 —\n\n" + header + "各省份开展配套研究。\n局内:条法司\n年内完成\n"
            "2.加强政策设计。制定指南。\n局内:管理司\n年内有阶段性成果\n")
    parsed = parse_plan_text(text)
    assert [(t["title"], t["text"], t["responsible_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("强化立法研究", "开展基本法研究。\n各省份开展配套研究。", ["条法司"], "年内完成"),
        ("加强政策设计", "制定指南。", ["管理司"], "年内有阶段性成果")]
    assert parsed["source_text"].count("任务目标") == 1
