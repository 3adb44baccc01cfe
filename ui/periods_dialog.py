"""报告期管理: the plan's reporting schedule, generating its periods, ad-hoc periods and due dates.

Every change is an operation of the core (db.ops.edits) run by AppContext.run (one transaction, audited,
undoable, Chinese message on refusal).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout)

from db.lights import warning_days
from db.ops import edits
from db.periods import is_closed, list_periods, parse_period_key, period_kind_label, period_state_label
from db.schedule import RULE_EXAMPLES, SCHEDULE_KINDS, get_schedule
from db.vocabulary import chinese_date
from ui.context import PERIODS

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DUE_ROLE = Qt.ItemDataRole.UserRole + 2


# What a page says while the chosen plan has no reporting period yet (the dialog below makes them).
NO_PERIODS_HINT = "该方案还没有报告期，还不能填报。请在菜单“文件 → 报告期管理…”中按填报周期生成报告期。"


def read_only_banner(context, period: dict | None, what: str) -> str:
    """Why a page's `what` (填报内容, 指标数值) cannot be edited now ("" when it can): the plan has no period yet,
    the period is closed, or the ledger was opened read-only. One wording for every page."""
    if context.plan_id is not None and period is None:
        return NO_PERIODS_HINT
    if is_closed(period):
        return f"报告期 {period['name']} 已关闭，{what}只读，不能修改。如确需修改，请由管理员重新开放该报告期。"
    if context.ledger.read_only:
        return "台账以只读方式打开（另一程序正在使用它），不能修改。"
    return ""


def _qdate(value: date | str | None) -> QDate:
    day = date.fromisoformat(value) if isinstance(value, str) else (value or date.today())
    return QDate(day.year, day.month, day.day)


def _pydate(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


DATE_EDIT_FORMAT = "yyyy年M月d日"   # the one Chinese date format (db.vocabulary.chinese_date) in date edits


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_EDIT_FORMAT)
    return edit


class PeriodsDialog(QDialog):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.plan_id = context.plan_id
        self.setWindowTitle("报告期管理")
        from ui.screen_fit import fit_to_screen

        fit_to_screen(self, 820, 720)
        layout = QVBoxLayout(self)

        schedule_box = QGroupBox("填报周期")
        form = QFormLayout(schedule_box)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("scheduleKind")
        for kind in SCHEDULE_KINDS:
            self.kind_combo.addItem(period_kind_label(kind), kind)
        self.rule_edit = QLineEdit()
        self.rule_edit.setObjectName("dueRule")
        self.rule_edit.setPlaceholderText(f"如：{RULE_EXAMPLES}")
        self.indicator_combo = QComboBox()
        self.indicator_combo.setObjectName("indicatorKind")
        for kind in SCHEDULE_KINDS:
            self.indicator_combo.addItem(period_kind_label(kind), kind)
        form.addRow("单位填报：", self.kind_combo)
        form.addRow("截止规则：", self.rule_edit)
        form.addRow("指标填报：", self.indicator_combo)
        self.warning_spin = QSpinBox()
        self.warning_spin.setObjectName("warningDays")
        self.warning_spin.setRange(0, 365)
        self.warning_spin.setSuffix(" 天")
        self.warning_spin.setToolTip("任务距完成时限不足这些天且尚未完成时亮黄灯。")
        form.addRow("临期预警：", self.warning_spin)
        row = QHBoxLayout()
        self.save_schedule_button = QPushButton("保存填报周期")
        self.save_schedule_button.setObjectName("saveSchedule")
        self.save_schedule_button.clicked.connect(self.save_schedule)
        self.generate_button = QPushButton("按周期生成报告期")
        self.generate_button.setObjectName("generatePeriods")
        self.generate_button.clicked.connect(self.generate)
        self.update_due_check = QCheckBox("同时按截止规则更新未关闭报告期的截止日期")
        self.update_due_check.setObjectName("updateDue")
        row.addWidget(self.save_schedule_button)
        row.addWidget(self.generate_button)
        row.addWidget(self.update_due_check)
        row.addStretch(1)
        form.addRow(row)
        layout.addWidget(schedule_box)

        periods_box = QGroupBox("报告期")
        periods_layout = QVBoxLayout(periods_box)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("periodsTable")
        self.table.setHorizontalHeaderLabels(["代码", "名称", "类型", "开始", "结束", "截止日期", "状态"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMinimumHeight(24 * 10 + 28)   # ten periods in sight, not a slit
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        periods_layout.addWidget(self.table, 1)
        due_row = QHBoxLayout()
        due_row.addWidget(QLabel("所选报告期的截止日期："))
        self.due_edit = _date_edit("dueEdit")
        self.due_edit.setDate(_qdate(context.ledger.today()))
        due_row.addWidget(self.due_edit)
        self.set_due_button = QPushButton("修改截止日期")
        self.set_due_button.setObjectName("setDue")
        self.set_due_button.clicked.connect(self.set_due)
        due_row.addWidget(self.set_due_button)
        due_row.addStretch(1)
        periods_layout.addLayout(due_row)
        # ---- Period locks (issue 7, admin): 关闭报告期 / 重新开放 buttons are added to this row. ----
        self.admin_row = QHBoxLayout()
        self.admin_row.setObjectName("periodAdminRow")
        self.admin_row.addStretch(1)
        periods_layout.addLayout(self.admin_row)
        from ui.period_lock import install_buttons as install_period_lock_buttons

        install_period_lock_buttons(self)
        layout.addWidget(periods_box, 1)

        adhoc_box = QGroupBox("新增临时报告期（如专项督查）")
        adhoc = QHBoxLayout(adhoc_box)
        self.adhoc_name = QLineEdit()
        self.adhoc_name.setObjectName("adhocName")
        self.adhoc_name.setPlaceholderText("名称，如“2025年专项督查”")
        today = context.ledger.today()
        self.adhoc_start, self.adhoc_end, self.adhoc_due = (_date_edit("adhocStart"), _date_edit("adhocEnd"),
                                                            _date_edit("adhocDue"))
        self.adhoc_start.setDate(_qdate(today))
        self.adhoc_end.setDate(_qdate(today).addDays(30))
        self.adhoc_due.setDate(_qdate(today).addDays(35))
        self.adhoc_button = QPushButton("新增")
        self.adhoc_button.setObjectName("addAdhoc")
        self.adhoc_button.clicked.connect(self.add_adhoc)
        for label, widget in (("名称", self.adhoc_name), ("开始", self.adhoc_start), ("结束", self.adhoc_end),
                              ("截止", self.adhoc_due)):
            adhoc.addWidget(QLabel(label))
            adhoc.addWidget(widget, 2 if widget is self.adhoc_name else 0)
        adhoc.addWidget(self.adhoc_button)
        layout.addWidget(adhoc_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load(select_id=context.period_id)

    # ----- data ----------------------------------------------------------------------------------------
    def load(self, select_id: int | None = None) -> None:
        ledger = self.context.ledger
        schedule = get_schedule(ledger, self.plan_id)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(schedule.kind))
        self.rule_edit.setText(schedule.due_rule)
        self.indicator_combo.setCurrentIndex(self.indicator_combo.findData(schedule.indicator_kind))
        self.warning_spin.setValue(warning_days(ledger))
        periods = list_periods(ledger, self.plan_id)
        self.table.setRowCount(len(periods))
        for row, period in enumerate(periods):
            values = (period["key"], period["name"], period_kind_label(period["kind"]), chinese_date(period["start"]),
                      chinese_date(period["end"]), chinese_date(period["due"]), period_state_label(period["state"]))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, period["id"])
                item.setData(DUE_ROLE, period["due"] or "")
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(6, max(header.sectionSize(6), 64))   # 状态 beside the scroll bar, whole
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, period in enumerate(periods):
            if period["id"] == select_id:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
        self._selected()

    def selected_period_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(ID_ROLE)) if items else None

    def _selected(self) -> None:
        period_id = self.selected_period_id()
        self.set_due_button.setEnabled(period_id is not None)
        if period_id is not None:
            due = self.table.item(self.table.currentRow(), 5).data(DUE_ROLE)
            if due:
                self.due_edit.setDate(_qdate(due))

    # ----- actions ---------------------------------------------------------------------------------------
    def _run(self, operation, *args, **kwargs) -> object:
        """One operation of the core (db.ops.edits); its result (None when refused)."""
        changes = self.context.run(operation, *args, **kwargs)
        result = changes.result if changes is not None else None
        if changes is not None and result is None:
            result = True
        if result and self.context.period_id is None:
            self._choose_current_period()
        return result

    def _choose_current_period(self) -> None:
        """A plan that had no periods gets the one being collected now, so every page has one to show."""
        from db.periods import current_period

        period = current_period(self.context.ledger, self.plan_id)
        if period is not None:
            self.context.set_period(period["id"])
            self.context.changed.emit({PERIODS})

    def save_schedule(self) -> bool:
        kind, rule, indicator_kind = (self.kind_combo.currentData(), self.rule_edit.text(),
                                      self.indicator_combo.currentData())
        done = self._run(edits.set_schedule, self.plan_id, kind, rule, indicator_kind)
        days = self.warning_spin.value()
        if done and days != warning_days(self.context.ledger):
            done = self.context.run(edits.set_warning_days, days)
        if done:
            self.load()
        return bool(done)

    def generate(self) -> dict | None:
        if not self.save_schedule():
            return None
        update = self.update_due_check.isChecked()
        result = self._run(edits.generate_periods, self.plan_id, update_due=update)
        if result:
            self.load()
            created, updated = result["created"], result["updated"]
            names = [parse_period_key(key).name for key in (created[0], created[-1])] if created else []
            parts = [f"新增报告期 {len(created)} 个" + (f"（{names[0]}—{names[1]}）" if created else "")]
            if update:
                parts.append(f"更新截止日期 {len(updated)} 个")
            self.context.message.emit(",".join(parts) + "。")
            return result
        return None

    def set_due(self) -> None:
        period_id = self.selected_period_id()
        if period_id is None:
            return
        due = _pydate(self.due_edit)
        if self._run(edits.set_period_due, period_id, due):
            self.load(select_id=period_id)

    def add_adhoc(self) -> int | None:
        name = self.adhoc_name.text()
        start, end, due = _pydate(self.adhoc_start), _pydate(self.adhoc_end), _pydate(self.adhoc_due)
        period_id = self._run(edits.add_adhoc_period, self.plan_id, name, start, end, due)
        if period_id:
            self.adhoc_name.clear()
            self.load(select_id=period_id)
            return period_id
        return None
