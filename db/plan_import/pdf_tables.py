"""Tables in a PDF plan, two kinds.

Ruled tables (cells drawn with lines): pdfplumber finds the cells on pages that draw enough lines; each row becomes a
' | ' line, a merged cell empty in the rows it spans below, a cell wrapped inside its box joined again.

Tables drawn without rules: a header row of column words whose cells stand apart (wider gaps than between words)
gives the columns' left edges; the lines below are cut into runs at word gaps and each run goes to the column it
starts in. A line whose first column (序号) is empty continues the row above (a cell wrapped onto a second line);
a line starting left of the table, or a lone run in the first column that is no row number, ends the table.
"""
from __future__ import annotations

import re

from db.plan_import.tables import is_header_word, read_header

Char = tuple[float, float, str]
_TABLE_MIN_PATHS = 4     # a ruled table draws at least this many lines or rectangles
_WORD_GAP = 0.9          # in character heights: narrower gaps are inside a cell
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[((]\d{1,3}[))])[.、.]?$")


def draws_a_table(page) -> bool:
    import pypdfium2.raw as pdfium_c

    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= _TABLE_MIN_PATHS:
            return True
    return False


def open_plumber(data: bytes):
    import io
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)   # its notes on damaged fonts are not for the clerk

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer refuses some files PDFium reads: the text is still read, without tables
        return None


def join_cell(text: str | None) -> str:
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for part in parts:   # a cell wrapped inside its box: 'XX市知' + '识产权局' is one name
        out += (" " if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum()
                else "") + part
    return out.replace("|", "/")


def ruled_tables(plumber, index: int) -> list[tuple[tuple[float, float, float, float], list[str]]]:
    """[(bbox as (x0, top, x1, bottom), rows as ' | ' lines)] of the ruled tables on one page."""
    try:
        page = plumber.pages[index]
        found = page.find_tables()
    except Exception:  # a page pdfminer cannot lay out: its text is still read by PDFium
        return []
    tables = []
    for table in found:
        rows = []
        for row in table.extract():
            cells = [join_cell(cell) for cell in row]
            filled = [c for c in cells if c]
            if not filled:
                continue
            rows.append(filled[0] if len(filled) == 1 and len(cells) > 2 and cells[0] == filled[0]
                        and not filled[0].isdigit() else " | ".join(cells))
        if rows:
            tables.append((tuple(table.bbox), rows))
    return tables


def _runs(chars: list[Char], height: float, gap: float = _WORD_GAP) -> list[list]:
    """[left, right, text] of the pieces of a line parted by gaps wider than `gap` character heights."""
    runs: list[list] = []
    for left, right, ch in chars:
        if runs and left - runs[-1][1] <= gap * height:
            runs[-1][1] = right
            runs[-1][2] += ch
        else:
            runs.append([left, right, ch])
    return runs


def _header(lines: list, index: int) -> tuple[list[float], list[str], int] | None:
    """(column boundaries, column names, lines used) when lines[index] is the header row of a table drawn without
    rules; a header cell wrapped onto the next line ('序' over '号', '完成时' over '限') is joined first."""
    line = lines[index]
    if not line.chars:
        return None
    runs = _runs(line.chars, line.height)
    if len(runs) < 3 or any(len(text) > 10 for _, _, text in runs):
        return None
    used = 1
    if index + 1 < len(lines) and lines[index + 1].chars:
        below = _runs(lines[index + 1].chars, lines[index + 1].height)
        spans = [(left - line.height, right + line.height) for left, right, _ in runs]
        places = [next((i for i, (a, b) in enumerate(spans) if a <= left and right <= b), None)
                  for left, right, _ in below]
        if below and all(p is not None for p in places) and all(len(t) <= 3 for _, _, t in below):
            for place, (_, _, text) in zip(places, below):
                runs[place][2] += text
            used = 2
    names = [text for _, _, text in runs]
    if not all(is_header_word(n) for n in names) or read_header(names) is None:
        return None
    boundaries = [-1e9] + [(runs[i - 1][1] + runs[i][0]) / 2 for i in range(1, len(runs))]
    return boundaries, names, used


def unruled_rows(lines: list, make_line) -> list:
    """The page's lines with each table drawn without rules turned into ' | ' rows (`make_line` builds a line)."""
    out: list = []
    index = 0
    while index < len(lines):
        found = _header(lines, index)
        if found is None:
            out.append(lines[index])
            index += 1
            continue
        boundaries, names, used = found
        first = lines[index]
        rows: list[tuple[object, list[str]]] = [(first, names)]
        index += used
        left_edge = first.left - 2 * first.height
        while index < len(lines):
            line = lines[index]
            runs = _runs(line.chars, line.height) if line.chars else []
            if not runs or runs[0][0] < left_edge:
                break
            cells = [""] * len(boundaries)
            for left, _, text in runs:
                column = max(i for i, edge in enumerate(boundaries) if edge <= left)
                cells[column] += text
            if cells[0] and not _ROW_NUMBER.match(cells[0]) and len(runs) == 1:
                break     # text in the first column that is no row number: the table is over
            if not cells[0] and len(rows) > 1:
                for column, text in enumerate(cells):   # cells wrapped onto the next line
                    rows[-1][1][column] += text
            else:
                rows.append((line, cells))
            index += 1
        for line, cells in rows:
            out.append(make_line(line.top, line.bottom, line.left, line.right, " | ".join(cells)))
    return out
