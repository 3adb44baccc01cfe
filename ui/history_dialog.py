"""编辑 → 操作记录…: the ledger's operations newest first (who, when, from where, and whether undone), with
撤销所选 / 重做所选. Undo and redo are the core's: an operation whose rows a later one changed is refused with
the reason, never forced."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from db.ops import history
from db.ops.replay import SOURCE_WORDS
from db.vocabulary import chinese_date

COLUMNS = ("编号", "时间", "操作人", "来源", "状态", "操作")


class HistoryDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("操作记录")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        note = QLabel("每一次修改、导入都是一条操作。选中一条可以撤销或重做；"
                      "如果之后的操作又改动了同一内容，程序会说明原因，不会覆盖较新的数据。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton("撤销所选操作")
        self.redo_button = QPushButton("重做所选操作")
        close = QPushButton("关闭")
        self.undo_button.clicked.connect(lambda: self._replay("undo"))
        self.redo_button.clicked.connect(lambda: self._replay("redo"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        self.entries = history(self.context.ledger, limit=500)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (str(entry.id), f"{chinese_date(entry.at)} {entry.at[11:16]}", entry.who or "—", SOURCE_WORDS.get(entry.source, entry.source),
                      entry.state_word, entry.label)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def select_operation(self, operation_id: int) -> None:
        for row, entry in enumerate(self.entries):
            if entry.id == operation_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        entry = self.selected()
        writable = not self.context.ledger.read_only
        self.undo_button.setEnabled(bool(entry) and entry.state == "done" and writable)
        self.redo_button.setEnabled(bool(entry) and entry.state == "undone" and writable)

    def _replay(self, verb: str) -> None:
        entry = self.selected()
        if entry is None:
            return
        (self.context.undo if verb == "undo" else self.context.redo)(entry.id)
        self.refresh()
        self.select_operation(entry.id)


def show_history(window) -> None:
    HistoryDialog(window.context, window).exec()
