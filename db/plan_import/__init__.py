"""Reading a real plan document (工作方案) into tasks, units, targets and phases.

    parse_plan_text(text) -> dict        the `parse-plan --format json` shape (../shared/CLI.md) plus
                                         section_path, subitems, source_lines, source_text, warning_items
    parse_plan_file(path) -> dict        .txt (UTF-8/BOM/GB18030/UTF-16), .docx, .pdf, .doc/.wps; PlanReadError if
                                         unreadable
    suggest_unit_matches(ledger, names)  existing ledger units for names as written

Modules, in the order the text flows through them:
    reading, docx_text   file → text (encodings; Word paragraphs with their list numbers, tables as ' | ' rows)
    pdf_text, pdf_tables PDF → text (PDFium lines from character positions, page furniture and wraps undone; ruled
                         tables by pdfplumber, unruled ones by their header's columns)
    doc_convert          .doc/.wps → .docx through Word or WPS (COM, Windows) or LibreOffice headless
    normalise            clean lines: t2s, full-width punctuation, page markers, tables of contents,
                         repeated table headers; with wraps (hard line wraps undone), run_on (headings and
                         tasks run together on one line cut apart) and flat_tables (tables one cell a line)
    metadata             title, issuer, 文号, date; where the plan begins after a covering notice
    structure            the outline of headings, label lines and table rows, and what each part is for
    tasks, units         tasks with their units (every written form), deadlines, applicability, sub-items
    targets, phases      indicators (sentences and tables) and phases
    tables, markers      column words of tables; the printed signs every module shares
    parse                the whole: parse_plan_text / parse_plan_file
    matching             suggestions of existing ledger units
No Qt here.
"""
from db.plan_import.parse import parse_plan_file, parse_plan_text
from db.plan_import.reading import PlanReadError

__all__ = ["parse_plan_text", "parse_plan_file", "PlanReadError", "suggest_unit_matches"]


def suggest_unit_matches(ledger, names):
    from db.plan_import.matching import suggest_unit_matches as suggest

    return suggest(ledger, names)
