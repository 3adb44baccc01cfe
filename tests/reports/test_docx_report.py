"""The reports as Word documents: what Word shows (styles, page, tables, footers) read back with python-docx, and
what a reader sees once LibreOffice has printed the file to PDF (text, page numbers, odd/even placement).
LibreOffice conversions are slow: each report is converted once per module."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from db import queries
from db.ledger import Ledger
from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import latest_indicator_value
from db.values import format_number
from desktop.cli import main
from reports.fingerprint import ledger_fingerprint
from reports.title_lines import official_punctuation
from tests.reports.pdf_inspect import body_text, pdf_text, squash, text_lines

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
SECTIONS = ["一、总体进展", "二、指标完成情况", "三、重点任务推进情况", "四、存在问题", "五、下步计划"]


def to_pdf(docx: Path) -> Path:
    """Print the Word file to PDF with LibreOffice, as a reader's program would lay it out."""
    out = docx.parent / "lo"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{docx.parent / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True, capture_output=True,
                   timeout=120)
    return out / (docx.stem + ".pdf")


@pytest.fixture(scope="module")
def reports(tmp_path_factory, _demo_template):
    """The demo ledger with the bureau's settings, and its progress and acceptance reports as Word files."""
    folder = tmp_path_factory.mktemp("docx")
    db = folder / "台账.ipledger"
    shutil.copy(_demo_template, db)
    assert main(["settings", "--db", str(db), "负责人=张明", "分管领导=李华", "填报人=王芳",
                 "联系电话=0523-87654321", "主送机关=泰州市市场监督管理局（知识产权局）"]) == 0
    progress, acceptance = folder / "进展情况报告.docx", folder / "验收报告.docx"
    assert main(["report", "--db", str(db), "--kind", "progress", "--period", "2026Q3", "--out", str(progress)]) == 0
    assert main(["report", "--db", str(db), "--kind", "acceptance", "--out", str(acceptance)]) == 0
    return db, progress, acceptance


def _fonts(style) -> dict[str, str]:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in fonts.attrib.items()}


def test_word_styles_carry_the_official_fonts_and_sizes(reports):
    _db, progress, _ = reports
    doc = Document(str(progress))
    expected = {"Title": ("方正小标宋简体", 22), "Normal": ("仿宋_GB2312", 15.5), "Heading 1": ("黑体", 15.5),
                "Heading 2": ("楷体_GB2312", 15.5)}
    for name, (font, size) in expected.items():
        style = doc.styles[name]
        assert _fonts(style)["eastAsia"] == font, name
        assert style.font.size == Pt(size), name
    # first line indented two characters (in characters, so it follows the font size)
    assert doc.styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    font_table = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    assert "仿宋" in font_table.blob.decode("utf-8") and "altName" in font_table.blob.decode("utf-8")
    # the headings are real headings (Word's navigation pane lists them), in order
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.replace("、", "、") for s in SECTIONS]
    assert [p.style.name for p in doc.paragraphs[:1]] == ["Title"]
    # the status chart is a picture, its figures in its description (as the PDF's bar labels)
    pictures = [d.get("descr") for d in doc.element.body.iter(qn("wp:docPr"))]
    assert len(doc.inline_shapes) == 1 and pictures[0].startswith("任务完成状态分布（项）：未启动")


def test_a4_page_official_margins_and_a_22_by_28_grid(reports):
    _db, progress, _ = reports
    section = Document(str(progress)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.left_margin, section.right_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [37, 28, 26, 35]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch = int(grid.get(qn("w:linePitch"))) / 20            # points
    assert round((297 - 37 - 35) / 25.4 * 72 / line_pitch) == 22
    char_pitch = 15.5 + int(grid.get(qn("w:charSpace"))) / 4096
    assert int((210 - 28 - 26) / 25.4 * 72 // char_pitch) == 28


def test_page_numbers_are_fields_in_odd_and_even_footers(reports):
    _db, progress, _ = reports
    doc = Document(str(progress))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):   # right / left
        number = footer.paragraphs[0]
        assert number.alignment == align
        assert "PAGE" in "".join(t.text for t in number._p.iter(qn("w:instrText")))
        assert number.text.startswith("— ") and number.text.endswith(" —")


def test_tables_stay_tables_with_the_ledgers_values(reports):
    db, progress, _ = reports
    doc = Document(str(progress))
    ruled = [t for t in doc.tables if t.rows[0]._tr.trPr is not None
             and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(ruled) >= 5 and all(t.style.name == "报告表格" for t in ruled)
    # part three: one Word table per section, the column heads once on top, each task a title row and its units
    tasks = [t for t in ruled if [c.text for c in t.rows[0].cells] == ["填报单位", "状态", "进度", "本期进展情况"]]
    assert len(tasks) == 5 and all(len(t.rows) > 3 for t in tasks)
    targets = next(t for t in doc.tables if t.rows[0].cells[1].text == "指标")
    assert [c.text for c in targets.rows[0].cells] == ["序号", "指标", "单位", "目标值", "当前值", "完成率",
                                                       "是否达到序时进度"]   # no baselines: no 基期值 column
    assert targets.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None      # repeated on every page
    with Ledger.open(db, read_only=True) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        for row, target in zip(targets.rows[1:], queries.indicators(ledger, plan_id)):
            value = latest_indicator_value(ledger, target["id"], period["end"])["value"]
            cells = [c.text for c in row.cells]
            assert cells[1:5] == [official_punctuation(target["name"]), target["measure_unit"], format_number(target["target"]),
                                  format_number(value)]
            assert cells[6] in ("是", "否", "尚无数据")


@needs_soffice
def test_the_word_report_prints_the_same_text_as_the_pdf(reports, tmp_path):
    db, progress, _ = reports
    pdf = tmp_path / "进展情况报告.pdf"
    assert main(["report", "--db", str(db), "--kind", "progress", "--period", "2026Q3", "--out", str(pdf)]) == 0
    printed = to_pdf(progress)
    # page furniture (numbers, fingerprint) taken out: a paragraph broken across pages reads on
    word_text, pdf_text_ = squash(body_text(printed)), squash(body_text(pdf))
    doc = Document(str(progress))
    paragraphs = [squash(p.text) for p in doc.paragraphs if p.text.strip()]
    cells = [squash(c.text) for t in doc.tables for row in t.rows for c in row.cells if c.text.strip()]
    for text in paragraphs + cells:
        assert text in word_text, text          # LibreOffice prints every paragraph and cell of the Word file
        assert text in pdf_text_, text          # and the PDF says the same
    for section in SECTIONS:
        assert section in word_text
    closing = word_text[word_text.index("负责人(签字):"):]
    assert "张明" in closing and "李华" in closing and "0523-87654321" in closing
    assert "泰兴市市场监督管理局〔知识产权局〕2026年12月5日" in closing
    assert word_text.index("泰州市市场监督管理局(知识产权局):") < word_text.index("一、总体进展")


@needs_soffice
def test_the_acceptance_cover_has_no_number_and_content_pages_alternate_sides(reports):
    db, _, acceptance = reports
    printed = to_pdf(acceptance)
    pages = pdf_text(printed)
    with Ledger.open(db, read_only=True) as ledger:
        fingerprint = ledger_fingerprint(ledger, current_plan_id(ledger))
    assert "数据指纹" not in pages[0] and "—" not in pages[0]
    assert all(f"数据指纹 {fingerprint}" in page for page in pages[1:])
    numbers = {}
    for page, text, x in text_lines(printed):
        if text.startswith("—") and text.endswith("—") and text.strip("— ").isdigit():
            numbers[page] = (int(text.strip("— ")), x)
    assert numbers[2][0] == 1 and numbers[3][0] == 2        # numbering starts after the cover
    odd_x, even_x = numbers[2][1], numbers[3][1]
    assert odd_x > 300 > even_x                             # odd pages right, even pages left
    text = squash("".join(pages))
    assert "附件" in text and "佐证材料目录" in text and "验收意见" in text


def test_word_file_name_decides_the_format_and_a_folder_is_refused(demo_path, tmp_path, capsys):
    out = tmp_path / "报告.docx"
    assert main(["report", "--db", str(demo_path), "--kind", "progress", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK" and Document(str(out)).paragraphs
    assert main(["report", "--db", str(demo_path), "--kind", "progress", "--out", str(tmp_path)]) == 2
    assert "文件夹" in capsys.readouterr().err


def test_every_property_element_is_in_the_order_word_requires(reports):
    """Word offers to repair a file whose property elements are out of schema order (LibreOffice does not mind)."""
    from reports.docx_order import out_of_order

    _db, progress, acceptance = reports
    for path in (progress, acceptance):
        doc = Document(str(path))
        assert out_of_order(doc.element) == [] and out_of_order(doc.styles.element) == []
        for section in doc.sections:
            assert out_of_order(section.footer._element) == []
            assert out_of_order(section.even_page_footer._element) == []
