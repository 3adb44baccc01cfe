"""The words of the plan documents that the ledger stores and shows: one owner for each.

Statuses (完成状态), unit roles (牵头/配合/责任), unit kinds, comparisons, period kinds.
"""
from __future__ import annotations

import re
from datetime import date

NOT_STARTED = "未启动"
IN_PROGRESS = "推进中"
DONE = "已完成"
LAGGING = "滞后"
STATUSES: tuple[str, ...] = (NOT_STARTED, IN_PROGRESS, DONE, LAGGING)
# One colour per status, as "#rrggbb": the window's tables and the PDF reports' charts both use these.
STATUS_COLOURS = {DONE: "#1b7f3b", IN_PROGRESS: "#1f5fa8", LAGGING: "#c0392b", NOT_STARTED: "#7f7f7f"}

ROLE_LEAD = "lead"
ROLE_CO = "co"
ROLE_RESPONSIBLE = "responsible"
ROLE_LABELS = {ROLE_LEAD: "牵头", ROLE_CO: "配合", ROLE_RESPONSIBLE: "责任"}
ROLE_FROM_LABEL = {label: role for role, label in ROLE_LABELS.items()}
ROLES = tuple(ROLE_LABELS)

UNIT_KINDS = {"department": "部门", "township": "乡镇（街道）", "park": "园区", "other": "其他", "collective": "集体"}
# A collective party (集体): a plan's catch-all for several bodies — 相关部门, 局内相关部门, 各县(市)区人民政府,
# 联席会议有关成员单位, 各成员单位 — kept as one unit the clerk can later split into the real units.
COLLECTIVE_UNIT = re.compile(
    r"^(?:各|全[市县区省]各|其[他它]|局内|局外|部内|厅内|委内|[市县区省])?(?:各|相关|有关|其[他它])"
    r"|(?:相关|有关|其[他它]|各)(?:部门|单位|处室|司局|职能部门|成员单位|科室|机构)|成员单位$")
UNIT_KIND_FROM_LABEL = {label: kind for kind, label in UNIT_KINDS.items()}

COMPARISONS = {">=": "≥", "=": "=", "<=": "≤"}
ATTRIBUTES = ("预期性", "约束性")

PERIOD_OPEN = "open"
PERIOD_CLOSED = "closed"
PERIOD_STATES = {PERIOD_OPEN: "开放", PERIOD_CLOSED: "已关闭"}

PROGRESS_FIELD_LABELS = {
    "status": "完成状态",
    "percent": "完成进度",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "filled_by": "填报人",
    "phone": "联系电话",
}

# The fields of an indicator's period value, as the form's 指标填报 sheet, the audit trail and the return checks
# name them (one word for the figure: 本期数值).
INDICATOR_FIELD_LABELS = {"value": "本期数值", "note": "备注"}
PROGRESS_FIELDS = tuple(PROGRESS_FIELD_LABELS)
PROGRESS_TEXT_FIELDS = ("progress", "problems", "next_steps", "filled_by", "phone")


def guess_unit_kind(name: str) -> str:
    """A first guess of a unit's kind from its name; the clerk can change it."""
    if is_collective_unit(name):
        return "collective"
    if any(word in name for word in ("乡镇", "街道", "镇人民政府", "乡人民政府")) or name.endswith(("镇", "乡")):
        return "township"
    if any(word in name for word in ("园区", "开发区", "高新区", "管委会", "工业园")):
        return "park"
    if any(word in name for word in ("局", "委", "办", "院", "部", "厅", "中心", "政府", "处", "所", "队")):
        return "department"
    return "other"


def is_collective_unit(name: str) -> bool:
    """相关部门, 各镇(街道), 联席会议有关成员单位…: a party standing for several units, not one office."""
    return bool(COLLECTIVE_UNIT.search(name or ""))


def chinese_date(day: date | str | None) -> str:
    """The one Chinese date format a clerk reads: 2026-10-05 → '2026年10月5日' (GB/T 9704: full year, no leading
    zeros). Accepts a date or an ISO text (a timestamp's time is ignored); None or '' gives ''."""
    if not day:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day.strip()[:10])
    return f"{day.year}年{day.month}月{day.day}日"


# A target in the reports: 是否达到序时进度 (against the schedule from baseline to target year) and 是否达标
# (against the goal itself). One word each, so a table never mixes 已达标 with 是.
ON_SCHEDULE = "是"
BEHIND_SCHEDULE = "否"
NO_DATA_YET = "尚无数据"
TARGET_REACHED = "达标"
TARGET_NOT_REACHED = "未达标"
NOT_REPORTED = "未填报"
# A target's state against its schedule as the window words it (db.lights states met / on_track / behind / no_data);
# the reports' 是否达到序时进度 column answers the same states with 是 / 否 / 尚无数据 (reports.report_data).
TARGET_STATE_WORDS = {"met": "已达标", "on_track": "按序时推进", "behind": "滞后于序时", "no_data": NO_DATA_YET}


def chinese_date_time(moment: str | None) -> str:
    """A stored time as a clerk reads it: '2026-12-05 10:42:31' or '2026-12-05T10:42' → '2026年12月5日 10:42'; a date
    alone → '2026年12月5日'; None or '' gives ''."""
    if not moment:
        return ""
    text = str(moment).strip()
    clock = text[11:16] if len(text) >= 16 and text[10] in " T" else ""
    return chinese_date(text[:10]) + (f" {clock}" if clock else "")
