"""The ledger's values for the rows of an upward template, field by field, for one period.

Tasks: several units' progress, problems and next steps gathered exactly as in the summary workbook
(db.summary_feed.gathered_texts + labelled_texts: 【市科技局】…, one line per unit); status and percent of the
task's answering unit (db.queries.latest_answering_entries, as the summary and the status command); lead units.
Targets: baseline, target, the latest value up to the period, the completion rate (db.queries.completion_rate).
"""
from __future__ import annotations

from db import queries
from db.summary_feed import (GATHERED_NEXT_STEPS, GATHERED_PROBLEMS, GATHERED_PROGRESS, gathered_texts, labelled_texts,
                             task_rows)
from db.vocabulary import DONE, IN_PROGRESS, NOT_STARTED

YES, NO = "是", "否"


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 4)


def task_values(ledger, plan_id: int, period: dict, refs: set[str]) -> dict[str, dict]:
    """{task ref: {field: value}} for the tasks named by `refs` (their printed number, else their title)."""
    wanted = {}
    for task_id, number, _section, title, _deadline, leads, _others in task_rows(ledger, plan_id):
        for ref in (number, title):
            if ref and ref in refs and ref not in wanted:
                wanted[ref] = (task_id, leads)
    if not wanted:
        return {}
    texts = gathered_texts(ledger, period["id"], sorted({task_id for task_id, _ in wanted.values()}))
    status = queries.latest_answering_entries(ledger, plan_id, period["id"])
    result = {}
    for ref, (task_id, leads) in wanted.items():
        gathered = texts.get(task_id, [])
        state, percent = status.get(task_id, (NOT_STARTED, None))
        result[ref] = {
            "progress": labelled_texts(gathered, GATHERED_PROGRESS) or None,
            "problems": labelled_texts(gathered, GATHERED_PROBLEMS) or None,
            "next_steps": labelled_texts(gathered, GATHERED_NEXT_STEPS) or None,
            "status": state or NOT_STARTED, "done": (state == DONE), "percent": _number(percent),
            "units": "、".join(leads) or None,
        }
    return result


def indicator_values(ledger, plan_id: int, period: dict, refs: set[str]) -> dict[str, dict]:
    """{target name: {field: value}} for the targets named by `refs`."""
    result = {}
    for indicator in queries.indicators(ledger, plan_id, period["id"]):
        name = indicator["name"]
        if name not in refs or name in result:
            continue
        value = indicator["latest_value"]
        rate = queries.completion_rate(indicator, value)
        done = rate is not None and rate >= 1
        result[name] = {
            "baseline": _number(indicator["baseline"]), "target": _number(indicator["target"]),
            "value": _number(value), "percent": None if rate is None else round(rate * 100, 1),
            "status": (DONE if done else (IN_PROGRESS if value is not None else NOT_STARTED)), "done": done,
            "units": indicator["unit_name"], "note": indicator["note"],
        }
    return result


def value_for(values: dict, field: str, header: str):
    """One cell's value: a 是否完成 column gets 是/否, the others the field's value."""
    if field == "status" and "是否" in header:
        return YES if values.get("done") else NO
    return values.get(field)
