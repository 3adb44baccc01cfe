"""The one writer for long writes: importing returns or a plan, restoring, bulk edits.

A long write is a Qt-free operation `job(ledger, progress, is_cancelled) -> Changes` (db.ops records it). The
threaded writer runs jobs one after another on a thread of its own, on its own connection to the ledger, behind
a progress dialog that can cancel; the UI thread keeps painting and never writes on a second connection. The
synchronous writer runs the job at once on the window's connection: tests use it (no waiting on threads), and so
does an in-memory ledger. desktop/ hands the window the threaded one.
"""
from __future__ import annotations

from collections import deque
from typing import Callable

from PySide6.QtCore import QObject, Signal

Job = Callable[..., object]            # job(ledger, progress, is_cancelled) -> Changes
Done = Callable[[object], None]
Failed = Callable[[BaseException], None]


class SynchronousWriter(QObject):
    """Runs each long write at once, on the calling (UI) thread, on the window's own connection."""

    threaded = False

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.busy = False

    def submit(self, context, label: str, job: Job, on_done: Done, on_error: Failed, parent=None) -> None:
        self.busy = True
        try:
            result = job(context.ledger, lambda done, total: None, lambda: False)
        except BaseException as exc:  # handed to the caller, like the threaded writer does
            self.busy = False
            on_error(exc)
            return
        self.busy = False
        on_done(result)

    def close(self) -> None:
        pass


class ThreadedWriter(QObject):
    """One thread, one connection, one job at a time (the others wait in order)."""

    threaded = True
    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._queue: deque = deque()
        self._worker = None
        self._ledger = None
        self._ledger_path = None
        self.busy = False

    def submit(self, context, label: str, job: Job, on_done: Done, on_error: Failed, parent=None) -> None:
        if context.ledger.path is None:       # an in-memory ledger has no second connection to write through
            SynchronousWriter.submit(self, context, label, job, on_done, on_error, parent)
            return
        self._queue.append((context, label, job, on_done, on_error, parent))
        if not self.busy:
            self._next()

    def _connection(self, context):
        if self._ledger is not None and self._ledger_path != context.ledger.path:
            self._ledger.close()
            self._ledger = None
        if self._ledger is None:
            self._ledger = context.worker_ledger()
            self._ledger_path = context.ledger.path
        return self._ledger

    def _next(self) -> None:
        from ui.worker import Worker

        if not self._queue:
            self.busy = False
            self.idle.emit()
            return
        self.busy = True
        context, label, job, on_done, on_error, parent = self._queue.popleft()

        def run(progress, is_cancelled):
            return job(self._connection(context), progress, is_cancelled)

        worker = Worker(run, label=f"正在{label}…", parent=parent)

        def finished(result) -> None:
            self._worker = None
            on_done(result)
            self._next()

        def failed(exc) -> None:
            self._worker = None
            on_error(exc)
            self._next()

        worker.done.connect(finished)
        worker.error.connect(failed)
        self._worker = worker
        worker.start()

    def close(self) -> None:
        """Close the writer's connection (after its last job): the window is closing or changing ledger."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker._thread.wait()
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
