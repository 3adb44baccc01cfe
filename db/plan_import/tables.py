"""Tables written as rows of cells separated by '|' (from .docx tables, or flattened by a converter), and the
two kinds of space-separated tables turned into such rows first: indicator tables with single spaces
(spaced_tables_to_rows) and task tables aligned with runs of spaces (aligned_tables_to_tabs).

A header row says what each column holds: a task table (序号 | 重点任务 | 工作措施 | 牵头单位 | 配合单位 |
完成时限) or an indicator table (序号 | 类别 | 指标 | 单位 | 基期值 | 目标值 | 属性).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from db.plan_import.markers import display_width

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


_WIDE_GAP = re.compile(r"\S(?: ?\S)*")   # a cell of a space-aligned table: text whose single spaces are inside it
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[((]\d{1,3}[))])[.、.]?$")


def _wide_cells(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run separated from the next by two or more spaces. Columns are counted as
    printed (a Chinese character is two wide), which is how converters line up the cells of a row."""
    cells, column, position = [], 0, 0
    for match in _WIDE_GAP.finditer(line.rstrip()):
        column += display_width(line[position:match.start()])
        cells.append((column, match.group()))
        column += display_width(match.group())
        position = match.end()
    return cells



def aligned_tables_to_tabs(lines: list[str]) -> list[str]:
    """A task table whose columns a PDF converter (pdftotext -layout) or a typist aligned with runs of spaces:
    a header row of column names ('序号  任务名称  牵头单位  配合单位  完成时限'), then numbered rows. Each row
    becomes one tab-separated line, as if pasted from Word, so it is read like any other table.

    A cell too long for its column is wrapped by the converter onto lines above and below the numbered line
    (centred cells) or below it; such lines are indented past the 序号 column and their pieces go to the column
    whose centre is nearest. A wrapped line belongs to the numbered line above it unless a blank line comes
    between (then to the one below: converters part rows with blank lines). Rows end at blank lines or at the
    next numbered line; the table ends at a line that
    starts in the 序号 column without a number ('二、保障措施'). Single spaces are never a column gap, so justified
    prose is not mistaken for a table."""
    out = list(lines)
    index = 0
    while index < len(lines):
        header = _aligned_header(lines, index)
        if header is None:
            index += 1
            continue
        centres, texts, wrapped_above = header
        out[index] = "\t".join(texts)
        if wrapped_above:
            out[index - 1] = ""
        left = _wide_cells(lines[index])[0][0]
        index = _aligned_rows(lines, out, index + 1, centres, left)
    return out


def _aligned_header(lines: list[str], index: int) -> tuple[list[float], list[str], bool] | None:
    """(column centres, column names, whether a wrapped piece above was merged in) for a task table's header."""
    line = lines[index]
    if "\t" in line or not ("  " in line.strip() or "\u3000" in line) or len(line) > 200:
        return None   # tab-separated cells (pasted from Word or Excel) are read as they are; prose has no gaps
    cells = _wide_cells(lines[index])
    texts = [text.replace(" ", "") for _, text in cells]
    if len(cells) < 3 or not all(is_header_word(t) for t in texts):   # (single spaces never part cells)
        return None
    centres = [start + display_width(text) / 2 for start, text in cells]
    above = _wide_cells(lines[index - 1]) if index and lines[index - 1].strip() else []
    wrapped_above = bool(above) and len(above) < len(cells) and all(len(t) <= 2 for _, t in above)
    if wrapped_above:
        for start, text in above:   # a header cell wrapped by the converter: '序' above '号'
            column = _nearest(centres, start + display_width(text) / 2)
            texts[column] = text + texts[column]
    found = read_header(texts)
    if found is None or found.kind != "tasks" or found.columns.get(0) != "number":
        return None
    return centres, texts, wrapped_above


def _nearest(centres: list[float], centre: float) -> int:
    return min(range(len(centres)), key=lambda i: abs(centres[i] - centre))


def _numbered(cells: list[tuple[int, str]], left: int) -> bool:
    return bool(cells) and cells[0][0] <= left + 1 and bool(_ROW_NUMBER.match(cells[0][1]))


def _aligned_rows(lines: list[str], out: list[str], index: int, centres: list[float], left: int) -> int:
    """Rewrite the rows that follow a header in `out` (`left`: where the 序号 column starts); returns the index
    of the first line after the table."""
    pending: list[int] = []                     # wrapped lines met before their row's numbered line
    row: tuple[int, list[str]] | None = None

    def add(line_index: int, cells: list[str]) -> None:
        pieces = _wide_cells(lines[line_index])
        if _numbered(pieces, left):
            cells[0] += pieces.pop(0)[1]
        for start, text in pieces:   # only the number is in the 序号 column
            cells[1 + _nearest(centres[1:], start + display_width(text) / 2)] += text
        out[line_index] = ""

    def flush() -> None:
        if row is not None:
            out[row[0]] = "\t".join(row[1])

    while index < len(lines):
        line = lines[index]
        if not line.strip():
            flush()
            row = None
            index += 1
            continue
        cells = _wide_cells(line)
        if cells[0][0] <= left + 1 and not _numbered(cells, left):
            break   # text starting in the 序号 column that is not a number: the table is over
        if _numbered(cells, left):
            flush()
            row = (index, [""] * len(centres))
            for waiting in pending:
                add(waiting, row[1])
            pending = []
            add(index, row[1])
        elif row is not None:
            add(index, row[1])       # wrapped below its numbered line (no blank line since)
        else:
            pending.append(index)    # after a blank line: wrapped above the numbered line that comes next
        index += 1
    flush()
    for waiting in pending:          # wrapped text with no row after it: left as it was
        out[waiting] = lines[waiting]
    return index


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
