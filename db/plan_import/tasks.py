"""The outline → tasks: which headings are tasks, and each task's title, text, sub-items
(一是…二是…), units, deadline and applicability.

Tasks are the lowest numbered items of the parts that set work (重点任务, 主要任务, 工作措施…); where a
part has no 1. items its (一) subsections are the tasks. Goals are never tasks; safeguard steps only
when they name responsible units. Rows of a task table are tasks too.
"""
from __future__ import annotations

import re

from db.plan_import.markers import (
    APPLICABILITY_LINE, CLOSE_BRACKETS, DEADLINE_LABEL, DEADLINE_LINE, SENTENCE_END, bracket_balance,
    is_bare_deadline, printed_number)
from db.plan_import.structure import Node, has_task_parts
from db.plan_import.tables import row_fields
from db.plan_import.units import (
    LEAD, RESPONSIBLE, Units, find_unit_clauses, lead_makes_others_co, parse_unit_line, parse_unit_phrase)

_SUBITEM = re.compile(r"(?:^|(?<=[。;;!?!?\s:：,,]))([一二三四五六七八九十]{1,3}是)(?=[^,,。;;]{0,2}[\u4e00-\u9fff“《])")
_CN_ORDER = "一二三四五六七八九十"
_INLINE_DEADLINE = re.compile(r"[((]\s*(?:完成时限|完成时间|时间节点|完成期限)\s*[::]\s*([^()()]+)[))]")


def _eligible_parts(root: Node) -> set[str]:
    return {"tasks", "mixed"} if has_task_parts(root) else {"other", "tasks", "mixed"}


def _own_units(node: Node) -> Units:
    """The units named by this heading or item itself (its line, body and label lines), read once."""
    cached = getattr(node, "_own_units", None)
    if cached is None:
        cached = node._own_units = _read_own_units(node)
    return cached


def _read_own_units(node: Node) -> Units:
    units = Units()
    text = "\n".join([node.head] + [line for _, line in node.body])
    found, _ = find_unit_clauses(text)
    units.add(found)
    for _, kind, line in node.labels:
        if kind == "units":
            units.add(parse_unit_line(line))
    return units


def _subtree_has_units(node: Node) -> bool:
    return any(_own_units(child) or child.table_rows for child in node.walk())


def select_task_nodes(root: Node) -> list[tuple[Node, bool]]:
    """[(node, children_are_subitems)] in document order; table rows are handled by the caller."""
    eligible = _eligible_parts(root)
    chosen: list[tuple[Node, bool]] = []

    def visit(node: Node) -> None:
        for child in node.children:
            if child.part in ("goals", "phases", "division"):
                continue  # targets, phases, and who-does-what paragraphs per unit are not tasks
            in_task_part = child.part in eligible
            own = _own_units(child)
            if child.table_rows:
                visit(child)
                continue
            if not child.children:
                if in_task_part and not (child.part_from_title and not own):
                    chosen.append((child, False))
                elif own and child.part in ("safeguards", "other", "guidance", "tasks", "mixed"):
                    chosen.append((child, False))
                continue
            if own and not _subtree_has_units(child) and (in_task_part or child.part in ("safeguards", "other")):
                chosen.append((child, True))
                continue
            visit(child)

    visit(root)
    return chosen


def split_title(head: str) -> tuple[str, str]:
    """'实施高价值专利培育工程。一是…' → ('实施高价值专利培育工程', '一是…')."""
    depth = 0
    for index, ch in enumerate(head):
        if ch in "((《“〔【":
            depth += 1
        elif ch in "))》”〕】" and depth:
            depth -= 1
        elif depth == 0 and (ch in SENTENCE_END + ";;" or (ch in "::" and 2 <= index <= 30)):
            return head[:index].strip(), head[index + 1:].strip()
    return head.strip(), ""


_INLINE_ITEM = re.compile(r"(?:^|(?<=[。;;:::\s]))([((](\d{1,2})[))])(?=[\u4e00-\u9fff“《])")


def find_subitems(text: str) -> list[dict]:
    """一是…二是…三是… in order (or, where there are none, (1)…(2)… written inside the text); anything
    that does not continue the count is left in the text."""
    found = []
    expected = 0
    for match in (_SUBITEM.finditer(text) if "一是" in text else ()):
        label = match.group(1)
        number = _CN_ORDER.find(label[0]) + 1 if len(label) == 2 else None
        if number != expected + 1:
            continue
        expected = number
        found.append(match)
    if not found and ("(1)" in text or "(1)" in text):
        for match in _INLINE_ITEM.finditer(text):
            if int(match.group(2)) == expected + 1:
                expected += 1
                found.append(match)
        if len(found) < 2:
            found = []
    items = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        body = text[match.end():end].strip().lstrip(",,::")
        items.append({"label": match.group(1), "text": body.strip()})
    return items


def _deadlines(node: Node, text: str) -> tuple[list[str], str]:
    values = []
    for _, kind, line in node.labels:
        if kind == "deadline":
            label = DEADLINE_LINE.match(line)
            value = line[label.end():] if label else line
            values.append(value.strip().strip("。;;()()"))
    for found in _INLINE_DEADLINE.finditer(text):
        values.append(found.group(1).strip())
    text = _INLINE_DEADLINE.sub("", text)
    bare = re.search(r"[((]([^()()]{2,24})[))]\s*[。;;]?\s*$", text)
    if bare and is_bare_deadline(bare.group(1)):  # '…平台。(2025年底前完成)'
        values.append(bare.group(1).strip())
        text = text[:bare.start()].rstrip()
    label = DEADLINE_LABEL.search(text)
    if label and len(text) - label.end() <= 30:
        values.append(text[label.end():].strip().strip("。;;"))
        text = text[:label.start()].rstrip(",,;;(( ")
    return [v for v in values if v], text


def _applicability(node: Node) -> list[str]:
    values = []
    for _, kind, line in node.labels:
        if kind == "applicability":
            label = APPLICABILITY_LINE.match(line)
            values.append(line[label.end():].strip().strip("。;;"))
    return [v for v in values if v]


def task_from_node(node: Node, children_as_subitems: bool) -> dict:
    units = Units()
    for _, kind, line in node.labels:
        if kind == "units":
            units.add(parse_unit_line(line))
    title, rest = split_title(node.head)
    body = [line for _, line in node.body]
    raw_text = "\n".join(part for part in [rest, *body] if part)
    found, text = find_unit_clauses(raw_text)
    units.add(found)
    title_units, title = find_unit_clauses(title)
    units.add(title_units)
    deadlines, text = _deadlines(node, text)
    subitems = find_subitems(text)
    last_line = max([node.line] + [i for i, _ in node.body] + [i for i, _, _ in node.labels])
    if children_as_subitems:
        for child in node.children:
            child_text = "\n".join([child.head] + [line for _, line in child.body])
            child_units, child_text = find_unit_clauses(child_text)
            units.add(child_units)
            subitems.append({"label": child.marker.strip(), "text": child_text.strip()})
            text = "\n".join(p for p in [text, f"{child.marker.strip()}{child_text.strip()}"] if p)
            last_line = max(last_line, child.last_line)
    lead_makes_others_co(units)
    units.settle()
    return {
        "number": printed_number(node.kind, node.marker),
        "title": title.strip().rstrip("。;;,,"),
        "text": text.strip(),
        "lead_units": units.lead,
        "co_units": units.co,
        "responsible_units": units.responsible,
        "deadline": ";".join(dict.fromkeys(deadlines)) or None,
        "applicability": ";".join(dict.fromkeys(_applicability(node))) or None,
        "incomplete": False,
        "subitems": subitems,
        "source_lines": [node.line, last_line],
        "_doubtful": units.doubtful,
        "_collective": units.collective,
        "_open_clause": bracket_balance(node.head + "".join(body)) > 0,
    }


def _row_units(values: dict[str, str], text: str) -> tuple[Units, str]:
    units = Units()
    for key, role in (("lead", LEAD), ("co", "co"), ("responsible", RESPONSIBLE)):
        if values.get(key):
            parsed = parse_unit_phrase(values[key], role)
            if parsed:
                units.add(parsed)
    found, text = find_unit_clauses(text)
    units.add(found)
    return lead_makes_others_co(units), text


def _continue_row(previous: dict, values: dict[str, str], line: int) -> None:
    """More measures of the task above (its number and title cells empty, or merged over several rows)."""
    units, text = _row_units(values, values.get("text", ""))
    previous["text"] = "\n".join(p for p in [previous["text"], text.strip()] if p)
    previous["source_lines"][1] = line
    merged = Units(list(previous["lead_units"]), list(previous["co_units"]), list(previous["responsible_units"]))
    merged.add(units)
    merged.settle()
    previous["lead_units"], previous["co_units"], previous["responsible_units"] = merged.lead, merged.co, merged.responsible
    previous["_doubtful"] = previous["_doubtful"] + units.doubtful
    previous["_collective"] = previous["_collective"] + [c for c in units.collective if c not in previous["_collective"]]
    for key in ("deadline", "applicability"):
        value = values.get(key)
        if value and value not in (previous[key] or ""):
            previous[key] = f"{previous[key]};{value}" if previous[key] else value


def tasks_from_rows(node: Node) -> list[dict]:
    """A task table's rows under this heading; a row without number or title (or repeating the row above's,
    as Word reports a vertically merged cell) continues the task above."""
    tasks: list[dict] = []
    for line, cells, header in node.table_rows:
        if header.kind != "tasks":
            continue
        values = row_fields(cells, header)
        number_cell, title_cell = values.get("number", "").strip(), values.get("title", "").strip()
        if tasks and ((not number_cell and not title_cell) or (
                title_cell and title_cell == tasks[-1]["_title_cell"] and number_cell in ("", tasks[-1]["number"]))):
            _continue_row(tasks[-1], values, line)
            continue
        text_cell = values.get("text", "")
        title, rest = split_title(title_cell) if title_cell else split_title(text_cell)
        text = "\n".join(p for p in [rest if title_cell else rest, text_cell if title_cell else ""] if p)
        units, text = _row_units(values, text)
        units.settle()
        number = number_cell or str(len(tasks) + 1)
        tasks.append({
            "number": number.rstrip("、.."), "title": title.rstrip("。"), "text": text.strip(),
            "lead_units": units.lead, "co_units": units.co, "responsible_units": units.responsible,
            "deadline": values.get("deadline") or None, "applicability": values.get("applicability") or None,
            "incomplete": False, "subitems": find_subitems(text), "source_lines": [line, line],
            "_doubtful": units.doubtful, "_collective": units.collective, "_open_clause": False,
            "_title_cell": title_cell,
        })
    for task in tasks:
        task.pop("_title_cell")
        task["subitems"] = find_subitems(task["text"])
    return tasks


def collect_tasks(root: Node) -> tuple[list[dict], dict[str, str]]:
    """All tasks in document order with their section paths, and the section intros."""
    chosen = dict((id(node), sub) for node, sub in select_task_nodes(root))
    tasks: list[dict] = []
    intros: dict[str, str] = {}

    def visit(node: Node, inherited: Units | None) -> None:
        for child in node.children:
            path = [n.heading for n in child.path]
            if id(child) in chosen:
                task = task_from_node(child, chosen[id(child)])
                task["section_path"] = path[:-1]
                task["section"] = path[-2] if len(path) >= 2 else None
                if inherited and not (task["lead_units"] or task["co_units"] or task["responsible_units"]):
                    # '(一)加强保护(牵头单位:A)' over its items: the heading's units are the items' units
                    task["lead_units"], task["co_units"] = list(inherited.lead), list(inherited.co)
                    task["responsible_units"] = list(inherited.responsible)
                    task["_collective"] = task["_collective"] + [c for c in inherited.collective
                                                                 if c not in task["_collective"]]
                elif inherited and inherited.lead and task["co_units"] and not (task["lead_units"] or task["responsible_units"]):
                    task["lead_units"] = [n for n in inherited.lead if n not in task["co_units"]]
                tasks.append(task)
                continue
            if child.body and child.part not in ("goals", "phases"):
                intros[child.heading] = "\n".join(line for _, line in child.body)
            for task in tasks_from_rows(child):
                task["section_path"] = path
                task["section"] = path[-1] if path else None
                tasks.append(task)
            own = _own_units(child) if child.children else None
            visit(child, own if own else inherited)

    for task in tasks_from_rows(root):
        task["section_path"], task["section"] = [], None
        tasks.append(task)
    visit(root, None)
    tasks.sort(key=lambda t: t["source_lines"][0])
    return tasks, intros


def ends_cleanly(text: str) -> bool:
    text = text.rstrip()
    return not text or text[-1] in SENTENCE_END + ";;" + CLOSE_BRACKETS + "…"
