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

from db.plan_import.markers import CLAUSE_END, DEADLINE_START, is_bare_deadline, match_marker
from db.plan_import.tables import is_header_word, read_header

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
            if line == str(expected + 1) or len(pieces) >= 3 * columns or _ends_table(line, pieces, columns):
                break
            pieces.append(line)
            index += 1
        cells = _merge_to(pieces, columns - 1)
        if cells is None:
            break
        rows.append([str(expected), *cells])
        expected += 1
    return rows, index


def _ends_table(line: str, pieces: list[str], columns: int) -> bool:
    """After the last row: a heading, or a sentence longer than a cell once the row has all its cells."""
    if match_marker(line) and not _NUMBER.match(line):
        return True
    return len(pieces) >= columns - 1 and (len(line) > _MAX_CELL or (line[-1] in CLAUSE_END and len(line) > 20))


def _merge_to(pieces: list[str], wanted: int) -> list[str] | None:
    if len(pieces) < wanted:
        return pieces + [""] * (wanted - len(pieces)) if pieces else None
    pieces = list(pieces)
    while len(pieces) > wanted:
        best = max(range(len(pieces) - 1), key=lambda i: (_join_score(pieces[i], pieces[i + 1]), -i))
        pieces[best:best + 2] = [pieces[best] + pieces[best + 1]]
    return pieces


def _join_score(first: str, second: str) -> float:
    """How likely `second` continues the cell `first` (higher: join these two first)."""
    from db.plan_import.units import looks_like_unit

    if first[-1] in "、,,;;((〔【《“" or second[0] in "))〕】》”、,,。;;":
        return 10
    if DEADLINE_START.match(first) and is_bare_deadline(first + second) and not is_bare_deadline(second):
        return 8       # '年内' + '完成'
    score = 0.0
    if not looks_like_unit(first) and looks_like_unit(first + second) and len(first) <= 8:
        score += 6     # '市知' + '识产权局'
    if looks_like_unit(second) and second[0] in _PLACE_START:
        score -= 5     # a whole unit name ('县科技局') begins a cell of its own
    if is_bare_deadline(second) or is_bare_deadline(first):
        score -= 4     # a deadline is a cell of its own
    if first[-1] in CLAUSE_END:
        score -= 3
    if len(first) >= 12:
        score += 1     # a long cell wrapped at the cell's width goes on
    if len(first) <= 3:
        score += 1
    return score


_PLACE_START = "市县区省州镇乡各国中全"
