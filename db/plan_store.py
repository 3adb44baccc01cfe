"""Store a whole plan (in the shape `parse-plan --format json` prints) as a new plan in the ledger.

Validates everything first, then writes it in one transaction. Used by the plan importer,
the review dialog and the bundled demo plan alike.
"""
from __future__ import annotations

import re
from datetime import date

from db.errors import NotFoundError, ValidationError
from db.periods import month_end
from db.units import add_alias, canonical_unit_name, create_unit, find_unit
from db.values import parse_number
from db.vocabulary import ROLE_CO, ROLE_LEAD, ROLE_RESPONSIBLE

SECTION_NUMBER = re.compile(r"^\s*((?:[一二三四五六七八九十百]+、)|(?:[((][一二三四五六七八九十百]+[))])|(?:\d+[.、.]))\s*")


def split_heading(heading: str) -> tuple[str, str]:
    """'(二)提高知识产权创造质量' → ('(二)', '提高知识产权创造质量')."""
    match = SECTION_NUMBER.match(heading or "")
    if not match:
        return "", (heading or "").strip()
    return match.group(1).strip(), heading[match.end():].strip()


def phase_bound(value: str | None, *, end: bool) -> str | None:
    """'2024-05' → '2024-05-01' (start) or '2024-05-31' (end); '2015' → year bounds; dates pass."""
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        year, month = (int(p) for p in text.split("-"))
        return (month_end(year, month) if end else date(year, month, 1)).isoformat()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return (date(year, 12, 31) if end else date(year, 1, 1)).isoformat()
    raise ValidationError(f"阶段时间“{value}”无法识别。请写成 2024-05 或 2024 这样的形式。", "阶段时间")


def _clean_number(value, field):
    if value in (None, ""):
        return None
    return parse_number(value, field=field)


def validate_plan(parsed: dict) -> list[str]:
    """Every problem that would stop the plan being stored (Chinese, with where)."""
    problems = []
    if not str(parsed.get("title") or "").strip():
        problems.append("方案缺少标题。请在审阅时填写方案标题。")
    tasks = parsed.get("tasks") or []
    if not tasks:
        problems.append("方案中没有识别到任何任务。请检查文件是否为工作方案，或在审阅时手工添加任务。")
    for index, task in enumerate(tasks, 1):
        if not str(task.get("title") or "").strip():
            problems.append(f"第{index}项任务（序号“{task.get('number') or ''}”）缺少任务名称。")
    for index, indicator in enumerate(parsed.get("indicators") or [], 1):
        if not str(indicator.get("name") or "").strip():
            problems.append(f"第{index}个指标缺少指标名称。")
        for key, label in (("target", "目标值"), ("baseline", "基期值")):
            try:
                _clean_number(indicator.get(key), label)
            except ValidationError as exc:
                problems.append(f"第{index}个指标“{indicator.get('name')}”：{exc}")
        if indicator.get("comparison", ">=") not in (">=", "=", "<="):
            problems.append(f"第{index}个指标“{indicator.get('name')}”的比较方式“{indicator.get('comparison')}”无法识别。")
    for index, phase in enumerate(parsed.get("phases") or [], 1):
        try:
            phase_bound(phase.get("start"), end=False)
            phase_bound(phase.get("end"), end=True)
        except ValidationError as exc:
            problems.append(f"第{index}个阶段“{phase.get('name')}”：{exc}")
    return problems


def _plan_years(parsed: dict) -> tuple[int | None, int | None]:
    if parsed.get("start_year") and parsed.get("end_year"):
        return int(parsed["start_year"]), int(parsed["end_year"])
    from db.plan_years import plan_years

    return plan_years(parsed.get("title"), parsed.get("phases"))


def task_unit_links(task: dict) -> list[tuple[str, str]]:
    """(role, name) of every unit a parsed task names: its role lists, then the collective parties listed only
    in collective_units (相关部门, 局内相关部门), so none is dropped."""
    links = [(role, name) for role, key in ((ROLE_LEAD, "lead_units"), (ROLE_CO, "co_units"),
                                            (ROLE_RESPONSIBLE, "responsible_units")) for name in task.get(key) or []]
    named = {name for _, name in links}
    for item in task.get("collective_units") or []:
        if item.get("name") and item["name"] not in named and item.get("role") in (ROLE_LEAD, ROLE_CO, ROLE_RESPONSIBLE):
            named.add(item["name"])
            links.append((item["role"], item["name"]))
    return links


def store_plan(ledger, parsed: dict, *, unit_mapping: dict[str, int] | None = None,
               source_name: str | None = None, is_sample: bool = False, make_current: bool = True) -> int:
    """Create a new plan from parsed data; returns its id. Nothing is written if anything is invalid.

    `unit_mapping` maps a unit name as written in the document to an existing unit id (the clerk's
    confirmed match; the spelling is kept as an alias so the next plan matches by itself); other names are
    found by official name or alias, or created.
    """
    problems = validate_plan(parsed)
    if problems:
        raise ValidationError("方案无法保存：\n" + "\n".join(problems), "方案")
    unit_mapping = {canonical_unit_name(k): v for k, v in (unit_mapping or {}).items()}
    start_year, end_year = _plan_years(parsed)
    with ledger.transaction():
        for name, unit_id in unit_mapping.items():
            if ledger.scalar("SELECT id FROM units WHERE id = ?", (unit_id,)) is None:
                raise NotFoundError(f"单位对应关系中的“{name}”指向一个不存在的单位。")
            if find_unit(ledger, name) is None:
                add_alias(ledger, unit_id, name)
        cursor = ledger.conn.execute(
            "INSERT INTO plans (title, issuer, doc_number, doc_date, start_year, end_year, county, source_name,"
            " source_text, is_sample, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (parsed["title"].strip(), parsed.get("issuer"), parsed.get("doc_number"), parsed.get("date"),
             start_year, end_year, parsed.get("county"), source_name, parsed.get("source_text"),
             1 if is_sample else 0, ledger.now()))
        plan_id = cursor.lastrowid
        ledger.audit("新建方案", "plan", plan_id, plan_id=plan_id, new=parsed["title"].strip())

        def unit_id_for(name: str) -> int:
            clean = canonical_unit_name(name)
            if clean in unit_mapping:
                return unit_mapping[clean]
            found = find_unit(ledger, clean)
            if found is None:
                found = create_unit(ledger, clean)
            unit_mapping[clean] = found
            return found

        phase_ids: dict[str, int] = {}
        for position, phase in enumerate(parsed.get("phases") or []):
            cursor = ledger.conn.execute(
                "INSERT INTO phases (plan_id, name, start, end, position) VALUES (?,?,?,?,?)",
                (plan_id, phase["name"], phase_bound(phase.get("start"), end=False),
                 phase_bound(phase.get("end"), end=True), position))
            phase_ids[phase["name"]] = cursor.lastrowid

        section_ids: dict[tuple, int] = {}
        section_positions: dict[int | None, int] = {}

        def section_id_for(path: list[str]) -> int | None:
            parent = None
            for depth in range(len(path)):
                key = tuple(path[: depth + 1])
                if key not in section_ids:
                    number, title = split_heading(path[depth])
                    position = section_positions.get(parent, 0)
                    section_positions[parent] = position + 1
                    cursor = ledger.conn.execute(
                        "INSERT INTO sections (plan_id, parent_id, number, title, level, position, intro)"
                        " VALUES (?,?,?,?,?,?,?)",
                        (plan_id, parent, number, title or path[depth], depth + 1, position,
                         (parsed.get("section_intros") or {}).get(path[depth])))
                    section_ids[key] = cursor.lastrowid
                parent = section_ids[key]
            return parent

        task_ids_by_number: dict[str, int] = {}
        for position, task in enumerate(parsed.get("tasks") or []):
            path = task.get("section_path") or ([task["section"]] if task.get("section") else [])
            section_id = section_id_for([p for p in path if p])
            cursor = ledger.conn.execute(
                "INSERT INTO tasks (plan_id, section_id, number, title, text, deadline, phase_id, applicability,"
                " incomplete, position) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (plan_id, section_id, task.get("number"), task["title"].strip(), task.get("text"),
                 task.get("deadline"), phase_ids.get(task.get("phase") or ""), task.get("applicability"),
                 1 if task.get("incomplete") else 0, position))
            task_id = cursor.lastrowid
            task_ids_by_number.setdefault(str(task.get("number")), task_id)
            for sub_position, sub in enumerate(task.get("subitems") or []):
                label, text = (sub.get("label"), sub.get("text")) if isinstance(sub, dict) else (None, sub)
                ledger.conn.execute("INSERT INTO task_subitems (task_id, position, label, text) VALUES (?,?,?,?)",
                                    (task_id, sub_position, label, text))
            for link_position, (role, name) in enumerate(task_unit_links(task)):
                unit_id = unit_id_for(name)   # a collective party (相关部门) is created with kind 'collective'
                ledger.conn.execute(
                    "INSERT OR IGNORE INTO task_units (task_id, unit_id, role, position) VALUES (?,?,?,?)",
                    (task_id, unit_id, role, link_position))

        for position, indicator in enumerate(parsed.get("indicators") or []):
            answering = indicator.get("answering_unit")
            cursor = ledger.conn.execute(
                "INSERT INTO indicators (plan_id, position, category, name, measure_unit, baseline, baseline_year,"
                " target, target_year, comparison, cumulative, attribute, unit_id, source_text)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (plan_id, position, indicator.get("category"), indicator["name"].strip(), indicator.get("unit"),
                 _clean_number(indicator.get("baseline"), "基期值"), indicator.get("baseline_year"),
                 _clean_number(indicator.get("target"), "目标值"), indicator.get("target_year"),
                 indicator.get("comparison") or ">=", 1 if indicator.get("cumulative") else 0,
                 indicator.get("attribute"), unit_id_for(answering) if answering else None,
                 indicator.get("source_text")))
            for number in indicator.get("tasks") or []:
                if str(number) in task_ids_by_number:
                    ledger.conn.execute("INSERT OR IGNORE INTO indicator_tasks (indicator_id, task_id) VALUES (?, ?)",
                                        (cursor.lastrowid, task_ids_by_number[str(number)]))
        if make_current or ledger.setting("current_plan_id") is None:
            ledger.set_setting("current_plan_id", str(plan_id))
    return plan_id


def plan_exists(ledger, plan_id: int) -> bool:
    return ledger.scalar("SELECT 1 FROM plans WHERE id = ?", (plan_id,)) is not None


def current_plan_id(ledger) -> int | None:
    """The plan the window and the commands work on: the setting, else the first plan."""
    value = ledger.setting("current_plan_id")
    if value and ledger.scalar("SELECT id FROM plans WHERE id = ?", (int(value),)) is not None:
        return int(value)
    return ledger.scalar("SELECT MIN(id) FROM plans")


def get_plan(ledger, plan_id: int) -> dict:
    row = ledger.row("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise NotFoundError("找不到该方案。")
    return dict(row)


def list_plans(ledger) -> list[dict]:
    return [dict(r) for r in ledger.rows(
        "SELECT id, title, doc_number, start_year, end_year, is_sample FROM plans ORDER BY id")]


def same_plans(ledger, title: str | None, doc_number: str | None = None) -> list[dict]:
    """Plans already in the ledger with this title (and this 文号, when both have one): importing the same
    document twice would give two identical plans, so the importers ask or warn first."""
    title = (title or "").strip()
    if not title:
        return []
    number = (doc_number or "").strip()
    return [p for p in list_plans(ledger) if (p["title"] or "").strip() == title
            and (not number or not p["doc_number"] or p["doc_number"].strip() == number)]
