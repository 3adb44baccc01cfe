"""Draw a `ReportContent` (reports/report_content.py) as a PDF on the official page of reports/pdf_layout.py.

Each block becomes reportlab flowables: titles, headings and paragraphs in their GB/T 9704 styles, tables with
their widths scaled to the page (portrait or landscape), the status chart as a bar chart, the cover, the sign-off
lines with the names filled in, the closing (附件 note, then 发文机关署名 centred over 成文日期, 4 characters in from
the right, with room above for the seal), and the 验收意见 page.
"""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from reports import report_content as C
from reports.chart_image import nice_step
from reports.pdf_layout import BODY_LEADING, CHAR, TEXT_WIDTH, OfficialDocument, SpanRow
from reports.title_lines import closing_offsets

PARA_STYLES = {"body": "body", "plain": "plain", "note": "note", "right": "right", "center": "center",
               "flush": "h1_flush"}


def status_chart(doc: OfficialDocument, values: dict[str, int], title: str = "任务完成状态分布（项）",
                 colours: dict[str, str] | None = None) -> Drawing:
    """A bar chart of counts by label, with Chinese labels and the count above each bar."""
    if colours is None:
        from db.vocabulary import STATUS_COLOURS as colours
    width, height = 300, 170
    drawing = Drawing(width, height, initialFontName=doc.fonts.body)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, height - 60
    labels = list(values)
    counts = [values[label] for label in labels]
    chart.data = [counts]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = doc.fonts.body
    chart.categoryAxis.labels.fontSize = 10
    chart.valueAxis.labels.fontName = doc.fonts.body
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    top = max(counts + [1])
    step = nice_step(top / 5)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * (-(-top // step) + 1)
    chart.barWidth = 18
    chart.bars.strokeColor = None
    for index, label in enumerate(labels):
        if label in colours:
            chart.bars[(0, index)].fillColor = colors.HexColor(colours[label])
    chart.barLabels.fontName = doc.fonts.body
    chart.barLabels.fontSize = 10
    chart.barLabels.nudge = 7
    chart.barLabelFormat = "%d"
    drawing.add(chart)
    drawing.add(String(width / 2, height - 14, title, fontName=doc.fonts.heading, fontSize=10.5, textAnchor="middle"))
    return drawing


def _is_heading(flowable) -> bool:
    style = getattr(flowable, "style", None)
    return getattr(style, "name", "") in ("h1", "h2", "h3")


class PdfRenderer:
    def __init__(self, doc: OfficialDocument):
        self.doc = doc
        self.width = TEXT_WIDTH
        self.after_heading = False

    def story(self, content: C.ReportContent) -> list:
        story: list = []
        previous = None
        for block in content.blocks:
            self.after_heading = isinstance(previous, C.Heading)
            flowables = self.render(block)
            if isinstance(block, C.Closing) and story:
                # GB/T 9704: the signature and date never stand alone on a page: they keep the text above them
                # (the sign-off lines, the last paragraph and a heading right above it) on their page
                held = [story.pop()]
                if story and isinstance(held[0], KeepTogether) and not isinstance(story[-1], PageBreak):
                    held.insert(0, story.pop())
                if story and _is_heading(story[-1]):
                    held.insert(0, story.pop())
                flowables = [KeepTogether(held + flowables)]
            story += flowables
            previous = block
        return story

    def render(self, block) -> list:
        doc = self.doc
        if isinstance(block, C.Title):
            return doc.title_block(block.lines, block.subtitle)
        if isinstance(block, C.Heading):
            if block.level == 1:
                return [doc.h1(block.text)]
            if block.level == 2 and not self.after_heading:
                # room for the heading, column heads and a task's first rows, else a new page (not between an 一、
                # heading and its first （一）, which must stay together)
                return [CondPageBreak(5 * BODY_LEADING), doc.h2(block.text)]
            if block.level == 2:
                return [doc.h2(block.text)]
            return [doc.p(block.text, "h3")]
        if isinstance(block, C.Para):
            return [doc.p(block.text, PARA_STYLES[block.style], block.where)]
        if isinstance(block, C.TableBlock):
            return self.table(block)
        if isinstance(block, C.Chart):
            return [KeepTogether([Spacer(1, 6), status_chart(doc, block.values, block.title, block.colours),
                                  Spacer(1, 6)])]
        if isinstance(block, C.Cover):
            return self.cover(block)
        if isinstance(block, C.SignOff):
            return [self.sign_off(block)]
        if isinstance(block, C.Closing):
            return self.closing(block)
        if isinstance(block, C.Opinion):
            return self.opinion(block)
        if isinstance(block, C.PageBreak):
            return [PageBreak()]
        if isinstance(block, C.Landscape):
            self.width = doc.landscape_width
            return doc.to_landscape()
        if isinstance(block, C.Portrait):
            self.width = TEXT_WIDTH
            return doc.to_portrait()
        raise TypeError(f"unknown report block {block!r}")

    def table(self, block: C.TableBlock) -> list:
        total = sum(block.widths)
        widths = [w * self.width / total for w in block.widths]
        rows = [SpanRow(r.text) if isinstance(r, C.Span) else r for r in block.rows]
        story = self.doc.table_title(block.title) if block.title else []
        story.append(self.doc.table(block.header, rows, widths, block.aligns, where=block.where,
                                    font_size=block.font_size, plain_cols=block.plain_cols,
                                    literal_cols=block.literal_cols, valign=block.valign))
        return story

    def cover(self, block: C.Cover) -> list:
        doc = self.doc
        story: list = [Spacer(1, 45 * mm)]
        for line in block.title_lines:
            story.append(doc.p(line, "cover_title", "封面标题"))
        story.append(Spacer(1, 55 * mm))
        label_width = 5.5 * doc.styles["body"].fontSize
        table = Table([[doc.p(f"{label}:", "cover_label"), doc.p(value, "cover_line", "封面")]
                       for label, value in block.rows],
                      colWidths=[label_width, TEXT_WIDTH - label_width], hAlign="CENTER")
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 22), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black)]))
        return story + [table, NextPageTemplate("portrait"), PageBreak()]

    def sign_off(self, block: C.SignOff) -> KeepTogether:
        """Two labelled blanks a row (负责人（签字）：张三　分管领导（签字）：…), the names the ledger knows filled in,
        a line under each for the ink."""
        doc = self.doc
        style = ParagraphStyle("signoff", parent=doc.styles["plain"], fontSize=14, leading=20)
        cells = [(doc.paragraph(label + "：", style), doc.paragraph(value, style)) for label, value in block.lines]
        data = []
        for i in range(0, len(cells), 2):
            pair = cells[i:i + 2] + [("", "")] * (2 - len(cells[i:i + 2]))
            data.append([pair[0][0], pair[0][1], pair[1][0], pair[1][1]])
        widths = [TEXT_WIDTH * f for f in (0.27, 0.2, 0.3, 0.23)]
        table = Table(data, colWidths=widths, rowHeights=[10 * mm] * len(data))
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                                   ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                                   ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black)]))
        return KeepTogether([Spacer(1, BODY_LEADING / 2), table])

    def closing(self, block: C.Closing) -> list:
        """GB/T 9704 with a seal: 附件 note one line below the body, indented 2 characters; then room for the seal;
        the date 4 characters in from the right with the signer centred over it (title_lines.closing_offsets);
        附注 below, indented."""
        doc = self.doc
        parts: list = []
        if block.attachments:
            parts.append(Spacer(1, BODY_LEADING))
            parts += [doc.p(line, "body", "附件说明") for line in block.attachments]
        parts.append(Spacer(1, BODY_LEADING * 2))     # the seal's top lies within one line of the text above
        signer_right, date_right = closing_offsets(block.signer, block.date)
        for text, right, where in ((block.signer, signer_right, "发文机关署名"), (block.date, date_right, "成文日期")):
            style = ParagraphStyle(f"closing_{right}", parent=doc.styles["right"], rightIndent=right * CHAR)
            parts.append(doc.paragraph(text, style, where))
        if block.note:
            parts += [Spacer(1, BODY_LEADING / 2), doc.p(block.note, "body", "附注")]
        return [KeepTogether(parts)]

    def opinion(self, block: C.Opinion) -> list:
        doc = self.doc
        opinion = Table([[doc.p("验收意见：", "plain")], [doc.p("验收结论：□ 通过　　□ 基本通过　　□ 不通过", "plain")]],
                        colWidths=[TEXT_WIDTH], rowHeights=[60 * mm, 12 * mm])
        opinion.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body),
                                     ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                                     ("VALIGN", (0, 0), (0, 0), "TOP"), ("VALIGN", (0, 1), (0, 1), "MIDDLE"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        story = [opinion, Spacer(1, 5 * mm), doc.p("验收组成员", "table_title")]   # one page: no page break here
        header = ["序号", "姓名", "单位", "职务", "职称", "签字"]
        widths = [30, 62, TEXT_WIDTH - 30 - 62 - 60 - 60 - 80, 60, 60, 80]
        story.append(doc.table(header, [[str(i), "", "", "", "", ""] for i in range(1, block.group_rows + 1)],
                               widths, ["center"] * 6, where="验收组成员",
                               row_heights=[None] + [8 * mm] * block.group_rows))
        story.append(Spacer(1, 4 * mm))
        seals = Table([
            [doc.p("验收组组长（签字）：", "plain"), doc.p("日期：　　　年　　月　　日", "right")],
            [doc.p("县（市、区）人民政府（盖章）", "plain"), doc.p("市知识产权局（盖章）", "right")],
            [doc.p("　　　年　　月　　日", "plain"), doc.p("　　　年　　月　　日", "right")],
        ], colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2], rowHeights=[12 * mm, 24 * mm, 10 * mm])
        seals.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return story + [seals]


def render_pdf(content: C.ReportContent, out, *, fonts, progress=None, is_cancelled=None):
    """Lay out and write the PDF (atomically) to `out`, or return its bytes when `out` is None."""
    doc = OfficialDocument(fonts=fonts, fingerprint=content.fingerprint, title=content.title, author=content.author,
                           subject=content.subject, footer_note=content.footer_note,
                           first_template="cover" if content.has_cover else "portrait")
    story = PdfRenderer(doc).story(content)
    return doc.build(out, story, progress=progress, is_cancelled=is_cancelled)
