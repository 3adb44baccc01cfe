"""The state the pages share: the open ledger, the chosen plan and period, the undo stack, and one
"changes applied" signal that lets every open view refresh only what it shows.

Pages never write SQL: they call db verbs through `AppContext.apply`, which shows a Chinese message
on a refusal and records an undoable command.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import LedgerError
from db.ledger import Ledger

# What changed, so pages can decide whether to redraw.
PROGRESS, PLAN, UNITS, INDICATORS, PERIODS, SETTINGS, ALL = (
    "progress", "plan", "units", "indicators", "periods", "settings", "all")


class _DoneCommand(QUndoCommand):
    """An action already applied once; undo/redo re-run the verbs."""

    def __init__(self, context: "AppContext", text: str, redo: Callable[[], object], undo: Callable[[], object],
                 kinds: set[str]):
        super().__init__(text)
        self._context, self._redo, self._undo, self._kinds = context, redo, undo, kinds
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._context.apply(self.text(), self._redo, kinds=self._kinds)

    def undo(self) -> None:
        self._context.apply(f"撤销:{self.text()}", self._undo, kinds=self._kinds)


class AppContext(QObject):
    changed = Signal(object)        # set of kinds
    plan_changed = Signal(int)
    period_changed = Signal(int)
    message = Signal(str)           # short status-bar messages

    def __init__(self, ledger: Ledger, parent: QObject | None = None):
        super().__init__(parent)
        from db.periods import current_period
        from db.plan_store import current_plan_id

        self.ledger = ledger
        self.undo_stack = QUndoStack(self)
        self.plan_id: int | None = current_plan_id(ledger)
        period = current_period(ledger, self.plan_id) if self.plan_id else None
        self.period_id: int | None = period["id"] if period else None
        self.error_parent: QWidget | None = None

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
        self.undo_stack.clear()
        self.plan_changed.emit(plan_id)
        self.changed.emit({ALL})

    def set_period(self, period_id: int | None) -> None:
        if period_id == self.period_id:
            return
        self.period_id = period_id
        self.period_changed.emit(period_id or 0)

    # ----- writing ------------------------------------------------------------------------
    def apply(self, text: str, action: Callable[[], object], *, kinds: set[str] | str = ALL,
              undo: Callable[[], object] | None = None, quiet: bool = False):
        """Run a db verb; on a refusal show the Chinese message and return None.

        With `undo`, the action goes on the undo stack (Ctrl+Z / Ctrl+Y).
        """
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        try:
            result = action()
        except LedgerError as exc:
            if not quiet:
                self.show_error(str(exc))
            return None
        if undo is not None:
            self.undo_stack.push(_DoneCommand(self, text, action, undo, kinds))
        self.message.emit(f"已保存:{text}")
        self.changed.emit(kinds)
        return result if result is not None else True

    def show_error(self, message: str, title: str = "无法保存") -> None:
        self.message.emit(message.splitlines()[0] if message else title)
        QMessageBox.warning(self.error_parent, title, message)

    def worker_ledger(self, *, read_only: bool = False) -> Ledger:
        """A separate connection for a worker thread (one connection per thread)."""
        return Ledger.open(self.ledger.path, actor=self.ledger.actor, source=self.ledger.source,
                           read_only=read_only, clock=self.ledger.clock)
