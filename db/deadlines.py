"""Task deadlines (完成时限) as dates, from what the plan wrote.

The plan writes a date (2026年6月30日), a month (2026年6月底前), a year (2025年底前), a half or a quarter
(2025年上半年, 2025年第三季度), words (年内完成, 年内有阶段性成果 → the end of the plan year being judged;
长期坚持 → no deadline), or a phase (实施阶段结束前). A task with no deadline of its own is due at the end of
its phase (tasks.phase_id), else at the end of the plan.

`resolve_deadline` is the one function everything asks; it returns the date (or None) and a Chinese
explanation for tooltips and reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from db.periods import month_end
from db.vocabulary import chinese_date

# Words meaning "no end date": the task is carried on for the whole plan and beyond.
ONGOING_WORDS = ("长期坚持", "长期", "持续推进", "持续开展", "常态化", "长效")
# Words meaning "by the end of the year being judged".
WITHIN_YEAR_WORDS = ("年内完成", "年内有阶段性成果", "年内", "当年完成", "每年", "年度内", "本年度")

CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
                   "十一": 11, "十二": 12}

_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(\d{4})\s*年\s*" + _NUM + r"\s*月")
_HALF = re.compile(r"(\d{4})\s*年\s*(上|下)半年")
_QUARTER = re.compile(r"(\d{4})\s*年\s*(?:第)?\s*([1-4一二三四])\s*季度")
_YEAR = re.compile(r"(\d{4})\s*年")


@dataclass(frozen=True)
class Deadline:
    """A resolved deadline: `due` (None = no deadline), the day its time starts counting, and why."""
    due: date | None
    explanation: str
    start: date | None = None
    form: str = "none"  # date, month, half, quarter, year, within_year, phase, ongoing, plan_end, unknown


@dataclass
class PlanDates:
    """What the deadline rules need to know about one plan: its span and its phases."""
    start: date | None
    end: date | None
    phases: list[dict] = field(default_factory=list)   # {id, name, start: date|None, end: date|None}

    def phase_by_id(self, phase_id: int | None) -> dict | None:
        return next((p for p in self.phases if p["id"] == phase_id), None) if phase_id else None

    def phase_named_in(self, text: str) -> dict | None:
        """The phase whose name the text mentions (实施阶段, 启动阶段 …), longest name first."""
        for phase in sorted(self.phases, key=lambda p: -len(p["name"])):
            name = phase["name"]
            short = name[:-2] if name.endswith("阶段") else name
            if name in text or (len(short) >= 2 and f"{short}阶段" in text):
                return phase
        return None


def _to_date(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def plan_dates(ledger, plan_id: int) -> PlanDates:
    """The plan's span (the earlier of its first phase's start and 1 January of its first year; the later of its
    last phase's end and 31 December of its last year) and its phases, read once so that thousands of tasks
    can be judged quickly."""
    plan = ledger.row("SELECT start_year, end_year FROM plans WHERE id = ?", (plan_id,))
    phases = [{"id": r["id"], "name": r["name"], "start": _to_date(r["start"]), "end": _to_date(r["end"])}
              for r in ledger.rows("SELECT id, name, start, end FROM phases WHERE plan_id = ? ORDER BY position, id",
                                   (plan_id,))]
    starts = [p["start"] for p in phases if p["start"]]
    ends = [p["end"] for p in phases if p["end"]]
    if plan and plan["start_year"]:
        starts.append(date(plan["start_year"], 1, 1))
    if plan and plan["end_year"]:
        ends.append(date(plan["end_year"], 12, 31))
    return PlanDates(min(starts) if starts else None, max(ends) if ends else None, phases)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else CHINESE_NUMBERS[text]




def _year_end_within_plan(year: int, plan: PlanDates) -> tuple[date, str]:
    """31 December of `year`, kept inside the plan's span."""
    due = date(year, 12, 31)
    if plan.end and due > plan.end:
        return plan.end, f"（方案截止于{chinese_date(plan.end)}）"
    if plan.start and due < plan.start:
        due = date(plan.start.year, 12, 31)
    return due, ""


def _later(first: date | None, second: date | None) -> date | None:
    if first and second:
        return max(first, second)
    return first or second


def parse_written_deadline(text: str, plan: PlanDates, year: int) -> Deadline | None:
    """A deadline from the words the plan wrote; None when the words give no date (then the phase rules)."""
    written = re.sub(r"\s+", "", text or "")
    if not written:
        return None
    quoted = f"完成时限“{written}”"
    if any(word in written for word in ONGOING_WORDS):
        return Deadline(None, f"{quoted}：长期坚持，不设完成日期", plan.start, "ongoing")
    if match := _DATE.search(written):
        try:
            due = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return Deadline(None, f"{quoted}中的日期不存在，请在方案中改正", plan.start, "unknown")
        return Deadline(due, f"{quoted}：{chinese_date(due)}", plan.start, "date")
    if match := _HALF.search(written):
        year_written = int(match[1])
        due = date(year_written, 6, 30) if match[2] == "上" else date(year_written, 12, 31)
        start = _later(plan.start, date(year_written, 1 if match[2] == "上" else 7, 1))
        return Deadline(due, f"{quoted}：{match[2]}半年末，即{chinese_date(due)}", start, "half")
    if match := _QUARTER.search(written):
        quarter = _number(match[2])
        due = month_end(int(match[1]), quarter * 3)
        return Deadline(due, f"{quoted}：第{quarter}季度末，即{chinese_date(due)}", plan.start, "quarter")
    if match := _MONTH.search(written):
        month = _number(match[2])
        if not 1 <= month <= 12:
            return Deadline(None, f"{quoted}中的月份不存在，请在方案中改正", plan.start, "unknown")
        due = month_end(int(match[1]), month)
        return Deadline(due, f"{quoted}：按该月月底计，即{chinese_date(due)}", plan.start, "month")
    if match := _YEAR.search(written):
        due = date(int(match[1]), 12, 31)
        return Deadline(due, f"{quoted}：按该年年底计，即{chinese_date(due)}", plan.start, "year")
    if any(word in written for word in WITHIN_YEAR_WORDS):
        due, note = _year_end_within_plan(year, plan)
        start = _later(plan.start, date(due.year, 1, 1))
        return Deadline(due, f"{quoted}：按{due.year}年年底计，即{chinese_date(due)}{note}", start, "within_year")
    phase = plan.phase_named_in(written)
    if phase and phase["end"]:
        return Deadline(phase["end"], f"{quoted}：{phase['name']}结束，即{chinese_date(phase['end'])}",
                        phase["start"] or plan.start, "phase")
    return None


def resolve_deadline_parts(deadline_text: str | None, phase_id: int | None, plan: PlanDates,
                           year: int) -> Deadline:
    """The full rule (see the module text); `year` is the plan year being judged (the period's year)."""
    written = parse_written_deadline(deadline_text or "", plan, year)
    if written is not None:
        return written
    unknown = f"完成时限“{deadline_text.strip()}”无法识别为日期，" if (deadline_text or "").strip() else "未写明完成时限，"
    phase = plan.phase_by_id(phase_id)
    if phase and phase["end"]:
        return Deadline(phase["end"], f"{unknown}按所属{phase['name']}结束计，即{chinese_date(phase['end'])}",
                        phase["start"] or plan.start, "phase")
    if plan.end:
        return Deadline(plan.end, f"{unknown}按方案期末计，即{chinese_date(plan.end)}", plan.start, "plan_end")
    return Deadline(None, f"{unknown}方案也未写明起止年份，无法确定完成日期", plan.start, "unknown")


# What the brackets mean, said where a bracketed deadline appears (plan page, forms, summary).
INFERRED_DEADLINE_NOTE = "完成时限加括号的，如“（2026年6月30日）”，是方案未写明时限、按所属阶段或方案期末推算的日期。"


def shown_deadline(written: str | None, due: date | str | None) -> str:
    """A task's 完成时限 as tables show it: as the plan wrote it; where it wrote none, the date it resolves to (the
    phase's or the plan's end) in brackets, "（2026年6月30日）" (INFERRED_DEADLINE_NOTE); "" when neither is known."""
    if written and written.strip():
        return written.strip()
    return f"（{chinese_date(due)}）" if due else ""


def is_inferred_deadline(shown: str | None) -> bool:
    """Whether a shown 完成时限 is a bracketed, inferred date (so the note should be shown beside it)."""
    return bool(shown) and shown.startswith("（") and shown.endswith("）")


def unwritten_deadline_text(written: str | None, phase_id: int | None, plan: PlanDates) -> str:
    """`shown_deadline` for a task row (its written deadline and phase) outside any period: a written deadline is
    shown as written, so no plan year is needed to resolve it."""
    if written and written.strip():
        return written.strip()
    return shown_deadline(None, resolve_deadline_parts(None, phase_id, plan, 0).due)


def resolve_deadline(ledger, task: dict, year: int | None = None,
                     plan: PlanDates | None = None) -> tuple[date | None, str]:
    """A task's deadline as (date or None, Chinese explanation).

    `task` needs plan_id, deadline and phase_id (a row of db.queries.tasks). `year` is the plan year being
    judged (年内完成 → its 31 December); default: the year of ledger.today().
    """
    plan = plan or plan_dates(ledger, task["plan_id"])
    found = resolve_deadline_parts(task.get("deadline"), task.get("phase_id"), plan, year or ledger.today().year)
    return found.due, found.explanation
