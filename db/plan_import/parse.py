"""A plan document → the dict `ipledger parse-plan --format json` prints (../shared/CLI.md), plus what the
review view and db.plan_store.store_plan use: section_path, subitems and source_lines per item,
section_intros, source_text (the normalised text the line numbers refer to) and warning_items.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from db.plan_import.messages import missing_units_message
from db.plan_import.metadata import read_metadata
from db.plan_import.normalise import normalise_lines
from db.plan_import.parsed_types import ParsedPlan
from db.plan_import.phases import collect_phases
from db.plan_import.structure import Node, build_outline
from db.plan_import.targets import indicators_from_rows, targets_in_text
from db.plan_import.tasks import collect_tasks, ends_cleanly
from db.plan_import.units import ONE_UNIT_MARK
from db.plan_years import plan_years

# the contract's keys (../shared/CLI.md) first, then what the review view and store_plan also use
TASK_KEYS = ("number", "title", "text", "section", "lead_units", "co_units", "responsible_units",
             "deadline", "applicability", "incomplete", "section_path", "subitems", "source_lines", "collective_units")
INDICATOR_KEYS = ("name", "unit", "baseline", "baseline_year", "target", "target_year", "comparison", "cumulative",
                  "attribute", "category", "source_text", "source_lines")


class _Warnings:
    def __init__(self):
        self.items: list[dict] = []

    def add(self, message: str, *, task_index=None, indicator_index=None, line=None) -> None:
        self.items.append({"message": message, "task_index": task_index, "indicator_index": indicator_index,
                           "line": line})


def _county(title: str | None) -> str | None:
    """'泰兴市国家知识产权强县建设…' → '泰兴市' (the place the plan is for), when the title starts with one."""
    found = re.match(r"^([\u4e00-\u9fff]{1,6}?(?:自治县|自治州|市|县|区|旗|盟))(?!场|委|政府|人民)", title or "")
    return found.group(1) if found and not found.group(1).startswith(("关于", "全国", "国家")) else None


def _goal_lines(root: Node) -> list[tuple[int, str]]:
    """Heading and body lines of the goals parts, in order; the preamble too when a plan has no goals part."""
    lines: list[tuple[int, str]] = []
    for node in root.walk():
        if node.part == "goals":
            lines.append((node.line, node.head))
            lines.extend(node.body)
        elif node.part in ("guidance", "other"):
            # '主要目标:到2025年,…' written as a paragraph of the 总体要求
            lines.extend((i, t) for i, t in node.body if _GOAL_PARAGRAPH.match(t))
    if not lines:
        lines = [(i, t) for i, t in root.body if re.search(r"(?:到|至)\s*\d{4}\s*年", t)]
    return sorted(lines)


_GOAL_PARAGRAPH = re.compile(r"^(?:[^,,。;;]{0,6}目标[::是为]|(?:到|至)\s*\d{4}\s*年)")


def _phase_lines(root: Node) -> list[tuple[int, str, str]]:
    lines = []
    for node in root.walk():
        heading = node.part == "phases" and not node.part_from_title
        lines.append((node.line, node.marker + node.head, "heading" if heading else "other"))
        if node.part == "phases":
            lines.extend((i, t, "body") for i, t in node.body)
    return sorted(lines)


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse a plan's text (pasted, or read from a file). Never raises on odd text: what is not understood
    is left out and said in the warnings."""
    lines = normalise_lines(text or "")
    meta = read_metadata(lines)
    root = build_outline(lines, meta["plan_start"], meta["plan_end"])
    warnings = _Warnings()

    tasks, intros = collect_tasks(root)
    tasks = _merge_annex_tasks([t for t in tasks if t["title"]], warnings)
    phases = collect_phases(_phase_lines(root))
    start_year, end_year = plan_years(meta["title"], phases)

    indicators: list[dict] = []
    year = None
    for index, line in _goal_lines(root):
        found = targets_in_text(line, index, year=year)
        indicators.extend(found)
        years = re.findall(r"(?:到|至)\s*(\d{4})\s*年", line)
        if years:
            year = int(years[-1])
    for node in [root, *root.walk()]:
        rows = [r for r in node.table_rows if r[2].kind == "indicators"]
        indicators.extend(indicators_from_rows(rows, end_year))
    indicators = _without_repeats(indicators)

    if tasks:
        last = tasks[-1]
        after_last = any(i > last["source_lines"][1] for i, _ in enumerate(lines))
        if (not after_last and not ends_cleanly(last["text"] or last["title"])
                and not (last["lead_units"] or last["co_units"] or last["responsible_units"] or last["deadline"])):
            last["incomplete"] = True
    for index, task in enumerate(tasks):
        if task.pop("_open_clause", False) and not task["incomplete"] and index == len(tasks) - 1:
            task["incomplete"] = True

    for task in tasks:
        task["collective_units"] = collective_units(task)
    _task_warnings(tasks, warnings)
    _indicator_warnings(indicators, end_year, warnings)
    if not meta["title"]:
        warnings.add("未识别到方案标题，请在审阅时填写。")
    if not tasks:
        warnings.add("未识别到任何任务。请检查文件是否为工作方案，或在审阅时手工添加任务。")

    return {
        "title": meta["title"], "issuer": meta["issuer"], "doc_number": meta["doc_number"], "date": meta["date"],
        "tasks": [{key: task.get(key) for key in TASK_KEYS} for task in tasks],
        "indicators": [{key: ind.get(key) for key in INDICATOR_KEYS if key != "category" or ind.get("category")}
                       for ind in indicators],
        "phases": [{"name": p["name"], "start": p["start"], "end": p["end"], "source_lines": p["source_lines"]}
                   for p in phases],
        "warnings": [item["message"] for item in warnings.items],
        "start_year": start_year, "end_year": end_year, "county": _county(meta["title"]),
        "section_intros": {heading: intro for heading, intro in intros.items()
                           if any(heading in task["section_path"] for task in tasks)},
        "warning_items": warnings.items,
        "source_text": "\n".join(lines),
    }


def collective_units(task: dict) -> list[dict]:
    """The task's collective parties ({name, role}): those named in its role lists (各县(市)区人民政府,
    各成员单位) and the catch-alls kept only here (相关部门, 局内相关部门: not in the role lists)."""
    from db.vocabulary import is_collective_unit

    found = [{"name": name, "role": role} for role in ("lead", "co", "responsible")
             for name in task[f"{role}_units"] if is_collective_unit(name)]
    named = {item["name"] for item in found}
    for name, role in task.pop("_collective", []):
        if name not in named:
            named.add(name)
            found.append({"name": name, "role": role})
    return found


def _without_repeats(indicators: list[dict]) -> list[dict]:
    """A target stated in a sentence and again in the indicator table is one target (the table's row wins:
    it carries the baseline and attribute)."""
    tabled = {(i["name"], i["target"]) for i in indicators if i["source_text"].count("|")}
    seen: set[tuple] = set()
    kept = []
    for indicator in indicators:
        key = (indicator["name"], indicator["target"], indicator["unit"], indicator["target_year"])
        from_table = "|" in indicator["source_text"]
        if key in seen or (not from_table and (indicator["name"], indicator["target"]) in tabled):
            continue
        seen.add(key)
        kept.append(indicator)
    return kept


def _title_key(title: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", title)


def _merge_annex_tasks(tasks: list[dict], warnings: _Warnings) -> list[dict]:
    """A task division table in an attachment (附件:重点任务分工表) repeats the body's tasks: its units and
    deadlines complete the body's task of the same title; rows without a counterpart are kept and flagged."""
    annex = [t for t in tasks if t["section_path"] and t["section_path"][0].startswith("附件")]
    main = [t for t in tasks if t not in annex]
    if not annex or not main:
        return tasks
    keys = [(_title_key(t["title"]), t) for t in main]
    for row in annex:
        key = _title_key(row["title"])
        match = next((t for k, t in keys if k == key), None) or next(
            (t for k, t in keys if len(key) >= 4 and len(k) >= 4 and (key in k or k in key)), None)
        if match is None:
            main.append(row)
            warnings.add(f"附件中的任务“{row['title'][:30]}”在正文中没有同名任务，已单独列出，请核对是否重复。",
                         line=row["source_lines"][0])
            continue
        if not (match["lead_units"] or match["co_units"] or match["responsible_units"]):
            for role in ("lead_units", "co_units", "responsible_units"):
                match[role] = list(row[role])
            match["_doubtful"] = row.get("_doubtful", [])
            match["_collective"] = row.get("_collective", [])
        for key_name in ("deadline", "applicability"):
            match[key_name] = match[key_name] or row[key_name]
    return main


def _task_warnings(tasks: list[dict], warnings: _Warnings) -> None:
    for index, task in enumerate(tasks):
        label = f"第{index + 1}项任务" + (f"（序号“{task['number']}”）" if task["number"] != str(index + 1) else "")
        line = task["source_lines"][0]
        collective = [item["name"] for item in task.get("collective_units") or []]
        if not (task["lead_units"] or task["co_units"] or task["responsible_units"]):
            if collective:
                warnings.add(f"{label}只写了“{'、'.join(collective)}”，没有写具体单位：“{task['title'][:30]}”。"
                             "请在审阅时拆分为具体单位，或保留为集体单位。", task_index=index, line=line)
            else:
                warnings.add(missing_units_message(label, task["title"]), task_index=index, line=line)
        for name in task.pop("_doubtful", []):
            if name.endswith(ONE_UNIT_MARK):
                warnings.add(f"{label}的“{name[:-len(ONE_UNIT_MARK)]}”按一个单位处理（原文用顿号连写），请核对是否应拆成多个单位。",
                             task_index=index, line=line)
            else:
                warnings.add(f"{label}的单位“{name}”不像一个单位名称，可能拆分有误，请核对。", task_index=index, line=line)
        if task["incomplete"]:
            warnings.add(f"{label}“{task['title'][:30]}”在文档中没有写完，文档可能不完整。", task_index=index, line=line)


def _indicator_warnings(indicators: list[dict], end_year: int | None, warnings: _Warnings) -> None:
    years = Counter(ind["target_year"] for ind in indicators if ind["target_year"])
    usual = years.most_common(1)[0][0] if years else end_year
    for index, indicator in enumerate(indicators):
        line = indicator["source_lines"][0]
        if indicator["target_year"] is None:
            if usual:
                indicator["target_year"] = usual
                warnings.add(f"指标“{indicator['name']}”未写明目标年份，暂按{usual}年，请核对。",
                             indicator_index=index, line=line)
            else:
                warnings.add(f"指标“{indicator['name']}”未写明目标年份，请在审阅时填写。", indicator_index=index, line=line)
        elif indicator.pop("_year_assumed", False):
            warnings.add(f"指标“{indicator['name']}”的目标年份按方案截止年{indicator['target_year']}年计，请核对。",
                         indicator_index=index, line=line)


def parse_plan_file(path: str | Path, *, require_tasks: bool = True) -> ParsedPlan:
    """Read a .txt (UTF-8 with/without BOM, GB18030/GBK, UTF-16), .docx, PDF or .doc/.wps plan and parse it; what
    the reader could not read (a PDF's scanned pages) is added to the warnings.

    Raises PlanReadError (a LedgerError) with a Chinese message when the file cannot be read, and
    ValidationError when it holds no task at all (unless require_tasks=False, e.g. for a review screen
    that lets the clerk add tasks by hand)."""
    from db.errors import ValidationError
    from db.plan_import.reading import read_plan_file

    text = read_plan_file(path)
    parsed = parse_plan_text(text)
    for note in getattr(text, "notes", ()):   # what the reader could not read (a PDF's scanned pages)
        parsed["warnings"].append(note)
        parsed["warning_items"].append({"message": note, "task_index": None, "indicator_index": None, "line": None})
    if require_tasks and not parsed["tasks"]:
        raise ValidationError(f"在 {Path(path).name} 中没有识别到任何任务。请确认这是一份工作方案（含“重点任务”“主要任务”"
                              "等部分及编号的任务），或把方案正文另存为 .txt/.docx 后再试。", "任务")
    return parsed
