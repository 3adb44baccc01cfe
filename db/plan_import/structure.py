"""Clean lines → the plan's outline: headings (一、 / (一) / 1. / (1) / ①) with their body lines,
label lines (责任单位:, 局内:, 省份:, 完成时限:, a bare 年内完成) and table rows.

Also 第X章 / 第X节 and 附件 (an attachment starts afresh). Each heading is classified by what its part of
the plan does (tasks, goals, phases, safeguards, guidance, division of duties, goals-and-tasks, or other),
which decides later what becomes a task, a target or a phase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from db.plan_import.markers import (
    APPLICABILITY_LINE, DEADLINE_LINE, SCOPE_LINE, UNIT_LINE,
    is_bare_deadline, match_marker)
from db.plan_import.tables import TableHeader, read_header, split_row

PART_PATTERNS = [
    ("phases", re.compile(r"实施步骤|实施计划|进度安排|时间安排|步骤安排|工作步骤|阶段安排|推进步骤|时间进度|实施进度|"
                          r"工作进度|进度计划|实施阶段|工作安排|方法步骤|时间步骤|时间节点|阶段划分|阶段目标|实施安排")),
    ("safeguards", re.compile(r"保障措施|保障机制|组织保障|工作保障|实施保障|工作要求|组织实施|有关要求|相关要求|保障条件|"
                              r"^组织领导$|^加强组织领导$|^工作机制$|^保障措施")),
    ("division", re.compile(r"职责分工|任务分工|部门职责|责任分工|分工安排|职责任务")),
    ("mixed", re.compile(r"目标.{0,3}任务|任务.{0,3}目标")),
    ("goals", re.compile(r"目标|预期|指标体系|主要指标")),
    ("guidance", re.compile(r"指导思想|总体要求|基本原则|总体思路|工作原则|主要依据|编制依据|建设原则|发展基础|发展现状|"
                            r"面临形势|背景|总体考虑|适用范围|工作思路")),
    ("tasks", re.compile(r"任务|措施|举措|重点工作|主要工作|工作重点|工作内容|重点工程|重点项目|专项行动|行动计划")),
]
RECLASSIFY_UNDER = {"root", "other", "guidance", "mixed"}


@dataclass
class Node:
    rank: int
    kind: str
    marker: str = ""
    number: int | None = None
    head: str = ""
    line: int = -1
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    labels: list[tuple[int, str, str]] = field(default_factory=list)  # (line, kind, text)
    table_rows: list[tuple[int, list[str], TableHeader]] = field(default_factory=list)
    part: str = "other"
    part_from_title: bool = False
    last_line: int = -1

    @property
    def title_sentence(self) -> str:
        """The heading's own words: up to the first sentence end."""
        found = re.search(r"[。!?!?]", self.head)
        return self.head[:found.start()] if found else self.head

    @property
    def heading(self) -> str:
        """As printed, for section paths: '(二)提高知识产权创造质量,夯实创新发展根基'."""
        if self.kind == "annex" and self.title_sentence:
            return f"{self.marker.strip().rstrip('::')}:{self.title_sentence}"
        return f"{self.marker}{self.title_sentence}".strip()

    @property
    def has_body_sentence(self) -> bool:
        return bool(re.search(r"[。!?!?]\s*\S", self.head)) or bool(self.body)

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()

    @property
    def path(self) -> list["Node"]:
        nodes, node = [], self
        while node is not None and node.kind != "root":
            nodes.append(node)
            node = node.parent
        return list(reversed(nodes))


def classify_title(title: str) -> str | None:
    title = re.sub(r"[“”\"'‘’]", "", title)
    for part, pattern in PART_PATTERNS:
        if pattern.search(title):
            return part
    return None


def _label_kind(line: str) -> str | None:
    if UNIT_LINE.match(line) or SCOPE_LINE.match(line):
        return "units"
    if DEADLINE_LINE.match(line):
        return "deadline"
    if APPLICABILITY_LINE.match(line):
        return "applicability"
    if is_bare_deadline(line):
        return "deadline"
    from db.plan_import.units import is_unit_cell

    if is_unit_cell(line):
        return "units"
    return None


def build_outline(lines: list[str], start: int = 0, end: int | None = None) -> Node:
    """Read lines[start:end] into a tree of headings; returns the root."""
    root = Node(rank=-1, kind="root", part="root", line=start)
    stack = [root]
    header: TableHeader | None = None
    for index in range(start, len(lines) if end is None else end):
        line = lines[index]
        current = stack[-1]
        if current.kind == "annex" and not current.head and not current.body and not current.children \
                and len(line) <= 40 and not re.search(r"[。;;,,|]", line) and not match_marker(line):
            current.head = line  # '附件1' then its title on the next line
            _classify(current)
            _extend_last_line(current, index)
            continue
        if "|" in line or "｜" in line:
            cells = split_row(line)
            found = read_header(cells)
            if found:
                header = found
                while len(stack) > 1 and stack[-1].kind != "annex" and (
                        re.search(r"[。!?!?]\s*\S", stack[-1].head) or stack[-1].labels):
                    stack.pop()  # a table after a task item belongs to the heading above it
                continue
            if header and len(cells) >= 2:
                current.table_rows.append((index, cells, header))
                current.last_line = index
                continue
        marker = match_marker(line)
        if marker and not _looks_like_text(line, marker):
            rank, kind, printed, number, end = marker
            while stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1]
            node = Node(rank=rank, kind=kind, marker=printed, number=number, head=line[end:].strip(),
                        line=index, parent=parent, last_line=index)
            parent.children.append(node)
            _classify(node)
            stack.append(node)
            _extend_last_line(node, index)
            continue
        label = _label_kind(line) if current.kind != "root" else None
        if label is None and current.parent and current.parent.kind != "root" and _is_unit_clause_only(line) \
                and (current.rank >= 4 or _closes_parent_list(current)):
            current = current.parent  # '(县市场监管局负责)' after a list of (1)(2) closes the whole task
            label = "units"
        if label:
            current.labels.append((index, label, line))
        else:
            current.body.append((index, line))
        _extend_last_line(current, index)
    return root


def _closes_parent_list(node: Node) -> bool:
    """A unit clause on its own line after the last of several sub-steps, none of which names units, under an
    item that reads like a task (it has text of its own): the clause is the item's."""
    from db.plan_import.units import find_unit_clauses

    parent = node.parent
    if not parent.has_body_sentence or len(parent.children) < 2:
        return False
    return not any(find_unit_clauses("\n".join([c.head] + [t for _, t in c.body]))[0] or c.labels
                   for c in parent.children)


def _is_unit_clause_only(line: str) -> bool:
    from db.plan_import.units import find_unit_clauses

    if not (line.startswith("(") and line.rstrip("。;").endswith(")")):
        return False
    units, rest = find_unit_clauses(line)
    return bool(units) and not rest.strip("。; ")


def _looks_like_text(line: str, marker) -> bool:
    """'1.5倍…' is caught by the pattern already; '一、二类省份…' and '2.' alone are not headings."""
    rest = line[marker[4]:].strip()
    return not rest and marker[1] != "annex"


def _extend_last_line(node: Node, index: int) -> None:
    while node is not None:
        node.last_line = max(node.last_line, index)
        node = node.parent


def _classify(node: Node) -> None:
    parent = node.parent
    inherited = parent.part if parent else "other"
    if inherited == "root":
        inherited = "other"
    node.part = inherited
    if node.kind == "annex":  # an attachment starts afresh: a task division table, an indicator table…
        inherited = "other"
        node.part = "other"
    if parent is None or parent.part in RECLASSIFY_UNDER or node.kind == "annex":
        found = classify_title(node.title_sentence)
        if found and node.has_body_sentence and len(node.title_sentence) > 16:
            found = classify_title(node.title_sentence[:6])  # '一、总体目标到2027年,…' run together
        if found:
            node.part = found
            node.part_from_title = True


def has_task_parts(root: Node) -> bool:
    return any(node.part in ("tasks", "mixed") for node in root.walk())
