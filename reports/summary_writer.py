"""The summary workbook sent upward (`export-summary`): written in openpyxl's write-only mode.

Sheets: 重点任务进展汇总 (each task with its units, deadline, status, percent, and the progress and
problems gathered from all its units with their names), 单位填报情况 (each unit: tasks owed, reported,
when, missing), 指标完成情况 (each target: unit, baseline, target, latest actual, completion rate) and,
on request (`details=True`), 填报明细 (every entry of the period, one row each). Print-ready like the forms. Text a user typed that begins with
= + - @ is written as text, never as a formula.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from openpyxl import Workbook

from db import queries
from db.entry_flags import unchanged_entries
from db.errors import NotFoundError
from db.periods import get_period, list_periods
from db.plan_store import current_plan_id, get_plan
from db.schedule import get_schedule, indicator_period_due
from db.summary_feed import (GATHERED_PROBLEMS, GATHERED_PROGRESS, gathered_texts, labelled_texts, period_entries,
                              task_rows, unit_reporting)
from db.deadlines import INFERRED_DEADLINE_NOTE, is_inferred_deadline
from db.vocabulary import NOT_STARTED, ROLE_LABELS, chinese_date
from reports.atomic_file import save_workbook_atomically
from reports.report_data import completion_rate
from reports.xlsx_writeonly import SheetColumn, TableSheet
from reports.title_lines import official_punctuation

TEXT_BATCH = 500  # tasks whose gathered texts are held at once
TASK_SHEET, UNIT_SHEET, INDICATOR_SHEET, DETAIL_SHEET = "重点任务进展汇总", "单位填报情况", "指标完成情况", "填报明细"

TASK_COLUMNS = (
    SheetColumn("序号", 6, "center", False), SheetColumn("所属部分", 18), SheetColumn("任务", 24),
    SheetColumn("牵头单位", 16), SheetColumn("配合单位", 18), SheetColumn("完成时限", 16),
    SheetColumn("完成状态", 9, "center", False), SheetColumn("完成进度（%）", 9, "center", False),
    SheetColumn("进展情况（各单位）", 48), SheetColumn("存在问题", 26),
)
UNIT_COLUMNS = (
    SheetColumn("序号", 6, "center", False), SheetColumn("单位", 26), SheetColumn("应报任务", 9, "center", False),
    SheetColumn("已报任务", 9, "center", False), SheetColumn("其中已报·无变化", 10, "center", False),
    SheetColumn("应报指标", 9, "center", False),
    SheetColumn("已报指标", 9, "center", False), SheetColumn("最近报送时间", 18, "center", False),
    SheetColumn("未报事项", 44), SheetColumn("联系人", 10), SheetColumn("联系电话", 15),
)
INDICATOR_COLUMNS = (
    SheetColumn("序号", 6, "center", False), SheetColumn("指标", 36), SheetColumn("填报单位", 18),
    SheetColumn("单位", 8, "center", False), SheetColumn("基期值", 11, "right", False),
    SheetColumn("目标值", 11, "right", False), SheetColumn("最新数值", 11, "right", False),
    SheetColumn("数值所属报告期", 13, "center", False), SheetColumn("完成率", 10, "right", False),
)
DETAIL_COLUMNS = (
    SheetColumn("序号", 6, "center", False), SheetColumn("任务", 24), SheetColumn("单位", 18),
    SheetColumn("分工", 6, "center", False), SheetColumn("完成状态", 9, "center", False),
    SheetColumn("完成进度（%）", 9, "center", False), SheetColumn("进展情况", 44), SheetColumn("存在问题", 24),
    SheetColumn("下步计划", 24), SheetColumn("填报人", 10), SheetColumn("联系电话", 15), SheetColumn("更新时间", 18),
)


def _num(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def _joined(parts: list[str], limit: int = 30000) -> str:
    text = "\n".join(parts)
    return text if len(text) <= limit else text[:limit] + "…（以下略）"


def build_summary(ledger, plan_id: int, period: dict, *, details: bool = False,
                  progress: Callable[[int, int], None] | None = None,
                  is_cancelled: Callable[[], bool] | None = None) -> Workbook:
    plan = get_plan(ledger, plan_id)
    bureau = ledger.setting("bureau") or ""
    plan_title = official_punctuation(plan["title"])   # full-width brackets as in the printed reports
    subtitle = (f"报告期：{period['name']}（{chinese_date(period['start'])}至{chinese_date(period['end'])}）    "
                f"制表单位：{bureau or '—'}    制表日期：{chinese_date(ledger.today())}")
    wb = Workbook(write_only=True)

    tasks = task_rows(ledger, plan_id)
    status = queries.latest_answering_entries(ledger, plan_id, period["id"])
    sheet = TableSheet(wb, TASK_SHEET, TASK_COLUMNS)
    inferred = any(is_inferred_deadline(task[4]) for task in tasks)
    sheet.titles(f"{plan_title}\n重点任务进展汇总表", subtitle + (f"    {INFERRED_DEADLINE_NOTE}" if inferred else ""))
    texts: dict = {}
    for index, (task_id, number, section, title, deadline, leads, others) in enumerate(tasks):
        if index % TEXT_BATCH == 0:
            texts = gathered_texts(ledger, period["id"], [t[0] for t in tasks[index:index + TEXT_BATCH]])
        found = status.get(task_id)
        gathered = texts.pop(task_id, [])
        sheet.append([number, section, title, "、".join(leads), "、".join(others), deadline,
                      found[0] if found else NOT_STARTED, _num(found[1]) if found else None,
                      labelled_texts(gathered, GATHERED_PROGRESS)
                      or ("（本期已报送，未填写进展情况）" if gathered else "（本期未报）"),
                      labelled_texts(gathered, GATHERED_PROBLEMS)])
    del tasks, status, texts
    if progress:
        progress(1, 4)

    sheet = TableSheet(wb, UNIT_SHEET, UNIT_COLUMNS)
    sheet.titles(f"{plan_title}\n各单位填报情况", subtitle)
    targets_due = indicator_period_due(get_schedule(ledger, plan_id).indicator_kind, period)
    unchanged: dict[int, int] = {}   # entries returned as pre-filled from the period before (db.entry_flags)
    for _task_id, unit_id in unchanged_entries(ledger, period["id"]):
        unchanged[unit_id] = unchanged.get(unit_id, 0) + 1
    for number, unit in enumerate(unit_reporting(ledger, plan_id, period, targets_due), 1):
        sheet.append([number, unit["name"], unit["tasks_owed"], unit["tasks_reported"],
                      unchanged.get(unit["unit_id"], 0), unit["targets_owed"],
                      unit["targets_reported"], unit["last_reported_at"] or "未报送",
                      _joined(unit["missing"], 2000).replace("\n", "、") or "已全部报送", unit["contact"] or "",
                      unit["phone"] or ""])
    if progress:
        progress(2, 4)

    sheet = TableSheet(wb, INDICATOR_SHEET, INDICATOR_COLUMNS)
    sheet.titles(f"{plan_title}\n指标完成情况", subtitle)
    period_names = {p["key"]: p["name"] for p in list_periods(ledger, plan_id)}   # 2026年第2季度, not 2026Q2
    for number, indicator in enumerate(queries.indicators(ledger, plan_id, period["id"]), 1):
        rate = completion_rate(indicator["latest_value"], indicator["target"], indicator["comparison"])
        latest_period = indicator["latest_period"]
        sheet.append([number, indicator["name"], indicator["unit_name"] or "", indicator["measure_unit"] or "",
                      _num(indicator["baseline"]), _num(indicator["target"]), _num(indicator["latest_value"]),
                      period_names.get(latest_period, latest_period or ""),
                      f"{rate:.1f}%" if rate is not None else "—"])
    if progress:
        progress(3, 4)

    if not details:
        if progress:
            progress(4, 4)
        return wb
    sheet = TableSheet(wb, DETAIL_SHEET, DETAIL_COLUMNS)
    sheet.titles(f"{plan_title}\n各单位填报明细", subtitle)
    for count, row in enumerate(period_entries(ledger, period["id"])):
        number, title, unit, role, state, percent, text, problems, next_steps, filled_by, phone, updated = row
        sheet.append([number or "", title, unit, ROLE_LABELS.get(role, ""), state or "", _num(percent),
                      text or "", problems or "", next_steps or "", filled_by or "", phone or "", updated or ""])
        if is_cancelled and count % 2000 == 0 and is_cancelled():
            break
    if progress:
        progress(4, 4)
    return wb


def export_summary(ledger, period_key: str, out: Path | str, *, plan_id: int | None = None, details: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the summary workbook to `out` (a temporary name first, then moved into place)."""
    plan_id = plan_id or current_plan_id(ledger)
    if plan_id is None:
        raise NotFoundError("台账中还没有方案。请先导入或新建方案。")
    period = get_period(ledger, plan_id, period_key)
    wb = build_summary(ledger, plan_id, period, details=details, progress=progress, is_cancelled=is_cancelled)
    return save_workbook_atomically(wb, out)


def summary_file_name(period_key: str) -> str:
    return f"{period_key}_重点任务进展汇总表.xlsx"
