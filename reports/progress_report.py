"""The period progress report (工作进展情况报告): its content, and `build_progress_report(ledger, out, period_key)`.

Title; 主送机关 when set; header block (county, bureau, period, date made); 一、总体进展 (tasks by status with a chart,
units reported, overdue tasks); 二、指标完成情况 (table); 三、重点任务推进情况 (by section and task: lead unit, status
and each unit's progress text for the period); 四、存在问题 and 五、下步计划 (the clerk's text, then what the returns
said); the sign-off (负责人, 分管领导, 填报人 from the bureau settings) and the GB/T 9704 closing (发文机关署名 and
成文日期 right-aligned with room for the seal). Numbers come from reports.report_data; the content is one
`ReportContent` that reports/pdf_render.py and reports/docx_render.py both draw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from db.vocabulary import BEHIND_SCHEDULE, STATUS_COLOURS, STATUSES, TARGET_REACHED
from reports.report_content import (Chart, Closing, Heading, Para, ReportContent, SignOff, Span, TableBlock,
                                    Title)
from reports.report_data import ProgressData, cn_date, has_baselines, progress_data, target_years_note
from reports.title_lines import title_lines

CN_NUMBERS = "一二三四五六七八九十"
TEXT_WIDTH_PT = 442.2   # 156 mm: the relative column widths below are in points of the portrait text width


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


def _header_block(data: ProgressData) -> list:
    period = data.period
    lines = [
        ("县（市、区）", data.county or "—"),
        ("填报单位", data.bureau or "—"),
        ("报告期", f"{period['name']}（{cn_date(period['start'])}至{cn_date(period['end'])}）"),
        ("报告日期", cn_date(data.made_on)),
    ]
    for note in data.reopen_notes:  # a closed period reopened: said on every report made from it
        lines.append(("重新开放", f"本报告期关闭后于{cn_date(note['at'][:10])}由{note['actor'] or '管理员'}重新开放，"
                                 f"原因：{note['reason'] or '未说明'}"))
    return [Para(f"{label}：{value}", "plain", "报告信息") for label, value in lines]


def _overall(data: ProgressData) -> list:
    s = data.summary
    by = s["by_status"]
    blocks: list = [Heading("一、总体进展")]
    parts = "、".join(f"{status}{by.get(status, 0)}项" for status in STATUSES)
    blocks.append(Para(f"截至{cn_date(data.period['end'])}，方案共有重点任务{s['tasks']}项，其中{parts}。"))
    missing = data.units_not_reported
    # Units that sent anything count as reported; whether every task was answered is said by the entry counts
    # (the ledger does not know whether a return came in on time, so the text does not claim it).
    short = s["entries_expected"] - s["entries_reported"]
    text = (f"本期应报送进展的责任单位{s['units']}个，已报送{s['units_reported']}个"
            + (f"，尚未报送{len(missing)}个（{'、'.join(missing)}）。" if missing else "，均已报送。")
            + f"应填报进展条目{s['entries_expected']}条，已填报{s['entries_reported']}条"
            + (f"（其中{s['entries_unchanged']}条与上期内容相同，未标明本期无新进展，有待核实）"
               if s.get("entries_unchanged") else "")
            + (f"，尚缺{short}条。" if short > 0 else "。"))
    blocks.append(Para(text, where="总体进展"))
    overdue = data.overdue
    if overdue:
        blocks.append(Para(f"逾期未完成的任务{len(overdue)}项（已过完成时限仍未完成，见下表及第三部分）。"))
    else:
        blocks.append(Para("本期没有逾期未完成的任务。"))
    blocks.append(Chart("任务完成状态分布（项）", {s_: by.get(s_, 0) for s_ in STATUSES}, dict(STATUS_COLOURS)))
    if overdue:
        rows = [[t.number, t.title, "、".join(t.lead_units) or "—", t.status] for t in overdue]
        blocks.append(TableBlock(["序号", "任务", "牵头单位", "当前状态"], rows, [34, TEXT_WIDTH_PT - 34 - 150 - 56, 150, 56],
                                 ["center", "left", "left", "center"], title="逾期未完成任务", where="逾期任务表"))
    return blocks


def _targets(data: ProgressData) -> list:
    blocks: list = [Heading("二、指标完成情况")]
    if not data.targets:
        return blocks + [Para("方案未设定量化指标。")]
    met = sum(1 for t in data.targets if t.met == TARGET_REACHED)
    behind = sum(1 for t in data.targets if t.on_track == BEHIND_SCHEDULE)
    blocks.append(Para(f"方案设定量化指标{len(data.targets)}项，截至本期已达标{met}项，"
                       f"滞后于序时进度{behind}项。具体如下："))
    years_note = target_years_note(data.targets, data.plan)
    baselines = has_baselines(data.targets)
    header = ["序号", "指标", "单位", "基期值", "目标值", "当前值", "完成率", "是否达到序时进度"]
    widths = [28, 134, 32, 48, 58, 50, 46, 46]
    aligns = ["center", "left", "center", "right", "right", "right", "right", "center"]
    rows = [[str(t.number), t.name, t.measure_unit, t.baseline,
             t.target + ("" if years_note or not t.target_year else f"（{t.target_year}年）"), t.actual, t.rate,
             t.on_track] for t in data.targets]
    plain = [0, 2, 3, 5, 6, 7] + ([] if years_note else [4])
    if not baselines:     # no target has a baseline: leave the column out rather than print 未填写 on every row
        header, widths, aligns = _drop(header, 3), _drop(widths, 3), _drop(aligns, 3)
        widths[1] += 48
        rows = [_drop(r, 3) for r in rows]
        plain = [c - (c > 3) for c in plain if c != 3]
    blocks.append(TableBlock(header, rows, widths, aligns, where="指标完成情况表", font_size=10, plain_cols=plain))
    basis = "基期至目标年份" if baselines else "方案起始年至目标年份"
    blocks.append(Para(f"注：{years_note + ';' if years_note else ''}当前值为截至本期末最近一次填报的数值；"
                       f"完成率=当前值÷目标值（“≤”类指标为目标值÷当前值）；是否达到序时进度按{basis}均匀推算"
                       "（已达标的指标计为“是”）。", "note"))
    return blocks


def _drop(items, index: int) -> list:
    return [x for i, x in enumerate(items) if i != index]


TASK_COLUMNS = ["填报单位", "状态", "进度", "本期进展情况"]


def _tasks(data: ProgressData) -> list:
    """Per section: the column heads, then one small table per task whose title row repeats when it breaks
    across pages (many small tables lay out in linear time; one long table is re-measured on every page)."""
    blocks: list = [Heading("三、重点任务推进情况")]
    widths = [120, 44, 40, TEXT_WIDTH_PT - 204]
    aligns = ["left", "center", "center", "left"]
    for index, section in enumerate(data.sections, 1):
        blocks.append(Heading(f"({cn_ordinal(index)}){section.heading}", 2))
        blocks.append(TableBlock(TASK_COLUMNS, [], widths, aligns, keep_header_only=True))
        where = f"第三部分“{section.heading}”"
        for task in section.tasks:
            leads = "、".join(task.lead_units) or "未明确"
            status = task.status + (f"，完成进度{task.percent}" if task.percent else "")
            overdue = "，已逾期" if task.overdue else ""
            rows: list = [Span(f"{task.number}.{task.title}（牵头单位：{leads}；任务状态：{status}{overdue}）")]
            for entry in task.entries:
                progress = entry.progress if entry.reported else "本期未填报。"
                rows.append([f"{entry.unit}({entry.role})", entry.status, entry.percent or "—",
                             progress or "（未填写进展情况）"])
            blocks.append(TableBlock(None, rows, widths, aligns, where=where, plain_cols=(1, 2), valign="TOP"))
    return blocks


def _gathered(heading: str, clerk_text: str, items, empty: str) -> list:
    blocks: list = [Heading(heading)]
    blocks += [Para(line, where=heading) for line in clerk_text.splitlines() if line.strip()]
    if items:
        blocks.append(Para("各单位填报情况汇总如下：" if clerk_text else "各单位填报的情况如下："))
        for number, item in enumerate(items, 1):
            blocks.append(Para(f"{number}.{item.text}({'、'.join(item.sources)})", where=heading))
    elif not clerk_text:
        blocks.append(Para(empty))
    return blocks


def contact_note(settings) -> str:
    """附注 under the date: （联系人：张三，联系电话：0523-87654321）, or '' when neither is set."""
    parts = [f"联系人：{settings.filled_by}" if settings.filled_by else "",
             f"联系电话：{settings.phone}" if settings.phone else ""]
    parts = [p for p in parts if p]
    return f"（{'，'.join(parts)}）" if parts else ""


def addressee_line(settings) -> list:
    """主送机关 one line below the title, flush left, ending in a colon (GB/T 9704); nothing when not set."""
    return [Para(f"{settings.addressee}:", "plain", "主送机关")] if settings.addressee else []


def progress_content(data: ProgressData) -> ReportContent:
    settings = data.settings
    blocks: list = [Title(title_lines(data.title), f"({data.period['name']})"), *addressee_line(settings)]
    blocks += _header_block(data)
    blocks += _overall(data)
    blocks += _targets(data)
    blocks += _tasks(data)
    blocks += _gathered("四、存在问题", data.clerk_texts.get("problems", ""), data.problems,
                        "本期各单位未报告存在问题。")
    blocks += _gathered("五、下步计划", data.clerk_texts.get("next_steps", ""), data.next_steps,
                        "本期各单位未填报下步计划。")
    blocks.append(SignOff([("负责人（签字）", settings.leader), ("分管领导（签字）", settings.deputy_leader),
                           ("填报人", settings.filled_by), ("联系电话", settings.phone)]))
    blocks.append(Closing(signer=settings.signer or data.bureau, date=cn_date(data.made_on)))
    warnings = []
    if not data.clerk_texts.get("problems") and not data.clerk_texts.get("next_steps"):
        warnings.append("“存在问题”和“下步计划”只汇总了各单位的填报，尚未填写本单位的综述。")
    if not settings.leader:
        warnings.append("尚未设置负责人，签署栏留空待手写。可在“文件 → 单位与签署人…”（或 ipledger settings）中填写。")
    return ReportContent(title=f"{data.title}({data.period['name']})", blocks=blocks, fingerprint=data.fingerprint,
                         footer_note=f"{data.period['name']}  生成于{cn_date(data.made_on)}", author=data.bureau,
                         subject=data.plan.get("title") or "", warnings=warnings)


def build_progress_report(ledger, out: str | Path | None, period_key: str | None = None, *, fonts=None,
                          progress: Callable[[int, int], None] | None = None,
                          is_cancelled: Callable[[], bool] | None = None, gather_returns: bool = True,
                          fmt: str | None = None) -> BuiltReport:
    """Gather, then draw as PDF (the default; characters checked against the fonts, laid out, written atomically,
    or returned as bytes when `out` is None) or as Word (`fmt="docx"` or an out path ending in .docx).

    `gather_returns`: also list what the units wrote under 存在问题 / 下步计划 (else only the clerk's texts)."""
    data = progress_data(ledger, period_key)
    if not gather_returns:
        data.problems, data.next_steps = [], []
    from reports.report_output import write_report_content

    return write_report_content(progress_content(data), out, fmt=fmt, fonts=fonts, progress=progress,
                                is_cancelled=is_cancelled, check=data.county + data.bureau)
