"""The words and cells the city's screens and reports share: how a county's reporting, completeness and target
progress are written, the 通报 ranking table and a county's one-paragraph summary. One owner, so the window, the
workbooks and the PDFs say the same thing."""
from __future__ import annotations

from db.rollup.overview import CountyRow, RankRow, SharedIndicator
from db.periods import period_name_of_key
from db.values import format_number
from db.vocabulary import STATUSES, chinese_date, chinese_date_time

RANKING_HEADER = ("名次", "县（市、区）", "报送情况", "报送日期", "填报完整率", "红灯任务", "逾期任务", "指标平均推进度")


def package_row_texts(row: dict) -> dict:
    """A received package's row for the 导入数据包 page and a county's 报送记录: period name, Chinese times, state."""
    return {**row, "period_name": period_name_of_key(row.get("period_key")),
            "created": chinese_date_time(row.get("created_at")), "imported": chinese_date_time(row.get("imported_at")),
            "state_label": "当前" if row.get("state") == "current" else "已被替换"}


def reported_text(row: CountyRow) -> str:
    if not row.reported:
        return "未报送"
    return "按时报送" if not row.days_late else f"逾期{row.days_late}天报送"


def percent_text(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


def ranking_table(ranked: list[RankRow]) -> list[tuple]:
    rows = []
    for item in ranked:
        row = item.row
        overdue = row.figures.get("overdue_tasks") or [] if row.reported else []
        rows.append((item.rank, row.name, item.timeliness_text, chinese_date(row.created_at) if row.reported else "",
                     percent_text(row.completeness), "" if row.red_lights is None else row.red_lights,
                     len(overdue) if row.reported else "", percent_text(row.target_progress)))
    return rows


def status_counts_text(by_status: dict) -> str:
    return "、".join(f"{status}{by_status.get(status, 0)}项" for status in STATUSES)


def county_paragraph(row: CountyRow, period_name: str) -> str:
    """'泰兴市于2026年10月10日按时报送2026年第3季度数据。共有任务13项,其中……' (full-width punctuation)."""
    if not row.reported:
        return f"{row.name}尚未报送{period_name}数据包。"
    f = row.figures
    lights = f.get("lights") or {}
    overdue = f.get("overdue_tasks") or []
    text = (f"{row.name}于{chinese_date(row.created_at)}{reported_text(row)}{period_name}数据。"
            f"共有任务{f.get('tasks', 0)}项，其中{status_counts_text(f.get('by_status') or {})}；"
            f"红灯{lights.get('red', 0)}项、黄灯{lights.get('yellow', 0)}项、绿灯{lights.get('green', 0)}项"
            f"（绿灯含已完成）。")
    text += f"逾期未完成任务{len(overdue)}项（第{'、'.join(overdue)}项）。" if overdue else "无逾期未完成任务。"
    text += (f"应报{f.get('entries_expected', 0)}条进展，实报{f.get('entries_reported', 0)}条，"
             f"填报完整率{percent_text(row.completeness)}。")
    return text


def city_totals(rows: list[CountyRow]) -> dict:
    """Sums over the reported counties: tasks by status and light, entries, overdue tasks (counts sum validly)."""
    reported = [row for row in rows if row.reported]
    by_status = {status: sum((row.figures.get("by_status") or {}).get(status, 0) for row in reported)
                 for status in STATUSES}
    lights = {light: sum((row.figures.get("lights") or {}).get(light, 0) for row in reported)
              for light in ("red", "yellow", "green")}
    return {"counties": len(rows), "reported": len(reported), "late": sum(1 for row in reported if row.days_late),
            "tasks": sum(row.figures.get("tasks", 0) for row in reported), "by_status": by_status, "lights": lights,
            "overdue": sum(len(row.figures.get("overdue_tasks") or []) for row in reported),
            "entries_expected": sum(row.figures.get("entries_expected", 0) for row in reported),
            "entries_reported": sum(row.figures.get("entries_reported", 0) for row in reported)}


def indicator_cell(value: dict | None) -> str:
    """'3210 / 3500' (latest against target) for one county's indicator."""
    if not value:
        return ""
    latest = format_number(value.get("latest")) or "未填报"
    target = format_number(value.get("target"))
    return f"{latest} / {target}" if target else latest


def total_text(item: SharedIndicator) -> str:
    if not item.summable:
        return "不宜加总"
    return format_number(item.total) if item.total is not None else ""
