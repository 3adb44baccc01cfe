"""At start the clerk picks or types her name; it is recorded on every change."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget)

from db.errors import ValidationError
from db.operators import clean_operator_name


class OperatorDialog(QDialog):
    def __init__(self, known_names: list[str], ledger_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("请选择或填写操作人")
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        text = "您的姓名会记录在每一处修改上（修改记录中可查）。"
        if ledger_name:
            text = f"即将打开台账：{ledger_name}\n" + text
        layout.addWidget(QLabel(text))
        self.name_box = QComboBox()
        self.name_box.setObjectName("operatorName")
        self.name_box.setEditable(True)
        self.name_box.addItems(known_names)
        self.name_box.lineEdit().setPlaceholderText("例如：王芳")
        self.name_box.setCurrentIndex(0 if known_names else -1)
        layout.addWidget(self.name_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("进入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.chosen: str | None = None

    def accept(self) -> None:
        try:
            self.chosen = clean_operator_name(self.name_box.currentText())
        except ValidationError as exc:
            QMessageBox.warning(self, "请填写姓名", str(exc))
            return
        super().accept()


def ask_operator(known_names: list[str], ledger_name: str = "", parent: QWidget | None = None) -> str | None:
    """The chosen name, or None when the clerk chose 退出."""
    dialog = OperatorDialog(known_names, ledger_name, parent)
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
