"""The county side: gather a period's package from the county ledger and write it, signed, as one zip file
(reports/package_format.py describes the format). Nothing in the ledger changes, except that the ledger's signing
key is made the first time (db/rollup/keys.py)."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from db import queries
from db.errors import LedgerError, NotFoundError
from db.periods import get_period, list_periods
from db.plan_store import current_plan_id
from db.rollup import ADMIN_CODE_SETTING, COUNTY_SETTING, is_rollup
from db.rollup.keys import public_key_of, sign
from reports import package_format as F
from reports.atomic_file import write_atomically

_TASK_FIELDS = ("id", "number", "title", "text", "section", "deadline", "phase_id", "applicability", "position")
_TARGET_FIELDS = ("id", "position", "category", "name", "measure_unit", "baseline", "baseline_year", "target",
                  "target_year", "comparison", "cumulative", "attribute", "unit_id")
_PROGRESS_FIELDS = ("task_id", "unit_id", "status", "percent", "progress", "problems", "next_steps", "filled_by",
                    "phone", "updated_at")


class PackageExportError(LedgerError):
    """The county ledger cannot make a package (no plan, no such period, a roll-up ledger…)."""


def collect_package(ledger, period_key: str) -> tuple[dict, dict]:
    """(manifest fields without the hashes and key, data) for the county ledger's current plan up to `period_key`."""
    if is_rollup(ledger):
        raise PackageExportError("这是汇总台账，不能生成县级数据包。请在县（市、区）的台账上运行。")
    plan_id = current_plan_id(ledger)
    if plan_id is None:
        raise PackageExportError("台账中还没有方案，无法生成数据包。请先导入或新建方案。")
    try:
        period = get_period(ledger, plan_id, period_key)
    except NotFoundError as exc:
        raise PackageExportError(str(exc)) from exc
    plan = dict(ledger.row("SELECT * FROM plans WHERE id = ?", (plan_id,)))
    county = (ledger.setting(COUNTY_SETTING) or plan.get("county") or "").strip()
    if not county:
        raise PackageExportError("台账未写明县（市、区）名称，城市无法识别数据包来自哪里。请先在设置中填写县名（county）。")
    tasks = queries.tasks(ledger, plan_id)
    periods = list_periods(ledger, plan_id)
    up_to = [p for p in periods if p["end"] <= period["end"]]
    key_by_id = {p["id"]: p["key"] for p in periods}
    progress = []
    for row in ledger.stream(
            "SELECT p.period_id, " + ", ".join(f"p.{name}" for name in _PROGRESS_FIELDS) +
            " FROM progress p JOIN periods pe ON pe.id = p.period_id WHERE pe.plan_id = ? AND pe.end <= ?"
            " ORDER BY pe.end, p.task_id, p.unit_id", (plan_id, period["end"])):
        entry = dict(zip(_PROGRESS_FIELDS, row[1:]))
        entry["period"] = key_by_id[row[0]]
        progress.append(entry)
    values = [{"indicator_id": r["indicator_id"], "period": key_by_id[r["period_id"]], "value": r["value"],
               "note": r["note"], "updated_at": r["updated_at"]} for r in ledger.rows(
        "SELECT v.* FROM indicator_values v JOIN periods pe ON pe.id = v.period_id"
        " WHERE pe.plan_id = ? AND pe.end <= ? ORDER BY pe.end, v.indicator_id", (plan_id, period["end"]))]
    unit_ids = {u["unit_id"] for t in tasks for u in t["units"]}
    targets = queries.indicators(ledger, plan_id)
    unit_ids |= {t["unit_id"] for t in targets if t.get("unit_id")}
    units = [dict(r) for r in ledger.rows("SELECT id, name, short_name, kind, contact, phone FROM units ORDER BY id")
             if r["id"] in unit_ids]
    data = {
        "period": period["key"],
        "plan": {key: plan.get(key) for key in ("title", "issuer", "doc_number", "doc_date", "start_year",
                                                "end_year")},
        "phases": [{key: p[key] for key in ("id", "name", "start", "end")} for p in queries.phases(ledger, plan_id)],
        "units": units,
        "tasks": [{**{key: t.get(key) for key in _TASK_FIELDS},
                   "units": [{"unit_id": u["unit_id"], "role": u["role"]} for u in t["units"]]} for t in tasks],
        "targets": [{key: t.get(key) for key in _TARGET_FIELDS} for t in targets],
        "periods": [{key: p[key] for key in ("key", "name", "kind", "start", "end", "due")} for p in up_to],
        "progress": progress,
        "indicator_values": values,
        "figures": county_figures(ledger, plan_id, period["id"], tasks),
    }
    head = ledger.row("SELECT COUNT(*) AS count, (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS hash FROM audit")
    manifest = {
        "format": F.FORMAT_NAME, "format_version": F.FORMAT_VERSION,
        "county": county, "code": (ledger.setting(ADMIN_CODE_SETTING) or "").strip() or None,
        "ledger_id": ledger.setting("ledger_id"), "period": period["key"], "period_name": period["name"],
        "created_at": ledger.now(), "plan": data["plan"]["title"],
        "audit_head": {"count": head["count"], "hash": head["hash"]},
    }
    return manifest, data


def county_figures(ledger, plan_id: int, period_id: int, tasks: list[dict]) -> dict:
    """The county's own figures for the period: `status` (db.summary, the `ipledger status` figures), each
    task's light and status and each target's light (db.lights), judged at the county when the package is made."""
    from db.lights import period_lights, target_lights
    from db.summary import status_summary

    lights = period_lights(ledger, plan_id, period_id, tasks=tasks)
    targets = target_lights(ledger, plan_id, period_id)
    return {
        "as_of": lights.as_of.isoformat(),
        "status": status_summary(ledger, plan_id, period_id),
        "tasks": [{"task_id": item.task_id, "status": item.status, "percent": item.percent, "light": item.light,
                   "overdue": item.overdue, "explanation": item.explanation} for item in lights.tasks.values()],
        "targets": [{"indicator_id": item.indicator_id, "state": item.state, "light": item.light,
                     "actual": item.actual, "actual_period": item.actual_period, "actual_share": item.actual_share,
                     "explanation": item.explanation} for item in targets.values()],
    }


def write_package(out: Path | str, manifest: dict, data: dict, private_key) -> Path:
    """Sign and write a package (refuses to overwrite an existing file). Also used by the benchmark's generator."""
    out = Path(out)
    if out.exists():
        raise PackageExportError(f"文件已存在：{out}。为防止覆盖，不会改写它。请换一个文件名或先移走该文件。")
    data_bytes = F.encode(data)
    manifest = {**manifest, "public_key": public_key_of(private_key), "signature_algorithm": F.ALGORITHM,
                "files": {F.DATA: {"sha256": hashlib.sha256(data_bytes).hexdigest(), "size": len(data_bytes)}}}
    manifest_bytes = F.encode(manifest)
    signature = F.encode({"algorithm": F.ALGORITHM, "signed_file": F.MANIFEST, "public_key": manifest["public_key"],
                          "signature": sign(private_key, manifest_bytes)})

    def write(temp: str) -> None:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr(F.MANIFEST, manifest_bytes)
            archive.writestr(F.DATA, data_bytes)
            archive.writestr(F.SIGNATURE, signature)

    return write_atomically(out, write)


def export_package(ledger, period_key: str, out: Path | str) -> Path:
    """`ipledger export-package` and 表格收发 → 生成上报数据包…: the county's signed package for the period."""
    from db.rollup.keys import signing_key

    if Path(out).exists():
        raise PackageExportError(f"文件已存在：{out}。为防止覆盖，不会改写它。请换一个文件名或先移走该文件。")
    manifest, data = collect_package(ledger, period_key)
    return write_package(out, manifest, data, signing_key(ledger))
