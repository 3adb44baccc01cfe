"""The plan as a tree: sections (一、/(一)) holding sub-sections and tasks, with each task's units, deadline and
its status across its units for the chosen period ("推进中 · 3/5单位已填报")."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from db import queries
from db.deadlines import INFERRED_DEADLINE_NOTE, plan_dates, resolve_deadline, shown_deadline
from db.periods import period_by_id
from ui.models.row_table import status_brush

SECTION, TASK = "section", "task"
COLUMNS = [("title", "章节 / 任务", 300), ("lead", "牵头单位", 170), ("co", "配合单位", 180),
           ("deadline", "完成时限", 128), ("status", "本期状态", 150)]
NODE_ROLE = Qt.ItemDataRole.UserRole + 2


class PlanNode:
    __slots__ = ("kind", "id", "data", "parent", "children")

    def __init__(self, kind: str | None, node_id: int | None, data: dict, parent: "PlanNode | None"):
        self.kind, self.id, self.data, self.parent = kind, node_id, data, parent
        self.children: list[PlanNode] = []

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    @property
    def key(self) -> tuple[str | None, int | None]:
        return self.kind, self.id


def build_plan_tree(ledger, plan_id: int | None, period_id: int | None) -> PlanNode:
    root = PlanNode(None, None, {}, None)
    if plan_id is None:
        return root
    nodes: dict[int, PlanNode] = {}
    for section in queries.sections(ledger, plan_id):
        parent = nodes.get(section["parent_id"], root)
        node = PlanNode(SECTION, section["id"], section, parent)
        parent.children.append(node)
        nodes[section["id"]] = node
    all_tasks = queries.tasks(ledger, plan_id)
    overview = queries.task_period_overview(ledger, plan_id, period_id, all_tasks)
    plan = plan_dates(ledger, plan_id)
    period = period_by_id(ledger, period_id) if period_id else None
    year = int(period["end"][:4]) if period else ledger.today().year
    for task in all_tasks:
        due, task["deadline_explanation"] = resolve_deadline(ledger, task, year, plan)
        task["deadline_due"] = due.isoformat() if due else None
        task["overview"] = overview.get(task["id"], {"status": None, "reported": 0, "expected": 0, "units": []})
        if period_id is None:
            task["overview"] = {**task["overview"], "no_period": True}
        parent = nodes.get(task["section_id"], root)
        parent.children.append(PlanNode(TASK, task["id"], task, parent))
    return root


NO_PERIOD = "尚无报告期"


def status_text(overview: dict) -> str:
    if overview.get("no_period"):   # nothing can have been reported: say why, not 未启动
        return NO_PERIOD
    if not overview.get("expected"):
        return f"{overview.get('status') or ''} · 未分配单位"
    return f"{overview['status']} · {overview['reported']}/{overview['expected']}单位已填报"


class PlanTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = PlanNode(None, None, {}, None)

    def load(self, ledger, plan_id: int | None, period_id: int | None) -> None:
        self.set_root(build_plan_tree(ledger, plan_id, period_id))

    def set_root(self, root: PlanNode) -> None:
        """Show a tree built elsewhere (e.g. on a worker thread for a very large plan)."""
        self.beginResetModel()
        self.root = root
        self.endResetModel()

    def node(self, index: QModelIndex | QPersistentModelIndex) -> PlanNode:
        return index.internalPointer() if index.isValid() else self.root

    def find(self, kind: str, node_id: int) -> QModelIndex:
        def walk(node: PlanNode, parent_index: QModelIndex) -> QModelIndex:
            for row, child in enumerate(node.children):
                index = self.index(row, 0, parent_index)
                if child.key == (kind, node_id):
                    return index
                found = walk(child, index)
                if found.isValid():
                    return found
            return QModelIndex()
        return walk(self.root, QModelIndex())

    def tasks(self) -> list[PlanNode]:
        found: list[PlanNode] = []

        def walk(node):
            for child in node.children:
                if child.kind == TASK:
                    found.append(child)
                walk(child)
        walk(self.root)
        return found

    # ----- Qt ---------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        node = self.node(parent)
        if not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and 0 <= section < len(COLUMNS) and COLUMNS[section][0] == "deadline":
            return INFERRED_DEADLINE_NOTE
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: PlanNode = index.internalPointer()
        key = COLUMNS[index.column()][0]
        if role == NODE_ROLE:
            return node
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(node, key)
            if role == Qt.ItemDataRole.ToolTipRole:
                if node.kind == TASK and key == "title":
                    return node.data.get("text") or text
                if node.kind == TASK and key == "deadline":
                    return node.data.get("deadline_explanation")
                if node.kind == TASK and key in ("lead", "co"):
                    return "、".join(self._unit_names(node.data, key, short=False)) or None
                return text if len(text) > 14 else None
            return text
        if role == Qt.ItemDataRole.FontRole and node.kind == SECTION:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == TASK and key == "status":
            return status_brush(node.data["overview"]["status"])
        return None

    @staticmethod
    def _unit_names(task: dict, key: str, *, short: bool) -> list[str]:
        """Lead column: the leads (else the responsible units); co column: the cooperating units."""
        units = task["units"]
        if key == "lead":
            chosen = [u for u in units if u["role"] == "lead"] or [u for u in units if u["role"] == "responsible"]
        else:
            chosen = [u for u in units if u["role"] == "co"]
        return [(u.get("short_name") or u["name"]) if short else u["name"] for u in chosen]

    @staticmethod
    def _text(node: PlanNode, key: str) -> str:
        data = node.data
        if node.kind == SECTION:
            return data["heading"] if key == "title" else ""
        if key == "title":
            number = data.get("number") or ""
            separator = "" if not number or number.endswith((".", "、", ")", ")")) else ". "
            return f"{number}{separator}{data['title']}"
        if key in ("lead", "co"):
            return "、".join(PlanTreeModel._unit_names(data, key, short=True))
        if key == "deadline":
            return shown_deadline(data.get("deadline"), data.get("deadline_due"))
        if key == "status":
            return status_text(data["overview"])
        return ""
