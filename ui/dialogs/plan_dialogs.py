"""The fields of the plan's edit dialogs: plan details, sections, tasks, targets (指标) and phases."""
from __future__ import annotations

from db import queries
from db.plan_edit import subitems_text
from db.units import list_units
from db.vocabulary import ATTRIBUTES, COMPARISONS
from ui.dialogs.form_dialog import CHECK, CHOICE, TEXT, Field


COMPARISON_CHOICES = [(f"{COMPARISONS['>=']}（达到或超过目标）", ">="), (f"{COMPARISONS['=']}（等于目标）", "="),
                      (f"{COMPARISONS['<=']}（不超过目标）", "<=")]


def _value(row: dict | None, key: str):
    return (row or {}).get(key)


def plan_fields(plan: dict, bureau: str | None = None) -> list[Field]:
    return [Field("bureau", "本单位名称", value=bureau, placeholder="例如 泰兴市市场监督管理局〔知识产权局〕",
                  hint="印在报告的“填报单位”、验收报告的“报送单位”、填报表的报送对象和催报通知的落款处。"),
            Field("title", "方案标题", value=plan.get("title")),
            Field("issuer", "发文机关", value=plan.get("issuer")),
            Field("doc_number", "文号", value=plan.get("doc_number"), placeholder="例如 泰政办发〔2024〕18号"),
            Field("doc_date", "成文日期", value=plan.get("doc_date"), placeholder="例如 2024-05-31"),
            Field("start_year", "起始年份", value=plan.get("start_year")),
            Field("end_year", "结束年份", value=plan.get("end_year")),
            Field("county", "县（市、区）名称", value=plan.get("county"))]


def section_choices(ledger, plan_id: int, *, exclude: int | None = None) -> list[tuple[str, int | None]]:
    return [("（顶层）", None)] + [("  " * (s["level"] - 1) + s["heading"], s["id"])
                               for s in queries.sections(ledger, plan_id) if s["id"] != exclude]


def section_fields(ledger, plan_id: int, section: dict | None = None, parent_id: int | None = None) -> list[Field]:
    fields = [Field("number", "序号", value=_value(section, "number"), placeholder="例如 一、 或 （二）"),
              Field("title", "标题", value=_value(section, "title"))]
    if section is None:
        fields.append(Field("parent_id", "上级章节", CHOICE, value=parent_id,
                            choices=section_choices(ledger, plan_id)))
    fields.append(Field("intro", "说明", TEXT, value=_value(section, "intro")))
    return fields


def phase_choices(ledger, plan_id: int) -> list[tuple[str, int | None]]:
    return [("（无）", None)] + [(p["name"], p["id"]) for p in queries.phases(ledger, plan_id)]


def task_fields(ledger, plan_id: int, task: dict | None = None, section_id: int | None = None) -> list[Field]:
    sections = [("（不属于任何章节）", None)] + section_choices(ledger, plan_id)[1:]
    return [
        Field("number", "序号", value=_value(task, "number"), placeholder="按方案原文，例如 4"),
        Field("title", "任务名称", value=_value(task, "title"), hint="任务的简短名称（原文第一句）。"),
        Field("section_id", "所属章节", CHOICE, value=_value(task, "section_id") if task else section_id,
              choices=sections),
        Field("deadline", "完成时限", value=_value(task, "deadline"), placeholder="例如 2026年6月底前、年内完成、长期坚持",
              hint="按方案原文填写；留空则按所属阶段（或方案）的结束日期计，表格中以括号显示该日期。"),
        Field("phase_id", "所属阶段", CHOICE, value=_value(task, "phase_id"), choices=phase_choices(ledger, plan_id)),
        Field("applicability", "适用范围", value=_value(task, "applicability"), placeholder="例如 必做、选做"),
        Field("text", "工作措施（全文）", TEXT, value=_value(task, "text")),
        Field("subitems", "分项工作", TEXT, value=subitems_text((task or {}).get("subitems") or []),
              placeholder="每行一项，例如：\n一是加强政策引导激励\n二是开展专利导航服务",
              hint="方案中“一是……二是……”或“（1）（2）”列出的分项，每行一项，序号写在行首；留空则不分项。"),
    ]


def indicator_fields(ledger, plan_id: int, indicator: dict | None = None) -> list[Field]:
    units = [("（未指定）", None)] + [(u["name"], u["id"]) for u in list_units(ledger, plan_id)]
    return [
        Field("category", "类别", value=_value(indicator, "category")),
        Field("name", "指标名称", value=_value(indicator, "name")),
        Field("measure_unit", "计量单位", value=_value(indicator, "measure_unit"), placeholder="件、家、亿元、%…"),
        Field("baseline", "基期值", value=_value(indicator, "baseline")),
        Field("baseline_year", "基期年份", value=_value(indicator, "baseline_year")),
        Field("target", "目标值", value=_value(indicator, "target")),
        Field("target_year", "目标年份", value=_value(indicator, "target_year")),
        Field("comparison", "比较方式", CHOICE, value=_value(indicator, "comparison") or ">=",
              choices=COMPARISON_CHOICES),
        Field("cumulative", "累计值", CHECK, value=bool(_value(indicator, "cumulative"))),
        Field("attribute", "指标属性", CHOICE, value=_value(indicator, "attribute"),
              choices=[("（未注明）", None)] + [(a, a) for a in ATTRIBUTES]),
        Field("unit_id", "负责单位", CHOICE, value=_value(indicator, "unit_id"), choices=units),
    ]


def phase_fields(phase: dict | None = None) -> list[Field]:
    return [Field("name", "阶段名称", value=_value(phase, "name"), placeholder="例如 实施阶段"),
            Field("start", "开始", value=(_value(phase, "start") or "")[:7], placeholder="例如 2024-05"),
            Field("end", "结束", value=(_value(phase, "end") or "")[:7], placeholder="例如 2026-06")]
