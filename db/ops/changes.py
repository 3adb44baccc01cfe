"""What an operation changed: the kinds of data and their ids, and the label shown in menus and history.

Views refresh from a `Changes` value (Anki's OpChanges): each page looks at `kinds` and redraws only if it shows
one of them. The kind words are owned here; ui/ and desktop/ import them from this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# The kinds of data an operation can change.
PROGRESS = "progress"        # progress entries (task × unit × period)
INDICATORS = "indicators"    # indicator values
EVIDENCE = "evidence"        # evidence files
PLAN = "plan"                # plans, sections, tasks, targets, phases, task units
UNITS = "units"              # units and aliases
PERIODS = "periods"          # periods, their state and due dates
REVIEWS = "reviews"          # 已审核 / 退回
RETURNS = "returns"          # issued forms and imported returns
SETTINGS = "settings"        # bureau settings, passwords
REPORT_TEXTS = "report_texts"  # the clerk's own texts in the reports
TEMPLATES = "templates"      # remembered upward-template mappings
ROLLUP = "rollup"            # county packages in a roll-up ledger
ALL = "all"                  # anything (a restore, a switch of ledger)

KINDS = (PROGRESS, INDICATORS, EVIDENCE, PLAN, UNITS, PERIODS, REVIEWS, RETURNS, SETTINGS, REPORT_TEXTS, TEMPLATES,
         ROLLUP, ALL)

# Which kind a ledger table's rows belong to (for changes captured row by row).
TABLE_KINDS = {
    "progress": PROGRESS, "indicator_values": INDICATORS,
    "evidence": EVIDENCE, "evidence_blobs": EVIDENCE, "evidence_names": EVIDENCE,
    "plans": PLAN, "sections": PLAN, "phases": PLAN, "tasks": PLAN, "task_subitems": PLAN, "task_units": PLAN,
    "indicators": PLAN, "indicator_tasks": PLAN, "schedules": PERIODS,
    "units": UNITS, "unit_aliases": UNITS,
    "periods": PERIODS, "return_reviews": REVIEWS,
    "issued_forms": RETURNS, "imported_returns": RETURNS,
    "settings": SETTINGS, "report_texts": REPORT_TEXTS,
    "template_mappings": TEMPLATES,
    "package_keys": SETTINGS, "rollup_counties": ROLLUP, "rollup_packages": ROLLUP,
    "rollup_package_files": ROLLUP, "rollup_indicators": ROLLUP,
    "entry_flags": PROGRESS,
}


@dataclass(frozen=True)
class Changes:
    """The result of one operation (or of undoing / redoing one)."""

    label: str
    kinds: frozenset[str] = frozenset()
    ids: dict[str, frozenset[int]] = field(default_factory=dict)   # kind -> ids of the rows changed
    operation_id: int | None = None
    result: object = None                                            # what the operation returns (a new id, counts…)

    def __contains__(self, kind: str) -> bool:
        """`PROGRESS in changes`: true when that kind (or everything) changed, as pages ask of a set of kinds."""
        return kind in self.kinds or ALL in self.kinds

    def __iter__(self):
        return iter(self.kinds)

    # a Changes answers the set questions pages ask of the kinds (`changes & {PLAN, UNITS}`, `changes - {…}`)
    def __and__(self, other) -> set[str]:
        return set(self.kinds) & set(other)

    __rand__ = __and__

    def __sub__(self, other) -> set[str]:
        return set(self.kinds) - set(other)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return ALL in self.kinds or any(kind in self.kinds for kind in kinds)

    @property
    def empty(self) -> bool:
        return not self.kinds

    def to_json(self) -> dict:
        return {"label": self.label, "kinds": sorted(self.kinds),
                "ids": {kind: sorted(ids) for kind, ids in sorted(self.ids.items())},
                "operation": self.operation_id}
