"""What the dashboard shows, computed without Qt so it can run in a worker thread on a large ledger.

`load_dashboard` asks the db modules (lights, completeness, deadlines, queries) once and returns plain data;
the page only paints it. `TaskRow` / `TaskFilter` are the task list's rows and its filter (instant on 10,000
rows: a list comprehension over precomputed fields and a lower-cased search text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db import queries
from db.completeness import ChaseItem, UnitReport, chase_list, period_completeness, reporting_rate
from db.deadlines import plan_dates
from db.lights import Light, PeriodLights, TargetLight, period_lights, target_lights
from db.periods import list_periods, period_by_id
from db.vocabulary import chinese_date


@dataclass
class TaskRow:
    task_id: int
    number: str
    title: str
    section_path: tuple[str, ...]
    lead: str
    unit_ids: frozenset
    status: str
    percent: float | None
    light: str
    explanation: str
    due: date | None
    haystack: str
    position: int

    @property
    def due_text(self) -> str:
        return chinese_date(self.due) if self.due else "长期"


@dataclass(frozen=True)
class TaskFilter:
    text: str = ""
    unit_id: int | None = None
    section: str | None = None
    status: str | None = None
    light: str | None = None

    def accepts(self, row: TaskRow, terms: list[str]) -> bool:
        return ((self.light is None or row.light == self.light)
                and (self.status is None or row.status == self.status)
                and (self.unit_id is None or self.unit_id in row.unit_ids)
                and (self.section is None or self.section in row.section_path)
                and all(term in row.haystack for term in terms))


def build_task_rows(tasks: list[dict], lights) -> list[TaskRow]:
    rows = []
    for position, task in enumerate(tasks):
        light = lights.tasks[task["id"]]
        units = task["units"]
        answering = queries.answering_units(task)
        lead = "、".join(u.get("short_name") or u["name"] for u in answering)
        haystack = " ".join([task.get("number") or "", task["title"], task.get("text") or "",
                             *(u["name"] for u in units), *(u.get("short_name") or "" for u in units),
                             task.get("section") or ""]).lower()
        rows.append(TaskRow(task["id"], task.get("number") or "", task["title"], tuple(task.get("section_path") or ()),
                            lead, frozenset(u["unit_id"] for u in units), light.status, light.percent, light.light,
                            light.explanation, light.due, haystack, position))
    return rows



@dataclass
class DashboardData:
    plan_id: int
    period: dict
    today: date
    lights: PeriodLights
    rows: list[TaskRow]
    reports: list[UnitReport]
    rate: tuple[int, int]
    indicators: list[dict]
    targets: dict[int, TargetLight]
    chase: list[ChaseItem]
    units: list[tuple[int, str]]
    sections: list[tuple[str, int]]
    phases: list[dict]
    periods: list[dict]
    unit_lights: dict[int, Light] = field(default_factory=dict)


def load_dashboard(ledger, plan_id: int, period_id: int) -> DashboardData:
    period = period_by_id(ledger, period_id)
    tasks = queries.tasks(ledger, plan_id)
    latest = queries.latest_reports(ledger, plan_id, period_id)
    lights = period_lights(ledger, plan_id, period_id, tasks=tasks, latest=latest)
    reports = period_completeness(ledger, plan_id, period_id)
    return DashboardData(
        plan_id=plan_id, period=period, today=ledger.today(), lights=lights, rows=build_task_rows(tasks, lights),
        reports=reports, rate=reporting_rate(reports), indicators=queries.indicators(ledger, plan_id),
        targets=target_lights(ledger, plan_id, period_id),
        chase=chase_list(ledger, plan_id, period_id, reports=reports),
        units=[(u["id"], u["short_name"] or u["name"]) for u in queries.units_with_tasks(ledger, plan_id)],
        sections=[(s["heading"], s["level"]) for s in queries.sections(ledger, plan_id)],
        phases=plan_dates(ledger, plan_id).phases, periods=list_periods(ledger, plan_id), unit_lights=lights.units)
