"""The lazy table model: holds ids only, reads rows a page at a time, sorts and filters in SQL, loads ids on a
worker thread; and stays quick when a view scrolls through tens of thousands of entries."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from tests.db.test_queries_paged import fill_big_plan
from ui.models.lazy_table import LazyTableModel
from ui.models.progress_entries_model import ProgressEntriesModel
from ui.models.row_table import Column


def fake_model(n=10_000, page_size=100):
    calls = []

    def fetch_ids(_ledger, sort_key, descending):
        ids = list(range(1, n + 1))
        return ids[::-1] if descending else ids

    def fetch_rows(_ledger, ids):
        calls.append(len(ids))
        return {i: {"id": i, "name": f"第{i}行"} for i in ids}

    model = LazyTableModel(None, [Column("id", "编号"), Column("name", "名称")], fetch_ids, fetch_rows,
                           sort_keys={"id": "id"}, page_size=page_size)
    return model, calls


def test_reads_only_the_pages_shown():
    model, calls = fake_model()
    assert model.rowCount() == 10_000 and calls == []
    assert model.index(9_876, 1).data() == "第9877行"
    assert calls == [100]
    assert model.index(9_850, 0).data() == "9851"
    assert calls == [100], "same page comes from the cache"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "10000"


def test_cache_is_bounded():
    model, calls = fake_model(page_size=10)
    for row in range(0, 10_000, 10):
        model.index(row, 0).data()
    assert len(model._pages) <= model.cached_pages


def test_generic_and_entries_models_pass_qtmodeltester(qtmodeltester, demo_ledger):
    model, _ = fake_model(n=300)
    qtmodeltester.check(model)
    entries = ProgressEntriesModel(demo_ledger, 1)
    assert entries.rowCount() == demo_ledger.scalar("SELECT COUNT(*) FROM progress")
    qtmodeltester.check(entries)


def test_entries_model_filters_and_sorts_in_sql(demo_ledger):
    unit = demo_ledger.scalar("SELECT id FROM units WHERE name = '市工信局'")
    model = ProgressEntriesModel(demo_ledger, 1, unit_id=unit)
    assert model.rowCount() == model.count() == demo_ledger.scalar(
        "SELECT COUNT(*) FROM progress WHERE unit_id = ?", (unit,))
    assert {model.index(r, 1).data() for r in range(model.rowCount())} == {"市工信局"}
    percent_column = next(i for i, c in enumerate(model.columns) if c.key == "percent")
    model.sort(percent_column, Qt.SortOrder.DescendingOrder)
    values = [model.row_data(r)["percent"] for r in range(model.rowCount())]
    assert values == sorted(values, key=lambda v: (v is not None, v), reverse=True)


def test_ids_load_on_a_worker_thread(qtbot, demo_path, demo_ledger):
    from db.ledger import Ledger

    model = ProgressEntriesModel(demo_ledger, 1, ledger_factory=lambda: Ledger.open(demo_path, read_only=True))
    assert model.loading
    with qtbot.waitSignal(model.loaded, timeout=5000) as blocker:
        pass
    assert blocker.args[0] == demo_ledger.scalar("SELECT COUNT(*) FROM progress")
    assert model.rowCount() == blocker.args[0]
    period = demo_ledger.scalar("SELECT id FROM periods WHERE key = '2025Q1'")
    model.set_filters(period_id=period)
    model.set_filters(period_id=None, unit_id=demo_ledger.scalar("SELECT id FROM units WHERE name = '园区'"))
    assert model.wait_loaded()
    assert {model.index(r, 1).data() for r in range(model.rowCount())} == {"园区"}, "the stale load was dropped"


def test_scrolling_40000_entries_stays_quick(qtbot, tmp_path):
    from db.ledger import Ledger

    path = tmp_path / "big.ipledger"
    ledger = Ledger.create(path)
    plan_id = fill_big_plan(ledger, tasks=500, units=60, periods=20)
    try:
        model = ProgressEntriesModel(ledger, plan_id, ledger_factory=lambda: Ledger.open(path, read_only=True))
        assert model.wait_loaded()
        assert model.rowCount() == 40_000
        view = QTableView()
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.setModel(model)
        view.show()
        bar = view.verticalScrollBar()
        started = time.perf_counter()
        for step in range(0, 101):
            bar.setValue(bar.maximum() * step // 100)
            view.viewport().grab()  # paints the rows now showing
        elapsed = time.perf_counter() - started
        assert 100 <= model.page_reads <= 202, "one or two pages per jump, never the whole table"
        assert elapsed < 10, f"scrolling took {elapsed:.2f} s"
        last = model.row_data(39_999)
        assert last is not None and last["period_key"]
    finally:
        ledger.close()
