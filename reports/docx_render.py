"""Write a `ReportContent` (reports/report_content.py) as a Word document the clerk can edit, sign and seal.

The same blocks as the PDF (reports/pdf_render.py), in Word's own styles set up by reports/docx_styles.py: titles in
Title/Subtitle, headings in Heading 1–3, text in Normal, tables in the 报告表格 table style with their header rows
repeated on every page, the landscape target table in a landscape section, the cover in a section of its own
(no page number, no fingerprint), and the closing with 发文机关署名 centred over 成文日期 4 characters in from the
right under room for the seal. Text gets the same official punctuation as the PDF.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports import docx_styles as S
from reports import report_content as C
from reports.atomic_file import write_atomically
from reports.title_lines import closing_offsets, official_punctuation

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
PARA_STYLES = {"body": "Normal", "plain": S.PLAIN_STYLE, "note": S.NOTE_STYLE, "right": S.PLAIN_STYLE,
               "center": S.PLAIN_STYLE, "flush": S.FLUSH_STYLE}
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
HEADER_FILL = "E0E0E0"
SIGN_OFF_COLUMNS = (0.27, 0.2, 0.3, 0.23)   # label, name, label, name (分管领导（签字）： needs 9 characters)
SPAN_FILL = "F2F2F2"


def _text(value, literal: bool = False) -> str:
    text = "" if value is None else str(value)
    return text if literal else official_punctuation(text)


def _add_text(paragraph, text: str) -> None:
    """Text with its line breaks kept as line breaks inside the paragraph."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)


def _bottom_line(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    edge = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "000000")):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)
    tc_pr.append(borders)


def _fixed_widths(table, widths) -> None:
    """Column widths Word, WPS and LibreOffice all keep (each cell carries its width too)."""
    table.autofit = False
    for col, width in enumerate(widths):
        table.columns[col].width = width
        for cell in table.columns[col].cells:
            cell.width = width


def _row_height(row, height) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:trHeight")
    h.set(qn("w:val"), str(int(height.twips if hasattr(height, "twips") else height)))
    h.set(qn("w:hRule"), "atLeast")
    tr_pr.append(h)


class DocxRenderer:
    def __init__(self, content: C.ReportContent):
        self.content = content
        self.doc = Document()
        S.setup_styles(self.doc)
        self.section = self.doc.sections[0]
        S.setup_section(self.section)
        self.landscape = False
        self.open_table = None     # a heads-only table the following headerless tables append their rows to
        self._style_ids: dict[str, str] = {}
        self.fingerprint_text = f"数据指纹 {content.fingerprint}" + (
            f"　{content.footer_note}" if content.footer_note else "")
        if not content.has_cover:
            S.restart_numbering(self.section)
            S.page_footers(self.doc, self.section, self.fingerprint_text)
        core = self.doc.core_properties
        core.title, core.author, core.subject = content.title, content.author, content.subject
        core.keywords = f"数据指纹 {content.fingerprint}"
        core.comments = "ipledger 知识产权强县建设任务台账"
        # python-docx's template starts with an empty paragraph in the body: none here
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    def set_style(self, paragraph, name: str) -> None:
        """A paragraph style by name, its id looked up once (python-docx's own lookup scans every style each
        time: a city report's 40,000 table cells took 40 s)."""
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.doc.styles[name].style_id
        paragraph._p.style = style_id

    @property
    def width_mm(self) -> float:
        return S.LANDSCAPE_TEXT_WIDTH_MM if self.landscape else S.TEXT_WIDTH_MM

    def paragraph(self, text: str = "", style: str = "Normal", literal: bool = False):
        p = self.doc.add_paragraph()
        self.set_style(p, style)
        if text:
            _add_text(p, _text(text, literal))
        return p

    def render_all(self, progress=None, is_cancelled=None) -> None:
        total = max(len(self.content.blocks), 1)
        for index, block in enumerate(self.content.blocks, 1):
            if is_cancelled is not None and is_cancelled():
                from reports.pdf_layout import BuildCancelled

                raise BuildCancelled("已取消生成报告。")
            self.render(block)
            if progress is not None:
                progress(index, total)

    def render(self, block) -> None:
        if not (isinstance(block, C.TableBlock) and not block.header and self.open_table is not None
                and len(block.widths) == len(self.open_table.columns)):
            self.open_table = None
        if isinstance(block, C.Title):
            self.title(block)
        elif isinstance(block, C.Heading):
            self.paragraph(block.text, HEADING_STYLES.get(block.level, "Heading 3"))
        elif isinstance(block, C.Para):
            p = self.paragraph(block.text, PARA_STYLES[block.style])
            if block.style in ("right", "center"):
                p.alignment = ALIGN[block.style]
        elif isinstance(block, C.TableBlock):
            self.table(block)
        elif isinstance(block, C.Chart):
            self.chart(block)
        elif isinstance(block, C.Cover):
            self.cover(block)
        elif isinstance(block, C.SignOff):
            self.sign_off(block)
        elif isinstance(block, C.Closing):
            self.closing(block)
        elif isinstance(block, C.Opinion):
            self.opinion(block)
        elif isinstance(block, C.PageBreak):
            self.paragraph(style=S.PLAIN_STYLE).add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, (C.Landscape, C.Portrait)):
            self.new_section(landscape=isinstance(block, C.Landscape))
        else:
            raise TypeError(f"unknown report block {block!r}")

    def new_section(self, landscape: bool) -> None:
        self.section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        S.setup_section(self.section, landscape)
        S.continue_numbering(self.section)
        self.landscape = landscape

    # ----- blocks -------------------------------------------------------------------------------------------
    def title(self, block: C.Title) -> None:
        p = self.doc.add_paragraph()
        self.set_style(p, "Title")
        for index, line in enumerate(block.lines):
            run = p.add_run(_text(line))
            if index < len(block.lines) - 1:
                run.add_break(WD_BREAK.LINE)
        last = p
        if block.subtitle:
            last = self.paragraph(block.subtitle, "Subtitle")
        last.paragraph_format.space_after = Pt(S.LINE_PT)

    def table(self, block: C.TableBlock) -> None:
        if self.open_table is not None and not block.header:   # rows under the section's column heads
            self._rows(self.open_table, block, block.rows, first=False)
            return
        if block.title:
            p = self.paragraph(block.title, S.FLUSH_STYLE)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
        columns = len(block.widths)
        rows = ([block.header] if block.header else []) + list(block.rows)
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles[S.TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        total = sum(block.widths)
        widths = [Mm(self.width_mm * w / total) for w in block.widths]
        for col, width in enumerate(widths):
            table.columns[col].width = width
        self._rows(table, block, rows, first=True)
        if block.keep_header_only:   # one Word table for the section: the task tables below add their rows
            self.open_table = table

    def _rows(self, table, block: C.TableBlock, rows: list, first: bool) -> None:
        size = Pt(block.font_size) if block.font_size else None
        literal = set(block.literal_cols)
        total = sum(block.widths)
        widths = [Mm(self.width_mm * w / total) for w in block.widths]
        if first:
            new_rows = list(table.rows)
        else:
            new_rows = [table.add_row() for _ in rows]
        for r, (values, row) in enumerate(zip(rows, new_rows)):
            is_header = first and bool(block.header) and r == 0
            if is_header:
                _repeat_header(row)
            cells = row.cells
            if isinstance(values, C.Span):   # a task's title row: kept whole and with its first unit's row
                cell = cells[0].merge(cells[-1])
                self._cell(cell, values.text, "left", size, bold=True)
                cell.paragraphs[0].paragraph_format.keep_with_next = True
                _shade(cell, SPAN_FILL)
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
                continue
            for col, value in enumerate(values):
                cell = cells[col]
                cell.width = widths[col]
                align = "center" if is_header else block.aligns[col]
                self._cell(cell, value, align, size, bold=is_header, literal=col in literal and not is_header)
                if is_header:
                    _shade(cell, HEADER_FILL)

    def _cell(self, cell, value, align: str, size, bold: bool = False, literal: bool = False) -> None:
        p = cell.paragraphs[0]
        self.set_style(p, S.CELL_STYLE)
        p.alignment = ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        _add_text(p, _text(value, literal))
        for run in p.runs:
            if size is not None:
                run.font.size = size
            if bold:
                S.set_fonts(run._element, S.word_fonts()["heading"][0])

    def chart(self, block: C.Chart) -> None:
        """The bar chart as a picture (drawn like the PDF's), its figures in the picture's description."""
        import io

        from reports.chart_image import WIDTH_PT, bar_chart_png

        p = self.paragraph(style=S.CELL_STYLE)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run()
        shape = run.add_picture(io.BytesIO(bar_chart_png(block.title, block.values, block.colours)),
                                width=Pt(WIDTH_PT))
        figures = "、".join(f"{label}{count}项" for label, count in block.values.items())
        shape._inline.docPr.set("descr", f"{block.title}：{figures}")
        shape._inline.docPr.set("title", block.title)

    def cover(self, block: C.Cover) -> None:
        S.blank_footers(self.section)
        for _ in range(4):
            self.paragraph(style=S.PLAIN_STYLE)
        p = self.doc.add_paragraph()
        self.set_style(p, "Title")
        for index, line in enumerate(block.title_lines):
            run = p.add_run(_text(line))
            run.font.size = Pt(26)
            if index < len(block.title_lines) - 1:
                run.add_break(WD_BREAK.LINE)
        p.paragraph_format.line_spacing = Pt(42)
        for _ in range(6):
            self.paragraph(style=S.PLAIN_STYLE)
        table = self.doc.add_table(rows=len(block.rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _fixed_widths(table, [Mm(36), Mm(112)])
        for r, (label, value) in enumerate(block.rows):
            left, right = table.rows[r].cells
            lp = left.paragraphs[0]
            self.set_style(lp, S.FORM_STYLE)
            lp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _add_text(lp, _text(f"{label}:"))
            rp = right.paragraphs[0]
            self.set_style(rp, S.FORM_STYLE)
            _add_text(rp, _text(value))
            _bottom_line(right)
            _row_height(table.rows[r], Mm(14))
        # the content starts in a section of its own: page numbers from 1, footers with the fingerprint
        self.new_section(landscape=False)
        S.restart_numbering(self.section)
        S.page_footers(self.doc, self.section, self.fingerprint_text)

    def sign_off(self, block: C.SignOff) -> None:
        self.paragraph(style=S.PLAIN_STYLE)
        rows = -(-len(block.lines) // 2)
        table = self.doc.add_table(rows=rows, cols=4)
        _no_borders(table)
        widths = [Mm(S.TEXT_WIDTH_MM * f) for f in SIGN_OFF_COLUMNS]
        for index, (label, value) in enumerate(block.lines):
            row = table.rows[index // 2]
            label_cell, value_cell = row.cells[(index % 2) * 2], row.cells[(index % 2) * 2 + 1]
            for cell, text in ((label_cell, f"{label}:"), (value_cell, value)):
                p = cell.paragraphs[0]
                self.set_style(p, S.FORM_STYLE)
                _add_text(p, _text(text))
            _bottom_line(value_cell)
        _fixed_widths(table, widths)
        for row in table.rows:
            _row_height(row, Mm(10))

    def closing(self, block: C.Closing) -> None:
        """GB/T 9704 with a seal: 附件 one line below the body (indented 2 characters), two lines for the seal,
        the signer centred over the date, the date 4 characters in from the right, then 附注."""
        if block.attachments:
            self.paragraph(style="Normal")
            for line in block.attachments:
                self.paragraph(line, "Normal")
        for _ in range(2):
            self.paragraph(style=S.PLAIN_STYLE).paragraph_format.keep_with_next = True
        signer, date = _text(block.signer), _text(block.date)
        signer_right, date_right = closing_offsets(signer, date)
        for text, right in ((signer, signer_right), (date, date_right)):
            p = self.paragraph(style=S.PLAIN_STYLE)
            _add_text(p, text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            S.indent_chars(p._p.get_or_add_pPr(), 0, right_chars=right)
            p.paragraph_format.keep_with_next = text == signer
        if block.note:
            self.paragraph(block.note, "Normal")

    def opinion(self, block: C.Opinion) -> None:
        box = self.doc.add_table(rows=2, cols=1)
        box.style = self.doc.styles[S.TABLE_STYLE]
        for r, (text, height) in enumerate((("验收意见：", Mm(60)), ("验收结论：□ 通过　　□ 基本通过　　□ 不通过", Mm(12)))):
            cell = box.rows[r].cells[0]
            cell.width = Mm(S.TEXT_WIDTH_MM)
            p = cell.paragraphs[0]
            self.set_style(p, S.FORM_STYLE)
            _add_text(p, _text(text))
            _row_height(box.rows[r], height)
        title = self.paragraph("验收组成员", S.FLUSH_STYLE)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.table(C.TableBlock(["序号", "姓名", "单位", "职务", "职称", "签字"],
                                [[str(i), "", "", "", "", ""] for i in range(1, block.group_rows + 1)],
                                [30, 62, 150, 60, 60, 80], ["center"] * 6))
        grid = self.doc.tables[-1]
        for row in grid.rows[1:]:
            _row_height(row, Mm(8))
        seals = self.doc.add_table(rows=3, cols=2)
        _no_borders(seals)
        _fixed_widths(seals, [Mm(S.TEXT_WIDTH_MM / 2)] * 2)
        texts = [("验收组组长（签字）：", "日期：　　　年　　月　　日"), ("县（市、区）人民政府（盖章）", "市知识产权局（盖章）"),
                 ("　　　年　　月　　日", "　　　年　　月　　日")]
        for r, (left, right) in enumerate(texts):
            for c, text in enumerate((left, right)):
                p = seals.rows[r].cells[c].paragraphs[0]
                self.set_style(p, S.FORM_STYLE)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if c else WD_ALIGN_PARAGRAPH.LEFT
                _add_text(p, _text(text))
            _row_height(seals.rows[r], Mm((12, 24, 10)[r]))

    # ----- output -------------------------------------------------------------------------------------------
    def save(self, target) -> None:
        from reports.docx_order import save_in_order

        save_in_order(self.doc, target)


def render_docx(content: C.ReportContent, out: Path | None, *, progress=None, is_cancelled=None) -> Path | bytes:
    """Write the Word document atomically to `out`, or return its bytes when `out` is None."""
    renderer = DocxRenderer(content)
    renderer.render_all(progress, is_cancelled)
    if out is None:
        buffer = io.BytesIO()
        renderer.save(buffer)
        return buffer.getvalue()
    return write_atomically(Path(out), renderer.save)
