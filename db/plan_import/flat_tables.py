"""A table flattened one cell a line (copied from a web page or a PDF viewer) → ' | ' rows again.

    序号 / 重点任务 / 责任单位 / 完成时限 / 1 / 推进专利导航工程 / 市知 / 识产权局 / 2025年底前 / 2 / …

The header is a run of short lines that are all column words with a 序号 column first; each row begins with the
next number on a line of its own. A cell broken over lines (a unit name cut mid-word, '年内' + '完成', a long
task wrapped) is put together again: the row's lines are merged pairwise, best join first, until there are as
many as the header has columns. Page furniture inside the table — a page marker, a page number, the header
repeated on the next page — is skipped (this runs before page numbers are removed: the row numbers 1, 2, 3 on
lines of their own would look like page numbers).
"""
from __future__ import annotations

import re

from db.plan_import.markers import CLAUSE_END, is_bare_deadline, match_marker
from db.plan_import.tables import is_header_word, read_header
from db.vocabulary import is_collective_unit

_NUMBER = re.compile(r"^\d{1,3}$")
_MAX_CELL = 60


def flattened_tables_to_rows(lines: list[str], is_page_marker) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        header = _header_at(lines, index)
        if header is None:
            out.append(lines[index])
            index += 1
            continue
        cells, index = header
        rows, index = _rows(lines, index, cells, is_page_marker)
        if not rows:
            out.extend(cells)
            continue
        out.append(" | ".join(cells))
        out.extend(" | ".join(row) for row in rows)
    return out


def _header_at(lines: list[str], index: int) -> tuple[list[str], int] | None:
    if not lines[index] or not _is_header_cell(lines[index]) or "|" in lines[index]:
        return None
    cells = []
    end = index
    while end < len(lines) and lines[end] and lines[end] != "\f" and _is_header_cell(lines[end]):
        cells.append(lines[end])
        end += 1
    if len(cells) < 3:
        return None
    header = read_header(cells)
    first = _skip_blank(lines, end)
    if header is None or header.columns.get(0) != "number" or first >= len(lines) or lines[first] != "1":
        return None
    return cells, first


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index] in ("", "\f"):
        index += 1
    return index


def _is_header_cell(line: str) -> bool:
    return len(line) <= 10 and is_header_word(line.replace(" ", ""))


def _rows(lines: list[str], index: int, header: list[str], is_page_marker) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    columns = len(header)
    found = read_header(header)
    fields = [found.columns.get(i) for i in range(columns)]
    prose_column = any(f in ("text", "title", "name") for f in fields)
    expected = 1
    while index < len(lines) and lines[index] == str(expected):
        pieces: list[str] = []
        index += 1
        while index < len(lines):
            line = lines[index]
            if line in ("", "\f") or is_page_marker(line):
                index += 1
                continue
            if lines[index:index + columns] == header:
                index += columns   # the header again at the top of the next page
                continue
            after = _skip_blank(lines, index + 1)
            if _NUMBER.match(line) and line != str(expected + 1) and (
                    after >= len(lines) or lines[after] == header[0] or is_page_marker(lines[after])):
                index += 1         # a bare page number before the repeated header
                continue
            if line == str(expected + 1) or len(pieces) >= 3 * columns or _ends_table(line, pieces, columns,
                                                                                        prose_column):
                break
            pieces.append(line)
            index += 1
        if not pieces:
            break
        cells = fit_cells(pieces, fields[1:])
        rows.append([str(expected), *cells])
        expected += 1
    return rows, index


def _ends_table(line: str, pieces: list[str], columns: int, prose_column: bool) -> bool:
    """After the last row: a heading, or (in a table without a column of prose) a sentence longer than a cell once
    the row has all its cells."""
    if match_marker(line) and not _NUMBER.match(line):
        return True
    if prose_column and len(line) <= 4 * _MAX_CELL:
        return False
    return len(pieces) >= columns - 1 and (len(line) > _MAX_CELL or (line[-1] in CLAUSE_END and len(line) > 20))


_UNIT_FIELDS = ("lead", "co", "responsible")
_VALUE_FIELDS = ("baseline", "target", "target_step")
_NUMERIC = re.compile(r"^[<>≤≥]?=?\s*[\[〔(（]?\s*\d+(?:\.\d+)?\s*[\]〕)）]?\s*[%%]?$")


def fit_cells(pieces: list[str], fields: list[str | None]) -> list[str]:
    """The lines of one row (after its number) shared out over the columns, in order: each column takes a run of
    lines (or none), chosen so that every cell reads as what its column holds — unit names in the unit columns
    (a name broken over lines joined again), a deadline in the deadline column, numbers under the values."""
    count, columns = len(pieces), len(fields)
    best: dict[tuple[int, int], tuple[float, list[str]]] = {(0, 0): (0.0, [])}
    for column in range(columns):
        for used, (score, cells) in [(k[0], v) for k, v in best.items() if k[1] == column]:
            for take in range(0, count - used + 1):
                cell = _joined(pieces[used:used + take], fields[column])
                total = score + _cell_score(cell, pieces[used:used + take], fields[column])
                key = (used + take, column + 1)
                if key not in best or total > best[key][0]:
                    best[key] = (total, cells + [cell])
    if (count, columns) in best:
        return best[(count, columns)][1]
    return pieces[:columns] + [""] * (columns - len(pieces))


def _joined(pieces: list[str], field: str | None) -> str:
    from db.plan_import.units import looks_like_unit

    text = ""
    for piece in pieces:
        last_name = re.split(r"[、,,;;]", text)[-1] if text else ""
        separate = field in _UNIT_FIELDS and last_name and looks_like_unit(last_name) and looks_like_unit(piece) \
            and piece[0] in _PLACE_START
        text += ("、" if separate else "") + piece   # '市科技局' / '市财政局' one per line; '市知' / '识产权局' one name
    return text


def _cell_score(cell: str, lines: list[str], field: str | None) -> float:
    from db.plan_import.units import is_unit_cell, looks_like_unit

    if not lines:   # an empty cell: common for 配合单位 and notes, rare for a task or its lead
        return -0.5 if field in ("co", "note", "applicability", None) else -1.5
    if field in _UNIT_FIELDS:
        names = [n for n in re.split(r"[、,,;;]", cell) if n]
        good = is_unit_cell(cell) or all(looks_like_unit(n) or is_collective_unit(n) for n in names)
        return (3.0 + 0.3 * len(names) - 0.5 * max(len(lines) - len(names), 0)) if good else -3.0 * len(lines)
    if field == "deadline":
        return 4.0 if is_bare_deadline(cell) else (-1.0 if len(cell) <= 12 else -4.0)
    if field in _VALUE_FIELDS:
        return 3.0 if _NUMERIC.match(cell) or cell in ("—", "-", "/") else -3.0
    if field == "measure":
        return 2.0 if len(cell) <= 6 and not _NUMERIC.match(cell) else -3.0
    if field == "attribute":
        return 3.0 if cell in ("预期性", "约束性") else -2.0
    if field in ("title", "name"):
        # a long title wraps onto the next line; a short one is whole
        score = 1.0 - (2.0 if looks_like_unit(cell) and cell[0] in _PLACE_START and len(cell) <= 12 else 0.0)
        for before, after in zip(lines, lines[1:]):
            if looks_like_unit(after) and after[0] in _PLACE_START:
                score -= 2.0   # '县知识产权局' begins the next column, it does not end the title
            score += 0.8 if len(before) >= 12 and before[-1] not in CLAUSE_END else -0.8
        return score
    return 0.3 * len(lines)   # prose (工作措施, 备注) takes what is left


_PLACE_START = "市县区省州镇乡各国中全"
