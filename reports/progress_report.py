"""The period progress report (工作进展情况报告) as a PDF: `build_progress_report(ledger, out, period_key)`.

Title, header block (county, bureau, period, date made); 一、总体进展 (tasks by status with a chart, units reported,
overdue tasks); 二、指标完成情况 (table); 三、重点任务推进情况 (by section and task: lead unit, status and each unit's
progress text for the period); 四、存在问题 and 五、下步计划 (the clerk's text, then what the returns said); a
signature block left blank for ink. Numbers come from reports.report_data (db.summary, db.lights, db.queries).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from db.vocabulary import STATUS_COLOURS, STATUSES
from reports.pdf_fonts import check_text, report_fonts
from reports.pdf_layout import BODY_LEADING, TEXT_WIDTH, OfficialDocument, SpanRow, title_lines
from reports.report_data import ProgressData, cn_date, progress_data, target_years_note

CN_NUMBERS = "一二三四五六七八九十"


@dataclass
class BuiltReport:
    """What a report build produced: the file (or the bytes), and what the dialog shows."""
    title: str
    fingerprint: str
    fonts_used: list[str]
    warnings: list[str]
    path: Path | None = None
    data: bytes | None = None


def cn_ordinal(index: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (section numbers (一)…)."""
    if index <= 10:
        return CN_NUMBERS[index - 1]
    tens, ones = divmod(index, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def nice_step(rough: float) -> int:
    """An axis step of 1, 2 or 5 × 10^k, at least `rough` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= rough:
                return step * factor
        step *= 10


def status_chart(doc: OfficialDocument, by_status: dict[str, int]) -> Drawing:
    """A bar chart of the tasks by status, with Chinese labels and the count above each bar."""
    width, height = 300, 170
    drawing = Drawing(width, height, initialFontName=doc.fonts.body)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, height - 60
    values = [by_status.get(s, 0) for s in STATUSES]
    chart.data = [values]
    chart.categoryAxis.categoryNames = list(STATUSES)
    chart.categoryAxis.labels.fontName = doc.fonts.body
    chart.categoryAxis.labels.fontSize = 10
    chart.valueAxis.labels.fontName = doc.fonts.body
    chart.valueAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    top = max(values + [1])
    step = nice_step(top / 5)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * (-(-top // step) + 1)
    chart.barWidth = 18
    chart.bars.strokeColor = None
    for index, status in enumerate(STATUSES):
        chart.bars[(0, index)].fillColor = colors.HexColor(STATUS_COLOURS[status])
    chart.barLabels.fontName = doc.fonts.body
    chart.barLabels.fontSize = 10
    chart.barLabels.nudge = 7
    chart.barLabelFormat = "%d"
    drawing.add(chart)
    drawing.add(String(width / 2, height - 14, "任务完成状态分布(项)", fontName=doc.fonts.heading, fontSize=10.5,
                       textAnchor="middle"))
    return drawing


def _header_block(doc: OfficialDocument, data: ProgressData) -> list:
    period = data.period
    lines = [
        ("县(市、区)", data.county or "—"),
        ("填报单位", data.bureau or "—"),
        ("报告期", f"{period['name']}({cn_date(period['start'])}至{cn_date(period['end'])})"),
        ("报告日期", cn_date(data.made_on)),
    ]
    for note in data.reopen_notes:  # a closed period reopened: said on every report made from it
        lines.append(("重新开放", f"本报告期关闭后于{cn_date(note['at'][:10])}由{note['actor'] or '管理员'}重新开放,"
                                 f"原因:{note['reason'] or '未说明'}"))
    return [doc.p(f"{label}:{value}", "plain", "报告信息") for label, value in lines] + [Spacer(1, BODY_LEADING / 2)]


def _overall(doc: OfficialDocument, data: ProgressData) -> list:
    s = data.summary
    by = s["by_status"]
    story = [doc.h1("一、总体进展")]
    parts = "、".join(f"{status}{by.get(status, 0)}项" for status in STATUSES)
    story.append(doc.p(f"截至{cn_date(data.period['end'])},方案共有重点任务{s['tasks']}项,其中{parts}。"))
    missing = data.units_not_reported
    # Units that sent anything count as reported; whether every task was answered is said by the entry counts
    # (the ledger does not know whether a return came in on time, so the text does not claim it).
    short = s["entries_expected"] - s["entries_reported"]
    text = (f"本期应报送进展的责任单位{s['units']}个,已报送{s['units_reported']}个"
            + (f",尚未报送{len(missing)}个({'、'.join(missing)})。" if missing else ",均已报送。")
            + f"应填报进展条目{s['entries_expected']}条,已填报{s['entries_reported']}条"
            + (f",尚缺{short}条。" if short > 0 else "。"))
    story.append(doc.p(text, where="总体进展"))
    overdue = data.overdue
    if overdue:
        story.append(doc.p(f"逾期未完成的任务{len(overdue)}项(已过完成时限仍未完成,见下表及第三部分)。"))
    else:
        story.append(doc.p("本期没有逾期未完成的任务。"))
    story.append(KeepTogether([Spacer(1, 6), status_chart(doc, by), Spacer(1, 6)]))
    if overdue:
        rows = [[t.number, t.title, "、".join(t.lead_units) or "—", t.status] for t in overdue]
        story += doc.table_title("逾期未完成任务")
        story.append(doc.table(["序号", "任务", "牵头单位", "当前状态"], rows,
                               [34, TEXT_WIDTH - 34 - 150 - 56, 150, 56], ["center", "left", "left", "center"],
                               where="逾期任务表"))
    return story


def _targets(doc: OfficialDocument, data: ProgressData) -> list:
    story = [doc.h1("二、指标完成情况")]
    if not data.targets:
        return story + [doc.p("方案未设定量化指标。")]
    met = sum(1 for t in data.targets if t.on_track == "已达标")
    behind = sum(1 for t in data.targets if t.on_track == "否")
    story.append(doc.p(f"方案设定量化指标{len(data.targets)}项,截至本期已达标{met}项,"
                       f"滞后于序时进度{behind}项。具体如下:"))
    years_note = target_years_note(data.targets, data.plan)
    rows = [[str(t.number), t.name, t.measure_unit, t.baseline,
             t.target + ("" if years_note or not t.target_year else f"({t.target_year}年)"), t.actual, t.rate,
             t.on_track] for t in data.targets]
    plain = (0, 2, 3, 5, 6, 7) if years_note else (0, 2, 3, 5, 6, 7, 4)
    widths = [28, 134, 32, 48, 58, 50, 46, 46]
    story.append(doc.table(["序号", "指标", "单位", "基期值", "目标值", "当前值", "完成率", "是否达到序时进度"], rows,
                           widths, ["center", "left", "center", "right", "right", "right", "right", "center"],
                           where="指标完成情况表", font_size=10, plain_cols=plain))
    story.append(doc.p(f"注:{years_note + ';' if years_note else ''}当前值为截至本期末最近一次填报的数值;"
                       "完成率=当前值÷目标值(“≤”类指标为目标值÷当前值);是否达到序时进度按基期至目标年份均匀推算。",
                       "note"))
    return story


TASK_COLUMNS = ["填报单位", "状态", "进度", "本期进展情况"]


def _tasks(doc: OfficialDocument, data: ProgressData) -> list:
    """Per section: the column heads, then one small table per task whose title row repeats when it breaks
    across pages (many small tables lay out in linear time; one long table is re-measured on every page)."""
    story = [doc.h1("三、重点任务推进情况")]
    widths = [120, 44, 40, TEXT_WIDTH - 204]
    aligns = ["left", "center", "center", "left"]
    for index, section in enumerate(data.sections, 1):
        # Room for the heading, the column heads and a task's first rows, else a new page: never the heads alone
        # at the foot of a page.
        story.append(CondPageBreak(5 * BODY_LEADING))
        story.append(doc.h2(f"({cn_ordinal(index)}){section.heading}"))
        story.append(doc.table(TASK_COLUMNS, [], widths, aligns))
        where = f"第三部分“{section.heading}”"
        for task in section.tasks:
            leads = "、".join(task.lead_units) or "未明确"
            status = task.status + (f",完成进度{task.percent}" if task.percent else "")
            overdue = ",已逾期" if task.overdue else ""
            rows: list = [SpanRow(f"{task.number}.{task.title}(牵头单位:{leads};任务状态:{status}{overdue})")]
            for entry in task.entries:
                progress = entry.progress if entry.reported else "本期未填报。"
                rows.append([f"{entry.unit}({entry.role})", entry.status, entry.percent or "—",
                             progress or "(未填写进展情况)"])
            story.append(doc.table(None, rows, widths, aligns, where=where, plain_cols=(1, 2), valign="TOP"))
    return story


def _gathered(doc: OfficialDocument, heading: str, clerk_text: str, items, empty: str) -> list:
    story = [doc.h1(heading)]
    story += doc.paragraphs(clerk_text, where=heading)
    if items:
        story.append(doc.p("各单位填报情况汇总如下:" if clerk_text else "各单位填报的情况如下:"))
        for number, item in enumerate(items, 1):
            story.append(doc.p(f"{number}.{item.text}({'、'.join(item.sources)})", where=heading))
    elif not clerk_text:
        story.append(doc.p(empty))
    return story


def progress_story(doc: OfficialDocument, data: ProgressData) -> list:
    story = doc.title_block(title_lines(data.title), f"({data.period['name']})")
    story += _header_block(doc, data)
    story += _overall(doc, data)
    story += _targets(doc, data)
    story += _tasks(doc, data)
    story += _gathered(doc, "四、存在问题", data.clerk_texts.get("problems", ""), data.problems,
                       "本期各单位未报告存在问题。")
    story += _gathered(doc, "五、下步计划", data.clerk_texts.get("next_steps", ""), data.next_steps,
                       "本期各单位未填报下步计划。")
    story.append(doc.signature_block("填报单位(盖章)", [
        ("负责人(签字)",), ("填报人",), ("联系电话",), ("日期", "年　　月　　日"),
    ]))
    return story


def build_progress_report(ledger, out: str | Path | None, period_key: str | None = None, *, fonts=None,
                          progress: Callable[[int, int], None] | None = None,
                          is_cancelled: Callable[[], bool] | None = None, gather_returns: bool = True) -> BuiltReport:
    """Gather, check every character against the fonts, lay out, then write atomically (or return bytes).

    `gather_returns`: also list what the units wrote under 存在问题 / 下步计划 (else only the clerk's texts)."""
    fonts = fonts or report_fonts()
    data = progress_data(ledger, period_key)
    if not gather_returns:
        data.problems, data.next_steps = [], []
    doc = OfficialDocument(fonts=fonts, fingerprint=data.fingerprint, title=f"{data.title}({data.period['name']})",
                           author=data.bureau, subject=data.plan.get("title") or "",
                           footer_note=f"{data.period['name']}  生成于{cn_date(data.made_on)}")
    check_text(data.county + data.bureau, fonts.body, fonts, "县名或单位名称")
    story = progress_story(doc, data)
    warnings = []
    if not data.clerk_texts.get("problems") and not data.clerk_texts.get("next_steps"):
        warnings.append("“存在问题”和“下步计划”只汇总了各单位的填报,尚未填写本单位的综述。")
    result = doc.build(None if out is None else Path(out), story, progress=progress, is_cancelled=is_cancelled)
    return BuiltReport(doc.title, data.fingerprint, fonts.describe(), warnings,
                       path=result if isinstance(result, Path) else None,
                       data=result if isinstance(result, bytes) else None)
