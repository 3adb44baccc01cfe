"""Storing county packages in a roll-up ledger: the pinned county keys, the packages (current and replaced) and
the figures materialised from them. Each package is applied in one operation; the file's exact bytes are kept so
a package can be verified again later and the history shows every version received."""
from __future__ import annotations

import json
from dataclasses import dataclass

from db.ops import operation
from db.ops.changes import ROLLUP
from db.rollup.county_view import package_view
from db.rollup.matching import match_key

CURRENT, REPLACED = "current", "replaced"


@dataclass(frozen=True)
class KnownCounty:
    id: int
    identity: str
    name: str
    code: str | None
    ledger_id: str
    public_key: str
    first_seen: str


def county_identity(name: str, code: str | None) -> str:
    """A county is known by its 行政区划代码 when it has one, else by its name."""
    return f"code:{code}" if code else f"name:{name}"


def known_county(ledger, name: str, code: str | None) -> KnownCounty | None:
    row = ledger.row("SELECT * FROM rollup_counties WHERE identity = ?", (county_identity(name, code),))
    return KnownCounty(row["id"], row["identity"], row["name"], row["code"], row["ledger_id"], row["public_key"],
                       row["first_seen"]) if row else None


def current_package(ledger, county_id: int, period_key: str):
    return ledger.row("SELECT id, sha256, created_at, audit_count, audit_hash, imported_at FROM rollup_packages"
                      " WHERE county_id = ? AND period_key = ? AND state = 'current'", (county_id, period_key))


def package_seen(ledger, county_id: int, sha256: str):
    return ledger.row("SELECT id, state, imported_at FROM rollup_packages WHERE county_id = ? AND sha256 = ?"
                      " ORDER BY id DESC LIMIT 1", (county_id, sha256))


@dataclass
class PackageToStore:
    """What the reader checked and the store writes (reports/package_read.py builds it)."""
    file_name: str
    sha256: str
    content: bytes
    manifest: dict
    data: dict
    accept_new_key: bool = False


def store_package(ledger, package: PackageToStore) -> tuple[int, int | None]:
    """Write one checked package: (new package id, id of the package it replaced or None). The caller has already
    decided it is new or newer; the previous current package of the county and period becomes `replaced`."""
    manifest, data = package.manifest, package.data
    label = f"导入数据包 {manifest['county']} {manifest.get('period_name') or manifest['period']}"
    with operation(ledger, label, kinds={ROLLUP}, source="import"):
        with ledger.source_file(package.file_name, package.sha256, "数据包"):
            county_id = _county_row(ledger, manifest, package.accept_new_key)
            previous = current_package(ledger, county_id, manifest["period"])
            if previous is not None:
                ledger.conn.execute("UPDATE rollup_packages SET state = 'replaced' WHERE id = ?", (previous["id"],))
            head = manifest.get("audit_head") or {}
            cursor = ledger.conn.execute(
                "INSERT INTO rollup_packages (county_id, period_key, created_at, sha256, file_name, format_version,"
                " imported_at, imported_by, state, audit_count, audit_hash, figures, view)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?, ?)",
                (county_id, manifest["period"], manifest["created_at"], package.sha256, package.file_name,
                 manifest["format_version"], ledger.now(), ledger.actor, head.get("count"), head.get("hash"),
                 json.dumps(data["figures"]["status"], ensure_ascii=False),   # the `status` figures only
                 json.dumps(package_view(data), ensure_ascii=False)))
            package_id = cursor.lastrowid
            ledger.conn.execute("INSERT INTO rollup_package_files (package_id, content) VALUES (?, ?)",
                                (package_id, package.content))
            _store_targets(ledger, package_id, data)
            ledger.audit("导入数据包" if previous is None else "替换数据包", "rollup_package", package_id,
                         field=manifest["period"], old=previous["sha256"] if previous else None, new=package.sha256)
    return package_id, previous["id"] if previous else None


def _county_row(ledger, manifest: dict, accept_new_key: bool) -> int:
    known = known_county(ledger, manifest["county"], manifest.get("code"))
    if known is None:
        cursor = ledger.conn.execute(
            "INSERT INTO rollup_counties (identity, name, code, ledger_id, public_key, first_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (county_identity(manifest["county"], manifest.get("code")), manifest["county"], manifest.get("code"),
             manifest["ledger_id"], manifest["public_key"], ledger.now()))
        ledger.audit("登记县（市、区）签名密钥", "rollup_county", cursor.lastrowid, field="public_key",
                     new=manifest["public_key"])
        return cursor.lastrowid
    if known.public_key != manifest["public_key"] or known.ledger_id != manifest["ledger_id"]:
        assert accept_new_key, "the reader refuses a changed key unless the clerk accepted it"
        ledger.conn.execute("UPDATE rollup_counties SET public_key = ?, ledger_id = ?, key_changed_at = ? WHERE id = ?",
                            (manifest["public_key"], manifest["ledger_id"], ledger.now(), known.id))
        ledger.audit("更换县（市、区）签名密钥", "rollup_county", known.id, field="public_key", old=known.public_key,
                     new=manifest["public_key"])
    if known.name != manifest["county"]:
        ledger.conn.execute("UPDATE rollup_counties SET name = ? WHERE id = ?", (manifest["county"], known.id))
    return known.id


def _store_targets(ledger, package_id: int, data: dict) -> None:
    lights = {item["indicator_id"]: item for item in (data.get("figures") or {}).get("targets", [])}
    rows = []
    for position, target in enumerate(data.get("targets", [])):
        light = lights.get(target["id"], {})
        rows.append((package_id, position, target["name"], match_key(target["name"], target.get("measure_unit")),
                     target.get("measure_unit"), light.get("actual"), light.get("actual_period"), target.get("target"),
                     target.get("target_year"), target.get("comparison"), light.get("state"), light.get("light"),
                     light.get("actual_share")))
    ledger.conn.executemany(
        "INSERT INTO rollup_indicators (package_id, position, name, match_key, measure_unit, latest, latest_period,"
        " target, target_year, comparison, state, light, actual_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)


def package_history(ledger, county_id: int, period_key: str | None = None) -> list[dict]:
    """Every package received from a county (newest first), replaced ones included."""
    clause, params = ("AND period_key = ?", (county_id, period_key)) if period_key else ("", (county_id,))
    return [dict(r) for r in ledger.rows(
        "SELECT id, period_key, created_at, sha256, file_name, imported_at, imported_by, state, audit_count"
        f" FROM rollup_packages WHERE county_id = ? {clause} ORDER BY period_key DESC, id DESC", params)]


def all_packages(ledger, *, limit: int = 2000) -> list[dict]:
    """The packages received, newest import first, with their county (the 导入数据包 page's history)."""
    return [dict(r) for r in ledger.rows(
        "SELECT p.id, c.name AS county, p.period_key, p.created_at, p.imported_at, p.state, p.file_name, p.sha256"
        " FROM rollup_packages p JOIN rollup_counties c ON c.id = p.county_id ORDER BY p.id DESC LIMIT ?", (limit,))]


def county_name(ledger, county_id: int) -> str:
    return ledger.scalar("SELECT name FROM rollup_counties WHERE id = ?", (county_id,)) or ""
