"""导入方案: open a plan document (or drop it, or paste text), review what was understood beside the source
text, correct it, then confirm to create the plan in the ledger. Nothing is stored before confirmation."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QTextEdit, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from db.plan_import.messages import missing_units_message
from db.vocabulary import COMPARISONS
from ui.plan_review import editing
from ui.plan_review.parts import PasteDialog, make_table, table_with_button

TASK_COLUMNS = ["序号", "任务名称", "牵头单位", "配合单位", "责任单位", "完成时限"]
TASK_KEYS = ["number", "title", "lead_units", "co_units", "responsible_units", "deadline"]
INDICATOR_COLUMNS = ["指标名称", "计量单位", "基期值", "目标值", "目标年份", "比较", "累计", "原文"]
INDICATOR_WIDTHS = [170, 64, 70, 70, 64, 44, 44]
COMPARISON_FROM_TEXT = {**{shown: code for code, shown in COMPARISONS.items()}, **{code: code for code in COMPARISONS}}
INDICATOR_KEYS = ["name", "unit", "baseline", "target", "target_year", "comparison", "cumulative", "source_text"]
PHASE_COLUMNS = ["阶段名称", "开始（年-月）", "结束（年-月）"]
PHASE_KEYS = ["name", "start", "end"]
NEW_UNIT = "（新建此单位）"
FILE_FILTER = ("方案文件 (*.txt *.docx *.pdf *.doc *.wps);;文本文件 (*.txt);;Word 文档 (*.docx *.doc);;PDF 文件 (*.pdf);;"
               "WPS 文字 (*.wps)")
UNIT_COLUMNS = {2: "lead_units", 3: "co_units", 4: "responsible_units"}
MAX_UNIT_COLUMN = 300
MAX_TITLE_COLUMN = 320


class PlanReviewDialog(QDialog):
    """Review an understood plan; `plan_created(plan_id)` after confirmation."""

    plan_created = Signal(int)

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.parsed: dict | None = None
        self.source_name: str | None = None
        self._filling = False
        self._worker = None
        self.setWindowTitle("导入方案 — 审阅识别结果")
        self.setAcceptDrops(True)
        from ui.screen_fit import fit_to_screen

        fit_to_screen(self, 1400, 860)
        self._build()
        self._set_empty()

    # ----- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.open_button = QPushButton("打开方案文件…")
        self.open_button.clicked.connect(self.choose_file)
        self.paste_button = QPushButton("粘贴文本…")
        self.paste_button.clicked.connect(self.paste_text)
        self.status_label = QLabel()
        bar.addWidget(self.open_button)
        bar.addWidget(self.paste_button)
        bar.addWidget(self.status_label, 1)
        layout.addLayout(bar)

        meta = QFormLayout()
        self.title_edit, self.issuer_edit, self.number_edit, self.date_edit = (QLineEdit() for _ in range(4))
        meta_row = QHBoxLayout()
        meta.addRow("方案标题：", self.title_edit)
        meta_row.addWidget(QLabel("发文机关："))
        meta_row.addWidget(self.issuer_edit, 2)
        meta_row.addWidget(QLabel("文号："))
        meta_row.addWidget(self.number_edit, 1)
        meta_row.addWidget(QLabel("成文日期："))
        meta_row.addWidget(self.date_edit, 1)
        meta.addRow(meta_row)
        layout.addLayout(meta)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("原文（选中右侧条目时高亮对应的原文）"))
        self.source_view = QPlainTextEdit()
        self.source_view.setReadOnly(True)
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        left_layout.addWidget(self.source_view)
        splitter.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_task_tab(), "任务")
        self.indicator_table = make_table(INDICATOR_COLUMNS)
        for column, width in enumerate(INDICATOR_WIDTHS):   # short fields narrow, room for the source text
            self.indicator_table.setColumnWidth(column, width)
        self.tabs.addTab(table_with_button(self.indicator_table, "删除所选指标", self._delete_indicator), "指标")
        self.phase_table = make_table(PHASE_COLUMNS)
        self.tabs.addTab(table_with_button(self.phase_table, "删除所选阶段", self._delete_phase), "阶段")
        self.unit_table = QTableWidget(0, 3)
        self.unit_table.setHorizontalHeaderLabels(["文中写法", "对应台账中的单位", "说明"])
        self.unit_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.unit_table, "单位对应")
        from ui.plan_review.collective import CollectivePanel

        self.collective_panel = CollectivePanel()
        self.collective_panel.changed.connect(self._collective_split)
        self.collective_panel.task_chosen.connect(self.select_task)
        self.tabs.addTab(self.collective_panel, "集体单位")
        splitter.addWidget(self.tabs)
        splitter.setSizes([520, 880])
        layout.addWidget(splitter, 1)

        layout.addWidget(QLabel("需要人工确认的问题（点击定位）："))
        self.warning_list = QListWidget()
        self.warning_list.setMaximumHeight(110)
        self.warning_list.itemClicked.connect(self._warning_clicked)
        layout.addWidget(self.warning_list)

        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton("确认导入台账", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

        self.indicator_table.itemChanged.connect(lambda item: self._table_edited(item, "indicators", INDICATOR_KEYS))
        self.phase_table.itemChanged.connect(lambda item: self._table_edited(item, "phases", PHASE_KEYS))
        self.indicator_table.currentCellChanged.connect(
            lambda row, *_: self._highlight_item("indicators", row))
        self.phase_table.currentCellChanged.connect(lambda row, *_: self._highlight_item("phases", row))

    def _build_task_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.task_tree = QTreeWidget()
        self.task_tree.setColumnCount(len(TASK_COLUMNS))
        self.task_tree.setHeaderLabels(TASK_COLUMNS)
        self.task_tree.setWordWrap(True)
        self.task_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The number column is indented twice (section, then task): room for numbers such as 12 or (十二) after that.
        number_width = 2 * self.task_tree.indentation() + self.task_tree.fontMetrics().horizontalAdvance("（十二）") + 16
        for column, width in enumerate([number_width, 260, 170, 200, 150, 100]):
            self.task_tree.setColumnWidth(column, width)
        self.task_tree.itemChanged.connect(self._task_item_edited)
        self.task_tree.currentItemChanged.connect(self._task_selected)
        layout.addWidget(self.task_tree, 3)
        layout.addWidget(QLabel("所选任务的工作措施（可修改；拆分时以光标位置为界）："))
        self.task_text = QPlainTextEdit()
        self.task_text.textChanged.connect(self._task_text_edited)
        layout.addWidget(self.task_text, 1)
        row = QHBoxLayout()
        for label, slot in (("删除所选（不是任务）", self._delete_task), ("与下一项合并", self._merge_task),
                            ("在光标处拆分", self._split_task)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    # ----- loading ------------------------------------------------------------------------
    def _set_empty(self) -> None:
        self.status_label.setText("请打开方案文件（.txt、.docx、.pdf、.doc 或 .wps），把文件拖到此窗口，或粘贴方案全文。")
        self.confirm_button.setEnabled(False)

    def choose_file(self) -> None:

        path, _ = QFileDialog.getOpenFileName(self, "选择方案文件", str(self.context.output_folder()),
                                              FILE_FILTER)
        if path:
            self.load_file(path)

    def paste_text(self) -> None:
        dialog = PasteDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.editor.toPlainText().strip():
            self.load_text(dialog.editor.toPlainText(), source_name="粘贴的文本")

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            self.load_file(files[0])
        elif mime.hasText():
            self.load_text(mime.text(), source_name="拖入的文本")

    def load_file(self, path: str) -> None:
        from db.plan_import.parse import parse_plan_file

        name = Path(path).name
        self._parse_in_background(lambda progress, cancelled: parse_plan_file(path), name)

    def load_text(self, text: str, *, source_name: str = "粘贴的文本") -> None:
        from db.plan_import.parse import parse_plan_text

        self._parse_in_background(lambda progress, cancelled: parse_plan_text(text), source_name)

    def _parse_in_background(self, job, source_name: str) -> None:
        from ui.worker import Worker

        self.status_label.setText(f"正在识别 {source_name} …")
        self.confirm_button.setEnabled(False)
        self._worker = Worker(job, label="正在识别方案…", parent=self)
        self._worker.done.connect(lambda parsed: self.set_parsed(parsed, source_name))
        self._worker.error.connect(self._parse_failed)
        self._worker.start()

    def _parse_failed(self, exc) -> None:
        from db.errors import LedgerError

        message = str(exc) if isinstance(exc, LedgerError) else (
            f"识别时出错：{exc}。请确认文件是方案原文（.txt、.docx、.pdf、.doc 或 .wps）。")
        self.status_label.setText("未能识别。")
        QMessageBox.warning(self, "无法识别方案", message)

    def set_parsed(self, parsed: dict, source_name: str | None = None) -> None:
        """Show a parsed plan for review (also used directly by tests)."""
        self.parsed = parsed
        self.source_name = source_name
        self._filling = True
        self.title_edit.setText(parsed.get("title") or "")
        self.issuer_edit.setText(parsed.get("issuer") or "")
        self.number_edit.setText(parsed.get("doc_number") or "")
        self.date_edit.setText(parsed.get("date") or "")
        self.source_view.setPlainText(parsed.get("source_text") or "")
        self._filling = False
        self._fill_all()
        tasks, indicators = len(parsed.get("tasks") or []), len(parsed.get("indicators") or [])
        self.status_label.setText(f"{source_name or ''}：识别出 {tasks} 项任务、{indicators} 个指标、"
                                  f"{len(parsed.get('phases') or [])} 个阶段。请逐项核对后确认导入。")
        self.confirm_button.setEnabled(True)

    def _fill_all(self) -> None:
        self._fill_tasks()
        self._fill_table(self.indicator_table, self.parsed.get("indicators") or [], INDICATOR_KEYS)
        self._fill_table(self.phase_table, self.parsed.get("phases") or [], PHASE_KEYS)
        self._fill_units()
        self._fill_warnings()
        self._fill_collective()

    def _fill_collective(self) -> None:
        count = self.collective_panel.fill(self.parsed)
        self.tabs.setTabText(self.tabs.indexOf(self.collective_panel), f"集体单位（{count}）" if count else "集体单位")

    def _collective_split(self) -> None:
        self._fill_tasks(select=self.current_task_index())
        self._fill_units()
        self._fill_warnings()
        self.tabs.setTabText(self.tabs.indexOf(self.collective_panel),
                             f"集体单位（{self.collective_panel.table.rowCount()}）")

    def _fit_task_columns(self) -> None:
        """Columns follow what the plan has: a unit column no task fills is hidden (a plan naming only 责任单位
        shows that column alone); the widest unit column takes the room left, so its lists show in full, and the
        other columns are as wide as their longest entry (titles up to a limit). Nothing runs off the right edge."""
        tasks = self.parsed.get("tasks") or []
        metrics = self.task_tree.fontMetrics()
        used = {column: any(t.get(key) for t in tasks) for column, key in UNIT_COLUMNS.items()}
        if not any(used.values()):
            used[4] = True   # a plan without any unit: the 责任单位 column stays for the clerk to fill in
        used[5] = any(t.get("deadline") for t in tasks) or not tasks
        header = self.task_tree.header()
        header.setStretchLastSection(False)
        widths = {}
        for column in (1, *used):
            if column != 1 and not used[column]:
                self.task_tree.setColumnHidden(column, True)
                continue
            self.task_tree.setColumnHidden(column, False)
            key = TASK_KEYS[column]
            texts = [editing.join_units(t.get(key)) if key.endswith("_units") else str(t.get(key) or "")
                     for t in tasks]
            widths[column] = max([metrics.horizontalAdvance(text) for text in texts]
                                 + [metrics.horizontalAdvance(TASK_COLUMNS[column])]) + 28
        stretch = max((c for c in widths if c in UNIT_COLUMNS), key=lambda c: widths[c])
        for column, width in widths.items():
            limit = MAX_TITLE_COLUMN if column == 1 else MAX_UNIT_COLUMN
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                        else QHeaderView.ResizeMode.Interactive)
            if column != stretch:
                self.task_tree.setColumnWidth(column, min(width, limit))

    def _fill_tasks(self, select: int | None = None) -> None:
        self._filling = True
        self.task_tree.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        selected_item = None
        for index, task in enumerate(self.parsed.get("tasks") or []):
            heading = task.get("section") or "（未分节）"
            parent = sections.get(heading)
            if parent is None:
                parent = QTreeWidgetItem([heading])
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.task_tree.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
                sections[heading] = parent
            values = []
            for key in TASK_KEYS:
                value = task.get(key)
                values.append(editing.join_units(value) if isinstance(value, list) else str(value or ""))
            item = QTreeWidgetItem(values)
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if not editing.has_units(task):
                for column in range(2, 5):
                    item.setBackground(column, QColor("#fff2cc"))
            for column, key in UNIT_COLUMNS.items():   # the whole list on hover, however narrow the column
                item.setToolTip(column, values[column])
            parent.addChild(item)
            if select == index:
                selected_item = item
        self.task_tree.expandAll()
        self._fit_task_columns()
        self._filling = False
        if selected_item is not None:
            self.task_tree.setCurrentItem(selected_item)

    def _fill_table(self, table: QTableWidget, rows: list[dict], keys: list[str]) -> None:
        self._filling = True
        table.setRowCount(len(rows))
        for row, data in enumerate(rows):
            for column, key in enumerate(keys):
                value = data.get(key)
                if key == "cumulative":
                    text = "是" if value else "否"
                elif key == "comparison":
                    text = COMPARISONS.get(value or ">=", value or "")
                else:
                    text = "" if value is None else str(value)
                table.setItem(row, column, QTableWidgetItem(text))
        table.resizeRowsToContents()
        self._filling = False

    def _fill_units(self) -> None:
        from db.units import list_units

        names = editing.all_unit_names(self.parsed)
        collective = {party["name"] for party in editing.collective_parties(self.parsed)}
        existing = list_units(self.context.ledger)
        suggestions = {}
        try:
            from db.plan_import.matching import suggest_unit_matches

            for match in suggest_unit_matches(self.context.ledger, names):
                suggestions[match["name"]] = match
        except ImportError:
            pass
        self.unit_table.setRowCount(len(names))
        for row, name in enumerate(names):
            self.unit_table.setItem(row, 0, QTableWidgetItem(name))
            combo = QComboBox()
            combo.addItem(NEW_UNIT, None)
            for unit in existing:
                combo.addItem(unit["name"], unit["id"])
            match = suggestions.get(name)
            note = "台账中没有此单位，确认后将新建。"
            if name in collective:
                note = "集体单位（代表多个单位）：确认后新建为“集体”类单位，可在“集体单位”页拆分。"
            if match and match.get("unit_id") is not None:
                combo.setCurrentIndex(max(combo.findData(match["unit_id"]), 0))
                note = match.get("reason") or "建议对应"
            self.unit_table.setCellWidget(row, 1, combo)
            self.unit_table.setItem(row, 2, QTableWidgetItem(note))

    def _fill_warnings(self) -> None:
        self.warning_list.clear()
        items = self.parsed.get("warning_items")
        if not items:
            items = [{"message": text} for text in self.parsed.get("warnings") or []]
        for warning in items:
            line = warning.get("line")
            place = f"〔原文第{line + 1}行〕" if line is not None else ""
            item = QListWidgetItem(place + warning.get("message", ""))
            item.setData(Qt.ItemDataRole.UserRole, warning)
            self.warning_list.addItem(item)
        for index, task in enumerate(self.parsed.get("tasks") or []):
            if not editing.has_units(task):
                message = missing_units_message(f"第{task.get('number') or index + 1}项任务")
                if not any(message.split("。")[0] in self.warning_list.item(i).text()
                           for i in range(self.warning_list.count())):
                    line = (task.get("source_lines") or [None])[0]
                    item = QListWidgetItem((f"〔原文第{line + 1}行〕" if line is not None else "") + message)
                    item.setData(Qt.ItemDataRole.UserRole, {"message": message, "task_index": index, "line": line})
                    self.warning_list.addItem(item)

    # ----- selection and highlighting -------------------------------------------------------
    def current_task_index(self) -> int | None:
        item = self.task_tree.currentItem()
        if item is None:
            return None
        return item.data(0, Qt.ItemDataRole.UserRole)

    def select_task(self, index: int) -> None:
        self.tabs.setCurrentIndex(0)
        for top in range(self.task_tree.topLevelItemCount()):
            parent = self.task_tree.topLevelItem(top)
            for child in range(parent.childCount()):
                item = parent.child(child)
                if item.data(0, Qt.ItemDataRole.UserRole) == index:
                    self.task_tree.setCurrentItem(item)
                    return

    def _task_selected(self, current, _previous) -> None:
        index = self.current_task_index()
        self._filling = True
        self.task_text.setPlainText("" if index is None else (self.parsed["tasks"][index].get("text") or ""))
        self._filling = False
        if index is not None:
            self._highlight_item("tasks", index)

    def _highlight_item(self, kind: str, index: int) -> None:
        items = (self.parsed or {}).get(kind) or []
        if not 0 <= index < len(items):
            return
        lines = items[index].get("source_lines")
        if lines:
            self.highlight_lines(lines[0], lines[1])

    def highlight_lines(self, first: int, last: int) -> None:
        document = self.source_view.document()
        start = document.findBlockByNumber(first)
        end = document.findBlockByNumber(last)
        if not start.isValid():
            return
        cursor = QTextCursor(start)
        cursor.setPosition(end.position() + max(end.length() - 1, 0) if end.isValid() else start.position(),
                           QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor("#ffe58f"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.source_view.setExtraSelections([selection])
        self.source_view.setTextCursor(QTextCursor(start))
        self.source_view.centerCursor()
        self.highlighted = (first, last)

    def _warning_clicked(self, item: QListWidgetItem) -> None:
        warning = item.data(Qt.ItemDataRole.UserRole) or {}
        if warning.get("task_index") is not None:
            self.select_task(warning["task_index"])
            if warning.get("line") is not None:
                self.highlight_lines(warning["line"], warning["line"])
        elif warning.get("indicator_index") is not None:
            self.tabs.setCurrentIndex(1)
            self.indicator_table.selectRow(warning["indicator_index"])
        elif warning.get("line") is not None:
            self.highlight_lines(warning["line"], warning["line"])

    # ----- editing -------------------------------------------------------------------------
    def _task_item_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling:
            return
        index = item.data(0, Qt.ItemDataRole.UserRole)
        if index is None:
            return
        key = TASK_KEYS[column]
        text = item.text(column).strip()
        task = self.parsed["tasks"][index]
        task[key] = editing.split_units(text) if key.endswith("_units") else (text or None)
        if key.endswith("_units"):
            self._fill_units()

    def _task_text_edited(self) -> None:
        if self._filling:
            return
        index = self.current_task_index()
        if index is not None:
            self.parsed["tasks"][index]["text"] = self.task_text.toPlainText()

    def _table_edited(self, item: QTableWidgetItem, kind: str, keys: list[str]) -> None:
        if self._filling or self.parsed is None:
            return
        key = keys[item.column()]
        text = item.text().strip()
        if key == "cumulative":
            value = text in ("是", "累计", "1", "true")
        elif key == "comparison":
            value = COMPARISON_FROM_TEXT.get(text, ">=")
        elif key == "target_year":   # 2026, 2026年 and ２０２６ alike
            year = re.search(r"\d{4}", unicodedata.normalize("NFKC", text))
            value = int(year.group()) if year else None
        else:
            value = text or None
        self.parsed[kind][item.row()][key] = value

    def _delete_task(self) -> None:
        index = self.current_task_index()
        if index is None:
            return
        editing.remove_task(self.parsed, index)
        self._fill_tasks(select=min(index, len(self.parsed["tasks"]) - 1))
        self._fill_units()
        self._fill_warnings()

    def _merge_task(self) -> None:
        index = self.current_task_index()
        if index is None:
            return
        editing.merge_with_next(self.parsed, index)
        self._fill_tasks(select=index)
        self._fill_warnings()

    def _split_task(self) -> None:
        index = self.current_task_index()
        if index is None:
            return
        editing.split_task(self.parsed, index, self.task_text.textCursor().position())
        self._fill_tasks(select=index + 1)

    def _delete_indicator(self) -> None:
        row = self.indicator_table.currentRow()
        if row >= 0:
            del self.parsed["indicators"][row]
            self._fill_table(self.indicator_table, self.parsed["indicators"], INDICATOR_KEYS)

    def _delete_phase(self) -> None:
        row = self.phase_table.currentRow()
        if row >= 0:
            del self.parsed["phases"][row]
            self._fill_table(self.phase_table, self.parsed["phases"], PHASE_KEYS)

    # ----- confirming ----------------------------------------------------------------------
    def unit_mapping(self) -> dict[str, int]:
        mapping = {}
        for row in range(self.unit_table.rowCount()):
            combo = self.unit_table.cellWidget(row, 1)
            if combo is not None and combo.currentData() is not None:
                mapping[self.unit_table.item(row, 0).text()] = int(combo.currentData())
        return mapping

    def reviewed_plan(self) -> dict:
        plan = dict(self.parsed)
        plan["title"] = self.title_edit.text().strip()
        plan["issuer"] = self.issuer_edit.text().strip() or None
        plan["doc_number"] = self.number_edit.text().strip() or None
        plan["date"] = self.date_edit.text().strip() or None
        return plan

    def confirm(self) -> int | None:
        from db.ops.plan_import import import_plan
        from db.plan_store import same_plans, validate_plan

        if self.parsed is None:
            return None
        plan = self.reviewed_plan()
        problems = validate_plan(plan)
        if problems:
            QMessageBox.warning(self, "还不能导入", "\n".join(problems))
            return None
        mapping = self.unit_mapping()
        ledger = self.context.ledger
        if same_plans(ledger, plan.get("title"), plan.get("doc_number")):
            answer = QMessageBox.question(
                self, "已有同名方案", f"台账中已有方案“{plan['title']}”。再导入一次会得到两份相同的方案。\n\n仍要导入吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
        source_name = self.source_name

        def job(ledger, progress, is_cancelled):   # on the one writer (ui/writer.py): a big plan may take a while
            return import_plan(ledger, plan, unit_mapping=mapping, source_name=source_name, source="window")

        self.confirm_button.setEnabled(False)
        self.context.run_long("导入方案", job, on_done=self._imported, error_title="无法导入方案", parent=self,
                              on_failed=lambda exc: self.confirm_button.setEnabled(True))
        return self.created_plan_id   # None until the writer is done (at once with the synchronous writer)

    def _imported(self, changes) -> None:
        self.created_plan_id = int(changes.result)
        self.plan_created.emit(self.created_plan_id)
        self.context.set_plan(self.created_plan_id)
        self.accept()

