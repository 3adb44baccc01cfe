"""Cell editors for the ledger's tables and a table view that moves like a spreadsheet.

Status cells edit with a combo of the four statuses; percent and number cells with a plain line edit, so that
a wrong entry ("八十", 120, 约3500) reaches the db check and the clerk sees its Chinese message; the cell keeps
its old value.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox, QLineEdit,
                               QStyledItemDelegate, QTableView, QWidget)

from db.vocabulary import STATUSES

EDIT_ROLE = Qt.ItemDataRole.EditRole


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of fixed choices (e.g. 未启动/推进中/已完成/滞后); choosing one saves it at once."""

    def __init__(self, choices: tuple[str, ...] | list[str] = STATUSES, parent=None, *, allow_empty: bool = False):
        super().__init__(parent)
        self.choices = list(choices)
        self.allow_empty = allow_empty

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("choiceEditor")
        if self.allow_empty:
            combo.addItem("")
        combo.addItems(self.choices)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        # Open the list at once (as Excel's drop-down does): arrow keys then browse it instead of saving
        # the next status straight away.
        QTimer.singleShot(0, combo, combo.showPopup)
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        value = index.data(EDIT_ROLE) or ""
        position = editor.findText(str(value))
        editor.setCurrentIndex(position if position >= 0 else (0 if self.allow_empty else -1))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        if editor.currentIndex() < 0:
            return
        text = editor.currentText()
        if text != (index.data(EDIT_ROLE) or ""):
            model.setData(index, text, EDIT_ROLE)


class TextDelegate(QStyledItemDelegate):
    """A plain line edit holding the cell's raw text; the model's db verb checks it."""

    def __init__(self, parent=None, *, placeholder: str = ""):
        super().__init__(parent)
        self.placeholder = placeholder

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("textEditor")
        editor.setFrame(False)
        if self.placeholder:
            editor.setPlaceholderText(self.placeholder)
        return editor

    def setEditorData(self, editor: QLineEdit, index: QModelIndex) -> None:
        value = index.data(EDIT_ROLE)
        editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QLineEdit, model, index: QModelIndex) -> None:
        value = index.data(EDIT_ROLE)
        old = "" if value is None else str(value)
        if editor.text() != old:
            model.setData(index, editor.text(), EDIT_ROLE)


class SpreadsheetTableView(QTableView):
    """Tab moves right (Qt's own behaviour), Enter commits and moves down, as in Excel/WPS."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)

    def move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        below = current.sibling(current.row() + 1, current.column())
        if below.isValid():
            self.setCurrentIndex(below)

    def closeEditor(self, editor: QWidget, hint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_down()
            return
        super().closeEditor(editor, hint)

    def inputMethodEvent(self, event) -> None:
        """Chinese typed on a cell that is not being edited starts editing with that text, like a digit does.

        Qt opens the editor for an IME commit but does not pass the committed text on (only pre-edit text);
        an IME that commits at once (or a phrase picked from a candidate list) would otherwise be lost.
        """
        index = self.currentIndex()
        if (self.state() != QAbstractItemView.State.EditingState and event.commitString()
                and not event.preeditString() and index.isValid()
                and self.model().flags(index) & Qt.ItemFlag.ItemIsEditable):
            if self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
                editor = self.indexWidget(index)
                if editor is not None:
                    QApplication.sendEvent(editor, event)
                    return
        super().inputMethodEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.state() != QAbstractItemView.State.EditingState:
            self.move_down()
            event.accept()
            return
        super().keyPressEvent(event)
