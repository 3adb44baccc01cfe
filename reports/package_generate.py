"""Generated county packages for a province-sized roll-up (benchmarks and demos): each county a plausible plan of
~150 tasks, ~30 units and 12 quarterly periods with every entry reported, signed with the county's own key.
Built straight as package data (no county ledger), so 100 packages take seconds, not minutes."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from db.periods import parse_period_key
from db.vocabulary import DONE, IN_PROGRESS, LAGGING, NOT_STARTED, STATUSES
from reports import package_format as F
from reports.package_write import write_package

TARGETS = (("有效发明专利量", "件", 3500), ("高价值发明专利拥有量", "件", 900), ("每万人口高价值发明专利拥有量", "件", 12),
           ("注册商标总量", "件", 15000), ("知识产权质押融资额", "亿元", 20), ("专利转化实施率", "%", 60),
           ("知识产权优势示范企业", "家", 12), ("知识产权服务机构", "家", 30), ("培训知识产权人才", "人次", 500),
           ("地理标志商标", "件", 8))
PROGRESS = ("本期召开专题推进会，梳理任务清单，明确责任分工和时间节点。", "本期走访重点企业，开展政策宣讲，收集企业需求。",
            "本期组织专题培训，相关工作按序时推进。", "本期完成阶段性目标，形成工作简报并报送市知识产权局。")


def county_name(index: int) -> str:
    return f"第{index + 1:03d}县"


def _periods(last_key: str, count: int) -> list[dict]:
    spec = parse_period_key(last_key)
    year, quarter = spec.end.year, spec.end.month // 3
    keys = []
    for _ in range(count):
        keys.append(f"{year}Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    result = []
    for key in reversed(keys):
        p = parse_period_key(key)
        result.append({"key": key, "name": p.name, "kind": p.kind, "start": p.start.isoformat(),
                       "end": p.end.isoformat(), "due": (p.end + timedelta(days=5)).isoformat()})
    return result


def county_package_data(index: int, period_key: str, *, tasks: int = 150, units: int = 30, periods: int = 12,
                        seed: int = 20261205) -> tuple[dict, dict]:
    """(manifest fields, data) for one generated county."""
    rng = random.Random(seed + index)
    name = county_name(index)
    period_rows = _periods(period_key, periods)
    unit_rows = [{"id": u + 1, "name": f"{name}第{u + 1}部门", "short_name": f"第{u + 1}部门", "kind": "department",
                  "contact": "联系人", "phone": "0523-80000000"} for u in range(units)]
    task_rows, entries, figures_tasks = [], [], []
    by_status = {status: 0 for status in STATUSES}
    lights = {"red": 0, "yellow": 0, "green": 0}
    overdue, expected, reported = [], 0, 0
    for t in range(tasks):
        linked = rng.sample(range(1, units + 1), 3)
        task_rows.append({"id": t + 1, "number": str(t + 1), "title": f"重点任务第{t + 1}项：推进知识产权工作",
                          "text": "一是加强政策引导；二是强化服务保障；三是完善考核机制。", "section": "（一）重点任务",
                          "deadline": "2026年底前", "phase_id": None, "applicability": None, "position": t,
                          "units": [{"unit_id": u, "role": "lead" if i == 0 else "co"} for i, u in enumerate(linked)]})
        status = rng.choices(STATUSES, weights=(1, 6, 3, 1))[0]
        for p_index, period in enumerate(period_rows):
            share = (p_index + 1) / len(period_rows)
            for unit_id in linked:
                missing = p_index == len(period_rows) - 1 and rng.random() < 0.08
                expected += p_index == len(period_rows) - 1
                if missing:
                    continue
                reported += p_index == len(period_rows) - 1
                entries.append({"task_id": t + 1, "unit_id": unit_id, "period": period["key"],
                                "status": status if p_index == len(period_rows) - 1 else IN_PROGRESS,
                                "percent": 100 if status == DONE else round(share * 90),
                                "progress": rng.choice(PROGRESS), "problems": None, "next_steps": "下期继续推进。",
                                "filled_by": "填报人", "phone": "0523-80000000", "updated_at": period["due"] + " 09:00:00"})
        by_status[status] += 1
        light = {DONE: "done", LAGGING: "red", NOT_STARTED: "yellow"}.get(status, "green")
        lights["green" if light == "done" else light] += 1
        if light == "red":
            overdue.append(str(t + 1))
        figures_tasks.append({"task_id": t + 1, "status": status, "percent": 100 if status == DONE else 60,
                              "light": light, "overdue": light == "red", "explanation": "生成数据。"})
    target_rows, values, figures_targets = [], [], []
    for position, (target_name, unit, goal) in enumerate(TARGETS):
        target_rows.append({"id": position + 1, "position": position, "category": None, "name": target_name,
                            "measure_unit": unit, "baseline": goal * 0.5, "baseline_year": 2023, "target": goal,
                            "target_year": 2026, "comparison": ">=", "cumulative": 0, "attribute": None, "unit_id": 1})
        actual = round(goal * rng.uniform(0.6, 1.05), 1)
        for period in period_rows:
            values.append({"indicator_id": position + 1, "period": period["key"], "value": actual, "note": None,
                           "updated_at": period["due"] + " 09:00:00"})
        figures_targets.append({"indicator_id": position + 1, "state": "on_track", "light": "green", "actual": actual,
                                "actual_period": period_key, "actual_share": min(1.0, (actual - goal * 0.5) / (goal * 0.5)),
                                "explanation": "生成数据。"})
    status = {"plan": f"{name}知识产权强县建设工作方案", "period": period_key, "tasks": tasks, "by_status": by_status,
              "units": units, "units_reported": units, "entries_expected": expected, "entries_reported": reported,
              "overdue_tasks": overdue, "lights": lights}
    data = {"period": period_key, "plan": {"title": status["plan"], "issuer": f"{name}人民政府办公室",
                                           "doc_number": None, "doc_date": None, "start_year": 2024, "end_year": 2026},
            "phases": [], "units": unit_rows, "tasks": task_rows, "targets": target_rows, "periods": period_rows,
            "progress": entries, "indicator_values": values,
            "figures": {"as_of": parse_period_key(period_key).end.isoformat(), "status": status,
                        "tasks": figures_tasks, "targets": figures_targets}}
    due = parse_period_key(period_key).end
    created = datetime.combine(due + timedelta(days=rng.randint(3, 25)), datetime.min.time()).replace(hour=9)
    manifest = {"format": F.FORMAT_NAME, "format_version": F.FORMAT_VERSION, "county": name,
                "code": f"{320000 + index:06d}", "ledger_id": f"{index:032x}", "period": period_key,
                "period_name": parse_period_key(period_key).name, "created_at": created.isoformat(sep=" "),
                "plan": status["plan"], "audit_head": {"count": len(entries), "hash": f"{index:064x}"}}
    return manifest, data


def generate_packages(folder: Path | str, count: int, period_key: str = "2026Q3", *,
                      progress: Callable[[int, int], None] | None = None, **shape) -> list[Path]:
    """Write `count` generated county packages into `folder` (each county with its own new key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        manifest, data = county_package_data(index, period_key, **shape)
        written.append(write_package(folder / F.package_file_name(manifest["county"], period_key), manifest, data,
                                     Ed25519PrivateKey.generate()))
        if progress is not None:
            progress(index + 1, count)
    return written




ROLLUP_COUNTIES = {"city": 20, "province": 100}


def generate_rollup(path: Path | str, scale: str, *, name: str | None = None,
                    progress: Callable[[str], None] | None = None) -> dict:
    """`ipledger generate --rollup`: a roll-up ledger at `path` holding `scale`'s generated counties (20 for a city,
    100 for a province), their packages written into a folder beside it (`<name>_数据包`) and imported."""
    from db.ledger import Ledger
    from db.rollup import create_rollup_ledger
    from reports.package_read import import_packages

    path = Path(path)
    folder = path.with_name(f"{path.stem}_数据包")
    if folder.exists():
        from db.errors import LedgerExistsError

        raise LedgerExistsError(f"文件夹已存在：{folder}。为防止覆盖，不会改写它。请换一个台账文件名或先移走该文件夹。")
    count = ROLLUP_COUNTIES[scale]
    def told(done: int, total: int) -> None:
        if progress is not None and (done % 10 == 0 or done == total):
            progress(f"已生成数据包 {done}/{total}")

    packages = generate_packages(folder, count, progress=told)
    create_rollup_ledger(path, name or ("示例市" if scale == "city" else "示例省"), actor="生成数据")
    ledger = Ledger.open(path, actor="生成数据")
    try:
        reports = import_packages(ledger, packages)
    finally:
        ledger.close()
    return {"counties": count, "packages": folder, "applied": sum(1 for r in reports if r.verdict == "applied")}
