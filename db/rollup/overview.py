"""What the city sees: one row per county for a period, a county's own plan as it sent it, the indicators several
counties share with the city total where summing is valid, and the 通报 ranking.

The figures per county are the county's own (`ipledger status` rules, computed at the county when the package
was made and shipped signed in the package); the city adds only timeliness (the package's date against the city's
due date for the period) and the cross-county tables.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta

from db.periods import parse_period_key
from db.rollup.matching import summable
from db.vocabulary import STATUSES

DUE_DAYS_SETTING = "rollup_due_days"   # the city's due date: this many days after a period ends
DEFAULT_DUE_DAYS = 15


def period_keys(ledger) -> list[str]:
    """The periods any county has reported, newest first."""
    return [r[0] for r in ledger.rows(
        "SELECT DISTINCT period_key FROM rollup_packages WHERE state = 'current' ORDER BY period_key DESC")]


def latest_period_key(ledger) -> str | None:
    keys = period_keys(ledger)
    return keys[0] if keys else None


def due_date(ledger, period_key: str) -> date:
    try:
        days = int(ledger.setting(DUE_DAYS_SETTING, str(DEFAULT_DUE_DAYS)))
    except ValueError:
        days = DEFAULT_DUE_DAYS
    return parse_period_key(period_key).end + timedelta(days=days)


@dataclass
class CountyRow:
    county_id: int
    name: str
    code: str | None
    package_id: int | None = None
    created_at: str | None = None
    imported_at: str | None = None
    figures: dict = field(default_factory=dict)     # the county's `status` figures for the period
    days_late: int | None = None                    # None when not reported; 0 when on time
    targets: list[dict] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        return self.package_id is not None

    @property
    def completeness(self) -> float | None:
        expected = self.figures.get("entries_expected")
        return None if not self.reported or not expected else self.figures.get("entries_reported", 0) / expected

    @property
    def red_lights(self) -> int | None:
        return (self.figures.get("lights") or {}).get("red") if self.reported else None

    @property
    def target_progress(self) -> float | None:
        """The mean share of the way from baseline to target over the targets with a value (0–1)."""
        shares = [t["actual_share"] for t in self.targets if t.get("actual_share") is not None]
        return sum(shares) / len(shares) if shares else None

    def status_json(self) -> dict:
        """`rollup-status` per county: the county's `status` figures, plus when it reported."""
        keys = ("tasks", "by_status", "lights", "overdue_tasks", "units", "units_reported", "entries_expected",
                "entries_reported", "entries_unchanged")
        figures = {key: self.figures.get(key) if self.reported else None for key in keys}
        if self.reported:   # the package's JSON has sorted keys: back to the order `status` prints
            figures["by_status"] = {status: (self.figures.get("by_status") or {}).get(status, 0) for status in STATUSES}
            figures["lights"] = {light: (self.figures.get("lights") or {}).get(light, 0)
                                 for light in ("red", "yellow", "green")}
        # the contract's keys first (../shared/CLI.md), then the rest of `status` and the city's own
        return {"name": self.name, "reported": self.reported, "at": self.created_at, **figures, "code": self.code,
                "imported_at": self.imported_at, "days_late": self.days_late}


def overview(ledger, period_key: str) -> list[CountyRow]:
    """Every county the roll-up ledger knows, reported for `period_key` or not, in name order (codes first)."""
    due = due_date(ledger, period_key)
    rows = {r["id"]: CountyRow(r["id"], r["name"], r["code"]) for r in ledger.rows(
        "SELECT id, name, code FROM rollup_counties ORDER BY code IS NULL, code, name")}
    for r in ledger.rows("SELECT id, county_id, created_at, imported_at, figures FROM rollup_packages"
                         " WHERE period_key = ? AND state = 'current'", (period_key,)):
        row = rows[r["county_id"]]
        row.package_id, row.created_at, row.imported_at = r["id"], r["created_at"], r["imported_at"]
        row.figures = json.loads(r["figures"])
        row.days_late = max(0, (date.fromisoformat(r["created_at"][:10]) - due).days)
    by_package = {row.package_id: row for row in rows.values() if row.reported}
    for r in ledger.rows("SELECT i.* FROM rollup_indicators i JOIN rollup_packages p ON p.id = i.package_id"
                         " WHERE p.period_key = ? AND p.state = 'current' ORDER BY i.package_id, i.position",
                         (period_key,)):
        by_package[r["package_id"]].targets.append(dict(r))
    return list(rows.values())


def county_package_data(ledger, county_id: int, period_key: str) -> dict | None:
    """The county's plan, tasks, units, entries and figures as it sent them for the period (read-only)."""
    row = ledger.row("SELECT f.content FROM rollup_packages p JOIN rollup_package_files f ON f.package_id = p.id"
                     " WHERE p.county_id = ? AND p.period_key = ? AND p.state = 'current'", (county_id, period_key))
    if row is None:
        return None
    with zipfile.ZipFile(io.BytesIO(row["content"])) as archive:
        return json.loads(archive.read("data.json"))


def county_view(ledger, county_id: int, period_key: str) -> dict | None:
    """The county's plan heading, tasks, units and targets as stored at import (db.rollup.county_view)."""
    row = ledger.row("SELECT view FROM rollup_packages WHERE county_id = ? AND period_key = ? AND state = 'current'",
                     (county_id, period_key))
    return json.loads(row["view"]) if row is not None else None


@dataclass
class SharedIndicator:
    """One indicator several counties share, matched by normalised name and measure unit."""
    match_key: str
    name: str
    measure_unit: str | None
    summable: bool
    position: int = 0                                       # its place in the first county's plan
    values: dict[int, dict] = field(default_factory=dict)   # county_id -> {latest, target, state, light, period}

    @property
    def total(self) -> float | None:
        """The city total of the latest values, where summing is valid and at least one county has a value."""
        found = [v["latest"] for v in self.values.values() if v.get("latest") is not None]
        return sum(found) if self.summable and found else None

    @property
    def target_total(self) -> float | None:
        found = [v["target"] for v in self.values.values() if v.get("target") is not None]
        return sum(found) if self.summable and found else None

    @property
    def reported_count(self) -> int:
        return sum(1 for v in self.values.values() if v.get("latest") is not None)


def shared_indicators(ledger, period_key: str, rows: list[CountyRow] | None = None, *,
                      min_counties: int = 2) -> list[SharedIndicator]:
    """Indicators held by at least `min_counties` counties, most widely shared first, then in plan order."""
    rows = rows if rows is not None else overview(ledger, period_key)
    found: dict[str, SharedIndicator] = {}
    for row in rows:
        for target in row.targets:
            item = found.get(target["match_key"])
            if item is None:
                item = found[target["match_key"]] = SharedIndicator(
                    target["match_key"], target["name"], target["measure_unit"],
                    summable(target["name"], target["measure_unit"]), target["position"])
            item.values.setdefault(row.county_id, {
                "latest": target["latest"], "target": target["target"], "state": target["state"],
                "light": target["light"], "period": target["latest_period"]})
    shared = [item for item in found.values() if len(item.values) >= min_counties]
    shared.sort(key=lambda item: (-len(item.values), item.position, item.name))
    return shared


@dataclass
class RankRow:
    rank: int
    row: CountyRow

    @property
    def timeliness_text(self) -> str:
        if not self.row.reported:
            return "未报送"
        return "按时" if not self.row.days_late else f"逾期{self.row.days_late}天"


RANKING_RULE = ("排名依次比较：报送及时性（未报送排最后，逾期天数少者在前）、填报完整率（高者在前）、"
                "红灯任务数（少者在前）、指标平均推进度（高者在前）；各项相同者并列。")


def ranking(ledger, period_key: str, rows: list[CountyRow] | None = None) -> list[RankRow]:
    """The 通报 ranking (RANKING_RULE); counties tied on every criterion share a rank."""
    rows = rows if rows is not None else overview(ledger, period_key)

    def key(row: CountyRow):
        if not row.reported:
            return (1, 0, 0.0, 0, 0.0)
        return (0, row.days_late or 0, -(row.completeness or 0.0), row.red_lights or 0, -(row.target_progress or 0.0))

    ordered = sorted(rows, key=lambda row: (key(row), row.code or "", row.name))
    result: list[RankRow] = []
    for index, row in enumerate(ordered):
        tied = result and key(result[-1].row) == key(row)
        result.append(RankRow(result[-1].rank if tied else index + 1, row))
    return result
