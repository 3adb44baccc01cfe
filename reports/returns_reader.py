"""Read a returned fill-in workbook back: verify it is our form, unaltered, then parse its inputs.

`examine_return(ledger, path)` checks the WHOLE file and writes nothing. It returns a ReturnReport:
unit, period, rows new / changed / unchanged, conflicts with the ledger, and errors by sheet, row and
column in Chinese. `import_return` then applies an accepted report in one transaction
(db/returns_apply.py). Rows are matched by the hidden row keys, never by position; values are read
tolerantly (full-width digits, "85%", 0.85 in a percent cell, serial dates, trailing spaces).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from db.errors import LedgerError, ValidationError
from db.periods import get_period, is_closed
from db.plan_store import current_plan_id
from db.progress import clean_progress_value
from db.return_forms import issued_form, previous_imports
from db.returns_apply import (Analysis, ReturnTarget, analyse_return, DEFAULT_DECISION)
from db.values import (check_text, clean_imported_text, format_number, parse_measure_value, parse_percent,
                       status_percent_mismatch)
from reports import form_layout as L
from reports.form_signature import verify
from reports.xlsx_safety import UnreadableWorkbook, formula_cells, open_read_only, read_checked_bytes

MAX_ROWS = 3000          # a form has tens of rows; more means a broken or hostile file
EXCERPT = 30


class ReturnRefused(Exception):
    """The file is readable but refused as a whole (not ours, altered, closed period…)."""


@dataclass
class ParsedReturn:
    """What a return says, as read from the workbook (independent of the ledger's current values)."""
    plan_id: int
    payload_base: dict
    task_answers: dict[int, dict]
    indicator_answers: dict[int, dict]
    foot: dict
    refs: dict[str, tuple[str, int, str]]
    prefill: dict[str, dict] = field(default_factory=dict)   # {row key: task values the form was issued with}


@dataclass
class ReturnReport:
    file: str
    path: str
    sha256: str | None = None
    verdict: str = "refused"          # applied | unchanged | would-apply | refused
    unit: str | None = None
    unit_id: int | None = None
    period: str | None = None         # the period the answers go to
    period_id: int | None = None
    form_period: str | None = None    # the period the form was issued for
    form_id: str | None = None
    errors: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)   # imported as written, but worth asking the unit about
    analysis: Analysis | None = None
    previously_imported: list[dict] = field(default_factory=list)
    unreadable: bool = False          # not a workbook at all (exit code 2 on the command line)
    saved_at: str | None = None       # when the unit last saved the workbook (its document properties)
    parsed: "ParsedReturn | None" = None   # the answers as read, for analysing again inside the transaction

    @property
    def refused(self) -> bool:
        return self.verdict == "refused"

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": message})

    def error_lines(self) -> list[str]:
        return [describe_error(e) for e in self.errors]

    def notice(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.notices.append({"sheet": sheet, "row": row, "column": column, "message": message})

    def notice_lines(self) -> list[str]:
        return [describe_error(n) for n in self.notices]

    def to_json(self, decisions: dict[str, str] | None = None) -> dict:
        data: dict[str, Any] = {"file": self.file}
        if self.sha256:
            data["sha256"] = self.sha256
        data["verdict"] = self.verdict
        if self.refused:
            if self.unit:
                data["unit"] = self.unit
            if self.period:
                data["period"] = self.period
            data["errors"] = self.errors
            return data
        data["unit"], data["period"] = self.unit, self.period
        if self.form_period and self.form_period != self.period:
            data["form_period"] = self.form_period
        counts = self.analysis.counts(decisions) if self.analysis else {}
        data.update({"rows_new": counts.get("new", 0), "rows_changed": counts.get("changed", 0),
                     "rows_unchanged": counts.get("unchanged", 0), "rows_empty": counts.get("empty", 0),
                     "rows_same_as_previous": counts.get("same", 0)})
        data["conflicts"] = [c.to_json(decisions) for c in self.analysis.conflicts] if self.analysis else []
        data["errors"] = self.errors
        data["notices"] = self.notices
        return data


def describe_counts(counts: dict[str, int]) -> str:
    """'新增 2 行，修改 1 行，与上期相同 6 行（请核实），无变化 0 行，未填 0 行' (window and command line alike)."""
    same = f"与上期相同 {counts.get('same', 0)} 行（请核实），" if counts.get("same") else ""
    return (f"新增 {counts.get('new', 0)} 行，修改 {counts.get('changed', 0)} 行，{same}"
            f"无变化 {counts.get('unchanged', 0)} 行，未填 {counts.get('empty', 0)} 行")


def describe_error(error: dict) -> str:
    where = []
    if error.get("sheet"):
        where.append(f"工作表“{error['sheet']}”")
    if error.get("row"):
        where.append(f"第{error['row']}行")
    if error.get("column"):
        where.append(error["column"])
    prefix = " ".join(where)
    message, column = error["message"], error.get("column")
    if column and message.startswith((f"{column}：", f"{column}:")):   # db.values names its field: say it once
        message = message[len(column) + 1:]
    return f"{prefix}：{message}" if prefix else message


# ----- reading cells ----------------------------------------------------------------------------

@dataclass
class SheetRow:
    row: int
    key: str
    values: dict[str, Any]
    formats: dict[str, str]
    raw: dict[int, tuple[Any, str]]  # by column index: (value, number format)


def _excerpt(value) -> str:
    text = str(value)
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


def _read_sheet(ws, columns, report: ReturnReport, sheet: str,
                formulas: dict[tuple[int, int], str] | None = None) -> list[SheetRow]:
    ws.reset_dimensions()  # WPS may write a wrong <dimension>: read what is really there
    key_index = L.key_column_index(columns)
    rows: list[SheetRow] = []
    for count, cells in enumerate(ws.iter_rows(min_row=L.FIRST_DATA_ROW, max_col=key_index), L.FIRST_DATA_ROW):
        if count - L.FIRST_DATA_ROW >= MAX_ROWS:
            raise ReturnRefused(f"工作表“{sheet}”的行数超过{MAX_ROWS}行，不像是下发的填报表，已拒绝读取。请使用下发的原表格填写。")
        by_index = {c.column: c for c in cells if getattr(c, "column", None)}
        key_cell = by_index.get(key_index)
        key = _clean_key(key_cell.value if key_cell is not None else None)
        if not key:
            continue
        row_number = getattr(key_cell, "row", None) or count
        raw = {index: (cell.value, getattr(cell, "number_format", None) or "General")
               for index, cell in by_index.items()}
        values = {column.key: raw.get(index, (None, ""))[0] for index, column in enumerate(columns, 1)}
        for index, column in enumerate(columns, 1):
            formula = (formulas or {}).get((row_number, index))
            if formula and column.is_input and values[column.key] is None:
                report.error(f"这一格是公式“{_excerpt(formula)}”，但文件里没有保存它的计算结果（由程序生成、未在 Excel 或 WPS"
                             "中打开保存过的文件会这样）。请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值。",
                             sheet, row_number, L.header_of(columns, column.key))
        formats = {column.key: raw.get(index, (None, "General"))[1] for index, column in enumerate(columns, 1)}
        rows.append(SheetRow(row_number, key, values, formats, raw))
    return rows


def _read_foot(row: SheetRow) -> dict:
    from openpyxl.utils import column_index_from_string

    return {name: row.raw.get(column_index_from_string(input_col), (None, "General"))
            for _, _, input_col, name in L.FOOT_CELLS}


def _clean_key(value) -> str:
    if value is None:
        return ""
    return str(value).strip().upper()


def clean_text(value) -> str | None:
    """A text cell: dates as 2025-09-30, numbers without a trailing .0, trailing spaces gone."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(float(value))
    text = clean_imported_text(str(value)).replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text or None


def _percent_cell(value, number_format: str):
    """0.85 in a percent-formatted cell means 85."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (number_format or ""):
        return round(value * 100, 6)
    if isinstance(value, str) and len(value) > EXCERPT:
        raise ValidationError(f"“{_excerpt(value)}”不是0到100之间的数字。请填写0到100的数字，例如 80。", "完成进度")
    return value


def _number_cell(value, number_format: str):
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (number_format or ""):
        return round(value * 100, 6)
    if isinstance(value, str):
        if len(value) > EXCERPT:
            raise ValidationError(f"“{_excerpt(value)}”不是数字。请填写阿拉伯数字，例如 3500。", "本期数值")
        text = unicodedata.normalize("NFKC", value).strip()
        if text.endswith("%"):
            return text[:-1]
    return value


_DATE_TEXT = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


def parse_signed_date(value) -> str | None:
    """The sign-off date: a date cell, a serial under a Chinese format, or typed text; else kept as typed."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(value)
    if not text:
        return None
    match = _DATE_TEXT.match(unicodedata.normalize("NFKC", text))
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return text
    return text[:40]


def _strip_field_prefix(message: str, label: str) -> str:
    for prefix in (f"{label}：", f"{label}:"):   # db.values writes the full-width colon
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _no_news_choice(value) -> bool:
    """The 本期无新进展 cell: 是 (or a tick) chosen, or blank; anything else is refused with what to pick."""
    text = clean_text(value)
    if text is None:
        return False
    if unicodedata.normalize("NFKC", text).upper() in L.NO_NEWS_ACCEPTED:
        return True
    if text in ("否", "无", "不是"):
        return False
    raise ValidationError(f"“{_excerpt(text)}”不是可选的内容。本期确无新进展的请选择“{L.NO_NEWS_CHOICE}”，"
                          "有新进展的请留空。", "本期无新进展")


def _parse_task_row(row: SheetRow, report: ReturnReport, columns=L.PROGRESS_COLUMNS) -> dict:
    answers: dict[str, Any] = {}
    for column in columns:
        if not column.is_input:
            continue
        raw = row.values.get(column.key)
        label = L.header_of(L.PROGRESS_COLUMNS, column.key)
        try:
            if column.kind == "choice":
                answers[column.key] = _no_news_choice(raw)
            elif column.key == "evidence":
                answers["evidence"] = check_text(clean_text(raw), field=label, max_length=2000)
            elif column.kind == "percent":
                value = _percent_cell(raw, row.formats.get(column.key))
                answers["percent"] = parse_percent(clean_text(value) if isinstance(value, str) else value,
                                                   field=label)
            elif column.kind == "status":
                text = clean_text(raw)
                if text is not None and len(text) > EXCERPT:
                    raise ValidationError(f"“{_excerpt(text)}”不是可选的状态。", label)
                answers["status"] = clean_progress_value("status", unicodedata.normalize("NFKC", text) if text else None)
            else:
                answers[column.key] = clean_progress_value(column.key, clean_text(raw))
        except ValidationError as exc:
            report.error(_strip_field_prefix(str(exc), label), L.PROGRESS_SHEET, row.row, label)
    return answers


def _parse_indicator_row(row: SheetRow, report: ReturnReport, measure_unit: str | None = None,
                         name: str | None = None) -> dict:
    """The value is checked as the window checks it (db.values.parse_measure_value): '3500件' for a 件 target,
    '94%' for a % target; a unit that is not the target's, a fraction of a count or a rate over 100 is refused."""
    answers: dict[str, Any] = {}
    try:
        raw = row.values.get("value")
        value = _number_cell(raw, row.formats.get("value"))
        answers["value"] = parse_measure_value(raw if isinstance(raw, str) else value, measure_unit, name=name,
                                               field="本期数值")
    except ValidationError as exc:
        report.error(_strip_field_prefix(str(exc), "本期数值"), L.INDICATOR_SHEET, row.row, "本期数值")
    try:
        answers["note"] = check_text(clean_text(row.values.get("note")), field="备注", max_length=2000)
    except ValidationError as exc:
        report.error(_strip_field_prefix(str(exc), "备注"), L.INDICATOR_SHEET, row.row, "备注")
    return answers


# ----- verifying ----------------------------------------------------------------------------------

def _meta_from(workbook, name: str) -> tuple[str, str]:
    """The payload text and its MAC from the hidden sheet (refuses files that have none)."""
    if L.META_SHEET not in workbook.sheetnames:
        props = {}
        try:
            props = {p.name: getattr(p, "value", None) for p in workbook.custom_doc_props}
        except Exception:
            pass
        if props.get("ipledger_form_kind") == L.FORM_KIND:
            raise ReturnRefused(
                f"{name} 缺少表格的隐藏校验信息（可能是把内容复制到了新的工作簿中填写），无法确认来源，已拒绝导入。"
                "请让报送单位在下发的原表格中填写后重新报送。")
        raise ReturnRefused(f"{name} 不是本系统下发的填报表（找不到表格校验信息），已拒绝导入。请使用“下发填报表”生成的表格。")
    meta = workbook[L.META_SHEET]
    meta.reset_dimensions()
    rows = [r[0] if r else None for r in meta.iter_rows(min_row=1, max_col=1, max_row=400, values_only=True)]
    kind = rows[1] if len(rows) > 1 else None
    if kind != L.FORM_KIND or len(rows) < 4:
        raise ReturnRefused(f"{name} 的表格校验信息不完整或被改动，已拒绝导入。请让报送单位在下发的原表格中填写后重新报送。")
    mac = str(rows[2] or "")
    text = "".join(str(part) for part in rows[3:] if part is not None)
    return text, mac


def _check_locked(rows: list[SheetRow], expected: dict[str, dict], checked: tuple[str, ...], columns,
                  sheet: str, report: ReturnReport) -> None:
    for row in rows:
        item = expected.get(row.key)
        if item is None:
            continue
        for key in checked:
            have = clean_text(row.values.get(key)) or ""
            want = clean_text(item.get(key)) or ""
            if unicodedata.normalize("NFKC", have) != unicodedata.normalize("NFKC", want):
                report.error(f"锁定的内容被改动（应为“{_excerpt(want)}”，表中为“{_excerpt(have)}”）。"
                             "锁定单元格不允许修改，请在下发的原表格中重新填写。", sheet, row.row, L.header_of(columns, key))


def examine_return(ledger, path: Path | str, *, target_period: str | None = None, plan_id: int | None = None,
                   decisions: dict[str, str] | None = None) -> ReturnReport:
    """Check one returned file completely and work out what importing it would change. Writes nothing."""
    path = Path(path)
    report = ReturnReport(file=path.name, path=str(path))
    try:
        data, report.sha256 = read_checked_bytes(path)
        with open_read_only(data, path.name) as workbook:
            try:
                formulas = formula_cells(data, (L.PROGRESS_SHEET, L.INDICATOR_SHEET))
            except Exception:  # noqa: BLE001 - a damaged part is reported by the main read, with its own message
                formulas = {}
            _examine_workbook(ledger, workbook, report, target_period, plan_id, formulas)
    except UnreadableWorkbook as exc:
        report.unreadable = True
        report.errors = [{"sheet": None, "row": None, "column": None, "message": str(exc)}]
        report.verdict = "refused"
        return report
    except ReturnRefused as exc:
        report.errors = [{"sheet": None, "row": None, "column": None, "message": str(exc)}]
        report.verdict = "refused"
        report.analysis = None
        return report
    if report.errors:
        report.verdict = "refused"
        return report
    report.previously_imported = previous_imports(ledger, report.sha256)
    from reports.returns_import import newer_return   # (judged again inside the applying transaction)

    older = newer_return(ledger, report)
    if older is not None:
        report.error(older)
        report.verdict = "refused"
        return report
    report.verdict = "would-apply" if report.analysis.has_changes(decisions) else "unchanged"
    return report


def _examine_workbook(ledger, workbook, report: ReturnReport, target_period: str | None, plan_id: int | None,
                      formulas: dict[str, dict[tuple[int, int], str]] | None = None):
    name = report.file
    text, mac = _meta_from(workbook, name)
    try:
        payload = json.loads(text)
    except ValueError:
        raise ReturnRefused(f"{name} 的表格校验信息被改动，已拒绝导入。请让报送单位在下发的原表格中填写后重新报送。") from None
    if not isinstance(payload, dict) or payload.get("kind") != L.FORM_KIND:
        raise ReturnRefused(f"{name} 不是本系统下发的填报表，已拒绝导入。")
    if int(payload.get("version") or 0) > L.FORM_VERSION:
        raise ReturnRefused(f"{name} 由更新版本的程序生成（表格第{payload.get('version')}版），请升级本程序后再导入。")
    if payload.get("ledger_id") != ledger.setting("ledger_id"):
        raise ReturnRefused(
            f"{name} 是另一个台账下发的表格（单位：{payload.get('unit_name') or '未知'}，报告期：{payload.get('period_key') or '未知'}），"
            "不能导入本台账。请确认打开的是正确的台账，或用本台账重新下发表格。")
    if not verify(text, mac, ledger.setting("form_secret") or ""):
        raise ReturnRefused(f"{name} 的隐藏校验信息与内容不符：表格在锁定区域或隐藏信息处被改动过，已拒绝导入，未作任何改动。"
                            "请让报送单位在下发的原表格中重新填写（只填黄色单元格）。")
    report.form_id = payload.get("form_id")
    report.unit = payload.get("unit_name")
    report.saved_at = _saved_at(workbook)
    if L.PROGRESS_SHEET in workbook.sheetnames:
        _check_visible_identity(workbook[L.PROGRESS_SHEET], payload, name)
    report.form_period = payload.get("period_key")
    expected_plan = plan_id or current_plan_id(ledger)
    if payload.get("plan_id") != expected_plan:
        raise ReturnRefused(f"{name} 属于另一个方案（不是当前选择的方案），已拒绝导入。请先在窗口上方切换到对应方案后再导入。")
    unit = ledger.row("SELECT id, name FROM units WHERE id = ?", (payload.get("unit_id"),))
    if unit is None:
        raise ReturnRefused(f"{name} 的填报单位“{report.unit}”在台账中已不存在（可能已被合并或删除），已拒绝导入。")
    report.unit_id, report.unit = unit["id"], unit["name"]
    try:
        period = get_period(ledger, payload["plan_id"], target_period or payload.get("period_key") or "")
    except LedgerError as exc:
        raise ReturnRefused(f"{name}：{exc}") from None
    report.period, report.period_id = period["key"], period["id"]
    if is_closed(period):
        raise ReturnRefused(f"{name}：报告期 {period['name']} 已关闭，填报内容已锁定，已拒绝导入。如确需补报，请先由管理员重新开放该报告期。")

    tasks_expected = {t["key"]: t for t in payload.get("tasks", [])}
    indicators_expected = {i["key"]: i for i in payload.get("indicators", [])}
    missing = [s for s in (L.PROGRESS_SHEET, L.INDICATOR_SHEET) if s not in workbook.sheetnames]
    if L.PROGRESS_SHEET in missing or (L.INDICATOR_SHEET in missing and indicators_expected):
        raise ReturnRefused(f"{name} 缺少工作表“{'”“'.join(missing)}”（可能被删除或改名），已拒绝导入。请在下发的原表格中填写。")
    formulas = formulas or {}
    progress_columns = L.progress_columns(int(payload.get("version") or 1))
    task_rows = _read_sheet(workbook[L.PROGRESS_SHEET], progress_columns, report, L.PROGRESS_SHEET,
                            formulas.get(L.PROGRESS_SHEET))
    indicator_rows = (_read_sheet(workbook[L.INDICATOR_SHEET], L.INDICATOR_COLUMNS, report, L.INDICATOR_SHEET,
                                  formulas.get(L.INDICATOR_SHEET))
                      if L.INDICATOR_SHEET in workbook.sheetnames else [])

    foot: dict[str, Any] = {}
    task_answers: dict[int, dict] = {}
    refs: dict[str, tuple[str, int, str]] = {}
    seen: set[str] = set()
    for row in task_rows:
        if row.key == L.FOOT_KEY:
            foot = _parse_foot(_read_foot(row), row.row, report)
            continue
        item = tasks_expected.get(row.key)
        if item is None:
            report.error(f"这一行不属于本单位的表格（行标识 {row.key} 不在下发时的任务中），可能是从其他单位的表格复制过来的。"
                         "请删除这一行，或在本单位下发的原表格中填写。", L.PROGRESS_SHEET, row.row, "任务")
            continue
        if row.key in seen:
            report.error(f"第{item['number']}项任务出现了两次（可能复制了整行）。请删除重复的行。", L.PROGRESS_SHEET, row.row, "任务")
            continue
        seen.add(row.key)
        answers = task_answers[item["task_id"]] = _parse_task_row(row, report, progress_columns)
        refs[row.key] = (L.PROGRESS_SHEET, row.row, f"第{item['number']}项 {item['title']}")
        mismatch = status_percent_mismatch(answers.get("status"), answers.get("percent"))
        if mismatch:
            report.notice(f"第{item['number']}项：{mismatch}。按表中所填导入；请与该单位核实，如有误在“单位填报”中更正。",
                          L.PROGRESS_SHEET, row.row, "完成状态")
    _check_locked(task_rows, tasks_expected, L.PROGRESS_LOCKED_CHECKED, progress_columns, L.PROGRESS_SHEET, report)

    indicator_answers: dict[int, dict] = {}
    for row in indicator_rows:
        item = indicators_expected.get(row.key)
        if item is None:
            report.error(f"这一行不属于本单位的指标表（行标识 {row.key} 不在下发时的指标中）。请删除这一行。",
                         L.INDICATOR_SHEET, row.row, "指标")
            continue
        if row.key in seen:
            report.error("这项指标出现了两次（可能复制了整行）。请删除重复的行。", L.INDICATOR_SHEET, row.row, "指标")
            continue
        seen.add(row.key)
        indicator_answers[item["indicator_id"]] = _parse_indicator_row(row, report, item.get("measure_unit"), item.get("name"))
        refs[row.key] = (L.INDICATOR_SHEET, row.row, item["name"])
    _check_locked(indicator_rows, indicators_expected, L.INDICATOR_LOCKED_CHECKED, L.INDICATOR_COLUMNS,
                  L.INDICATOR_SHEET, report)
    if report.errors and any("锁定的内容被改动" in e["message"] for e in report.errors):
        report.errors.insert(0, {"sheet": None, "row": None, "column": None,
                                 "message": "表格中锁定的内容（任务序号、名称、分工或指标名称）被改动，已拒绝导入，未作任何改动。"})

    report.parsed = ParsedReturn(
        plan_id=payload["plan_id"], payload_base={t["key"]: t.get("base", {}) for t in payload.get("tasks", [])} | {
            i["key"]: i.get("base", {}) for i in payload.get("indicators", [])},
        task_answers=task_answers, indicator_answers=indicator_answers, foot=foot, refs=refs,
        prefill={k: t.get("issued") or {} for k, t in tasks_expected.items()})
    try:
        report.analysis = analyse_parsed(ledger, report)
    except ValidationError as exc:
        report.error(str(exc))
        return
    _notice_same_as_before(report)


def _notice_same_as_before(report: ReturnReport) -> None:
    """请核实：与上期相同 for each task row sent back exactly as pre-filled without 本期无新进展 (db.entry_flags)."""
    from db.entry_flags import SAME_LABEL

    for row in report.analysis.rows:
        if row.same_as_prefill and row.state({}) == "same":
            report.notice(f"与上期相同：{row.label}原样报回了预填的上期内容，未选“本期无新进展”，按“{SAME_LABEL}”计，"
                          "不算本期新进展；请与该单位核实。", row.sheet, row.row, "进展情况")


def analyse_parsed(ledger, report: "ReturnReport") -> Analysis:
    """Compare a report's parsed answers with the ledger as it is NOW (the importer calls this again inside
    the applying transaction, so conflicts are decided against the values as they are then)."""
    parsed = report.parsed
    base = None
    if report.form_period == report.period:
        stored = issued_form(ledger, report.form_id) if report.form_id else None
        base = stored["base"] if stored else parsed.payload_base
    target = ReturnTarget(plan_id=parsed.plan_id, unit_id=report.unit_id, period_id=report.period_id,
                          form_id=report.form_id if base is not None else None, file_name=report.file,
                          sha256=report.sha256 or "")
    return analyse_return(ledger, target, parsed.task_answers, parsed.indicator_answers, parsed.foot, base=base,
                          refs=parsed.refs, prefill=parsed.prefill)


def _saved_at(workbook) -> str | None:
    """When the workbook was last saved (document properties written by Excel, WPS and LibreOffice), or None."""
    try:
        modified = workbook.properties.modified
    except Exception:  # noqa: BLE001 - damaged or missing document properties: no time known
        return None
    if not isinstance(modified, datetime):
        return None
    if modified.tzinfo is None:   # the file stores UTC (…Z); shown and compared in this computer's local time
        modified = modified.replace(tzinfo=timezone.utc)
    return modified.astimezone().replace(microsecond=0, tzinfo=None).isoformat(sep=" ")


def _check_visible_identity(ws, payload: dict, name: str) -> None:
    """The visible 填报单位/报告期 line must name the unit and period the signed payload names: a hidden sheet
    moved from one unit's workbook into another's is refused."""
    unit = payload.get("visible_unit") or payload.get("unit_name") or ""
    period = payload.get("visible_period")
    line = ""
    for cells in ws.iter_rows(min_row=L.SUBTITLE_ROW, max_row=L.SUBTITLE_ROW, max_col=1, values_only=True):
        line = unicodedata.normalize("NFKC", str(cells[0] or "")) if cells else ""
    wanted = [unicodedata.normalize("NFKC", f"填报单位：{unit}")]
    if period:
        wanted.append(unicodedata.normalize("NFKC", f"报告期：{period}"))
    if not all(part in line for part in wanted):
        shown = line.strip()[:60] or "（空）"
        raise ReturnRefused(
            f"{name} 的表头（工作表“{L.PROGRESS_SHEET}”第{L.SUBTITLE_ROW}行）写的是“{shown}”，与表格隐藏校验信息中的"
            f"填报单位“{unit}”{f'、报告期“{period}”' if period else ''}不一致：隐藏的校验信息可能来自另一个单位的表格，"
            "已拒绝导入，未作任何改动。请让报送单位在本单位下发的原表格中填写后重新报送。")


def _parse_foot(cells: dict, row: int, report: ReturnReport) -> dict:
    foot: dict[str, Any] = {}
    for name, (value, _format) in cells.items():
        label = L.FOOT_LABELS[name]
        try:
            if name == "signed_date":
                foot[name] = parse_signed_date(value)
            elif name in ("filled_by", "phone"):
                foot[name] = clean_progress_value(name, clean_text(value))
            else:
                foot[name] = check_text(clean_text(value), field=label, max_length=40)
        except ValidationError as exc:
            report.error(_strip_field_prefix(str(exc), label), L.PROGRESS_SHEET, row, label)
    return foot


def import_return(ledger, path: Path | str, *, target_period: str | None = None, plan_id: int | None = None,
                  decisions: dict[str, str] | None = None, dry_run: bool = False,
                  default_decision: str = DEFAULT_DECISION) -> ReturnReport:
    """One file through the one road (reports/returns_import.py), without a backup first."""
    from reports.returns_import import import_return as one_file

    return one_file(ledger, path, target_period=target_period, plan_id=plan_id, decisions=decisions,
                    dry_run=dry_run, default_decision=default_decision)


def apply_report(ledger, report: ReturnReport, *, decisions: dict[str, str] | None = None,
                 default_decision: str = DEFAULT_DECISION) -> ReturnReport:
    """Apply an examined, accepted report (the clerk's per-conflict decisions: keep | take) in its own operation,
    judged again inside the transaction (reports/returns_import.py)."""
    from reports.returns_import import apply_examined

    if report.refused or report.analysis is None:
        raise ValidationError(f"{report.file} 未通过检查，不能导入。", "文件")
    apply_examined(ledger, report, decisions or {}, default_decision)
    return report
