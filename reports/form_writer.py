"""Issue the fill-in workbooks: one per responsible unit for a period (`export-forms`).

Each workbook has the sheets 任务进展 and 指标填报 laid out by reports/form_layout.py, pre-filled with the
unit's latest answers, protected except for the input cells, print-ready (A4 landscape, fit to width),
and a veryHidden sheet with the signed payload (reports/form_signature.py). Every form issued is
recorded in the ledger (db/return_forms.py) with the ledger's values at issue time, so a return can
show what changed in the ledger meanwhile (conflicts).

Only features openpyxl writes cleanly are used (no x14 extensions), so Excel and WPS open the files
without a repair prompt.
"""
from __future__ import annotations

import math
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from db import queries
from db.deadlines import INFERRED_DEADLINE_NOTE, is_inferred_deadline, plan_dates, unwritten_deadline_text
from db.schedule import get_schedule, indicator_period_due
from db.errors import NotFoundError, PeriodClosedError, ValidationError
from db.periods import get_period, is_closed
from db.plan_store import current_plan_id, get_plan
from db.return_forms import (INDICATOR_ANSWER_FIELDS, PROGRESS_ANSWER_FIELDS, evidence_names_for, form_recipients,
                             period_answers, record_issued_form, unit_label)
from db.reviews import return_notes_for_form
from db.values import measure_kind
from db.vocabulary import ROLE_LABELS, STATUSES, chinese_date
from reports.xlsx_text import put_text
from reports import form_layout as L
from reports.atomic_file import save_workbook_atomically
from reports.form_signature import chunks, encode_payload, sign
from reports.title_lines import official_punctuation

MAX_ROW_LINES = 30   # a row shows up to 30 wrapped lines (Excel's 409-point limit); the unit may widen it

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
INPUT_FILL = PatternFill("solid", fgColor=L.INPUT_FILL)
HEADER_FILL = PatternFill("solid", fgColor=L.HEADER_FILL)
BODY_FONT = Font(name=L.FONT_NAME, size=10)
HEADER_FONT = Font(name=L.FONT_NAME, size=10, bold=True)
TITLE_FONT = Font(name=L.FONT_NAME, size=16, bold=True)
NOTE_FONT = Font(name=L.FONT_NAME, size=10, color="404040")
RETURNED_FONT = Font(name=L.FONT_NAME, size=10, bold=True, color="C00000")
UNLOCKED = Protection(locked=False)


@dataclass
class FormContent:
    """Everything one unit's form shows, gathered from the ledger."""
    form_id: str
    ledger_id: str
    plan: dict
    unit: dict
    period: dict
    bureau: str
    returned_reason: str | None
    tasks: list[dict] = field(default_factory=list)       # number, title, content, role, deadline, issued, base
    indicators: list[dict] = field(default_factory=list)  # name, measure_unit, baseline, target, previous, issued, base
    foot: dict = field(default_factory=dict)              # filled_by, phone as pre-filled
    indicators_due: bool = True   # the schedule asks for target values this period (db.schedule)
    contact: str = ""             # the bureau's contact for questions (bureau settings): 联系人：王芳，联系电话：…

    @property
    def file_name(self) -> str:
        return L.form_file_name(self.period["name"], unit_label(self.unit))

    def payload(self) -> dict:
        """What the hidden sheet carries, signed: ids, locked content, values as issued and the ledger's base."""
        return {
            "kind": L.FORM_KIND, "version": L.FORM_VERSION, "form_id": self.form_id, "ledger_id": self.ledger_id,
            "plan_id": self.plan["id"], "unit_id": self.unit["id"], "unit_name": self.unit["name"],
            "period_id": self.period["id"], "period_key": self.period["key"],
            # what the visible sheet says (its 填报单位/报告期 line): the reader refuses a payload moved into
            # another unit's workbook (reports/returns_reader.py _check_visible_identity)
            "visible_unit": self.unit["name"], "visible_period": self.period["name"],
            "tasks": [{k: t[k] for k in ("key", "task_id", "number", "title", "role", "issued", "base")}
                      for t in self.tasks],
            "indicators": [{k: i[k] for k in ("key", "indicator_id", "name", "measure_unit", "issued", "base")}
                           for i in self.indicators],
        }


# ----- gathering ------------------------------------------------------------------------------

def _full(text: str | None) -> str:
    """A task's whole content, its runs of spaces and line breaks made single spaces (never cut short)."""
    return " ".join((text or "").split())


def _bureau_contact(ledger) -> str:
    """'联系人：王芳，联系电话：0523-87654321' from the bureau settings ('' when neither is set)."""
    from db.bureau_settings import read_bureau_settings

    settings = read_bureau_settings(ledger)
    parts = [f"联系人：{settings.filled_by}" if settings.filled_by else "",
             f"联系电话：{settings.phone}" if settings.phone else ""]
    return "，".join(p for p in parts if p)


def gather_form(ledger, plan_id: int, period: dict, unit: dict, *, form_id: str | None = None) -> FormContent:
    """The content of one unit's form: its tasks and targets, pre-filled with its latest answers."""
    plan = get_plan(ledger, plan_id)
    notes = return_notes_for_form(ledger, unit["id"], period["id"])
    current_tasks, current_indicators = period_answers(ledger, unit["id"], period["id"])
    latest = queries.latest_entries(ledger, plan_id, period["id"], unit_id=unit["id"])
    evidence = evidence_names_for(ledger, unit["id"], period["id"])
    content = FormContent(
        form_id=form_id or uuid.uuid4().hex, ledger_id=ledger.setting("ledger_id") or "",
        plan=plan, unit=unit, period=period, bureau=ledger.setting("bureau") or "",
        returned_reason="；".join(f"{n['period_name']}：{n['reason'] or '未写明原因'}" for n in notes) or None,
        indicators_due=indicator_period_due(get_schedule(ledger, plan_id).indicator_kind, period),
        contact=_bureau_contact(ledger))
    filled_by = phone = None
    dates = plan_dates(ledger, plan_id)
    for item in queries.unit_checklist(ledger, unit["id"], period["id"]):
        task_id = item["task_id"]
        base = current_tasks.get(task_id, {})
        previous = base if any(base.get(f) is not None for f in PROGRESS_ANSWER_FIELDS) else \
            latest.get((task_id, unit["id"]), {})
        issued = {f: previous.get(f) for f in PROGRESS_ANSWER_FIELDS}
        issued["evidence"] = evidence.get(task_id)
        filled_by = filled_by or previous.get("filled_by")
        phone = phone or previous.get("phone")
        content.tasks.append({
            "key": L.task_key(task_id), "task_id": task_id, "number": item["number"] or "",
            "title": item["title"], "content": _full(item["text"]), "role": ROLE_LABELS[item["role"]],
            "deadline": unwritten_deadline_text(item["deadline"], item["phase_id"], dates), "issued": issued,
            "base": {f: base.get(f) for f in L.PROGRESS_INPUT_FIELDS},
        })
    for number, indicator in enumerate(
            (i for i in queries.indicators(ledger, plan_id, period["id"]) if i["unit_id"] == unit["id"]), 1):
        base = current_indicators.get(indicator["id"], {})
        previous = None if indicator["latest_period"] == period["key"] else indicator["latest_value"]
        content.indicators.append({
            "key": L.indicator_key(indicator["id"]), "indicator_id": indicator["id"], "number": str(number),
            "name": indicator["name"], "measure_unit": indicator["measure_unit"] or "",
            "baseline": indicator["baseline"], "target": indicator["target"], "previous": previous,
            "issued": {f: base.get(f) for f in INDICATOR_ANSWER_FIELDS},
            "base": {f: base.get(f) for f in INDICATOR_ANSWER_FIELDS},
        })
    content.foot = {"filled_by": filled_by or unit.get("contact"), "phone": phone or unit.get("phone")}
    return content


# ----- writing ------------------------------------------------------------------------------------

def _display_width(text: str) -> int:
    return sum(1.8 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines_needed(text, width: float) -> int:
    if text in (None, ""):
        return 1
    usable = max(width * 1.1 - 1, 4)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in str(text).split("\n"))


def _chinese_date(value: str | None) -> str:
    return chinese_date(value) if value else "（未设定）"


def _number_value(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _first_page_columns(columns) -> tuple:
    """The columns printed on a sheet's first page: up to the split (see _protect_and_print), else all."""
    keys = [c.key for c in columns]
    return tuple(columns[:keys.index(L.SPLIT_AFTER) + 1]) if L.SPLIT_AFTER in keys else tuple(columns)


def _write_titles(ws, content: FormContent, columns, title: str, instructions: str) -> None:
    # the titles span the first page's columns only: a split sheet's right-hand pages carry no cut-off title
    last = get_column_letter(len(_first_page_columns(columns)))
    for row in (L.TITLE_ROW, L.SUBTITLE_ROW, L.INSTRUCTIONS_ROW):
        ws.merge_cells(f"A{row}:{last}{row}")
    ws.cell(L.TITLE_ROW, 1, title).font = TITLE_FONT
    ws.cell(L.TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[L.TITLE_ROW].height = 30
    period = content.period
    subtitle = (f"填报单位：{content.unit['name']}    报告期：{period['name']}"
                f"（{chinese_date(period['start'])}至{chinese_date(period['end'])}）    报送截止：{_chinese_date(period['due'])}")
    ws.cell(L.SUBTITLE_ROW, 1, subtitle).font = HEADER_FONT
    ws.cell(L.SUBTITLE_ROW, 1).alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[L.SUBTITLE_ROW].height = 20
    note = ws.cell(L.INSTRUCTIONS_ROW, 1, instructions)
    note.font = RETURNED_FONT if content.returned_reason else NOTE_FONT
    note.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    total_width = sum(c.width for c in _first_page_columns(columns))
    ws.row_dimensions[L.INSTRUCTIONS_ROW].height = 14 * _lines_needed(instructions, total_width) + 4
    header_style = None
    for index, column in enumerate(columns, 1):
        cell = ws.cell(L.HEADER_ROW, index, column.header)
        if header_style is None:
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header_style = cell._style
        else:
            cell._style = type(header_style)(header_style)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[L.HEADER_ROW].height = 28
    key_letter = get_column_letter(L.key_column_index(columns))
    ws.column_dimensions[key_letter].hidden = True
    ws.cell(L.HEADER_ROW, L.key_column_index(columns), "key")


def _column_styles(ws, columns) -> list:
    """One style per column, registered once per workbook (setting styles cell by cell is slow)."""
    styles = []
    for index, column in enumerate(columns, 1):
        template = ws.cell(L.HEADER_ROW - 1, index)  # a title-row cell under the merge; its own style is unused
        saved = template._style
        template._style = type(saved)()
        template.font, template.border = BODY_FONT, BORDER
        horizontal = "center" if column.key in ("number", "role", "no_news", "status", "percent") else \
            ("right" if column.kind == "number" else "left")
        template.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=column.wrap)
        if column.is_input:
            template.protection, template.fill = UNLOCKED, INPUT_FILL
        styles.append(template._style)
        template._style = saved
    return styles


def _write_row(ws, row: int, columns, values: dict, key: str, styles: list) -> None:
    height_lines = 1
    for index, column in enumerate(columns, 1):
        value = values.get(column.key)
        if column.kind in ("number", "percent"):
            value = _number_value(value)
        cell = ws.cell(row, index)
        cell._style = type(styles[index - 1])(styles[index - 1])
        put_text(cell, value)  # typed text is never a formula
        if column.wrap:
            height_lines = max(height_lines, _lines_needed(value, column.width))
    ws.cell(row, L.key_column_index(columns), key)
    # LibreOffice does not fit rows to wrapped text on opening; the unit may still make rows taller.
    ws.row_dimensions[row].height = min(13.5 * min(height_lines, MAX_ROW_LINES) + 5, 409)


def _protect_and_print(ws, columns) -> None:
    ws.protection.sheet = True
    ws.protection.set_password(L.SHEET_PASSWORD)
    ws.protection.formatRows = False      # the unit may make rows taller to read long text
    ws.protection.formatColumns = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    # printed at full size (no text below 9 pt): a sheet wider than the page splits into page columns, left part
    # first then the right part of the same rows, 序号 and 任务 repeated (reports.form_layout.SPLIT_AFTER)
    ws.page_setup.scale = 100
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    if any(c.key == L.SPLIT_AFTER for c in columns):
        from openpyxl.worksheet.pagebreak import Break

        ws.col_breaks.append(Break(id=L.column_index(columns, L.SPLIT_AFTER)))
        ws.print_title_cols = L.REPEAT_COLUMNS
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    split = any(c.key == L.SPLIT_AFTER for c in columns)
    # a split sheet repeats only its column heads (the title sits over the first page's columns); others all four
    ws.print_title_rows = f"{L.HEADER_ROW if split else L.TITLE_ROW}:{L.HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(len(columns))}{ws.max_row}"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.font = L.FONT_NAME
    ws.oddFooter.center.size = 9
    ws.freeze_panes = f"C{L.FIRST_DATA_ROW}"


def _instructions(content: FormContent, sheet: str) -> str:
    due = _chinese_date(content.period["due"])
    to = f"报送{content.bureau}" if content.bureau else "报送"
    if sheet == L.PROGRESS_SHEET:
        text = ("填报说明：请只在黄色单元格中填写（其余单元格已锁定，请勿改动）；完成状态请从下拉列表中选择"
                f"（{'、'.join(STATUSES)}）；完成进度填0到100的数字。表中已预填上期填报内容，请逐项核对、更新后保存；"
                f"某项本期确无新进展的，请在“本期无新进展”列选择“{L.NO_NEWS_CHOICE}”，否则原样报回的内容将被视为未更新；"
                f"于{due}前将本文件{to}。请勿更改文件结构或复制到新文件中填写。")
        if any(is_inferred_deadline(task["deadline"]) for task in content.tasks):
            text += INFERRED_DEADLINE_NOTE
    elif not content.indicators_due:   # as the completeness count and the summary: not owed this period
        text = ("填报说明：本期不要求填报指标数值；如已有最新数值，也可在黄色单元格中填写（只填阿拉伯数字，"
                f"计量单位见“单位”列），于{due}前随本文件{to}。")
    else:
        text = f"填报说明：请在黄色单元格中填写本期数值（只填阿拉伯数字，计量单位见“单位”列）和备注，于{due}前随本文件{to}。"
    if content.contact:
        text += f"如有疑问，请与{content.bureau or '我局'}联系（{content.contact}）。"
    if content.returned_reason:
        text = f"【退回重报】退回原因：{content.returned_reason}。请按要求修改后重新报送。\n" + text
    return official_punctuation(text)


def _write_table_sheet(ws, content: FormContent, columns, form_name: str, items: list[dict]) -> int:
    """Titles and instructions, then one row per task or target (as issued); returns the first row after them."""
    title = official_punctuation(f"{content.plan['title']}\n{form_name}")   # （2024-2026年）, as printed reports
    _write_titles(ws, content, columns, title, _instructions(content, ws.title))
    ws.row_dimensions[L.TITLE_ROW].height = 44
    row = L.FIRST_DATA_ROW
    styles = _column_styles(ws, columns)
    for item in items:
        _write_row(ws, row, columns, {**item, **item["issued"]}, item["key"], styles)
        row += 1
    return row


def build_workbook(content: FormContent, secret: str) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = L.PROGRESS_SHEET
    columns = L.PROGRESS_COLUMNS
    row = _write_table_sheet(ws, content, columns, "重点任务进展填报表", content.tasks)
    last_task_row = row - 1
    _add_progress_validations(ws, last_task_row)
    foot = row + 1
    for label_col, label, input_col, name in L.FOOT_CELLS:
        cell = ws[f"{label_col}{foot}"]
        cell.value, cell.font = label, HEADER_FONT
        cell.alignment = Alignment(horizontal="right", vertical="center")
        target = ws[f"{input_col}{foot}"]
        target.value = content.foot.get(name)
        target.font, target.fill, target.protection = BODY_FONT, INPUT_FILL, UNLOCKED
        target.border = BORDER
        target.alignment = Alignment(horizontal="left", vertical="center")
        if name == "signed_date":
            target.number_format = 'yyyy"年"m"月"d"日"'
    for first, last in L.FOOT_MERGES:
        ws.merge_cells(f"{first}{foot}:{last}{foot}")
    _seal_box(ws, foot + 1)
    ws.cell(foot, L.key_column_index(columns), L.FOOT_KEY)
    ws.row_dimensions[foot].height = 24
    _protect_and_print(ws, columns)

    if content.indicators:   # a unit that answers no target gets no 指标填报 sheet (the reader does not ask for it)
        wi = wb.create_sheet(L.INDICATOR_SHEET)
        columns = L.INDICATOR_COLUMNS
        _write_table_sheet(wi, content, columns, "指标完成情况填报表", content.indicators)
        _add_value_validations(wi, L.column_letter(columns, "value"), content.indicators)
        _protect_and_print(wi, columns)
        wi.freeze_panes = f"C{L.FIRST_DATA_ROW}"

    _write_meta(wb, content, secret)
    wb.active = 0
    return wb


def _seal_box(ws, first_row: int) -> None:
    """单位盖章: a ruled box under the sign-off row, big enough for a 42 mm seal."""
    left, right = L.SEAL_COLUMNS
    last_row = first_row + L.SEAL_ROWS - 1
    label = ws[f"{left}{first_row}"]
    label.value, label.font = L.SEAL_LABEL + "：", HEADER_FONT
    label.alignment = Alignment(horizontal="left", vertical="top")
    ws.merge_cells(f"{left}{first_row}:{right}{last_row}")
    from openpyxl.utils import column_index_from_string

    first_col, last_col = column_index_from_string(left), column_index_from_string(right)
    for r in range(first_row, last_row + 1):
        ws.row_dimensions[r].height = L.SEAL_ROW_HEIGHT
        for c in range(first_col, last_col + 1):
            ws.cell(r, c).border = Border(left=_thin if c == first_col else None,
                                          right=_thin if c == last_col else None,
                                          top=_thin if r == first_row else None,
                                          bottom=_thin if r == last_row else None)


def _add_value_validations(ws, value_col: str, indicators: list[dict]) -> None:
    """本期数值 checked by Excel/WPS with the rules import-returns applies (db.values.measure_kind): counts whole and not
    negative, rates 0–100, amounts any number."""
    rules = {
        "count": dict(type="whole", operator="greaterThanOrEqual", formula1="0",
                      error="该指标是计数（件、家、个、项等），请填写不小于0的整数，例如 3500；说明文字请写在备注里。"),
        "percent": dict(type="decimal", operator="between", formula1="0", formula2="100",
                        error="该指标是百分比，请填写0到100之间的数字，例如 80（不带%）；说明文字请写在备注里。"),
        "amount": dict(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                       error="本期数值只能填写阿拉伯数字（例如 3500），说明文字请写在备注里。"),
    }
    for kind, rule in rules.items():
        rows = [L.FIRST_DATA_ROW + index for index, item in enumerate(indicators)
                if measure_kind(item.get("measure_unit"), item.get("name")) == kind]
        if not rows:
            continue
        dv = DataValidation(allow_blank=True, showErrorMessage=True, errorTitle="请填写数字", **rule)
        for number in rows:
            dv.add(f"{value_col}{number}")
        ws.add_data_validation(dv)


def _add_progress_validations(ws, last_row: int) -> None:
    if last_row < L.FIRST_DATA_ROW:
        return
    status_col = L.column_letter(L.PROGRESS_COLUMNS, "status")
    percent_col = L.column_letter(L.PROGRESS_COLUMNS, "percent")
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="完成状态不对",
                            error=f"请从下拉列表中选择：{'、'.join(STATUSES)}。",
                            showInputMessage=True, promptTitle="完成状态", prompt="请从下拉列表中选择")
    status.add(f"{status_col}{L.FIRST_DATA_ROW}:{status_col}{last_row}")
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                             showErrorMessage=True, errorTitle="完成进度不对",
                             error="完成进度请填写0到100之间的数字，例如 80（不要写“八十”或文字说明）。",
                             showInputMessage=True, promptTitle="完成进度", prompt="填0到100的数字")
    percent.add(f"{percent_col}{L.FIRST_DATA_ROW}:{percent_col}{last_row}")
    ws.add_data_validation(status)
    ws.add_data_validation(percent)
    if not any(column.key == "no_news" for column in L.PROGRESS_COLUMNS):
        return   # a version-1 layout (tests of old forms)
    no_news_col = L.column_letter(L.PROGRESS_COLUMNS, "no_news")
    no_news = DataValidation(type="list", formula1=f'"{L.NO_NEWS_CHOICE}"', allow_blank=True, showErrorMessage=True,
                             errorTitle="本期无新进展", error=f"本期确无新进展的请选择“{L.NO_NEWS_CHOICE}”，有新进展的请留空。",
                             showInputMessage=True, promptTitle="本期无新进展",
                             prompt=f"本期确无新进展、沿用上期内容的，选“{L.NO_NEWS_CHOICE}”")
    no_news.add(f"{no_news_col}{L.FIRST_DATA_ROW}:{no_news_col}{last_row}")
    ws.add_data_validation(no_news)


def _write_meta(wb: Workbook, content: FormContent, secret: str) -> None:
    text = encode_payload(content.payload())
    meta = wb.create_sheet(L.META_SHEET)
    meta["A1"] = "本工作表供台账系统核对表格来源，请勿修改。"
    meta["A2"] = L.FORM_KIND
    meta["B2"] = L.FORM_VERSION
    meta["A3"] = sign(text, secret)
    for index, part in enumerate(chunks(text)):
        meta.cell(4 + index, 1, part)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    meta.protection.set_password(L.SHEET_PASSWORD)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.security.set_workbook_password(L.SHEET_PASSWORD)
    for name, value in (("ipledger_form_kind", L.FORM_KIND), ("ipledger_form_version", str(L.FORM_VERSION)),
                        ("ipledger_form_id", content.form_id), ("ipledger_ledger_id", content.ledger_id),
                        ("ipledger_unit", content.unit["name"]), ("ipledger_period", content.period["key"])):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.properties.title = f"{content.period['key']} {content.unit['name']} 进展填报表"
    wb.properties.creator = content.bureau or "知识产权强县建设任务台账"


# ----- the whole export -------------------------------------------------------------------------

def resolve_units(ledger, plan_id: int, unit_name: str | None) -> list[dict]:
    recipients = form_recipients(ledger, plan_id)
    if not unit_name:
        return recipients
    from db.units import canonical_unit_name, find_unit

    wanted = canonical_unit_name(unit_name)
    for unit in recipients:
        if wanted in (unit["name"], unit.get("short_name")):
            return [unit]
    unit_id = find_unit(ledger, wanted)
    for unit in recipients:
        if unit["id"] == unit_id:
            return [unit]
    names = "、".join(unit_label(u) for u in recipients)
    if unit_id is None:
        raise NotFoundError(f"台账中没有名为“{unit_name}”的单位（也不是哪个单位的简称或别名）。请使用单位的全称或简称，"
                            f"可选单位：{names}。")
    raise NotFoundError(f"单位“{unit_name}”在本方案中没有要填报的任务或指标。可选单位：{names}。")


def export_forms(ledger, period_key: str, out_dir: Path | str, *, unit_ids: list[int] | None = None,
                 unit_name: str | None = None, plan_id: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Write one form per unit into `out_dir`; record each as issued. Returns the files written."""
    plan_id = plan_id or current_plan_id(ledger)
    if plan_id is None:
        raise NotFoundError("台账中还没有方案。请先导入或新建方案。")
    period = get_period(ledger, plan_id, period_key)
    if is_closed(period):
        raise PeriodClosedError(f"报告期 {period['name']} 已关闭，报回的表格将无法导入，因此不再下发填报表。"
                                "如确需补报，请先由管理员重新开放该报告期。")
    units = resolve_units(ledger, plan_id, unit_name)
    if unit_ids is not None:
        wanted = set(unit_ids)
        units = [u for u in units if u["id"] in wanted]
    if not units:
        raise ValidationError("没有选择任何单位。请至少选择一个单位。", "单位")
    secret = ledger.setting("form_secret")
    if not secret:
        raise ValidationError("台账缺少表格校验密钥（form_secret），无法下发表格。请用 ipledger check 检查台账。", "设置")
    out_dir = Path(out_dir)
    written: list[Path] = []
    used_names: set[str] = set()
    for index, unit in enumerate(units):
        if is_cancelled and is_cancelled():
            break
        content = gather_form(ledger, plan_id, period, unit)
        name = content.file_name
        if name in used_names:  # two units with the same short name
            name = L.form_file_name(period["name"], f"{unit_label(unit)}_{unit['id']}")
        used_names.add(name)
        workbook = build_workbook(content, secret)
        target = out_dir / name
        replaced = target.exists()
        try:
            # the file appears only together with its issue record: written inside the transaction that records it,
            # removed again when that transaction does not commit (a busy ledger, a full disk)
            with ledger.transaction():
                record_issued_form(ledger, form_id=content.form_id, plan_id=plan_id, unit_id=unit["id"],
                                   period_id=period["id"], file_name=name, snapshot=content.payload(),
                                   base={t["key"]: t["base"] for t in content.tasks}
                                   | {i["key"]: i["base"] for i in content.indicators})
                path = save_workbook_atomically(workbook, target)
        except BaseException:
            if not replaced:
                target.unlink(missing_ok=True)
            raise
        written.append(path)
        if progress:
            progress(index + 1, len(units))
    return written
