"""Find the table in each sheet of an upward template (附件1 XX市知识产权强县建设工作推进情况统计表.xlsx): its header
rows (one or two levels, merged cells), the first data row, the columns with their header words, and the data rows
with their printed number and title.

Header words decide each column's ledger field (FIELD_WORDS); 序号/编号 and 任务/指标/项目 columns label the rows.
Hidden sheets, rows after the table (注：…, 填报单位：…) and cells outside the table's columns are not part of it.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from reports.xlsx_package import SheetCells, WorkbookPackage, column_letter
from reports.xlsx_safety import UnreadableWorkbook

# Ledger fields a template column can be filled from, in the order header words are tried (the more specific
# words first: 完成进度 before 完成情况, 是否完成 before 完成值). Each field's label is the clerk's word for it.
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("percent", ("完成进度", "完成率", "完成比例", "进度")),
    ("status", ("是否完成", "完成状态", "状态")),
    ("next_steps", ("下步计划", "下一步打算", "下一步计划", "下步打算", "下一步工作", "下步工作")),
    ("progress", ("进展情况", "工作进展", "推进情况", "落实情况", "完成情况", "工作成效", "进展")),
    ("problems", ("存在问题", "困难", "问题")),
    ("units", ("牵头单位", "责任单位", "牵头部门", "责任部门", "责任主体")),
    ("baseline", ("基期值", "基期", "基准值")),
    ("target", ("目标值", "预期目标", "目标数")),
    ("value", ("完成值", "实际值", "本期数", "实际完成", "完成数", "累计完成", "当前值")),
    ("note", ("备注",)),
)
FIELD_LABELS = {"progress": "进展情况", "problems": "存在问题", "next_steps": "下步计划", "percent": "完成进度",
                "status": "完成状态", "units": "牵头单位", "target": "目标值", "value": "完成值",
                "baseline": "基期值", "note": "备注"}
NUMBER_WORDS = ("序号", "编号", "项次", "序")
TITLE_WORDS = ("任务", "指标", "项目", "事项", "名称", "工作内容", "内容")
FOOTER_STARTS = ("注:", "说明", "填报单位", "填表单位", "填表人", "填报人", "联系人", "联系电话", "审核",
                 "单位负责人", "负责人", "分管领导", "制表")
TOTAL_WORDS = ("合计", "总计", "小计", "总数")
HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])")
LEADING_NUMBER = re.compile(r"^\s*([（(]?[0-9一二三四五六七八九十]+[)）]?)[.、．\s]*")
HEADER_SCAN_ROWS = 40
MAX_HEADER_TEXT = 24


def _clean(text: str) -> str:
    """Header and label text compared in NFKC (full-width 注：（一） as 注:(一)) without white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def field_for_header(text: str) -> str | None:
    """The ledger field a column header names (None: a label column, or words we do not know)."""
    text = _clean(text)
    if not text or len(text) > MAX_HEADER_TEXT:
        return None
    if text == "目标":
        return "target"
    for name, words in FIELD_WORDS:
        if any(word in text for word in words):
            return name
    return None


def _is_label(text: str) -> bool:
    text = _clean(text)
    return bool(text) and len(text) <= MAX_HEADER_TEXT and (
        any(text.startswith(w) or text == w for w in NUMBER_WORDS) or any(w in text for w in TITLE_WORDS))


@dataclass
class TemplateColumn:
    column: int
    header: str                  # header texts top to bottom, joined with "/"
    field: str | None            # proposed ledger field, None: left alone

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass
class TemplateRow:
    row: int
    number: str                  # as printed ("4", "(三)"), "" when none
    title: str
    kind: str                    # data | total | heading


@dataclass
class TemplateTable:
    sheet: str
    header_rows: list[int]
    first_data_row: int
    number_column: int | None
    title_column: int | None
    columns: list[TemplateColumn]
    rows: list[TemplateRow]
    formula_cells: set[tuple[int, int]] = field(default_factory=set)
    covered_cells: set[tuple[int, int]] = field(default_factory=set)   # inside a merge, not its top-left cell

    def column(self, index: int) -> TemplateColumn | None:
        return next((c for c in self.columns if c.column == index), None)


@dataclass
class TemplateLayout:
    """What was found in a template: its sheets (all of them, in order) and one table per sheet that has one."""

    name: str
    sheet_names: list[str]
    tables: list[TemplateTable]

    @property
    def fingerprint(self) -> str:
        return structure_fingerprint(self)

    def structure(self) -> dict:
        """The structure the fingerprint is made of, kept with a remembered mapping to say later what changed."""
        return {"sheets": self.sheet_names,
                "tables": [{"sheet": t.sheet, "header_rows": t.header_rows,
                            "columns": {c.letter: c.header for c in t.columns},
                            "rows": {str(r.row): f"{r.number} {r.title}".strip() for r in t.rows}}
                           for t in self.tables]}


def structure_fingerprint(layout: TemplateLayout) -> str:
    """sha256 over the sheet names and each table's header rows and header texts (not the data rows' values, so a
    template already filled last quarter has the same fingerprint as a fresh copy)."""
    shape = [layout.sheet_names, [[t.sheet, t.header_rows, [[c.letter, _clean(c.header)] for c in t.columns]]
                                  for t in layout.tables]]
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode()).hexdigest()


def _header_score(sheet: SheetCells, row: int, last_column: int) -> tuple[int, int]:
    fields = labels = 0
    for column in range(1, last_column + 1):
        text = sheet.text(row, column)
        if field_for_header(text):
            fields += 1
        elif _is_label(text):
            labels += 1
    return fields, labels


def _header_rows(sheet: SheetCells, best: int) -> list[int]:
    """The best header row with the rows merged with it (a two-level header: 完成情况 over 进展情况 | 存在问题)."""
    rows = {best}
    for _ in range(2):
        for r1, _c1, r2, _c2 in sheet.merges:
            if any(r1 <= r <= r2 for r in rows) and r2 - r1 <= 2 and (r1 != r2):
                rows.update(range(r1, r2 + 1))
    low, high = min(rows), max(rows)
    # A group header above (merged across columns, no own field words below it) belongs to the header too.
    above = low - 1
    width = sum(1 for c in range(1, sheet.max_column + 1) if sheet.text(*sheet.anchor(best, c)))
    if above >= 1 and any(r1 == above == r2 and 1 < c2 - c1 + 1 < width for r1, c1, r2, c2 in sheet.merges) and \
            any(field_for_header(sheet.text(above, c)) or _is_label(sheet.text(above, c))
                for c in range(1, sheet.max_column + 1)):
        low = above
    below = high + 1
    fields, labels = _header_score(sheet, below, sheet.max_column)
    if fields + labels >= 2 and not any(sheet.cells.get((below, c)) and sheet.cells[(below, c)].number is not None
                                        for c in range(1, sheet.max_column + 1)):
        high = below
    return list(range(low, high + 1))


def _column_header(sheet: SheetCells, header_rows: list[int], column: int) -> tuple[str, str | None]:
    texts: list[str] = []
    for row in header_rows:
        text = _clean(sheet.text(*sheet.anchor(row, column)))
        if text and text not in texts:
            texts.append(text)
    found = None
    for text in reversed(texts):               # the lowest level says most; a label (序号, 任务) is never filled
        found = field_for_header(text)
        if found or _is_label(text):
            break
    return "/".join(texts), found


def _leading_number(text: str) -> tuple[str, str]:
    match = LEADING_NUMBER.match(text)
    if match and match.group(1) and len(text) > match.end():
        return match.group(1), text[match.end():].strip()
    return "", text


def find_table(sheet: SheetCells) -> TemplateTable | None:
    last_column = sheet.max_column
    best, best_score = None, (0, 0)
    for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
        fields, labels = _header_score(sheet, row, last_column)
        if fields >= 1 and fields + labels >= 2 and fields + labels > sum(best_score):
            best, best_score = row, (fields, labels)
    if best is None:
        return None
    header_rows = _header_rows(sheet, best)
    used = [c for c in range(1, last_column + 1) if any(sheet.text(*sheet.anchor(r, c)) for r in header_rows)]
    columns = []
    for column in used:
        header, found = _column_header(sheet, header_rows, column)
        columns.append(TemplateColumn(column, header, found))
    number_column = next((c.column for c in columns if not c.field and
                          any(c.header.split("/")[-1].startswith(w) for w in NUMBER_WORDS)), None)
    title_column = next((c.column for c in columns if not c.field and c.column != number_column and
                         any(w in c.header for w in TITLE_WORDS)), None)
    if title_column is None:
        title_column = next((c.column for c in columns if not c.field and c.column != number_column), None)
    first_data_row = max(header_rows) + 1
    table_columns = {c.column for c in columns}
    covered = {(r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1)}
    formulas = {key for key, cell in sheet.cells.items() if cell.formula and key[1] in table_columns}
    rows: list[TemplateRow] = []
    for row in range(first_data_row, sheet.max_row + 1):
        texts = [_clean(sheet.text(row, c)) for c in sorted(table_columns)]
        if not any(texts):
            continue
        first_text = next(t for t in texts if t)
        if first_text.startswith(FOOTER_STARTS) or not any(sheet.text(row, c) or (row, c) in formulas
                                                           for c in table_columns):
            break
        number = _clean(sheet.text(row, number_column)) if number_column else ""
        title = sheet.text(row, title_column).strip() if title_column else ""
        if not number and title:
            number, title = _leading_number(title) if not HEADING.match(_clean(title)) else ("", title)
        if any(w in _clean(title) or w in _clean(number) for w in TOTAL_WORDS):
            kind = "total"
        elif not number and (HEADING.match(_clean(title)) or _spans_table(sheet, row, title_column, table_columns)):
            kind = "heading"
        else:
            kind = "data"
        rows.append(TemplateRow(row, number, title, kind))
    return TemplateTable(sheet.name, header_rows, first_data_row, number_column, title_column, columns, rows,
                         formulas, covered)


def _spans_table(sheet: SheetCells, row: int, column: int | None, table_columns: set[int]) -> bool:
    """A section line: its title cell merged across most of the table."""
    if column is None:
        return False
    for r1, c1, r2, c2 in sheet.merges:
        if r1 <= row <= r2 and c1 <= column <= c2 and c2 - c1 + 1 >= max(3, len(table_columns) // 2):
            return True
    return False


def read_layout(package: WorkbookPackage) -> TemplateLayout:
    """Every visible sheet's table. Raises UnreadableWorkbook (Chinese) when no sheet holds a table to fill."""
    tables = []
    for info in package.sheets:
        if info.state != "visible":
            continue
        table = find_table(package.read_sheet(info))
        if table is not None and table.rows:
            tables.append(table)
    if not tables:
        raise UnreadableWorkbook(
            f"{package.name} 中没有找到可以填写的表格：各工作表都没有“序号”“任务/指标”和“进展情况”“存在问题”“完成值”等"
            "表头。请确认选择的是上级下发的统计表模板；若表头用词不同，请在表头中写明要填写的内容后再试。")
    return TemplateLayout(package.name, [s.name for s in package.sheets], tables)
