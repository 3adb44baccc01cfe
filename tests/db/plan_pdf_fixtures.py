"""PDF plans made with reportlab for the plan-reading tests: CJK text in the bundled font, a running header,
a page-number footer ('— 3 —'), paragraphs wrapped by reportlab (hard line wraps in the PDF) and ruled tables."""
from __future__ import annotations

from pathlib import Path


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from reports.font_files import bundled_font_path

    name = "PlanTestCJK"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(bundled_font_path()), subfontIndex=0))
    return name


def make_plan_pdf(path: Path, blocks: list, *, header: str | None = "泰兴市人民政府办公室文件",
                  footer: str = "— {page} —", font_size: float = 14, page_break_before: set[int] = frozenset(),
                  ruled: bool = True) -> Path:
    """blocks: a str is a paragraph (first line indented two characters unless it starts with a heading number),
    a list of lists is a ruled table (first row the header; None in a cell merges it with the cell above),
    "PAGE" starts a new page. Without `ruled` tables are drawn without lines, cells aligned to their top."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=font_size, leading=font_size * 1.6, wordWrap="CJK",
                          firstLineIndent=font_size * 2)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=14, wordWrap="CJK")
    story = []
    for index, block in enumerate(blocks):
        if block == "PAGE" or index in page_break_before:
            story.append(PageBreak())
            if block == "PAGE":
                continue
        if isinstance(block, str):
            indented = not block[:1] in "一二三四五六七八九十(（0123456789附"
            story.append(Paragraph(block, body if indented else heading))
        else:
            rows = [[Paragraph(c, cell) if c else "" for c in row] for row in block]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")] if ruled \
                else [("VALIGN", (0, 0), (-1, -1), "TOP")]
            for r, row in enumerate(block):   # None below a cell: one merged cell spanning down
                for c, value in enumerate(row):
                    if value is None and r and block[r - 1][c] is not None:
                        end = r
                        while end + 1 < len(block) and block[end + 1][c] is None:
                            end += 1
                        style.append(("SPAN", (c, r - 1), (c, end)))
            story.append(Table(rows, style=TableStyle(style), repeatRows=1))

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 10.5)
        if header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 15 * mm, header)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, footer.format(page=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                            bottomMargin=35 * mm)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path
