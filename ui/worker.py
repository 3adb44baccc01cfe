"""Long work off the UI thread: a Qt-free function `fn(progress, is_cancelled)` runs in a QThread behind a
progress dialog that appears after 0.5 s and can cancel. Results come back through queued signals;
the worker never touches widgets.
"""
from __future__ import annotations

import gc
import threading
import traceback
from contextlib import contextmanager
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised inside a job when the clerk pressed 取消."""


_collector_lock = threading.Lock()
_collector_jobs = 0
_collector_saved: tuple[int, int, int] | None = None


@contextmanager
def quiet_collector():
    """While jobs run, Python's cyclic garbage collector skips its full (oldest-generation) passes.

    A full pass holds the GIL while it scans every live object: during a big export or report (millions of
    objects, all still in use) each pass froze the window for 100-300 ms and freed nothing. The young
    generations are still collected; the job's objects are freed by reference counting when it ends, and
    the normal thresholds come back when the last job finishes.
    """
    global _collector_jobs, _collector_saved
    with _collector_lock:
        if _collector_jobs == 0:
            _collector_saved = gc.get_threshold()
            gc.set_threshold(_collector_saved[0], _collector_saved[1], 1_000_000)
        _collector_jobs += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_jobs -= 1
            if _collector_jobs == 0 and _collector_saved is not None:
                gc.set_threshold(*_collector_saved)


class _Job(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any]):
        super().__init__()
        self._fn = fn
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            with quiet_collector():
                result = self._fn(lambda done, total: self.progressed.emit(int(done), int(total)),
                                  self.cancel_event.is_set)
        except BaseException as exc:  # reported to the UI thread, never lost
            exc.traceback_text = traceback.format_exc()
            self.failed.emit(exc)
        else:
            self.finished.emit(result)


class Worker(QObject):
    """Run `fn(progress, is_cancelled)`; emits `done(result)` or `error(exception)` on the UI thread."""

    done = Signal(object)
    error = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, fn: Callable[..., Any], *, label: str = "正在处理…", parent: QWidget | None = None,
                 show_dialog: bool = True):
        super().__init__(parent)
        self._thread = QThread()
        self._job = _Job(fn)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._job.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._job.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(label, "取消", 0, 0, parent)
            self.dialog.setWindowTitle("请稍候")
            self.dialog.setMinimumDuration(500)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.canceled.connect(self.cancel)
        self.running = False

    def start(self) -> "Worker":
        self.running = True
        self._thread.start()
        return self

    def cancel(self) -> None:
        self._job.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self._job.cancel_event.is_set()

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
        self.progressed.emit(done, total)

    def _finish(self) -> None:
        self.running = False
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()

    def _on_finished(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        self.error.emit(exc)
