"""The detail panel beside a unit's checklist: long text fields, contacts and evidence files for one entry.

Text is saved when the field loses focus or after a short pause in typing; evidence files are attached with a
file dialog or by dropping them onto the panel, and opened with the system's viewer.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from db.values import format_number, status_percent_mismatch
from db.vocabulary import PROGRESS_FIELD_LABELS, STATUSES
from ui.models.row_table import REFUSED_BACKGROUND
from ui.widgets.file_drop import FileDropMixin

SAVE_PAUSE_MS = 1200
LONG_FIELDS = ("progress", "problems", "next_steps")
SHORT_FIELDS = ("filled_by", "phone")


def file_size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EntryDetailPanel(FileDropMixin, QWidget):
    """Emits `save_requested(field, value)`; the page runs the db verb."""

    save_requested = Signal(str, object)
    files_dropped = Signal(list)
    add_evidence_clicked = Signal()
    open_evidence_clicked = Signal(int)
    remove_evidence_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._refused: dict[str, str] = {}   # field → the input that failed validation (shown red)
        self.setAcceptDrops(True)
        self.setMinimumWidth(340)
        self._loading = False
        self._entry: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        self.heading = QLabel("请在左侧选择一项任务")
        self.heading.setObjectName("detailHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight:bold;font-size:11pt;")
        layout.addWidget(self.heading)
        self.task_text = QLabel()
        self.task_text.setObjectName("detailTaskText")
        self.task_text.setWordWrap(True)
        self.task_text.setStyleSheet("color:#444;")
        self.task_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.task_text)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.status = QComboBox()
        self.status.setObjectName("detail_status")
        self.status.addItem("")
        self.status.addItems(STATUSES)
        self.status.activated.connect(lambda _i: self._save("status", self.status.currentText()))
        self.percent = QLineEdit()
        self.percent.setObjectName("detail_percent")
        self.percent.setPlaceholderText("0–100")
        self.percent.setMaximumWidth(90)
        self.percent.editingFinished.connect(self._percent_done)
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addSpacing(12)
        row.addWidget(QLabel(PROGRESS_FIELD_LABELS["percent"] + "（%）："))
        row.addWidget(self.percent)
        row.addStretch(1)
        form.addRow(PROGRESS_FIELD_LABELS["status"] + "：", row)
        self.mismatch = QLabel()     # 已完成 below 100%, 未启动 above 0% (db.values, as import-returns flags it)
        self.mismatch.setObjectName("detail_mismatch")
        self.mismatch.setWordWrap(True)
        self.mismatch.setStyleSheet("color:#b00020;")
        self.mismatch.hide()
        form.addRow("", self.mismatch)

        self.texts: dict[str, QPlainTextEdit] = {}
        self._timers: dict[str, QTimer] = {}
        for name in LONG_FIELDS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"detail_{name}")
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(54)
            edit.installEventFilter(self)
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(SAVE_PAUSE_MS)
            timer.timeout.connect(lambda n=name: self._flush(n))
            edit.textChanged.connect(lambda n=name: self._typed(n))
            self.texts[name], self._timers[name] = edit, timer
            form.addRow(PROGRESS_FIELD_LABELS[name] + "：", edit)
        contacts = QHBoxLayout()
        self.lines: dict[str, QLineEdit] = {}
        for name in SHORT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"detail_{name}")
            edit.editingFinished.connect(lambda n=name: self._line_done(n))
            self.lines[name] = edit
            if contacts.count():
                contacts.addWidget(QLabel(PROGRESS_FIELD_LABELS[name] + "："))
            contacts.addWidget(edit)
        form.addRow(PROGRESS_FIELD_LABELS["filled_by"] + "：", contacts)
        layout.addLayout(form, 1)

        evidence_label = QLabel("佐证材料（可把文件拖到这里）：")
        layout.addWidget(evidence_label)
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidenceList")
        self.evidence.setMaximumHeight(110)
        self.evidence.itemDoubleClicked.connect(lambda item: self.open_evidence_clicked.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.evidence)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加材料…")
        self.add_button.clicked.connect(self.add_evidence_clicked)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(lambda: self._with_selected(self.open_evidence_clicked))
        self.remove_button = QPushButton("删除")
        self.remove_button.clicked.connect(lambda: self._with_selected(self.remove_evidence_clicked))
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.set_entry(None, [], read_only=True)

    # ----- showing an entry ---------------------------------------------------------------
    def set_entry(self, entry: dict | None, evidence: list[dict], *, read_only: bool) -> None:
        """Show one checklist row; text the clerk is typing is left alone when it already matches."""
        same_entry = bool(entry and self._entry and all(
            entry.get(key) == self._entry.get(key) for key in ("task_id", "unit_id", "period_id")))
        if not same_entry:
            self.flush_all()
            for field in list(self._refused):
                self.show_refused(field, None)
        self._entry = entry
        self._loading = True
        try:
            if entry is None:
                self.heading.setText("请在左侧选择一项任务")
                self.task_text.setText("")
            else:
                self.heading.setText(f"{entry.get('number') or ''} {entry['title']}({entry['role_label']})")
                self.task_text.setText(entry.get("text") or "")
            value = (entry or {}).get("status") or ""
            self.status.setCurrentIndex(max(self.status.findText(value), 0))
            found = status_percent_mismatch((entry or {}).get("status"), (entry or {}).get("percent"))
            self.mismatch.setText(f"请核实：{found}。" if found else "")
            self.mismatch.setVisible(bool(found))
            percent = format_number((entry or {}).get("percent"))
            if not (same_entry and self.percent.hasFocus()):
                self.percent.setText(percent)
            for name, edit in self.texts.items():
                text = (entry or {}).get(name) or ""
                if edit.toPlainText() != text and not (same_entry and edit.hasFocus()):
                    edit.setPlainText(text)
            for name, edit in self.lines.items():
                text = (entry or {}).get(name) or ""
                if edit.text() != text and not (same_entry and edit.hasFocus()):
                    edit.setText(text)
            self.evidence.clear()
            for item in evidence:
                line = QListWidgetItem(f"{item['original_name']}  ({file_size_text(item['size'])})")
                line.setData(Qt.ItemDataRole.UserRole, item["id"])
                line.setToolTip(f"添加于 {item['added_at']} {item.get('added_by') or ''}")
                self.evidence.addItem(line)
        finally:
            self._loading = False
        editable = entry is not None and not read_only
        for widget in (self.status, self.percent, *self.texts.values(), *self.lines.values()):
            widget.setEnabled(entry is not None)
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.open_button.setEnabled(entry is not None)
        self.setAcceptDrops(editable)

    @property
    def entry(self) -> dict | None:
        return self._entry

    # ----- saving ---------------------------------------------------------------------------
    def show_refused(self, field: str, value) -> None:
        """Mark a field whose input failed validation (red, the input in its tooltip); value None clears it."""
        widget = {"percent": self.percent, **self.lines, **self.texts}.get(field)
        if widget is None:
            return
        if value is None:
            self._refused.pop(field, None)
            widget.setStyleSheet("")
            widget.setToolTip("")
        else:
            self._refused[field] = str(value)
            widget.setStyleSheet(f"background:{REFUSED_BACKGROUND};")
            widget.setToolTip(f"未保存：输入的“{value}”未通过检查，台账中仍是原来的内容。请重新填写。")

    def refused_input(self, field: str) -> str | None:
        return self._refused.get(field)

    def _save(self, field: str, value) -> None:
        if not self._loading and self._entry is not None:
            self.save_requested.emit(field, value)

    def _percent_done(self) -> None:
        if self._entry is None or self.percent.isReadOnly():
            return
        if self.percent.text().strip() != format_number(self._entry.get("percent")):
            self._save("percent", self.percent.text())
            self.percent.setText(format_number(self._entry.get("percent")) if self._entry else "")

    def _line_done(self, name: str) -> None:
        if self._entry is None or self.lines[name].isReadOnly():
            return
        if self.lines[name].text().strip() != (self._entry.get(name) or ""):
            self._save(name, self.lines[name].text())

    def _typed(self, name: str) -> None:
        if not self._loading and self._entry is not None and not self.texts[name].isReadOnly():
            self._timers[name].start()

    def _flush(self, name: str) -> None:
        self._timers[name].stop()
        if self._entry is None or self.texts[name].isReadOnly():
            return
        text = self.texts[name].toPlainText()
        if text.strip() != (self._entry.get(name) or ""):
            self._save(name, text)

    def flush_all(self) -> None:
        """Save whatever is waiting for the pause (called before switching entries)."""
        for name, timer in self._timers.items():
            if timer.isActive():
                self._flush(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for name, edit in self.texts.items():
                if watched is edit:
                    self._flush(name)
        return super().eventFilter(watched, event)

    # ----- evidence -------------------------------------------------------------------------
    def _with_selected(self, signal) -> None:
        item = self.evidence.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))

    def drops_wanted(self) -> bool:   # evidence is dropped on an entry (ui/widgets/file_drop.py)
        return self._entry is not None

    def accept_dropped(self, paths: list[Path]) -> None:
        self.files_dropped.emit(paths)
