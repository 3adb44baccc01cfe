"""Remembered mappings of upward templates (上级模板): which template row is which task or target, which column is
which ledger field, keyed by the template's structure fingerprint (reports/template_detect.py makes it).

Saving is a ledger write and goes through one operation (kind TEMPLATES): a clerk can undo it like any other change.
The mapping and the structure are stored as JSON, exactly as `ipledger map-template --format json` shows them.
"""
from __future__ import annotations

import json

from db.ops import Changes, operation
from db.ops.changes import TEMPLATES


def save_template_mapping(ledger, fingerprint: str, name: str, structure: dict, mapping: dict) -> Changes:
    """Remember (or replace) the mapping for templates with this fingerprint; one audited, undoable operation."""
    structure_text = json.dumps(structure, ensure_ascii=False, sort_keys=True)
    mapping_text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    with operation(ledger, f"保存模板映射 {name}", kinds={TEMPLATES}) as op:
        old = ledger.row("SELECT id, mapping FROM template_mappings WHERE fingerprint = ?", (fingerprint,))
        if old is not None and old["mapping"] == mapping_text:
            op.result = old["id"]
        else:
            ledger.conn.execute(
                "INSERT INTO template_mappings (fingerprint, name, structure, mapping, saved_at, saved_by)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET name = excluded.name,"
                " structure = excluded.structure, mapping = excluded.mapping, saved_at = excluded.saved_at,"
                " saved_by = excluded.saved_by",
                (fingerprint, name, structure_text, mapping_text, ledger.now(), ledger.actor))
            mapping_id = ledger.scalar("SELECT id FROM template_mappings WHERE fingerprint = ?", (fingerprint,))
            ledger.audit("保存模板映射", "template_mapping", mapping_id, field="映射",
                         old=None if old is None else "（原映射）", new=name)
            op.result = mapping_id
    return op.changes


def _as_dict(row) -> dict:
    return {"id": row["id"], "fingerprint": row["fingerprint"], "name": row["name"],
            "structure": json.loads(row["structure"]), "mapping": json.loads(row["mapping"]),
            "saved_at": row["saved_at"], "saved_by": row["saved_by"]}


def find_template_mapping(ledger, fingerprint: str) -> dict | None:
    """The remembered mapping for this fingerprint, or None."""
    row = ledger.row("SELECT * FROM template_mappings WHERE fingerprint = ?", (fingerprint,))
    return _as_dict(row) if row is not None else None


def recent_template_mappings(ledger, limit: int = 50) -> list[dict]:
    """Remembered mappings, newest first (to find the one a changed template was made from)."""
    return [_as_dict(r) for r in ledger.rows(
        "SELECT * FROM template_mappings ORDER BY saved_at DESC, id DESC LIMIT ?", (limit,))]
