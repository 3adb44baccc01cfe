"""Text written into a workbook cell: what a clerk or a unit typed stays text, never a formula (CWE-1236).

openpyxl turns any string starting with "=" into a formula; Excel and WPS also evaluate "+", "-" and "@" after an
edit. Every workbook writer (summary, forms, chase list, audit export, upward templates) asks this module.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def mark_as_text(cell) -> None:
    """Excel's quote prefix: the cell stays text even after the clerk edits it in Excel or WPS."""
    cell.quotePrefix = True


def put_text(cell, value) -> None:
    """Set a cell's value; a string that would read as a formula is stored as text with Excel's quote prefix."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        mark_as_text(cell)
