"""The Word document's page and styles after GB/T 9704-2012, so a clerk's edits in Word or WPS keep the look.

Page: A4; margins 37 mm top, 28 mm left, 26 mm right, 35 mm bottom; a document grid of 22 lines × 28 characters.
Styles (Word's own built-in styles, shown in Chinese Word as 标题, 正文, 标题 1, 标题 2, …):
  Title      方正小标宋简体 2号 (22 pt), centred          Subtitle   楷体_GB2312 3号, centred
  Normal     仿宋_GB2312 3号 (trimmed to 15.5 pt, see BODY_PT), first line indented 2 characters, one grid line
  Heading 1  黑体 3号 (一、)    Heading 2  楷体_GB2312 3号 (（一）)    Heading 3  仿宋_GB2312 3号 (1.)
  报告表格    a table style (ruled grid) with 表格文字 (仿宋 五号, single spacing) in its cells; 表注 for notes
Fonts come from reports/font_names.py: each style names its first choice for East Asian text (w:eastAsia), and the
font table gives the Windows fallback as its alternative name (仿宋_GB2312 → 仿宋).
Footer: "— 1 —" (PAGE field) in 宋体 4号, right on odd pages and left on even, one character in (even and odd
footers on), with the data fingerprint in small type under it.
"""
from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reports.font_names import word_fonts

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "left": Mm(28), "right": Mm(26), "bottom": Mm(35)}
LANDSCAPE_MARGINS = {"top": Mm(28), "left": Mm(30), "right": Mm(30), "bottom": Mm(30)}
TEXT_WIDTH_MM = 156
LANDSCAPE_TEXT_WIDTH_MM = 237
LINES, CHARS = 22, 28
TITLE_PT, NUMBER_PT, TABLE_PT, NOTE_PT = 22, 14, 10.5, 12
# 3号 is 16 pt, but 28 characters of 16 pt (448 pt) do not fit the 156 mm line (442 pt): Word squeezes them onto
# its character grid, LibreOffice spreads each over two grid cells (14 a line). Trimmed to 15.5 pt (Word sizes go in
# half points; the PDF trims to 15.75 pt for the same reason) every program puts 28 characters on a line.
BODY_PT = 15.5
LINE_PITCH_TWIPS = int(225 / 25.4 * 1440 / LINES)                   # 225 mm / 22 lines ≈ 579 twips
CHAR_SPACE = round((TEXT_WIDTH_MM / 25.4 * 72 / CHARS - BODY_PT) * 4096)   # pitch 156 mm / 28 against the body size
LINE_PT = 225 / 25.4 * 72 / LINES                                       # ≈ 28.99 pt

TABLE_STYLE = "报告表格"
CELL_STYLE = "表格文字"
NOTE_STYLE = "表注"
PLAIN_STYLE = "正文无缩进"
FLUSH_STYLE = "附件标识"
FORM_STYLE = "签署栏"      # sign-off lines, cover lines, the opinion page: off the grid, so labels never wrap


def set_fonts(element, name: str) -> None:
    """Name `name` for every script in a run-properties element (w:rPr), theme fonts removed (they would win)."""
    rpr = element if element.tag == qn("w:rPr") else element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):   # asciiTheme, eastAsiaTheme, cstheme…
            del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def indent_chars(paragraph_format_element, first_line_chars: int = 0, right_chars: float = 0,
                 left_chars: float = 0) -> None:
    """Indents in characters (w:firstLineChars etc., hundredths of a character) with twips beside them for
    programs that read only those."""
    ppr = paragraph_format_element
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    twips = BODY_PT * 20
    ind.set(qn("w:firstLineChars"), str(int(first_line_chars * 100)))
    ind.set(qn("w:firstLine"), str(int(first_line_chars * twips)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(int(right_chars * 100)))
        ind.set(qn("w:right"), str(int(right_chars * twips)))
    if left_chars:
        ind.set(qn("w:leftChars"), str(int(left_chars * 100)))
        ind.set(qn("w:left"), str(int(left_chars * twips)))


def _paragraph_style(doc, name: str, base: str | None = None):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _style(doc, name: str, font: str, size: float, *, align=None, first_line: int = 0, exact: float | None = None,
           space_before: float = 0, space_after: float = 0, base: str | None = None, bold: bool = False,
           keep_next: bool = False, on_grid: bool = True):
    style = _paragraph_style(doc, name, base)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, font)
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern", "w:szCs"):   # the template's letter spacing and other-script sizes go
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)   # put into schema order on saving (reports.docx_order)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if exact is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Pt(exact)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.space_before, pf.space_after = Pt(space_before), Pt(space_after)
    pf.keep_with_next = keep_next
    ppr = style.element.get_or_add_pPr()
    indent_chars(ppr, first_line)
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.insert(0, snap)
    snap.set(qn("w:val"), "1" if on_grid else "0")   # tables, notes and titles keep their own spacing
    return style


def _drop_borders(style) -> None:
    """Built-in Title has a bottom border in some templates: an official title has none."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def setup_styles(doc) -> None:
    fonts = {role: name for role, (name, _fallback) in word_fonts().items()}
    # document defaults: the body font for everything not styled otherwise
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_fonts(rpr, fonts["body"])
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:eastAsia"), "zh-CN")
            for tag in ("w:sz", "w:szCs"):   # the grid's character pitch is measured against this size
                size = rpr.find(qn(tag))
                if size is None:
                    size = OxmlElement(tag)
                    rpr.append(size)
                size.set(qn("w:val"), str(int(BODY_PT * 2)))
    _style(doc, "Normal", fonts["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=2, exact=LINE_PT)
    title = _style(doc, "Title", fonts["title"], TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=TITLE_PT * 1.5,
                   base="Normal", on_grid=False)
    _drop_borders(title)
    _style(doc, "Subtitle", fonts["kai"], BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, exact=LINE_PT,
           base="Normal", on_grid=False)
    _style(doc, "Heading 1", fonts["heading"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=2, exact=LINE_PT,
           base="Normal", keep_next=True)
    _style(doc, "Heading 2", fonts["kai"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=2, exact=LINE_PT,
           base="Normal", keep_next=True)
    _style(doc, "Heading 3", fonts["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=2, exact=LINE_PT,
           base="Normal", keep_next=True)
    _style(doc, PLAIN_STYLE, fonts["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, exact=LINE_PT, base="Normal")
    _style(doc, FLUSH_STYLE, fonts["heading"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, exact=LINE_PT, base="Normal")
    _style(doc, FORM_STYLE, fonts["body"], 14, align=WD_ALIGN_PARAGRAPH.LEFT, base="Normal", on_grid=False)
    _style(doc, CELL_STYLE, fonts["body"], TABLE_PT, align=WD_ALIGN_PARAGRAPH.LEFT, base="Normal", on_grid=False)
    _style(doc, NOTE_STYLE, fonts["body"], NOTE_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, exact=20, base="Normal",
           on_grid=False)
    for level in (1, 2, 3):   # Word's outline levels for the navigation pane
        ppr = doc.styles[f"Heading {level}"].element.get_or_add_pPr()
        if ppr.find(qn("w:outlineLvl")) is None:
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            ppr.append(outline)
    _table_style(doc)
    _font_table_fallbacks(doc)


def _table_style(doc) -> None:
    styles = doc.styles
    try:
        styles[TABLE_STYLE]
        return
    except KeyError:
        pass
    style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Table Grid"]
    style.hidden = False
    style.quick_style = True
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", 57), ("right", 57)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tbl_pr.append(margins)


def _font_table_fallbacks(doc) -> None:
    """fontTable.xml entries naming each first-choice font with its Windows fallback as w:altName."""
    part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, fallback in word_fonts().values():
        if root.find(f"{qn('w:font')}[@{qn('w:name')}='{name}']") is not None:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if fallback:
            alt = etree.SubElement(font, qn("w:altName"))
            alt.set(qn("w:val"), fallback)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")                      # GB2312
        family = etree.SubElement(font, qn("w:family"))
        family.set(qn("w:val"), "modern" if name != "黑体" else "swiss")
        pitch = etree.SubElement(font, qn("w:pitch"))
        pitch.set(qn("w:val"), "fixed" if name != "黑体" else "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ----- page -----------------------------------------------------------------------------------------------------

def setup_section(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        margins = LANDSCAPE_MARGINS
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        margins = MARGINS
    section.top_margin, section.bottom_margin = margins["top"], margins["bottom"]
    section.left_margin, section.right_margin = margins["left"], margins["right"]
    section.header_distance = Mm(15)
    section.footer_distance = margins["bottom"] - Mm(7) - Pt(NUMBER_PT)   # the number 7 mm below the text
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def continue_numbering(section) -> None:
    """A later section (landscape table pages, back to portrait) numbers on from the one before."""
    number = section._sectPr.find(qn("w:pgNumType"))
    if number is not None:
        section._sectPr.remove(number)


def restart_numbering(section, start: int = 1) -> None:
    sect_pr = section._sectPr
    number = sect_pr.find(qn("w:pgNumType"))
    if number is None:
        number = OxmlElement("w:pgNumType")
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is not None:
            grid.addprevious(number)
        else:
            sect_pr.append(number)
    number.set(qn("w:start"), str(start))


def _page_field(paragraph) -> None:
    """'— ' PAGE ' —' as runs: the number is a field Word and WPS update on every page."""
    fonts = word_fonts()["number"][0]

    def run(text=None):
        r = paragraph.add_run(text)
        r.font.size = Pt(NUMBER_PT)
        set_fonts(r._element, fonts)
        return r

    run("— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        r = run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._element.append(instr)
        elif kind == "text":
            t = OxmlElement("w:t")
            t.text = text
            r._element.append(t)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            r._element.append(field)
    run(" —")


def _footer_lines(footer, align, side: str, fingerprint_text: str) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if side == "right":
        pf.right_indent = Pt(NUMBER_PT)
    else:
        pf.left_indent = Pt(NUMBER_PT)
    _page_field(paragraph)
    if fingerprint_text:
        note = footer.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.paragraph_format.first_line_indent = Pt(0)
        note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        r = note.add_run(fingerprint_text)
        r.font.size = Pt(8)
        r.font.color.rgb = RGBColor(0x4D, 0x4D, 0x4D)


def page_footers(doc, section, fingerprint_text: str) -> None:
    """Odd pages: the number on the right; even pages: on the left (even and odd footers switched on)."""
    doc.settings.odd_and_even_pages_header_footer = True
    _footer_lines(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right", fingerprint_text)
    _footer_lines(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left", fingerprint_text)


def blank_footers(section) -> None:
    """A cover page: its own empty footers (no number, no fingerprint)."""
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        if not footer.paragraphs:
            footer.add_paragraph()
