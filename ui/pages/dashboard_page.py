"""首页概览, the home page: where the plan stands for the chosen period.

Headline cards (tasks by status and by light, units' reporting rate, targets), the timeline of phases and
periods, the task list with filters and search, and side panels: overdue and at-risk tasks, units' reporting,
targets against their paths, and the 催报 list. Everything clicks through to the task (plan page), the unit
(unit page) or the target (indicators page). The rules live in db.lights / db.completeness; this page only shows.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from db.lights import (DONE, GREEN, LIGHT_COLOURS, LIGHT_LABELS, RED, TARGET_BEHIND, TARGET_MET, TARGET_ON_TRACK,
                       YELLOW)
from db.vocabulary import STATUSES, chinese_date
from ui.pages.dashboard_data import DashboardData, TaskRow, load_dashboard
from ui.pages.dashboard_panels import AtRiskPanel, ChasePanel, TargetsPanel, UnitsPanel
from ui.pages.dashboard_tasks import TaskListPanel
from ui.worker import Worker
from ui.widgets.timeline import TimelineWidget

CARD_STYLE = "QFrame#card{background:#ffffff;border:1px solid #dadce0;border-radius:6px;}"


def _count_button(text: str, colour: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(f"QPushButton{{color:{colour};font-weight:bold;padding:2px 6px;text-align:left;}}"
                         "QPushButton:hover{text-decoration:underline;}")
    return button


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(CARD_STYLE)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setStyleSheet("color:#5f6368;")
    layout.addWidget(label)
    return frame, layout


class DashboardPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.rows: list[TaskRow] = []
        self.data: DashboardData | None = None
        self._generation = 0
        self._workers: list[Worker] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(6)

        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        self.heading.setStyleSheet("font-size:14pt;font-weight:bold;")
        top.addWidget(self.heading)
        self.as_of = QLabel()
        self.as_of.setStyleSheet("color:#5f6368;")
        top.addWidget(self.as_of, 1)
        self.periods_button = QPushButton("报告期管理…")
        self.periods_button.setObjectName("managePeriods")
        self.periods_button.clicked.connect(self.open_periods_dialog)
        top.addWidget(self.periods_button)
        outer.addLayout(top)

        cards = QHBoxLayout()
        cards.setSpacing(8)
        status_card, status_layout = _card("任务完成状态")
        self.status_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for status in STATUSES:
            button = _count_button(status, "#202124", f"status_{status}")
            button.clicked.connect(lambda _=False, s=status: self._filter_status(s))
            self.status_buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        status_layout.addLayout(row)
        self.task_total = QLabel()
        status_layout.addWidget(self.task_total)
        cards.addWidget(status_card, 3)

        light_card, light_layout = _card("红黄绿灯（点击筛选）")
        self.light_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for light in (RED, YELLOW, GREEN, DONE):
            button = _count_button(LIGHT_LABELS[light], LIGHT_COLOURS[light], f"light_{light}")
            button.clicked.connect(lambda _=False, l=light: self._filter_light(l))
            self.light_buttons[light] = button
            row.addWidget(button)
        row.addStretch(1)
        light_layout.addLayout(row)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueLabel")
        light_layout.addWidget(self.overdue_label)
        cards.addWidget(light_card, 3)

        rate_card, rate_layout = _card("本期单位填报")
        # the words above a thin bar, never drawn across it: half on the blue, half on white was hard to read
        self.rate_text = QLabel()
        self.rate_text.setObjectName("reportingRateText")
        self.rate_text.setStyleSheet("font-weight:bold;")
        rate_layout.addWidget(self.rate_text)
        self.rate_bar = QProgressBar()
        self.rate_bar.setObjectName("reportingRate")
        self.rate_bar.setTextVisible(False)
        self.rate_bar.setMaximumHeight(8)
        rate_layout.addWidget(self.rate_bar)
        self.rate_label = QLabel()
        rate_layout.addWidget(self.rate_label)
        cards.addWidget(rate_card, 2)

        target_card, target_layout = _card("指标完成")
        self.target_label = QLabel()
        self.target_label.setObjectName("targetSummary")
        self.target_label.setWordWrap(True)
        target_layout.addWidget(self.target_label)
        cards.addWidget(target_card, 3)
        outer.addLayout(cards)

        self.timeline = TimelineWidget()
        self.timeline.period_clicked.connect(self._choose_period)
        outer.addWidget(self.timeline)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tasks = TaskListPanel()
        self.tasks.task_activated.connect(self.open_task)
        splitter.addWidget(self.tasks)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboardTabs")
        self.at_risk = AtRiskPanel()
        self.at_risk.task_activated.connect(self.open_task)
        self.units = UnitsPanel()
        self.units.unit_activated.connect(self.open_unit)
        self.targets = TargetsPanel()
        self.targets.target_activated.connect(self.open_target)
        self.chase = ChasePanel(context)
        self.chase.unit_activated.connect(self.open_unit)
        self.tabs.addTab(self.at_risk, "逾期和预警")
        self.tabs.addTab(self.units, "单位填报")
        self.tabs.addTab(self.targets, "指标进度")
        self.tabs.addTab(self.chase, "催报")
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])
        outer.addWidget(splitter, 1)

    # ----- data ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute. The first load runs directly (it happens before the window is shown, so `gui --screenshot`
        sees the full page); later ones run in a worker thread, as a city-scale ledger takes seconds."""
        ctx = self.context
        ledger = ctx.ledger
        self._generation += 1
        if ctx.plan_id is None or ctx.period_id is None:
            self.heading.setText("尚无方案或报告期")
            self.as_of.setText("请先导入方案，再在“报告期管理”中生成报告期。")
            self.tasks.set_rows([])
            self.timeline.set_data(phases=[], periods=[], today=ledger.today(), selected_period=None)
            self.periods_button.setEnabled(ctx.plan_id is not None)
            return
        self.periods_button.setEnabled(True)
        plan_id, period_id, generation = ctx.plan_id, ctx.period_id, self._generation
        if ledger.path is None or self.data is None:
            self.show_data(load_dashboard(ledger, plan_id, period_id))
            return
        self.as_of.setText("  正在计算…")

        def job(progress, is_cancelled):
            worker_ledger = ctx.worker_ledger(read_only=True)
            try:
                return load_dashboard(worker_ledger, plan_id, period_id)
            finally:
                worker_ledger.close()

        worker = Worker(job, parent=self, show_dialog=False)
        worker.done.connect(lambda data: self._loaded(generation, data))
        worker.error.connect(lambda exc: self._failed(generation, exc))
        self._workers.append(worker)
        worker.done.connect(lambda _data: self._forget(worker))
        worker.error.connect(lambda _exc: self._forget(worker))
        worker.start()

    def wait_for_load(self, timeout_ms: int = 30000) -> None:
        """Block until running loads are done (closing the window, tests)."""
        for worker in list(self._workers):
            worker._thread.wait(timeout_ms)

    def _forget(self, worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)

    @property
    def loading(self) -> bool:
        return bool(self._workers)

    def _loaded(self, generation: int, data: DashboardData) -> None:
        if generation == self._generation:
            self.show_data(data)

    def _failed(self, generation: int, exc) -> None:
        if generation == self._generation:
            self.as_of.setText("  无法计算")
            self.context.show_error(f"首页数据计算出错：{exc}", "首页")

    def show_data(self, data: DashboardData) -> None:
        self.data = data
        self.rows = data.rows
        period, lights = data.period, data.lights
        self.heading.setText(f"{period['name']} 推进情况")
        self.as_of.setText(f"  按 {chinese_date(lights.as_of)} 判断 · 截止日期 {chinese_date(period.get('due')) or '未设'}")
        by_status = {status: 0 for status in STATUSES}
        for row in self.rows:
            by_status[row.status] = by_status.get(row.status, 0) + 1
        for status, button in self.status_buttons.items():
            button.setText(f"{status} {by_status.get(status, 0)}")
        self.task_total.setText(f"共 {len(self.rows)} 项任务")
        counts = lights.counts()
        for light, button in self.light_buttons.items():
            button.setText(f"● {LIGHT_LABELS[light]} {counts.get(light, 0)}")
        overdue = lights.overdue_numbers()
        self.overdue_label.setText(f"逾期任务：{'、'.join(overdue[:12])}{'…' if len(overdue) > 12 else ''}"
                                   if overdue else "逾期任务：无")
        complete, owing = data.rate
        self.rate_bar.setRange(0, max(owing, 1))
        self.rate_bar.setValue(complete)
        # 已报齐: every task and target answered (the 催报 rule). A unit that sent part of its return counts as
        # reported in `ipledger status` and the progress report, so it is named here too, not silently left out.
        share = round(100 * complete / owing) if owing else 0
        self.rate_bar.setFormat(f"已报齐 {complete} 个 / 应报 {owing} 个")
        self.rate_text.setText(self.rate_bar.format())
        self.rate_text.setToolTip(f"应报送的 {owing} 个单位中，{complete} 个已把本期的任务和指标全部报齐（{share}%）。")
        self.rate_bar.setToolTip(f"应报送的 {owing} 个单位中，{complete} 个已把本期的任务和指标全部报齐（{share}%）。")
        entries_owed = sum(len(r.tasks_owed) for r in data.reports)
        entries_done = sum(len(r.tasks_reported) for r in data.reports)
        partial = sum(1 for r in data.reports
                      if r.reported_any and not r.complete and (r.tasks_owed or r.targets_owed))
        unchanged = sum(len(r.tasks_unchanged) for r in data.reports)   # 已报·无变化 (db.entry_flags)
        self.rate_label.setText(f"填报条目 {entries_done}/{entries_owed}"
                                + (f" · 其中已报·无变化 {unchanged} 条" if unchanged else "")
                                + (f" · {partial} 个单位未报全" if partial else ""))
        states = [t.state for t in data.targets.values()]
        met, on_track, behind = (states.count(TARGET_MET), states.count(TARGET_ON_TRACK),
                                 states.count(TARGET_BEHIND))
        no_data = len(states) - met - on_track - behind
        self.target_label.setText(f"达标 {met} · 按序时 {on_track} · 滞后 {behind}"
                                  + (f" · 无数据 {no_data}" if no_data else "") + f" / 共 {len(states)} 项")
        self.tasks.set_choices(data.units, data.sections)
        self.tasks.set_rows(self.rows)
        self.at_risk.set_rows(self.rows)
        self.units.set_reports(data.reports, data.unit_lights, data.rate)
        self.targets.set_targets(data.indicators, data.targets)
        self.chase.set_items(data.chase, period)
        self.timeline.set_data(phases=data.phases, periods=data.periods, today=data.today,
                               selected_period=period["id"])

    def on_changed(self, kinds) -> None:
        self.refresh()

    # ----- filters from the cards ------------------------------------------------------------------------
    def _filter_light(self, light: str) -> None:
        self.tasks.set_light(None if self.tasks.light_combo.currentData() == light else light)

    def _filter_status(self, status: str) -> None:
        self.tasks.set_status(None if self.tasks.status_combo.currentData() == status else status)

    # ----- clicking through --------------------------------------------------------------------------------
    def _main_window(self):
        window = self.window()
        return window if hasattr(window, "show_page") else None

    def _open_page(self, name: str, method: str, item_id: int, fallback=None) -> bool:
        window = self._main_window()
        if window is None:
            return False
        try:
            page = window.show_page(name)
        except KeyError:
            self.context.message.emit("该页面尚未提供。")
            return False
        if hasattr(page, method):
            try:
                getattr(page, method)(item_id)
            except (KeyError, LookupError):
                self.context.message.emit("在该页面中没有找到所选项目。")
        elif fallback is not None:
            fallback(page)
        return True

    def open_task(self, task_id: int) -> bool:
        return self._open_page("plan", "select_task", task_id,
                               lambda page: page.select("task", task_id) if hasattr(page, "select") else None)

    def open_unit(self, unit_id: int) -> bool:
        return self._open_page("unit", "select_unit", unit_id)

    def open_target(self, indicator_id: int) -> bool:
        return self._open_page("indicators", "select_indicator", indicator_id, lambda page: _select_row(page, indicator_id))

    def _choose_period(self, period_id: int) -> None:
        window = self._main_window()
        combo = getattr(window, "period_combo", None)
        if combo is not None and combo.findData(period_id) >= 0:
            combo.setCurrentIndex(combo.findData(period_id))
        else:
            self.context.set_period(period_id)
            self.refresh()

    def open_periods_dialog(self) -> None:
        from ui.periods_dialog import PeriodsDialog

        dialog = PeriodsDialog(self.context, self)
        dialog.exec()


def _select_row(page, row_id: int) -> None:
    """A page without a select method but with a row model keyed by id (model.row_of) and a table view."""
    model, table = getattr(page, "model", None), getattr(page, "table", None)
    if model is None or table is None or not hasattr(model, "row_of"):
        return
    row = model.row_of(row_id)
    if row >= 0:
        index = model.index(row, 0)
        table.setCurrentIndex(index)
        table.scrollTo(index)


