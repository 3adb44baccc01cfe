"""Qt-free edits of a parsed plan (the dict `parse-plan --format json` prints) during review.

Kept apart from the widgets so that the rules (split, merge, remove, unit lists) are plain functions.
"""
from __future__ import annotations

import copy
import re

UNIT_SEPARATORS = re.compile(r"[、,,;;\n]+")


def split_units(text: str) -> list[str]:
    """'市科技局、市工信局' → ['市科技局', '市工信局']; brackets inside names are not separators."""
    return [part.strip() for part in UNIT_SEPARATORS.split(text or "") if part.strip()]


def join_units(names: list[str]) -> str:
    return "、".join(names or [])


def remove_task(parsed: dict, index: int) -> None:
    del parsed["tasks"][index]


def merge_with_next(parsed: dict, index: int) -> None:
    """Merge task `index` with the following one: texts joined, units united in order."""
    tasks = parsed["tasks"]
    if index + 1 >= len(tasks):
        return
    first, second = tasks[index], tasks[index + 1]
    first["text"] = "".join(filter(None, [first.get("text"), second.get("title"), "。" if second.get("title") else "",
                                          second.get("text")]))
    for key in ("lead_units", "co_units", "responsible_units"):
        merged = list(first.get(key) or [])
        merged += [name for name in second.get(key) or [] if name not in merged]
        first[key] = merged
    first["subitems"] = (first.get("subitems") or []) + (second.get("subitems") or [])
    lines = [l for l in (first.get("source_lines"), second.get("source_lines")) if l]
    if lines:
        first["source_lines"] = [min(l[0] for l in lines), max(l[1] for l in lines)]
    del tasks[index + 1]


def split_task(parsed: dict, index: int, at: int) -> None:
    """Split a task's text at character `at`: the second part becomes a new task with the same units."""
    task = parsed["tasks"][index]
    text = task.get("text") or ""
    if not 0 < at < len(text):
        return
    second = copy.deepcopy(task)
    task["text"] = text[:at].strip()
    rest = text[at:].strip()
    title, _, body = rest.partition("。")
    second["title"] = title.strip() or rest[:30]
    second["text"] = body.strip()
    second["number"] = f"{task.get('number') or ''}-2".lstrip("-")
    second["subitems"] = []
    parsed["tasks"].insert(index + 1, second)


def all_unit_names(parsed: dict) -> list[str]:
    names: list[str] = []
    for task in parsed.get("tasks") or []:
        for key in ("lead_units", "co_units", "responsible_units"):
            for name in task.get(key) or []:
                if name not in names:
                    names.append(name)
        for item in task.get("collective_units") or []:   # '相关部门', kept only as a collective party
            if item["name"] not in names:
                names.append(item["name"])
    return names


def has_units(task: dict) -> bool:
    return any(task.get(k) for k in ("lead_units", "co_units", "responsible_units", "collective_units"))


ROLE_KEYS = {"lead": "lead_units", "co": "co_units", "responsible": "responsible_units"}


def collective_parties(parsed: dict) -> list[dict]:
    """Every collective party the plan names (相关部门, 各成员单位…) once: {name, tasks: [task index], roles}."""
    found: dict[str, dict] = {}
    for index, task in enumerate(parsed.get("tasks") or []):
        for item in task.get("collective_units") or []:
            entry = found.setdefault(item["name"], {"name": item["name"], "tasks": [], "roles": []})
            if index not in entry["tasks"]:
                entry["tasks"].append(index)
            if item.get("role") not in entry["roles"]:
                entry["roles"].append(item.get("role"))
    return list(found.values())


def split_collective(parsed: dict, name: str, real_units: list[str]) -> int:
    """Replace the collective party `name` in every task by the real units the clerk names, in the same role and
    place; returns how many tasks changed. With no real units nothing changes (the party is kept)."""
    real_units = [unit for unit in real_units if unit and unit != name]
    if not real_units:
        return 0
    changed = 0
    for task in parsed.get("tasks") or []:
        entries = [item for item in task.get("collective_units") or [] if item["name"] == name]
        if not entries:
            continue
        for item in entries:
            key = ROLE_KEYS.get(item.get("role"), "responsible_units")
            names = list(task.get(key) or [])
            if name in names:
                position = names.index(name)
                names[position:position + 1] = [u for u in real_units if u not in names]
            else:
                names += [u for u in real_units if u not in names]
            task[key] = names
        for key in ROLE_KEYS.values():   # named under another role as well
            if name in (task.get(key) or []):
                task[key] = [n for n in task[key] if n != name]
        task["collective_units"] = [item for item in task["collective_units"] if item["name"] != name]
        changed += 1
    return changed
