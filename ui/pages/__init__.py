"""The window's pages. Each page is a QWidget subclass taking (context, parent) with a `refresh()`.

PAGES lists them in navigation order: (name used by `gui --page`, Chinese label, module, class).
A page whose module does not exist yet is simply not shown.
"""
from __future__ import annotations

import importlib

PAGES = [
    ("dashboard", "首页概览", "ui.pages.dashboard_page", "DashboardPage"),
    ("plan", "方案任务", "ui.pages.plan_page", "PlanPage"),
    ("unit", "单位填报", "ui.pages.unit_page", "UnitPage"),
    ("indicators", "指标填报", "ui.pages.indicators_page", "IndicatorsPage"),
    ("returns", "表格收发", "ui.pages.returns_page", "ReturnsPage"),
    ("reports", "报告打印", "ui.pages.reports_page", "ReportsPage"),
    ("units", "单位管理", "ui.pages.units_page", "UnitsPage"),
    ("audit", "修改记录", "ui.pages.audit_page", "AuditPage"),
]


def available_pages() -> list[tuple[str, str, type]]:
    found = []
    for name, label, module_name, class_name in PAGES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        found.append((name, label, getattr(module, class_name)))
    return found
