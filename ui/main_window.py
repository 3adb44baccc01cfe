"""The main window: navigation on the left, pages on the right, the plan and period choosers on top."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget, QVBoxLayout)

from ui.context import ALL, PERIODS, PLAN, AppContext
from ui.pages import available_pages


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext):
        super().__init__()
        self.context = context
        context.error_parent = self
        self.pages: dict[str, QWidget] = {}
        self._page_classes: dict[str, type] = {}
        from db.rollup import is_rollup

        self.rollup = is_rollup(context.ledger)   # a roll-up ledger opens in 汇总 mode (ui/rollup_mode.py)
        self._build()
        self._build_menus()
        self.refresh_choosers()
        self._update_title()
        context.changed.connect(self._on_changed)
        context.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            from ui.screen_fit import fit_to_screen

            fit_to_screen(self, 1280, 800)

    # ----- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 4)
        top = QHBoxLayout()
        top.addWidget(QLabel("方案："))
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumWidth(420)
        self.plan_combo.setObjectName("planCombo")
        top.addWidget(self.plan_combo, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("报告期："))
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(180)
        self.period_combo.setObjectName("periodCombo")
        top.addWidget(self.period_combo)
        self.sample_label = QLabel("")
        self.sample_label.setStyleSheet("color:#b35900;font-weight:bold;")
        top.addWidget(self.sample_label)
        from ui.search_box import SearchBox

        self.search_box = SearchBox(self)   # 编辑 → 查找 (Ctrl+F): any text in the ledger, jumps to it
        top.addWidget(self.search_box)
        outer.addLayout(top)
        self.top_bar = top

        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.nav.setStyleSheet("QListWidget{font-size:11pt;} QListWidget::item{padding:8px 6px;}")
        self.stack = QStackedWidget()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        for name, label, page_class in available_pages(rollup=self.rollup):
            self._page_classes[name] = page_class
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
            placeholder = QWidget()
            placeholder.setObjectName(f"placeholder_{name}")
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._show_row)
        self.plan_combo.currentIndexChanged.connect(self._plan_chosen)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        if self.rollup:
            from ui.rollup_mode import enter_rollup_mode

            enter_rollup_mode(self)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.file_menu = file_menu
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        # Undo and redo are the core's (db.ops): the labels name the ledger's newest operation, whoever made it
        undo = QAction("撤销", self)
        undo.setShortcuts([QKeySequence.StandardKey.Undo])
        undo.triggered.connect(lambda: self.context.undo())
        redo = QAction("重做", self)
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        redo.triggered.connect(lambda: self.context.redo())
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_action, self.redo_action = undo, redo
        history_action = QAction("操作记录（撤销或重做某一步）…", self)
        history_action.triggered.connect(self.show_history)
        edit_menu.addAction(history_action)
        self.history_action = history_action
        edit_menu.addSeparator()
        self.search_box.install_action(edit_menu)
        self.context.history_changed.connect(self._update_undo_actions)
        edit_menu.aboutToShow.connect(self._update_undo_actions)
        # the labels read the ledger's history: once the window is on screen, not before its first paint
        from PySide6.QtCore import QTimer

        QTimer.singleShot(300, self._update_undo_actions)
        self.edit_menu = edit_menu
        from ui.menus import install_periods_menu, install_plan_import_menu

        install_plan_import_menu(self)
        from ui.safety_menu import install_menu as install_safety_menu

        install_safety_menu(self)
        from ui.ledger_files import install_menu as install_ledger_files_menu

        install_ledger_files_menu(self)
        install_periods_menu(self)
        from ui.settings_dialog import install_menu as install_settings_menu

        install_settings_menu(self)   # 文件 → 单位与签署人… (issue 16)
        from ui.menus import install_help_menu
        from ui.save_indicator import install as install_save_indicator

        install_help_menu(self)
        self.save_indicator = install_save_indicator(self)

    def show_history(self) -> None:
        from ui.history_dialog import show_history

        show_history(self)

    def _update_undo_actions(self) -> None:
        if getattr(self.context.ledger, "closed", False):
            return   # the window is closing (or a test has finished with it)
        read_only = self.context.ledger.read_only
        for action, verb, label in ((self.undo_action, "撤销", self.context.undo_label()),
                                    (self.redo_action, "重做", self.context.redo_label())):
            action.setEnabled(bool(label) and not read_only)
            action.setText(f"{verb} {label}" if label else verb)

    # ----- pages --------------------------------------------------------------------------
    def page_names(self) -> list[str]:
        return list(self._page_classes)

    def show_page(self, name: str) -> QWidget:
        names = self.page_names()
        if name not in names:
            raise KeyError(name)
        self.nav.setCurrentRow(names.index(name))
        return self.page(name)

    def page(self, name: str) -> QWidget:
        """The page widget, created on first use (keeps start-up fast)."""
        if name not in self.pages:
            index = self.page_names().index(name)
            widget = self._page_classes[name](self.context, self)
            widget.setObjectName(f"page_{name}")
            old = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[name] = widget
        return self.pages[name]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        name = self.page_names()[row]
        widget = self.page(name)
        self.stack.setCurrentWidget(widget)
        if hasattr(widget, "refresh"):
            widget.refresh()

    # ----- choosers -----------------------------------------------------------------------
    def refresh_choosers(self) -> None:
        from db.periods import list_periods, period_label
        from db.plan_store import list_plans

        ledger = self.context.ledger
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        sample_plans = set()
        for plan in list_plans(ledger):
            self.plan_combo.addItem(plan["title"], plan["id"])
            if plan["is_sample"]:
                sample_plans.add(plan["id"])
        index = self.plan_combo.findData(self.context.plan_id)
        self.plan_combo.setCurrentIndex(max(index, 0))
        self.plan_combo.blockSignals(False)
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        if self.context.plan_id is not None:
            for period in list_periods(ledger, self.context.plan_id):
                self.period_combo.addItem(period_label(period), period["id"])
        index = self.period_combo.findData(self.context.period_id)
        self.period_combo.setCurrentIndex(max(index, 0) if self.period_combo.count() else -1)
        self.period_combo.blockSignals(False)
        # The chosen plan's own mark: a plan the clerk imported into the demo ledger is not sample data.
        self.sample_label.setText("  示例数据" if self.context.plan_id in sample_plans else "")

    def _plan_chosen(self, index: int) -> None:
        plan_id = self.plan_combo.itemData(index)
        if plan_id is not None:
            self.context.set_plan(int(plan_id))
            self.refresh_choosers()
            self._update_title()

    def _period_chosen(self, index: int) -> None:
        period_id = self.period_combo.itemData(index)
        self.context.set_period(int(period_id) if period_id is not None else None)
        current = self.stack.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()

    def _on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, PERIODS}:
            self.refresh_choosers()
            self._update_title()
        current = self.stack.currentWidget()
        if hasattr(current, "on_changed"):
            current.on_changed(kinds)
        elif hasattr(current, "refresh"):
            current.refresh()

    def _update_title(self) -> None:
        from db.plan_store import get_plan

        ledger = self.context.ledger
        parts = [self.rollup_title] if getattr(self, "rollup_title", "") else []
        if self.context.plan_id is not None:
            parts.append(get_plan(ledger, self.context.plan_id)["title"])
        if ledger.path is not None:
            parts.append(str(Path(ledger.path)))
        if ledger.read_only:
            parts.append("只读")
        parts.append("知识产权强县建设任务台账")
        self.setWindowTitle(" — ".join(parts))

    def closeEvent(self, event) -> None:
        QSettings().setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)
