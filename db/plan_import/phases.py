"""Phases (阶段): (一)启动阶段(2024年1月-2024年4月), 第一阶段:试点探索(2015—2020年),
1.实施阶段:2024年5月至2026年6月 … Months as 'YYYY-MM', a phase given in years only as 'YYYY'.
"""
from __future__ import annotations

import re

from db.plan_import.markers import match_marker

_NAME = r"(?P<name>(?:第[一二三四五六七八九十]+阶段\s*[::]?\s*)?[^()()::,,。;;\d]{0,16}?(?:阶段|时期|期)?)\s*[::]?\s*"
_SPAN = r"(?P<span>\d{4}\s*(?:年|\.|-|/)?\s*(?:\d{1,2}\s*月?)?[^()()。;;]{0,40}?)"
_PHASE = re.compile(rf"^{_NAME}(?:[((]\s*{_SPAN}\s*[))]|{_SPAN.replace('span', 'bare')}\s*(?:[::。,,;;]|$))")
_SPAN_FIRST = re.compile(r"^(?P<span>\d{4}\s*年[^,,。;;为是]{0,30}?)\s*(?:为|是|:|:)\s*(?P<name>[^,,。;;()()]{2,14}?(?:阶段|时期))")
_POINT = re.compile(r"(\d{4})\s*(?:年\s*(?:(\d{1,2})\s*月)?|[.\-/](\d{1,2})(?!\d))?|(?<![\d.])(\d{1,2})\s*月")


def parse_span(text: str) -> tuple[str | None, str | None]:
    """'2024年1月-2024年4月' → ('2024-01', '2024-04'); '2015—2020年' → ('2015', '2020');
    '2024年5月至12月' → ('2024-05', '2024-12'); '2026年6月底前' → (None, '2026-06')."""
    points = []
    year = None
    for found in _POINT.finditer(text):
        if found.group(1):
            year = int(found.group(1))
            month = found.group(2) or found.group(3)
        else:
            if year is None:
                continue
            month = found.group(4)
        value = f"{year:04d}-{int(month):02d}" if month else f"{year:04d}"
        if month and not 1 <= int(month) <= 12:
            continue
        points.append(value)
    if not points:
        return None, None
    if len(points) == 1:
        if re.search(r"前|以前|之前", text):
            return None, points[0]
        if re.search(r"起|以后|开始", text):
            return points[0], None
        return points[0], points[0]
    start, end = points[0], points[-1]
    if len(start) != len(end):  # '2024年5月—2026年' → keep the precision each side gave
        pass
    return start, end


def phase_from_line(line: str, *, in_phase_part: bool) -> dict | None:
    marker = match_marker(line)
    text = line[marker[4]:] if marker else line
    if not in_phase_part and not re.match(r"^第[一二三四五六七八九十]+阶段", text) and not (marker and "阶段" in text[:30]):
        return None
    first = _SPAN_FIRST.match(text)
    if first:  # '2024年1月—4月为动员部署阶段'
        start, end = parse_span(first.group("span"))
        return {"name": first.group("name").strip(), "start": start, "end": end} if start or end else None
    found = _PHASE.match(text)
    if not found:
        return None
    name = found.group("name").strip().rstrip("::")
    if not name or ("阶段" not in name and "期" not in name and not in_phase_part):
        return None
    if len(name) < 2:
        return None
    start, end = parse_span(found.group("span") or found.group("bare"))
    if not start and not end:
        return None
    return {"name": name, "start": start, "end": end}


_INLINE_PHASE = re.compile(r"([\u4e00-\u9fff]{2,8}?阶段)\s*[((]\s*(\d{4}\s*年[^()()]{0,30}?)[))]")


def phases_in_sentence(text: str) -> list[dict]:
    """'分三个阶段:启动阶段(2024年1月—4月)、实施阶段(2024年5月—2026年6月)…' written in one sentence."""
    phases = []
    for found in _INLINE_PHASE.finditer(text):
        name = re.sub(r"^(?:分为?|包括|即|为|是|一是|二是|三是|四是|第[一二三四五]是?)", "", found.group(1))
        start, end = parse_span(found.group(2))
        if start or end:
            phases.append({"name": name, "start": start, "end": end})
    return phases


def collect_phases(lines: list[tuple[int, str, str]]) -> list[dict]:
    """lines: (index, text, where) for the plan's lines; where is 'heading' (a heading of the phases part),
    'body' (a paragraph of the phases part) or 'other'."""
    phases = []
    for index, text, where in lines:
        phase = phase_from_line(text, in_phase_part=where == "heading")
        found = [phase] if phase else (phases_in_sentence(text) if where == "body" else [])
        for phase in found:
            if not any(p["name"] == phase["name"] and p["start"] == phase["start"] for p in phases):
                phase["source_lines"] = [index, index]
                phases.append(phase)
    return phases
