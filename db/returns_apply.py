"""What a returned form would change, and applying it: one file, one transaction, audit rows naming the file.

`analyse_return` compares a unit's parsed answers with the ledger: each row is new / changed /
unchanged / empty, and each field the ledger changed since the form was issued (its value differs from
the value recorded at issue time) while the return says something else is a conflict. The caller picks
`keep` (the ledger's value stays) or `take` (the return's value wins) per conflict. The default is
`keep`: a value someone entered after the form went out is never overwritten silently.

A blank input cell means "no answer": it never erases what the ledger holds.

A task row returned exactly as the form pre-filled it from an earlier period, without the unit choosing
本期无新进展, is not new progress: it is imported (the unit did send it) but counted as `same` and remembered
(db/entry_flags.py), so completeness, the dashboard, `status` and the summary show it as 已报·无变化 and the
clerk is asked to check it (请核实：与上期相同).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.errors import ValidationError
from db.entry_flags import mark_returned_rows
from db.progress import check_period_open, record_indicator_value, record_progress
from db.return_forms import (INDICATOR_ANSWER_FIELDS, PROGRESS_ANSWER_FIELDS, period_answers, record_evidence_names,
                             record_imported_return, issued_form, update_form_base)
from db.values import format_number
from db.vocabulary import INDICATOR_FIELD_LABELS, PROGRESS_FIELD_LABELS

KEEP, TAKE = "keep", "take"
DEFAULT_DECISION = KEEP
FIELD_LABELS = {**PROGRESS_FIELD_LABELS, "evidence": "佐证材料名称", **INDICATOR_FIELD_LABELS}
CONFLICT_FIELDS = {"task": PROGRESS_ANSWER_FIELDS, "indicator": INDICATOR_ANSWER_FIELDS}


@dataclass(frozen=True)
class ReturnTarget:
    plan_id: int
    unit_id: int
    period_id: int
    form_id: str | None   # set when answers go to the form's own period (its base is then updated)
    file_name: str
    sha256: str


@dataclass
class Conflict:
    key: str              # "T12.status": row key + field; the handle for the clerk's decision
    kind: str             # task | indicator
    item_id: int
    field: str
    sheet: str
    row: int
    label: str            # "第4项 实施高价值专利培育工程"
    ledger_value: Any
    return_value: Any

    @property
    def column(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def to_json(self, decisions: dict[str, str] | None = None) -> dict:
        return {"key": self.key, "sheet": self.sheet, "row": self.row, "item": self.label, "column": self.column,
                "ledger": _shown(self.ledger_value), "return": _shown(self.return_value),
                "decision": (decisions or {}).get(self.key, DEFAULT_DECISION)}


def _shown(value):
    if isinstance(value, float):
        return format_number(value)
    return value


@dataclass
class RowChange:
    key: str
    kind: str
    item_id: int
    sheet: str
    row: int
    label: str
    had_entry: bool
    changes: dict[str, tuple[Any, Any]]   # field: (ledger, return) excluding conflicts
    conflicts: list[Conflict] = field(default_factory=list)
    answered: bool = True
    contact: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # 填报人/电话: written with real changes only
    same_as_prefill: bool = False   # returned as pre-filled from an earlier period, 本期无新进展 not chosen
    no_news: bool = False           # the unit chose 本期无新进展 for this row

    def effective(self, decisions: dict[str, str]) -> dict[str, tuple[Any, Any]]:
        result = dict(self.changes)
        for conflict in self.conflicts:
            if decisions.get(conflict.key, DEFAULT_DECISION) == TAKE:
                result[conflict.field] = (conflict.ledger_value, conflict.return_value)
        if result:
            result.update(self.contact)
        return result

    def state(self, decisions: dict[str, str]) -> str:
        if not self.answered:
            return "empty"
        if not self.effective(decisions):
            return "unchanged"
        if self.same_as_prefill:
            return "same"
        return "changed" if self.had_entry else "new"


@dataclass
class Analysis:
    target: ReturnTarget
    rows: list[RowChange]
    foot: dict

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for r in self.rows for c in r.conflicts]

    def resolve(self, decisions: dict[str, str] | None = None, default: str = DEFAULT_DECISION) -> dict[str, str]:
        decisions = decisions or {}
        for key, value in decisions.items():
            if value not in (KEEP, TAKE):
                raise ValidationError(f"冲突处理方式“{value}”不对，只能是 keep（保留台账）或 take（采用报表）。", "冲突")
        return {c.key: decisions.get(c.key, default) for c in self.conflicts}

    def counts(self, decisions: dict[str, str] | None = None, default: str = DEFAULT_DECISION) -> dict[str, int]:
        choices = self.resolve(decisions, default)
        counts = {"new": 0, "changed": 0, "unchanged": 0, "empty": 0, "same": 0}
        for row in self.rows:
            counts[row.state(choices)] += 1
        return counts

    def has_changes(self, decisions: dict[str, str] | None = None, default: str = DEFAULT_DECISION) -> bool:
        choices = self.resolve(decisions, default)
        return any(row.effective(choices) for row in self.rows)


def _differs(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) > 1e-9
    return a != b


def same_as_prefill(answers: dict, prefill: dict | None, base: dict | None) -> bool:
    """True when a task row comes back exactly as the form pre-filled it (`prefill`: the values as issued) and that
    pre-fill was an earlier period's answer (`base`, the ledger's own values for the form's period at issue time, was
    empty; None when the answers go to another period than the form's). Blank pre-fills never count."""
    if not prefill or not any(prefill.get(f) is not None for f in PROGRESS_ANSWER_FIELDS):
        return False
    if base and any(base.get(f) is not None for f in PROGRESS_ANSWER_FIELDS):
        return False   # the pre-fill was this period's own answer, not last period's
    return not any(_differs(_comparable(answers.get(f)), _comparable(prefill.get(f)))
                   for f in (*PROGRESS_ANSWER_FIELDS, "evidence"))


def _comparable(value):
    if isinstance(value, str):
        value = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
        return value or None
    return value


def analyse_return(ledger, target: ReturnTarget, task_answers: dict[int, dict], indicator_answers: dict[int, dict],
                   foot: dict, *, base: dict | None, refs: dict[str, tuple[str, int, str]],
                   prefill: dict[str, dict] | None = None) -> Analysis:
    """Compare parsed answers with the ledger. `base` is {row key: values at issue} (None: unknown).
    `prefill`: {row key: values the form was issued with}; a task answer may carry `no_news` (本期无新进展 chosen).

    Raises ValidationError (Chinese) when a row's task is no longer this unit's.
    """
    ledger_tasks, ledger_indicators = period_answers(ledger, target.unit_id, target.period_id)
    links = {r["task_id"] for r in ledger.rows("SELECT task_id FROM task_units WHERE unit_id = ?", (target.unit_id,))}
    rows: list[RowChange] = []
    problems: list[str] = []
    for task_id, answers in task_answers.items():
        key = f"T{task_id}"
        sheet, row_number, label = refs.get(key, ("", 0, str(task_id)))
        if task_id not in links:
            problems.append(f"工作表“{sheet}”第{row_number}行 {label}：该单位现在已不承担这项任务（方案已调整），"
                            "不能导入这一行。请重新下发表格。")
            continue
        answers = dict(answers)
        no_news = bool(answers.pop("no_news", False))
        answered = any(answers.get(f) is not None for f in PROGRESS_ANSWER_FIELDS)
        wanted = dict(answers)
        if answered:
            for name in ("filled_by", "phone"):
                if foot.get(name) is not None:
                    wanted[name] = foot[name]
        row = _row_change(key, "task", task_id, sheet, row_number, label, wanted, ledger_tasks.get(task_id),
                          None if base is None else base.get(key, {}), answered)
        row.no_news = no_news
        row.same_as_prefill = answered and not no_news and same_as_prefill(
            answers, (prefill or {}).get(key), None if base is None else base.get(key, {}))
        rows.append(row)
    for indicator_id, answers in indicator_answers.items():
        key = f"I{indicator_id}"
        sheet, row_number, label = refs.get(key, ("", 0, str(indicator_id)))
        owner = ledger.scalar("SELECT unit_id FROM indicators WHERE id = ?", (indicator_id,))
        if owner != target.unit_id:
            problems.append(f"工作表“{sheet}”第{row_number}行 {label}：这项指标现在已不由该单位填报，不能导入这一行。请重新下发表格。")
            continue
        answered = any(answers.get(f) is not None for f in INDICATOR_ANSWER_FIELDS)
        rows.append(_row_change(key, "indicator", indicator_id, sheet, row_number, label, answers,
                                ledger_indicators.get(indicator_id), None if base is None else base.get(key, {}),
                                answered))
    if problems:
        raise ValidationError("\n".join(problems), "任务")
    return Analysis(target, rows, foot)


def _row_change(key, kind, item_id, sheet, row_number, label, wanted: dict, current: dict | None,
                base: dict | None, answered: bool) -> RowChange:
    current = current or {}
    had_entry = any(current.get(f) is not None for f in CONFLICT_FIELDS[kind])
    change = RowChange(key, kind, item_id, sheet, row_number, label, had_entry, {}, answered=answered)
    for name, value in wanted.items():
        if value is None:
            continue  # a blank cell is no answer: never erase the ledger
        old = current.get(name)
        if not _differs(old, value):
            continue
        conflicting = name in CONFLICT_FIELDS[kind] and old is not None and (
            base is None or _differs(old, base.get(name)))
        if conflicting:
            change.conflicts.append(Conflict(f"{key}.{name}", kind, item_id, name, sheet, row_number, label, old, value))
        elif name in ("filled_by", "phone"):
            change.contact[name] = (old, value)
        else:
            change.changes[name] = (old, value)
    return change


def apply_analysis(ledger, analysis: Analysis, decisions: dict[str, str], *,
                   saved_at: str | None = None) -> dict[str, int]:
    """Write one examined return in ONE transaction through the ledger verbs; audit rows name the file.
    `saved_at`: when the unit saved the workbook (kept so an older return cannot revert a newer one)."""
    target = analysis.target
    counts = analysis.counts(decisions)
    kept = sum(1 for c in analysis.conflicts if decisions.get(c.key, DEFAULT_DECISION) == KEEP)
    with ledger.transaction(), ledger.source_file(target.file_name, target.sha256):
        check_period_open(ledger, target.period_id)
        for row in analysis.rows:
            changes = {name: new for name, (_, new) in row.effective(decisions).items()}
            if not changes:
                continue
            if row.kind == "task":
                evidence = changes.pop("evidence", None)
                if changes:
                    record_progress(ledger, row.item_id, target.unit_id, target.period_id, changes)
                if evidence is not None:
                    record_evidence_names(ledger, row.item_id, target.unit_id, target.period_id, evidence)
            else:
                record_indicator_value(ledger, row.item_id, target.period_id, unit_id=target.unit_id,
                                       **{name: value for name, value in changes.items()})
        record_imported_return(
            ledger, sha256=target.sha256, file_name=target.file_name, form_id=target.form_id,
            unit_id=target.unit_id, period_id=target.period_id, verdict="applied", rows_new=counts["new"],
            rows_changed=counts["changed"], rows_unchanged=counts["unchanged"],
            conflicts_taken=len(analysis.conflicts) - kept, conflicts_kept=kept,
            filled_by=analysis.foot.get("filled_by"), phone=analysis.foot.get("phone"),
            reviewer=analysis.foot.get("reviewer"), signed_date=analysis.foot.get("signed_date"), saved_at=saved_at)
        ledger.audit("导入填报表", "imported_return", None, new=target.file_name, plan_id=target.plan_id,
                     unit_id=target.unit_id, period_id=target.period_id)
        mark_returned_rows(ledger, target.unit_id, target.period_id, target.file_name,
                           same=[r.item_id for r in analysis.rows if r.kind == "task" and r.state(decisions) == "same"],
                           no_news=[r.item_id for r in analysis.rows if r.kind == "task" and r.no_news
                                    and r.state(decisions) != "empty"])
        if target.form_id and issued_form(ledger, target.form_id) is not None:
            tasks, indicators = period_answers(ledger, target.unit_id, target.period_id)
            stored = issued_form(ledger, target.form_id)["base"]
            for row in analysis.rows:
                values = (tasks if row.kind == "task" else indicators).get(row.item_id, {})
                kept = {c.field for c in row.conflicts if decisions.get(c.key, DEFAULT_DECISION) == KEEP}
                before = stored.get(row.key, {})
                # a kept conflict stays a conflict when the same file comes again
                stored[row.key] = {k: (before.get(k) if k in kept else v) for k, v in values.items()
                                   if k not in ("filled_by", "phone")}
            update_form_base(ledger, target.form_id, stored)
    return counts
