"""The traffic lights (红黄绿灯): the one place that knows the rules. Every light carries a Chinese explanation
for its tooltip.

Tasks (and the units answering for them), judged for a reporting period on its judgement date (see
`judgement_date`), first rule that applies wins:
  done   — the latest status is 已完成;
  red    — past its deadline (db.deadlines) and not done, or the unit reported 滞后;
  yellow — due within `warning_days` days (a ledger setting, default 30) and not done, or behind schedule:
           percent done more than BEHIND_SCHEDULE_POINTS points below the share of its time elapsed (序时进度);
  green  — on schedule (including tasks with no deadline, 长期坚持).

Units: a unit's light is its worst task's light (红灯 > 黄灯 > 绿灯 > 已完成), each task judged on the unit's own latest
report. 已完成 (blue) counts only when the unit reported it for THIS period: a task it finished earlier but has not
reported this period counts as green for the unit, so a unit that has not reported never shows 已完成. The rule is
spelled out in every unit light's explanation (UNIT_LIGHT_RULE).

Targets (指标): the expected value lies on the straight path from the baseline (at the end of its
baseline_year, else at the plan's start; without a baseline, the first reported value at the end of its period)
to the target (at the end of target_year). The latest actual is judged against the path at the end of the
period it was reported for (a June figure against where the path stood in June; with half-yearly figures,
judging it against today would call every target behind). ">=" targets are met when reached, "<=" when at or
below, "=" when equal. A target more than TARGET_BEHIND_TOLERANCE of its path behind is behind: yellow, red
once its target year is over.

Cumulative (累计) targets: the value the units enter is the running total so far (the form asks for the
当前值, the current figure, which for a 累计 target is the total since the plan began) and the path starts
from 0 at the plan's start unless a baseline is written. A ledger can instead hold per-period increments
(setting `cumulative_values` = "increments"); then the actual is the sum of the values of non-overlapping
periods up to the period judged.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from db import queries
from db.deadlines import Deadline, PlanDates, plan_dates, resolve_deadline_parts
from db.periods import period_name_of_key
from db.vocabulary import DONE as STATUS_DONE, LAGGING, NOT_STARTED, TARGET_STATE_WORDS, chinese_date

RED, YELLOW, GREEN, DONE, NONE = "red", "yellow", "green", "done", "none"
LIGHT_LABELS = {RED: "红灯", YELLOW: "黄灯", GREEN: "绿灯", DONE: STATUS_DONE, NONE: "无"}
LIGHT_COLOURS = {RED: "#d93025", YELLOW: "#f2a600", GREEN: "#1e8e3e", DONE: "#1a73e8", NONE: "#9aa0a6"}
SEVERITY = {RED: 4, YELLOW: 3, GREEN: 2, DONE: 1, NONE: 0}

DEFAULT_WARNING_DAYS = 30
WARNING_DAYS_SETTING = "warning_days"
BEHIND_SCHEDULE_POINTS = 20         # percent done this many points below the elapsed share of time → yellow
TARGET_BEHIND_TOLERANCE = 0.05      # a target this share of its whole path below the expected value → behind
CUMULATIVE_SETTING = "cumulative_values"  # "running" (default) or "increments"

TARGET_MET, TARGET_ON_TRACK, TARGET_BEHIND, TARGET_NO_DATA = "met", "on_track", "behind", "no_data"
TARGET_STATE_LABELS = {state: TARGET_STATE_WORDS[state]   # the words are db.vocabulary's
                       for state in (TARGET_MET, TARGET_ON_TRACK, TARGET_BEHIND, TARGET_NO_DATA)}




def _pct(value: float) -> str:
    return f"{value:.0f}%"


def warning_days(ledger) -> int:
    try:
        return max(0, int(ledger.setting(WARNING_DAYS_SETTING, str(DEFAULT_WARNING_DAYS))))
    except ValueError:
        return DEFAULT_WARNING_DAYS


def set_warning_days(ledger, days) -> int:
    """The clerk's 预警天数: a task due within this many days and not done shows yellow (audited)."""
    from db.errors import ValidationError

    try:
        value = int(str(days).strip())
    except ValueError:
        raise ValidationError(f"预警天数“{days}”不是整数。请填写0到365之间的天数。", "预警天数") from None
    if not 0 <= value <= 365:
        raise ValidationError(f"预警天数{value}不在0到365之间。", "预警天数")
    ledger.set_setting(WARNING_DAYS_SETTING, str(value), audited=True)
    return value


def judgement_date(ledger, plan_id: int, period: dict) -> date:
    """The day a period is judged on: today for a period not yet over and for the one being collected now (no
    later period of the same kind has ended yet); the period's last day for older ones (history stays as it
    stood). An ad-hoc 专项 period does not push the quarter before it into history."""
    today = ledger.today()
    end = period["end"]
    if date.fromisoformat(end) >= today:
        return today
    later = ledger.scalar("SELECT COUNT(*) FROM periods WHERE plan_id = ? AND kind = ? AND end > ? AND end < ?",
                          (plan_id, period["kind"], end, today.isoformat()))
    return date.fromisoformat(end) if later else today


@dataclass(frozen=True)
class Light:
    light: str
    explanation: str
    overdue: bool = False

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.light]


def judge_task(status: str | None, percent: float | None, deadline: Deadline, as_of: date,
               warn_days: int = DEFAULT_WARNING_DAYS) -> Light:
    """One task (or one unit's share of it) on `as_of`, by the rules in the module text."""
    status = status or NOT_STARTED
    due = deadline.due
    if status == STATUS_DONE:
        return Light(DONE, "已完成。")
    if due is not None and as_of > due:
        days = (as_of - due).days
        return Light(RED, f"逾期{days}天未完成：{deadline.explanation}。当前状态“{status}”。", overdue=True)
    if status == LAGGING:
        return Light(RED, f"填报状态为“滞后”。{deadline.explanation}。")
    if due is not None and (due - as_of).days <= warn_days:
        return Light(YELLOW, f"距完成时限还有{(due - as_of).days}天，尚未完成（{deadline.explanation}）。")
    expected = elapsed_share(deadline, as_of)
    done = percent if percent is not None else 0.0
    if expected is not None and done + BEHIND_SCHEDULE_POINTS < expected * 100:
        reported = _pct(done) if percent is not None else "未填报进度"
        return Light(YELLOW, f"进度落后于序时：完成进度{reported}，按时间应达{_pct(expected * 100)}"
                             f"（落后超过{BEHIND_SCHEDULE_POINTS}个百分点）。{deadline.explanation}。")
    if due is None:
        return Light(GREEN, f"正常推进。{deadline.explanation}。")
    progress = f"完成进度{_pct(done)}，" if percent is not None else ""
    shown = f"序时进度{_pct(expected * 100)}，" if expected is not None else ""
    return Light(GREEN, f"按序时推进：{progress}{shown}{deadline.explanation}。")


def elapsed_share(deadline: Deadline, as_of: date) -> float | None:
    """The share (0–1) of the task's time gone by on `as_of` (序时进度), from its start to its deadline."""
    if deadline.due is None or deadline.start is None or deadline.due <= deadline.start:
        return None
    share = (as_of - deadline.start).days / (deadline.due - deadline.start).days
    return min(1.0, max(0.0, share))


def worst(lights: list[str]) -> str:
    return max(lights, key=SEVERITY.__getitem__) if lights else NONE


@dataclass
class TaskLight:
    task_id: int
    number: str
    light: str
    explanation: str
    overdue: bool
    status: str
    percent: float | None
    due: date | None
    deadline_explanation: str


@dataclass
class PeriodLights:
    """All task and unit lights of one plan for one period."""
    as_of: date
    tasks: dict[int, TaskLight] = field(default_factory=dict)
    units: dict[int, Light] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {RED: 0, YELLOW: 0, GREEN: 0, DONE: 0}
        for item in self.tasks.values():
            counts[item.light] = counts.get(item.light, 0) + 1
        return counts

    def overdue_numbers(self) -> list[str]:
        return [item.number for item in self.tasks.values() if item.overdue]


UNIT_LIGHT_RULE = "单位灯取其承担任务中最差的一盏（红灯＞黄灯＞绿灯＞已完成）；只有本期报了“已完成”的任务才计为已完成。"


def period_lights(ledger, plan_id: int, period_id: int, *, tasks: list[dict] | None = None,
                  latest: dict | None = None) -> PeriodLights:
    """Lights of every task (by its answering unit's latest report) and every unit (its worst task)."""
    period = dict(ledger.row("SELECT * FROM periods WHERE id = ?", (period_id,)))
    as_of = judgement_date(ledger, plan_id, period)
    year = date.fromisoformat(period["end"]).year
    plan = plan_dates(ledger, plan_id)
    warn = warning_days(ledger)
    tasks = tasks if tasks is not None else queries.tasks(ledger, plan_id)
    latest = latest if latest is not None else queries.latest_reports(ledger, plan_id, period_id)
    result = PeriodLights(as_of)
    by_unit: dict[int, list[tuple[str, str, bool]]] = {}
    for task in tasks:
        deadline = resolve_deadline_parts(task.get("deadline"), task.get("phase_id"), plan, year)
        answering = queries.answering_units(task)
        entry = latest.get((task["id"], answering[0]["unit_id"])) if answering else None
        status = (entry or {}).get("status") or NOT_STARTED
        percent = (entry or {}).get("percent")
        light = judge_task(status, percent, deadline, as_of, warn)
        result.tasks[task["id"]] = TaskLight(task["id"], task.get("number") or "", light.light, light.explanation,
                                             light.overdue, status, percent, deadline.due, deadline.explanation)
        for unit in task["units"]:
            own = latest.get((task["id"], unit["unit_id"]))
            unit_light = light if unit is (answering[0] if answering else None) else judge_task(
                (own or {}).get("status"), (own or {}).get("percent"), deadline, as_of, warn)
            reported_now = bool(own) and own.get("period_key") == period["key"]
            by_unit.setdefault(unit["unit_id"], []).append((unit_light.light, task.get("number") or "", reported_now))
    for unit_id, items in by_unit.items():
        result.units[unit_id] = _unit_light(items)
    return result


def _unit_light(items: list[tuple[str, str, bool]]) -> Light:
    """The unit's worst task light (UNIT_LIGHT_RULE); a task done earlier but not reported this period is green."""
    earlier_done = [number for lit, number, now in items if lit == DONE and not now]
    items = [(GREEN if lit == DONE and not now else lit, number, now) for lit, number, now in items]
    light = worst([lit for lit, _, _ in items])
    parts = []
    for kind in (RED, YELLOW):
        numbers = [number for lit, number, _ in items if lit == kind]
        if numbers:
            parts.append(f"{LIGHT_LABELS[kind]}{len(numbers)}项（任务{'、'.join(numbers)}）")
    done = sum(1 for lit, _, _ in items if lit == DONE)
    green = sum(1 for lit, _, _ in items if lit == GREEN)
    parts += [f"绿灯{green}项"] if green else []
    parts += [f"已完成{done}项"] if done else []
    notes = []
    if not any(now for _, _, now in items):
        notes.append("本期尚未填报")
    if earlier_done:
        notes.append(f"任务{'、'.join(earlier_done)}此前已完成，本期未填报，按绿灯计")
    extra = "；".join(notes)
    return Light(light, f"{LIGHT_LABELS[light]}：承担任务{len(items)}项，" + "，".join(parts) + "。"
                 + (f"{extra}。" if extra else "") + UNIT_LIGHT_RULE)


def unit_light(lights: PeriodLights, unit_id: int) -> Light:
    """A unit's light; a unit with no tasks has none."""
    return lights.units.get(unit_id) or Light(NONE, "该单位在本方案中没有承担任务。")


# ----- targets ---------------------------------------------------------------------------------

@dataclass
class TargetLight:
    indicator_id: int
    state: str
    light: str
    explanation: str
    actual: float | None = None
    actual_period: str | None = None
    expected_now: float | None = None      # where the path stands on the judgement date
    start_value: float | None = None       # the path's start (baseline)
    actual_share: float | None = None      # 0–1 of the way from start_value to target
    expected_share: float | None = None    # 0–1 of the way on the judgement date


def _met(actual: float, target: float, comparison: str) -> bool:
    if comparison == "<=":
        return actual <= target
    if comparison == "=":
        return abs(actual - target) <= 1e-9 * max(1.0, abs(target))
    return actual >= target


def _path_share(start: date, end: date, on: date) -> float:
    if end <= start:
        return 1.0
    return min(1.0, max(0.0, (on - start).days / (end - start).days))


class Reported(NamedTuple):
    """One reported value of a target: its period's span and key, and the value."""
    start: date
    end: date
    key: str
    value: float


def judge_target(indicator: dict, values: list[Reported], as_of: date, plan: PlanDates,
                 *, increments: bool = False) -> TargetLight:
    """`values`: the target's reported values up to the period judged, ordered by period end."""
    ind_id, target, comparison = indicator["id"], indicator.get("target"), indicator.get("comparison") or ">="
    unit = indicator.get("measure_unit") or ""
    if target is None:
        return TargetLight(ind_id, TARGET_NO_DATA, NONE, "方案未写明目标值。")
    if not values:
        return TargetLight(ind_id, TARGET_NO_DATA, NONE, f"尚未填报数值（目标{_fmt(target)}{unit}）。")
    cumulative = bool(indicator.get("cumulative"))
    if cumulative and increments:
        actual, last_end = 0.0, None
        for item in values:                  # a period overlapping one already counted is skipped
            if last_end is None or item.start > last_end:
                actual, last_end = actual + item.value, item.end
        actual_end, actual_key = values[-1].end, values[-1].key
        how = f"各期新增数之和{_fmt(actual)}{unit}"
    else:
        actual_end, actual_key, actual = values[-1].end, values[-1].key, values[-1].value
        how = f"最新值{_fmt(actual)}{unit}（{actual_key}）"
    path_end = date(indicator["target_year"], 12, 31) if indicator.get("target_year") else plan.end
    baseline, baseline_year = indicator.get("baseline"), indicator.get("baseline_year")
    if baseline is not None:
        path_start = date(baseline_year, 12, 31) if baseline_year else plan.start
        start_note = f"基期值{_fmt(baseline)}{unit}"
    elif cumulative:
        baseline, path_start, start_note = 0.0, plan.start, "累计从0起算"
    else:
        path_start, baseline = values[0].end, values[0].value
        start_note = f"基期值未填写，以首次填报值{_fmt(baseline)}{unit}（{period_name_of_key(values[0].key)}）为起点"
    path_start = path_start or actual_end
    path_end = path_end or actual_end
    span = target - baseline
    expected_now = baseline + span * _path_share(path_start, path_end, as_of)
    expected_then = baseline + span * _path_share(path_start, path_end, actual_end)
    result = TargetLight(ind_id, TARGET_ON_TRACK, GREEN, "", actual, actual_key, expected_now, baseline,
                         _share(actual, baseline, span), _path_share(path_start, path_end, as_of))
    symbol = {"<=": "≤", "=": "="}.get(comparison, "≥")
    goal = f"目标{symbol}{_fmt(target)}{unit}（{path_end.year}年）"
    if _met(actual, target, comparison):
        result.state, result.light = TARGET_MET, DONE
        result.explanation = f"已达标：{how}，{goal}。"
        return result
    direction = -1.0 if comparison == "<=" or (comparison == "=" and span < 0) else 1.0
    gap = (actual - expected_then) * direction
    tolerance = TARGET_BEHIND_TOLERANCE * abs(span)
    then = f"按{start_note}到{goal}的序时路径，{chinese_date(actual_end)}应达{_fmt(expected_then)}{unit}"
    if gap >= -tolerance:
        result.explanation = f"按序时推进：{how}；{then}。"
        return result
    result.state = TARGET_BEHIND
    if as_of > path_end:
        result.light = RED
        result.explanation = f"目标年度已过仍未达标：{how}，{goal}。"
    else:
        result.light = YELLOW
        result.explanation = f"滞后于序时：{how}；{then}，相差{_fmt(abs(gap))}{unit}。"
    return result


def _share(actual: float, baseline: float, span: float) -> float:
    if span == 0:
        return 1.0
    return min(1.0, max(0.0, (actual - baseline) / span))


def _fmt(value: float) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def target_lights(ledger, plan_id: int, period_id: int) -> dict[int, TargetLight]:
    """Every target's light for the period (values reported up to the period's end)."""
    period = dict(ledger.row("SELECT * FROM periods WHERE id = ?", (period_id,)))
    as_of = judgement_date(ledger, plan_id, period)
    plan = plan_dates(ledger, plan_id)
    increments = ledger.setting(CUMULATIVE_SETTING, "running") == "increments"
    values: dict[int, list[Reported]] = {}
    for row in ledger.rows(
            "SELECT v.indicator_id, v.value, p.key, p.start, p.end FROM indicator_values v JOIN periods p ON p.id = v.period_id"
            " WHERE p.plan_id = ? AND p.end <= ? AND v.value IS NOT NULL ORDER BY p.end, p.start DESC",
            (plan_id, period["end"])):
        values.setdefault(row["indicator_id"], []).append(Reported(
            date.fromisoformat(row["start"]), date.fromisoformat(row["end"]), row["key"], row["value"]))
    return {ind["id"]: judge_target(ind, values.get(ind["id"], []), as_of, plan, increments=increments)
            for ind in queries.indicators(ledger, plan_id)}
