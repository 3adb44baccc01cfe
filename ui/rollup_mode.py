"""汇总 mode: how the main window shows a roll-up ledger (db.rollup). The plan and period choosers give way to the
city's name and a chooser of the periods the counties have reported; the pages (ui/pages ROLLUP_PAGES) read the
chosen period with `chosen_period(context)`."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel

from db.ops.changes import ALL, ROLLUP


def chosen_period(context) -> str | None:
    """The period the city is looking at: the one chosen on top, else the latest any county reported."""
    key = getattr(context, "rollup_period", None)
    if key:
        return key
    from db.rollup.overview import latest_period_key

    return latest_period_key(context.ledger)


def choose_period(context, key: str | None) -> None:
    context.rollup_period = key


def enter_rollup_mode(window) -> None:
    from db.rollup import rollup_name

    name = rollup_name(window.context.ledger)
    window.rollup_title = f"{name}汇总台账"
    bar = window.top_bar
    for index in range(bar.count()):
        widget = bar.itemAt(index).widget()
        if widget is not None:
            widget.hide()
    title = QLabel(f"汇总台账：{name}")
    title.setObjectName("rollupTitle")
    title.setStyleSheet("font-weight:bold;font-size:12pt;")
    bar.insertWidget(0, title)
    bar.insertSpacing(1, 24)
    bar.insertWidget(2, QLabel("报告期："))
    combo = QComboBox()
    combo.setObjectName("rollupPeriodCombo")
    combo.setMinimumWidth(180)
    bar.insertWidget(3, combo)
    bar.insertStretch(4, 1)
    window.rollup_period_combo = combo
    fill_periods(window)
    combo.currentIndexChanged.connect(lambda _index: _period_chosen(window))
    window.context.changed.connect(lambda changes: _changed(window, changes))
    QTimer.singleShot(0, lambda: _hide_plan_actions(window))   # the menus are built after the pages


PLAN_ACTIONS = ("导入方案", "报告期管理")   # a roll-up ledger has no plan of its own


def _hide_plan_actions(window) -> None:
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        for action in menu.actions() if menu is not None else ():
            if action.text().startswith(PLAN_ACTIONS):
                action.setVisible(False)


def fill_periods(window) -> None:
    from db.periods import parse_period_key
    from db.rollup.overview import period_keys

    combo, context = window.rollup_period_combo, window.context
    wanted = getattr(context, "rollup_period", None)
    combo.blockSignals(True)
    combo.clear()
    for key in period_keys(context.ledger):
        combo.addItem(parse_period_key(key).name, key)
    index = combo.findData(wanted) if wanted else 0
    combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
    combo.blockSignals(False)
    choose_period(context, combo.currentData())


def _period_chosen(window) -> None:
    choose_period(window.context, window.rollup_period_combo.currentData())
    current = window.stack.currentWidget()
    if hasattr(current, "refresh"):
        current.refresh()


def _changed(window, changes) -> None:
    if ROLLUP in changes or ALL in changes:
        fill_periods(window)
