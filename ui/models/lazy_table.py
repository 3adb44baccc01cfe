"""A table model for big tables: it holds only the ordered row ids and fetches the rows it shows a page at a time.

The ids come from a db function that filters and sorts in SQL (`fetch_ids(ledger, sort, descending)`); the rows
from another (`fetch_rows(ledger, ids) -> {id: row}`). Loading the ids (a few hundred ms on 160,000 rows) can run
on a worker thread with its own read-only connection, so the window never waits; pages (a couple of ms) are read
on demand and kept in a small cache.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.models.row_table import ALIGN, DISPLAY, EDIT, FOREGROUND, ROW_ROLE, TOOLTIP, Column, status_brush

FetchIds = Callable[[Any, str | None, bool], Sequence[int]]
FetchRows = Callable[[Any, list[int]], dict[int, dict]]


class LazyTableModel(QAbstractTableModel):
    """Rows are shown as "…" until their page is read (normally within the same paint)."""

    loaded = Signal(int)          # row count after (re)loading the ids
    loading_changed = Signal(bool)
    load_failed = Signal(str)     # a Chinese message

    def __init__(self, ledger, columns: list[Column], fetch_ids: FetchIds, fetch_rows: FetchRows, *,
                 sort_keys: dict[str, str] | None = None, page_size: int = 200, cached_pages: int = 40,
                 ledger_factory: Callable[[], Any] | None = None, load: bool = True,
                 sort_key: str | None = None, descending: bool = False, parent=None):
        super().__init__(parent)
        self.ledger = ledger
        self.columns = columns
        self.fetch_ids, self.fetch_rows = fetch_ids, fetch_rows
        self.sort_keys = sort_keys or {}
        self.page_size, self.cached_pages = page_size, cached_pages
        self.ledger_factory = ledger_factory
        self.sort_key: str | None = sort_key
        self.descending = descending
        self._ids: Sequence[int] = ()
        self._pages: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self._generation = 0
        self._worker = None
        self.loading = False
        self.page_reads = 0
        if load:
            self.reload()

    # ----- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the ids again (after a filter or sort change, or an edit elsewhere)."""
        self._generation += 1
        generation = self._generation
        if self.ledger_factory is None:
            self._set_ids(generation, self.fetch_ids(self.ledger, self.sort_key, self.descending))
            return
        from ui.worker import Worker

        factory, fetch, sort_key, descending = self.ledger_factory, self.fetch_ids, self.sort_key, self.descending

        def job(progress, is_cancelled):
            ledger = factory()
            try:
                return fetch(ledger, sort_key, descending)
            finally:
                ledger.close()

        self._set_loading(True)
        worker = Worker(job, parent=None, show_dialog=False)
        worker.done.connect(lambda ids, g=generation, w=worker: self._async_done(g, ids, w))
        worker.error.connect(lambda exc, g=generation, w=worker: self._async_failed(g, exc, w))
        self._worker = worker
        worker.start()

    def wait_loaded(self, timeout_ms: int = 10000) -> bool:
        """For tests and benchmarks: run the event loop until the ids are in (or the timeout).

        Uses one QEventLoop rather than a processEvents() loop: on PySide6 6.12 / Python 3.11 every
        processEvents() call drops a reference to None, and thousands of calls crash the interpreter.
        """
        if not self.loading:
            return True
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        self.loading_changed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.loading_changed.disconnect(loop.quit)
        return not self.loading

    def _async_done(self, generation: int, ids, worker) -> None:
        if generation == self._generation:
            self._worker = None
            self._set_loading(False)
            self._set_ids(generation, ids)
        worker.deleteLater()

    def _async_failed(self, generation: int, exc, worker) -> None:
        worker.deleteLater()
        if generation == self._generation:
            self._worker = None
            self._set_loading(False)
            self.load_failed.emit(f"读取填报记录失败：{exc}")

    def _set_loading(self, value: bool) -> None:
        if self.loading != value:
            self.loading = value
            self.loading_changed.emit(value)

    def _set_ids(self, generation: int, ids: Sequence[int]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        self.loaded.emit(len(ids))

    def close(self) -> None:
        """Ignore any load still running (call before dropping the model)."""
        self._generation += 1
        self._set_loading(False)

    def invalidate_rows(self) -> None:
        """Forget cached pages (rows were edited) and repaint; the ids stay."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    # ----- rows --------------------------------------------------------------------------------
    def row_id(self, row: int) -> int | None:
        return int(self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_data(self, row: int) -> dict | None:
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // self.page_size
        page = self._pages.get(page_number)
        if page is None:
            start = page_number * self.page_size
            ids = [int(i) for i in self._ids[start:start + self.page_size]]
            page = self.fetch_rows(self.ledger, ids)
            self.page_reads += 1
            self._pages[page_number] = page
            while len(self._pages) > self.cached_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page.get(int(self._ids[row]))

    # ----- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == DISPLAY and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        column = self.columns[index.column()]
        if role == ALIGN:
            return column.align
        if role not in (DISPLAY, EDIT, TOOLTIP, ROW_ROLE, FOREGROUND):
            return None
        row = self.row_data(index.row())
        if role == FOREGROUND:   # a status word in its colour, as in the checklist and on the plan page
            return status_brush((row or {}).get("status")) if column.key == "status" else None
        if role == ROW_ROLE:
            return row
        if row is None:
            return "（已删除）" if role == DISPLAY else None
        value = column.show(row) if column.show else row.get(column.key)
        text = "" if value is None else str(value)
        if role == TOOLTIP:
            return text if len(text) > 12 else None
        return text

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.sort_keys.get(self.columns[column].key)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.reload()
