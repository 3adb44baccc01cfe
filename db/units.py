"""Responsible units (单位): create, find by name or alias, rename, merge duplicates, contacts."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from db.typed_records import Unit
from db.errors import NotFoundError, ValidationError
from db.records import update_fields
from db.values import check_phone, check_text
from db.vocabulary import UNIT_KINDS, guess_unit_kind
from db.admin import admin_only


def canonical_unit_name(name: str) -> str:
    """Trim spaces and stray punctuation; brackets stay exactly as written (they are part of the name)."""
    text = unicodedata.normalize("NFC", str(name or "")).strip()
    text = re.sub(r"\s+", "", text)
    return text.strip("、,,;;。:: ")


def _check_name(value) -> str:
    name = canonical_unit_name(value)
    if not name:
        raise ValidationError("单位名称不能为空。请填写单位的正式名称。", "单位名称")
    if len(name) > 100:
        raise ValidationError(f"单位名称过长（{len(name)}字）。请填写单位的正式名称，不超过100字。", "单位名称")
    return name


def _check_kind(value) -> str:
    if value not in UNIT_KINDS:
        raise ValidationError(f"单位类型“{value}”不在可选范围内（{'、'.join(UNIT_KINDS.values())}）。", "单位类型")
    return value


def find_unit(ledger, name: str) -> int | None:
    """Exact official name first, then a confirmed alias."""
    name = canonical_unit_name(name)
    found = ledger.scalar("SELECT id FROM units WHERE name = ?", (name,))
    if found is not None:
        return found
    return ledger.scalar("SELECT unit_id FROM unit_aliases WHERE alias = ?", (name,))


def create_unit(ledger, name: str, *, kind: str | None = None, short_name: str | None = None,
                contact: str | None = None, phone: str | None = None) -> int:
    name = _check_name(name)
    with ledger.transaction():
        if find_unit(ledger, name) is not None:
            raise ValidationError(f"单位“{name}”已经存在。", "单位名称")
        cursor = ledger.conn.execute(
            "INSERT INTO units (name, short_name, kind, contact, phone, created_at) VALUES (?,?,?,?,?,?)",
            (name, short_name or None, _check_kind(kind or guess_unit_kind(name)), contact, phone, ledger.now()))
        unit_id = cursor.lastrowid
        ledger.audit("新增单位", "unit", unit_id, unit_id=unit_id, new=name)
    return unit_id


def find_or_create_unit(ledger, name: str) -> int:
    found = find_unit(ledger, name)
    return found if found is not None else create_unit(ledger, name)


UNIT_VALIDATORS = {
    "name": _check_name,
    "short_name": lambda v: check_text(v, field="简称", max_length=40),
    "kind": _check_kind,
    "contact": lambda v: check_text(v, field="联系人", max_length=40),
    "phone": lambda v: check_phone(v, field="联系电话"),
    "note": lambda v: check_text(v, field="备注", max_length=2000),
}


def update_unit(ledger, unit_id: int, **changes) -> dict:
    if "name" in changes:
        new_name = _check_name(changes["name"])
        other = find_unit(ledger, new_name)
        if other is not None and other != unit_id:
            raise ValidationError(f"已有名为“{new_name}”的单位。如果两者是同一单位，请使用“合并”。", "单位名称")
    return update_fields(ledger, "units", unit_id, changes, validators=UNIT_VALIDATORS, entity="unit",
                         action="修改单位", not_found="找不到该单位。", context=lambda row: {"unit_id": row["id"]})


def rename_unit(ledger, unit_id: int, new_name: str, *, keep_old_as_alias: bool = True) -> None:
    with ledger.transaction():
        old = ledger.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
        if old is None:
            raise NotFoundError("找不到该单位。")
        update_unit(ledger, unit_id, name=new_name)
        if keep_old_as_alias and canonical_unit_name(new_name) != old:
            add_alias(ledger, unit_id, old)


def add_alias(ledger, unit_id: int, alias: str) -> None:
    alias = _check_name(alias)
    with ledger.transaction():
        holder = find_unit(ledger, alias)
        if holder == unit_id:
            return
        if holder is not None:
            raise ValidationError(f"“{alias}”已是另一个单位的名称或别名。", "别名")
        ledger.conn.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", (alias, unit_id))
        ledger.audit("新增别名", "unit", unit_id, unit_id=unit_id, field="alias", new=alias)


def remove_alias(ledger, alias: str) -> None:
    with ledger.transaction():
        unit_id = ledger.scalar("SELECT unit_id FROM unit_aliases WHERE alias = ?", (alias,))
        if unit_id is None:
            return
        ledger.conn.execute("DELETE FROM unit_aliases WHERE alias = ?", (alias,))
        ledger.audit("删除别名", "unit", unit_id, unit_id=unit_id, field="alias", old=alias)


def unit_aliases(ledger, unit_id: int) -> list[str]:
    return [r[0] for r in ledger.rows("SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY alias", (unit_id,))]


def is_bureau_unit(ledger, unit_id: int) -> bool:
    """Whether the unit is the bureau that keeps the ledger (its name, or one of its aliases, is the bureau setting
    with or without the county in front, or names the 知识产权局)."""
    bureau = canonical_unit_name(ledger.setting("bureau") or "")
    names = [r[0] for r in ledger.rows("SELECT name FROM units WHERE id = ? UNION SELECT alias FROM unit_aliases"
                                       " WHERE unit_id = ?", (unit_id, unit_id))]
    for name in names:
        if bureau and (name == bureau or bureau.endswith(name)):
            return True
        if "知识产权局" in name:
            return True
    return False


@dataclass(frozen=True)
class MergePreview:
    """What merging `merge_id` into `keep_id` would move, for the confirmation the clerk reads first."""
    keep_name: str
    merge_name: str
    tasks: int        # task links (分工) that move
    entries: int      # progress entries (填报记录)
    aliases: int      # names that become the kept unit's aliases: its own name and its aliases
    evidence: int
    indicators: int
    merges_bureau: bool   # the unit that disappears is the bureau itself

    def text(self) -> str:
        return (f"将把“{self.merge_name}”并入“{self.keep_name}”：移动任务分工{self.tasks}项、填报记录{self.entries}条、"
                f"别名{self.aliases}个（含“{self.merge_name}”本身），佐证材料{self.evidence}个、指标{self.indicators}项；"
                f"“{self.merge_name}”随后从单位名单中删除。")


def merge_preview(ledger, keep_id: int, merge_id: int) -> MergePreview:
    """Count, without changing anything, what `merge_units(ledger, keep_id, merge_id)` would move."""
    if keep_id == merge_id:
        raise ValidationError("保留的单位和并入的单位是同一个。请选择两个不同的单位。", "单位")
    keep = ledger.row("SELECT name FROM units WHERE id = ?", (keep_id,))
    gone = ledger.row("SELECT name FROM units WHERE id = ?", (merge_id,))
    if keep is None or gone is None:
        raise NotFoundError("找不到要合并的单位。")
    count = lambda sql: ledger.scalar(sql, (merge_id,)) or 0   # noqa: E731
    return MergePreview(
        keep["name"], gone["name"], tasks=count("SELECT COUNT(*) FROM task_units WHERE unit_id = ?"),
        entries=count("SELECT COUNT(*) FROM progress WHERE unit_id = ?"),
        aliases=count("SELECT COUNT(*) FROM unit_aliases WHERE unit_id = ?") + 1,
        evidence=count("SELECT COUNT(*) FROM evidence WHERE unit_id = ?"),
        indicators=count("SELECT COUNT(*) FROM indicators WHERE unit_id = ?"),
        merges_bureau=is_bureau_unit(ledger, merge_id))


@admin_only("合并单位")
def merge_units(ledger, keep_id: int, merge_id: int) -> dict:
    """Merge a duplicate unit into `keep_id`: every link, entry, value and alias moves; the duplicate's name
    becomes an alias. Where both units have an entry for the same task and period, the kept unit's entry wins
    unless it is empty. Returns counts of what moved."""
    if keep_id == merge_id:
        raise ValidationError("不能把一个单位合并到它自己。", "单位")
    moved = {"links": 0, "entries": 0, "evidence": 0, "indicators": 0}
    with ledger.transaction():
        keep = ledger.row("SELECT * FROM units WHERE id = ?", (keep_id,))
        gone = ledger.row("SELECT * FROM units WHERE id = ?", (merge_id,))
        if keep is None or gone is None:
            raise NotFoundError("找不到要合并的单位。")
        for link in ledger.rows("SELECT * FROM task_units WHERE unit_id = ?", (merge_id,)):
            existing = ledger.row("SELECT role FROM task_units WHERE task_id = ? AND unit_id = ?",
                                  (link["task_id"], keep_id))
            if existing is None:
                ledger.conn.execute("UPDATE task_units SET unit_id = ? WHERE task_id = ? AND unit_id = ?",
                                    (keep_id, link["task_id"], merge_id))
            else:
                if existing["role"] != "lead" and link["role"] == "lead":
                    ledger.conn.execute("UPDATE task_units SET role = 'lead' WHERE task_id = ? AND unit_id = ?",
                                        (link["task_id"], keep_id))
                ledger.conn.execute("DELETE FROM task_units WHERE task_id = ? AND unit_id = ?",
                                    (link["task_id"], merge_id))
            moved["links"] += 1
        for entry in ledger.rows("SELECT * FROM progress WHERE unit_id = ?", (merge_id,)):
            clash = ledger.row("SELECT * FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                               (entry["task_id"], keep_id, entry["period_id"]))
            if clash is None:
                ledger.conn.execute("UPDATE progress SET unit_id = ? WHERE id = ?", (keep_id, entry["id"]))
            else:
                fields = ("status", "percent", "progress", "problems", "next_steps", "filled_by", "phone")
                fill = {f: entry[f] for f in fields if clash[f] in (None, "") and entry[f] not in (None, "")}
                if fill:
                    sets = ", ".join(f"{f} = ?" for f in fill)
                    ledger.conn.execute(f"UPDATE progress SET {sets} WHERE id = ?", [*fill.values(), clash["id"]])
                ledger.conn.execute("DELETE FROM progress WHERE id = ?", (entry["id"],))
            moved["entries"] += 1
        moved["evidence"] = ledger.conn.execute(
            "UPDATE evidence SET unit_id = ? WHERE unit_id = ?", (keep_id, merge_id)).rowcount
        moved["indicators"] = ledger.conn.execute(
            "UPDATE indicators SET unit_id = ? WHERE unit_id = ?", (keep_id, merge_id)).rowcount
        ledger.conn.execute("UPDATE indicator_values SET unit_id = ? WHERE unit_id = ?", (keep_id, merge_id))
        ledger.conn.execute("UPDATE unit_aliases SET unit_id = ? WHERE unit_id = ?", (keep_id, merge_id))
        ledger.conn.execute("UPDATE OR IGNORE entry_flags SET unit_id = ? WHERE unit_id = ?", (keep_id, merge_id))
        for column in ("contact", "phone", "short_name"):
            if not keep[column] and gone[column]:
                ledger.conn.execute(f"UPDATE units SET {column} = ? WHERE id = ?", (gone[column], keep_id))
        ledger.conn.execute("DELETE FROM units WHERE id = ?", (merge_id,))
        ledger.conn.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?, ?)", (gone["name"], keep_id))
        ledger.audit("合并单位", "unit", keep_id, unit_id=keep_id, field="merged", old=gone["name"], new=keep["name"])
    return moved


@admin_only("删除单位")
def delete_unit(ledger, unit_id: int) -> None:
    with ledger.transaction():
        row = ledger.row("SELECT name FROM units WHERE id = ?", (unit_id,))
        if row is None:
            raise NotFoundError("找不到该单位。")
        used = ledger.scalar("SELECT COUNT(*) FROM task_units WHERE unit_id = ?", (unit_id,))
        entries = ledger.scalar("SELECT COUNT(*) FROM progress WHERE unit_id = ?", (unit_id,))
        if used or entries:
            raise ValidationError(
                f"单位“{row['name']}”仍承担{used}项任务、有{entries}条填报记录，不能删除。请先调整任务分工，或把它合并到另一个单位。", "单位")
        ledger.conn.execute("DELETE FROM units WHERE id = ?", (unit_id,))
        ledger.audit("删除单位", "unit", unit_id, unit_id=unit_id, old=row["name"])


def list_units(ledger, plan_id: int | None = None) -> list[Unit]:
    """All units, with how many tasks of the plan each leads, cooperates on, or answers for as a 责任单位."""
    params: tuple = ()
    plan_clause = ""
    if plan_id is not None:
        plan_clause = "AND t.plan_id = ?"
        params = (plan_id,)
    rows = ledger.rows(f"""
        SELECT u.*, 
               (SELECT COUNT(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id
                 WHERE tu.unit_id = u.id AND tu.role = 'lead' {plan_clause}) AS lead_count,
               (SELECT COUNT(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id
                 WHERE tu.unit_id = u.id AND tu.role = 'co' {plan_clause}) AS co_count,
               (SELECT COUNT(*) FROM task_units tu JOIN tasks t ON t.id = tu.task_id
                 WHERE tu.unit_id = u.id AND tu.role = 'responsible' {plan_clause}) AS responsible_count,
               (SELECT group_concat(alias, '、') FROM unit_aliases a WHERE a.unit_id = u.id) AS aliases
        FROM units u ORDER BY u.id""", params * 3)
    return [Unit.from_row(r) for r in rows]


def plan_units(ledger, plan_id: int) -> list[dict]:
    """Units that answer for at least one task or target of the plan, in first-appearance order."""
    rows = ledger.rows("""
        SELECT u.*, MIN(t.position * 1000 + tu.position) AS first_seen
        FROM units u JOIN task_units tu ON tu.unit_id = u.id JOIN tasks t ON t.id = tu.task_id
        WHERE t.plan_id = ? GROUP BY u.id
        UNION
        SELECT u.*, 1000000 + MIN(i.position) FROM units u JOIN indicators i ON i.unit_id = u.id
        WHERE i.plan_id = ? AND u.id NOT IN (SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?)
        GROUP BY u.id
        ORDER BY first_seen""", (plan_id, plan_id, plan_id))
    return [dict(r) for r in rows]
