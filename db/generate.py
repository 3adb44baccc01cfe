"""Large realistic ledgers for benchmarks and demos (`ipledger generate --scale city|province`).

A city is 20 counties (2,000 tasks, 400 units, 20 quarterly periods, about 160,000 progress
entries); a province is ten cities. Everything lives in one plan so that every screen works on the
whole data set. Texts are Chinese phrases of the lengths real plans and returns have.

Speed: rows are written with `executemany` inside ONE transaction, in (task, unit, period) order so
the unique index grows at its end. The audit trail gets one summary row per bulk load (what was
generated, with the counts) instead of one row per field as the interactive verbs write.
"""
from __future__ import annotations

import os
import random
from datetime import date
from pathlib import Path
from typing import Callable

from db.errors import LedgerExistsError
from db.ledger import Ledger
from db.periods import parse_period_key
from db.search_index import index_paused
from db.vocabulary import DONE, IN_PROGRESS, LAGGING, NOT_STARTED, PERIOD_OPEN

SCALES = {
    # name: (cities, counties per city, tasks per county, units per county, periods)
    "city": (1, 20, 100, 20, 20),
    "province": (10, 20, 100, 20, 20),
}
ACTOR = "生成数据"

CITY_NAMES = ["江州", "临安", "清远", "汉阳", "安庆", "海陵", "东阳", "武平", "云川", "泰和"]
COUNTY_FIRST = "丰宁安平清河永康长乐新城宝应建德崇仁德化太和怀远金坛兴化"
COUNTY_SECOND = "阳川山江宁安城源平丰泉台溪林湖州"
COUNTY_SUFFIX = ("县", "市", "区")

UNIT_PATTERNS = [  # (name pattern, short pattern, kind)
    ("{c}市场监督管理局〔知识产权局〕", "{c}市场监管局", "department"),
    ("{c}科学技术局", "{c}科技局", "department"),
    ("{c}工业和信息化局", "{c}工信局", "department"),
    ("{c}财政局", "{c}财政局", "department"),
    ("{c}农业农村局", "{c}农业农村局", "department"),
    ("{c}商务局", "{c}商务局", "department"),
    ("{c}司法局", "{c}司法局", "department"),
    ("{c}公安局", "{c}公安局", "department"),
    ("{c}人民检察院", "{c}检察院", "department"),
    ("{c}人民法院", "{c}法院", "department"),
    ("{c}教育局", "{c}教育局", "department"),
    ("{c}文化广电和旅游局", "{c}文旅局", "department"),
    ("{c}自然资源和规划局", "{c}自然资源局", "department"),
    ("{c}发展和改革委员会", "{c}发改委", "department"),
    ("{c}委宣传部〔新闻出版局、版权局〕", "{c}版权局", "department"),
    ("中国人民银行{c}支行", "人行{c}支行", "other"),
    ("{c}经济开发区管理委员会", "{c}开发区", "park"),
    ("{c}高新技术产业园区管理委员会", "{c}高新区", "park"),
    ("{c}城东街道办事处", "城东街道", "township"),
    ("{c}{t}镇人民政府", "{t}镇", "township"),
]
TOWNS = "黄桥新街古溪河失虹桥分界元竹广陵曲霞根思"

SECTION_TOPICS = [
    ("提高知识产权创造质量", [0, 1, 2]),
    ("促进知识产权转化运用", [0, 3, 5, 15]),
    ("强化知识产权保护", [7, 8, 9, 6]),
    ("优化知识产权公共服务", [0, 13, 10]),
    ("夯实知识产权发展基础", [0, 14, 11, 4]),
]
TASK_TITLES = [
    "实施高价值专利培育工程", "推进企业知识产权管理规范贯标", "培育知识产权优势示范企业", "开展专利导航服务",
    "加强商标品牌培育", "培育地理标志产品", "推进知识产权质押融资", "实施专利转化专项计划", "推动高校院所专利开放许可",
    "建设知识产权运营中心", "开展知识产权保险试点", "培育专利密集型产品", "建设知识产权保护工作站",
    "开展打击侵权假冒联合执法", "完善知识产权纠纷多元化解机制", "加强商业秘密保护", "健全知识产权行政裁决机制",
    "加强展会知识产权保护", "加强知识产权检察综合履职", "建设知识产权信息公共服务平台", "推进知识产权公共服务网点建设",
    "实施中小企业知识产权托管", "推动知识产权服务业集聚发展", "开展知识产权宣传周活动", "加强知识产权人才培养",
    "完善知识产权统计监测", "落实知识产权奖补政策", "推进数据知识产权登记试点", "加强农产品商标注册和运用",
    "推动版权产业发展",
]
TASK_SENTENCES = [
    "加强政策引导激励，围绕主导产业突出专利申请质量导向，创造一批科技含量高、权利状态稳定、市场竞争力强的高价值专利",
    "深度开展产学研合作，支持企业与高等院校、科研单位建立合作关系，加大研发和专利申请力度",
    "建立重点企业知识产权工作联系制度，每季度走访服务重点企业，帮助解决知识产权创造、运用和保护中的实际困难",
    "组织开展知识产权质押融资银企对接活动，扩大质押融资规模，降低中小企业融资成本",
    "完善知识产权快速协同保护机制，畅通维权援助渠道，缩短侵权纠纷处理周期",
    "加大对商标侵权、假冒专利等违法行为的查处力度，形成严厉打击侵权假冒的高压态势",
    "推动知识产权服务机构进驻园区，为企业提供专利检索分析、布局规划和风险预警等服务",
    "实施知识产权人才培养计划，每年举办专题培训班，培养一批懂技术、懂法律、懂管理的复合型人才",
    "深入挖掘地方特色产品，指导申报地理标志证明商标，带动特色产业增收",
    "落实知识产权奖补政策，规范资金使用管理，提高财政资金使用效益",
    "建立健全知识产权纠纷人民调解组织，推进诉调对接，引导当事人通过调解化解纠纷",
    "利用知识产权宣传周、中国品牌日等节点，广泛开展知识产权普法宣传",
]
SUB_LABELS = ["一是", "二是", "三是", "四是"]
DEADLINES = [None, None, "年内完成", "长期坚持", "{y}年6月底前", "{y}年底前", "{y}年9月底前"]

PROGRESS_OPENINGS = [
    "本期召开专题推进会{n}次，梳理任务清单，明确责任分工和时间节点", "本期走访重点企业{n}家，开展政策宣讲，收集企业需求",
    "本期组织专题培训{n}场，参训人员{m}余人次", "本期会同相关部门开展联合检查{n}次，建立问题清单并跟踪整改",
    "本期新增发明专利授权{m}件，同比增长{n}%", "本期办理知识产权质押融资{n}笔，融资金额{m}万元",
    "本期受理知识产权纠纷{n}件，已调解结案{n}件", "本期指导{n}家企业通过知识产权管理体系认证",
]
PROGRESS_CLOSINGS = [
    "相关工作按序时进度推进。", "形成工作简报并报送市知识产权局。", "阶段性目标已完成。",
    "典型经验在全市推广交流。", "整改事项已全部销号。", "资料已归档备查。",
]
PROBLEM_TEXTS = [
    "部分企业参与积极性不高，知识产权意识仍需加强。", "专项资金拨付进度偏慢，影响项目推进。",
    "基层专职人员不足，工作力量较为薄弱。", "高价值专利储备不足，转化运用渠道有限。",
    "跨部门信息共享机制尚不健全。",
]
NEXT_TEXTS = [
    "下期继续加强督促指导，确保按期完成。", "下期开展成效评估，总结典型经验做法。",
    "下期加大政策宣传力度，扩大企业覆盖面。", "下期会同相关部门开展专项检查，推动问题整改到位。",
]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN = ["明华", "静", "建国", "磊", "卫东", "丽", "海燕", "伟", "强", "敏", "涛", "晓", "志强", "芳", "文", "红梅"]
INDICATORS = [
    ("有效发明专利量", "件", 3500), ("高价值发明专利拥有量", "件", 900), ("万人发明专利拥有量", "件", 29),
    ("有效注册商标量", "件", 26000), ("地理标志证明商标", "件", 6), ("知识产权质押融资额", "亿元", 10),
    ("专利转化运用项目", "项", 40), ("贯标企业数", "家", 120), ("知识产权示范优势企业", "家", 30),
    ("作品著作权登记量", "件", 1500), ("知识产权纠纷调解结案率", "%", 95), ("知识产权培训人次", "人次", 3000),
]
PHASES = [("启动阶段", 0.0, 0.1), ("实施阶段", 0.1, 0.8), ("评估阶段", 0.8, 0.9), ("总结验收阶段", 0.9, 1.0)]
CN_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五, 105 → 一百零五, 110 → 一百一十, 200 → 二百 (up to 999)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    if hundreds:
        text = CN_NUMBERS[hundreds - 1] + "百"
        if rest and tens == 0:
            return text + "零" + CN_NUMBERS[ones - 1]
        if rest:
            return text + CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")
        return text
    text = ("" if tens <= 1 else CN_NUMBERS[tens - 1]) + ("十" if tens else "")
    return text + (CN_NUMBERS[ones - 1] if ones else "")


def county_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND)
        if name not in seen:
            seen.add(name)
            names.append(name + rng.choice(COUNTY_SUFFIX))
    return names


def quarter_keys_ending(today: date, count: int) -> list[str]:
    """The `count` quarters ending with the last quarter that has ended by `today`."""
    year, quarter = today.year, (today.month - 1) // 3  # the quarter before today's
    if quarter == 0:
        year, quarter = year - 1, 4
    keys = []
    for _ in range(count):
        keys.append(f"{year}Q{quarter}")
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return keys[::-1]


def generate_ledger(path: Path | str, scale: str | tuple[int, int, int, int, int], *, today: date | None = None,
                    seed: int = 20240531, progress: Callable[[str], None] | None = None) -> dict:
    """Create a generated ledger at `path` (refuses to overwrite); returns the counts written.

    `scale` is "city", "province" or, for benchmarks, a shape tuple like the SCALES values.
    """
    if not isinstance(scale, tuple) and scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    say = progress or (lambda text: None)
    path = Path(path)
    if path.exists():
        raise LedgerExistsError(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名，或先移走该文件。")
    # Built under a hidden name and moved into place when complete: a generate killed halfway leaves no ledger
    # that blocks the next run (its hidden leftover is removed by that run).
    _remove_orphans(path)
    building = path.with_name(f".{path.name}.generating-{os.getpid()}")
    _remove_with_companions(building)
    ledger = Ledger.create(building, actor=ACTOR)
    try:
        ledger.conn.execute("PRAGMA cache_size = -65536")
        counts = _fill(ledger, scale, today or date.today(), random.Random(seed), say)
        say("正在整理数据库文件…")
        ledger.conn.execute("ANALYZE")
        ledger.close()
        if path.exists():
            raise LedgerExistsError(f"文件已存在：{path}。为防止覆盖已有数据，请换一个文件名，或先移走该文件。")
        os.replace(building, path)
    except BaseException:
        ledger.close()
        _remove_with_companions(building)
        raise
    return counts


def _remove_orphans(path: Path) -> None:
    """Hidden ledgers left by a generate that was killed (its process, named in the file, is gone)."""
    import glob

    from db.lockfile import pid_alive

    for leftover in path.parent.glob(f"{glob.escape('.' + path.name)}.generating-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            _remove_with_companions(leftover)


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _fill(ledger: Ledger, scale: str, today: date, rng: random.Random, say) -> dict:
    cities, per_city, tasks_per_county, units_per_county, period_count = \
        scale if isinstance(scale, tuple) else SCALES[scale]
    conn = ledger.conn
    now = ledger.now()
    keys = quarter_keys_ending(today, period_count)
    first, last = parse_period_key(keys[0]), parse_period_key(keys[-1])
    city_names = [CITY_NAMES[i % len(CITY_NAMES)] + "市" for i in range(cities)]
    counties = county_names(cities * per_city, rng)
    region = city_names[0] if cities == 1 else "江南省"
    title = f"{region}知识产权强{'市' if cities == 1 else '省'}建设重点任务台账（{first.start.year}-{last.end.year}年）"
    with ledger.transaction(), index_paused(ledger):   # the search index is filled once, at the end
        from db.tamper_seal import SEALED_TABLES, bulk

        bulk(ledger, *SEALED_TABLES)   # the tamper seal's digests are computed once, at the end (not row by row)
        plan_id = conn.execute(
            "INSERT INTO plans (title, issuer, doc_number, doc_date, start_year, end_year, county, source_name,"
            " is_sample, created_at) VALUES (?,?,?,?,?,?,?,?,1,?)",
            (title, f"{region}人民政府办公室", f"{region[0]}政办发〔{first.start.year}〕{rng.randint(10, 99)}号",
             first.start.isoformat(), first.start.year, last.end.year, region, "ipledger generate", now)).lastrowid
        span_days = (last.end - first.start).days
        phase_ids = []
        for position, (name, start, end) in enumerate(PHASES):
            phase_ids.append(conn.execute(
                "INSERT INTO phases (plan_id, name, start, end, position) VALUES (?,?,?,?,?)",
                (plan_id, name, date.fromordinal(first.start.toordinal() + int(span_days * start)).isoformat(),
                 date.fromordinal(first.start.toordinal() + int(span_days * end)).isoformat(), position)).lastrowid)
        period_ids = []
        for key in keys:
            spec = parse_period_key(key)
            period_ids.append(conn.execute(
                "INSERT INTO periods (plan_id, key, name, kind, start, end, due, state) VALUES (?,?,?,?,?,?,?,?)",
                (plan_id, spec.key, spec.name, spec.kind, spec.start.isoformat(), spec.end.isoformat(),
                 spec.default_due().isoformat(), PERIOD_OPEN)).lastrowid)

        say("正在生成单位和任务…")
        unit_rows, task_rows, subitem_rows, link_rows, section_count = [], [], [], [], 0
        county_units: list[list[int]] = []
        next_unit = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM units").fetchone()[0] or 0) + 1
        next_task = 1
        for c_index, county in enumerate(counties):
            ids = []
            for u_index, (pattern, short, kind) in enumerate(UNIT_PATTERNS[:units_per_county]):
                town = TOWNS[(c_index + u_index) % (len(TOWNS) - 1):][:2]
                unit_rows.append((next_unit, pattern.format(c=county, t=town), short.format(c=county[:2], t=town),
                                  kind, _person(rng), _phone(rng), now))
                ids.append(next_unit)
                next_unit += 1
            county_units.append(ids)
            top = conn.execute(
                "INSERT INTO sections (plan_id, parent_id, number, title, level, position) VALUES (?,?,?,?,1,?)",
                (plan_id, None, f"{chinese_number(c_index + 1)}、", f"{county}重点任务", c_index)).lastrowid
            section_count += 1
            per_topic = tasks_per_county // len(SECTION_TOPICS)
            number = 0
            for t_index, (topic, leads) in enumerate(SECTION_TOPICS):
                section_id = conn.execute(
                    "INSERT INTO sections (plan_id, parent_id, number, title, level, position) VALUES (?,?,?,?,2,?)",
                    (plan_id, top, f"({chinese_number(t_index + 1)})", topic, t_index)).lastrowid
                section_count += 1
                for _ in range(per_topic):
                    number += 1
                    task_id = next_task
                    next_task += 1
                    subs = rng.sample(TASK_SENTENCES, rng.randint(2, 4))
                    text = "".join(f"{SUB_LABELS[i]}{s}。" for i, s in enumerate(subs))
                    deadline = rng.choice(DEADLINES)
                    task_rows.append((task_id, plan_id, section_id, str(number),
                                      f"{rng.choice(TASK_TITLES)}", text,
                                      deadline.format(y=rng.randint(first.start.year, last.end.year))
                                      if deadline else None,
                                      phase_ids[1], None, 0, len(task_rows)))
                    for i, s in enumerate(subs):
                        subitem_rows.append((task_id, i, SUB_LABELS[i], s + "。"))
                    lead = ids[rng.choice(leads)]
                    others = rng.sample([u for u in ids if u != lead], 4 if rng.random() < 0.05 else 3)
                    link_rows.append((task_id, lead, "lead", 0))
                    link_rows.extend((task_id, unit, "co", i + 1) for i, unit in enumerate(others))
        conn.executemany("INSERT INTO units (id, name, short_name, kind, contact, phone, created_at)"
                         " VALUES (?,?,?,?,?,?,?)", unit_rows)
        conn.executemany("INSERT INTO tasks (id, plan_id, section_id, number, title, text, deadline, phase_id,"
                         " applicability, incomplete, position) VALUES (?,?,?,?,?,?,?,?,?,?,?)", task_rows)
        conn.executemany("INSERT INTO task_subitems (task_id, position, label, text) VALUES (?,?,?,?)", subitem_rows)
        conn.executemany("INSERT INTO task_units (task_id, unit_id, role, position) VALUES (?,?,?,?)", link_rows)

        say(f"正在生成进展填报（{len(link_rows) * len(period_ids):,} 条左右）…")
        entries = _write_progress(conn, rng, link_rows, period_ids, keys, now)
        indicator_count, value_count = _write_indicators(conn, rng, plan_id, county_units, counties, period_ids,
                                                         keys, last.end.year)
        counts = {"plan_id": plan_id, "counties": len(counties), "units": len(unit_rows), "tasks": len(task_rows),
                  "sections": section_count, "periods": len(period_ids), "progress": entries,
                  "indicators": indicator_count, "indicator_values": value_count}
        ledger.set_setting("current_plan_id", str(plan_id))
        ledger.set_setting("county", region)
        ledger.set_setting("is_sample", "1")
        ledger.audit("批量生成台账", "plan", plan_id, plan_id=plan_id,
                     new=(f"规模 {scale if isinstance(scale, str) else '自定义'}：{len(counties)} 个县（市、区），{len(unit_rows)} 个单位，{len(task_rows)} 项任务，"
                          f"{len(period_ids)} 个报告期，{entries} 条进展，{value_count} 个指标值（一次批量写入）"))
    return counts


def _write_progress(conn, rng: random.Random, links: list[tuple], period_ids: list[int], keys: list[str],
                    now: str) -> int:
    """One entry per task × unit × period, in index order; a few units are silent in the latest period."""
    total = len(period_ids)
    silent = {unit for unit in sorted({link[1] for link in links}) if rng.random() < 0.08}
    late_tasks = {task for task in sorted({link[0] for link in links}) if rng.random() < 0.07}
    batch: list[tuple] = []
    written = 0
    choice, rand, randint = rng.choice, rng.random, rng.randint
    for task_id, unit_id, _role, _ in links:
        done_at = randint(total // 2, total) if rand() < 0.3 else total + 1
        person, phone = _person(rng), _phone(rng)
        for index, period_id in enumerate(period_ids, 1):
            if index == total and unit_id in silent:
                continue
            if index < total and rand() < 0.01:
                continue  # an occasional missed return
            share = index / (total + 2)
            percent = min(95, max(0, round(share * 100 + randint(-8, 8))))
            status = IN_PROGRESS
            if index >= done_at:
                status, percent = DONE, 100
            elif task_id in late_tasks and index >= total - 3:
                status, percent = LAGGING, max(10, percent - 35)
            elif index <= 2 and rand() < 0.3:
                status, percent = NOT_STARTED, 0
            text = (choice(PROGRESS_OPENINGS).format(n=randint(1, 12), m=randint(20, 900)) + ","
                    + choice(PROGRESS_CLOSINGS))
            problems = choice(PROBLEM_TEXTS) if status in (LAGGING, IN_PROGRESS) and rand() < 0.4 else None
            next_steps = choice(NEXT_TEXTS) if status != DONE else None
            batch.append((task_id, unit_id, period_id, status, percent, text, problems, next_steps, person, phone,
                          now, ACTOR))
        if len(batch) >= 50_000:
            conn.executemany(_PROGRESS_INSERT, batch)
            written += len(batch)
            batch.clear()
    conn.executemany(_PROGRESS_INSERT, batch)
    return written + len(batch)


_PROGRESS_INSERT = ("INSERT INTO progress (task_id, unit_id, period_id, status, percent, progress, problems,"
                    " next_steps, filled_by, phone, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


def _write_indicators(conn, rng, plan_id, county_units, counties, period_ids, keys, target_year) -> tuple[int, int]:
    """Each county's targets, with half-yearly actual values growing towards them."""
    values: list[tuple] = []
    indicator_count = 0
    position = 0
    half_year_ends = [(pid, key) for pid, key in zip(period_ids, keys) if key.endswith(("Q2", "Q4"))]
    for county, units in zip(counties, county_units):
        for name, measure, target in INDICATORS:
            scaled = target if measure == "%" else max(1, round(target * rng.uniform(0.3, 1.5)))
            indicator_id = conn.execute(
                "INSERT INTO indicators (plan_id, position, category, name, measure_unit, target, target_year,"
                " comparison, cumulative, attribute, unit_id, source_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (plan_id, position, county, name, measure, scaled, target_year, ">=", 0, "预期性", units[0],
                 f"{county}{name}达{scaled}{measure}")).lastrowid
            position += 1
            indicator_count += 1
            start = 0.5 + rng.random() * 0.2
            for index, (period_id, _key) in enumerate(half_year_ends, 1):
                share = start + (1 - start) * index / (len(half_year_ends) + 1)
                values.append((indicator_id, period_id, round(scaled * share, 1 if scaled < 100 else 0), None,
                               units[0]))
    conn.executemany("INSERT INTO indicator_values (indicator_id, period_id, value, note, unit_id) VALUES (?,?,?,?,?)",
                     values)
    return indicator_count, len(values)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(510, 599)}-{rng.randint(80000000, 89999999)}"
