"""The window's search box (编辑 → 查找, Ctrl+F): finds any text in the ledger as the clerk types and jumps to it.

The box sits in the main window's top bar; results drop down below it (ui/search_results.py, loaded the first time
the clerk searches, so the window's start does not pay for it), grouped by kind, each with its place
(任务4 · 市科技局 · 2025Q3) and the text around the match. Enter or a double-click opens the place: a task on
方案任务, an entry on 单位填报 (unit, period and task chosen), a unit on 单位管理, an indicator on 指标填报, a note
on 修改记录 (or the report texts on 报告打印). The search itself is db.search.search, as `ipledger search` uses it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

DEBOUNCE_MS = 250
RESULT_LIMIT = 50
SINGLE_CHARACTER_HINT = "只有一个字时按回车查找（一个字会找到很多条，多写一个字更快更准）。"


class SearchBox(QLineEdit):
    """The search field; its results panel floats over the window below it."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.setObjectName("searchBox")
        self.setPlaceholderText("查找任务、进展、单位…（Ctrl+F）")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # not the window's first focus: reached by click or Ctrl+F
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.textChanged.connect(self._typed)
        self.returnPressed.connect(self._enter)
        self._panel = None          # made on first use (ui/search_results.py)
        self.hits: list = []
        QApplication.instance().focusChanged.connect(self._focus_moved)
        window.context.changed.connect(self._ledger_changed)

    @property
    def panel(self):
        """The results panel, made the first time it is needed."""
        if self._panel is None:
            from ui.search_results import ResultsPanel

            self._panel = ResultsPanel(self.window_, self)
        return self._panel

    def _panel_shown(self) -> bool:
        return self._panel is not None and self._panel.isVisible()

    def _ledger_changed(self, _changes) -> None:
        """After an edit, an undo or another ledger the shown results may be out of date: fold them away."""
        self.hits = []
        if self._panel is not None:
            self._panel.hide()

    def _focus_moved(self, _old, new) -> None:
        """The results fold away when the clerk goes on working elsewhere in the window."""
        if self._panel is not None and new is not None and new is not self and not self._panel.isAncestorOf(new):
            self._panel.hide()

    def install_action(self, menu) -> QAction:
        """编辑 → 查找 (Ctrl+F): put the cursor in the box with its text selected."""
        action = QAction("查找…", self.window_)
        action.setShortcut(QKeySequence.StandardKey.Find)
        action.triggered.connect(self.start)
        menu.addAction(action)
        self.find_action = action
        return action

    def start(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.hits:
            self.panel.show_below()

    # ----- searching ----------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        """Search once the clerk pauses; a single character (it finds most of the ledger) only on Enter."""
        from db.search import query_words

        self.hits = []               # the shown results are for the old text: Enter searches again
        if len("".join(query_words(text))) == 1:
            self.timer.stop()
            self.panel.show_hint(SINGLE_CHARACTER_HINT)
        else:
            self.timer.start()

    def run_search(self) -> None:
        """Search now (the timer calls this once the clerk stops typing)."""
        from db.search import query_words, search

        self.timer.stop()
        text = self.text()
        if not query_words(text):
            self.hits = []
            self.panel.hide()
            return
        context = self.window_.context
        self.hits = search(context.ledger, text, limit=RESULT_LIMIT, plan_id=context.plan_id)
        self.panel.show_below()
        self.panel.show_hits(text, self.hits)

    def _enter(self) -> None:
        """Enter shows the results of what is typed; with the results shown, it opens the chosen one."""
        if self.timer.isActive() or not self.hits or not self._panel_shown():
            self.run_search()
            return
        hit = self.panel.current_hit()
        if hit is not None:
            self.open_hit(hit)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._panel_shown():
            self.panel.move_selection(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        if event.key() == Qt.Key.Key_Escape and self._panel_shown():
            self.panel.hide()
            return
        super().keyPressEvent(event)

    # ----- jumping ------------------------------------------------------------------------------
    def open_hit(self, hit) -> None:
        """Show the place of a hit, as the clerk would find it by hand."""
        from ui.search_results import open_place

        self.panel.hide()
        open_place(self.window_, hit)
        self.window_.context.message.emit(f"已转到：{hit.line()}"[:120])
