"""Where each unit's form stands for a period (表格收发 · 收发情况): issued (when, which file), returned (when, which
file, verdict), what it reported (db.completeness: 已报齐 / 已报·无变化 / 未报全 / 未填报) and what the clerk should
check (rows returned as last period's, 请核实). One unit's checklist (`unit_checklist_sheet`) is what the window
prints or exports for that unit (reports/returns_checklist.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from db.completeness import UnitReport, period_completeness
from db.entry_flags import SAME_LABEL, unchanged_rows_for_unit
from db.return_forms import imports_for_period, issued_forms_for_period
from db.reviews import reviews_for_period

NOT_ISSUED, NOT_RETURNED = "未下发", "未收回"


@dataclass
class UnitReturnStatus:
    unit_id: int
    name: str
    short_name: str | None
    issued_at: str | None = None
    issued_file: str | None = None
    issued_count: int = 0
    returned_at: str | None = None
    returned_file: str | None = None
    rows_new: int = 0
    rows_changed: int = 0
    review: str | None = None                 # 已审核 / 退回 (db.reviews)
    report: UnitReport | None = None
    unchanged: list[dict] = field(default_factory=list)   # rows still 已报·无变化: number, title, file, at

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def issued_text(self) -> str:
        if not self.issued_at:
            return NOT_ISSUED
        again = f"（共下发{self.issued_count}次）" if self.issued_count > 1 else ""
        return f"{short_time(self.issued_at)}　{self.issued_file or ''}{again}"

    @property
    def verdict(self) -> str:
        """What became of the return: 未收回, or 已导入 with what it brought, the review and what to check."""
        if not self.returned_at:
            return NOT_RETURNED
        parts = [f"已导入（新增{self.rows_new}行，修改{self.rows_changed}行）"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)}项{SAME_LABEL}，请核实")
        if self.review:
            parts.append(self.review)
        return "；".join(parts)

    @property
    def returned_text(self) -> str:
        return f"{short_time(self.returned_at)}　{self.returned_file or ''}" if self.returned_at else NOT_RETURNED

    @property
    def state(self) -> str:
        return self.report.state if self.report else "—"


def short_time(stamp: str | None) -> str:
    """'2026-10-03 14:05:09' → '2026年10月3日 14:05'."""
    if not stamp:
        return ""
    day, _, clock = stamp.replace("T", " ").partition(" ")
    try:
        year, month, date_ = (int(part) for part in day.split("-"))
    except ValueError:
        return stamp
    return f"{year}年{month}月{date_}日" + (f" {clock[:5]}" if clock else "")


def returns_status(ledger, plan_id: int, period_id: int) -> list[UnitReturnStatus]:
    """Every unit that owes something for the period, in the plan's order, with its form's way out and back."""
    reports = period_completeness(ledger, plan_id, period_id)
    issued: dict[int, list[dict]] = {}
    for form in issued_forms_for_period(ledger, period_id):
        issued.setdefault(form["unit_id"], []).append(form)
    imports = imports_for_period(ledger, period_id)
    reviews = reviews_for_period(ledger, period_id)
    result = []
    for report in reports:
        if not (report.tasks_owed or report.targets_owed):
            continue
        status = UnitReturnStatus(report.unit_id, report.name, report.short_name, report=report)
        forms = issued.get(report.unit_id, [])
        if forms:
            status.issued_at, status.issued_file, status.issued_count = (forms[-1]["issued_at"], forms[-1]["file_name"],
                                                                        len(forms))
        back = imports.get(report.unit_id)
        if back:
            status.returned_at, status.returned_file = back["at"], back["file_name"]
            status.rows_new, status.rows_changed = back["rows_new"] or 0, back["rows_changed"] or 0
        review = reviews.get(report.unit_id)
        status.review = review["label"] if review else None
        status.unchanged = unchanged_rows_for_unit(ledger, report.unit_id, period_id)
        result.append(status)
    return result


def unit_return_status(ledger, plan_id: int, period_id: int, unit_id: int) -> UnitReturnStatus | None:
    return next((s for s in returns_status(ledger, plan_id, period_id) if s.unit_id == unit_id), None)


@dataclass
class ChecklistSheet:
    """One unit's checklist for a period, as printed: the heading lines and one row per task or target."""
    title: str
    lines: list[str]
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


CHECKLIST_HEADERS = ("序号", "事项", "分工", "本期填报", "说明")


def unit_checklist_sheet(ledger, plan_id: int, period: dict, unit_id: int) -> ChecklistSheet:
    """What the clerk prints for one unit: the form's way out and back, then each task and target with whether it
    was reported this period (已报 / 已报·无变化 / 未报)."""
    status = unit_return_status(ledger, plan_id, period["id"], unit_id)
    if status is None:
        from db.errors import NotFoundError

        raise NotFoundError("该单位在本报告期没有需要填报的任务或指标。")
    report = status.report
    unchanged = {row["task_id"] for row in status.unchanged}
    reported = {t["task_id"] for t in report.tasks_reported}
    rows = []
    for task in report.tasks_owed:
        if task["task_id"] in unchanged:
            state, note = SAME_LABEL, "与上期相同，未选“本期无新进展”，请核实"
        elif task["task_id"] in reported:
            state, note = "已报", ""
        else:
            state, note = "未报", "请催报"
        rows.append((task["number"] or "", task["title"], task["role_label"], state, note))
    targets_done = {t["indicator_id"] for t in report.targets_reported}
    for number, target in enumerate(report.targets_owed, 1):
        done = target["indicator_id"] in targets_done
        rows.append((f"指标{number}", target["name"], "填报", "已报" if done else "未报", "" if done else "请催报"))
    lines = [f"单位：{status.name}　　报告期：{period['name']}　　填报情况：{status.state}",
             f"表格下发：{status.issued_text}",
             f"报表收回：{status.returned_text}" + (f"　结论：{status.verdict}" if status.returned_at else ""),
             f"联系人：{report.contact or '—'}　　联系电话：{report.phone or '—'}"]
    return ChecklistSheet(f"{period['name']}{status.label}填报核对单", lines, CHECKLIST_HEADERS, rows)
