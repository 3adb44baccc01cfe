"""Exceptions raised by the ledger. Every message is Chinese and says what to do."""
from __future__ import annotations


class LedgerError(Exception):
    """Base class: the message is meant for the clerk."""


class NotALedgerError(LedgerError):
    pass


class NewerLedgerError(LedgerError):
    pass


class LedgerExistsError(LedgerError):
    pass


class ValidationError(LedgerError, ValueError):
    """A value a clerk typed (or a file carried) is not acceptable.

    `field` names the column in Chinese, so an importer can say where.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class PeriodClosedError(LedgerError):
    pass


class ReadOnlyError(LedgerError):
    pass


class NotFoundError(LedgerError, KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; we do not
        return str(self.args[0]) if self.args else ""


class StorageError(LedgerError):
    """The ledger file could not be written (disk full, busy, read-only folder, I/O error); nothing was saved."""


class UndoRefusedError(LedgerError):
    """Undo or redo would overwrite a newer change (or there is nothing to undo); nothing was changed."""
