"""Reading the audit trail (修改记录) for the audit page and its Excel export: filters and sorts in SQL,
ids first, rows a page at a time (the trail grows to millions of rows)."""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from db.vocabulary import INDICATOR_FIELD_LABELS, PROGRESS_FIELD_LABELS

AUDIT_SORTS = {
    "at": "a.id {d}",
    "actor": "a.actor {d}, a.id DESC",
    "action": "a.action {d}, a.id DESC",
    "source_file": "a.source_file {d}, a.id DESC",
}
FIELD_LABELS = {**PROGRESS_FIELD_LABELS, **INDICATOR_FIELD_LABELS, "unit_id": "填报单位",
                "state": "状态", "reason": "原因", "review": "审核结果", "due": "截止日期", "evidence": "佐证材料",
                "title": "名称", "name": "名称", "deadline": "完成时限", "target": "目标值", "baseline": "基期值",
                "subitems": "分项工作", "text": "工作措施"}

_FROM = (" FROM audit a LEFT JOIN tasks t ON t.id = a.task_id LEFT JOIN units u ON u.id = a.unit_id"
         " LEFT JOIN periods p ON p.id = a.period_id"
         " LEFT JOIN indicators i ON a.entity = 'indicator_value' AND i.id = a.entity_id")
_FIELDS = ("a.id, a.at, a.actor, a.source, a.source_file, a.action, a.entity, a.entity_id, a.field, a.old, a.new,"
           " a.task_id, a.unit_id, a.period_id, t.number AS task_number, t.title AS task_title,"
           " u.name AS unit_name, p.name AS period_name, i.name AS indicator_name")


@dataclass(frozen=True)
class AuditFilter:
    plan_id: int | None = None
    task_id: int | None = None
    unit_id: int | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    source_file: str | None = None


def _where(f: AuditFilter) -> tuple[str, list]:
    clauses, params = [], []
    if f.plan_id is not None:
        clauses.append("(a.plan_id = ? OR a.plan_id IS NULL)")
        params.append(f.plan_id)
    for column, value in (("a.task_id", f.task_id), ("a.unit_id", f.unit_id), ("a.actor", f.actor),
                          ("a.source_file", f.source_file)):
        if value not in (None, ""):
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.date_from is not None:
        clauses.append("a.at >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to is not None:
        clauses.append("a.at < date(?, '+1 day')")
        params.append(f.date_to.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def audit_ids(ledger, audit_filter: AuditFilter, sort: str | None = None, descending: bool = True) -> array:
    where, params = _where(audit_filter)
    return _sorted_ids(ledger, f"FROM audit a{where}", params, sort, descending)


def _sorted_ids(ledger, source: str, params: list, sort: str | None, descending: bool) -> array:
    order = AUDIT_SORTS.get(sort or "at", AUDIT_SORTS["at"]).format(d="DESC" if descending else "ASC")
    ids = array("q")
    cursor = ledger.conn.execute(f"SELECT a.id {source} ORDER BY {order}", params)
    while True:
        chunk = cursor.fetchmany(10000)
        if not chunk:
            return ids
        ids.extend(r[0] for r in chunk)


def audit_rows(ledger, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    marks = ",".join("?" for _ in ids)
    rows = {row["id"]: describe(dict(row)) for row in ledger.rows(f"SELECT {_FIELDS}{_FROM} WHERE a.id IN ({marks})", ids)}
    _name_units(ledger, list(rows.values()))
    return rows


def _name_units(ledger, rows: list[dict]) -> None:
    """Old/new values of a unit_id field shown as the unit's name."""
    wanted = {int(r[k]) for r in rows if r.get("field") == "unit_id" for k in ("old", "new")
              if r.get(k) not in (None, "") and str(r[k]).isdigit()}
    if not wanted:
        return
    names = {row[0]: row[1] for row in ledger.rows(
        f"SELECT id, name FROM units WHERE id IN ({','.join('?' for _ in wanted)})", list(wanted))}
    for row in rows:
        if row.get("field") == "unit_id":
            for key in ("old", "new"):
                if row.get(key) not in (None, "") and str(row[key]).isdigit():
                    row[key] = names.get(int(row[key]), row[key])


def iter_audit_rows(ledger, audit_filter: AuditFilter, batch: int = 2000) -> Iterator[dict]:
    """Every matching row, oldest first, for the export (streams; never loads the whole trail)."""
    where, params = _where(audit_filter)
    cursor = ledger.conn.execute(f"SELECT {_FIELDS}{_FROM}{where} ORDER BY a.id", params)
    while True:
        chunk = cursor.fetchmany(batch)
        if not chunk:
            return
        described = [describe(dict(row)) for row in chunk]
        _name_units(ledger, described)
        yield from described


def count_audit_rows(ledger, audit_filter: AuditFilter) -> int:
    where, params = _where(audit_filter)
    return ledger.scalar(f"SELECT COUNT(*) FROM audit a{where}", params)


def describe(row: dict) -> dict:
    """Add the words a reader wants: task label, field label."""
    if row.get("task_number") or row.get("task_title"):
        row["task_label"] = " ".join(str(x) for x in (row.get("task_number"), row.get("task_title")) if x)
    elif row.get("indicator_name"):
        row["task_label"] = f"指标：{row['indicator_name']}"
    else:
        row["task_label"] = ""
    row["field_label"] = FIELD_LABELS.get(row.get("field") or "", row.get("field") or "")
    return row


def audit_actors(ledger) -> list[str]:
    return [r[0] for r in ledger.rows("SELECT DISTINCT actor FROM audit WHERE actor IS NOT NULL AND actor != ''"
                                      " ORDER BY actor")]


def audit_source_files(ledger) -> list[str]:
    return [r[0] for r in ledger.rows("SELECT DISTINCT source_file FROM audit WHERE source_file IS NOT NULL"
                                      " ORDER BY source_file")]


# ----- one edit, one row (the 修改记录 page) -------------------------------------------------------------
# The fields one verb changed on one record in one transaction (填报进展: 完成状态, 完成进度, 进展情况 of one entry)
# are written as consecutive audit rows with the same batch, action and record: the page shows them as one edit and
# lists the fields on demand. An edit is found by its first row (its "head"): the row whose predecessor is not part
# of it, checked by primary key, so no GROUP BY over the whole trail is needed.
_SAME_EDIT = ("b.batch IS NOT NULL AND b.batch = a.batch AND b.action IS a.action AND b.entity IS a.entity"
              " AND b.entity_id IS a.entity_id AND b.task_id IS a.task_id AND b.unit_id IS a.unit_id"
              " AND b.period_id IS a.period_id")
_HEAD = f" LEFT JOIN audit b ON b.id = a.id - 1 AND {_SAME_EDIT}"
MAX_EDIT_FIELDS = 200   # an edit touching more fields of one record than this is shown as more than one row


def _head_where(audit_filter: AuditFilter) -> tuple[str, list]:
    where, params = _where(audit_filter)
    return (where + " AND b.id IS NULL") if where else " WHERE b.id IS NULL", params


def audit_edit_ids(ledger, audit_filter: AuditFilter, sort: str | None = None, descending: bool = True) -> array:
    """The first audit row of every edit matching the filter, in the chosen order."""
    where, params = _head_where(audit_filter)
    return _sorted_ids(ledger, f"FROM audit a{_HEAD}{where}", params, sort, descending)


def count_audit_edits(ledger, audit_filter: AuditFilter) -> int:
    where, params = _head_where(audit_filter)
    return ledger.scalar(f"SELECT COUNT(*) FROM audit a{_HEAD}{where}", params)


def audit_edit_rows(ledger, ids: list[int]) -> dict[int, dict]:
    """{head id: the edit}: the head's row (task, unit, period, who, when, file) with `fields`, every field it
    changed as {field, field_label, old, new}; `field_label`, `old` and `new` summarise them for one table row."""
    heads = audit_rows(ledger, ids)
    for head_id, edit in heads.items():
        members = [describe(dict(r)) for r in ledger.rows(
            "SELECT a.id, a.field, a.old, a.new FROM audit a JOIN audit h ON h.id = ?"
            " WHERE a.id >= h.id AND a.id < h.id + ? AND a.batch IS h.batch AND a.action IS h.action"
            " AND a.entity IS h.entity AND a.entity_id IS h.entity_id AND a.task_id IS h.task_id"
            " AND a.unit_id IS h.unit_id AND a.period_id IS h.period_id ORDER BY a.id",
            (head_id, MAX_EDIT_FIELDS))]
        fields, expected = [], head_id
        for member in members:            # consecutive rows only: the same record edited again later is a new edit
            if member["id"] != expected:
                break
            fields.append({"field": member.get("field"), "field_label": member["field_label"],
                           "old": member.get("old"), "new": member.get("new")})
            expected += 1
        if edit.get("field") == "unit_id":   # the head's unit names are already resolved
            fields[0].update(old=edit.get("old"), new=edit.get("new"))
        edit["fields"] = fields
        if len(fields) > 1:
            edit["field_label"] = "、".join(f["field_label"] or "—" for f in fields)
            empty_before = all(f["old"] in (None, "") for f in fields)
            edit["old"] = "（原为空）" if empty_before else "；".join(
                f"{f['field_label']}：{_short(f['old'])}" for f in fields)
            edit["new"] = "；".join(f"{f['field_label']}：{_short(f['new'])}" for f in fields)
    return heads


def _short(value, limit: int = 24) -> str:
    text = "（空）" if value in (None, "") else " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
