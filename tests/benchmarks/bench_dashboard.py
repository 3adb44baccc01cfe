"""Dashboard on large ledgers: computing the page's data (city: 2,000 tasks, 160,000 entries) against reading the
same progress rows bare, and the task filter on the 10,000-task ledger against a bare list comprehension.

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_dashboard.py
"""
from __future__ import annotations

import os

from common import city_ledger, median, open_ledger, qt_app, repeat, report, tasks_ledger

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def load_figures() -> None:
    from db.periods import current_period
    from db.plan_store import current_plan_id
    from ui.pages.dashboard_data import load_dashboard

    ledger = open_ledger(city_ledger(), read_only=True)
    plan_id = current_plan_id(ledger)
    period = current_period(ledger, plan_id)
    figure = median(repeat(lambda: load_dashboard(ledger, plan_id, period["id"]), runs=3))
    floor = median(repeat(lambda: ledger.rows(
        "SELECT p.task_id, p.unit_id, p.status, p.percent FROM progress p JOIN periods pe ON pe.id = p.period_id"
        " WHERE pe.plan_id = ? AND pe.end <= ?", (plan_id, period["end"])), runs=3))
    report("dashboard data (city, in its worker thread)", figure=figure, floor=floor, unit="s",
           note="the first load runs before the window shows; later ones in a worker")
    ledger.close()


def filter_figures() -> None:
    from db.periods import current_period
    from db.plan_store import current_plan_id
    from ui.pages.dashboard_data import TaskFilter, load_dashboard
    from ui.pages.dashboard_tasks import TaskTableModel

    app = qt_app()
    ledger = open_ledger(tasks_ledger(), read_only=True)
    plan_id = current_plan_id(ledger)
    rows = load_dashboard(ledger, plan_id, current_period(ledger, plan_id)["id"]).rows
    ledger.close()
    model = TaskTableModel()
    model.set_rows(rows)
    some_unit = next(iter(rows[len(rows) // 2].unit_ids))
    filters = [TaskFilter(text="专利"), TaskFilter(light="red"), TaskFilter(unit_id=some_unit),
               TaskFilter(text="知识产权 保护", status="推进中"), TaskFilter()]

    def with_model():
        for task_filter in filters:
            model.set_filter(task_filter)

    def bare():
        for task_filter in filters:
            terms = task_filter.text.lower().split()
            [r for r in rows if task_filter.accepts(r, terms)]

    figure = median(repeat(with_model, runs=5)) / len(filters)
    floor = median(repeat(bare, runs=5)) / len(filters)
    report(f"task filter change ({len(rows):,} tasks)", figure=figure, floor=floor, unit="s", target_abs=0.05,
           target_ratio=3.0)
    del app


if __name__ == "__main__":
    filter_figures()
    load_figures()
