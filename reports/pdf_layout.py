"""The official-document page (after GB/T 9704-2012) for every PDF the program writes.

A4; 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm; body 3号仿宋 at 15.75 pt with 225 mm / 22 leading (the 22 × 28
grid, TECH-NOTES §2); 一、 headings 黑体, (一) headings 楷体, the title 2号 in the title font; page numbers "— 1 —" in
4号宋体 7 mm below the text block, odd pages right and even pages left, one character in. Landscape pages for wide
tables. Every content page's footer carries the ledger fingerprint (the cover carries none). Tables repeat their header rows and split a row only
between lines of text. The file is built under a temporary name in the target folder and then moved into place.

Usage: `doc = OfficialDocument(fonts=report_fonts(), fingerprint=..., title=...)`, build a story with `doc.p`,
`doc.h1`, `doc.table`, … and call `doc.build(path_or_None, story, progress=, is_cancelled=)`.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from xml.sax.saxutils import escape
from typing import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, LongTable, NextPageTemplate,
                                PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.doctemplate import LayoutError

from reports import pdf_kinsoku
from reports.atomic_file import ReportWriteError, write_atomically
from reports.pdf_fonts import ReportFonts, check_text, markup, missing_characters
from reports.title_lines import official_punctuation, title_lines  # noqa: F401 (title_lines re-exported)

pdf_kinsoku.install()

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
LANDSCAPE_MARGINS = (28 * mm, 30 * mm, 30 * mm, 30 * mm)   # top, left, right, bottom
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT          # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM        # 225 mm

BODY_SIZE = 15.75                     # 3号 (16 pt) trimmed so 28 characters fit 156 mm
BODY_LEADING = TEXT_HEIGHT / 22       # ≈ 28.99 pt: 22 lines a page
CHAR = BODY_SIZE                      # one character's width, for indents
TITLE_SIZE = 22                       # 2号
COVER_TITLE_SIZE = 26                 # 一号, the cover only
NUMBER_SIZE = 14                      # 4号
TABLE_SIZE = 10.5                     # 五号
TABLE_LEADING = 15
FOOTER_SIZE = 8
PAGE_NUMBER_GAP = 7 * mm


class SpanRow:
    """A table row whose one cell spans the whole width."""

    def __init__(self, text: str):
        self.text = text


class BuildCancelled(Exception):
    """The clerk cancelled while the report was being laid out (no file was written)."""


def make_styles(fonts: ReportFonts) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          firstLineIndent=2 * CHAR, alignment=TA_JUSTIFY, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=fonts.body, fontSize=TABLE_SIZE, leading=TABLE_LEADING,
                          alignment=TA_LEFT, wordWrap="CJK")
    return {
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "h1": ParagraphStyle("h1", parent=body, fontName=fonts.heading, keepWithNext=1, alignment=TA_LEFT,
                             spaceBefore=BODY_LEADING / 3),
        "h2": ParagraphStyle("h2", parent=body, fontName=fonts.kai, keepWithNext=1, alignment=TA_LEFT,
                             spaceBefore=BODY_LEADING / 4),
        "h3": ParagraphStyle("h3", parent=body, keepWithNext=1, alignment=TA_LEFT, spaceBefore=BODY_LEADING / 4),
        "title": ParagraphStyle("title", fontName=fonts.title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
                                alignment=TA_CENTER, wordWrap="CJK"),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=fonts.kai, firstLineIndent=0,
                                   alignment=TA_CENTER),
        "cover_title": ParagraphStyle("cover_title", fontName=fonts.title, fontSize=COVER_TITLE_SIZE,
                                      leading=COVER_TITLE_SIZE * 1.6, alignment=TA_CENTER, wordWrap="CJK"),
        "cover_line": ParagraphStyle("cover_line", parent=body, firstLineIndent=0, alignment=TA_LEFT),
        "cover_label": ParagraphStyle("cover_label", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "h1_flush": ParagraphStyle("h1_flush", parent=body, fontName=fonts.heading, firstLineIndent=0,
                                   alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        "cell": cell,
        "cell_center": ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=cell, fontName=fonts.heading, alignment=TA_CENTER),
        "table_title": ParagraphStyle("table_title", parent=body, fontName=fonts.heading, fontSize=14, leading=24,
                                      firstLineIndent=0, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=cell, fontSize=12, leading=20),
    }


class _Template(BaseDocTemplate):
    """BaseDocTemplate with zero-padding frames (the 22 × 28 grid), page furniture and progress hooks."""

    def __init__(self, target, owner: "OfficialDocument", **kw):
        self.owner = owner
        self._story_ref: list | None = None
        self._story_total = 0
        super().__init__(target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kw)
        portrait = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, TEXT_HEIGHT, 0, 0, 0, 0, id="portrait")
        lw, lh = landscape(A4)
        top, left, right, bottom = LANDSCAPE_MARGINS
        wide = Frame(left, bottom, lw - left - right, lh - top - bottom, 0, 0, 0, 0, id="landscape")
        self.addPageTemplates([
            PageTemplate("cover", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, TEXT_HEIGHT, 0, 0, 0, 0, id="c")],
                         onPage=owner._draw_cover_furniture, pagesize=A4),
            PageTemplate("portrait", [portrait], onPage=owner._draw_furniture, pagesize=A4),
            PageTemplate("landscape", [wide], onPage=owner._draw_furniture, pagesize=landscape(A4)),
        ])

    def build(self, flowables, **kw):
        self._story_ref = flowables
        self._story_total = max(len(flowables), 1)
        super().build(flowables, **kw)

    def afterPage(self):
        owner = self.owner
        if owner.is_cancelled is not None and owner.is_cancelled():
            raise BuildCancelled("已取消生成报告。")
        if owner.progress is not None and self._story_ref is not None:
            done = self._story_total - len(self._story_ref)
            owner.progress(max(0, min(done, self._story_total)), self._story_total)


class OfficialDocument:
    """Styles, flowable helpers and the page furniture of one report."""

    def __init__(self, *, fonts: ReportFonts, fingerprint: str, title: str, author: str = "",
                 subject: str = "", footer_note: str = "", first_template: str = "portrait"):
        self.fonts = fonts
        self.styles = make_styles(fonts)
        self.fingerprint = fingerprint
        self.title = title
        self.author = author
        self.subject = subject
        self.footer_note = footer_note
        self.first_template = first_template
        self.cover_pages = 0
        self._prototypes: dict[str, tuple] = {}
        self.progress: Callable[[int, int], None] | None = None
        self.is_cancelled: Callable[[], bool] | None = None
        check_text(footer_note, fonts.body, fonts, "页脚")

    # ----- text ---------------------------------------------------------------------------------------------
    def markup(self, text, st: ParagraphStyle, where: str | None = None, literal: bool = False) -> str:
        """Paragraph markup for plain text: official punctuation (unless `literal`), escaped, characters the font
        lacks set in one that has them, ideographic spaces (which reportlab would collapse) kept as no-break
        spaces of equal width."""
        text = "" if text is None else str(text)
        result = markup(text if literal else official_punctuation(text), st.fontName, self.fonts, where)
        if "\u3000" in result:
            result = result.replace("\u3000", "\xa0" * self._nbsp_per_em(st.fontName))
        return result

    def _nbsp_per_em(self, font_name: str) -> int:
        if 0xA0 not in pdfmetrics.getFont(font_name).face.charToGlyph:
            return 1
        return max(1, round(1000 / max(pdfmetrics.stringWidth("\xa0", font_name, 1000), 1)))

    def p(self, text, style: str = "body", where: str | None = None) -> Paragraph:
        """A paragraph of user or program text (escaped; characters the font lacks printed in one that has them)."""
        return self.paragraph(text, self.styles[style], where)

    def paragraph(self, text, st: ParagraphStyle, where: str | None = None, literal: bool = False) -> Paragraph:
        """One paragraph of plain text: line breaks in the text are kept; `literal` keeps half-width punctuation
        (file names). Text in one font skips reportlab's markup parser (a third of the layout time in big tables):
        the paragraph gets one ready-made text fragment, whitespace collapsed as the parser would."""
        raw = "" if text is None else str(text)
        plain = raw if literal else official_punctuation(raw)
        lines = [line.strip() for line in plain.splitlines() if line.strip()]
        if len(lines) > 1:
            return Paragraph("<br/>".join(self.markup(line, st, where, literal=True) for line in lines), st)
        if "\u3000" in plain or missing_characters(plain, st.fontName):
            return Paragraph(self.markup(plain, st, where, literal=True), st)
        proto = self._prototypes.get(st.name)
        if proto is None or proto[0] is not st:
            proto = self._prototypes[st.name] = (st, Paragraph("x", st).frags[0])
        collapsed = " ".join(plain.split())
        return Paragraph(escape(collapsed), st, frags=[proto[1].clone(text=collapsed)])

    def paragraphs(self, text: str | None, style: str = "body", where: str | None = None,
                   empty: str | None = None) -> list[Paragraph]:
        """One paragraph per line of `text` (blank lines dropped); `empty` when there is no text."""
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if not lines and empty is not None:
            lines = [empty]
        return [self.p(line, style, where) for line in lines]

    def h1(self, text: str) -> Paragraph:
        return self.p(text, "h1")

    def h2(self, text: str) -> Paragraph:
        return self.p(text, "h2")

    def title_block(self, lines: Sequence[str], subtitle: str | None = None) -> list:
        """The title (broken by hand into `lines`, GB/T 9704 trapezoid) and an optional 楷体 subtitle line."""
        st = self.styles["title"]
        story: list = []
        story.append(Paragraph("<br/>".join(self.markup(line, st, "标题") for line in lines), st))
        if subtitle:
            story.append(self.p(subtitle, "subtitle"))
        story.append(Spacer(1, BODY_LEADING))
        return story

    # ----- tables -------------------------------------------------------------------------------------------
    def cell(self, text, align: str = "left", where: str | None = None, size: float | None = None,
             literal: bool = False) -> Paragraph:
        return self.paragraph(text, self._cell_style(align, size), where, literal)

    def _cell_style(self, align: str, size: float | None) -> ParagraphStyle:
        base = {"left": self.styles["cell"], "center": self.styles["cell_center"], "right": self.styles["cell_right"],
                "head": self.styles["cell_head"]}[align]
        if not size:
            return base
        key = f"{base.name}@{size}"
        if key not in self.styles:
            self.styles[key] = ParagraphStyle(key, parent=base, fontSize=size, leading=round(size * 1.43, 2))
        return self.styles[key]

    def table(self, header: Sequence[str] | None, rows: Sequence, col_widths: Sequence[float],
              aligns: Sequence[str] | None = None, where: str | None = None, font_size: float | None = None,
              row_heights: Sequence[float | None] | None = None, plain_cols: Sequence[int] = (),
              repeat_rows: int = 1, valign: str = "MIDDLE", literal_cols: Sequence[int] = ()) -> LongTable:
        """A ruled table: header row repeated on every page; cells wrap; a row splits only between text lines.

        A row given as `SpanRow(text)` spans the whole width (a group heading such as a task). Without a header,
        the first `repeat_rows` rows repeat. Columns in `literal_cols` print exactly as written (file names keep
        their half-width brackets). Columns in `plain_cols` hold short one-line texts (status words,
        numbers) drawn as plain strings, which lays out much faster than wrapped paragraphs. Use valign "TOP" where
        a cell may be long enough to break across pages, so every part of the row starts with its labels.
        """
        width_count = len(col_widths)
        aligns = list(aligns or ["left"] * width_count)
        size = font_size or TABLE_SIZE
        data = [[self.cell(h, "head", where, font_size) for h in header]] if header else []
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.body),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * 1.43),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands.append(("VALIGN", (0, 0), (-1, 0), "MIDDLE"))
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)))
        for col in plain_cols:
            commands.append(("ALIGN", (col, 0), (col, -1), aligns[col].upper()))
        plain = set(plain_cols)
        body_glyphs = pdfmetrics.getFont(self.fonts.body).face.charToGlyph
        for row in rows:
            r = len(data)
            if isinstance(row, SpanRow):
                st = self._cell_style("left", font_size)
                st = self.styles.setdefault(f"{st.name}-span", ParagraphStyle(f"{st.name}-span", parent=st,
                                                                               fontName=self.fonts.heading))
                data.append([self.paragraph(row.text, st, where)] + [""] * (width_count - 1))
                commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.Color(0.95, 0.95, 0.95)),
                             ("VALIGN", (0, r), (-1, r), "TOP")]
                continue
            cells = []
            for col, (value, align) in enumerate(zip(row, aligns)):
                if isinstance(value, (Paragraph, Table, list)):
                    cells.append(value)
                    continue
                text = "" if value is None else str(value)
                if col in plain and "\n" not in text and all(ord(ch) in body_glyphs for ch in text):
                    cells.append(official_punctuation(text))
                else:
                    cells.append(self.cell(text, align, where, font_size, literal=col in literal_cols))
            data.append(cells)
        table = LongTable(data, colWidths=list(col_widths), rowHeights=row_heights,
                          repeatRows=repeat_rows if (header or repeat_rows) else 0, splitByRow=1,
                          splitInRow=3 * size * 1.45)
        table.setStyle(TableStyle(commands))
        return table

    # ----- page changes -------------------------------------------------------------------------------------
    @staticmethod
    def to_landscape() -> list:
        return [NextPageTemplate("landscape"), PageBreak()]

    @staticmethod
    def to_portrait() -> list:
        return [NextPageTemplate("portrait"), PageBreak()]

    @staticmethod
    def new_page() -> list:
        return [PageBreak()]

    @staticmethod
    def need(height: float) -> CondPageBreak:
        return CondPageBreak(height)

    def table_title(self, text: str) -> list:
        """A table's title, moved to the next page with the table when fewer than three rows would follow it."""
        return [CondPageBreak(24 + 4 * TABLE_LEADING + 8), self.p(text, "table_title")]

    @property
    def landscape_width(self) -> float:
        lw, _ = landscape(A4)
        return lw - LANDSCAPE_MARGINS[1] - LANDSCAPE_MARGINS[2]

    # ----- page furniture -----------------------------------------------------------------------------------
    def page_number_text(self, page: int) -> str:
        return f"— {page} —"

    def _draw_footer(self, canvas, doc) -> None:
        width, _ = canvas._pagesize
        text = f"数据指纹 {self.fingerprint}"
        if self.footer_note:
            text += f"　{self.footer_note}"
        canvas.setFont(self.fonts.body, FOOTER_SIZE)
        canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
        canvas.drawCentredString(width / 2, 12 * mm, text)
        canvas.setFillColor(colors.black)

    def _draw_cover_furniture(self, canvas, doc) -> None:
        # The cover carries neither page number nor fingerprint: those belong to the content pages.
        self.cover_pages = max(self.cover_pages, doc.page)

    def _draw_furniture(self, canvas, doc) -> None:
        canvas.saveState()
        number = doc.page - self.cover_pages
        width, height = canvas._pagesize
        if width > height:
            _top, left, right, bottom = LANDSCAPE_MARGINS
        else:
            left, right, bottom = MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM
        baseline = bottom - PAGE_NUMBER_GAP - NUMBER_SIZE * 0.8
        canvas.setFont(self.fonts.number, NUMBER_SIZE)
        text = self.page_number_text(number)
        if number % 2:
            canvas.drawRightString(width - right - NUMBER_SIZE, baseline, text)
        else:
            canvas.drawString(left + NUMBER_SIZE, baseline, text)
        self._draw_footer(canvas, doc)
        canvas.restoreState()

    # ----- building -----------------------------------------------------------------------------------------
    def build(self, out: str | os.PathLike | None, story: list, *, progress: Callable[[int, int], None] | None = None,
              is_cancelled: Callable[[], bool] | None = None) -> bytes | Path:
        """Lay out `story`. With a path: write atomically and return the path; with None: return the PDF bytes.

        The list is consumed (emptied) as pages are laid out, so each flowable is freed once drawn. Kept whole
        and freed at the end instead, a city report's flowables took about 100 ms to free in one go, and the
        window stalled that long while a worker built it."""
        self.progress, self.is_cancelled = progress, is_cancelled
        self.cover_pages = 0
        if self.first_template != "cover":
            story.insert(0, NextPageTemplate(self.first_template))
            first = self.first_template
        else:
            first = "cover"
        if out is None:
            buffer = io.BytesIO()
            self._lay_out(buffer, story, first)
            return buffer.getvalue()
        return write_atomically(Path(out), lambda target: self._lay_out(target, story, first))

    def _lay_out(self, target, story: list, first: str) -> None:
        doc = _Template(target, self, title=self.title, author=self.author, subject=self.subject,
                        creator="ipledger 知识产权强县建设任务台账", keywords=f"数据指纹 {self.fingerprint}",
                        initialFontName=self.fonts.body)
        index = [t.id for t in doc.pageTemplates].index(first)
        doc.pageTemplates.insert(0, doc.pageTemplates.pop(index))
        try:
            doc.build(story)
        except LayoutError as exc:
            raise ReportWriteError(
                "报告排版失败：有一段内容（多半是表格中的一格）太长，一页放不下。请把该处文字分段或精简后重试。"
                f"（排版程序的说明：{str(exc)[:200]}）") from exc
