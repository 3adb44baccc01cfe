"""The bundled demo ledger: the Taixing plan (泰政办发〔2024〕18号) with sample progress (示例数据).

Entered as structured data (db/demo_data/taixing_plan.json), not parsed at run time. Sample progress
covers the quarters that have ended by `today`; in the latest one some units have not reported yet and
some tasks are late, so every screen has something real to show.
"""
from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from db.ledger import Ledger
from db.periods import add_period, period_keys_between
from db.plan_store import store_plan
from db.progress import record_indicator_value, record_progress
from db import queries
from db.units import find_unit, rename_unit, update_unit
from db.values import measure_kind
from db.vocabulary import DONE, IN_PROGRESS, LAGGING, NOT_STARTED

DEMO_FILE = Path(__file__).with_name("demo_data") / "taixing_plan.json"
SAMPLE_ACTOR = "示例数据"

# The plan names some units by their everyday short form; the ledger holds the full name (名称) with the short
# one as 简称, the plan's word kept as an alias so its tasks still find the unit.
FULL_NAMES = {"人行": "中国人民银行泰兴市支行"}
# 名称 (full name) → 简称, kind, contact, phone.
UNIT_DETAILS = {
    "市市场监督管理局〔知识产权局〕": ("市市场监管局", "department", "周明华", "0523-87654301"),
    "市财政局": ("市财政局", "department", "陈静", "0523-87654302"),
    "市工信局": ("市工信局", "department", "刘建国", "0523-87654303"),
    "市科技局": ("市科技局", "department", "王磊", "0523-87654304"),
    "市农业农村局": ("市农业农村局", "department", "张卫东", "0523-87654305"),
    "市新闻出版局〔版权局〕": ("市版权局", "department", "赵丽", "0523-87654306"),
    "中国人民银行泰兴市支行": ("人行泰兴市支行", "other", "孙海燕", "0523-87654307"),
    "市司法局": ("市司法局", "department", "钱伟", "0523-87654308"),
    "市公安局": ("市公安局", "department", "李强", "0523-87654309"),
    "市检察院": ("市检察院", "department", "吴敏", "0523-87654310"),
    "市法院": ("市法院", "department", "郑涛", "0523-87654311"),
    "市自然资源和规划局": ("市自然资源和规划局", "department", "冯晓", "0523-87654312"),
    "市知识产权工作领导小组成员单位": ("领导小组成员单位", "other", "周明华", "0523-87654301"),
    "各乡镇〔街道〕": ("各乡镇〔街道〕", "township", "黄志强", "0523-87654313"),
    "园区": ("园区", "park", "何芳", "0523-87654314"),
}

# Units that have not reported in the latest ended quarter, and tasks their lead reports late.
SILENT_IN_LATEST = ("市农业农村局", "市自然资源和规划局", "园区", "市法院")
LATE_TASKS = ("9", "11")
# The quarter in which each task's lead reports it done; tasks not listed finish with 实施阶段 (2026Q2),
# late tasks never do, and the long-running efforts (4, 12, 13) are still under way.
DONE_IN = {"5": "2025Q4", "3": "2026Q1", "1": "2026Q1"}
STILL_RUNNING = ("4", "12", "13")
IMPLEMENTATION = (date(2024, 5, 1), date(2026, 6, 30))

PROGRESS_TEXTS = [
    "（示例数据）本期召开专题推进会1次，梳理任务清单，明确责任分工和时间节点。",
    "（示例数据）本期走访重点企业12家，开展政策宣讲，收集企业知识产权需求。",
    "（示例数据）本期组织专题培训1场，参训人员80余人次，相关工作按序时推进。",
    "（示例数据）本期完成阶段性目标，形成工作简报并报送市知识产权局。",
    "（示例数据）本期会同相关部门开展联合检查，建立问题清单并跟踪整改。",
]
PROBLEMS = ["（示例数据）部分企业参与积极性不高。", "（示例数据）专项资金拨付进度偏慢。", "（示例数据）基层专职人员不足。"]
NEXT_STEPS = ["（示例数据）下期继续加强督促指导，确保按期完成。", "（示例数据）下期开展成效评估，总结典型经验。"]


def load_demo_plan() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def create_demo_ledger(path: Path | str, *, today: date | None = None) -> Path:
    """Create the demo ledger file at `path` (refuses to overwrite)."""
    ledger = Ledger.create(path, actor=SAMPLE_ACTOR)
    try:
        fill_demo(ledger, today=today or date.today())
    except BaseException:
        ledger.close()
        Path(path).unlink(missing_ok=True)
        raise
    ledger.close()
    return Path(path)


def fill_demo(ledger: Ledger, *, today: date) -> int:
    plan = load_demo_plan()
    with ledger.transaction():
        plan_id = store_plan(ledger, plan, source_name="泰政办发〔2024〕18号（示例方案）", is_sample=True)
        ledger.set_setting("county", plan["county"])
        ledger.set_setting("bureau", "泰兴市市场监督管理局〔知识产权局〕")
        ledger.set_setting("is_sample", "1")
        for plan_word, full_name in FULL_NAMES.items():
            unit_id = find_unit(ledger, plan_word)
            if unit_id is not None:
                rename_unit(ledger, unit_id, full_name)
        for name, (short, kind, contact, phone) in UNIT_DETAILS.items():
            unit_id = find_unit(ledger, name)
            if unit_id is not None:
                update_unit(ledger, unit_id, short_name=short, kind=kind, contact=contact, phone=phone)
        bureau_id = find_unit(ledger, "市市场监督管理局〔知识产权局〕")
        for indicator_id, in ledger.rows("SELECT id FROM indicators WHERE plan_id = ?", (plan_id,)):
            ledger.conn.execute("UPDATE indicators SET unit_id = ? WHERE id = ?", (bureau_id, indicator_id))
        keys = period_keys_between("quarter", date(2024, 4, 1), date(2026, 12, 31))
        period_ids = {key: add_period(ledger, plan_id, key) for key in keys}
        _sample_progress(ledger, plan_id, period_ids, today)
    return plan_id


def _sample_progress(ledger: Ledger, plan_id: int, period_ids: dict[str, int], today: date) -> None:
    rng = random.Random(20240531)
    periods = [p for p in (dict(ledger.row("SELECT * FROM periods WHERE id = ?", (pid,))) for pid in period_ids.values())
               if p["end"] < today.isoformat()]
    if not periods:
        return
    tasks = queries.tasks(ledger, plan_id)
    latest_key = periods[-1]["key"]
    silent = {find_unit(ledger, name) for name in SILENT_IN_LATEST}
    total = len(periods)
    span = (IMPLEMENTATION[1] - IMPLEMENTATION[0]).days
    for index, period in enumerate(periods, 1):
        elapsed = (date.fromisoformat(period["end"]) - IMPLEMENTATION[0]).days / span
        share = max(0.05, min(elapsed, 1.0))
        for task in tasks:
            done_at = DONE_IN.get(task["number"], "2026Q2")
            for unit in task["units"]:
                if period["key"] == latest_key and unit["unit_id"] in silent:
                    continue
                if rng.random() < 0.03 and period["key"] != latest_key:
                    continue  # an occasional missed return in older quarters
                percent = min(95, max(0, round(share * 100 + rng.randint(-8, 8))))
                status = IN_PROGRESS
                if task["number"] in LATE_TASKS and index >= total - 2:
                    status, percent = LAGGING, max(20, percent - 35)
                elif task["number"] in LATE_TASKS:
                    percent = max(5, percent - 28)  # behind schedule (序时进度) long before it is reported late
                elif task["number"] in STILL_RUNNING:
                    percent = min(percent, 90)
                elif task["number"] not in LATE_TASKS and period["key"] >= done_at:
                    status, percent = DONE, 100
                elif index == 1 and rng.random() < 0.3:
                    status, percent = NOT_STARTED, 0
                changes = {
                    "status": status, "percent": percent,
                    "progress": rng.choice(PROGRESS_TEXTS),
                    "problems": rng.choice(PROBLEMS) if status in (LAGGING, IN_PROGRESS) and rng.random() < 0.5 else None,
                    "next_steps": rng.choice(NEXT_STEPS) if status != DONE else None,
                    "filled_by": UNIT_DETAILS.get(unit["name"], ("", "", "示例填报人", ""))[2],
                    "phone": UNIT_DETAILS.get(unit["name"], ("", "", "", "0523-87654300"))[3],
                }
                record_progress(ledger, task["id"], unit["unit_id"], period["id"], changes)
    # Targets: half-yearly actuals growing towards the target.
    indicators = queries.indicators(ledger, plan_id)
    half_year_ends = [p for p in periods if p["key"].endswith(("Q2", "Q4"))]
    for indicator in indicators:
        target = indicator["target"] or 0
        start_share = 0.55 + rng.random() * 0.2
        for index, period in enumerate(half_year_ends, 1):
            share = start_share + (1 - start_share) * index / 5.0 + rng.uniform(-0.03, 0.05)
            if indicator["cumulative"]:
                share = index / 5.5
            value = round(target * share, 1 if target < 100 else 0)
            if measure_kind(indicator["measure_unit"], indicator["name"]) == "count":
                value = max(0, round(value))       # enterprises, parks, people trained: whole numbers
            record_indicator_value(ledger, indicator["id"], period["id"], value=value, note="示例数据",
                                   unit_id=indicator["unit_id"])
