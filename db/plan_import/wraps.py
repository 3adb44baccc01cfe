"""Hard line wraps undone: PDF text breaks lines mid-sentence, mid unit name and mid clause.

A line is joined to the next when it ends with an open bracket or a separator, when the next starts with
closing punctuation, when a bracket (a unit clause) is still open, or when the line is as wide as the
text's full lines (found from the widths of the lines themselves, indentation included). Headings,
label lines, dates, mastheads and titles are never swallowed.
"""
from __future__ import annotations

import re
from collections import Counter

from db.plan_import.markers import (
    CLAUSE_END, CLOSE_BRACKETS, OPEN_BRACKETS, SENTENCE_END, bracket_balance, display_width, is_bare_deadline,
    is_label_line, match_marker, starts_structure)


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


def join_wraps(lines: list[str], indents: dict[str, int]) -> list[str]:
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
