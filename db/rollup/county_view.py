"""A county's plan as it sent it (the package's data.json), shaped for reading: its tasks with their lead and
cooperating units, status, percent and light; its units with what they owe and reported; its targets with their
latest values. Read-only: the city never edits a county's data."""
from __future__ import annotations

from db.lights import LIGHT_LABELS, TARGET_STATE_LABELS
from db.values import format_number
from db.vocabulary import ROLE_LABELS


def _unit_names(data: dict) -> dict[int, str]:
    return {u["id"]: u.get("short_name") or u["name"] for u in data.get("units", [])}


def county_tasks(data: dict) -> list[dict]:
    """Each task: number, title, lead, co, status, percent text, light (key and label), explanation."""
    names = _unit_names(data)
    figures = {item["task_id"]: item for item in (data.get("figures") or {}).get("tasks", [])}
    rows = []
    for task in data.get("tasks", []):
        units = task.get("units", [])
        leads = [names.get(u["unit_id"], "") for u in units if u["role"] == "lead"]
        others = [names.get(u["unit_id"], "") for u in units if u["role"] != "lead"]
        if not leads and others:
            leads, others = others[:1], others[1:]
        item = figures.get(task["id"], {})
        percent = item.get("percent")
        rows.append({"id": task["id"], "number": task.get("number") or "", "title": task.get("title") or "",
                     "lead": "、".join(leads), "co": "、".join(others), "status": item.get("status") or "",
                     "percent": "" if percent is None else f"{format_number(percent)}%",
                     "light": item.get("light") or "", "light_label": LIGHT_LABELS.get(item.get("light"), ""),
                     "explanation": item.get("explanation") or "", "overdue": bool(item.get("overdue"))})
    return rows


def county_units(data: dict) -> list[dict]:
    """Each unit with the tasks it answers for and how many of them it reported for the package's period."""
    period = data.get("period")
    reported = {(e["task_id"], e["unit_id"]) for e in data.get("progress", [])
                if e.get("period") == period and e.get("status")}
    rows = {u["id"]: {"id": u["id"], "name": u["name"], "short_name": u.get("short_name") or "",
                      "contact": u.get("contact") or "", "phone": u.get("phone") or "", "tasks": 0, "lead": 0,
                      "reported": 0} for u in data.get("units", [])}
    for task in data.get("tasks", []):
        for link in task.get("units", []):
            row = rows.get(link["unit_id"])
            if row is None:
                continue
            row["tasks"] += 1
            row["lead"] += link["role"] == "lead"
            row["reported"] += (task["id"], link["unit_id"]) in reported
    for row in rows.values():
        row["roles"] = f"{ROLE_LABELS['lead']}{row['lead']}项" if row["lead"] else ""
    return [row for row in rows.values() if row["tasks"]]


def county_targets(data: dict) -> list[dict]:
    lights = {item["indicator_id"]: item for item in (data.get("figures") or {}).get("targets", [])}
    rows = []
    for target in data.get("targets", []):
        light = lights.get(target["id"], {})
        rows.append({"id": target["id"], "name": target["name"], "measure_unit": target.get("measure_unit") or "",
                     "baseline": format_number(target.get("baseline")), "target": format_number(target.get("target")),
                     "target_year": target.get("target_year") or "", "latest": format_number(light.get("actual")),
                     "latest_period": light.get("actual_period") or "",
                     "state": TARGET_STATE_LABELS.get(light.get("state"), ""), "light": light.get("light") or "",
                     "explanation": light.get("explanation") or ""})
    return rows


def package_view(data: dict) -> dict:
    """What the city shows of a county, computed once when its package is stored (reading the whole package again
    for every click would parse every progress entry): the plan's heading and the three tables above."""
    return {"plan": data.get("plan") or {}, "tasks": county_tasks(data), "units": county_units(data),
            "targets": county_targets(data)}
