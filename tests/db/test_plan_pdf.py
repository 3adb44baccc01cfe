"""PDF plans read directly, as a clerk downloads them: running header, page-number footer ('— 3 —', '- 3 -', a bare
number), paragraphs hard-wrapped by the PDF (inside unit names and across pages), ruled tables with merged cells.
Scanned, encrypted and damaged PDFs are refused with a Chinese message, exit 2 and nothing stored."""
from __future__ import annotations

import json

import pytest

from db.plan_import import PlanReadError, parse_plan_file
from tests.db.plan_pdf_fixtures import make_plan_pdf
from tests.db.test_plan_cli import empty_ledger, ipledger, plan_count  # noqa: F401  (fixture)

LONG = "围绕主导产业和战略性新兴产业,培育一批创新水平高、权利状态稳定、市场竞争力强的高价值专利组合,支持企业与高校院所开展联合攻关"
PLAN = [
    "某县国家知识产权强县建设工作方案(2025-2027年)",
    "一、总体目标",
    "到2027年,全县有效发明专利拥有量达到1500件,知识产权质押融资额累计达到5亿元。",
    "二、重点任务",
    "(一)提高知识产权创造质量",
    f"1.实施高价值专利培育工程。{LONG}。(县市场监督管理局〔知识产权局〕牵头,县科技局、县工业和信息化局按职责分工负责)",
    f"2.推进商标品牌建设。{LONG}。此项工作由县农业农村局、县商务局,各镇(街道)负责。",
    "(二)加强知识产权保护",
    f"3.健全知识产权保护体系。{LONG}。(县司法局、局内相关部门负责)",
    "PAGE",
    "三、重点任务分工",
    [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
     ["1", "建设知识产权公共服务平台", "县知识产权局", "县财政局、县大数据管理中心", "2025年底前"],
     ["2", "开展知识产权保护专项行动", "县公安局", "各镇(街道)、相关部门", "长期坚持"]],
    "四、保障措施",
    "加强组织领导,建立工作协调机制。",
]


def _tasks(parsed):
    return [(t["number"], t["title"], t["lead_units"], t["co_units"], t["responsible_units"], t["deadline"])
            for t in parsed["tasks"]]


@pytest.mark.parametrize("footer", ["— {page} —", "- {page} -", "{page}", "第{page}页"])
def test_pdf_plan_reads_like_its_text(tmp_path, footer):
    path = make_plan_pdf(tmp_path / "方案.pdf", PLAN, footer=footer)
    parsed = parse_plan_file(path)
    assert parsed["title"] == "某县国家知识产权强县建设工作方案(2025-2027年)"
    assert _tasks(parsed) == [
        ("1", "实施高价值专利培育工程", ["县市场监督管理局〔知识产权局〕"], ["县科技局", "县工业和信息化局"], [], None),
        ("2", "推进商标品牌建设", [], [], ["县农业农村局", "县商务局", "各镇(街道)"], None),
        ("3", "健全知识产权保护体系", [], [], ["县司法局"], None),
        ("1", "建设知识产权公共服务平台", ["县知识产权局"], ["县财政局", "县大数据管理中心"], [], "2025年底前"),
        ("2", "开展知识产权保护专项行动", ["县公安局"], ["各镇(街道)"], [], "长期坚持"),
    ]
    # the hard wraps are gone: each task's text is whole, with no header, footer or page number inside
    assert LONG in parsed["tasks"][0]["text"]
    assert all("泰兴市人民政府办公室文件" not in t["text"] and "—" not in t["text"] for t in parsed["tasks"])
    assert [c["name"] for c in parsed["tasks"][2]["collective_units"]] == ["局内相关部门"]
    assert [c["name"] for c in parsed["tasks"][4]["collective_units"]] == ["各镇(街道)", "相关部门"]
    by_name = {i["name"]: i for i in parsed["indicators"]}
    assert by_name["有效发明专利拥有量"]["target"] == 1500 and by_name["有效发明专利拥有量"]["target_year"] == 2027
    assert "泰兴市人民政府办公室文件" not in parsed["source_text"]


def test_unit_clause_broken_by_a_page_break(tmp_path):
    """'(A、B按职责分工' ends one page, '负责)' begins the next: one clause, one task."""
    filler = "围绕重点产业开展专利导航分析,为产业规划和企业经营决策提供支撑。" * 3
    blocks = ["某市知识产权工作方案", "一、重点任务", *[f"{n}.开展专项工作{n}。{filler}(市科技局负责)" for n in range(1, 8)],
              "8.推进知识产权公共服务平台建设。整合服务资源,建立一站式服务窗口。(市知识产权局、市大数据局按职责分工",
              "PAGE", "负责)", "9.加强人才培养。开展专题培训。(市人社局负责)"]
    parsed = parse_plan_file(make_plan_pdf(tmp_path / "分页.pdf", blocks))
    tasks = {t["number"]: t for t in parsed["tasks"]}
    assert tasks["8"]["responsible_units"] == ["市知识产权局", "市大数据局"]
    assert tasks["9"]["responsible_units"] == ["市人社局"]
    assert len(parsed["tasks"]) == 9 and not parsed["warnings"]


def test_indicator_table_with_a_merged_category_cell(tmp_path):
    table = [["序号", "类别", "指标", "单位", "2024年", "2027年", "属性"],
             ["1", "创造", "每万人口高价值发明专利拥有量", "件", "3.2", "6.5", "预期性"],
             ["2", None, "PCT国际专利申请量", "件", "38", "60", "预期性"],
             ["3", "运用", "知识产权质押融资额", "亿元", "3834", "5000", "预期性"]]
    blocks = ["某县知识产权强县建设方案(2024-2027年)", "一、发展目标", table, "二、重点任务", "1.实施专利导航。(县知识产权局负责)"]
    parsed = parse_plan_file(make_plan_pdf(tmp_path / "指标.pdf", blocks))
    rows = [(i["name"], i["unit"], i["baseline"], i["target"], i.get("category")) for i in parsed["indicators"]]
    assert rows == [("每万人口高价值发明专利拥有量", "件", 3.2, 6.5, "创造"), ("PCT国际专利申请量", "件", 38, 60, "创造"),
                    ("知识产权质押融资额", "亿元", 3834, 5000, "运用")]


def test_scanned_pdf_is_named_as_a_scan(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from PIL import Image

    image = tmp_path / "page.png"
    Image.new("RGB", (400, 560), "white").save(image)
    path = tmp_path / "扫描件.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(str(image), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    assert "扫描件" in str(caught.value) and "OCR" in str(caught.value)


def _encrypted(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = make_plan_pdf(tmp_path / "明文.pdf", PLAN[:6])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="1234", owner_password="5678")
    path = tmp_path / "加密.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _damaged(tmp_path):
    good = make_plan_pdf(tmp_path / "好的.pdf", PLAN[:6]).read_bytes()
    path = tmp_path / "损坏.pdf"
    path.write_bytes(good[:400])
    return path


@pytest.mark.parametrize("make, words", [(_encrypted, "密码"), (_damaged, "不是有效的 PDF")])
def test_encrypted_or_damaged_pdf_is_refused_and_nothing_stored(tmp_path, empty_ledger, make, words):
    path = make(tmp_path)
    parsed = ipledger("parse-plan", path, "--format", "json")
    assert (parsed.returncode, parsed.stdout) == (2, "")
    assert words in parsed.stderr and "Traceback" not in parsed.stderr
    imported = ipledger("import-plan", path, "--db", empty_ledger)
    assert imported.returncode == 2 and words in imported.stderr
    assert plan_count(empty_ledger) == 0


def test_parse_plan_json_for_a_pdf_lists_collective_units_and_import_stores_them(tmp_path, empty_ledger):
    from db.ledger import Ledger

    path = make_plan_pdf(tmp_path / "方案.pdf", PLAN)
    result = ipledger("parse-plan", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    tasks = json.loads(result.stdout)["tasks"]
    assert tasks[2]["collective_units"] == [{"name": "局内相关部门", "role": "responsible"}]
    assert ipledger("import-plan", path, "--db", empty_ledger).returncode == 0
    ledger = Ledger.open(empty_ledger, read_only=True)
    try:
        kinds = dict(ledger.rows("SELECT name, kind FROM units"))
        linked = [r[0] for r in ledger.rows(
            "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id"
            " WHERE t.title = '健全知识产权保护体系' ORDER BY tu.position")]
    finally:
        ledger.close()
    assert linked == ["县司法局", "局内相关部门"]
    assert kinds["局内相关部门"] == kinds["各镇(街道)"] == "collective"
    assert kinds["县司法局"] == "department"


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("plan", ["tests/fixtures/plans/qingchuan-sample.txt", "../shared/plans/taixing-county-pilot-2024.txt"])
def test_a_pdf_saved_by_an_office_program_reads_like_the_word_file(tmp_path, plan):
    """LibreOffice's PDFs space digits from Chinese ('2026 年 6 月') and draw quotation marks after the words inside
    them; the PDF still reads task for task like the .docx it was saved from."""
    import subprocess
    from pathlib import Path

    from docx import Document
    from docx.shared import Pt

    source = Path(__file__).resolve().parents[2] / plan
    if not source.exists():
        pytest.skip("shared plan documents not available")
    document = Document()
    document.styles["Normal"].font.size = Pt(14)
    for line in source.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    docx = tmp_path / "方案.docx"
    document.save(docx)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=120)
    from_word, from_pdf = parse_plan_file(docx), parse_plan_file(tmp_path / "方案.pdf")
    assert _tasks(from_pdf) == _tasks(from_word)
    assert [t["title"] for t in from_pdf["tasks"]] == [t["title"] for t in from_word["tasks"]]
    assert [(i["name"], i["target"]) for i in from_pdf["indicators"]] == [
        (i["name"], i["target"]) for i in from_word["indicators"]]
    assert from_pdf["title"] == from_word["title"]


def test_a_task_table_drawn_without_rules_is_read_by_its_columns(tmp_path):
    table = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
             ["1", "建设知识产权公共服务平台,整合专利商标版权信息资源", "县市场监督管理局", "县财政局、县大数据管理中心", "2025年底前"],
             ["2", "开展专利导航", "县科技局", "", "年内完成"],
             ["3", "培育知识产权示范企业", "县工业和信息化局", "相关部门", "长期坚持"]]
    blocks = ["某县知识产权工作要点(2025年)", "一、重点任务分工", table, "二、保障措施", "加强组织领导,建立工作协调机制。"]
    parsed = parse_plan_file(make_plan_pdf(tmp_path / "无框线.pdf", blocks, ruled=False))
    assert _tasks(parsed) == [
        ("1", "建设知识产权公共服务平台,整合专利商标版权信息资源", ["县市场监督管理局"], ["县财政局", "县大数据管理中心"], [],
         "2025年底前"),
        ("2", "开展专利导航", ["县科技局"], [], [], "年内完成"),
        ("3", "培育知识产权示范企业", ["县工业和信息化局"], [], [], "长期坚持"),
    ]
    assert parsed["tasks"][2]["collective_units"] == [{"name": "相关部门", "role": "co"}]


def test_a_long_table_without_rules_goes_on_over_pages_with_its_header_repeated(tmp_path):
    rows = [[str(n), f"开展第{n}项知识产权专项工作", "县科技局" if n % 2 else "县财政局", "2026年底前"] for n in range(1, 41)]
    blocks = ["某县知识产权工作要点(2026年)", "一、重点任务分工", [["序号", "重点任务", "牵头单位", "完成时限"], *rows],
              "二、保障措施", "加强组织领导。"]
    path = make_plan_pdf(tmp_path / "长表.pdf", blocks, ruled=False)
    import pypdfium2

    assert len(pypdfium2.PdfDocument(str(path))) >= 2
    parsed = parse_plan_file(path)
    assert [(t["number"], t["title"], t["lead_units"], t["deadline"]) for t in parsed["tasks"]] == [
        (str(n), f"开展第{n}项知识产权专项工作", ["县科技局" if n % 2 else "县财政局"], "2026年底前") for n in range(1, 41)]
    assert parsed["source_text"].count("序号") == 1


def _blocks_of(text: str) -> list:
    """A plan's text as make_plan_pdf blocks: ' | ' rows become a ruled table."""
    from xml.sax.saxutils import escape

    blocks: list = []
    table = None
    for line in filter(str.strip, text.split("\n")):
        if "|" in line:
            if table is None:
                table = []
                blocks.append(table)
            table.append([escape(c.strip()) for c in line.split("|")])
            continue
        table = None
        blocks.append(escape(line.strip()))
    for block in blocks:
        if isinstance(block, list):
            width = max(len(row) for row in block)
            for row in block:
                row.extend([""] * (width - len(row)))
    return blocks


@pytest.mark.parametrize("plan", ["qingchuan-sample", "jiangcheng-city-2023", "linjiang-county-pilot-2022"])
@pytest.mark.parametrize("font_size, footer, header", [(12, "- {page} -", "XX县人民政府文件"), (16, "{page}", None),
                                                       (18, "第{page}页", None)])
def test_a_plan_printed_to_pdf_reads_like_its_text(tmp_path, plan, font_size, footer, header):
    """The same plan typeset at another size (so every wrap and page break falls elsewhere) reads task for task and
    target for target like its text."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / f"{plan}.txt"
    pdf = make_plan_pdf(tmp_path / "方案.pdf", _blocks_of(source.read_text(encoding="utf-8")), font_size=font_size,
                        footer=footer, header=header)
    from_text, from_pdf = parse_plan_file(source), parse_plan_file(pdf)
    assert from_pdf["title"] == from_text["title"]
    assert _tasks(from_pdf) == _tasks(from_text)
    assert [t["text"] for t in from_pdf["tasks"]] == [t["text"] for t in from_text["tasks"]]
    assert [(i["name"], i["unit"], i["target"], i["target_year"]) for i in from_pdf["indicators"]] == [
        (i["name"], i["unit"], i["target"], i["target_year"]) for i in from_text["indicators"]]


def test_a_scanned_page_among_text_pages_is_pointed_out(tmp_path):
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from PIL import Image

    text_pdf = make_plan_pdf(tmp_path / "文字.pdf", PLAN[:9])
    image = tmp_path / "page.png"
    Image.new("RGB", (400, 560), "white").save(image)
    scan = tmp_path / "扫描页.pdf"
    pdf = canvas.Canvas(str(scan), pagesize=A4)
    pdf.drawImage(str(image), 0, 0, *A4)
    pdf.save()
    writer = PdfWriter()
    for source in (text_pdf, scan):
        for page in PdfReader(source).pages:
            writer.add_page(page)
    path = tmp_path / "混合.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    parsed = parse_plan_file(path)
    pages = len(PdfReader(path).pages)
    assert len(parsed["tasks"]) == 3
    assert any(f"第{pages}页没有文字层" in warning and "手工添加" in warning for warning in parsed["warnings"])


def test_a_file_named_pdf_that_is_no_pdf_is_named_as_such(tmp_path):
    path = tmp_path / "方案.pdf"
    path.write_text("这其实是一个文本文件。", encoding="utf-8")
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    assert "不是有效的 PDF" in str(caught.value) and "改了扩展名" in str(caught.value)


def test_a_line_left_one_character_short_by_the_line_breaking_rules_still_continues():
    """禁则: a typesetter never starts a line with 。 or ，, so the character before it comes down too and the line
    above stops one character short of the edge ('…培育地理标志商' / '标。'). That is still a hard wrap."""
    from db.plan_import.pdf_text import _continues, _Line

    em = 16.0

    def line(text, top, right_edge_chars):
        chars = [(72 + i * em, 72 + (i + 1) * em, ch) for i, ch in enumerate(text)]
        made = _Line(top, top + em, 72, 72 + right_edge_chars * em, text)
        made.chars = chars
        return made

    full_right = 72 + 28 * em
    # a character short, and half a character more for a half-width comma in an unjustified line
    previous = line("引导企业注册商标,培育地理标志商" + "字" * 11, 100, 26)
    assert _continues(previous, line("标。", 130, 2), 72, full_right, em)
    assert not _continues(previous, line("新的一段开始", 130, 6), 72, full_right, em)
    assert not _continues(line("短短的一行", 100, 5), line("标。", 130, 2), 72, full_right, em)
