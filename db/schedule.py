"""A plan's reporting schedule (填报周期): how often units report and when each report is due.

The schedule is one row per plan (table `schedules`): the period kind (月度/季度/半年/年度), the due rule as
the clerk writes it ("季后5日内", "期满后10日内", "12月20日", "季末月25日前") and how often targets
(指标) are reported. `generate_periods` creates the periods over the plan's span with db.periods.add_period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from db.deadlines import CHINESE_NUMBERS, plan_dates
from db.errors import ValidationError
from db.periods import is_open
from db.periods import (KIND_HALF, KIND_LABELS, KIND_MONTH, KIND_QUARTER, KIND_YEAR, DEFAULT_DUE_DAYS, add_period,
                        days_in_month, list_periods, parse_period_key, period_keys_between, set_period_due)

SCHEDULE_KINDS = (KIND_MONTH, KIND_QUARTER, KIND_HALF, KIND_YEAR)
DEFAULT_KIND = KIND_QUARTER
DEFAULT_RULE = f"期满后{DEFAULT_DUE_DAYS}日内"
DEFAULT_INDICATOR_KIND = KIND_HALF
AFTER_WORD = {KIND_MONTH: "月后", KIND_QUARTER: "季后", KIND_HALF: "半年后", KIND_YEAR: "年后"}
RULE_EXAMPLES = "季后5日内、期满后10日内、12月20日、季末月25日前"

_N = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
_AFTER = re.compile(r"^(?:每)?(?:季度?|月度?|半年|年度?|期满|期末|报告期)?(?:结束)?后" + _N + r"(?:日|天)(?:内|前|之内)?$")
_FIXED = re.compile(r"^(?:每年)?(\d{1,2})月(\d{1,2})日(?:前|之前|内)?$")
_LAST_MONTH_DAY = re.compile(r"^(?:每)?(?:季度?|半年|年度?|期|当月|月)末?月?(\d{1,2})日(?:前|之前|内)?$")


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in CHINESE_NUMBERS:
        return CHINESE_NUMBERS[text]
    if len(text) == 2 and text[1] == "十":              # 二十
        return CHINESE_NUMBERS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":              # 二十五
        return CHINESE_NUMBERS[text[0]] * 10 + CHINESE_NUMBERS[text[2]]
    if len(text) == 2 and text[0] == "十":              # 十五
        return 10 + CHINESE_NUMBERS[text[1]]
    raise ValueError(text)


@dataclass(frozen=True)
class DueRule:
    """When a period's report is due: N days after its end, or a fixed day (M月D日 for yearly periods,
    day D of the period's last month otherwise)."""
    days_after_end: int | None = None
    day: int | None = None
    month: int | None = None

    def due_for(self, start: date, end: date) -> date:
        if self.days_after_end is not None:
            return end + timedelta(days=self.days_after_end)
        if self.month is not None:
            # 12月20日 for the year 2025 → 2025-12-20; 1月15日 for 2025 → 2026-01-15 (after the year ends).
            year = end.year
            due = date(year, self.month, min(self.day, days_in_month(year, self.month)))
            if due < date(end.year, end.month, 1):
                year += 1
                due = date(year, self.month, min(self.day, days_in_month(year, self.month)))
            return due
        return date(end.year, end.month, min(self.day, days_in_month(end.year, end.month)))

    def label(self, kind: str | None = None) -> str:
        if self.days_after_end is not None:
            return f"{AFTER_WORD.get(kind, '期满后')}{self.days_after_end}日内"
        if self.month is not None:
            return f"{self.month}月{self.day}日前"
        return f"期末月{self.day}日前"


def parse_due_rule(text: str) -> DueRule:
    """'季后5日内' → 5 days after the end; '12月20日' → fixed date; '季末月25日前' → day 25 of the last month."""
    written = re.sub(r"\s+", "", str(text or ""))
    problem = ValidationError(f"截止规则“{text}”无法识别。请写成 {RULE_EXAMPLES} 这样的形式。", "截止规则")
    if match := _AFTER.match(written):
        try:
            days = _count(match[1])
        except (ValueError, KeyError):
            raise problem from None
        if not 0 <= days <= 180:
            raise ValidationError(f"截止规则“{text}”中的天数应在0到180之间。", "截止规则")
        return DueRule(days_after_end=days)
    if match := _FIXED.match(written):
        month, day = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 1 <= day <= days_in_month(2024, month)):
            raise ValidationError(f"截止规则“{text}”中的日期不存在。", "截止规则")
        return DueRule(day=day, month=month)
    if match := _LAST_MONTH_DAY.match(written):
        day = int(match[1])
        if not 1 <= day <= 31:
            raise ValidationError(f"截止规则“{text}”中的日期不存在。", "截止规则")
        return DueRule(day=day)
    raise problem


@dataclass(frozen=True)
class Schedule:
    plan_id: int
    kind: str
    due_rule: str
    indicator_kind: str
    stored: bool

    @property
    def rule(self) -> DueRule:
        return parse_due_rule(self.due_rule)

    def describe(self) -> str:
        return (f"{KIND_LABELS[self.kind]}填报，{self.due_rule}报送；"
                f"指标{KIND_LABELS[self.indicator_kind]}填报")


def get_schedule(ledger, plan_id: int) -> Schedule:
    """The stored schedule, else one guessed from the plan's periods (quarterly, 期满后5日内 by default)."""
    row = ledger.row("SELECT * FROM schedules WHERE plan_id = ?", (plan_id,))
    if row is not None:
        return Schedule(plan_id, row["kind"], row["due_rule"], row["indicator_kind"], True)
    kinds = [p["kind"] for p in list_periods(ledger, plan_id) if p["kind"] in SCHEDULE_KINDS]
    kind = max(set(kinds), key=kinds.count) if kinds else DEFAULT_KIND
    return Schedule(plan_id, kind, DEFAULT_RULE, DEFAULT_INDICATOR_KIND, False)


def set_schedule(ledger, plan_id: int, kind: str, due_rule: str, indicator_kind: str | None = None) -> Schedule:
    if kind not in SCHEDULE_KINDS:
        raise ValidationError(f"填报周期“{kind}”不在可选范围内（月度、季度、半年、年度）。", "填报周期")
    indicator_kind = indicator_kind or DEFAULT_INDICATOR_KIND
    if indicator_kind not in SCHEDULE_KINDS:
        raise ValidationError(f"指标填报周期“{indicator_kind}”不在可选范围内（月度、季度、半年、年度）。", "指标填报周期")
    rule_text = re.sub(r"\s+", "", due_rule or "")
    parse_due_rule(rule_text)
    with ledger.transaction():
        old = get_schedule(ledger, plan_id)
        ledger.conn.execute(
            "INSERT INTO schedules (plan_id, kind, due_rule, indicator_kind, updated_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(plan_id) DO UPDATE SET kind = excluded.kind, due_rule = excluded.due_rule,"
            " indicator_kind = excluded.indicator_kind, updated_at = excluded.updated_at",
            (plan_id, kind, rule_text, indicator_kind, ledger.now()))
        new = Schedule(plan_id, kind, rule_text, indicator_kind, True)
        if not old.stored or old.describe() != new.describe():
            ledger.audit("设置填报周期", "schedule", plan_id, plan_id=plan_id, field="schedule",
                         old=old.describe() if old.stored else None, new=new.describe())
    return new


def reporting_span(ledger, plan_id: int) -> tuple[date, date] | None:
    """From the later of the plan's start and its issue date (no report is due for time before the plan
    was issued) to the plan's end."""
    dates = plan_dates(ledger, plan_id)
    if dates.start is None or dates.end is None:
        return None
    start = dates.start
    issued = ledger.scalar("SELECT doc_date FROM plans WHERE id = ?", (plan_id,))
    if issued:
        try:
            start = max(start, date.fromisoformat(str(issued)[:10]))
        except ValueError:
            pass
    return start, dates.end


def generate_periods(ledger, plan_id: int, *, update_due: bool = False) -> dict:
    """Create the schedule's missing periods over the plan's span; with `update_due`, also re-set the due
    dates of existing periods of that kind to the rule. Returns {"created": [keys], "updated": [keys]}."""
    schedule = get_schedule(ledger, plan_id)
    span = reporting_span(ledger, plan_id)
    if span is None:
        raise ValidationError("方案没有写明起止年份或阶段时间，无法生成报告期。请先在方案中填写起止年份，"
                              "或逐个添加报告期。", "方案期限")
    rule = schedule.rule
    existing = {p["key"]: p for p in list_periods(ledger, plan_id)}
    created, updated = [], []
    with ledger.transaction():
        if not schedule.stored:
            set_schedule(ledger, plan_id, schedule.kind, schedule.due_rule, schedule.indicator_kind)
        for key in period_keys_between(schedule.kind, *span):
            spec = parse_period_key(key)
            due = rule.due_for(spec.start, spec.end)
            if key not in existing:
                add_period(ledger, plan_id, key, due=due)
                created.append(key)
            elif update_due and is_open(existing[key]) and set_period_due(ledger, existing[key]["id"], due):
                updated.append(key)
    return {"created": created, "updated": updated}


def indicator_period_due(kind: str, period: dict) -> bool:
    """Whether targets are reported in this period: its end is the end of a period of `kind`
    (e.g. half-yearly targets are due in the Q2 and Q4 reports, not in Q1 and Q3)."""
    end = date.fromisoformat(period["end"])
    if period.get("kind") == "adhoc" or end.day != days_in_month(end.year, end.month):
        return False
    return {KIND_MONTH: True, KIND_QUARTER: end.month % 3 == 0, KIND_HALF: end.month % 6 == 0,
            KIND_YEAR: end.month == 12}[kind]
