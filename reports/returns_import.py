"""Importing returned workbooks: the one road the window, the command line and the tests all take.

`import_returns(ledger, paths, ...)` examines every file completely (reports/returns_reader.py, nothing written),
then applies each accepted one in its own operation `导入填报表 <file>` (db/ops: one transaction, one history row,
undoable). Inside that transaction the file is judged again against the ledger as it is then:

- its answers are compared with the current values, so a conflict is decided against what the ledger holds at
  the moment of writing (not at the moment of examining);
- a file whose sha256 was imported meanwhile (by another window or process) is `unchanged`;
- a file saved before a return already applied for the same unit and period is refused, naming both files and
  their times, so an old return never silently reverts newer answers.

The result holds one ReturnReport per file (`verdicts()` gives the JSON of ../shared/CLI.md) and the Changes
of each applied operation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from db.errors import LedgerError, ValidationError
from db.ops.changes import INDICATORS, PROGRESS, RETURNS, Changes
from db.returns_apply import DEFAULT_DECISION
from reports.return_verdicts import APPLIED, REFUSED, UNCHANGED, WOULD_APPLY

IMPORT_KINDS = frozenset({PROGRESS, INDICATORS, RETURNS})


@dataclass
class ImportResult:
    reports: list = field(default_factory=list)        # reports.returns_reader.ReturnReport, in the order given
    changes: list[Changes] = field(default_factory=list)
    decisions: dict[str, dict[str, str]] = field(default_factory=dict)   # file path -> resolved conflict choices

    def verdicts(self) -> list[dict]:
        return [report.to_json(self.decisions.get(report.path)) for report in self.reports]

    @property
    def refused(self) -> bool:
        return any(report.refused for report in self.reports)

    def as_changes(self) -> Changes:
        """One Changes for the whole call (what the window refreshes from), carrying this result in `result`."""
        kinds: set[str] = set()
        ids: dict[str, set[int]] = {}
        for changes in self.changes:
            kinds.update(changes.kinds)
            for kind, found in changes.ids.items():
                ids.setdefault(kind, set()).update(found)
        applied = [r.file for r in self.reports if r.verdict == APPLIED]
        label = operation_label(applied[0]) if len(applied) == 1 else (
            f"导入填报表 {len(applied)} 个文件" if applied else "导入填报表：没有导入任何文件")
        return Changes(label=label, kinds=frozenset(kinds), ids={k: frozenset(v) for k, v in ids.items()},
                       operation_id=self.changes[-1].operation_id if self.changes else None, result=self)

    @property
    def unreadable(self) -> bool:
        return any(report.unreadable for report in self.reports)


def operation_label(file_name: str) -> str:
    return f"导入填报表 {file_name}"


def import_returns(ledger, paths, *, target_period: str | None = None, target_periods: dict | None = None,
                   plan_id: int | None = None, decisions: dict | None = None,
                   default_decision: str = DEFAULT_DECISION, dry_run: bool = False, backup: bool = True,
                   progress: Callable[[int, int], None] | None = None,
                   is_cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Examine each file, then apply each accepted one in its own operation.

    `decisions` / `target_periods` are per file ({path as given: …}); `target_period` applies to every file.
    `backup`: take a backup (db.backup.backup_before) once, before the first file is written.
    """
    from reports.returns_reader import examine_return

    result = ImportResult()
    paths = [Path(p) for p in paths]
    backed_up = not backup or dry_run
    for index, path in enumerate(paths):
        if is_cancelled is not None and is_cancelled():
            break
        key = str(path)
        period = (target_periods or {}).get(key, target_period)
        report = examine_return(ledger, path, target_period=period, plan_id=plan_id)
        chosen = (decisions or {}).get(key) or {}
        if not report.refused and not dry_run:
            if not backed_up and report.analysis.has_changes(chosen, default_decision):
                from db.backup import backup_before

                backup_before(ledger, "import-returns")   # BackupError: nothing is written without a backup
                backed_up = True
            changes = apply_examined(ledger, report, chosen, default_decision)
            if changes is not None:
                result.changes.append(changes)
        if report.analysis is not None and not report.refused:
            try:
                result.decisions[report.path] = report.analysis.resolve(chosen, default_decision)
            except ValidationError:
                pass
        result.reports.append(report)
        if progress is not None:
            progress(index + 1, len(paths))
    return result


def import_return(ledger, path, **options):
    """One file (tests and benchmarks): its ReturnReport."""
    decisions = options.pop("decisions", None)
    if decisions is not None:
        options["decisions"] = {str(Path(path)): decisions}
    options.setdefault("backup", False)
    return import_returns(ledger, [path], **options).reports[0]


def apply_examined(ledger, report, decisions: dict, default_decision: str) -> Changes | None:
    """Judge the file again inside its own transaction and write it; sets report.verdict."""
    from db.ops import operation
    from db.return_forms import previous_imports
    from db.returns_apply import apply_analysis
    from reports.returns_reader import analyse_parsed

    seen_before = len(report.previously_imported)
    try:
        with operation(ledger, operation_label(report.file), kinds=IMPORT_KINDS, source="import") as op:
            if len(previous_imports(ledger, report.sha256)) > seen_before:
                report.verdict = UNCHANGED   # the same file was imported meanwhile (another window or process)
                report.previously_imported = previous_imports(ledger, report.sha256)
                op.kinds.clear()
                return None
            newer = newer_return(ledger, report)
            if newer is not None:
                report.error(newer)
                report.verdict = REFUSED
                op.kinds.clear()
                return None
            report.analysis = analyse_parsed(ledger, report)   # against the values as they are now
            choices = report.analysis.resolve(decisions, default_decision)
            if not report.analysis.has_changes(choices):
                report.verdict = UNCHANGED
                op.kinds.clear()
                return None
            apply_analysis(ledger, report.analysis, choices, saved_at=report.saved_at)
            report.verdict = APPLIED
    except LedgerError as exc:
        report.verdict = REFUSED
        report.error(f"导入时被拒绝，未作任何改动：{exc}")
        return None
    return op.changes if report.verdict == APPLIED else None


def newer_return(ledger, report) -> str | None:
    """A Chinese refusal when a return saved after this one is already applied for the same unit and period."""
    if not report.saved_at or report.unit_id is None or report.period_id is None:
        return None
    row = ledger.row("SELECT file_name, saved_at, at FROM imported_returns WHERE unit_id = ? AND period_id = ? "
                     "AND verdict = 'applied' AND saved_at > ? AND sha256 <> ? ORDER BY saved_at DESC LIMIT 1",
                     (report.unit_id, report.period_id, report.saved_at, report.sha256 or ""))
    if row is None:
        return None
    return (f"这份表格保存于 {_when(report.saved_at)}，比已于 {_when(row['at'])} 导入的“{row['file_name']}”"
            f"（保存于 {_when(row['saved_at'])}）"
            "更早。为防止旧内容覆盖新内容，已拒绝导入，台账未作任何改动。如确实要采用这份表格中的内容，"
            "请在“单位填报”中逐项修改，或让报送单位在新表格中重新填写。")


def _when(moment: str | None) -> str:
    """'2026-09-20 09:00:05' → '2026年9月20日 09:00:05' (db.vocabulary's date, with the seconds that decide here)."""
    from db.vocabulary import chinese_date_time

    text = str(moment or "")
    return chinese_date_time(text) + (text[16:19] if len(text) >= 19 and text[16] == ":" else "")


def would_apply(report) -> bool:
    return report.verdict == WOULD_APPLY
