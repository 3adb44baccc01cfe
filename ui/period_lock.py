"""Closing and reopening a reporting period from the window: the administrator password, a confirmation, and for
reopening a reason kept in the audit (shown on reports of that period). Used by the unit page's review strip and
the periods dialog."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QWidget

from db.ops import edits


def _period(context, period_id: int) -> dict:
    from db.periods import period_by_id

    return period_by_id(context.ledger, period_id)


def close_with_admin(context, parent: QWidget | None, period_id: int) -> bool:
    from ui.admin import require_admin

    period = _period(context, period_id)
    if QMessageBox.question(parent, "关闭报告期",
                            f"关闭 {period['name']} 后,该期的填报内容、佐证材料和指标数值都将锁定,"
                            "不能再修改或导入。确定关闭吗?") != QMessageBox.StandardButton.Yes:
        return False
    if not require_admin(context, parent, reason="关闭报告期需要管理员权限。"):
        return False
    done = context.run(edits.close_period, period_id)
    return done is not None


def reopen_with_admin(context, parent: QWidget | None, period_id: int) -> bool:
    from ui.admin import require_admin

    period = _period(context, period_id)
    if not require_admin(context, parent, reason="重新开放报告期需要管理员权限。"):
        return False
    reason, ok = QInputDialog.getMultiLineText(
        parent, "重新开放报告期", f"请写明重新开放 {period['name']} 的原因（将记入修改记录，并显示在该期的报告上）：")
    if not ok:
        return False
    done = context.run(edits.reopen_period, period_id, reason)
    return done is not None


def install_buttons(dialog) -> None:
    """关闭报告期 / 重新开放 buttons on the periods dialog's admin row, acting on the selected period."""
    close_button = QPushButton("关闭所选报告期…")
    close_button.setObjectName("closePeriod")
    reopen_button = QPushButton("重新开放所选报告期…")
    reopen_button.setObjectName("reopenPeriod")
    dialog.admin_row.addWidget(close_button)
    dialog.admin_row.addWidget(reopen_button)
    dialog.close_period_button, dialog.reopen_period_button = close_button, reopen_button

    def update() -> None:
        period_id = dialog.selected_period_id()
        from db.periods import is_closed, is_open

        period = _period(dialog.context, period_id) if period_id is not None else None
        writable = not dialog.context.ledger.read_only
        close_button.setEnabled(writable and is_open(period))
        reopen_button.setEnabled(writable and is_closed(period))

    def run(action) -> None:
        period_id = dialog.selected_period_id()
        if period_id is not None and action(dialog.context, dialog, period_id):
            dialog.load(select_id=period_id)
        update()

    close_button.clicked.connect(lambda: run(close_with_admin))
    reopen_button.clicked.connect(lambda: run(reopen_with_admin))
    dialog.table.itemSelectionChanged.connect(update)
    update()
