"""Reporting periods: the keys (2025, 2025H1, 2025Q3, 2025-07), their names, spans and due dates.

One module owns the period rules; everything else asks it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from db.typed_records import Period
from db.errors import NotFoundError, ValidationError
from db.vocabulary import PERIOD_CLOSED, PERIOD_OPEN, PERIOD_STATES, chinese_date

KIND_YEAR, KIND_HALF, KIND_QUARTER, KIND_MONTH, KIND_ADHOC = "year", "half", "quarter", "month", "adhoc"
KIND_LABELS = {KIND_YEAR: "年度", KIND_HALF: "半年", KIND_QUARTER: "季度", KIND_MONTH: "月度", KIND_ADHOC: "临时"}
DEFAULT_DUE_DAYS = 5  # 期满后5日内报送
QUARTER_LABELS = ("一季度", "二季度", "三季度", "四季度")  # the timeline's quarter marks

_KEY = re.compile(r"^(?P<year>\d{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class PeriodSpec:
    key: str
    kind: str
    name: str
    start: date
    end: date

    def default_due(self, days: int = DEFAULT_DUE_DAYS) -> date:
        return self.end + timedelta(days=days)


def month_end(year: int, month: int) -> date:
    """The last day of a month (calendar.monthrange without importing calendar and locale at start-up)."""
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


def days_in_month(year: int, month: int) -> int:
    return month_end(year, month).day


def parse_period_key(key: str) -> PeriodSpec:
    """'2025Q3' → PeriodSpec(2025Q3, quarter, 2025年第3季度, 2025-07-01, 2025-09-30)."""
    text = (key or "").strip().upper()
    match = _KEY.match(text)
    if not match:
        raise ValidationError(
            f"报告期“{key}”的写法不对。请写成 2025（年度）、2025H1（半年）、2025Q3（季度）或 2025-07（月度）。", "报告期")
    year = int(match["year"])
    if match["half"]:
        half = int(match["half"][1])
        start, end = date(year, 1 + 6 * (half - 1), 1), month_end(year, 6 * half)
        return PeriodSpec(text, KIND_HALF, f"{year}年{'上' if half == 1 else '下'}半年", start, end)
    if match["quarter"]:
        quarter = int(match["quarter"][1])
        start, end = date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)
        return PeriodSpec(text, KIND_QUARTER, f"{year}年第{quarter}季度", start, end)
    if match["month"]:
        month = int(match["month"])
        return PeriodSpec(text, KIND_MONTH, f"{year}年{month}月", date(year, month, 1), month_end(year, month))
    return PeriodSpec(text, KIND_YEAR, f"{year}年度", date(year, 1, 1), date(year, 12, 31))


def period_name_of_key(key: str | None) -> str:
    """A period key as the clerk reads it: '2026Q3' → '2026年第3季度' (the key itself if it is not one)."""
    try:
        return parse_period_key(key or "").name
    except ValidationError:
        return key or ""


def period_keys_between(kind: str, first: date, last: date) -> list[str]:
    """All period keys of one kind whose span touches [first, last], in order."""
    keys: list[str] = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        if kind == KIND_MONTH:
            keys.append(f"{year}-{month:02d}")
        elif kind == KIND_QUARTER:
            keys.append(f"{year}Q{(month - 1) // 3 + 1}")
        elif kind == KIND_HALF:
            keys.append(f"{year}H{1 if month <= 6 else 2}")
        elif kind == KIND_YEAR:
            keys.append(str(year))
        else:
            raise ValidationError(f"不认识的报告期类型“{kind}”。", "报告期")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return list(dict.fromkeys(keys))


# ----- stored periods ----------------------------------------------------------------------

def add_period(ledger, plan_id: int, key: str, *, due: date | None = None, name: str | None = None) -> int:
    spec = parse_period_key(key)
    with ledger.transaction():
        if ledger.row("SELECT id FROM periods WHERE plan_id = ? AND key = ?", (plan_id, spec.key)):
            raise ValidationError(f"报告期 {spec.key}（{spec.name}）已经存在。", "报告期")
        due = due or spec.default_due()
        cursor = ledger.conn.execute(
            "INSERT INTO periods (plan_id, key, name, kind, start, end, due, state) VALUES (?,?,?,?,?,?,?,?)",
            (plan_id, spec.key, name or spec.name, spec.kind, spec.start.isoformat(), spec.end.isoformat(),
             due.isoformat(), PERIOD_OPEN))
        period_id = cursor.lastrowid
        ledger.audit("新增报告期", "period", period_id, plan_id=plan_id, period_id=period_id, new=spec.key)
    return period_id


def list_periods(ledger, plan_id: int) -> list[Period]:
    return [Period.from_row(row) for row in ledger.rows(
        "SELECT id, key, name, kind, start, end, due, state FROM periods WHERE plan_id = ? ORDER BY start, end DESC, key",
        (plan_id,))]


def get_period(ledger, plan_id: int, key: str) -> Period:
    row = ledger.row("SELECT id, key, name, kind, start, end, due, state FROM periods WHERE plan_id = ? AND key = ?",
                     (plan_id, key.strip().upper()))
    if row is None:
        keys = "、".join(p["key"] for p in list_periods(ledger, plan_id)) or "（尚无报告期）"
        raise NotFoundError(f"找不到报告期“{key}”。现有报告期：{keys}。")
    return Period.from_row(row)


def period_by_id(ledger, period_id: int) -> Period | None:
    row = ledger.row("SELECT id, plan_id, key, name, kind, start, end, due, state FROM periods WHERE id = ?",
                     (period_id,))
    return Period.from_row(row) if row else None


def current_period(ledger, plan_id: int, today: date | None = None) -> Period | None:
    """The period the bureau is collecting: the latest one that has ended by today
    (its returns are due now); before any period has ended, the first one."""
    today = today or ledger.today()
    periods = list_periods(ledger, plan_id)
    ended = [p for p in periods if p["end"] < today.isoformat()]
    if ended:
        return max(ended, key=lambda p: (p["end"], p["start"]))
    return periods[0] if periods else None


def set_period_state(ledger, period_id: int, state: str) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT plan_id, state FROM periods WHERE id = ?", (period_id,))
        if row is None:
            raise NotFoundError("找不到该报告期。")
        if row["state"] == state:
            return
        ledger.conn.execute("UPDATE periods SET state = ? WHERE id = ?", (state, period_id))
        ledger.audit("关闭报告期" if state == PERIOD_CLOSED else "重新开放报告期", "period", period_id,
                     plan_id=row["plan_id"], period_id=period_id, field="state", old=row["state"], new=state)


# ----- ad-hoc periods and due dates (issue 6) ---------------------------------------------------

ADHOC_KEY = re.compile(r"^(?P<year>\d{4})T(?P<number>\d+)$")  # 2025T1: the first 临时 period starting in 2025


def _as_date(value, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label}“{value}”不是有效日期。请写成 2025-07-15 这样的形式。", label) from None


def add_adhoc_period(ledger, plan_id: int, name: str, start, end, due=None) -> int:
    """A 临时 period with the clerk's own name and dates (e.g. 专项督查 2025-07-15 至 2025-08-31).

    Its key is the start year, "T" and a running number (2025T1), so `--period 2025T1` finds it.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写临时报告期的名称，例如“2025年专项督查”。", "名称")
    if len(name) > 60:
        raise ValidationError(f"报告期名称过长（{len(name)}字），请不超过60字。", "名称")
    start, end = _as_date(start, "开始日期"), _as_date(end, "结束日期")
    if end < start:
        raise ValidationError(f"结束日期 {chinese_date(end)} 早于开始日期 {chinese_date(start)}。请检查日期。", "结束日期")
    due = _as_date(due, "截止日期") if due else end + timedelta(days=DEFAULT_DUE_DAYS)
    if due < start:
        raise ValidationError(f"截止日期 {chinese_date(due)} 早于开始日期 {chinese_date(start)}。请检查日期。", "截止日期")
    with ledger.transaction():
        if ledger.scalar("SELECT id FROM periods WHERE plan_id = ? AND name = ?", (plan_id, name)):
            raise ValidationError(f"已有名为“{name}”的报告期。请换一个名称。", "名称")
        numbers = [int(m["number"]) for (key,) in ledger.rows("SELECT key FROM periods WHERE plan_id = ?", (plan_id,))
                   if (m := ADHOC_KEY.match(key)) and int(m["year"]) == start.year]
        key = f"{start.year}T{max(numbers, default=0) + 1}"
        cursor = ledger.conn.execute(
            "INSERT INTO periods (plan_id, key, name, kind, start, end, due, state) VALUES (?,?,?,?,?,?,?,?)",
            (plan_id, key, name, KIND_ADHOC, start.isoformat(), end.isoformat(), due.isoformat(), PERIOD_OPEN))
        period_id = cursor.lastrowid
        ledger.audit("新增报告期", "period", period_id, plan_id=plan_id, period_id=period_id, new=f"{key} {name}")
    return period_id


def set_period_due(ledger, period_id: int, due) -> bool:
    """Change a period's 截止日期; returns whether it changed."""
    due = _as_date(due, "截止日期")
    with ledger.transaction():
        row = ledger.row("SELECT plan_id, start, due, name FROM periods WHERE id = ?", (period_id,))
        if row is None:
            raise NotFoundError("找不到该报告期。")
        if due.isoformat() < row["start"]:
            raise ValidationError(f"{row['name']}的截止日期 {chinese_date(due)} 早于该期开始日期 {chinese_date(row['start'])}。"
                                  "请检查日期。", "截止日期")
        if row["due"] == due.isoformat():
            return False
        ledger.conn.execute("UPDATE periods SET due = ? WHERE id = ?", (due.isoformat(), period_id))
        ledger.audit("修改截止日期", "period", period_id, plan_id=row["plan_id"], period_id=period_id, field="due",
                     old=row["due"], new=due.isoformat())
    return True


def period_kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


# ----- period states and how a clerk reads them (one owner) -------------------------------------------

def is_closed(period: dict | None) -> bool:
    """Whether a period (a row of list_periods/get_period) is closed: no more entries."""
    return period is not None and period["state"] == PERIOD_CLOSED


def is_open(period: dict | None) -> bool:
    return period is not None and period["state"] == PERIOD_OPEN


def period_state_label(state: str) -> str:
    """'open' → 开放, 'closed' → 已关闭."""
    return PERIOD_STATES.get(state, state)


def period_label(period: dict) -> str:
    """The name a clerk reads in a chooser: 2026年第3季度, or 2026年第3季度（已关闭）."""
    return period["name"] + ("（已关闭）" if is_closed(period) else "")


def quarter_label(quarter: int) -> str:
    """1 → 一季度 … 4 → 四季度."""
    return QUARTER_LABELS[quarter - 1]
