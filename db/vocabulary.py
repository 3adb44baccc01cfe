"""The words of the plan documents that the ledger stores and shows: one owner for each.

Statuses (完成状态), unit roles (牵头/配合/责任), unit kinds, comparisons, period kinds.
"""
from __future__ import annotations

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

UNIT_KINDS = {"department": "部门", "township": "乡镇(街道)", "park": "园区", "other": "其他"}
UNIT_KIND_FROM_LABEL = {label: kind for kind, label in UNIT_KINDS.items()}

COMPARISONS = {">=": "≥", "=": "=", "<=": "≤"}
ATTRIBUTES = ("预期性", "约束性")

PERIOD_STATES = {"open": "开放", "closed": "已关闭"}

PROGRESS_FIELD_LABELS = {
    "status": "完成状态",
    "percent": "完成进度",
    "progress": "进展情况",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "filled_by": "填报人",
    "phone": "联系电话",
}
PROGRESS_FIELDS = tuple(PROGRESS_FIELD_LABELS)
PROGRESS_TEXT_FIELDS = ("progress", "problems", "next_steps", "filled_by", "phone")


def guess_unit_kind(name: str) -> str:
    """A first guess of a unit's kind from its name; the clerk can change it."""
    if any(word in name for word in ("乡镇", "街道", "镇人民政府", "乡人民政府")) or name.endswith(("镇", "乡")):
        return "township"
    if any(word in name for word in ("园区", "开发区", "高新区", "管委会", "工业园")):
        return "park"
    if any(word in name for word in ("局", "委", "办", "院", "部", "厅", "中心", "政府", "处", "所", "队")):
        return "department"
    return "other"
