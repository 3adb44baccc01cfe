"""Who has reported for a period (填报情况) and who must be chased (催报).

A unit owes one entry (with a 完成状态) for every task it leads, cooperates on or is responsible for, and a
value for every target assigned to it in the periods in which targets are reported (the schedule's
indicator_kind: half-yearly targets are owed in the Q2 and Q4 reports).

An entry a unit returned exactly as its form pre-filled it from the period before, without choosing 本期无新进展,
counts as reported but apart: 已报·无变化 (db/entry_flags.py). A unit whose answers are all in but some of them
unchanged is 已报·无变化, not 已报齐.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db import queries
from db.entry_flags import SAME_LABEL as UNCHANGED_STATE, unchanged_entries
from db.schedule import get_schedule, indicator_period_due
from db.vocabulary import chinese_date


@dataclass
class UnitReport:
    unit_id: int
    name: str
    short_name: str | None
    contact: str | None
    phone: str | None
    tasks_owed: list[dict] = field(default_factory=list)       # {task_id, number, title, role_label}
    tasks_reported: list[dict] = field(default_factory=list)   # … plus updated_at
    targets_owed: list[dict] = field(default_factory=list)     # {indicator_id, name}
    targets_reported: list[dict] = field(default_factory=list)
    last_reported_at: str | None = None
    tasks_unchanged: list[dict] = field(default_factory=list)  # reported, but 已报·无变化 (subset of tasks_reported)

    @property
    def missing_tasks(self) -> list[dict]:
        done = {t["task_id"] for t in self.tasks_reported}
        return [t for t in self.tasks_owed if t["task_id"] not in done]

    @property
    def missing_targets(self) -> list[dict]:
        done = {t["indicator_id"] for t in self.targets_reported}
        return [t for t in self.targets_owed if t["indicator_id"] not in done]

    @property
    def complete(self) -> bool:
        return not self.missing_tasks and not self.missing_targets

    @property
    def reported_any(self) -> bool:
        return bool(self.tasks_reported or self.targets_reported)

    @property
    def complete_with_news(self) -> bool:
        """已报齐: everything owed is in and no entry is a mere copy of last period's."""
        return self.complete and not self.tasks_unchanged

    @property
    def state(self) -> str:
        """未填报 / 未报全 / 已报·无变化 / 已报齐 (one word per unit, as the dashboard and the 表格收发 page show)."""
        if self.complete:
            return UNCHANGED_STATE if self.tasks_unchanged else "已报齐"
        return "未报全" if self.reported_any else "未填报"

    def missing_text(self) -> str:
        """'任务4、5、7；指标：有效发明专利量' — what a 催报单 lists."""
        parts = []
        if self.missing_tasks:
            parts.append("任务" + "、".join(t["number"] or t["title"] for t in self.missing_tasks))
        if self.missing_targets:
            parts.append("指标：" + "、".join(t["name"] for t in self.missing_targets))
        return "；".join(parts)


def period_completeness(ledger, plan_id: int, period_id: int) -> list[UnitReport]:
    """Every unit that owes something for the period, in the plan's order, with what it reported and when."""
    period = dict(ledger.row("SELECT * FROM periods WHERE id = ?", (period_id,)))
    targets_due = indicator_period_due(get_schedule(ledger, plan_id).indicator_kind, period)
    reports: dict[int, UnitReport] = {}
    for unit in queries.units_with_tasks(ledger, plan_id):
        reports[unit["id"]] = UnitReport(unit["id"], unit["name"], unit["short_name"], unit["contact"], unit["phone"])
    entries = queries.entries_for_period(ledger, plan_id, period_id)
    unchanged = unchanged_entries(ledger, period_id)
    for task in queries.tasks(ledger, plan_id):
        for unit in task["units"]:
            report = reports[unit["unit_id"]]
            item = {"task_id": task["id"], "number": task["number"] or "", "title": task["title"],
                    "role_label": unit["role_label"]}
            report.tasks_owed.append(item)
            entry = entries.get((task["id"], unit["unit_id"]))
            if entry and entry.get("status"):
                report.tasks_reported.append({**item, "updated_at": entry.get("updated_at")})
                if (task["id"], unit["unit_id"]) in unchanged:
                    report.tasks_unchanged.append(item)
                _note_time(report, entry.get("updated_at"))
    if targets_due:
        values = {r["indicator_id"]: dict(r) for r in ledger.rows(
            "SELECT indicator_id, value, updated_at FROM indicator_values WHERE period_id = ? AND value IS NOT NULL",
            (period_id,))}
        for indicator in queries.indicators(ledger, plan_id):
            unit_id = indicator.get("unit_id")
            if unit_id is None:
                continue
            if unit_id not in reports:
                row = ledger.row("SELECT id, name, short_name, contact, phone FROM units WHERE id = ?", (unit_id,))
                reports[unit_id] = UnitReport(row["id"], row["name"], row["short_name"], row["contact"], row["phone"])
            item = {"indicator_id": indicator["id"], "name": indicator["name"]}
            reports[unit_id].targets_owed.append(item)
            if indicator["id"] in values:
                reports[unit_id].targets_reported.append({**item, "updated_at": values[indicator["id"]]["updated_at"]})
                _note_time(reports[unit_id], values[indicator["id"]]["updated_at"])
    return list(reports.values())


def _note_time(report: UnitReport, when: str | None) -> None:
    if when and (report.last_reported_at is None or when > report.last_reported_at):
        report.last_reported_at = when


@dataclass
class ChaseItem:
    """One line of a 催报单."""
    unit_id: int
    unit: str
    contact: str
    phone: str
    missing: str
    missing_count: int
    owed_count: int
    days_overdue: int          # days past the period's due date (0 when not yet due)
    due: date | None
    reported_any: bool

    @property
    def overdue_text(self) -> str:
        if self.due is None:
            return "未设截止日期"
        if self.days_overdue > 0:
            return f"逾期{self.days_overdue}天"
        return "未到截止日期"


def chase_list(ledger, plan_id: int, period_id: int, *, today: date | None = None,
               reports: list[UnitReport] | None = None) -> list[ChaseItem]:
    """Units that have not reported everything they owe for the period, those that sent nothing and those missing
    most first. `reports`: period_completeness's result, when the caller has it already."""
    today = today or ledger.today()
    due_text = ledger.scalar("SELECT due FROM periods WHERE id = ?", (period_id,))
    due = date.fromisoformat(due_text) if due_text else None
    overdue = max(0, (today - due).days) if due else 0
    items = []
    for report in reports if reports is not None else period_completeness(ledger, plan_id, period_id):
        if report.complete:
            continue
        missing = len(report.missing_tasks) + len(report.missing_targets)
        items.append(ChaseItem(report.unit_id, report.name, report.contact or "", report.phone or "",
                               report.missing_text(), missing, len(report.tasks_owed) + len(report.targets_owed),
                               overdue, due, report.reported_any))
    items.sort(key=lambda item: (item.reported_any, -item.missing_count))
    return items


def reporting_rate(reports: list[UnitReport]) -> tuple[int, int]:
    """(units that reported everything with this period's own answers (已报齐), units that owe something)."""
    owing = [r for r in reports if r.tasks_owed or r.targets_owed]
    return sum(1 for r in owing if r.complete_with_news), len(owing)


def unchanged_units(reports: list[UnitReport]) -> int:
    """Units whose answers are all in but some are last period's, returned untouched (已报·无变化)."""
    return sum(1 for r in reports if r.complete and r.tasks_unchanged)


@dataclass
class ChaseNotice:
    """What a 催报单 says: the plan, the period and its due date, the day of the notice, the bureau, the list."""
    plan_title: str
    doc_number: str
    period_key: str
    period_name: str
    due: date | None
    as_of: date
    bureau: str
    county: str
    items: list[ChaseItem]
    units_owing: int

    @property
    def title(self) -> str:
        return f"关于催报{self.period_name}{programme_words(self.plan_title)}任务进展情况的通知"

    def body(self) -> str:
        """The notice's paragraph, with the full-width punctuation of official documents."""
        plan = f"《{self.plan_title}》" + (f"（{self.doc_number}）" if self.doc_number else "")
        due = f"应于{chinese_date(self.due)}前报送" if self.due else "应按期报送"
        return (f"根据{plan}要求，各责任单位{self.period_name}工作进展和指标数据{due}。截至{chinese_date(self.as_of)}，"
                f"以下{len(self.items)}个单位尚未报送或未报全，请于收到本通知后3个工作日内补报；"
                "确有困难的，请及时与我局联系说明情况。")




PROGRAMMES = (("强县", "知识产权强县建设"), ("强市", "知识产权强市建设"), ("强省", "知识产权强省建设"),
              ("示范城市", "知识产权示范城市建设"), ("示范县", "知识产权示范县建设"))


def programme_words(plan_title: str) -> str:
    """What the plan's programme is called in a notice: 知识产权强县建设 for a 强县 plan, 知识产权示范城市建设 for a
    示范城市 plan, else 知识产权工作."""
    return next((words for word, words in PROGRAMMES if word in (plan_title or "")), "知识产权工作")


def chase_notice(ledger, plan_id: int, period_id: int) -> ChaseNotice:
    plan = ledger.row("SELECT title, doc_number FROM plans WHERE id = ?", (plan_id,))
    period = ledger.row("SELECT key, name, due FROM periods WHERE id = ?", (period_id,))
    items = chase_list(ledger, plan_id, period_id)
    _, owing = reporting_rate(period_completeness(ledger, plan_id, period_id))
    return ChaseNotice(plan["title"], plan["doc_number"] or "", period["key"], period["name"],
                       date.fromisoformat(period["due"]) if period["due"] else None, ledger.today(),
                       ledger.setting("bureau", "") or "", ledger.setting("county", "") or "", items, owing)
