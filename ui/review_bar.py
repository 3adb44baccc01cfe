"""A strip on the unit page: the bureau's review of this unit's return for the period (已审核 / 退回 with a
reason), and closing or reopening the period (administrator; reopening needs a reason)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from db.periods import is_closed
from db.vocabulary import chinese_date_time
from db.ops import edits
from db.reviews import RETURNED, REVIEWED, latest_review

STATE_STYLES = {None: "color:#555;", REVIEWED: "color:#1b7f3b;font-weight:bold;",
                RETURNED: "color:#c0392b;font-weight:bold;"}


class ReviewBar(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.unit_id: int | None = None
        self.period: dict | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("审核："))
        self.state_label = QLabel()
        self.state_label.setObjectName("reviewState")
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label, 1)
        self.review_button = self._button("审核通过", "reviewApprove", self.approve)
        self.return_button = self._button("退回…", "reviewReturn", self.send_back)
        self.close_button = self._button("关闭本报告期…", "periodClose", self.close_current_period)
        self.reopen_button = self._button("重新开放本报告期…", "periodReopen", self.reopen_current_period)
        for widget in (self.review_button, self.return_button, self.close_button, self.reopen_button):
            layout.addWidget(widget)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # ----- showing -------------------------------------------------------------------------------
    def show_for(self, unit_id: int | None, period: dict | None) -> None:
        self.unit_id, self.period = unit_id, period
        self.refresh()

    def refresh(self) -> None:
        ledger = self.context.ledger
        if self.unit_id is None or self.period is None:
            self.state_label.setText("（请选择单位和报告期）")
            for button in (self.review_button, self.return_button, self.close_button, self.reopen_button):
                button.setEnabled(False)
            return
        review = latest_review(ledger, self.unit_id, self.period["id"])
        if review is None:
            text = "未审核"
        elif review["state"] == REVIEWED:
            text = f"已审核（{review['actor'] or '未署名'}，{chinese_date_time(review['at'])}）"
        else:
            text = f"退回（{review['actor'] or '未署名'}，{chinese_date_time(review['at'])}）：{review['reason']}"
        self.state_label.setText(text)
        self.state_label.setStyleSheet(STATE_STYLES[review["state"] if review else None])
        closed = is_closed(self.period)
        writable = not ledger.read_only
        self.review_button.setEnabled(writable and not closed)
        self.return_button.setEnabled(writable and not closed)
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        self.close_button.setEnabled(writable)
        self.reopen_button.setEnabled(writable)

    # ----- actions -------------------------------------------------------------------------------
    def approve(self) -> bool:
        unit_id, period_id = self.unit_id, self.period["id"]
        done = self.context.run(edits.review_return, unit_id, period_id, REVIEWED)
        self.refresh()
        return done is not None

    def send_back(self) -> bool:
        reason, ok = QInputDialog.getMultiLineText(self, "退回填报",
                                                   "请写明退回原因（单位会在下次的填报表上看到）：")
        if not ok:
            return False
        unit_id, period_id = self.unit_id, self.period["id"]
        done = self.context.run(edits.review_return, unit_id, period_id, RETURNED, reason)
        self.refresh()
        return done is not None

    def close_current_period(self) -> bool:
        from ui.period_lock import close_with_admin

        return close_with_admin(self.context, self, self.period["id"])

    def reopen_current_period(self) -> bool:
        from ui.period_lock import reopen_with_admin

        return reopen_with_admin(self.context, self, self.period["id"])
