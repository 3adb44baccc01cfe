"""A small form dialog declared as a list of fields; the page's `on_submit(values)` runs the db verb and the
dialog stays open (with the Chinese message shown by the context) when the verb refuses the input."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from ui.dialogs.buttons import ok_cancel_buttons

LINE, TEXT, CHOICE, CHECK, EDITABLE_CHOICE = "line", "text", "choice", "check", "editable_choice"


@dataclass
class Field:
    key: str
    label: str
    kind: str = LINE
    value: Any = None
    choices: list[tuple[str, Any]] = field(default_factory=list)   # (label shown, value stored)
    placeholder: str = ""
    hint: str = ""


class FormDialog(QDialog):
    def __init__(self, title: str, fields: list[Field], on_submit: Callable[[dict], Any] | None = None,
                 parent: QWidget | None = None, *, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.fields = fields
        self.on_submit = on_submit
        self.widgets: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in fields:
            widget = self._make(spec)
            widget.setObjectName(f"field_{spec.key}")
            self.widgets[spec.key] = widget
            form.addRow(spec.label + "：", widget)
            if spec.hint:
                hint = QLabel(spec.hint)
                hint.setStyleSheet("color:#666;")
                hint.setWordWrap(True)
                form.addRow("", hint)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))

    def _make(self, spec: Field) -> QWidget:
        if spec.kind == TEXT:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(90)
            widget.setPlainText("" if spec.value is None else str(spec.value))
            if spec.placeholder:
                widget.setPlaceholderText(spec.placeholder)
            return widget
        if spec.kind == CHECK:
            widget = QCheckBox()
            widget.setChecked(bool(spec.value))
            return widget
        if spec.kind in (CHOICE, EDITABLE_CHOICE):
            widget = QComboBox()
            for label, data in spec.choices:
                widget.addItem(label, data)
            if spec.kind == EDITABLE_CHOICE:
                widget.setEditable(True)
                widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                completer = QCompleter(widget.model(), widget)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                widget.setCompleter(completer)
                if spec.placeholder:
                    widget.lineEdit().setPlaceholderText(spec.placeholder)
            index = widget.findData(spec.value)
            if index >= 0 or spec.kind == CHOICE:
                widget.setCurrentIndex(max(index, 0))
            else:
                widget.setCurrentIndex(-1)
                widget.setEditText("" if spec.value is None else str(spec.value))
            return widget
        widget = QLineEdit("" if spec.value is None else _shown(spec.value))
        if spec.placeholder:
            widget.setPlaceholderText(spec.placeholder)
        return widget

    def value(self, key: str) -> Any:
        widget = self.widgets[key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            if widget.isEditable():
                text = widget.currentText().strip()
                index = widget.findText(text)
                return widget.itemData(index) if index >= 0 else text
            return widget.currentData()
        return widget.text()

    def set_value(self, key: str, value: Any) -> None:
        """Fill a field (as typing would)."""
        widget = self.widgets[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:
                index = widget.findText(str(value))
            if index >= 0:
                widget.setCurrentIndex(index)
            elif widget.isEditable():
                widget.setEditText(str(value))
        else:
            widget.setText(str(value))

    def values(self) -> dict:
        return {spec.key: self.value(spec.key) for spec in self.fields}

    def changed_values(self) -> dict:
        """Only the fields the clerk changed (compared as shown)."""
        result = {}
        for spec in self.fields:
            new = self.value(spec.key)
            old = spec.value
            if isinstance(new, str) and (old is None or isinstance(old, (int, float, str))):
                same = new.strip() == ("" if old is None else _shown(old))
            else:
                same = new == old
            if not same:
                result[spec.key] = new
        return result

    def accept(self) -> None:
        if self.on_submit is not None and not self.on_submit(self.values()):
            return
        super().accept()


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
