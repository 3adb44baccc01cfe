"""Typed records for what crosses from db/ to ui/ and reports/: a period, a unit, a progress entry.

Each is a dataclass with named, typed fields. Callers read attributes (`period.key`); the mapping-style reads of
the dict era (`period["key"]`, `period.get("due")`) still answer, so a caller can move over one line at a time,
but a record holds exactly its fields — no dict-of-anything.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


class Record:
    """Mapping-style reads over a dataclass (read-only: a record is changed through an operation, not in place)."""

    def __getitem__(self, name: str):
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None

    def get(self, name: str, default=None):
        return getattr(self, name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.keys()

    def keys(self) -> list[str]:
        return [f.name for f in fields(self)]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_row(cls, row):
        names = row.keys()
        return cls(**{f.name: row[f.name] for f in fields(cls) if f.name in names})


@dataclass
class Period(Record):
    """A reporting period (报告期): key 2026Q4, Chinese name 2026年第4季度, its span, due date and state."""

    id: int
    key: str
    name: str
    kind: str
    start: str
    end: str
    due: str | None = None
    state: str = "open"
    plan_id: int | None = None

    @property
    def closed(self) -> bool:
        from db.vocabulary import PERIOD_CLOSED

        return self.state == PERIOD_CLOSED


@dataclass
class Unit(Record):
    """A responsible unit (单位) with how many of the plan's tasks it leads, cooperates on or answers for."""

    id: int
    name: str
    kind: str
    created_at: str
    short_name: str | None = None
    contact: str | None = None
    phone: str | None = None
    note: str | None = None
    lead_count: int = 0
    co_count: int = 0
    responsible_count: int = 0
    aliases: str | None = None


@dataclass
class ProgressEntry(Record):
    """One unit's progress on one task for one period (进展情况 and the rest)."""

    id: int
    task_id: int
    unit_id: int
    period_id: int
    status: str | None = None
    percent: float | None = None
    progress: str | None = None
    problems: str | None = None
    next_steps: str | None = None
    filled_by: str | None = None
    phone: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
