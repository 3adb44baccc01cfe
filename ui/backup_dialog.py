"""从备份恢复: the ledger's backups listed newest first with when and why they were taken; the clerk picks one
(or another file) to restore."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout)

from db.backup import backup_folder, list_backups


class BackupChooser(QDialog):
    def __init__(self, ledger, parent=None):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.resize(560, 420)
        self.chosen: str | None = None
        folder = backup_folder(ledger.path, ledger)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"备份文件夹：{folder}\n请选择要恢复的备份（最新的在最上面）。恢复前，当前台账会另存为一份备份。"))
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for backup in list_backups(folder, Path(ledger.path).stem):
            size = backup.path.stat().st_size / 1024 / 1024
            item = QListWidgetItem(f"{backup.label}    {size:.1f} MB")
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("（还没有备份）")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        other = QPushButton("选择其他备份文件…")
        other.clicked.connect(self._choose_file)
        layout.addWidget(other)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复所选备份")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._folder = folder

    def accept(self) -> None:
        item = self.list.currentItem()
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if path:
            self.chosen = path
            super().accept()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(self._folder), "台账备份 (*.ipledger)")
        if path:
            self.chosen = path
            super().accept()


def choose_backup(ledger, parent=None) -> str | None:
    dialog = BackupChooser(ledger, parent)
    return dialog.chosen if dialog.exec() else None
