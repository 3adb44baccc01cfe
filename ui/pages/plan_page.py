"""方案任务: the plan's sections and tasks with their units, deadlines and status for the chosen period; and the
clerk's tools to build or correct the plan by hand (a plan that arrived on paper must still be enterable).

Every change is an operation of the core (db.ops.edits) run through `context.run`; additions, edits, moves and unit assignments can
be undone; deletions ask first.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
                               QSplitter, QTabWidget, QTextBrowser, QTreeView, QVBoxLayout, QWidget)

from db import plan_edit
from db.deadlines import INFERRED_DEADLINE_NOTE, is_inferred_deadline, shown_deadline
from db.plan_store import get_plan
from db.queries import count_tasks
from db.ops import edits
from db.units import list_units
from db.values import format_number
from ui.admin import require_admin
from ui.context import ALL, PERIODS, PLAN, PROGRESS, UNITS
from ui.dialogs.form_dialog import FormDialog
from ui.dialogs.plan_dialogs import plan_fields, section_fields, task_fields
from ui.dialogs.task_units_dialog import TaskUnitsDialog
from ui.models.plan_tree_model import (COLUMNS, NODE_ROLE, SECTION, TASK, PlanNode, PlanTreeModel, build_plan_tree,
                                       status_text)
from ui.pages.plan_targets_tabs import IndicatorsTab, PhasesTab

SYNC_TASK_LIMIT = 300   # plans up to this size load at once; larger ones on a worker thread


def button(text: str, slot, name: str) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.clicked.connect(slot)
    return widget


NO_PLAN_HINT = ("台账中还没有方案。请用菜单“文件 → 导入方案…”打开方案文件（.txt 或 .docx）或粘贴方案全文，"
                "核对后确认导入；纸质方案可在导入窗口中粘贴录入的文字。")


class PlanPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planTabs")
        layout.addWidget(self.tabs)

        tasks_tab = QWidget()
        tasks_layout = QVBoxLayout(tasks_tab)
        tasks_layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.buttons = {
            "add_section": button("新增章节", self.add_section, "addSection"),
            "add_task": button("新增任务", self.add_task, "addTask"),
            "edit": button("编辑…", self.edit_selected, "editItem"),
            "assign": button("分配单位…", self.assign_units, "assignUnits"),
            "up": button("上移", lambda: self.move_selected(-1), "moveUp"),
            "down": button("下移", lambda: self.move_selected(1), "moveDown"),
            "delete": button("删除", self.delete_selected, "deleteItem"),
            "plan": button("方案信息…", self.edit_plan, "editPlan"),
            "delete_plan": button("删除方案…", self.delete_plan, "deletePlan"),
        }
        for key, widget in self.buttons.items():
            if key == "plan":
                bar.addStretch(1)
            bar.addWidget(widget)
        tasks_layout.addLayout(bar)
        self.loading_label = QLabel("正在读取方案…")
        self.loading_label.setObjectName("planLoading")
        self.loading_label.hide()
        tasks_layout.addWidget(self.loading_label)
        self._tree_generation = 0
        self._tree_worker = None
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = PlanTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for number, (_key, _label, width) in enumerate(COLUMNS):
            self.tree.setColumnWidth(number, width)
        # the titles take the room left, so 本期状态 stays in sight on a 1366×768 screen
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.tree.doubleClicked.connect(lambda _i: self.edit_selected())
        splitter.addWidget(self.tree)
        self.detail = QTextBrowser()
        self.detail.setObjectName("taskDetail")
        self.detail.setOpenLinks(False)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 310])
        tasks_layout.addWidget(splitter, 1)
        self.tabs.addTab(tasks_tab, "章节与任务")
        self.indicators_tab = IndicatorsTab(context)
        self.tabs.addTab(self.indicators_tab, "指标")
        self.phases_tab = PhasesTab(context)
        self.tabs.addTab(self.phases_tab, "阶段")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    # ----- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.indicators_tab or current is self.phases_tab:
            current.refresh()
            return
        self._reload_tree()

    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, UNITS, PERIODS, PROGRESS}:
            self.refresh()

    def _reload_tree(self, select: tuple[str, int] | None = None) -> None:
        """Rebuild the tree. A county plan (tens of tasks) loads at once; a very large plan is read on a
        worker thread with its own connection, so the window never waits."""
        ctx = self.context
        keep = select or self.selected_key()
        has_plan = ctx.plan_id is not None
        for widget in self.buttons.values():
            widget.setEnabled(has_plan and not ctx.ledger.read_only)
        self._tree_generation += 1
        big = has_plan and ctx.ledger.path is not None and count_tasks(ctx.ledger, ctx.plan_id) > SYNC_TASK_LIMIT
        if not big:
            self._show_tree(build_plan_tree(ctx.ledger, ctx.plan_id, ctx.period_id), keep)
            return
        from ui.worker import Worker

        generation, plan_id, period_id = self._tree_generation, ctx.plan_id, ctx.period_id
        opener = ctx.worker_ledger

        def job(progress, is_cancelled):
            ledger = opener(read_only=True)
            try:
                return build_plan_tree(ledger, plan_id, period_id)
            finally:
                ledger.close()

        self.loading_label.show()
        worker = Worker(job, parent=self, show_dialog=False)
        worker.done.connect(lambda root: generation == self._tree_generation and self._show_tree(root, keep))
        worker.error.connect(lambda exc: ctx.show_error(f"读取方案失败：{exc}", "读取失败"))
        self._tree_worker = worker
        worker.start()

    def wait_loaded(self, timeout_ms: int = 20000) -> bool:
        """For tests and benchmarks: wait until a worker-loaded tree is shown."""
        if self._tree_worker is None or not self._tree_worker.running:
            return True
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        self._tree_worker.done.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return not self._tree_worker.running

    def _show_tree(self, root: PlanNode, keep) -> None:
        self.loading_label.hide()
        self.model.set_root(root)
        self._span_sections(self.model.root, self.tree.rootIndex())
        self.tree.expandAll()
        if keep is not None and self.select(*keep):
            pass
        else:
            first_task = next(iter(self.model.tasks()), None)
            if first_task is not None:
                self.select(*first_task.key)
        self._show_detail()

    def _span_sections(self, node: PlanNode, parent_index) -> None:
        """Section headings use the whole row, so long headings are not cut off."""
        for row, child in enumerate(node.children):
            if child.kind == SECTION:
                self.tree.setFirstColumnSpanned(row, parent_index, True)
                self._span_sections(child, self.model.index(row, 0, parent_index))

    def selected_node(self) -> PlanNode | None:
        index = self.tree.currentIndex()
        return index.data(NODE_ROLE) if index.isValid() else None

    def selected_key(self) -> tuple[str, int] | None:
        node = self.selected_node()
        return node.key if node is not None and node.kind else None

    def select(self, kind: str, node_id: int) -> bool:
        index = self.model.find(kind, node_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def show_task(self, task_id: int) -> None:
        """Show one task on the 章节与任务 tab (from the search box): now, or once a large plan's tree has loaded."""
        if self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(0)
        if not self.select("task", task_id):
            self._reload_tree(select=("task", task_id))

    def _show_detail(self) -> None:
        node = self.selected_node()
        if node is None or node.kind is None:
            self.detail.setHtml("<p style='color:#777'>请选择一项任务查看全文。</p>" if self.context.plan_id is not None
                                else f"<p style='color:#777'>{NO_PLAN_HINT}</p>")
            return
        e = html.escape
        if node.kind == SECTION:
            data = node.data
            count = sum(1 for n in self.model.tasks() if _under(n, node))
            self.detail.setHtml(f"<h3>{e(data['heading'])}</h3><p>{e(data.get('intro') or '')}</p>"
                                f"<p style='color:#555'>本章节共 {count} 项任务。</p>")
            return
        task = node.data
        parts = [f"<h3>{e(task.get('number') or '')} {e(task['title'])}</h3>"]
        if task["section_path"]:
            parts.append(f"<p style='color:#555'>{' › '.join(e(p) for p in task['section_path'])}</p>")
        facts = [("完成时限", shown_deadline(task.get("deadline"), task.get("deadline_due"))),
                 ("所属阶段", task.get("phase_name")),
                 ("适用范围", task.get("applicability"))]
        parts.append("".join(f"<p><b>{label}:</b>{e(value)}</p>" for label, value in facts if value))
        if is_inferred_deadline(facts[0][1]):
            parts.append(f"<p style='color:#555'>{e(INFERRED_DEADLINE_NOTE)}</p>")
        overview = task["overview"]
        parts.append(f"<p><b>本期状态：</b>{e(status_text(overview))}</p>")
        if overview["units"]:
            rows = "".join(
                f"<tr><td>{e(u['role_label'])}</td><td>{e(u['name'])}</td><td>{e(u['status'] or '未填报')}</td>"
                f"<td align='right'>{e(format_number(u['percent']) + '%' if u['percent'] is not None else '')}</td></tr>"
                for u in overview["units"])
            parts.append("<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
                         "<tr><th>分工</th><th>单位</th><th>本期填报</th><th>进度</th></tr>" + rows + "</table>")
        parts.append(f"<h4>工作措施</h4><p>{e(task.get('text') or '(未填写)')}</p>")
        if task["subitems"]:
            items = "".join(f"<li>{e(s.get('label') or '')}{e(s['text'])}</li>" for s in task["subitems"])
            parts.append(f"<h4>分项措施</h4><ol>{items}</ol>")
        self.detail.setHtml("".join(parts))

    # ----- undoable edits ---------------------------------------------------------------------
    def _add(self, operation, values: dict, kind: str):
        changes = self.context.run(operation, self.context.plan_id, values)
        if changes is not None:
            self._reload_tree(select=(kind, changes.result))
        return changes

    def _update(self, operation, row_id: int, changes: dict) -> bool:
        if not changes:
            return True
        return self.context.run(operation, row_id, **changes) is not None

    # ----- sections and tasks -------------------------------------------------------------------
    def _current_section_id(self) -> int | None:
        node = self.selected_node()
        if node is None or node.kind is None:
            return None
        return node.id if node.kind == SECTION else node.data.get("section_id")

    def add_section(self) -> None:
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        ctx = self.context
        ledger, plan_id = ctx.ledger, ctx.plan_id
        node = self.selected_node()
        parent_id = node.data.get("parent_id") if node is not None and node.kind == SECTION else None

        def submit(values):
            return self._add(edits.add_section, values, SECTION) is not None

        FormDialog("新增章节", section_fields(ledger, plan_id, parent_id=parent_id), submit, self).exec()

    def add_task(self) -> None:
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        ctx = self.context
        ledger, plan_id = ctx.ledger, ctx.plan_id

        def submit(values):
            return self._add(edits.add_task, values, TASK) is not None

        FormDialog("新增任务", task_fields(ledger, plan_id, section_id=self._current_section_id()), submit,
                   self).exec()

    def edit_selected(self) -> None:
        node = self.selected_node()
        if node is None or node.kind is None:
            return
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        ledger, plan_id = self.context.ledger, self.context.plan_id
        if node.kind == SECTION:
            fields, operation, title = section_fields(ledger, plan_id, node.data), edits.update_section, "修改章节"
        else:
            fields, operation, title = task_fields(ledger, plan_id, node.data), edits.update_task, "修改任务"
        dialog = FormDialog(title, fields, None, self)
        dialog.on_submit = lambda _v: self._update(operation, node.id, dialog.changed_values())
        if dialog.exec():
            self._reload_tree(select=node.key)

    def edit_plan(self) -> None:
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        ctx = self.context
        plan = get_plan(ctx.ledger, ctx.plan_id)
        dialog = FormDialog("方案信息", plan_fields(plan, ctx.ledger.setting(plan_edit.BUREAU_SETTING)), None, self)
        dialog.on_submit = lambda _v: self._update(edits.update_plan_info, ctx.plan_id, dialog.changed_values())
        dialog.exec()

    def delete_plan(self) -> None:
        """Remove a plan imported by mistake; the db verb refuses a plan anything was reported against."""
        if not require_admin(self.context, self, reason="删除方案需要管理员权限。"):
            return
        ctx = self.context
        plan = get_plan(ctx.ledger, ctx.plan_id)
        answer = QMessageBox.question(self, "删除方案", f"确定要删除方案“{plan['title']}”吗？\n"
                                      "它的章节、任务、指标、阶段和报告期都将删除（单位保留）。\n删错了可以用“编辑 → 撤销”恢复。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        # the context moves the window to the remaining plan (AppContext._follow_removed_selection)
        ctx.run(edits.delete_plan, plan["id"])

    def move_selected(self, delta: int) -> None:
        node = self.selected_node()
        if node is None or node.kind is None:
            return
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        operation = edits.move_section if node.kind == SECTION else edits.move_task
        if self.context.run(operation, node.id, delta) is not None:
            self._reload_tree(select=node.key)

    def delete_selected(self) -> None:
        node = self.selected_node()
        if node is None or node.kind is None:
            return
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        if node.kind == SECTION:
            question = f"确定要删除章节“{node.data['heading']}”吗？"
            operation = edits.delete_section
        else:
            question = (f"确定要删除任务“{node.data.get('number') or ''} {node.data['title']}”吗？"
                        "该任务的各单位填报记录和佐证材料也将一并删除（删错了可以用“编辑 → 撤销”恢复）。")
            operation = edits.delete_task
        answer = QMessageBox.question(self, "确认删除", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.run(operation, node.id)

    def assign_units(self) -> None:
        node = self.selected_node()
        if node is None or node.kind != TASK:
            self.context.show_error("请先在左侧选择一项任务，再分配单位。", "未选择任务")
            return
        if not require_admin(self.context, self, reason="修改方案需要管理员权限。"):
            return
        ledger = self.context.ledger
        task = node.data
        names = [u["name"] for u in list_units(ledger)]

        def submit(assignments):
            return self.context.run(edits.assign_task_units, task["id"], assignments) is not None

        dialog = TaskUnitsDialog(f"{task.get('number') or ''} {task['title']}",
                                 [(u["name"], u["role"]) for u in task["units"]], names, submit, self)
        if dialog.exec():
            self._reload_tree(select=node.key)


def _under(node: PlanNode, ancestor: PlanNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False
