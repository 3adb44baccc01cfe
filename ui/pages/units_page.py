"""单位管理: every unit with its contacts, aliases and how many tasks it leads or cooperates on; add, rename (the
old name is kept as an alias), edit contacts and kind, merge duplicates (all links move), add/remove aliases."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from db import units as unit_store
from db.ops import edits
from db.errors import LedgerError
from db.vocabulary import UNIT_KINDS
from ui.context import ALL, PLAN, UNITS
from ui.delegates import ChoiceDelegate, SpreadsheetTableView, TextDelegate
from ui.dialogs.form_dialog import CHOICE, Field, FormDialog
from ui.models.row_table import CENTER, Column, RowTableModel

NO_CHOICE = "（请选择单位）"

UNIT_COLUMNS = [
    Column("name", "单位名称", width=250),
    Column("short_name", "简称", editable=True, width=130),
    Column("kind", "类型", editable=True, align=CENTER, width=90, show=lambda r: UNIT_KINDS.get(r["kind"], r["kind"])),
    Column("contact", "联系人", editable=True, width=80),
    Column("phone", "联系电话", editable=True, width=120),
    Column("aliases", "别名", width=220),
    Column("lead_count", "牵头任务", align=CENTER, width=70),
    Column("co_count", "配合任务", align=CENTER, width=70),
    Column("responsible_count", "责任任务", align=CENTER, width=70),
]
KIND_FROM_LABEL = {label: kind for kind, label in UNIT_KINDS.items()}


def unit_fields(unit: dict | None = None, *, with_name: bool = True) -> list[Field]:
    unit = unit or {}
    fields = [Field("name", "单位名称", value=unit.get("name"), hint="正式名称，括号照原文保留，如 市市场监督管理局〔知识产权局〕")] \
        if with_name else []
    return fields + [
        Field("short_name", "简称", value=unit.get("short_name")),
        Field("kind", "类型", CHOICE, value=unit.get("kind") or "department",
              choices=[(label, kind) for kind, label in UNIT_KINDS.items()]),
        Field("contact", "联系人", value=unit.get("contact")),
        Field("phone", "联系电话", value=unit.get("phone")),
    ]


class UnitsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "新增单位…", self.add_unit), ("rename", "重命名…", self.rename_unit),
                                ("edit", "编辑联系方式…", self.edit_unit), ("merge", "合并重复单位…", self.merge_units),
                                ("add_alias", "添加别名…", self.add_alias), ("remove_alias", "删除别名…", self.remove_alias),
                                ("delete", "删除单位", self.delete_unit)):
            widget = QPushButton(text)
            widget.setObjectName(f"units_{key}")
            widget.clicked.connect(slot)
            self.buttons[key] = widget
            bar.addWidget(widget)
        bar.addStretch(1)
        self.search = QLineEdit()
        self.search.setObjectName("unitSearch")
        self.search.setPlaceholderText("查找单位")
        self.search.setToolTip("按名称、简称或别名查找")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(240)
        self.search.textChanged.connect(self._filter)
        bar.addWidget(self.search)
        layout.addLayout(bar)
        self.count_label = QLabel()
        self.count_label.setObjectName("unitsCount")
        layout.addWidget(self.count_label)
        self.model = RowTableModel(UNIT_COLUMNS, self)
        self.model.on_edit = self._edit_cell
        self.table = SpreadsheetTableView()
        self.table.setObjectName("unitsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._kind_delegate = ChoiceDelegate(list(UNIT_KINDS.values()), self.table)
        self._text_delegate = TextDelegate(self.table)
        self.table.setItemDelegateForColumn(self.model.column_of("kind"), self._kind_delegate)
        for key in ("short_name", "contact", "phone"):
            self.table.setItemDelegateForColumn(self.model.column_of(key), self._text_delegate)
        for number, column in enumerate(UNIT_COLUMNS):
            self.table.setColumnWidth(number, column.width)
        self.table.horizontalHeader().setSectionResizeMode(self.model.column_of("aliases"),
                                                           QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    # ----- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.context
        selected = self.selected()
        rows = unit_store.list_units(ctx.ledger, ctx.plan_id)
        self.model.read_only = ctx.ledger.read_only
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        self.count_label.setText(f"共 {len(rows)} 个单位；在表格中可直接修改简称、类型、联系人和联系电话。")
        if selected is not None:
            self.select(selected["id"])
        self._filter(self.search.text())
        for widget in self.buttons.values():
            widget.setEnabled(not ctx.ledger.read_only)

    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, UNITS}:
            self.refresh()

    def _filter(self, text: str) -> None:
        text = text.strip()
        for row, unit in enumerate(self.model.rows):
            haystack = " ".join(str(unit.get(k) or "") for k in ("name", "short_name", "aliases"))
            self.table.setRowHidden(row, bool(text) and text not in haystack)

    def selected(self) -> dict | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select(self, unit_id: int) -> None:
        row = self.model.row_of(unit_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _need_selection(self) -> dict | None:
        unit = self.selected()
        if unit is None:
            self.context.show_error("请先在表格中选择一个单位。", "未选择单位")
        return unit

    # ----- edits --------------------------------------------------------------------------------
    def _update(self, unit_id: int, changes: dict, text: str) -> bool:
        if not changes:
            return True
        return self.context.run(edits.update_unit, unit_id, **changes) is not None

    def _edit_cell(self, row: dict, key: str, value) -> bool:
        if key == "kind":
            value = KIND_FROM_LABEL.get(value, value)
        return self._update(row["id"], {key: value}, f"修改单位 {row['name']}")

    def add_unit(self) -> None:
        def submit(values):
            changes = self.context.run(edits.create_unit, values["name"], kind=values["kind"],
                                       short_name=values["short_name"].strip() or None,
                                       contact=values["contact"].strip() or None,
                                       phone=values["phone"].strip() or None)
            if changes is not None:
                self.refresh()
                self.select(changes.result)
            return changes is not None

        FormDialog("新增单位", unit_fields(), submit, self).exec()

    def edit_unit(self) -> None:
        unit = self._need_selection()
        if unit is None:
            return
        dialog = FormDialog(f"编辑单位：{unit['name']}", unit_fields(unit, with_name=False), None, self)
        dialog.on_submit = lambda _v: self._update(unit["id"], dialog.changed_values(), f"修改单位 {unit['name']}")
        dialog.exec()

    def rename_unit(self) -> None:
        unit = self._need_selection()
        if unit is None:
            return
        new_name, ok = QInputDialog.getText(self, "重命名单位",
                                            f"“{unit['name']}”的新名称（原名称将保留为别名，旧表格仍能识别）：",
                                            text=unit["name"])
        if not ok or not new_name.strip() or new_name.strip() == unit["name"]:
            return
        self.context.run(edits.rename_unit, unit["id"], new_name)

    def merge_units(self) -> None:
        """Both units are chosen by the clerk: nothing is pre-selected, so a slip of the list cannot merge the wrong
        pair; the confirmation names what will move (db.units.merge_preview)."""
        from ui.admin import require_admin

        if not require_admin(self.context, self, reason="合并单位需要管理员权限。"):
            return
        choices = [(NO_CHOICE, 0)] + [(u["name"], u["id"]) for u in self.model.rows]
        dialog = FormDialog("合并重复单位", [
            Field("keep_id", "保留的单位", CHOICE, value=0, choices=choices),
            Field("merge_id", "并入的单位（合并后删除）", CHOICE, value=0, choices=choices),
        ], None, self, intro="同一单位在台账中出现了两个名称时使用。并入单位的任务分工、填报记录、佐证材料和指标都会移到保留的单位，"
                             "它的名称成为保留单位的别名。")
        dialog.on_submit = lambda values: self._merge(values["keep_id"], values["merge_id"])
        dialog.exec()

    def _merge(self, keep_id: int, merge_id: int) -> bool:
        ledger = self.context.ledger
        if not keep_id or not merge_id:
            self.context.show_error("请分别选择“保留的单位”和“并入的单位”。", "无法合并")
            return False
        try:
            preview = unit_store.merge_preview(ledger, keep_id, merge_id)
        except LedgerError as exc:
            self.context.show_error(str(exc), "无法合并")
            return False
        answer = QMessageBox.question(self, "确认合并", f"{preview.text()}\n\n确定合并吗？",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if preview.merges_bureau:   # the bureau that keeps the ledger: asked a second time
            answer = QMessageBox.question(
                self, "再次确认：合并本局", f"“{preview.merge_name}”是本局（编制台账、下发和汇总表格的单位）。"
                f"合并后它将从单位名单中删除，本局牵头的任务和指标都将由“{preview.keep_name}”承担。\n\n确实要合并本局吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        def merged(changes) -> None:
            moved = changes.result
            self.context.message.emit(f"已合并：移动任务分工{moved['links']}项、填报记录{moved['entries']}条、"
                                      f"佐证材料{moved['evidence']}个。")
            self.refresh()
            self.select(keep_id)

        # a bulk edit (a city unit may carry thousands of entries): on the one writer, off the UI thread
        self.context.run_long("合并单位", lambda ledger, progress, is_cancelled: edits.merge_units(ledger, keep_id, merge_id),
                              on_done=merged, error_title="无法合并", parent=self)
        return True

    def add_alias(self) -> None:
        unit = self._need_selection()
        if unit is None:
            return
        alias, ok = QInputDialog.getText(self, "添加别名", f"“{unit['name']}”的别名（如简称、旧名称、文件中的其他写法）：")
        if not ok or not alias.strip():
            return
        self.context.run(edits.add_alias, unit["id"], alias)

    def remove_alias(self) -> None:
        unit = self._need_selection()
        if unit is None:
            return
        ledger, unit_id = self.context.ledger, unit["id"]
        aliases = unit_store.unit_aliases(ledger, unit_id)
        if not aliases:
            self.context.show_error(f"“{unit['name']}”没有别名。", "没有别名")
            return
        alias, ok = QInputDialog.getItem(self, "删除别名", "选择要删除的别名：", aliases, 0, False)
        if not ok or not alias:
            return
        self.context.run(edits.remove_alias, alias)

    def delete_unit(self) -> None:
        unit = self._need_selection()
        if unit is None:
            return
        from ui.admin import require_admin

        if not require_admin(self.context, self, reason="删除单位需要管理员权限。"):
            return
        answer = QMessageBox.question(self, "确认删除", f"确定要删除单位“{unit['name']}”吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.run(edits.delete_unit, unit["id"])
