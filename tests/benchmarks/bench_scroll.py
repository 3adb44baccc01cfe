"""Scroll through all ~160,000 progress entries of a city ledger (单位填报 → 全部填报记录, a lazy model).

Each frame: move the scroll bar (page steps, small wheel-like steps and random jumps, as a clerk drags the
thumb), then process events until the viewport has repainted. Figure: the slowest frame. Floor: the same
view over a bare in-memory QAbstractTableModel holding the same rows. Target: no frame over 50 ms.
"""
from __future__ import annotations

import random
import time

from common import (PaintCounter, city_ledger, main_window, median, missing, report, step_until_painted, timed)

PAGE_STEPS, SMALL_STEPS, JUMPS = 120, 60, 40


def scroll_frames(app, view) -> list[float]:
    bar = view.verticalScrollBar()
    viewport = view.viewport()
    painted = PaintCounter(viewport)
    rng = random.Random(11)
    frames = []
    bar.setValue(0)
    app.processEvents()
    for _ in range(PAGE_STEPS):
        frames.append(step_until_painted(app, viewport, lambda: bar.setValue(bar.value() + bar.pageStep()), painted))
    for _ in range(SMALL_STEPS):
        frames.append(step_until_painted(app, viewport, lambda: bar.setValue(bar.value() + 3 * 26), painted))
    for _ in range(JUMPS):
        frames.append(step_until_painted(app, viewport, lambda: bar.setValue(rng.randrange(bar.maximum())), painted))
    return frames


def floor_frames(app, model_rows: list[tuple], headers: list[str], like) -> list[float]:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    class Bare(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else len(model_rows)

        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else len(headers)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                value = model_rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return headers[section]
            return None

    view = QTableView()
    model = Bare()
    view.setModel(model)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    for column in range(len(headers)):
        view.setColumnWidth(column, like.columnWidth(column))
    view.resize(like.size())
    view.show()
    app.processEvents()
    frames = scroll_frames(app, view)
    view.close()
    return frames


def pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


def main() -> None:
    app, window = main_window(city_ledger())
    if "unit" not in window.page_names():
        missing("scroll 160,000 progress rows", "the unit page does not exist yet")
        return
    page = window.show_page("unit")
    view_widget = getattr(page, "all_entries", None)
    if view_widget is None:
        missing("scroll 160,000 progress rows", "the all-entries view does not exist yet")
        return
    if hasattr(view_widget, "all_periods"):   # the tab follows the window's period; tick 包括所有报告期 for all rows
        view_widget.all_periods.setChecked(True)
    load_time, _ = timed(lambda: (page.tabs.setCurrentWidget(view_widget), view_widget.model.wait_loaded(60000)))
    model, table = view_widget.model, view_widget.table
    rows = model.rowCount()
    frames = scroll_frames(app, table)
    reads = model.page_reads
    columns = [c.key for c in model.columns]
    snapshot = [tuple((model.row_data(r) or {}).get(k) for k in columns) for r in range(rows)]
    floor = floor_frames(app, snapshot, [c.header for c in model.columns], table)
    report(f"scroll {rows:,} progress rows (lazy model), slowest frame", figure=max(frames), floor=max(floor),
           target_abs=0.050,
           note=f"{len(frames)} frames: median {median(frames) * 1000:.1f} ms, 95th pct {pct(frames, 95) * 1000:.0f} ms "
                f"(floor median {median(floor) * 1000:.1f}, 95th {pct(floor, 95) * 1000:.0f}); {reads} page reads; "
                f"ids loaded in {load_time * 1000:.0f} ms on a worker")
    if rows < 150_000:
        report("scroll: row count", figure=rows, unit="rows", passed=False, note="expected ~160,000 rows")


if __name__ == "__main__":
    main()
