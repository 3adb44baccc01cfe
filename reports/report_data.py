"""The numbers and texts the PDF reports print, gathered from the ledger (no layout here).

Counts come from db.summary (the same figures as `ipledger status` and the dashboard), task and target lights
(overdue, on schedule) from db.lights, values from db.queries. One place formats numbers, dates and rates for
the reports, so tests can compare the PDF with the ledger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from db import queries
from db.bureau_settings import BureauSettings, read_bureau_settings
from db.errors import LedgerError
from db.lights import TARGET_BEHIND, TARGET_MET, TARGET_NO_DATA, TARGET_ON_TRACK, period_lights, target_lights
from db.periods import current_period, get_period, list_periods
from db.reviews import period_reopen_notes
from db.plan_store import current_plan_id, get_plan
from db.report_texts import ACCEPTANCE_PERIOD_KEY, get_report_texts
from db.summary import status_summary
from db.values import format_number
from db.vocabulary import (BEHIND_SCHEDULE, COMPARISONS, NO_DATA_YET, NOT_REPORTED, ON_SCHEDULE, STATUSES,
                           TARGET_NOT_REACHED, TARGET_REACHED, chinese_date)
from reports.fingerprint import ledger_fingerprint

NO_VALUE = "—"
# 是否达到序时进度: a target already met is on schedule too (one vocabulary: db.vocabulary)
ON_TRACK_LABELS = {TARGET_MET: ON_SCHEDULE, TARGET_ON_TRACK: ON_SCHEDULE, TARGET_BEHIND: BEHIND_SCHEDULE,
                   TARGET_NO_DATA: NO_DATA_YET}


class ReportDataError(LedgerError):
    pass


# ----- formatting (one owner) -----------------------------------------------------------------------------------

cn_date = chinese_date  # the owner is db.vocabulary.chinese_date; the reports call it by this short name


_QUOTED = re.compile(r"《(.+?)》")
_YEARS = re.compile(r"[(（]\s*\d{4}\s*[-—–~至年].*?[)）]")
# A title that begins with its own place (福州市…, 江苏省…, 某某区…) is not given the ledger's county in front.
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|县|区|州|盟|旗)(?!建设|知识产权)")
_PLAN_WORDS = re.compile(r"(工作|实施|行动|建设)?方案.*$|(工作|实施|行动)?计划.*$")


def programme_name(plan_title: str, county: str) -> str:
    """What the programme is called, from the plan's title: '泰兴市国家知识产权强县建设试点县工作方案(2024-2026年)'
    → '泰兴市国家知识产权强县建设试点县'; a title the rule cannot read gives '<county>国家知识产权强县建设试点县'."""
    title = (plan_title or "").strip()
    quoted = _QUOTED.search(title)
    if quoted:
        title = quoted.group(1)
    base = _PLAN_WORDS.sub("", _YEARS.sub("", title)).strip()
    if len(base) < 6 or base == title:
        return f"{county}国家知识产权强县建设试点县"
    if county and county not in base and not _PLACE.match(base):
        base = county + base   # the title names no place of its own: the ledger's county leads
    return base


def report_title_base(plan_title: str, county: str) -> str:
    """The one title rule of every report: the programme's name with a 试点县/示范县 programme's final 县 dropped
    ('泰兴市国家知识产权强县建设试点'), followed by 工作 and the kind of report."""
    base = programme_name(plan_title, county)
    if base.endswith(("试点县", "示范县")):
        base = base[:-1]
    return base


def progress_title(plan_title: str, county: str) -> str:
    """'泰兴市国家知识产权强县建设试点工作进展情况报告'."""
    return f"{report_title_base(plan_title, county)}工作进展情况报告"


def acceptance_title(plan_title: str, county: str) -> str:
    """'泰兴市国家知识产权强县建设试点工作总结暨验收报告' (the same rule as the progress report)."""
    return f"{report_title_base(plan_title, county)}工作总结暨验收报告"


def number_text(value: float | None) -> str:
    return format_number(value) if value is not None else NO_VALUE


def completion_rate(actual: float | None, target: float | None, comparison: str = ">=") -> float | None:
    """完成率 in percent (kept for callers that pass numbers; the rule lives in db.queries.completion_rate)."""
    fraction = queries.completion_rate({"target": target, "comparison": comparison}, actual)
    return None if fraction is None else fraction * 100


def rate_text(fraction: float | None) -> str:
    """完成率 (db.queries.completion_rate, a fraction) as printed: 87.5%."""
    return NO_VALUE if fraction is None else f"{fraction * 100:.1f}%"


def target_met(actual: float | None, target: float | None, comparison: str) -> bool | None:
    if actual is None or target is None:
        return None
    if comparison == "<=":
        return actual <= target
    if comparison == "=":
        return abs(actual - target) <= 1e-9 * max(1.0, abs(target))
    return actual >= target


# ----- shared pieces --------------------------------------------------------------------------------------------

@dataclass
class TargetRow:
    number: int
    name: str
    measure_unit: str
    baseline: str          # '—' when the plan gives none (the column is left out when no target has one)
    target: str
    actual: str
    actual_period: str
    rate: str
    target_year: int | None
    on_track: str          # progress report: 是 / 否 / 尚无数据 (db.vocabulary)
    met: str               # 达标 / 未达标 / 未填报 (db.vocabulary)
    evidence: str = ""     # acceptance report: evidence numbers, e.g. 4-1、4-2
    category: str = ""


@dataclass
class UnitEntry:
    unit: str
    role: str
    reported: bool
    status: str
    percent: str
    progress: str
    problems: str
    next_steps: str


@dataclass
class TaskBlock:
    task_id: int
    number: str
    title: str
    lead_units: list[str]
    other_units: list[str]
    status: str
    percent: str
    light: str = ""
    overdue: bool = False
    entries: list[UnitEntry] = field(default_factory=list)
    evidence: list["EvidenceItem"] = field(default_factory=list)


@dataclass
class SectionBlock:
    heading: str           # the plan's own heading without its number
    tasks: list[TaskBlock] = field(default_factory=list)


@dataclass
class EvidenceItem:
    ref: str               # 4-1: task number, running number within the task
    task_number: str
    name: str
    unit: str
    period: str
    size: str
    sha256: str            # the first 12 hex digits, as printed
    evidence_id: int = 0
    full_sha256: str = ""


@dataclass
class GatheredText:
    """A text from the returns with the units that wrote it and the tasks they wrote it for."""
    text: str
    units: dict[str, list[str]] = field(default_factory=dict)   # unit → task numbers

    @property
    def sources(self) -> list[str]:
        """['市科技局(任务4、8)', …]"""
        return [f"{unit}（任务{'、'.join(numbers)}）" if numbers else unit for unit, numbers in self.units.items()]


def _plan_and_period(ledger, period_key: str | None, *, required: bool) -> tuple[int, dict, dict | None]:
    plan_id = current_plan_id(ledger)
    if plan_id is None:
        raise ReportDataError("台账中还没有方案，无法生成报告。请先导入或新建工作方案。")
    plan = get_plan(ledger, plan_id)
    if period_key:
        period = get_period(ledger, plan_id, period_key)
    else:
        period = current_period(ledger, plan_id)
    if period is None and required:
        raise ReportDataError("该方案还没有报告期，无法生成进展情况报告。请先在窗口中点“报告期管理…”生成报告期，"
                              "录入进展后再生成。")
    return plan_id, plan, period


def _county(ledger, plan: dict) -> str:
    # The plan's own county (方案信息 in the window) first; the ledger-wide setting is the default.
    return plan.get("county") or ledger.setting("county") or ""


def _sections(tasks: list[dict], plan_sections: list[dict]) -> dict[object, SectionBlock]:
    """{section id: empty block} for the tasks' own (deepest) sections, in document order."""
    titles = {s["id"]: s["title"] for s in plan_sections}
    blocks: dict[object, SectionBlock] = {}
    for task in tasks:
        key = task["section_id"] if task["section_id"] in titles else None
        if key not in blocks:
            blocks[key] = SectionBlock(titles[key].strip() if key else "其他任务")
    return blocks


def _task_units(task: dict) -> tuple[list[str], list[str]]:
    leads = task["lead_units"] or task["responsible_units"]
    others = [u["name"] for u in task["units"] if u["name"] not in leads]
    return leads, others


def _percent_text(value: float | None) -> str:
    return "" if value is None else f"{format_number(value)}%"


def _gather(entries: list[tuple[str, str, str]]) -> list[GatheredText]:
    """[(text, unit, task number)] → identical texts merged, each with its sources, in first-seen order."""
    merged: dict[str, GatheredText] = {}
    for text, unit, number in entries:
        clean = (text or "").strip()
        if not clean:
            continue
        item = merged.setdefault(clean, GatheredText(clean))
        numbers = item.units.setdefault(unit, [])
        if number and number not in numbers:
            numbers.append(number)
    return list(merged.values())


def has_baselines(rows: list[TargetRow]) -> bool:
    """Whether any target has a baseline (else the tables leave the 基期值 column out)."""
    return any(r.baseline != NO_VALUE for r in rows)


def target_years_note(rows: list[TargetRow], plan: dict) -> str:
    """'目标值为2026年目标' when all targets share a year; '' when they differ (the table then shows each year)."""
    years = {r.target_year or plan.get("end_year") for r in rows}
    years.discard(None)
    return f"目标值为{years.pop()}年目标" if len(years) == 1 else ""


def _target_rows(ledger, plan_id: int, period: dict | None, evidence_refs: dict[int, list[str]] | None = None
                 ) -> list[TargetRow]:
    indicators = queries.indicators(ledger, plan_id, period["id"] if period else None)
    judged = target_lights(ledger, plan_id, period["id"]) if period else {}
    links: dict[int, list[int]] = {}
    for row in ledger.rows("SELECT it.indicator_id, it.task_id FROM indicator_tasks it JOIN indicators i"
                           " ON i.id = it.indicator_id WHERE i.plan_id = ?", (plan_id,)):
        links.setdefault(row["indicator_id"], []).append(row["task_id"])
    rows = []
    for index, ind in enumerate(indicators, 1):
        light = judged.get(ind["id"])
        actual = light.actual if light and light.actual is not None else ind.get("latest_value")
        comparison = ind.get("comparison") or ">="
        symbol = "" if comparison == ">=" else COMPARISONS.get(comparison, "")
        met = target_met(actual, ind.get("target"), comparison)
        refs = []
        for task_id in links.get(ind["id"], []):
            refs += (evidence_refs or {}).get(task_id, [])
        baseline = number_text(ind.get("baseline"))
        target = symbol + number_text(ind.get("target")) if ind.get("target") is not None else NO_VALUE
        rows.append(TargetRow(
            number=index, name=ind["name"], measure_unit=ind.get("measure_unit") or "",
            baseline=baseline,
            target=target, actual=number_text(actual), actual_period=(light.actual_period if light and light.actual_period else ind.get("latest_period") or ""),
            rate=rate_text(queries.completion_rate(ind, actual)), target_year=ind.get("target_year"),
            on_track=ON_TRACK_LABELS[light.state] if light else NO_DATA_YET,
            met=NOT_REPORTED if met is None else (TARGET_REACHED if met else TARGET_NOT_REACHED),
            evidence="、".join(refs), category=ind.get("category") or ""))
    return rows


# ----- the progress report ------------------------------------------------------------------------------------

@dataclass
class ProgressData:
    plan: dict
    county: str
    bureau: str
    period: dict
    made_on: date
    fingerprint: str
    summary: dict
    units_not_reported: list[str]
    overdue: list[TaskBlock]
    lights: dict[str, int]
    targets: list[TargetRow]
    sections: list[SectionBlock]
    problems: list[GatheredText]
    next_steps: list[GatheredText]
    clerk_texts: dict[str, str]
    reopen_notes: list[dict] = field(default_factory=list)  # the period was closed and reopened: when, who, why
    settings: BureauSettings = field(default_factory=BureauSettings)

    @property
    def title(self) -> str:
        return progress_title(self.plan.get("title") or "", self.county)

    @property
    def task_count(self) -> int:
        return sum(len(s.tasks) for s in self.sections)


def progress_data(ledger, period_key: str | None = None, *, progress=None) -> ProgressData:
    plan_id, plan, period = _plan_and_period(ledger, period_key, required=True)
    summary = status_summary(ledger, plan_id, period["id"])
    tasks = queries.tasks(ledger, plan_id)
    latest = queries.latest_reports(ledger, plan_id, period["id"])
    this_period = queries.entries_for_period(ledger, plan_id, period["id"])
    lights = period_lights(ledger, plan_id, period["id"], tasks=tasks, latest=latest)
    by_section = _sections(tasks, queries.sections(ledger, plan_id))
    problems, next_steps = [], []
    reporting_units: dict[str, bool] = {}
    overdue = []
    for task in tasks:
        leads, others = _task_units(task)
        status = queries.task_status(task, latest)
        answering = queries.answering_units(task)
        lead_entry = latest.get((task["id"], answering[0]["unit_id"])) if answering else None
        light = lights.tasks.get(task["id"])
        block = TaskBlock(task["id"], task["number"] or "", task["title"], leads, others, status,
                          _percent_text((lead_entry or {}).get("percent")),
                          light.light if light else "", bool(light and light.overdue))
        ordered = sorted(task["units"], key=lambda u: {"lead": 0, "responsible": 1, "co": 2}[u["role"]])
        for unit in ordered:
            entry = this_period.get((task["id"], unit["unit_id"])) or {}
            reported = bool(entry.get("status"))
            reporting_units[unit["name"]] = reporting_units.get(unit["name"], False) or reported
            block.entries.append(UnitEntry(
                unit["name"], unit["role_label"], reported, entry.get("status") or "未填报",
                _percent_text(entry.get("percent")), entry.get("progress") or "", entry.get("problems") or "",
                entry.get("next_steps") or ""))
            problems.append((entry.get("problems"), unit["name"], task["number"]))
            next_steps.append((entry.get("next_steps"), unit["name"], task["number"]))
        by_section[task["section_id"] if task["section_id"] in by_section else None].tasks.append(block)
        if block.overdue:
            overdue.append(block)
    counts = lights.counts()
    return ProgressData(
        plan=plan, county=_county(ledger, plan), bureau=ledger.setting("bureau") or "", period=period,
        made_on=ledger.today(), fingerprint=ledger_fingerprint(ledger, plan_id), summary=summary,
        units_not_reported=[name for name, done in reporting_units.items() if not done],
        overdue=overdue, lights=counts, targets=_target_rows(ledger, plan_id, period), sections=list(by_section.values()),
        problems=_gather(problems), next_steps=_gather(next_steps),
        clerk_texts=get_report_texts(ledger, plan_id, period["key"]),
        reopen_notes=period_reopen_notes(ledger, period["id"]), settings=read_bureau_settings(ledger))


# ----- the acceptance report ----------------------------------------------------------------------------------

@dataclass
class AcceptanceData:
    plan: dict
    county: str
    bureau: str
    period: dict | None
    made_on: date
    fingerprint: str
    phases: list[dict]
    periods: list[dict]
    unit_count: int
    targets: list[TargetRow]
    sections: list[SectionBlock]
    evidence: list[EvidenceItem]
    texts: dict[str, str]
    by_status: dict[str, int]
    settings: BureauSettings = field(default_factory=BureauSettings)

    @property
    def title(self) -> str:
        return acceptance_title(self.plan.get("title") or "", self.county)

    @property
    def task_count(self) -> int:
        return sum(len(s.tasks) for s in self.sections)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def acceptance_data(ledger, period_key: str | None = None) -> AcceptanceData:
    plan_id, plan, period = _plan_and_period(ledger, period_key, required=False)
    tasks = queries.tasks(ledger, plan_id)
    latest = queries.latest_reports(ledger, plan_id, period["id"]) if period else {}
    by_section = _sections(tasks, queries.sections(ledger, plan_id))
    evidence_rows = ledger.rows(
        "SELECT e.*, u.name AS unit_name, p.name AS period_name, p.end AS period_end FROM evidence e"
        " JOIN tasks t ON t.id = e.task_id JOIN units u ON u.id = e.unit_id JOIN periods p ON p.id = e.period_id"
        " WHERE t.plan_id = ? AND (? IS NULL OR p.end <= ?) ORDER BY t.position, t.id, p.end, e.id",
        (plan_id, period["end"] if period else None, period["end"] if period else None))
    task_numbers = {t["id"]: (t["number"] or str(i)) for i, t in enumerate(tasks, 1)}
    evidence: list[EvidenceItem] = []
    refs: dict[int, list[str]] = {}
    for row in evidence_rows:
        number = task_numbers.get(row["task_id"], "")
        ref = f"{number}-{len(refs.get(row['task_id'], [])) + 1}"
        refs.setdefault(row["task_id"], []).append(ref)
        evidence.append(EvidenceItem(ref, number, row["original_name"], row["unit_name"], row["period_name"],
                                     _size_text(row["size"]), row["sha256"][:12], row["id"], row["sha256"]))
    by_status = {status: 0 for status in STATUSES}
    for task in tasks:
        leads, others = _task_units(task)
        status = queries.task_status(task, latest)
        by_status[status] += 1
        answering = queries.answering_units(task)
        lead_entry = latest.get((task["id"], answering[0]["unit_id"])) if answering else None
        block = TaskBlock(task["id"], task["number"] or "", task["title"], leads, others, status,
                          _percent_text((lead_entry or {}).get("percent")))
        block.evidence = [e for e in evidence if e.task_number == task_numbers.get(task["id"])]
        by_section[task["section_id"] if task["section_id"] in by_section else None].tasks.append(block)
    phases = [dict(r) for r in ledger.rows("SELECT name, start, end FROM phases WHERE plan_id = ? ORDER BY position, id",
                                          (plan_id,))]
    unit_count = len({u["unit_id"] for t in tasks for u in t["units"]})
    return AcceptanceData(
        plan=plan, county=_county(ledger, plan), bureau=ledger.setting("bureau") or "", period=period,
        made_on=ledger.today(), fingerprint=ledger_fingerprint(ledger, plan_id), phases=phases,
        periods=list_periods(ledger, plan_id), unit_count=unit_count,
        targets=_target_rows(ledger, plan_id, period, refs), sections=list(by_section.values()), evidence=evidence,
        texts=get_report_texts(ledger, plan_id, ACCEPTANCE_PERIOD_KEY), by_status=by_status,
        settings=read_bureau_settings(ledger))

