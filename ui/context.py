"""The state the pages share: the open ledger (and its session: lock, start/close backups), the chosen plan and
period, and one "changes applied" signal that lets every open view refresh only what it shows.

Pages never write SQL and never open a transaction: `AppContext.run` runs an operation of the core (db.ops.edits
and the import operations: one transaction, audit rows, captured for undo) and emits the `Changes` it returns.
Undo and redo (Ctrl+Z / Ctrl+Y) are the core's (db.ops.replay: undo / redo): they refuse, with the reason, rather than
overwrite a newer change, and the history survives a restart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import LedgerError
from db.ledger import Ledger
from db.ops.changes import ALL, INDICATORS, PERIODS, PLAN, PROGRESS, SETTINGS, UNITS, Changes  # noqa: F401 (re-exported to pages)


class AppContext(QObject):
    changed = Signal(object)        # a Changes value (supports `kind in changes`)
    history_changed = Signal()      # the undo / redo labels may have changed
    plan_changed = Signal(int)
    period_changed = Signal(int)
    message = Signal(str)           # short status-bar messages
    saved = Signal(str)             # the time of the last successful save ("已保存 10:42")

    def __init__(self, ledger: Ledger, parent: QObject | None = None, *, session=None,
                 output_folder: Callable[[Path | None], Path] | None = None, writer=None):
        super().__init__(parent)
        from ui.writer import SynchronousWriter

        self.writer = writer if writer is not None else SynchronousWriter(self)   # long writes (ui/writer.py)
        from db.periods import current_period
        from db.plan_store import current_plan_id

        self.ledger = ledger
        self.session = session                  # desktop's WindowSession (lock, backups) or None in tests
        self.open_session: Callable[[Path], object] | None = None   # desktop's opener: lock, check, operator, backups
        self.open_in_new_window: Callable[[Path], None] | None = None   # desktop starts the program on another file
        self._output_folder = output_folder
        self.plan_id: int | None = current_plan_id(ledger)
        period = current_period(ledger, self.plan_id) if self.plan_id else None
        self.period_id: int | None = period["id"] if period else None
        self.error_parent: QWidget | None = None
        self.last_saved_label = ""

    def output_folder(self) -> Path:
        """Where open and save dialogs start (desktop decides: the ledger's folder or the clerk's Documents)."""
        if self._output_folder is not None:
            return self._output_folder(self.ledger.path)
        return Path(self.ledger.path).resolve().parent if self.ledger.path else Path.home()

    def use_ledger(self, ledger: Ledger, session=None) -> None:
        """Show another ledger (opened, switched to or restored): the one place the window changes ledger."""
        from db.periods import current_period
        from db.plan_store import current_plan_id

        self.writer.close()     # its connection was to the old ledger
        self.ledger = ledger
        if session is not None:
            self.session = session
        self.plan_id = current_plan_id(ledger)
        period = current_period(ledger, self.plan_id) if self.plan_id else None
        self.period_id = period["id"] if period else None
        self.changed.emit(Changes(label="打开台账", kinds=frozenset({ALL})))
        self.history_changed.emit()

    # ----- selection ----------------------------------------------------------------------
    def set_plan(self, plan_id: int) -> None:
        from db.periods import current_period

        if plan_id == self.plan_id:
            return
        self.plan_id = plan_id
        if not self.ledger.read_only:
            self.ledger.set_setting("current_plan_id", str(plan_id))
        period = current_period(self.ledger, plan_id)
        self.period_id = period["id"] if period else None
        self.plan_changed.emit(plan_id)
        self.changed.emit(Changes(label="切换方案", kinds=frozenset({ALL})))

    def set_period(self, period_id: int | None) -> None:
        if period_id == self.period_id:
            return
        self.period_id = period_id
        self.period_changed.emit(period_id or 0)

    # ----- writing ------------------------------------------------------------------------
    def run(self, operation, *args, error_title: str = "无法保存", quiet: bool = False, **kwargs) -> Changes | None:
        """Run an operation of the core (db.ops.edits.record_progress, db.ops.plan_import.import_plan, …): it
        validates, writes in one transaction with its audit rows and returns its Changes, which every page hears
        about. On a refusal show the Chinese message (unless `quiet`) and return None."""
        try:
            changes = operation(self.ledger, *args, **kwargs)
        except LedgerError as exc:
            if not quiet:
                self.show_error(str(exc), error_title)
            return None
        self._announce(changes, f"已保存：{changes.label}")
        return changes

    def run_long(self, label: str, job, *, on_done: Callable[[Changes], None] | None = None,
                 on_failed: Callable[[BaseException], None] | None = None, error_title: str = "无法完成",
                 parent: QWidget | None = None) -> None:
        """A long write (`job(ledger, progress, is_cancelled) -> Changes`, an operation of the core) on the one
        writer, behind a progress dialog that can cancel; the Changes are announced on the UI thread."""
        def done(changes) -> None:
            if isinstance(changes, Changes):
                self._announce(changes, f"已完成：{changes.label}")
            if on_done is not None:
                on_done(changes)

        def failed(exc: BaseException) -> None:
            from ui.worker import Cancelled

            if isinstance(exc, Cancelled):
                self.message.emit(f"已取消：{label}，台账未作改动。")
            elif isinstance(exc, LedgerError):
                self.show_error(str(exc), error_title)
            else:
                self.show_error(f"{label}时出错：{exc}。台账未作改动。", error_title)
            self.history_changed.emit()
            if on_failed is not None:
                on_failed(exc)

        self.writer.submit(self, label, job, done, failed, parent or self.error_parent)

    def undo(self, operation_id: int | None = None) -> Changes | None:
        return self._replay("undo", operation_id)

    def redo(self, operation_id: int | None = None) -> Changes | None:
        return self._replay("redo", operation_id)

    def _replay(self, verb: str, operation_id: int | None) -> Changes | None:
        from db import ops

        from db.admin import AdminRequiredError

        try:
            try:
                changes = (ops.undo if verb == "undo" else ops.redo)(self.ledger, operation_id)
            except AdminRequiredError:   # an administrator's change: ask for the password, then once more
                from ui.admin import require_admin

                if not require_admin(self, self.error_parent, reason="撤销或重做管理员的修改需要管理员权限。"):
                    self.history_changed.emit()
                    return None
                changes = (ops.undo if verb == "undo" else ops.redo)(self.ledger, operation_id)
        except LedgerError as exc:
            self.show_error(str(exc), "无法撤销" if verb == "undo" else "无法重做")
            self.history_changed.emit()
            return None
        self._announce(changes, f"已{changes.label}")
        return changes

    def _announce(self, changes: Changes, text: str) -> None:
        from datetime import datetime

        self._follow_removed_selection(changes)
        self.last_saved_label = changes.label      # what the 已保存 indicator names in its tooltip
        self.message.emit(text)
        self.saved.emit(datetime.now().strftime("%H:%M"))
        self.changed.emit(changes)
        self.history_changed.emit()

    def _follow_removed_selection(self, changes: Changes) -> None:
        """A change (or an undo) that removed the chosen plan or period moves the window to what remains."""
        from db.periods import current_period, period_by_id
        from db.plan_store import current_plan_id, plan_exists

        if (PLAN in changes or PERIODS in changes) and self.plan_id is not None \
                and not plan_exists(self.ledger, self.plan_id):
            self.plan_id = None
            remaining = current_plan_id(self.ledger)
            if remaining is not None:
                self.set_plan(remaining)
            else:
                self.period_id = None
        elif PERIODS in changes and self.period_id is not None and period_by_id(self.ledger, self.period_id) is None:
            period = current_period(self.ledger, self.plan_id) if self.plan_id else None
            self.set_period(period["id"] if period else None)

    def undo_label(self) -> str | None:
        from db.ops import next_undo

        entry = next_undo(self.ledger) if self.ledger is not None else None
        return entry.label if entry else None

    def redo_label(self) -> str | None:
        from db.ops import next_redo

        entry = next_redo(self.ledger) if self.ledger is not None else None
        return entry.label if entry else None

    def show_error(self, message: str, title: str = "无法保存") -> None:
        self.message.emit(message.splitlines()[0] if message else title)
        QMessageBox.warning(self.error_parent, title, message)

    def worker_ledger(self, *, read_only: bool = False) -> Ledger:
        """A separate connection for a worker thread (one connection per thread)."""
        return Ledger.open(self.ledger.path, actor=self.ledger.actor, source=self.ledger.source,
                           read_only=read_only, clock=self.ledger.clock)
