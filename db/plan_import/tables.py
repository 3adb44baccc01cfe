"""Tables written as rows of cells separated by '|' (from .docx tables, or flattened by a converter).

A header row says what each column holds: a task table (序号 | 重点任务 | 工作措施 | 牵头单位 | 配合单位 |
完成时限) or an indicator table (序号 | 类别 | 指标 | 单位 | 基期值 | 目标值 | 属性).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

COLUMN_WORDS = [
    # (field, pattern) — first match wins for a cell
    ("number", re.compile(r"^(?:序号|编号|序|号|No\.?)$", re.IGNORECASE)),
    ("lead", re.compile(r"^牵头$|牵头(?:单位|部门)|主办单位|主责(?:单位|部门)")),
    ("co", re.compile(r"^(?:配合|协办|参与)$|配合(?:单位|部门)|协办单位|参与(?:单位|部门)|协助单位")),
    ("responsible", re.compile(r"责任(?:单位|部门|主体)|执行(?:部门|单位)|实施(?:单位|部门|主体)|承办单位|负责(?:单位|部门)")),
    ("deadline", re.compile(r"完成时限|完成时间|时间节点|时限|完成期限|进度安排|时间安排")),
    ("applicability", re.compile(r"省份|适用(?:范围|地区)?|必做|选做")),
    ("attribute", re.compile(r"^属性$|指标属性")),
    ("category", re.compile(r"^(?:类别|类型|分类|领域|指标类别|一级指标)$")),
    ("baseline", re.compile(r"^(?:基期值?|基准值?|现状值?|基数|基期年)(?:[((]?\d{4}\s*年?[))]?)?$|"
                            r"^\d{4}\s*年?\s*(?:基期值?|现状值?|实际值?|基数)$|^(?:[((]?\d{4}\s*年?[))]?)(?:基期值?|现状值?)$")),
    ("target", re.compile(r"^(?:目标值|规划值|预期值|目标|\d{4}\s*年?(?:目标值?|预期值?|规划值?|末)?|"
                          r"(?:目标|规划|预期)值?\s*[((]?\d{4}\s*年?[))]?)$")),
    ("measure", re.compile(r"^(?:计量)?单位$")),
    ("name", re.compile(r"^(?:指标|指标名称|(?:主要|二级|具体)指标)$")),
    ("title", re.compile(r"任务|事项|项目|工作名称|重点工作|^(?:具体|主要)?工作$")),
    ("text", re.compile(r"措施|内容|举措|目标|要求|说明")),
    ("note", re.compile(r"备注")),
]


HEADER_WORDS = {
    "序号", "编号", "任务", "重点任务", "主要任务", "具体任务", "工作任务", "任务名称", "任务内容", "工作措施", "具体措施",
    "主要措施", "工作内容", "主要内容", "具体内容", "牵头单位", "配合单位", "责任单位", "执行部门", "责任部门", "牵头部门",
    "配合部门", "完成时限", "完成时间", "时间节点", "指标", "指标名称", "类别", "单位", "计量单位", "基期值", "目标值",
    "规划值", "属性", "备注", "任务目标", "具体目标", "工作目标", "序", "号", "执行部门(单位)", "预期值", "现状值",
}
_YEAR_WORD = re.compile(r"^\d{4}\s*年?(?:末|底)?(?:目标值?|基期值?|规划值?|预期值?|现状值?)?$")
_NUMERIC_CELL = re.compile(r"^[≥≤<>]?=?[\[〔(]?\d+(?:\.\d+)?[\]〕)]?[%%]?$")


def is_header_word(token: str) -> bool:
    return token in HEADER_WORDS or bool(_YEAR_WORD.match(token))


def spaced_tables_to_rows(lines: list[str]) -> list[str]:
    """An indicator table whose cells a converter separated by spaces ('1 有效发明专利量 件 3000 3500 预期性')
    becomes ' | ' rows, column for column under its header ('序号 类别 指标 单位 2020年 2025年 属性')."""
    out: list[str] = []
    header: list[str] | None = None
    for line in lines:
        if not line or line == "\f" or "|" in line:
            out.append(line)
            continue
        tokens = line.split()
        if len(tokens) >= 3 and all(is_header_word(t) for t in tokens) and any(_YEAR_WORD.match(t) or "值" in t for t in tokens):
            header = tokens
            out.append(" | ".join(tokens))
            continue
        if header and any(_NUMERIC_CELL.match(t) for t in tokens[1:]):
            if len(tokens) == len(header) - 1 and "类别" in header:
                tokens.insert(header.index("类别"), "")  # a merged 类别 cell left empty
            if len(tokens) == len(header):
                out.append(" | ".join(tokens))
                continue
        header = None
        out.append(line)
    return out


@dataclass
class TableHeader:
    kind: str  # "tasks" or "indicators"
    columns: dict[int, str]
    cells: list[str]

    def year_of(self, field: str) -> int | None:
        for index, name in self.columns.items():
            if name == field:
                found = re.search(r"(\d{4})", self.cells[index])
                if found:
                    return int(found.group(1))
        return None


def split_row(line: str) -> list[str]:
    cells = [c.strip() for c in re.split(r"\s*[|｜]\s*", line.strip())]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def read_header(cells: list[str]) -> TableHeader | None:
    """A header row, or None when these cells are data."""
    if len(cells) < 2:
        return None
    columns: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = re.sub(r"\s+", "", cell)
        if not text or len(text) > 14:
            continue
        for field_name, pattern in COLUMN_WORDS:
            if pattern.search(text):
                if field_name == "target" and re.fullmatch(r"\d+(?:\.\d+)?", text):
                    break  # a number is data, not a year heading
                if field_name not in columns.values() or field_name == "target":
                    columns[index] = field_name
                break
    targets = [i for i, f in sorted(columns.items()) if f == "target"]
    if len(targets) > 1:
        if "baseline" not in columns.values() and re.fullmatch(r"\d{4}\s*年?", cells[targets[0]].strip()):
            columns[targets[0]] = "baseline"
            targets = targets[1:]
        for index in targets[:-1]:
            columns[index] = "target_step"
    recognised = len(columns)
    if recognised < 2 or recognised < len([c for c in cells if c.strip()]) * 0.5:
        return None
    fields = set(columns.values())
    if "name" in fields and ("target" in fields or "baseline" in fields):
        return TableHeader("indicators", columns, cells)
    if fields & {"lead", "co", "responsible"} and fields & {"title", "text"}:
        return TableHeader("tasks", columns, cells)
    if "title" in fields and ("deadline" in fields or "text" in fields):
        return TableHeader("tasks", columns, cells)
    return None


def row_fields(cells: list[str], header: TableHeader) -> dict[str, str]:
    """Cells by field name (the rightmost target column is the target)."""
    values: dict[str, str] = {}
    for index, cell in enumerate(cells):
        field_name = header.columns.get(index)
        if not field_name:
            continue
        values[field_name] = (values.get(field_name, "") + " " + cell).strip() if field_name in values else cell
    return values
