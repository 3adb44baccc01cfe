"""Headings and tasks run together on one line ('二、重点任务(一)加强创造1.实施…。(…负责)2.推进…') are cut
apart again, but only where a number continues the count and follows a sentence end, a unit clause or a
bare heading; enumerations inside sentences stay whole.
"""
from __future__ import annotations

import re

from db.plan_import.markers import DEADLINE_LABEL, SENTENCE_END, UNIT_LABEL, match_marker
from db.plan_import.wraps import _TITLE_END, _ends_unit_clause

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


def split_run_on(lines: list[str]) -> list[str]:
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
        heading_run = _is_bare_heading(segment) or (
            not cut_points and kind == "cn" and number == 1 and not marker and bool(_TITLE_END.search(segment)))
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
    last_sentence = re.split(r"[。!?!?]", segment)[-1]
    labelled = UNIT_LABEL.search(last_sentence) or DEADLINE_LABEL.search(last_sentence) \
        or re.search(r"(?:省份|局内)\s*[::]", last_sentence)
    return bool(labelled) and not re.search(r"[((][^))]*$", last_sentence)
