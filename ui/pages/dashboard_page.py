"""首页概览: where the plan stands for the chosen period (headline figures)."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from db.summary import status_summary


class DashboardPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:15pt;font-weight:bold;")
        layout.addWidget(self.heading)
        box = QGroupBox("本期概况")
        self.grid = QGridLayout(box)
        layout.addWidget(box)
        layout.addStretch(1)
        self.values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate([("tasks", "任务总数"), ("by_status", "完成状态"),
                                            ("units", "单位填报"), ("entries", "填报条目")]):
            self.grid.addWidget(QLabel(label + ":"), row, 0)
            value = QLabel()
            value.setObjectName(f"value_{key}")
            self.values[key] = value
            self.grid.addWidget(value, row, 1)

    def refresh(self) -> None:
        ctx = self.context
        if ctx.plan_id is None or ctx.period_id is None:
            self.heading.setText("尚无方案或报告期")
            return
        data = status_summary(ctx.ledger, ctx.plan_id, ctx.period_id)
        self.heading.setText(f"{data['period']} 推进情况")
        self.values["tasks"].setText(f"{data['tasks']} 项")
        self.values["by_status"].setText("   ".join(f"{k} {v}" for k, v in data["by_status"].items()))
        self.values["units"].setText(f"{data['units_reported']} / {data['units']} 个单位已填报")
        self.values["entries"].setText(f"{data['entries_reported']} / {data['entries_expected']} 条")
