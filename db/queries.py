"""Read-only views of the ledger that screens, forms and reports share."""
from __future__ import annotations

from db.vocabulary import NOT_STARTED, ROLE_LABELS


def sections(ledger, plan_id: int) -> list[dict]:
    """Sections in reading order (depth-first), each with its `path` of headings."""
    rows = [dict(r) for r in ledger.rows("SELECT * FROM sections WHERE plan_id = ? ORDER BY position, id", (plan_id,))]
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered: list[dict] = []

    def walk(parent, path):
        for row in children.get(parent, []):
            heading = f"{row['number'] or ''}{row['title']}"
            row["heading"] = heading
            row["path"] = [*path, heading]
            ordered.append(row)
            walk(row["id"], row["path"])

    walk(None, [])
    return ordered


def task_units(ledger, plan_id: int) -> dict[int, list[dict]]:
    """{task_id: [{unit_id, name, role, role_label}]} in document order."""
    result: dict[int, list[dict]] = {}
    for row in ledger.rows(
            "SELECT tu.task_id, tu.unit_id, tu.role, u.name, u.short_name FROM task_units tu"
            " JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id"
            " WHERE t.plan_id = ? ORDER BY tu.task_id, tu.position", (plan_id,)):
        item = dict(row)
        item["role_label"] = ROLE_LABELS[row["role"]]
        result.setdefault(row["task_id"], []).append(item)
    return result


def tasks(ledger, plan_id: int) -> list[dict]:
    """Every task in document order with its section heading and its lead / co / responsible unit names."""
    section_by_id = {s["id"]: s for s in sections(ledger, plan_id)}
    links = task_units(ledger, plan_id)
    section_order = {s_id: index for index, s_id in enumerate(section_by_id)}
    rows = [dict(r) for r in ledger.rows(
        "SELECT t.*, ph.name AS phase_name FROM tasks t LEFT JOIN phases ph ON ph.id = t.phase_id"
        " WHERE t.plan_id = ?", (plan_id,))]
    rows.sort(key=lambda t: (section_order.get(t["section_id"], -1), t["position"], t["id"]))
    subitems: dict[int, list[dict]] = {}
    for sub in ledger.rows("SELECT s.* FROM task_subitems s JOIN tasks t ON t.id = s.task_id WHERE t.plan_id = ?"
                           " ORDER BY s.task_id, s.position", (plan_id,)):
        subitems.setdefault(sub["task_id"], []).append(dict(sub))
    for task in rows:
        section = section_by_id.get(task["section_id"])
        task["section"] = section["heading"] if section else ""
        task["section_path"] = section["path"] if section else []
        units = links.get(task["id"], [])
        task["units"] = units
        task["lead_units"] = [u["name"] for u in units if u["role"] == "lead"]
        task["co_units"] = [u["name"] for u in units if u["role"] == "co"]
        task["responsible_units"] = [u["name"] for u in units if u["role"] == "responsible"]
        task["subitems"] = subitems.get(task["id"], [])
    return rows


def answering_units(task: dict) -> list[dict]:
    """The units whose status stands for the task: the leads, else the responsible units, else all."""
    units = task["units"]
    return ([u for u in units if u["role"] == "lead"] or [u for u in units if u["role"] == "responsible"] or units)


def entries_for_period(ledger, plan_id: int, period_id: int) -> dict[tuple[int, int], dict]:
    """{(task_id, unit_id): progress row} for one period."""
    return {(r["task_id"], r["unit_id"]): dict(r) for r in ledger.rows(
        "SELECT p.* FROM progress p JOIN tasks t ON t.id = p.task_id WHERE t.plan_id = ? AND p.period_id = ?",
        (plan_id, period_id))}


def latest_entries(ledger, plan_id: int, period_id: int, *, unit_id: int | None = None
                   ) -> dict[tuple[int, int], dict]:
    """For each (task, unit): its entry for the period, else its latest entry from an earlier period.

    With `unit_id`, only that unit's entries are read (one unit's form on a city ledger: ms instead of seconds).
    """
    period = ledger.row("SELECT start, end FROM periods WHERE id = ?", (period_id,))
    unit_clause = " AND p.unit_id = ?" if unit_id is not None else ""
    rows = ledger.rows(
        "SELECT p.*, pe.end AS period_end, pe.key AS period_key FROM progress p JOIN periods pe ON pe.id = p.period_id"
        " JOIN tasks t ON t.id = p.task_id WHERE t.plan_id = ? AND pe.plan_id = ? AND pe.end <= ?"
        " AND p.status IS NOT NULL" + unit_clause + " ORDER BY pe.end, pe.start DESC",
        (plan_id, plan_id, period["end"], *(() if unit_id is None else (unit_id,))))
    latest: dict[tuple[int, int], dict] = {}
    for row in rows:
        latest[(row["task_id"], row["unit_id"])] = dict(row)
    return latest


def latest_reports(ledger, plan_id: int, period_id: int) -> dict[tuple[int, int], dict]:
    """The same answer as `latest_entries` for every (task, unit) the plan links, restricted to what the status
    and the traffic lights read (task_id, unit_id, status, percent, period_key, period_end), one index lookup per
    pair instead of loading every entry (city ledger: 0.4 s instead of 3.3 s)."""
    end = ledger.scalar("SELECT end FROM periods WHERE id = ?", (period_id,))
    # streamed (Ledger.stream pauses now and then): read in one fetchall on a report's worker thread, this query
    # kept the window from the GIL for up to 120 ms on a city ledger
    names = ("task_id", "unit_id", "status", "percent", "period_key", "period_end")
    rows = ledger.stream(
        "SELECT p.task_id, p.unit_id, p.status, p.percent, pe.key AS period_key, pe.end AS period_end FROM ("
        " SELECT (SELECT p.id FROM progress p JOIN periods pe ON pe.id = p.period_id"
        "   WHERE p.task_id = tu.task_id AND p.unit_id = tu.unit_id AND pe.plan_id = ? AND pe.end <= ?"
        "   AND p.status IS NOT NULL ORDER BY pe.end DESC, pe.start ASC LIMIT 1) AS entry_id"
        " FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?) AS latest"
        " JOIN progress p ON p.id = latest.entry_id JOIN periods pe ON pe.id = p.period_id",
        (plan_id, end, plan_id))
    return {(row[0], row[1]): dict(zip(names, row)) for row in rows}


def task_status(task: dict, latest: dict[tuple[int, int], dict]) -> str:
    """A task's status for a period: its (first) lead unit's latest status; 未启动 when it has none."""
    for unit in answering_units(task):
        entry = latest.get((task["id"], unit["unit_id"]))
        if entry and entry.get("status"):
            return entry["status"]
        break
    return NOT_STARTED


def unit_checklist(ledger, unit_id: int, period_id: int) -> list[dict]:
    """Every task a unit leads or cooperates on, with its entry for the period (empty fields if none)."""
    plan_id = ledger.scalar("SELECT plan_id FROM periods WHERE id = ?", (period_id,))
    rows = ledger.rows(
        "SELECT t.id AS task_id, t.number, t.title, t.text, t.deadline, t.phase_id, tu.role,"
        " s.number AS section_number,"
        " s.title AS section_title, p.id AS entry_id, p.status, p.percent, p.progress, p.problems, p.next_steps,"
        " p.filled_by, p.phone, p.updated_at, p.updated_by,"
        " (SELECT COUNT(*) FROM evidence e WHERE e.task_id = t.id AND e.unit_id = tu.unit_id"
        "   AND e.period_id = ?) AS evidence_count"
        " FROM task_units tu JOIN tasks t ON t.id = tu.task_id LEFT JOIN sections s ON s.id = t.section_id"
        " LEFT JOIN progress p ON p.task_id = t.id AND p.unit_id = tu.unit_id AND p.period_id = ?"
        " WHERE tu.unit_id = ? AND t.plan_id = ? ORDER BY t.position, t.id",
        (period_id, period_id, unit_id, plan_id))
    result = []
    for row in rows:
        item = dict(row)
        item["role_label"] = ROLE_LABELS[row["role"]]
        result.append(item)
    return result


def units_with_tasks(ledger, plan_id: int) -> list[dict]:
    """Units that answer for at least one task of the plan, with their task counts."""
    return [dict(r) for r in ledger.rows(
        "SELECT u.id, u.name, u.short_name, u.kind, u.contact, u.phone, COUNT(*) AS task_count,"
        " SUM(tu.role = 'lead') AS lead_count FROM units u JOIN task_units tu ON tu.unit_id = u.id"
        " JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ? GROUP BY u.id ORDER BY MIN(t.position), u.id",
        (plan_id,))]


def indicators(ledger, plan_id: int, period_id: int | None = None) -> list[dict]:
    """Targets with the value entered for `period_id` and the latest value up to that period."""
    rows = [dict(r) for r in ledger.rows(
        "SELECT i.*, u.name AS unit_name FROM indicators i LEFT JOIN units u ON u.id = i.unit_id"
        " WHERE i.plan_id = ? ORDER BY i.position, i.id", (plan_id,))]
    if period_id is None:
        return rows
    period = ledger.row("SELECT end FROM periods WHERE id = ?", (period_id,))
    values = {r["indicator_id"]: dict(r) for r in ledger.rows(
        "SELECT * FROM indicator_values WHERE period_id = ?", (period_id,))}
    latest = {}
    for r in ledger.rows(
            "SELECT v.indicator_id, v.value, p.key, p.name FROM indicator_values v JOIN periods p ON p.id = v.period_id"
            " WHERE p.plan_id = ? AND p.end <= ? AND v.value IS NOT NULL ORDER BY p.end, p.start DESC",
            (plan_id, period["end"])):
        latest[r["indicator_id"]] = (r["value"], r["key"], r["name"])
    for row in rows:
        entry = values.get(row["id"])
        row["value"] = entry["value"] if entry else None
        row["note"] = entry["note"] if entry else None
        row["latest_value"], row["latest_period"], row["latest_period_name"] = latest.get(row["id"], (None, None, None))
    return rows


def task_period_overview(ledger, plan_id: int, period_id: int | None,
                         all_tasks: list[dict] | None = None) -> dict[int, dict]:
    """For each task of the plan, where it stands in a period across its units:
    {task_id: {status, reported, expected, units: [{unit_id, name, role_label, status, percent}]}}.

    `status` is the task's status as `task_status` rules it (its answering unit's latest status up to the
    period, else 未启动), computed in SQL so that a plan with 160,000 entries answers in a blink; `reported`
    counts the task's units with a status entered for this very period.
    """
    all_tasks = tasks(ledger, plan_id) if all_tasks is None else all_tasks
    this_period = entries_for_period(ledger, plan_id, period_id) if period_id is not None else {}
    statuses = latest_answering_statuses(ledger, plan_id, period_id) if period_id is not None else {}
    result: dict[int, dict] = {}
    for task in all_tasks:
        units = []
        for unit in task["units"]:
            entry = this_period.get((task["id"], unit["unit_id"])) or {}
            units.append({"unit_id": unit["unit_id"], "name": unit["name"], "role": unit["role"],
                          "role_label": unit["role_label"], "status": entry.get("status"),
                          "percent": entry.get("percent")})
        result[task["id"]] = {
            "status": statuses.get(task["id"]) or NOT_STARTED,
            "reported": sum(1 for u in units if u["status"]),
            "expected": len(units),
            "units": units,
        }
    return result


def latest_answering_statuses(ledger, plan_id: int, period_id: int) -> dict[int, str]:
    """{task_id: status} — the same answer as `task_status(task, latest_entries(...))`; see latest_answering_entries."""
    return {task_id: status for task_id, (status, _) in latest_answering_entries(ledger, plan_id, period_id).items()}


def latest_answering_entries(ledger, plan_id: int, period_id: int) -> dict[int, tuple[str, float | None]]:
    """{task_id: (status, percent)} of each task's answering unit (its first lead, else first responsible, else
    first unit; see answering_units): that unit's latest entry with a status up to the period's end, read through
    the (task, unit, period) index instead of loading every entry."""
    end = ledger.scalar("SELECT end FROM periods WHERE id = ?", (period_id,))
    rows = ledger.stream(
        "WITH answering AS (SELECT t.id AS task_id, (SELECT tu.unit_id FROM task_units tu WHERE tu.task_id = t.id"
        "   ORDER BY CASE tu.role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 ELSE 2 END, tu.position LIMIT 1)"
        "   AS unit_id FROM tasks t WHERE t.plan_id = ?)"
        " SELECT a.task_id, p.status, p.percent FROM answering a JOIN progress p ON p.id = ("
        "   SELECT p2.id FROM progress p2 JOIN periods pe ON pe.id = p2.period_id"
        "   WHERE p2.task_id = a.task_id AND p2.unit_id = a.unit_id AND pe.plan_id = ? AND pe.end <= ?"
        "   AND p2.status IS NOT NULL ORDER BY pe.end DESC, pe.start ASC LIMIT 1)",
        (plan_id, plan_id, end))
    return {task_id: (status, percent) for task_id, status, percent in rows}


def phases(ledger, plan_id: int) -> list[dict]:
    """The plan's phases (阶段) in order, with how many tasks each holds."""
    return [dict(r) for r in ledger.rows(
        "SELECT ph.*, (SELECT COUNT(*) FROM tasks t WHERE t.phase_id = ph.id) AS task_count FROM phases ph"
        " WHERE ph.plan_id = ? ORDER BY ph.position, ph.id", (plan_id,))]


def completion_rate(indicator: dict, value: float | None) -> float | None:
    """完成率 as a fraction: actual ÷ target for "≥"/"=" targets, target ÷ actual for "≤" targets (lower is
    better); None when there is no value or target to compare."""
    target = indicator.get("target")
    if value is None or target is None:
        return None
    if (indicator.get("comparison") or ">=") == "<=":
        return None if value <= 0 else target / value
    return None if target == 0 else value / target


def count_tasks(ledger, plan_id: int) -> int:
    return int(ledger.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,)))
