"""Switch unit or period on the unit page (单位填报) of a city ledger, until the page has repainted.

Figure: the median and the slowest of 20 unit switches and 10 period switches (choose in the combo →
checklist read → table filled → synchronous repaint). Floor: the same rows put into a bare
QStandardItemModel in a QTableView and repainted. Target: ≤ 100 ms each.
"""
from __future__ import annotations

import random
import time

from common import PaintCounter, city_ledger, main_window, median, missing, report, step_until_painted

SWITCHES = 20


def bare_floor(app, rows: list[dict], columns: list[str]) -> float:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.resize(1200, 700)
    view.show()
    model = QStandardItemModel()
    view.setModel(model)
    app.processEvents()
    times = []
    for _ in range(SWITCHES):
        started = time.perf_counter()
        model.clear()
        model.setHorizontalHeaderLabels(columns)
        for row in rows:
            model.appendRow([QStandardItem("" if row.get(c) is None else str(row.get(c))) for c in columns])
        view.resizeRowsToContents()
        app.processEvents()
        times.append(time.perf_counter() - started)
    view.close()
    return median(times)


def main() -> None:
    app, window = main_window(city_ledger())
    if "unit" not in window.page_names():
        missing("unit page: switch unit (city)", "the unit page does not exist yet")
        return
    page = window.show_page("unit")
    app.processEvents()
    rng = random.Random(7)
    viewport = page.table.viewport()
    painted = PaintCounter(viewport)
    count = page.unit_combo.count()
    unit_times = [step_until_painted(app, viewport, lambda i=rng.randrange(count): page.unit_combo.setCurrentIndex(i),
                                     painted) for _ in range(SWITCHES)]
    periods = window.period_combo.count()
    period_times = [step_until_painted(app, viewport,
                                       lambda i=rng.randrange(periods): window.period_combo.setCurrentIndex(i),
                                       painted) for _ in range(SWITCHES // 2)]
    rows = page.model.rows if hasattr(page.model, "rows") else []
    columns = [c.key for c in page.model.columns] if hasattr(page.model, "columns") else ["a"]
    floor = bare_floor(app, rows, columns)
    note = f"{count} units, ~{len(rows)} tasks each; median {median(unit_times) * 1000:.0f} ms"
    report("unit page: switch unit (city), slowest of 20", figure=max(unit_times), floor=floor, target_abs=0.100,
           note=note)
    report("unit page: switch period (city), slowest of 10", figure=max(period_times), floor=floor,
           target_abs=0.100, note=f"median {median(period_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
