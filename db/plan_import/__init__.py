"""Reading a real plan document (工作方案) into tasks, units, targets and phases.

    parse_plan_text(text) -> dict        the `parse-plan --format json` shape (../shared/CLI.md) plus
                                         section_path, subitems, source_lines, source_text, warning_items
    parse_plan_file(path) -> dict        .txt (UTF-8/BOM/GB18030/UTF-16) or .docx; PlanReadError if unreadable
    suggest_unit_matches(ledger, names)  existing ledger units for names as written

Modules: reading/docx_text (file → text), normalise (clean lines), markers (printed signs), structure
(outline), tasks, units, targets, phases, metadata, tables, matching, parse. No Qt here.
"""
from db.plan_import.parse import parse_plan_file, parse_plan_text
from db.plan_import.reading import PlanReadError

__all__ = ["parse_plan_text", "parse_plan_file", "PlanReadError", "suggest_unit_matches"]


def suggest_unit_matches(ledger, names):
    from db.plan_import.matching import suggest_unit_matches as suggest

    return suggest(ledger, names)
