"""Text as read → clean lines, one paragraph (or table row) a line.

Undoes what PDF conversion and web pages do to a plan: page markers (— 1 —, lone page
numbers), hard line wraps mid-sentence or mid unit name, a table's header row repeated on
every page, tables of contents, headings and tasks run together on one line. Traditional
characters are converted to simplified (OpenCC t2s) so one set of patterns reads both.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from db.plan_import.tables import HEADER_WORDS, is_header_word, spaced_tables_to_rows
from db.plan_import.markers import is_bare_deadline
from db.plan_import.markers import (
    CLAUSE_END, CLOSE_BRACKETS, OPEN_BRACKETS, SENTENCE_END, bracket_balance, display_width, match_marker,
    starts_structure, is_label_line)

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
        if i in page_numbers or _DASHED_NUMBER.match(line) or (_PAGE_MARKER.match(line) and not _LONE_NUMBER.match(line)):
            _page_break(kept)
            continue
        if _TOC_HEADING.match(line.replace(" ", "")):
            in_toc = True
            continue
        if _TOC_LINE.search(line):
            continue
        if in_toc and not _TOC_LINE.search(line):
            in_toc = False
        if _is_header_row(line):
            key = re.sub(r"[|｜\s]+", "|", line)
            if key in seen_headers:
                _page_break(kept)
                continue
            seen_headers.add(key)
        kept.append(line)
    # blank lines right after a page break are not paragraph breaks either
    result: list[str] = []
    for line in kept:
        if not line and result and result[-1] == "\f":
            continue
        result.append(line)
    return result


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


class _WrapWidth:
    """The width of a full line when the text was hard-wrapped (PDF): by print width and by characters."""

    def __init__(self, lines: list[str], indents: dict[str, int]):
        self.indents = indents
        texts = [line for line in lines if line and line != "\f" and "|" not in line]
        widths = [display_width(t) + indents.get(t, 0) for t in texts]
        self.display = self._mode(widths, minimum=20, slack=3) or self._widest(widths, texts, slack=3)
        lengths = [len(t) + (indents.get(t, 0) + 1) // 2 for t in texts]
        self.chars = self._mode(lengths, minimum=10, slack=1) or self._widest(lengths, texts, slack=1)

    @staticmethod
    def _widest(values: list[int], texts: list[str], *, slack: int) -> int | None:
        """Few lines fill the width when most paragraphs are short; but the widest lines of a wrapped text
        break off mid-sentence, while the widest of an unwrapped text are whole paragraphs."""
        if not values:
            return None
        top = max(values)
        near = [t for v, t in zip(values, texts) if v >= top - slack]
        unfinished = [t for t in near if t[-1] not in CLAUSE_END + CLOSE_BRACKETS]
        return top if len(near) >= 3 and len(unfinished) >= 0.6 * len(near) else None

    @staticmethod
    def _mode(values: list[int], *, minimum: int, slack: int) -> int | None:
        long = [v for v in values if v >= minimum]
        if len(long) < 4:
            return None
        counts = Counter(long)
        best, best_count = None, 0
        for value in counts:
            count = sum(counts.get(value - d, 0) for d in range(0, slack + 1))
            if count > best_count or (count == best_count and best is not None and value > best):
                best, best_count = value, count
        return best if best_count >= max(4, len(long) * 0.3) else None

    def is_full(self, line: str, *, first: bool = False) -> bool:
        """A paragraph's first line may be indented two characters, so it is full a little earlier."""
        slack = 2 if first else 0
        indent = self.indents.get(line, 0)
        return bool((self.display and display_width(line) + indent >= self.display - 4 - 2 * slack)
                    or (self.chars and len(line) + (indent + 1) // 2 >= self.chars - 1 - slack))


def _ends_unit_clause(line: str) -> bool:
    if not line or line[-1] not in "))":
        return False
    start = max(line.rfind("("), line.rfind("("))
    inside = line[start:]
    return any(word in inside for word in ("单位", "负责", "牵头", "部门", "配合"))


_ENDS_WITH_LABEL = re.compile(r"(?:单位|部门|主体|时限|时间|局内|省份)\s*[::]$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_TITLE_END = re.compile(r"(?:方案|规划|计划|纲要|意见|办法|要点|通知)(?:[((]\d{4}\s*[-—–~至]\s*\d{4}\s*年?[))])?$")


def _should_join(paragraph: str, physical: str, following: str, wrap: _WrapWidth,
                 joined_for_brackets: int) -> tuple[bool, bool]:
    """Join `following` to the paragraph whose last physical line is `physical`? (join, because of a bracket)"""
    if not paragraph or not following or paragraph == "\f" or "|" in paragraph or "|" in following:
        return False, False
    last = paragraph[-1]
    if last in OPEN_BRACKETS:
        return True, False
    if _DATE_LINE.match(following) or _DATE_LINE.match(paragraph) or paragraph.endswith("文件") \
            or is_bare_deadline(following):
        return False, False  # a masthead, a signature date, a deadline cell: never part of a paragraph
    if is_label_line(following) and bracket_balance(paragraph) > 0 and not match_marker(following):
        return True, False  # '(牵头单位:A。' + '配合单位:B)': one clause broken over lines
    if starts_structure(following):
        return False, False
    if last in "、,," or following[0] in CLOSE_BRACKETS + "。,,、;;::%%" or _ENDS_WITH_LABEL.search(paragraph):
        return True, False
    if last in SENTENCE_END or last in ";;::" or _ends_unit_clause(paragraph):
        return False, False
    if _TITLE_END.search(paragraph) and re.match(r"^[((]\d{4}\s*[-—–~至]\s*\d{4}\s*年?[))]$", following):
        return True, False  # the years of a title on the next line
    if wrap.is_full(physical, first=physical == paragraph) and not (
            _TITLE_END.search(paragraph) and not following.startswith(("的", "》"))):
        return True, False
    if bracket_balance(paragraph) > 0 and joined_for_brackets < 3:
        return True, True
    return False, False


def _join_wraps(lines: list[str], indents: dict[str, int]) -> list[str]:
    wrap = _WrapWidth(lines, indents)
    out: list[str] = []
    physical = ""
    bracket_joins = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if line == "\f":
            # a page break: the line before may continue on the next page
            if out and out[-1] and index + 1 < len(lines) and lines[index + 1] and lines[index + 1] != "\f":
                following = lines[index + 1]
                join, _ = _should_join(out[-1], physical, following, wrap, 0)
                if join or (out[-1][-1] not in CLAUSE_END + CLOSE_BRACKETS and not starts_structure(following)
                            and "|" not in out[-1] and "|" not in following and not _DATE_LINE.match(following)
                            and not _DATE_LINE.match(out[-1]) and not out[-1].endswith("文件")
                            and not is_bare_deadline(following) and not is_label_line(out[-1])
                            and not _TITLE_END.search(out[-1])):
                    out[-1] += following
                    physical = following
                    index += 2
                    continue
            index += 1
            continue
        if out and out[-1]:
            join, for_brackets = _should_join(out[-1], physical, line, wrap, bracket_joins)
            if join:
                out[-1] += line
                physical = line
                bracket_joins = bracket_joins + 1 if for_brackets else 0
                index += 1
                continue
        bracket_joins = 0
        out.append(line)
        physical = line
        index += 1
    return out


# ---- run-on lines -----------------------------------------------------------------------
_INLINE_MARKER = re.compile(r"(?<=[^\s])\s*(?=(?:[一二三四五六七八九十]+[、．]|[((][一二三四五六七八九十]+[))]|\d{1,3}[.．、](?!\d)))")
_LEVELS = {"cn": 1, "cn_paren": 2, "arabic": 3}


class _Counters:
    def __init__(self):
        self.last = {"cn": 0, "cn_paren": 0, "arabic": 0}

    def see(self, kind: str, number: int | None) -> None:
        if kind not in self.last or number is None:
            return
        self.last[kind] = number

    def expects(self, kind: str, number: int | None) -> bool:
        if number is None or kind not in self.last:
            return False
        return number == self.last[kind] + 1 or (number == 1 and self._higher_seen_since(kind))

    def _higher_seen_since(self, kind: str) -> bool:
        return True  # a first item may always start under a new heading


def _split_run_on(lines: list[str]) -> list[str]:
    counters = _Counters()
    out: list[str] = []
    for line in lines:
        pieces = _split_line(line, counters) if line and "|" not in line else [line]
        out.extend(pieces)
    return out


def _split_line(line: str, counters: _Counters) -> list[str]:
    marker = match_marker(line)
    if marker:
        counters.see(marker[1], marker[3])
    cut_points = []
    for found in _INLINE_MARKER.finditer(line):
        position = found.end()
        if position <= 0 or position >= len(line):
            continue
        candidate = match_marker(line[position:])
        if not candidate or candidate[1] not in _LEVELS:
            continue
        rank, kind, _, number, _ = candidate
        before = line[:found.start()].rstrip()
        if not before:
            continue
        segment_start = cut_points[-1] if cut_points else 0
        segment = line[segment_start:found.start()].rstrip()
        prev_char = before[-1]
        after_sentence = prev_char in SENTENCE_END or (prev_char in "))" and _ends_unit_clause(before))
        heading_run = _is_bare_heading(segment)
        after_units = _ends_with_unit_line(segment)
        if not (after_sentence or heading_run or after_units):
            continue
        if kind == "arabic" and prev_char in "))" and not _ends_unit_clause(before) and not heading_run:
            continue
        if not counters.expects(kind, number):
            continue
        if after_units and not (after_sentence or heading_run) and number != counters.last[kind] + 1:
            continue
        counters.see(kind, number)
        cut_points.append(position)
    if not cut_points:
        return [line]
    pieces, start = [], 0
    for cut in cut_points:
        pieces.append(line[start:cut].strip())
        start = cut
    pieces.append(line[start:].strip())
    return [p for p in pieces if p]


def _is_bare_heading(segment: str) -> bool:
    """'二、重点任务' run into the next heading: a number and a short title without punctuation."""
    found = match_marker(segment)
    if not found or found[1] not in ("cn", "cn_paren", "chapter"):
        return False
    title = segment[found[4]:]
    return 0 < len(title) <= 40 and not re.search(r"[。;;!?!?]", title)


def _ends_with_unit_line(segment: str) -> bool:
    """'…。责任单位:市科技局、市财政局' or '完成时限:2026年6月底前' followed straight by the next item."""
    from db.plan_import.markers import DEADLINE_LABEL, UNIT_LABEL
    last_sentence = re.split(r"[。!?!?]", segment)[-1]
    labelled = UNIT_LABEL.search(last_sentence) or DEADLINE_LABEL.search(last_sentence) \
        or re.search(r"(?:省份|局内)\s*[::]", last_sentence)
    return bool(labelled) and not re.search(r"[((][^))]*$", last_sentence)


def normalise_lines(raw: str) -> list[str]:
    """The plan's text as clean lines (no blank lines): the basis of every line index we report."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").replace("\u2028", "\n")
    text = to_simplified(text).translate(FULL_WIDTH)
    lines = []
    indents: dict[str, int] = {}  # print width of a line's indentation (PDF text keeps first-line indents)
    for raw_line in text.split("\n"):
        line = "\f" if raw_line == "\f" else _clean_line(raw_line)
        lines.append(line)
        lead = raw_line[:len(raw_line) - len(raw_line.lstrip())]
        if lead and line and "\t" not in lead:
            indents[line] = len(lead)
    lines = _drop_page_furniture(lines)
    lines = spaced_tables_to_rows(lines)
    lines = _join_wraps(lines, indents)
    lines = _split_run_on(lines)
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
