"""The span of years a plan covers, from its title (…(2024-2026年)) or, failing that, its phases: one rule for
the plan reader (db.plan_import) and for storing a plan (db.plan_store)."""
from __future__ import annotations

import re

_SPAN = re.compile(r"(\d{4})\s*[-—–~至到]\s*(\d{4})")
_SINGLE = re.compile(r"^(\d{4})\s*年")   # '2014年全国专利事业发展战略推进计划'


def plan_years(title: str | None, phases: list[dict] | None) -> tuple[int | None, int | None]:
    found = _SPAN.search(title or "")
    if found:
        return int(found.group(1)), int(found.group(2))
    years = [int(str(p[k])[:4]) for p in phases or [] for k in ("start", "end") if p.get(k)]
    if years:
        return min(years), max(years)
    single = _SINGLE.match(title or "")
    if single:
        return int(single.group(1)), int(single.group(1))
    return None, None
