"""The shape of a parsed plan, as it crosses from the reader to the review dialog, `parse-plan --format json` and
store_plan: typed dictionaries (the JSON shape of ../shared/CLI.md is the contract, so the record stays a dict
that serialises as is; these types say exactly which keys it has and what they hold)."""
from __future__ import annotations

from typing import TypedDict


class CollectiveUnit(TypedDict):
    name: str        # 相关部门, 各成员单位 … (a kind the clerk can split into real units later)
    role: str        # lead | co | responsible


class ParsedTask(TypedDict, total=False):
    number: str
    title: str
    text: str
    section: str | None
    lead_units: list[str]
    co_units: list[str]
    responsible_units: list[str]
    deadline: str | None
    applicability: str | None
    incomplete: bool
    section_path: list[str]
    subitems: list[dict]
    source_lines: list[int]
    collective_units: list[CollectiveUnit]


class ParsedIndicator(TypedDict, total=False):
    name: str
    unit: str | None
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    comparison: str
    cumulative: bool
    attribute: str | None
    category: str
    source_text: str
    source_lines: list[int]


class ParsedPhase(TypedDict):
    name: str
    start: str | None
    end: str | None
    source_lines: list[int]


class WarningItem(TypedDict):
    message: str
    task_index: int | None
    indicator_index: int | None
    line: int | None


class ParsedPlan(TypedDict):
    title: str | None
    issuer: str | None
    doc_number: str | None
    date: str | None
    tasks: list[ParsedTask]
    indicators: list[ParsedIndicator]
    phases: list[ParsedPhase]
    warnings: list[str]
    start_year: int | None
    end_year: int | None
    county: str | None
    section_intros: dict[str, str]
    warning_items: list[WarningItem]
    source_text: str
