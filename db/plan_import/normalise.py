"""Text as read → clean lines, one paragraph (or table row) a line.

Undoes what PDF conversion and web pages do to a plan: page markers (— 1 —, lone page
numbers), hard line wraps mid-sentence or mid unit name, a table's header row repeated on
every page, tables of contents, headings and tasks run together on one line. Traditional
characters are converted to simplified (OpenCC t2s) so one set of patterns reads both.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from db.plan_import.flat_tables import flattened_tables_to_rows
from db.plan_import.run_on import split_run_on
from db.plan_import.tables import HEADER_WORDS, aligned_tables_to_tabs, is_header_word, spaced_tables_to_rows
from db.plan_import.wraps import join_wraps
from db.plan_import.markers import CLAUSE_END, CLOSE_BRACKETS, is_label_line, starts_structure

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u3000\u2002\u2003\u2009]+")
_PAGE_MARKER = re.compile(
    r"^(?:第\s*\d{1,4}\s*页(?:\s*[,,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE)
_DASHED_NUMBER = re.compile(r"^[-—–─_﹣－]+\s*\d{1,4}\s*[-—–─_﹣－]+$")
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
_TOC_LINE = re.compile(r"(?:[.．…·・]{3,}|…{2,}|\.{2,}\s*\.)\s*\d{1,3}\s*$")
_TOC_HEADING = re.compile(r"^目\s*录$")


# full-width letters, digits and punctuation (（）：；，０-９…) read as their half-width forms, as NFKC does;
# 。、《》〔〕【】“” have no half-width form and stay as printed
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
FULL_WIDTH[0x3000] = "  "  # an ideographic space is two columns wide (indentation counts for line widths)


_FULL_WIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(found: re.Match) -> str:
    value = FULL_WIDTH[ord(found.group())]
    return value if isinstance(value, str) else chr(value)


@lru_cache(maxsize=1)
def _t2s_tables():
    """OpenCC's t2s dictionaries (TSCharacters + TSPhrases) as a translate table plus the few phrases that
    convert differently from their characters: the same result as OpenCC('t2s'), at str.translate speed."""
    import opencc

    folder = Path(opencc.__file__).resolve().parent / "dictionary"
    characters: dict[int, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values:
            characters[ord(key)] = values.split(" ")[0]
    phrases: dict[str, str] = {}
    for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        value = values.split(" ")[0]
        if key and value and key.translate(characters) != value:
            phrases[key] = value
    pattern = re.compile("(" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + ")") if phrases else None
    return characters, phrases, pattern


def to_simplified(text: str) -> str:
    """Traditional → simplified; text that is already simplified is returned untouched (and fast)."""
    try:
        characters, phrases, pattern = _t2s_tables()
    except (ImportError, OSError):  # the dictionaries missing: fall back to the library itself
        from opencc import OpenCC
        return OpenCC("t2s").convert(text)
    if not any(ord(ch) in characters for ch in set(text)):
        return text
    if pattern is None:
        return text.translate(characters)
    pieces = pattern.split(text)
    return "".join(phrases[piece] if index % 2 else piece.translate(characters) for index, piece in enumerate(pieces))


def _clean_line(line: str) -> str:
    line = _INVISIBLE.sub("", line)
    cells = [c.strip() for c in line.strip().split("\t")]
    if len(cells) >= 2 and sum(1 for c in cells if c) >= 2:
        line = " | ".join(cells)  # a table pasted from Word or Excel: cells separated by tabs
    line = _SPACES.sub(" ", line).strip()
    # spaces inside Chinese text come from justification or PDF extraction: "文 号" → "文号" is done
    # only between two CJK characters when the line is mostly spaced out letters ("索 引 号")
    return line


def _is_header_row(line: str) -> bool:
    cells = [c for c in re.split(r"[|｜\s]+", line) if c]
    return len(cells) >= 2 and all(is_header_word(c) for c in cells)


_HEADER_PIECES = ("任务", "措施", "单位", "部门", "时间", "时限", "序号", "指标", "目标", "备注")


def _drop_repeated_cell_headers(lines: list[str]) -> list[str]:
    """A table header flattened one cell a line ('具体' '任务' '任务目标' '工作措施' '执行部门' …) and repeated on
    every page: later copies become page breaks."""
    def cell(line: str) -> bool:
        return 0 < len(line) <= 6 and line != "\f" and not starts_structure(line)

    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        if cell(lines[index]):
            end, short = index, []
            while end < len(lines) and (not lines[end] or cell(lines[end])):
                if lines[end]:
                    short.append(end)
                end += 1
            if len(short) >= 3:
                runs.append((index, short[-1] + 1))
            index = max(end, index + 1)
        else:
            index += 1
    seen: set[tuple[str, ...]] = set()
    drop: set[int] = set()
    for start, end in runs:
        key = tuple(line for line in lines[start:end] if line)
        if sum(piece in "".join(key) for piece in _HEADER_PIECES) < 2:
            continue
        if key in seen:
            drop.update(range(start, end))
        seen.add(key)
    if not drop:
        return lines
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in drop:
            if not out or out[-1] != "\f":
                out.append("\f")
            continue
        out.append(line)
    return out


def _drop_page_furniture(lines: list[str]) -> list[str]:
    """Page markers, tables of contents and repeated table header rows go; blank lines stay."""
    lone = [i for i, line in enumerate(lines) if _LONE_NUMBER.match(line)]
    page_numbers = set()
    for pos, i in enumerate(lone):
        neighbours = [lone[p] for p in (pos - 1, pos + 1) if 0 <= p < len(lone)]
        if any(0 < abs(int(lines[j]) - int(lines[i])) <= 3 and abs(j - i) >= 5 for j in neighbours):
            page_numbers.add(i)
        elif _breaks_sentence(lines, i) or not _among_cells(lines, i):
            page_numbers.add(i)
    kept: list[str] = []
    seen_headers: set[str] = set()
    in_toc = False
    for i, line in enumerate(lines):
        if not line:
            kept.append(line)
            continue
        if line == "\f" or i in page_numbers or _is_page_marker(line):
            _page_break(kept)
            continue
        if _TOC_HEADING.match(line.replace(" ", "")):
            in_toc = True
            continue
        if _TOC_LINE.search(line) or (in_toc and re.search(r"\S\s+\d{1,3}$", line)):
            continue  # '一、总体要求……1', or after 目录 '二、重点任务 3'
        in_toc = False
        if _is_header_row(line):
            key = re.sub(r"[|｜\s]+", "|", line)
            previous = next((k for k in reversed(kept) if k and k != "\f" and not _LONE_NUMBER.match(k)), "")
            if key in seen_headers and ("|" in previous or "|" not in line):
                _page_break(kept)   # the table goes on over a page: its header printed again (another table keeps it)
                continue
            seen_headers.add(key)
        kept.append(line)
    # blank lines right after a page break are not paragraph breaks either
    result: list[str] = []
    for line in _drop_repeated_cell_headers(kept):
        if not line and result and result[-1] == "\f":
            continue
        result.append(line)
    return result


def _is_page_marker(line: str) -> bool:
    return bool(_DASHED_NUMBER.match(line) or (_PAGE_MARKER.match(line) and not _LONE_NUMBER.match(line)))


def _page_break(kept: list[str]) -> None:
    while kept and not kept[-1]:
        kept.pop()  # the blank lines around a page break are not a paragraph break
    if not kept or kept[-1] != "\f":
        kept.append("\f")


def _among_cells(lines: list[str], index: int) -> bool:
    """A lone number between short lines is a table cell (序号) of a table flattened one cell a line."""
    before = next((lines[j] for j in range(index - 1, max(-1, index - 4), -1) if lines[j]), "")
    after = next((lines[j] for j in range(index + 1, min(len(lines), index + 4)) if lines[j]), "")
    def cell(text: str) -> bool:
        return 0 < len(text) <= 8 and text[-1] not in CLAUSE_END

    return (cell(before) and cell(after)) or "|" in before or "|" in after


def _breaks_sentence(lines: list[str], index: int) -> bool:
    before = next((lines[j] for j in range(index - 1, max(-1, index - 4), -1) if lines[j]), "")
    after = next((lines[j] for j in range(index + 1, min(len(lines), index + 4)) if lines[j]), "")
    if not before or not after or "|" in before or "|" in after:
        return False
    return before[-1] not in CLAUSE_END + CLOSE_BRACKETS and not _LONE_NUMBER.match(after)


def normalise_lines(raw: str) -> list[str]:
    """The plan's text as clean lines (no blank lines): the basis of every line index we report."""
    from db.values import clean_imported_text   # the same text hygiene as every importer; page breaks kept

    raw = "\f".join(clean_imported_text(part) for part in raw.split("\f"))
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").replace("\u2028", "\n")
    text = to_simplified(text)
    text = "\n".join(aligned_tables_to_tabs(text.split("\n")))   # before full-width spaces become narrow ones
    text = _FULL_WIDTH_CHAR.sub(_half_width, text)
    lines = []
    indents: dict[str, int] = {}  # print width of a line's indentation (PDF text keeps first-line indents)
    for raw_line in text.split("\n"):
        line = "\f" if raw_line == "\f" else _clean_line(raw_line)
        lines.append(line)
        lead = raw_line[:len(raw_line) - len(raw_line.lstrip())]
        if lead and line and "\t" not in lead:
            indents[line] = len(lead)
    lines = flattened_tables_to_rows(lines, _is_page_marker)
    lines = _drop_page_furniture(lines)
    lines = spaced_tables_to_rows(lines)
    lines = join_wraps(lines, indents)
    lines = split_run_on(lines)
    return merge_broken_cells([line for line in lines if line and line != "\f"])


def normalise_text(raw: str) -> str:
    return "\n".join(normalise_lines(raw))


__all__ = ["normalise_lines", "normalise_text", "to_simplified", "HEADER_WORDS", "is_label_line"]


def merge_broken_cells(lines: list[str]) -> list[str]:
    """A table cell broken over lines: '年内' + '完成' → '年内完成'."""
    from db.plan_import.markers import DEADLINE_START, is_bare_deadline
    out: list[str] = []
    for line in lines:
        if out and DEADLINE_START.match(out[-1]) and len(line) <= 8 and not starts_structure(line) \
                and is_bare_deadline(out[-1] + line) and not is_bare_deadline(line):
            out[-1] += line
            continue
        out.append(line)
    return out
