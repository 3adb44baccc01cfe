"""The 200-page progress report of a large plan (500 tasks, 100 units): time to a finished PDF, against bare
reportlab laying out the same tables (same rows, same embedded TrueType font, Paragraph cells with CJK wrapping,
one LongTable per section) in the same run. Target: under 4 s and at most 1.5× the bare build.

Both are measured as CPU time of this process (time.process_time) as well as wall time: on a shared 2-core machine
the wall time swings with other people's load (the same build took 3.5 s and 5.9 s within minutes), the CPU time
does not. The pass/fail lines use the CPU time; the wall times are printed beside them.

Run: python tests/benchmarks/bench_report.py
"""
from __future__ import annotations

import io
import os

import time

from common import BENCH_TODAY, _cached, median, open_ledger, report

REPORT_SHAPE = (1, 5, 100, 20, 4)   # 5 counties × 100 tasks, 20 units each, 4 quarterly periods


def report_ledger():
    from db.generate import generate_ledger

    return _cached("report200", ("db/generate.py", "db/schema.py"),
                   lambda path: generate_ledger(path, REPORT_SHAPE, today=BENCH_TODAY))


def bare_reportlab(data) -> tuple[callable, callable]:
    """A function building the report's tables with plain reportlab (no kinsoku patch, no fallback fonts)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle
    from xml.sax.saxutils import escape

    from reports.font_files import bundled_font_path

    pdfmetrics.registerFont(TTFont("BareWQY", str(bundled_font_path())))
    cell = ParagraphStyle("bare", fontName="BareWQY", fontSize=10.5, leading=15, wordWrap="CJK")
    body = ParagraphStyle("bare_body", fontName="BareWQY", fontSize=15.75, leading=28.99, wordWrap="CJK")
    widths = [120, 44, 40, 442 - 204]
    pages = []

    def build():
        story = [Paragraph(escape(data.title), body)]
        for section in data.sections:
            story.append(Paragraph(escape(section.heading), body))
            rows = [[Paragraph(h, cell) for h in ("填报单位", "状态", "进度", "本期进展情况")]]
            spans = []
            for task in section.tasks:
                spans.append(len(rows))
                rows.append([Paragraph(escape(f"{task.number}.{task.title}(牵头单位:{'、'.join(task.lead_units)})"),
                                       cell), "", "", ""])
                for entry in task.entries:
                    rows.append([Paragraph(escape(f"{entry.unit}({entry.role})"), cell), Paragraph(entry.status, cell),
                                 Paragraph(entry.percent or "—", cell),
                                 Paragraph(escape(entry.progress or "本期未填报。"), cell)])
            table = LongTable(rows, colWidths=widths, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "BareWQY"),
                                       *[("SPAN", (0, r), (-1, r)) for r in spans]]))
            story.append(table)
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                                bottomMargin=35 * mm, initialFontName="BareWQY")
        doc.build(story)
        pages.append(doc.page)
        return out.getvalue()

    return build, lambda: pages[-1]


def measure(fn, runs: int = 3) -> tuple[float, float]:
    """(median CPU seconds, median wall seconds) over `runs` calls."""
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    return median(cpu), median(wall)


def main() -> None:
    path = report_ledger()
    ledger = open_ledger(path, read_only=True)
    from reports.report_data import progress_data   # does not patch reportlab; the bare build runs unpatched

    data = progress_data(ledger)
    bare, bare_pages = bare_reportlab(data)
    floor, floor_wall = measure(bare)

    from reports.pdf_fonts import report_fonts
    from reports.progress_report import build_progress_report

    report_fonts()                                   # fonts load once per process (also in the app)
    results = []
    figure, figure_wall = measure(lambda: results.append(build_progress_report(ledger, None)))
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(results[-1].data)).pages)
    ledger.close()
    report(f"progress report PDF, {pages} pages (large plan: {data.task_count} tasks), CPU time", figure=figure,
           floor=floor, unit="s", target_abs=4.0, target_ratio=1.5,
           note=f"data + fingerprint + layout + embedding; bare reportlab: {bare_pages()} pages of the same tables")
    report(f"progress report PDF, {pages} pages, wall time", figure=figure_wall, floor=floor_wall, unit="s",
           passed=None, note=f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
