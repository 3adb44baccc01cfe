"""The plan page's 指标 and 阶段 tabs: list, add, edit, reorder and delete the plan's targets and phases."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget

from db import queries
from db.ops import edits
from db.values import format_number
from db.vocabulary import COMPARISONS
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.plan_dialogs import indicator_fields, phase_fields
from ui.models.row_table import CENTER, RIGHT, Column, RowTableModel


def _with_year(value, year) -> str:
    text = format_number(value)
    return f"{text}（{year}年）" if text and year else text


def target_columns() -> list[Column]:
    """How a target (指标) is described wherever it is listed: here and on the 指标填报 page."""
    return [
        Column("category", "类别", width=120),
        Column("name", "指标名称", width=200),
        Column("measure_unit", "计量单位", align=CENTER, width=64),
        Column("baseline", "基期值", align=RIGHT, width=100,
               show=lambda r: _with_year(r["baseline"], r["baseline_year"])),
        Column("target", "目标值", align=RIGHT, width=100, show=lambda r: _with_year(r["target"], r["target_year"])),
        Column("comparison", "比较", align=CENTER, width=44, show=lambda r: COMPARISONS.get(r["comparison"], "")),
        Column("cumulative", "累计", align=CENTER, width=44, show=lambda r: "累计" if r["cumulative"] else ""),
    ]


INDICATOR_COLUMNS = target_columns() + [
    Column("attribute", "属性", align=CENTER, width=64),
    Column("unit_name", "负责单位", width=220),
]
PHASE_COLUMNS = [
    Column("name", "阶段名称", width=200),
    Column("start", "开始", align=CENTER, width=110),
    Column("end", "结束", align=CENTER, width=110),
    Column("task_count", "任务数", align=CENTER, width=70),
]


class _ListTab(QWidget):
    """A table of plan rows with add / edit / (move) / delete buttons."""

    title = ""
    can_move = False

    def __init__(self, context, columns, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.buttons = {"add": QPushButton(f"新增{self.title}"), "edit": QPushButton("编辑…")}
        if self.can_move:
            self.buttons["up"], self.buttons["down"] = QPushButton("上移"), QPushButton("下移")
        self.buttons["delete"] = QPushButton("删除")
        for key, widget in self.buttons.items():
            widget.setObjectName(f"{type(self).__name__}_{key}")
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.buttons["add"].clicked.connect(self.add)
        self.buttons["edit"].clicked.connect(self.edit)
        self.buttons["delete"].clicked.connect(self.delete)
        if self.can_move:
            self.buttons["up"].clicked.connect(lambda: self.move(-1))
            self.buttons["down"].clicked.connect(lambda: self.move(1))
        self.model = RowTableModel(columns, self)
        self.table = QTableView()
        self.table.setObjectName(f"{type(self).__name__}_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        for number, column in enumerate(columns):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

    def rows(self) -> list[dict]:
        raise NotImplementedError

    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_rows(self.rows() if self.context.plan_id is not None else [])
        self.table.resizeRowsToContents()
        writable = self.context.plan_id is not None and not self.context.ledger.read_only
        for widget in self.buttons.values():
            widget.setEnabled(writable)
        if selected is not None:
            self.select(selected["id"])

    def selected(self) -> dict | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select(self, row_id: int) -> None:
        row = self.model.row_of(row_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _run(self, operation, *args, select_result=False, **kwargs) -> bool:
        """One operation of the core (db.ops.edits), after the administrator's password."""
        from ui.admin import require_admin

        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return False
        changes = self.context.run(operation, *args, **kwargs)
        if changes is None:
            return False
        self.refresh()
        if select_result and isinstance(changes.result, int) and not isinstance(changes.result, bool):
            self.select(changes.result)
        return True

    def _update(self, operation, row_id: int, changes: dict) -> bool:
        return True if not changes else self._run(operation, row_id, **changes)

    def _delete(self, question: str, operation, row_id: int) -> None:
        if QMessageBox.question(self, "确认删除", question) == QMessageBox.StandardButton.Yes:
            self._run(operation, row_id)


class IndicatorsTab(_ListTab):
    title = "指标"
    can_move = True

    def __init__(self, context, parent=None):
        super().__init__(context, INDICATOR_COLUMNS, parent)

    def rows(self) -> list[dict]:
        return queries.indicators(self.context.ledger, self.context.plan_id)

    def add(self) -> None:
        ledger, plan_id = self.context.ledger, self.context.plan_id

        def submit(values):
            fields = {k: v for k, v in values.items() if k != "name"}
            return self._run(edits.add_indicator, plan_id, values["name"], select_result=True, **fields)

        FormDialog("新增指标", indicator_fields(ledger, plan_id), submit, self).exec()

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = FormDialog("修改指标", indicator_fields(self.context.ledger, self.context.plan_id, row), None, self)
        dialog.on_submit = lambda _v: self._update(edits.update_indicator, row["id"], dialog.changed_values())
        dialog.exec()

    def move(self, delta: int) -> None:
        row = self.selected()
        if row is None:
            return
        self._run(edits.move_indicator, row["id"], delta)
        self.select(row["id"])

    def delete(self) -> None:
        row = self.selected()
        if row is not None:
            self._delete(f"确定要删除指标“{row['name']}”吗？它的各期填报数值也将一并删除"
                         "（删错了可以用“编辑 → 撤销”恢复）。", edits.delete_indicator, row["id"])


class PhasesTab(_ListTab):
    title = "阶段"

    def __init__(self, context, parent=None):
        super().__init__(context, PHASE_COLUMNS, parent)

    def rows(self) -> list[dict]:
        return queries.phases(self.context.ledger, self.context.plan_id)

    def add(self) -> None:
        plan_id = self.context.plan_id

        def submit(values):
            return self._run(edits.add_phase, plan_id, values["name"], values["start"] or None, values["end"] or None,
                             select_result=True)

        FormDialog("新增阶段", phase_fields(), submit, self).exec()

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = FormDialog("修改阶段", phase_fields(row), None, self)
        dialog.on_submit = lambda _v: self._update(edits.update_phase, row["id"], dialog.changed_values())
        dialog.exec()

    def delete(self) -> None:
        row = self.selected()
        if row is not None:
            self._delete(f"确定要删除阶段“{row['name']}”吗？属于该阶段的任务将不再标注阶段。",
                         edits.delete_phase, row["id"])
