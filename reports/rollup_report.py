"""The city's own reports from its roll-up ledger: the summary workbook (各县概览 with the city totals, the shared
indicators with city totals where summing is valid, one sheet per county with its tasks) and the PDF progress
report (one section per county plus the city totals and the 通报 ranking), in the reports' official layout."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from db.lights import RED, YELLOW
from db.periods import parse_period_key
from db.rollup import rollup_name
from db.rollup.overview import CountyRow, county_view, overview, shared_indicators
from db.rollup.texts import (city_totals, county_paragraph, indicator_cell, percent_text, reported_text,
                             status_counts_text, total_text)
from db.values import format_number
from db.vocabulary import STATUSES, chinese_date

OVERVIEW_HEADER = ("县（市、区）", "行政区划代码", "报送情况", "报送日期", "任务", *STATUSES, "红灯", "黄灯", "绿灯",
                   "逾期任务", "应报条目", "实报条目", "填报完整率")
TASK_HEADER = ("序号", "重点任务", "牵头单位", "完成状态", "完成进度", "红绿灯", "说明")


def rollup_fingerprint(ledger, period_key: str) -> str:
    """The 数据指纹 of the packages a city report is made from: the period and each current package's SHA-256."""
    digest = hashlib.sha256(period_key.encode("utf-8"))
    for (sha,) in ledger.rows("SELECT sha256 FROM rollup_packages WHERE period_key = ? AND state = 'current'"
                              " ORDER BY sha256", (period_key,)):
        digest.update(sha.encode("ascii"))
    text = digest.hexdigest()[:12].upper()
    return f"{text[:4]}-{text[4:8]}-{text[8:]}"


def _overview_values(row: CountyRow) -> tuple:
    f = row.figures if row.reported else {}
    lights = f.get("lights") or {}
    by_status = f.get("by_status") or {}
    blank = lambda value: value if row.reported else ""   # noqa: E731
    return (row.name, row.code or "", reported_text(row), chinese_date(row.created_at) if row.reported else "",
            blank(f.get("tasks")), *(blank(by_status.get(s, 0)) for s in STATUSES),
            blank(lights.get("red", 0)), blank(lights.get("yellow", 0)), blank(lights.get("green", 0)),
            blank(len(f.get("overdue_tasks") or [])), blank(f.get("entries_expected")), blank(f.get("entries_reported")),
            percent_text(row.completeness))


def _totals_values(totals: dict) -> tuple:
    share = totals["entries_reported"] / totals["entries_expected"] if totals["entries_expected"] else None
    return ("全市合计", "", f"已报{totals['reported']}/{totals['counties']}", "", totals["tasks"],
            *(totals["by_status"][s] for s in STATUSES), totals["lights"]["red"], totals["lights"]["yellow"],
            totals["lights"]["green"], totals["overdue"], totals["entries_expected"], totals["entries_reported"],
            percent_text(share))


def _task_values(task: dict) -> tuple:
    return (task["number"], task["title"], task["lead"], task["status"], task["percent"], task["light_label"],
            task["explanation"])


def write_rollup_workbook(ledger, period_key: str, out: Path | str, *,
                          progress: Callable[[int, int], None] | None = None,
                          is_cancelled: Callable[[], bool] | None = None) -> Path:
    from openpyxl import Workbook

    from reports.atomic_file import save_workbook_atomically
    from reports.xlsx_writeonly import SheetColumn, TableSheet

    name, period_name = rollup_name(ledger), parse_period_key(period_key).name
    rows = overview(ledger, period_key)
    wb = Workbook(write_only=True)
    widths = (16, 12, 14, 16, 7, *(8,) * len(STATUSES), 7, 7, 7, 9, 9, 9, 11)
    sheet = TableSheet(wb, "各县概览", tuple(SheetColumn(h, w, "left" if i == 0 else "center", wrap=i == 0)
                                             for i, (h, w) in enumerate(zip(OVERVIEW_HEADER, widths))))
    sheet.titles(f"{name}各县（市、区）{period_name}工作进展汇总表",
                 f"汇总单位：{name}　　报告期：{period_name}　　数据指纹：{rollup_fingerprint(ledger, period_key)}")
    for row in rows:
        sheet.append(_overview_values(row))
    sheet.append(_totals_values(city_totals(rows)))
    sheet.note("各县数字由各县台账生成数据包时按统一规则计算（与 ipledger status 相同），经数字签名核验后汇总；"
               "绿灯含已完成任务。")

    shared = shared_indicators(ledger, period_key, rows)
    reported = [row for row in rows if row.reported]
    columns = (SheetColumn("指标", 28), SheetColumn("计量单位", 9, "center"),
               *(SheetColumn(row.name, 14, "right") for row in reported),
               SheetColumn("全市合计", 12, "right"), SheetColumn("目标合计", 12, "right"))
    indicators = TableSheet(wb, "共同指标", columns)
    indicators.titles(f"{name}各县（市、区）共同指标汇总表（{period_name}）",
                      "各县数值为“最新值 / 目标值”；按名称和计量单位匹配；比率、人均和每万人口类指标不宜加总。")
    for item in shared:
        indicators.append((item.name, item.measure_unit or "",
                           *(indicator_cell(item.values.get(row.county_id)) for row in reported),
                           total_text(item), format_number(item.target_total) if item.summable else ""))

    used: set[str] = {"各县概览", "共同指标"}
    for index, row in enumerate(reported, 1):
        if is_cancelled is not None and is_cancelled():
            from reports.pdf_layout import BuildCancelled

            raise BuildCancelled("已取消生成汇总表。")
        data = county_view(ledger, row.county_id, period_key) or {}
        title = _sheet_name(row.name, used)
        tasks = TableSheet(wb, title, tuple(SheetColumn(h, w, a) for h, w, a in zip(
            TASK_HEADER, (7, 40, 22, 10, 9, 8, 50), ("center", "left", "left", "center", "right", "center", "left"))))
        tasks.titles(f"{row.name}{period_name}重点任务推进情况",
                     f"{reported_text(row)}（{chinese_date(row.created_at)}）　填报完整率{percent_text(row.completeness)}")
        for task in data.get("tasks", []):
            tasks.append(_task_values(task))
        tasks.note(county_paragraph(row, period_name))
        if progress is not None:
            progress(index, len(reported))
    return save_workbook_atomically(wb, out)


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "县"
    title, number = base, 2
    while title in used:
        title, number = f"{base}{number}", number + 1
    used.add(title)
    return title


def report_title(ledger, period_key: str) -> list[str]:
    return [f"{rollup_name(ledger)}各县（市、区）", f"{parse_period_key(period_key).name}工作进展情况报告"]


def write_rollup_report_pdf(ledger, period_key: str, out: Path | str, *,
                            progress: Callable[[int, int], None] | None = None,
                            is_cancelled: Callable[[], bool] | None = None) -> Path:
    from reportlab.lib.units import mm

    from reports.pdf_fonts import report_fonts
    from reports.pdf_layout import OfficialDocument
    from reports.rollup_bulletin import bulletin_story

    name, period_name = rollup_name(ledger), parse_period_key(period_key).name
    lines = report_title(ledger, period_key)
    doc = OfficialDocument(fonts=report_fonts(), fingerprint=rollup_fingerprint(ledger, period_key),
                           title="".join(lines), author=name, subject="工作进展情况报告")
    rows = overview(ledger, period_key)
    totals = city_totals(rows)
    story = doc.title_block(lines)
    story.append(doc.h1("一、总体情况"))
    story.append(doc.p(
        f"{period_name}，全市{totals['counties']}个县（市、区）中{totals['reported']}个已报送数据包"
        f"（逾期报送{totals['late']}个）。已报送各地共有重点任务{totals['tasks']}项，其中"
        f"{status_counts_text(totals['by_status'])}；红灯{totals['lights']['red']}项、黄灯{totals['lights']['yellow']}项、"
        f"绿灯{totals['lights']['green']}项（绿灯含已完成），逾期未完成任务{totals['overdue']}项。"))
    header = ("县（市、区）", "报送情况", "任务", *STATUSES, "红灯", "逾期")
    table_rows = [(v[0], v[2], v[4], *v[5:5 + len(STATUSES)], v[5 + len(STATUSES)], v[8 + len(STATUSES)])
                  for v in (*(_overview_values(row) for row in rows), _totals_values(totals))]
    story += doc.table_title("各县（市、区）任务推进情况汇总")
    widths = (28, 26, 12, *(14,) * len(STATUSES), 12, 22)
    story.append(doc.table(header, table_rows, [w * mm for w in widths],
                           ("left", "center", *("right",) * (len(header) - 2)), where="汇总表",
                           plain_cols=tuple(range(2, len(header)))))

    story.append(doc.h1("二、各县（市、区）情况"))
    numerals = "一二三四五六七八九十"
    for index, row in enumerate(rows):
        label = numerals[index] if index < 10 else str(index + 1)
        story.append(doc.h2(f"（{label}）{row.name}" if index < 10 else f"{label}. {row.name}"))
        story.append(doc.p(county_paragraph(row, period_name)))
        if not row.reported:
            continue
        data = county_view(ledger, row.county_id, period_key) or {}
        flagged = [_task_values(t) for t in data.get("tasks", []) if t["light"] in (RED, YELLOW)]
        if flagged:
            story += doc.table_title(f"{row.name}红灯、黄灯任务")
            story.append(doc.table(("序号", "重点任务", "牵头单位", "状态", "灯", "说明"),
                                   [(t[0], t[1], t[2], t[3], t[5], t[6]) for t in flagged],
                                   [w * mm for w in (10, 40, 26, 14, 12, 54)],
                                   ("center", "left", "left", "center", "center", "left"), where=row.name,
                                   font_size=9, valign="TOP"))

    story.append(doc.h1("三、共同指标完成情况"))
    shared = shared_indicators(ledger, period_key, rows)
    if shared:
        story.append(doc.p("各县（市、区）共有的指标按名称和计量单位匹配；件数、家数、金额等可加总的指标列出全市合计，"
                           "比率、人均和每万人口类指标不宜加总，只列各地数值。"))
        story += doc.table_title("共同指标全市汇总")
        story.append(doc.table(("指标", "计量单位", "填报县数", "全市合计", "目标合计", "合计完成率"),
                               [(item.name, item.measure_unit or "", f"{item.reported_count}/{len(item.values)}",
                                 total_text(item), format_number(item.target_total) if item.summable else "",
                                 percent_text(item.total / item.target_total)
                                 if item.total is not None and item.target_total else "") for item in shared],
                               [w * mm for w in (52, 18, 20, 24, 22, 20)],
                               ("left", "center", "center", "right", "right", "right"), where="共同指标"))
    else:
        story.append(doc.p("各县（市、区）暂无共同指标。"))

    story.append(doc.h1("四、通报排名"))
    story += bulletin_story(doc, ledger, period_key)
    return doc.build(Path(out), story, progress=progress, is_cancelled=is_cancelled)
