"""Building or correcting a plan by hand: sections, tasks, unit assignments, targets, phases.

A plan that arrives on paper must still be enterable. Every verb validates, writes in one
transaction and leaves audit rows.
"""
from __future__ import annotations

import re

from db.errors import NotFoundError, ValidationError
from db.plan_store import phase_bound
from db.progress import refuse_deleting_locked
from db.records import move_in_order, next_position, update_fields
from db.values import check_text, parse_number
from db.vocabulary import ATTRIBUTES, ROLES
from db.admin import admin_only


def _required(label: str, max_length: int = 500):
    def check(value):
        text = check_text(value, field=label, max_length=max_length)
        if not text:
            raise ValidationError(f"{label}不能为空。", label)
        return text
    return check


def _optional(label: str, max_length: int = 20000):
    return lambda value: check_text(value, field=label, max_length=max_length)


def _optional_year(label: str):
    def check(value):
        number = parse_number(value, field=label)
        if number is None:
            return None
        if not (1949 <= number <= 2100) or not float(number).is_integer():
            raise ValidationError(f"{label}：“{value}”不是有效的年份。请填写四位年份，例如 2026。", label)
        return int(number)
    return check


def _plan_ctx(row: dict) -> dict:
    return {"plan_id": row["plan_id"]}


def _task_ctx(row: dict) -> dict:
    return {"plan_id": row["plan_id"], "task_id": row["id"]}


# ----- plan ----------------------------------------------------------------------------------
PLAN_VALIDATORS = {
    "title": _required("方案标题", 300), "issuer": _optional("发文机关", 100),
    "doc_number": _optional("文号", 100), "doc_date": _optional("成文日期", 20),
    "start_year": _optional_year("起始年份"), "end_year": _optional_year("结束年份"),
    "county": _optional("县（市、区）名称", 50),
}


@admin_only("修改方案")
def update_plan(ledger, plan_id: int, **changes) -> dict:
    return update_fields(ledger, "plans", plan_id, changes, validators=PLAN_VALIDATORS, entity="plan",
                         action="修改方案", not_found="找不到该方案。", context=lambda r: {"plan_id": r["id"]})


BUREAU_SETTING = "bureau"   # the bureau keeping the ledger: 填报单位 of reports, 报送单位 of the acceptance cover


@admin_only("修改方案")
def update_plan_info(ledger, plan_id: int, **changes) -> dict:
    """The 方案信息 dialog's verb: the plan's own fields plus the bureau's name (a ledger setting printed on reports,
    forms and chase notices), in one transaction with audit rows. Returns {field: (old, new)} like update_plan."""
    changed: dict = {}
    with ledger.transaction():
        if BUREAU_SETTING in changes:   # the bureau settings' own rules and audit (db.bureau_settings)
            from db.bureau_settings import write_bureau_settings

            for _label, (old, new) in write_bureau_settings(ledger, {BUREAU_SETTING: changes.pop(BUREAU_SETTING)}).items():
                changed[BUREAU_SETTING] = (old, new)
        if changes:
            changed.update(update_plan(ledger, plan_id, **changes))
    return changed


@admin_only("删除方案")
def delete_plan(ledger, plan_id: int) -> None:
    """Remove a plan entered by mistake (imported twice, the wrong file). Refused once anything was reported
    against it (progress, target values, evidence): those are records to keep. Units stay; one transaction."""
    with ledger.transaction():
        plan = ledger.row("SELECT id, title FROM plans WHERE id = ?", (plan_id,))
        if plan is None:
            raise NotFoundError("找不到该方案。")
        if ledger.scalar("SELECT COUNT(*) FROM plans") == 1:
            raise ValidationError(f"“{plan['title']}”是台账中唯一的方案，不能删除。", "方案")
        entries = ledger.scalar("SELECT COUNT(*) FROM progress p JOIN tasks t ON t.id = p.task_id"
                                " WHERE t.plan_id = ?", (plan_id,))
        values = ledger.scalar("SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                               " WHERE i.plan_id = ?", (plan_id,))
        if entries or values:
            raise ValidationError(f"方案“{plan['title']}”已有{entries}条填报记录、{values}个指标数值，不能删除。"
                                  "只有误导入、尚未填报的方案可以删除。", "方案")
        tasks = ledger.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,))
        ledger.conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,))
        if ledger.setting("current_plan_id") == str(plan_id):
            ledger.set_setting("current_plan_id", None)
        ledger.audit("删除方案", "plan", plan_id, plan_id=plan_id, old=f"{plan['title']}（含{tasks}项任务）")


# ----- sections ------------------------------------------------------------------------------
SECTION_VALIDATORS = {"number": _optional("序号", 20), "title": _required("标题", 300), "intro": _optional("说明")}


@admin_only("修改方案")
def add_section(ledger, plan_id: int, title: str, *, number: str = "", parent_id: int | None = None) -> int:
    title = SECTION_VALIDATORS["title"](title)
    with ledger.transaction():
        level = 1
        if parent_id is not None:
            level = (ledger.scalar("SELECT level FROM sections WHERE id = ?", (parent_id,)) or 0) + 1
        where = "plan_id = ? AND parent_id IS ?"
        position = next_position(ledger, "sections", where, (plan_id, parent_id))
        cursor = ledger.conn.execute(
            "INSERT INTO sections (plan_id, parent_id, number, title, level, position) VALUES (?,?,?,?,?,?)",
            (plan_id, parent_id, number or None, title, level, position))
        ledger.audit("新增章节", "section", cursor.lastrowid, plan_id=plan_id, new=f"{number}{title}")
    return cursor.lastrowid


@admin_only("修改方案")
def update_section(ledger, section_id: int, **changes) -> dict:
    return update_fields(ledger, "sections", section_id, changes, validators=SECTION_VALIDATORS, entity="section",
                         action="修改章节", not_found="找不到该章节。", context=_plan_ctx)


@admin_only("修改方案")
def delete_section(ledger, section_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT * FROM sections WHERE id = ?", (section_id,))
        if row is None:
            raise NotFoundError("找不到该章节。")
        count = ledger.scalar(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT s.id FROM sections s JOIN sub ON s.parent_id = sub.id)"
            " SELECT COUNT(*) FROM tasks WHERE section_id IN (SELECT id FROM sub)", (section_id,))
        if count:
            raise ValidationError(f"章节“{row['title']}”下还有{count}项任务。请先删除或移走这些任务。", "章节")
        ledger.conn.execute("DELETE FROM sections WHERE id = ?", (section_id,))
        ledger.audit("删除章节", "section", section_id, plan_id=row["plan_id"], old=f"{row['number'] or ''}{row['title']}")


@admin_only("修改方案")
def move_section(ledger, section_id: int, delta: int) -> bool:
    return move_in_order(ledger, "sections", section_id, delta, "parent_id", entity="section", context=_plan_ctx)


# ----- tasks ---------------------------------------------------------------------------------
def _check_section(value):
    return None if value in (None, "") else int(value)


def _check_applicability(value):
    return check_text(value, field="适用范围", max_length=200)


TASK_VALIDATORS = {
    "number": _optional("序号", 20), "title": _required("任务名称", 500), "text": _optional("工作措施", 50000),
    "deadline": _optional("完成时限", 100), "applicability": _check_applicability, "section_id": _check_section,
    "phase_id": _check_section,
}


@admin_only("修改方案")
def add_task(ledger, plan_id: int, title: str, *, section_id: int | None = None, number: str = "",
             text: str = "", deadline: str = "") -> int:
    title = TASK_VALIDATORS["title"](title)
    with ledger.transaction():
        position = next_position(ledger, "tasks", "plan_id = ?", (plan_id,))
        if section_id is not None:
            last_in_section = ledger.scalar("SELECT MAX(position) FROM tasks WHERE section_id = ?", (section_id,))
            if last_in_section is not None:
                position = last_in_section + 1
                ledger.conn.execute("UPDATE tasks SET position = position + 1 WHERE plan_id = ? AND position >= ?",
                                    (plan_id, position))
        cursor = ledger.conn.execute(
            "INSERT INTO tasks (plan_id, section_id, number, title, text, deadline, position) VALUES (?,?,?,?,?,?,?)",
            (plan_id, section_id, number or None, title, text or None, deadline or None, position))
        task_id = cursor.lastrowid
        ledger.audit("新增任务", "task", task_id, plan_id=plan_id, task_id=task_id, new=f"{number} {title}".strip())
    return task_id


@admin_only("修改方案")
def update_task(ledger, task_id: int, **changes) -> dict:
    """Change a task's fields; `subitems` (the 分项 as lines of text, see subitems_text) replaces its sub-items in
    the same transaction. Returns {field: (old, new)} like update_fields, so an undo passes the old values back."""
    subitems = changes.pop("subitems", None)
    with ledger.transaction():
        changed = update_fields(ledger, "tasks", task_id, changes, validators=TASK_VALIDATORS, entity="task",
                                action="修改任务", not_found="找不到该任务。", context=_task_ctx)
        if subitems is not None:
            replaced = _replace_subitems(ledger, task_id, subitems)
            if replaced:
                changed["subitems"] = replaced
    return changed


# A sub-item line as a clerk types it: 一是…, (1)…, (1)…, 1.…, 1、…, ①…; the label is kept apart as imported ones are.
_SUBITEM_LABEL = re.compile(r"^\s*([一二三四五六七八九十]{1,3}是|[((]\s*\d{1,2}\s*[))]|\d{1,2}\s*[.、.](?!\d)|[①-⑳])"
                            r"\s*[,,::]?\s*")
MAX_SUBITEMS = 50


def subitems_text(items: list[dict]) -> str:
    """Sub-items as the task dialog shows them: one per line, its label in front."""
    return "\n".join(f"{item.get('label') or ''}{item['text']}" for item in items)


def parse_subitem_lines(text: str | None) -> list[dict]:
    """[{label, text}] from the dialog's lines (blank lines skipped); raises ValidationError in Chinese."""
    items = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        match = _SUBITEM_LABEL.match(line)
        label, body = (match.group(1).replace(" ", ""), line[match.end():].strip()) if match else (None, line)
        if not body:
            raise ValidationError(f"分项第{number}行只有序号“{label}”，没有内容。请补上内容或删除这一行。", "分项工作")
        items.append({"label": label, "text": check_text(body, field="分项工作", max_length=5000)})
    if len(items) > MAX_SUBITEMS:
        raise ValidationError(f"分项最多 {MAX_SUBITEMS} 项（现有 {len(items)} 项）。请合并部分分项。", "分项工作")
    return items


def _replace_subitems(ledger, task_id: int, text: str) -> tuple[str, str] | None:
    items = parse_subitem_lines(text)
    task = ledger.row("SELECT id, plan_id FROM tasks WHERE id = ?", (task_id,))
    if task is None:
        raise NotFoundError("找不到该任务。")
    before = [dict(r) for r in ledger.rows("SELECT label, text FROM task_subitems WHERE task_id = ? ORDER BY position, id",
                                           (task_id,))]
    if [(b["label"] or None, b["text"]) for b in before] == [(i["label"], i["text"]) for i in items]:
        return None
    ledger.conn.execute("DELETE FROM task_subitems WHERE task_id = ?", (task_id,))
    ledger.conn.executemany("INSERT INTO task_subitems (task_id, position, label, text) VALUES (?,?,?,?)",
                            [(task_id, position, i["label"], i["text"]) for position, i in enumerate(items)])
    old, new = subitems_text(before), subitems_text(items)
    ledger.audit("修改任务", "task", task_id, field="subitems", old=old or None, new=new or None,
                 plan_id=task["plan_id"], task_id=task_id)
    return old, new


@admin_only("修改方案")
def delete_task(ledger, task_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT * FROM tasks WHERE id = ?", (task_id,))
        if row is None:
            raise NotFoundError("找不到该任务。")
        refuse_deleting_locked(ledger, task_id=task_id)  # closed periods stay as they were closed
        entries = ledger.scalar("SELECT COUNT(*) FROM progress WHERE task_id = ?", (task_id,))
        ledger.conn.execute("DELETE FROM tasks WHERE id = ?", (task_id,))
        ledger.audit("删除任务", "task", task_id, plan_id=row["plan_id"], task_id=task_id,
                     old=f"{row['number'] or ''} {row['title']}（含{entries}条填报记录）")


@admin_only("修改方案")
def move_task(ledger, task_id: int, delta: int) -> bool:
    """Move a task up or down among the tasks of its section."""
    return move_in_order(ledger, "tasks", task_id, delta, "section_id", entity="task", context=_task_ctx)


@admin_only("修改方案")
def set_task_units(ledger, task_id: int, assignments: list[tuple[int, str]]) -> None:
    """Replace a task's units with [(unit_id, role)], in order. Existing entries of removed units stay in the
    ledger (history) but no longer count as expected."""
    for _, role in assignments:
        if role not in ROLES:
            raise ValidationError(f"单位分工“{role}”无法识别。", "分工")
    unit_ids = [u for u, _ in assignments]
    if len(set(unit_ids)) != len(unit_ids):
        raise ValidationError("同一单位在一项任务中只能出现一次。", "单位")
    with ledger.transaction():
        task = ledger.row("SELECT id, plan_id FROM tasks WHERE id = ?", (task_id,))
        if task is None:
            raise NotFoundError("找不到该任务。")
        before = {r["unit_id"]: r["role"] for r in ledger.rows(
            "SELECT unit_id, role FROM task_units WHERE task_id = ?", (task_id,))}
        ledger.conn.execute("DELETE FROM task_units WHERE task_id = ?", (task_id,))
        for position, (unit_id, role) in enumerate(assignments):
            ledger.conn.execute("INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?,?,?,?)",
                                (task_id, unit_id, role, position))
        after = dict(assignments)
        names = {r["id"]: r["name"] for r in ledger.rows("SELECT id, name FROM units")}
        for unit_id in sorted(set(before) | set(after)):
            if before.get(unit_id) != after.get(unit_id):
                ledger.audit("调整任务分工", "task", task_id, field="role", old=before.get(unit_id),
                             new=after.get(unit_id), plan_id=task["plan_id"], task_id=task_id, unit_id=unit_id)
        del names


# ----- indicators ----------------------------------------------------------------------------
def _check_comparison(value):
    if value not in (">=", "=", "<="):
        raise ValidationError(f"比较方式“{value}”无法识别，请选择 ≥、= 或 ≤。", "比较方式")
    return value


def _check_attribute(value):
    if value in (None, ""):
        return None
    if value not in ATTRIBUTES:
        raise ValidationError(f"指标属性“{value}”无法识别，请选择 预期性 或 约束性。", "属性")
    return value


INDICATOR_VALIDATORS = {
    "category": _optional("类别", 100), "name": _required("指标名称", 200), "measure_unit": _optional("计量单位", 20),
    "baseline": lambda v: parse_number(v, field="基期值"), "baseline_year": _optional_year("基期年份"),
    "target": lambda v: parse_number(v, field="目标值"), "target_year": _optional_year("目标年份"),
    "comparison": _check_comparison, "cumulative": lambda v: 1 if v else 0, "attribute": _check_attribute,
    "unit_id": _check_section, "source_text": _optional("原文"),
}


@admin_only("修改方案")
def add_indicator(ledger, plan_id: int, name: str, **fields) -> int:
    name = INDICATOR_VALIDATORS["name"](name)
    clean = {k: INDICATOR_VALIDATORS[k](v) for k, v in fields.items()}
    with ledger.transaction():
        position = next_position(ledger, "indicators", "plan_id = ?", (plan_id,))
        columns = ["plan_id", "position", "name", *clean]
        cursor = ledger.conn.execute(
            f"INSERT INTO indicators ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [plan_id, position, name, *clean.values()])
        ledger.audit("新增指标", "indicator", cursor.lastrowid, plan_id=plan_id, new=name)
    return cursor.lastrowid


@admin_only("修改方案")
def update_indicator(ledger, indicator_id: int, **changes) -> dict:
    return update_fields(ledger, "indicators", indicator_id, changes, validators=INDICATOR_VALIDATORS,
                         entity="indicator", action="修改指标", not_found="找不到该指标。", context=_plan_ctx)


@admin_only("修改方案")
def delete_indicator(ledger, indicator_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT * FROM indicators WHERE id = ?", (indicator_id,))
        if row is None:
            raise NotFoundError("找不到该指标。")
        refuse_deleting_locked(ledger, indicator_id=indicator_id)
        ledger.conn.execute("DELETE FROM indicators WHERE id = ?", (indicator_id,))
        ledger.audit("删除指标", "indicator", indicator_id, plan_id=row["plan_id"], old=row["name"])


@admin_only("修改方案")
def move_indicator(ledger, indicator_id: int, delta: int) -> bool:
    return move_in_order(ledger, "indicators", indicator_id, delta, "plan_id", entity="indicator", context=_plan_ctx)


# ----- phases --------------------------------------------------------------------------------
PHASE_VALIDATORS = {
    "name": _required("阶段名称", 100),
    "start": lambda v: phase_bound(v, end=False), "end": lambda v: phase_bound(v, end=True),
}


@admin_only("修改方案")
def add_phase(ledger, plan_id: int, name: str, start: str | None = None, end: str | None = None) -> int:
    clean = {k: PHASE_VALIDATORS[k](v) for k, v in (("name", name), ("start", start), ("end", end))}
    if clean["start"] and clean["end"] and clean["start"] > clean["end"]:
        raise ValidationError("阶段的开始时间晚于结束时间。请检查日期。", "阶段时间")
    with ledger.transaction():
        position = next_position(ledger, "phases", "plan_id = ?", (plan_id,))
        cursor = ledger.conn.execute("INSERT INTO phases (plan_id, name, start, end, position) VALUES (?,?,?,?,?)",
                                     (plan_id, clean["name"], clean["start"], clean["end"], position))
        ledger.audit("新增阶段", "phase", cursor.lastrowid, plan_id=plan_id, new=clean["name"])
    return cursor.lastrowid


@admin_only("修改方案")
def update_phase(ledger, phase_id: int, **changes) -> dict:
    return update_fields(ledger, "phases", phase_id, changes, validators=PHASE_VALIDATORS, entity="phase",
                         action="修改阶段", not_found="找不到该阶段。", context=_plan_ctx)


@admin_only("修改方案")
def delete_phase(ledger, phase_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT * FROM phases WHERE id = ?", (phase_id,))
        if row is None:
            raise NotFoundError("找不到该阶段。")
        ledger.conn.execute("DELETE FROM phases WHERE id = ?", (phase_id,))
        ledger.audit("删除阶段", "phase", phase_id, plan_id=row["plan_id"], old=row["name"])
