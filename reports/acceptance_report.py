"""The final acceptance report (工作总结暨验收报告) as a PDF: `build_acceptance_report(ledger, out, period_key)`.

A cover (title, county, reporting unit with room for its seal, date); 一、基本情况; 二、目标任务完成情况 (every target on
a landscape table, every task with its lead units and final status, by section); 三、主要做法与成效, 四、存在问题,
五、下一步工作 (the clerk's texts from db.report_texts); 附件 佐证材料目录 (evidence numbered per task); a 验收意见 page
(room for the opinion, the acceptance group's signature grid, 组长签字, dates and seal areas).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from db.report_texts import ACCEPTANCE_TEXT_KEYS
from db.vocabulary import DONE, STATUSES
from reports.pdf_fonts import check_text, report_fonts
from reports.pdf_layout import BODY_LEADING, TEXT_WIDTH, OfficialDocument, title_lines
from reports.progress_report import BuiltReport, cn_ordinal
from reports.report_data import AcceptanceData, acceptance_data, cn_date, programme_name, target_years_note

EMPTY_TEXT = "(本部分尚未填写。请在程序的“报告打印”页面填写后重新生成。)"
GROUP_ROWS = 7


def _programme_kind(title: str) -> str:
    """试点 for a pilot programme, 示范 for a demonstration, "" when the title says neither."""
    if "试点" in title:
        return "试点"
    return "示范" if "示范" in title else ""


def _region_label(title: str) -> str:
    """The cover's place label in the programme's own word: 试点地区 for a pilot, 示范地区 for a demonstration."""
    return f"{_programme_kind(title)}地区"


def _cover(doc: OfficialDocument, data: AcceptanceData) -> list:
    story: list = [Spacer(1, 45 * mm)]
    for line in title_lines(data.title, 17):
        story.append(doc.p(line, "cover_title", "封面标题"))
    story.append(Spacer(1, 55 * mm))
    rows = [(_region_label(data.title), data.county or ""), ("报送单位", (data.bureau or "") + "(盖章)"),
            ("报送日期", cn_date(data.made_on))]
    label_width = 5.5 * doc.styles["body"].fontSize
    table = Table([[doc.p(f"{label}:", "cover_label"), doc.p(value, "cover_line", "封面")] for label, value in rows],
                  colWidths=[label_width, TEXT_WIDTH - label_width], hAlign="CENTER")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("TOPPADDING", (0, 0), (-1, -1), 22), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black)]))
    story.append(table)
    story += [NextPageTemplate("portrait"), PageBreak()]
    return story


def _basic(doc: OfficialDocument, data: AcceptanceData) -> list:
    plan = data.plan
    story = [doc.h1("一、基本情况")]
    issued = "、".join(x for x in (plan.get("issuer"), plan.get("doc_number"),
                                   cn_date(plan["doc_date"]) if plan.get("doc_date") else "") if x)
    span = (f"{plan['start_year']}—{plan['end_year']}年" if plan.get("start_year") and plan.get("end_year")
            else "未写明")
    programme = programme_name(plan.get("title") or "", data.county)
    kind = _programme_kind(data.title)   # the programme's own word, as on the cover
    if programme.endswith(("试点县", "示范县")):
        programme = programme[:-1]
    story.append(doc.p(f"{programme}工作依据《{plan['title']}》"
                       + (f"({issued})" if issued else "") + f"组织实施,{kind or '实施'}期为{span}。",
                       where="基本情况"))
    if data.phases:
        phases = ";".join(f"{p['name']}({cn_date(p['start']) if p.get('start') else '—'}至"
                          f"{cn_date(p['end']) if p.get('end') else '—'})" for p in data.phases)
        story.append(doc.p(f"工作分为{len(data.phases)}个阶段:{phases}。", where="基本情况"))
    story.append(doc.p(
        f"{kind}工作由{data.bureau or '县知识产权管理部门'}牵头,{data.unit_count}个责任单位共同承担;方案共设重点任务"
        f"{data.task_count}项、量化指标{len(data.targets)}项,按{len(data.periods)}个报告期跟踪填报进展"
        + (f"(截至{data.period['name']})。" if data.period else "(尚未设置报告期)。"), where="基本情况"))
    return story


def _targets(doc: OfficialDocument, data: AcceptanceData) -> list:
    story = [doc.h1("二、目标任务完成情况"), doc.h2("(一)量化指标完成情况")]
    if not data.targets:
        return story + [doc.p("方案未设定量化指标。")]
    met = sum(1 for t in data.targets if t.met == "达标")
    story.append(doc.p(f"方案设定量化指标{len(data.targets)}项,达标{met}项,未达标"
                       f"{len(data.targets) - met}项(含未填报)。逐项情况见下表。"))
    story += doc.to_landscape()
    years_note = target_years_note(data.targets, data.plan)
    rows = [[str(t.number), t.name, t.measure_unit, t.baseline,
             t.target + ("" if years_note or not t.target_year else f"({t.target_year}年)"), t.actual, t.rate,
             t.met, t.evidence or "—"] for t in data.targets]
    width = doc.landscape_width
    fixed = [30, 36, 62, 80, 62, 56, 52, 96]
    story += doc.table_title("量化指标完成情况表")
    story.append(doc.table(["序号", "指标名称", "单位", "基期值", "目标值", "完成值", "完成率", "是否达标",
                            "佐证材料编号"], rows,
                           [fixed[0], width - sum(fixed), *fixed[1:]],
                           ["center", "left", "center", "right", "right", "right", "right", "center", "left"],
                           where="量化指标完成情况表", font_size=10))
    story.append(doc.p(f"注:{years_note + ';' if years_note else ''}完成值为截至"
                       f"{data.period['name'] if data.period else '目前'}最近一次填报的数值;完成率=完成值÷目标值"
                       "(“≤”类指标为目标值÷完成值);佐证材料编号见附件《佐证材料目录》。", "note"))
    story += doc.to_portrait()
    return story


def _tasks(doc: OfficialDocument, data: AcceptanceData) -> list:
    counts = "、".join(f"{s}{data.by_status.get(s, 0)}项" for s in STATUSES)
    story = [doc.h2("(二)重点任务完成情况"),
             doc.p(f"方案共设重点任务{data.task_count}项,其中{counts}。按方案章节逐项列示如下。")]
    widths = [30, 150, 130, 52, TEXT_WIDTH - 362]
    for index, section in enumerate(data.sections, 1):
        story.append(doc.p(f"{index}.{section.heading}", "h3"))
        rows = [[t.number, t.title, "、".join(t.lead_units) or "未明确",
                 t.status + (f"\n{t.percent}" if t.percent and t.status != DONE else ""),
                 "、".join(e.ref for e in t.evidence) or "—"] for t in section.tasks]
        story.append(doc.table(["序号", "任务", "牵头单位", "完成状态", "佐证材料"], rows, widths,
                               ["center", "left", "left", "center", "left"], where=f"任务表“{section.heading}”"))
    return story


def _texts(doc: OfficialDocument, data: AcceptanceData) -> list:
    story = []
    for number, (key, label) in zip(("三", "四", "五"), ACCEPTANCE_TEXT_KEYS.items()):
        story.append(doc.h1(f"{number}、{label}"))
        story += doc.paragraphs(data.texts.get(key), where=label, empty=EMPTY_TEXT)
    return story


def _evidence_index(doc: OfficialDocument, data: AcceptanceData) -> list:
    story = [PageBreak(), doc.p("附件", "h1_flush"), Spacer(1, BODY_LEADING / 2)]
    story += doc.title_block(["佐证材料目录"])
    if not data.evidence:
        return story + [doc.p("台账中尚未上传佐证材料。")]
    rows = [[e.ref, e.name, e.unit, e.period, e.size, e.sha256] for e in data.evidence]
    story.append(doc.table(["编号", "材料名称", "报送单位", "报告期", "大小", "校验码"], rows,
                           [36, TEXT_WIDTH - 36 - 100 - 76 - 40 - 80, 100, 76, 40, 80],
                           ["center", "left", "left", "center", "right", "center"], where="佐证材料目录",
                           font_size=9.5, literal_cols=(1,)))
    story.append(doc.p("注:编号“4-2”表示任务4的第2份佐证材料;材料原件保存在台账文件中;校验码为文件 SHA-256 值的"
                       "前12位,可用于核对材料是否改动。", "note"))
    return story


def _opinion_page(doc: OfficialDocument, data: AcceptanceData) -> list:
    story = [PageBreak()]
    story += doc.title_block(["验收意见"])
    opinion = Table([[doc.p("验收意见:", "plain")], [doc.p("验收结论:□ 通过　　□ 基本通过　　□ 不通过", "plain")]],
                    colWidths=[TEXT_WIDTH], rowHeights=[60 * mm, 12 * mm])
    opinion.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body), ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                                 ("VALIGN", (0, 0), (0, 0), "TOP"), ("VALIGN", (0, 1), (0, 1), "MIDDLE"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    story += [opinion, Spacer(1, 5 * mm), doc.p("验收组成员", "table_title")]   # one page: no page break here
    header = ["序号", "姓名", "单位", "职务", "职称", "签字"]
    widths = [30, 62, TEXT_WIDTH - 30 - 62 - 60 - 60 - 80, 60, 60, 80]
    grid = doc.table(header, [[str(i), "", "", "", "", ""] for i in range(1, GROUP_ROWS + 1)], widths,
                     ["center"] * 6, where="验收组成员", row_heights=[None] + [8 * mm] * GROUP_ROWS)
    story.append(grid)
    story.append(Spacer(1, 4 * mm))
    seals = Table([
        [doc.p("验收组组长(签字):", "plain"), doc.p("日期:　　　年　　月　　日", "right")],
        [doc.p("县(市、区)人民政府(盖章)", "plain"), doc.p("市知识产权局(盖章)", "right")],
        [doc.p("　　　年　　月　　日", "plain"), doc.p("　　　年　　月　　日", "right")],
    ], colWidths=[TEXT_WIDTH / 2, TEXT_WIDTH / 2], rowHeights=[12 * mm, 24 * mm, 10 * mm])
    seals.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), doc.fonts.body), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(seals)
    return story


def acceptance_story(doc: OfficialDocument, data: AcceptanceData) -> list:
    story = _cover(doc, data)
    story += doc.title_block(title_lines(data.title))
    story += _basic(doc, data)
    story += _targets(doc, data)
    story += _tasks(doc, data)
    story += _texts(doc, data)
    story += _evidence_index(doc, data)
    story += _opinion_page(doc, data)
    return story


def build_acceptance_report(ledger, out: str | Path | None, period_key: str | None = None, *, fonts=None,
                            progress: Callable[[int, int], None] | None = None,
                            is_cancelled: Callable[[], bool] | None = None) -> BuiltReport:
    fonts = fonts or report_fonts()
    data = acceptance_data(ledger, period_key)
    doc = OfficialDocument(fonts=fonts, fingerprint=data.fingerprint, title=data.title, author=data.bureau,
                           subject=data.plan.get("title") or "", first_template="cover",
                           footer_note=f"生成于{cn_date(data.made_on)}")
    check_text(data.county + data.bureau, fonts.body, fonts, "县名或单位名称")
    story = acceptance_story(doc, data)
    warnings = [f"“{label}”尚未填写。" for key, label in ACCEPTANCE_TEXT_KEYS.items() if not data.texts.get(key)]
    if data.period is None:
        warnings.append("方案还没有报告期,指标完成值和任务状态均按“未填报”列出。")
    result = doc.build(None if out is None else Path(out), story, progress=progress, is_cancelled=is_cancelled)
    return BuiltReport(doc.title, data.fingerprint, fonts.describe(), warnings,
                       path=result if isinstance(result, Path) else None,
                       data=result if isinstance(result, bytes) else None)
