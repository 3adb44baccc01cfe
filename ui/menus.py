"""Menu entries whose dialogs are heavy: the action is installed at start, the dialog module is imported only
when the clerk opens it (keeps start-up fast)."""
from __future__ import annotations

from PySide6.QtGui import QAction


def install_plan_import_menu(window) -> None:
    """文件 → 导入方案…"""
    action = QAction("导入方案…", window)
    action.setShortcut("Ctrl+I")

    def open_dialog():
        from ui.plan_review.dialog import PlanReviewDialog

        dialog = PlanReviewDialog(window.context, window)
        dialog.plan_created.connect(lambda _id: window.refresh_choosers())
        dialog.exec()

    action.triggered.connect(open_dialog)
    first = window.file_menu.actions()[0] if window.file_menu.actions() else None
    window.file_menu.insertAction(first, action)
    window.import_plan_action = action


def install_periods_menu(window) -> None:
    """文件 → 报告期管理…"""
    action = QAction("报告期管理(&P)…", window)
    action.setObjectName("periodsAction")

    def open_dialog():
        if window.context.plan_id is None:
            window.context.show_error("台账中还没有方案。请先导入方案。", "报告期管理")
            return
        from ui.periods_dialog import PeriodsDialog

        PeriodsDialog(window.context, window).exec()

    action.triggered.connect(open_dialog)
    actions = window.file_menu.actions()
    window.file_menu.insertAction(actions[-1] if actions else None, action)
    window.periods_action = action


def install_help_menu(window) -> None:
    """帮助 → 使用说明 (F1), 关于 (the dialogs are imported when opened)."""
    menu = window.menuBar().addMenu("帮助(&H)")
    guide = QAction("使用说明(&U)…", window)
    guide.setObjectName("guideAction")
    guide.setShortcut("F1")
    about = QAction("关于(&A)…", window)
    about.setObjectName("aboutAction")

    def open_guide():
        from ui.help_dialog import HelpDialog

        HelpDialog(window, window.context).exec()

    def open_about():
        from ui.help_dialog import AboutDialog

        AboutDialog(window.context, window).exec()

    guide.triggered.connect(open_guide)
    about.triggered.connect(open_about)
    menu.addAction(guide)
    menu.addSeparator()
    menu.addAction(about)
    window.help_menu = menu
