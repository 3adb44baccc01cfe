"""分配单位: the units of one task with their roles (牵头/配合/责任), in order.

The clerk picks an existing unit (search by any part of its name) or types a new name; the page creates new
units and saves the whole assignment in one transaction.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QCompleter, QDialog, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from db.vocabulary import ROLE_LABELS
from ui.dialogs.buttons import ok_cancel_buttons


class TaskUnitsDialog(QDialog):
    def __init__(self, task_title: str, assignments: list[tuple[str, str]], unit_names: list[str],
                 on_submit=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("分配单位")
        self.setMinimumSize(600, 420)
        self.on_submit = on_submit
        layout = QVBoxLayout(self)
        heading = QLabel(f"任务：{task_title}")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight:bold;")
        layout.addWidget(heading)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("assignments")
        self.table.setHorizontalHeaderLabels(["单位", "分工"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 80)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        for name, role in assignments:
            self._append(name, role)

        add_row = QHBoxLayout()
        self.unit_box = QComboBox()
        self.unit_box.setObjectName("unitPicker")
        self.unit_box.setEditable(True)
        self.unit_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_box.addItems(unit_names)
        self.unit_box.setCurrentIndex(-1)
        self.unit_box.lineEdit().setPlaceholderText("选择单位，或输入新单位的正式名称")
        completer = QCompleter(self.unit_box.model(), self.unit_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.unit_box.setCompleter(completer)
        self.role_box = QComboBox()
        self.role_box.setObjectName("rolePicker")
        for role, label in ROLE_LABELS.items():
            self.role_box.addItem(label, role)
        self.role_box.setCurrentIndex(1)
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add_current)
        add_row.addWidget(self.unit_box, 1)
        add_row.addWidget(self.role_box)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        edit_row = QHBoxLayout()
        actions = [("上移", lambda: self._move(-1)), ("下移", lambda: self._move(1)), ("移除", self.remove_selected)]
        actions += [(f"设为{label}", lambda _c=False, r=role: self.set_role(r)) for role, label in ROLE_LABELS.items()]
        for text, slot in actions:
            button = QPushButton(text)
            button.setObjectName(f"button_{text}")
            button.clicked.connect(slot)
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        layout.addLayout(edit_row)
        layout.addWidget(ok_cancel_buttons(self))

    def _append(self, name: str, role: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        role_item = QTableWidgetItem(ROLE_LABELS[role])
        role_item.setData(Qt.ItemDataRole.UserRole, role)
        role_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, 1, role_item)

    def add_unit(self, name: str, role: str) -> bool:
        name = name.strip()
        if not name or name in [n for n, _ in self.assignments()]:
            return False
        self._append(name, role)
        return True

    def add_current(self) -> None:
        if self.add_unit(self.unit_box.currentText(), self.role_box.currentData()):
            self.unit_box.setCurrentIndex(-1)
            self.unit_box.setEditText("")

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        items = self.assignments()
        items[row], items[target] = items[target], items[row]
        self.table.setRowCount(0)
        for name, role in items:
            self._append(name, role)
        self.table.setCurrentCell(target, 0)

    def set_role(self, role: str) -> None:
        """Change the role of the selected unit."""
        row = self.table.currentRow()
        if row >= 0:
            item = self.table.item(row, 1)
            item.setText(ROLE_LABELS[role])
            item.setData(Qt.ItemDataRole.UserRole, role)

    def assignments(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).data(Qt.ItemDataRole.UserRole))
                for r in range(self.table.rowCount())]

    def accept(self) -> None:
        if self.on_submit is not None and not self.on_submit(self.assignments()):
            return
        super().accept()
