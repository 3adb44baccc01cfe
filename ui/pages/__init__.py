"""The window's pages. Each page is a QWidget subclass taking (context, parent) with a `refresh()`.

PAGES lists them in navigation order: (name used by `gui --page`, Chinese label, module, class).
A page whose module does not exist yet is simply not shown.
"""
from __future__ import annotations

import importlib
import importlib.util

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

# A roll-up ledger (汇总台账, db.rollup) opens in 汇总 mode with these pages instead.
ROLLUP_PAGES = [
    ("counties", "各县概览", "ui.pages.rollup_overview_page", "RollupOverviewPage"),
    ("city_indicators", "共同指标", "ui.pages.rollup_indicators_page", "RollupIndicatorsPage"),
    ("bulletin", "通报排名", "ui.pages.rollup_bulletin_page", "RollupBulletinPage"),
    ("packages", "导入数据包", "ui.pages.rollup_packages_page", "RollupPackagesPage"),
]


def available_pages(*, rollup: bool = False) -> list[tuple[str, str, "PageFactory"]]:
    """The pages whose module exists, each with a factory that imports its module on first use
    (importing every page at start-up costs a noticeable part of the start-up budget)."""
    found = []
    for name, label, module_name, class_name in ROLLUP_PAGES if rollup else PAGES:
        if importlib.util.find_spec(module_name) is None:
            continue
        found.append((name, label, PageFactory(module_name, class_name)))
    return found


class PageFactory:
    """Called like the page class: `factory(context, parent)` imports the module and builds the page."""

    def __init__(self, module_name: str, class_name: str):
        self.module_name, self.class_name = module_name, class_name

    @property
    def page_class(self) -> type:
        return getattr(importlib.import_module(self.module_name), self.class_name)

    def __call__(self, *args, **kwargs):
        return self.page_class(*args, **kwargs)
