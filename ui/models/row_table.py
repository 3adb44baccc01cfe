"""A table model over a short list of dict rows (a unit's checklist, the targets, the units).

Columns are declared once (key, header, how to show the value, whether the clerk may edit it). Edits go to an
`on_edit(row, key, value) -> bool` callback, which runs the db verb; the model never writes itself.
Reloading the same rows updates them in place, so the current cell and an open editor survive a save.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from db.vocabulary import STATUS_COLOURS

DISPLAY, EDIT, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole
ALIGN, FOREGROUND, BACKGROUND = (Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole,
                                 Qt.ItemDataRole.BackgroundRole)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

CENTER = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

EDITABLE_BACKGROUND = "#fffdf0"   # a faint yellow: cells the clerk fills in
REFUSED_BACKGROUND = "#f8d7da"    # a light red: the clerk's last input here failed validation and was not saved


def status_brush(status: str | None) -> QBrush | None:
    """The text colour of a status word (db.vocabulary.STATUS_COLOURS); None for anything else."""
    colour = STATUS_COLOURS.get(status or "")
    return QBrush(QColor(colour)) if colour else None


@dataclass
class Column:
    key: str
    header: str
    show: Callable[[dict], Any] | None = None   # display text from the row; default str(row[key])
    editable: bool = False
    align: int = LEFT
    width: int = 100
    edit_value: Callable[[dict], Any] | None = None  # the editor's starting text; default the display text
    tooltip: Callable[[dict], str] | None = None
    colour: Callable[[dict], str | None] | None = None   # text colour, e.g. green for a target reached
    extra: dict = field(default_factory=dict)


def plain(value: Any) -> str:
    return "" if value is None else str(value)


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent=None, *, key: str = "id"):
        super().__init__(parent)
        self.columns = columns
        self.key = key
        self.rows: list[dict] = []
        self.read_only = False
        self.on_edit: Callable[[dict, str, Any], bool] | None = None
        self.refused: dict[tuple, str] = {}   # (row identity, column key) → the input that was not saved

    # ----- data in ----------------------------------------------------------------------------
    def set_rows(self, rows: list[dict]) -> None:
        if [r.get(self.key) for r in rows] == [r.get(self.key) for r in self.rows] and rows:
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.refused.clear()        # other rows (another unit or period): the refusals belonged to the old ones
        self.endResetModel()

    def _identity(self, row: dict) -> tuple:
        """A row's identity for a refusal: its key, and its unit and period where it has them (a checklist's task
        rows keep their keys when the clerk switches unit)."""
        return row.get(self.key), row.get("unit_id"), row.get("period_id")

    def refused_input(self, row: int, key: str) -> str | None:
        """The input the clerk typed into this cell that failed validation (None when the cell is fine)."""
        found = self.row_at(row)
        return self.refused.get((self._identity(found), key)) if found is not None else None

    def row_at(self, row: int) -> dict | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, key_value) -> int:
        for number, row in enumerate(self.rows):
            if row.get(self.key) == key_value:
                return number
        return -1

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # ----- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == DISPLAY and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def display(self, row: dict, column: Column) -> str:
        value = column.show(row) if column.show else row.get(column.key)
        return plain(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == DISPLAY:
            return self.display(row, column)
        if role == EDIT:
            if column.edit_value:
                return plain(column.edit_value(row))
            return self.display(row, column)
        refused = self.refused.get((self._identity(row), column.key)) if self.refused else None
        if refused is not None and role == BACKGROUND:
            return QBrush(QColor(REFUSED_BACKGROUND))
        if refused is not None and role == TOOLTIP:
            return f"未保存：输入的“{refused}”未通过检查，表中仍是原来的内容。请重新填写。"
        if role == TOOLTIP:
            if column.tooltip:
                return column.tooltip(row)
            text = self.display(row, column)
            return text if len(text) > 12 else None
        if role == ALIGN:
            return column.align
        if role == FOREGROUND and column.colour is not None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == FOREGROUND and column.key == "status":
            return status_brush(row.get("status"))
        if role == BACKGROUND and column.editable and not self.read_only and self.on_edit is not None:
            return QBrush(QColor(EDITABLE_BACKGROUND))
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable and not self.read_only and self.on_edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid() or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row, column = self.rows[index.row()], self.columns[index.column()]
        ok = bool(self.on_edit(row, column.key, value))
        # The page reloads the rows after a save; on a refusal the old value is shown again, on a red ground.
        if ok:
            self.refused.pop((self._identity(row), column.key), None)
        else:
            self.refused[(self._identity(row), column.key)] = plain(value)
        self.dataChanged.emit(index, index)
        return ok
