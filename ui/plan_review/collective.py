"""集体单位 tab of the plan review: the collective parties a plan names (相关部门, 各成员单位, 各县(市)区人民政府…),
each with the tasks that name it; the clerk splits one into real units (typed with 、) or keeps it as a collective
unit (stored with the unit kind 集体, to be split later on the 单位管理 page)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from db.vocabulary import ROLE_LABELS
from ui.plan_review import editing

COLUMNS = ["集体单位", "职责", "涉及的任务", "拆分为（多个单位用顿号分隔，留空则保留）"]


class CollectivePanel(QWidget):
    """`changed` after a split (the dialog refreshes its tasks, units and warnings); `task_chosen(index)`."""

    changed = Signal()
    task_chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.parsed: dict | None = None
        layout = QVBoxLayout(self)
        note = QLabel("方案中“相关部门”“各成员单位”等写法代表多个单位。可在右侧填写具体单位后点“拆分”；"
                      "不拆分的按“集体”类单位导入，日后可在“单位管理”中处理。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._open_task)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.split_button = QPushButton("拆分所选")
        self.split_button.clicked.connect(self.split_selected)
        row.addWidget(self.split_button)
        self.status = QLabel()
        row.addWidget(self.status, 1)
        layout.addLayout(row)

    def fill(self, parsed: dict) -> int:
        """Show the plan's collective parties; returns how many there are."""
        self.parsed = parsed
        parties = editing.collective_parties(parsed)
        tasks = parsed.get("tasks") or []
        self.table.setRowCount(len(parties))
        for row, party in enumerate(parties):
            name = QTableWidgetItem(party["name"])
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setData(Qt.ItemDataRole.UserRole, party)
            roles = QTableWidgetItem("、".join(ROLE_LABELS.get(r, r) for r in party["roles"]))
            roles.setFlags(roles.flags() & ~Qt.ItemFlag.ItemIsEditable)
            numbers = "、".join(f"{tasks[i].get('number') or i + 1}.{(tasks[i].get('title') or '')[:12]}"
                               for i in party["tasks"])
            where = QTableWidgetItem(numbers)
            where.setToolTip("双击定位到第一项任务")
            where.setFlags(where.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, roles)
            self.table.setItem(row, 2, where)
            self.table.setItem(row, 3, QTableWidgetItem(""))
        self.table.resizeRowsToContents()
        self.status.setText(f"共 {len(parties)} 个集体单位。" if parties else "方案中没有集体单位。")
        self.split_button.setEnabled(bool(parties))
        return len(parties)

    def split_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or self.parsed is None:
            self.status.setText("请先选中一个集体单位，并在“拆分为”一栏填写具体单位。")
            return
        party = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        real = editing.split_units(self.table.item(row, 3).text())
        if not real:
            self.status.setText(f"“{party['name']}”的“拆分为”一栏是空的：请填写具体单位（用顿号分隔），或不拆分、保留为集体单位。")
            return
        changed = editing.split_collective(self.parsed, party["name"], real)
        self.fill(self.parsed)
        self.status.setText(f"已把“{party['name']}”拆分为{'、'.join(real)}（涉及 {changed} 项任务）。")
        self.changed.emit()

    def _open_task(self, row: int, _column: int) -> None:
        party = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if party and party["tasks"]:
            self.task_chosen.emit(party["tasks"][0])
