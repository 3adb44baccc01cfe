"""Fill a copy of an upward template from the ledger, keeping every other part of it exactly.

openpyxl drops images, some drawings and extension parts when it re-saves a workbook, so the template is never
re-saved: the new file is the template's zip with only these parts rewritten —
- the worksheets that have mapped cells: only those cells' values change (text as inline strings, never as a
  formula; numbers as numbers); formula cells and cells outside the table are not touched; a row holding long
  wrapped text is made tall enough to show it whole;
- xl/styles.xml, only when a filled cell needs wrapping or a quote prefix (text starting with = + - @): a copy of the
  cell's own format with those two settings is appended to cellXfs;
- xl/workbook.xml: fullCalcOnLoad on <calcPr>, so totals and other formulas are recalculated when the file opens.
Every other part (styles, merged cells, widths, formulas, data validation, print settings, images, hidden sheets)
is copied unchanged. The template file itself is only read.
"""
from __future__ import annotations

import math
import re
import unicodedata
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from db.errors import LedgerError, ValidationError
from reports.template_mapping import INDICATOR, TASK, TemplateMapping, map_template
from reports.template_values import indicator_values, task_values, value_for
from reports.xlsx_package import NS, column_index, q

MAX_CELL_CHARS = 32000
LINE_HEIGHT_POINTS = 14.25
DEFAULT_COLUMN_WIDTH = 8.43
PERCENT_FORMAT_IDS = {9, 10}
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORKBOOK_ORDER = ("fileRecoveryPr", "webPublishObjects", "extLst", "oleSize", "customWorkbookViews",
                   "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing")


class TemplateNotConfirmed(ValidationError):
    """The template's mapping has not been confirmed (new template, or its structure changed)."""


@dataclass
class FillResult:
    path: Path
    cells_written: int = 0
    rows_filled: int = 0
    rows_unmatched: list[str] = field(default_factory=list)     # "推进情况 第9行 某项任务"
    formulas_kept: int = 0


class _Styles:
    """cellXfs of xl/styles.xml: copies of a cell's format with wrap text and/or a quote prefix added."""

    def __init__(self, data: bytes | None):
        from lxml import etree

        self.root = etree.fromstring(data) if data else None
        self.xfs = self.root.find("m:cellXfs", NS) if self.root is not None else None
        self.percent_formats = set(PERCENT_FORMAT_IDS)
        if self.root is not None:
            for fmt in self.root.iterfind("m:numFmts/m:numFmt", NS):
                if "%" in (fmt.get("formatCode") or ""):
                    self.percent_formats.add(int(fmt.get("numFmtId")))
        self.made: dict[tuple[int, bool, bool], int] = {}
        self.changed = False

    def _xf(self, index: int):
        if self.xfs is None or not 0 <= index < len(self.xfs):
            return None
        return self.xfs[index]

    def is_percent(self, index: int) -> bool:
        xf = self._xf(index)
        return xf is not None and int(xf.get("numFmtId", "0")) in self.percent_formats

    def wraps(self, index: int) -> bool:
        xf = self._xf(index)
        alignment = xf.find(q("alignment")) if xf is not None else None
        return alignment is not None and alignment.get("wrapText") in ("1", "true")

    def variant(self, index: int, wrap: bool, quote: bool) -> int:
        xf = self._xf(index)
        if xf is None or ((not wrap or self.wraps(index)) and (not quote or xf.get("quotePrefix") in ("1", "true"))):
            return index
        key = (index, wrap, quote)
        if key not in self.made:
            from lxml import etree

            copy = deepcopy(xf)
            if wrap:
                alignment = copy.find(q("alignment"))
                if alignment is None:
                    alignment = etree.Element(q("alignment"))
                    copy.insert(0, alignment)
                alignment.set("wrapText", "1")
                alignment.set("vertical", alignment.get("vertical", "center"))
                copy.set("applyAlignment", "1")
            if quote:
                copy.set("quotePrefix", "1")
            self.xfs.append(copy)
            self.xfs.set("count", str(len(self.xfs)))
            self.made[key] = len(self.xfs) - 1
            self.changed = True
        return self.made[key]

    def to_bytes(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Sheet:
    """One worksheet part's XML, patched cell by cell."""

    def __init__(self, data: bytes):
        from lxml import etree

        self.root = etree.fromstring(data)
        self.data = self.root.find("m:sheetData", NS)
        self.rows = {int(r.get("r")): r for r in self.data.iterfind("m:row", NS) if r.get("r")}
        self.widths: dict[int, float] = {}
        default = self.root.find("m:sheetFormatPr", NS)
        self.default_width = float(default.get("defaultColWidth", DEFAULT_COLUMN_WIDTH)) if default is not None \
            else DEFAULT_COLUMN_WIDTH
        for col in self.root.iterfind("m:cols/m:col", NS):
            for index in range(int(col.get("min")), int(col.get("max")) + 1):
                self.widths[index] = float(col.get("width", self.default_width))

    def cell(self, row: int, column: int, letter: str):
        from lxml import etree

        row_element = self.rows.get(row)
        if row_element is None:
            row_element = etree.Element(q("row"), r=str(row))
            later = [r for r in self.rows if r > row]
            if later:
                self.rows[min(later)].addprevious(row_element)
            else:
                self.data.append(row_element)
            self.rows[row] = row_element
        ref = f"{letter}{row}"
        for c in row_element.iterfind("m:c", NS):
            found = c.get("r")
            if found == ref:
                return c
            if found and column_index(re.sub(r"\d", "", found)) > column:
                new = etree.Element(q("c"), r=ref)
                c.addprevious(new)
                return new
        new = etree.SubElement(row_element, q("c"), r=ref)
        if row_element.get("s") and row_element.get("customFormat") in ("1", "true"):
            new.set("s", row_element.get("s"))
        return new

    def fit_height(self, row: int, lines: int) -> None:
        """Make a row holding `lines` lines of wrapped text tall enough to show them all (Excel, WPS and
        LibreOffice keep a row's stored height on open, so wrapped text would be cut off)."""
        element = self.rows.get(row)
        if element is None or not lines:
            return
        needed = round(lines * LINE_HEIGHT_POINTS + 4, 2)
        if float(element.get("ht", "0") or 0) < needed:
            element.set("ht", f"{needed:g}")
            element.set("customHeight", "1")

    def to_bytes(self) -> bytes:
        from lxml import etree

        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_value(c, value, styles: _Styles) -> int:
    """Write one value into a <c> element; returns the wrapped line count for text (0 otherwise)."""
    from lxml import etree

    from reports.xlsx_writeonly import FORMULA_STARTS

    for child in list(c):
        if child.tag in (q("v"), q("is"), q("f")):
            c.remove(child)
    c.attrib.pop("t", None)
    style = int(c.get("s", "0") or 0)
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value / 100 if styles.is_percent(style) else value
        v = etree.SubElement(c, q("v"))
        v.text = str(int(number)) if float(number).is_integer() else repr(float(number))
        return 0
    text = _XML_UNSAFE.sub("", str(value))
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS] + "…（以下略）"
    c.set("t", "inlineStr")
    inline = etree.SubElement(c, q("is"))
    t = etree.SubElement(inline, q("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    wrap = "\n" in text or len(text) > 6
    new_style = styles.variant(style, wrap, text.startswith(FORMULA_STARTS))
    if new_style != style:
        c.set("s", str(new_style))
    return len(text.split("\n")) if wrap else 0


def _text_lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column `width` characters wide (a Chinese character is two of them)."""
    room = max(width - 1, 1)
    lines = 0
    for line in text.split("\n"):
        wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in line)
        lines += max(math.ceil(wide / room), 1)
    return lines


def _calc_on_load(data: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    calc = root.find("m:calcPr", NS)
    if calc is None:
        calc = etree.Element(q("calcPr"))
        later = next((child for child in root if etree.QName(child).localname in _WORKBOOK_ORDER), None)
        if later is not None:
            later.addprevious(calc)
        else:
            root.append(calc)
    calc.set("fullCalcOnLoad", "1")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _ledger_values(ledger, plan_id: int, period: dict, mapping: TemplateMapping) -> dict[tuple[str, str], dict]:
    refs = {kind: {r.ref for s in mapping.sheets for r in s.rows if r.kind == kind and r.ref} for kind in (TASK, INDICATOR)}
    values = {(TASK, ref): v for ref, v in task_values(ledger, plan_id, period, refs[TASK]).items()}
    values.update({(INDICATOR, ref): v for ref, v in indicator_values(ledger, plan_id, period, refs[INDICATOR]).items()})
    missing = [f"{s.name} 第{r.row}行（{r.ref}）" for s in mapping.sheets for r in s.rows
               if r.kind and (r.kind, r.ref) not in values]
    if missing:
        raise ValidationError("映射中的这些行在台账里找不到对应的任务或指标：" + "、".join(missing[:10]) +
                              "。请重新核对映射（map-template，或在窗口中“填报上级模板…”）。")
    return values


def fill_template(ledger, template: Path | str, period_key: str, out: Path | str, *,
                  mapping: TemplateMapping | None = None, plan_id: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  is_cancelled: Callable[[], bool] | None = None) -> FillResult:
    """Write a filled copy of `template` to `out` (never over an existing file, never over the template)."""
    from db.periods import get_period
    from db.plan_store import current_plan_id
    from reports.atomic_file import ReportWriteError, write_atomically

    template, out = Path(template), Path(out)
    if out.exists():
        raise ReportWriteError(f"{out} 已存在。为防止覆盖，请换一个文件名，或先移走该文件。")
    plan_id = plan_id or current_plan_id(ledger)
    period = get_period(ledger, plan_id, period_key)
    if mapping is None:
        mapping = map_template(ledger, template, plan_id)
        if not mapping.remembered:
            why = ["模板 " + template.name + " 的映射还没有确认过" if not mapping.changes else
                   "模板 " + template.name + " 的结构与已记住的映射不同："] + mapping.changes
            raise TemplateNotConfirmed("\n".join(why) + "\n请先核对映射：ipledger map-template " + template.name +
                                       " --save（或在窗口“表格收发 → 填报上级模板…”中核对），再填报。")
    package = mapping.package
    if package is None:
        from reports.xlsx_package import WorkbookPackage

        package = mapping.package = WorkbookPackage.open(template)
    values = _ledger_values(ledger, plan_id, period, mapping)
    tables = {t.sheet: t for t in mapping.layout.tables} if mapping.layout else {}
    parts = {s.name: s.part for s in package.sheets}
    styles_name = next((n for n in package.parts if n.lower() == "xl/styles.xml"), None)
    styles = _Styles(package.parts.get(styles_name) if styles_name else None)
    result = FillResult(out)
    new_parts: dict[str, bytes] = {}
    for index, sheet_map in enumerate(mapping.sheets):
        if is_cancelled and is_cancelled():
            raise LedgerError("已取消填报，没有生成文件。")
        table = tables.get(sheet_map.name)
        sheet = _Sheet(package.parts[parts[sheet_map.name]])
        columns = [(column_index(c.column), c) for c in sheet_map.columns if c.field]
        for row in sheet_map.rows:
            if not row.kind:
                result.rows_unmatched += [f"{sheet_map.name} 第{row.row}行 {row.number} {row.title}".strip()] \
                    if not row.reason or "未找到" in row.reason else []
                continue
            row_values = values[(row.kind, row.ref)]
            lines = 0
            for column, choice in columns:
                if table is not None and ((row.row, column) in table.formula_cells
                                          or (row.row, column) in table.covered_cells):
                    result.formulas_kept += (row.row, column) in table.formula_cells
                    continue
                value = value_for(row_values, choice.field, choice.header)
                if value is None and choice.field not in row_values:
                    continue           # a field that does not apply to this kind of row (目标值 of a task)
                wrapped = _set_value(sheet.cell(row.row, column, choice.column), value, styles)
                if wrapped:
                    lines = max(lines, _text_lines(str(value), sheet.widths.get(column, sheet.default_width)))
                result.cells_written += 1
            sheet.fit_height(row.row, lines)
            result.rows_filled += 1
        new_parts[parts[sheet_map.name]] = sheet.to_bytes()
        if progress:
            progress(index + 1, len(mapping.sheets) + 1)
    if styles.changed:
        new_parts[styles_name] = styles.to_bytes()
    new_parts["xl/workbook.xml"] = _calc_on_load(package.parts["xl/workbook.xml"])

    def write(temp: str) -> None:
        with zipfile.ZipFile(temp, "w") as archive:
            for info in package.infos:
                archive.writestr(info, new_parts.get(info.filename, package.parts[info.filename]))

    write_atomically(out, write)
    if progress:
        progress(len(mapping.sheets) + 1, len(mapping.sheets) + 1)
    return result


def filled_file_name(template: Path | str, period_name: str) -> str:
    """附件1 XX市…统计表.xlsx → 附件1 XX市…统计表(2026年第3季度).xlsx"""
    path = Path(template)
    return f"{path.stem}({period_name}){path.suffix or '.xlsx'}"
