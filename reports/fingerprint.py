"""The fingerprint (数据指纹) of the ledger state a report was made from, printed in every page footer.

sha256 over the plan's rows (plan, sections, phases, tasks, sub-items, unit links and the units themselves,
targets and their task links, periods, progress entries, target values, evidence records, the clerk's report texts)
and the settings a report prints (county, bureau), each table in a fixed order, and the audit trail's head (its row
count and last hash). The same ledger state always
gives the same fingerprint; any saved change to those rows alters it. Shown as 12 hex digits: 3F9A-21C0-7B4E.
A signed paper copy can so be matched to the exact data (recompute it from a backup of the ledger).
"""
from __future__ import annotations

import hashlib

REPORT_SETTINGS = ("county", "bureau", "leader", "deputy_leader", "filled_by", "phone", "issuer", "addressee")

# (label, SQL with one ? for the plan id) — every query has a total ORDER BY.
_PLAN_QUERIES: tuple[tuple[str, str], ...] = (
    ("plans", "SELECT * FROM plans WHERE id = ?"),
    ("sections", "SELECT * FROM sections WHERE plan_id = ? ORDER BY id"),
    ("phases", "SELECT * FROM phases WHERE plan_id = ? ORDER BY id"),
    ("tasks", "SELECT * FROM tasks WHERE plan_id = ? ORDER BY id"),
    ("task_subitems", "SELECT s.* FROM task_subitems s JOIN tasks t ON t.id = s.task_id WHERE t.plan_id = ?"
                      " ORDER BY s.id"),
    ("task_units", "SELECT tu.* FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?"
                   " ORDER BY tu.task_id, tu.unit_id"),
    ("units", "SELECT u.id, u.name, u.short_name, u.kind, u.contact, u.phone, u.note FROM units u WHERE u.id IN"
              " (SELECT tu.unit_id FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = ?1"
              "  UNION SELECT unit_id FROM indicators WHERE plan_id = ?1) ORDER BY u.id"),
    ("indicators", "SELECT * FROM indicators WHERE plan_id = ? ORDER BY id"),
    ("indicator_tasks", "SELECT it.* FROM indicator_tasks it JOIN indicators i ON i.id = it.indicator_id"
                        " WHERE i.plan_id = ? ORDER BY it.indicator_id, it.task_id"),
    ("periods", "SELECT * FROM periods WHERE plan_id = ? ORDER BY id"),
    ("progress", "SELECT p.* FROM progress p JOIN tasks t ON t.id = p.task_id WHERE t.plan_id = ? ORDER BY p.id"),
    ("indicator_values", "SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                         " WHERE i.plan_id = ? ORDER BY v.id"),
    ("evidence", "SELECT e.id, e.task_id, e.unit_id, e.period_id, e.original_name, e.sha256, e.size FROM evidence e"
                 " JOIN tasks t ON t.id = e.task_id WHERE t.plan_id = ? ORDER BY e.id"),
    ("report_texts", "SELECT period_key, key, body FROM report_texts WHERE plan_id = ? ORDER BY period_key, key"),
)


def ledger_digest(ledger, plan_id: int) -> str:
    """The full sha256 hex digest of the plan's ledger state."""
    digest = hashlib.sha256()
    cursor = ledger.conn.cursor()
    cursor.row_factory = None          # plain tuples: a stable, fast repr
    for label, sql in _PLAN_QUERIES:
        digest.update(f"\x1e{label}\x1f".encode())
        cursor.execute(sql, (plan_id,))
        while True:
            rows = cursor.fetchmany(5000)
            if not rows:
                break
            digest.update(repr(rows).encode("utf-8", "surrogatepass"))
    for key in REPORT_SETTINGS:
        digest.update(f"\x1esetting:{key}\x1f{ledger.setting(key)!r}".encode())
    # the audit trail's head (count, last row's hash): a fingerprint recomputed after audit rows were deleted
    # no longer matches the printed one (issue 18: the chain head is anchored where a deletion shows)
    count, last = ledger.conn.execute("SELECT COUNT(*), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) FROM audit"
                                      ).fetchone()
    digest.update(f"\x1eaudit\x1f{count}:{last}".encode())
    cursor.close()
    return digest.hexdigest()


def format_fingerprint(hex_digest: str) -> str:
    short = hex_digest[:12].upper()
    return f"{short[0:4]}-{short[4:8]}-{short[8:12]}"


def ledger_fingerprint(ledger, plan_id: int) -> str:
    """'3F9A-21C0-7B4E': the first 12 hex digits of `ledger_digest`, grouped."""
    return format_fingerprint(ledger_digest(ledger, plan_id))
