"""The final acceptance report (工作总结暨验收报告): its content, and `build_acceptance_report(ledger, out, period_key)`.

A cover (title, county, reporting unit with room for its seal, date); 一、基本情况; 二、目标任务完成情况 (every target on
a landscape table, every task with its lead units and final status, by section); 三、主要做法与成效, 四、存在问题,
五、下一步工作 (the clerk's texts from db.report_texts); the 附件 note, 发文机关署名 and 成文日期 with room for the seal;
附件 佐证材料目录 (evidence numbered per task, grouped under each task); a 验收意见 page (room for the opinion, the
acceptance group's signature grid, 组长签字, dates and seal areas). One `ReportContent` for PDF and Word.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from db.report_texts import ACCEPTANCE_TEXT_KEYS
from db.vocabulary import DONE, STATUSES, TARGET_REACHED
from reports.progress_report import TEXT_WIDTH_PT, BuiltReport, _drop, addressee_line, contact_note
from reports.report_content import (Closing, Cover, Heading, Landscape, Opinion, PageBreak, Para, Portrait,
                                    ReportContent, Span, TableBlock, Title, attachment_lines)
from reports.report_data import (AcceptanceData, acceptance_data, cn_date, has_baselines, programme_name,
                                 target_years_note)
from reports.title_lines import title_lines

EMPTY_TEXT = "（本部分尚未填写。请在程序的“报告打印”页面填写后重新生成。）"
EVIDENCE_INDEX = "佐证材料目录"
LANDSCAPE_WIDTH_PT = 671.8   # landscape A4 text width (297 mm less 30 mm each side)


def _programme_kind(title: str) -> str:
    """试点 for a pilot programme, 示范 for a demonstration, "" when the title says neither."""
    if "试点" in title:
        return "试点"
    return "示范" if "示范" in title else ""


def _region_label(title: str) -> str:
    """The cover's place label in the programme's own word: 试点地区 for a pilot, 示范地区 for a demonstration."""
    return f"{_programme_kind(title)}地区"


def _cover(data: AcceptanceData) -> Cover:
    rows = [(_region_label(data.title), data.county or ""), ("报送单位", (data.bureau or "") + "（盖章）"),
            ("报送日期", cn_date(data.made_on))]
    return Cover(title_lines(data.title, 17), rows)


def _basic(data: AcceptanceData) -> list:
    plan = data.plan
    blocks: list = [Heading("一、基本情况")]
    issued = "、".join(x for x in (plan.get("issuer"), plan.get("doc_number"),
                                   cn_date(plan["doc_date"]) if plan.get("doc_date") else "") if x)
    span = (f"{plan['start_year']}—{plan['end_year']}年" if plan.get("start_year") and plan.get("end_year")
            else "未写明")
    programme = programme_name(plan.get("title") or "", data.county)
    kind = _programme_kind(data.title)   # the programme's own word, as on the cover
    if programme.endswith(("试点县", "示范县")):
        programme = programme[:-1]
    blocks.append(Para(f"{programme}工作依据《{plan['title']}》" + (f"({issued})" if issued else "")
                       + f"组织实施，{kind or '实施'}期为{span}。", where="基本情况"))
    if data.phases:
        phases = ";".join(f"{p['name']}（{cn_date(p['start']) if p.get('start') else '—'}至"
                          f"{cn_date(p['end']) if p.get('end') else '—'}）" for p in data.phases)
        blocks.append(Para(f"工作分为{len(data.phases)}个阶段：{phases}。", where="基本情况"))
    blocks.append(Para(
        f"{kind}工作由{data.bureau or '县知识产权管理部门'}牵头，{data.unit_count}个责任单位共同承担；方案共设重点任务"
        f"{data.task_count}项、量化指标{len(data.targets)}项，按{len(data.periods)}个报告期跟踪填报进展"
        + (f"（截至{data.period['name']}）。" if data.period else "（尚未设置报告期）。"), where="基本情况"))
    return blocks


def _targets(data: AcceptanceData) -> list:
    blocks: list = [Heading("二、目标任务完成情况"), Heading("（一）量化指标完成情况", 2)]
    if not data.targets:
        return blocks + [Para("方案未设定量化指标。")]
    met = sum(1 for t in data.targets if t.met == TARGET_REACHED)
    blocks.append(Para(f"方案设定量化指标{len(data.targets)}项，达标{met}项，未达标"
                       f"{len(data.targets) - met}项（含未填报）。逐项情况见下表。"))
    blocks.append(Landscape())
    years_note = target_years_note(data.targets, data.plan)
    header = ["序号", "指标名称", "单位", "基期值", "目标值", "完成值", "完成率", "是否达标", "佐证材料编号"]
    fixed = [30, 36, 62, 80, 62, 56, 52, 96]
    widths = [fixed[0], LANDSCAPE_WIDTH_PT - sum(fixed), *fixed[1:]]
    aligns = ["center", "left", "center", "right", "right", "right", "right", "center", "left"]
    rows = [[str(t.number), t.name, t.measure_unit, t.baseline,
             t.target + ("" if years_note or not t.target_year else f"（{t.target_year}年）"), t.actual, t.rate,
             t.met, t.evidence or "—"] for t in data.targets]
    if not has_baselines(data.targets):   # no baselines in the plan: no column of dashes
        header, aligns, rows = _drop(header, 3), _drop(aligns, 3), [_drop(r, 3) for r in rows]
        widths = _drop(widths, 3)
        widths[1] += 62
    blocks.append(TableBlock(header, rows, widths, aligns, title="量化指标完成情况表", where="量化指标完成情况表",
                             font_size=10))
    blocks.append(Para(f"注：{years_note + ';' if years_note else ''}完成值为截至"
                       f"{data.period['name'] if data.period else '目前'}最近一次填报的数值；完成率=完成值÷目标值"
                       f"（“≤”类指标为目标值÷完成值）；佐证材料编号见附件《{EVIDENCE_INDEX}》。", "note"))
    blocks.append(Portrait())
    return blocks


def _tasks(data: AcceptanceData) -> list:
    counts = "、".join(f"{s}{data.by_status.get(s, 0)}项" for s in STATUSES)
    blocks: list = [Heading("（二）重点任务完成情况", 2),
                    Para(f"方案共设重点任务{data.task_count}项，其中{counts}。按方案章节逐项列示如下。")]
    widths = [30, 150, 130, 52, TEXT_WIDTH_PT - 362]
    for index, section in enumerate(data.sections, 1):
        blocks.append(Heading(f"{index}.{section.heading}", 3))
        rows = [[t.number, t.title, "、".join(t.lead_units) or "未明确",
                 t.status + (f"\n{t.percent}" if t.percent and t.status != DONE else ""),
                 "、".join(e.ref for e in t.evidence) or "—"] for t in section.tasks]
        blocks.append(TableBlock(["序号", "任务", "牵头单位", "完成状态", "佐证材料"], rows, widths,
                                 ["center", "left", "left", "center", "left"], where=f"任务表“{section.heading}”"))
    return blocks


def _texts(data: AcceptanceData) -> list:
    blocks: list = []
    for number, (key, label) in zip(("三", "四", "五"), ACCEPTANCE_TEXT_KEYS.items()):
        blocks.append(Heading(f"{number}、{label}"))
        lines = [line.strip() for line in (data.texts.get(key) or "").splitlines() if line.strip()] or [EMPTY_TEXT]
        blocks += [Para(line, where=label) for line in lines]
    return blocks


def _evidence_index(data: AcceptanceData) -> list:
    """附件: every evidence file under its task, numbered per task (4-1, 4-2, …)."""
    blocks: list = [PageBreak(), Para("附件", "flush"), Title([EVIDENCE_INDEX])]
    if not data.evidence:
        return blocks + [Para("台账中尚未上传佐证材料。")]
    titles = {t.number: t.title for s in data.sections for t in s.tasks}
    rows: list = []
    current = None
    for e in data.evidence:
        if e.task_number != current:
            current = e.task_number
            rows.append(Span(f"任务{current}　{titles.get(current, '')}"))
        rows.append([e.ref, e.name, e.unit, e.period, e.size, e.sha256])
    blocks.append(TableBlock(["编号", "材料名称", "报送单位", "报告期", "大小", "校验码"], rows,
                             [36, TEXT_WIDTH_PT - 36 - 100 - 76 - 40 - 80, 100, 76, 40, 80],
                             ["center", "left", "left", "center", "right", "center"], where=EVIDENCE_INDEX,
                             font_size=9.5, literal_cols=(1,)))
    blocks.append(Para("注：编号“4-2”表示任务4的第2份佐证材料；材料原件保存在台账文件中；校验码为文件 SHA-256 值的"
                       "前12位，可用于核对材料是否改动。", "note"))
    return blocks


def acceptance_content(data: AcceptanceData) -> ReportContent:
    settings = data.settings
    blocks: list = [_cover(data), Title(title_lines(data.title)), *addressee_line(settings)]
    blocks += _basic(data)
    blocks += _targets(data)
    blocks += _tasks(data)
    blocks += _texts(data)
    annexes = [EVIDENCE_INDEX] if data.evidence else []
    blocks.append(Closing(signer=settings.signer or data.bureau, date=cn_date(data.made_on),
                          attachments=attachment_lines(annexes), note=contact_note(settings)))
    blocks += _evidence_index(data)
    blocks += [PageBreak(), Title(["验收意见"]), Opinion()]
    warnings = [f"“{label}”尚未填写。" for key, label in ACCEPTANCE_TEXT_KEYS.items() if not data.texts.get(key)]
    if data.period is None:
        warnings.append("方案还没有报告期，指标完成值和任务状态均按“未填报”列出。")
    return ReportContent(title=data.title, blocks=blocks, fingerprint=data.fingerprint,
                         footer_note=f"生成于{cn_date(data.made_on)}", author=data.bureau,
                         subject=data.plan.get("title") or "", has_cover=True, warnings=warnings)


def build_acceptance_report(ledger, out: str | Path | None, period_key: str | None = None, *, fonts=None,
                            progress: Callable[[int, int], None] | None = None,
                            is_cancelled: Callable[[], bool] | None = None, fmt: str | None = None) -> BuiltReport:
    data = acceptance_data(ledger, period_key)
    from reports.report_output import write_report_content

    return write_report_content(acceptance_content(data), out, fmt=fmt, fonts=fonts, progress=progress,
                                is_cancelled=is_cancelled, check=data.county + data.bureau)
