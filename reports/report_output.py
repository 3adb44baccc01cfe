"""Write a report's content as PDF or Word: the one entry the command line, the window and the dossier use.

`write_report_content(content, out, fmt=...)` picks the format from `fmt` or the out file's extension (.pdf or
.docx), writes atomically (or returns the bytes when `out` is None) and returns a BuiltReport.
"""
from __future__ import annotations

from pathlib import Path

from reports.progress_report import BuiltReport

FORMATS = ("pdf", "docx")


def report_format(out: str | Path | None, fmt: str | None = None) -> str:
    """'pdf' or 'docx': the one given, else the out file's extension (anything else is a PDF)."""
    if fmt:
        return fmt.lower().lstrip(".")
    if out is not None and Path(out).suffix.lower() == ".docx":
        return "docx"
    return "pdf"


def write_report_content(content, out, *, fmt: str | None = None, fonts=None, progress=None, is_cancelled=None,
                         check: str = "") -> BuiltReport:
    kind = report_format(out, fmt)
    target = None if out is None else Path(out)
    if kind == "docx":
        from reports.docx_render import render_docx
        from reports.font_names import word_font_lines

        result = render_docx(content, target, progress=progress, is_cancelled=is_cancelled)
        fonts_used = word_font_lines()
    else:
        from reports.pdf_fonts import check_text, report_fonts
        from reports.pdf_render import render_pdf

        fonts = fonts or report_fonts()
        check_text(check, fonts.body, fonts, "县名或单位名称")
        result = render_pdf(content, target, fonts=fonts, progress=progress, is_cancelled=is_cancelled)
        fonts_used = fonts.describe()
    return BuiltReport(content.title, content.fingerprint, fonts_used, list(content.warnings),
                       path=result if isinstance(result, Path) else None,
                       data=result if isinstance(result, bytes) else None)
