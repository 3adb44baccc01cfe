"""Small parts of the plan review dialog (ui/plan_review/dialog.py): the paste window and the editable tables
of targets and phases with their delete button."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from ui.dialogs.buttons import ok_cancel_buttons


class PasteDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("粘贴方案全文")
        self.resize(700, 500)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请把方案全文粘贴到下面（可从 Word、网页或 PDF 中复制）："))
        self.editor = QPlainTextEdit()
        layout.addWidget(self.editor)
        layout.addWidget(ok_cancel_buttons(self, "识别"))


def make_table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setWordWrap(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


def table_with_button(table: QTableWidget, label: str, slot) -> QWidget:
    """The table with one button under it (删除所选指标 …)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    button = QPushButton(label)
    button.clicked.connect(slot)
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    layout.addLayout(row)
    return box
