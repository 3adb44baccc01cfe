"""Benchmark (not a test): parse a 150,000-character plan; the goal is under 1 s.

Run: python tests/benchmarks/bench_parse_plan.py
Prints the parse time and its ratio to a floor measured in the same run on the same text: one bare
regular-expression pass that finds every heading number and every sentence end (what any reader of the
text must at least do).
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.plan_import import parse_plan_text  # noqa: E402

TARGET_CHARS = 150_000
GOAL_SECONDS = 1.0
UNITS = ["市市场监督管理局〔知识产权局〕", "市科技局", "市工信局", "市财政局", "各县(市)区人民政府", "各乡镇〔街道〕", "市公安局"]
CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def big_plan(chars: int = TARGET_CHARS) -> str:
    """A realistic county plan grown to `chars`: notice, goals, many task sections in every unit form."""
    head = ["某市人民政府办公室关于印发《某市知识产权强市建设工作方案(2024-2026年)》的通知", "某政办发〔2024〕9号",
            "各乡镇人民政府(街道办事处),市各有关部门:", "现印发给你们,请认真贯彻落实。", "某市人民政府办公室", "2024年5月31日",
            "某市知识产权强市建设工作方案(2024-2026年)", "一、发展目标", "到2026年,知识产权综合实力显著增强。",
            "1.创造质量提升。有效发明专利量达3500件,万人发明专利拥有量达29件,高企贯标备案率超90%。",
            "二、重点任务"]
    body: list[str] = []
    task = 0
    section = 0
    while len("\n".join(head + body)) < chars:
        section += 1
        body.append(f"({cn_number(section % 99 or 1)})推进知识产权工作第{section}部分,助力高质量发展")
        body.append("树立新发展理念,落实高质量发展要求,着力提高知识产权创造质量、运用效益和保护效果。")
        for form in range(6):
            task += 1
            lead, co = UNITS[task % len(UNITS)], UNITS[(task + 2) % len(UNITS)]
            text = (f"{task}.实施第{task}项知识产权重点工程。一是加强政策引导激励,重点围绕精细化工及新材料、高端装备制造、"
                    "生物医药及新型医疗器械等特色产业,突出专利申请质量导向,创造一批科技含量高、权利状态稳定、市场竞争力强的"
                    "高价值专利。二是深度开展产学研合作,搭建产学研合作平台,支持企业与高等院校、科研单位建立合作关系,加大研发和"
                    "专利申请力度,重点推动产出一批支撑产业发展的自主知识产权创新成果。三是打造地理标志区域品牌,充分挖掘特色"
                    "地理标志资源,发挥自然环境优势、传统产业优势和龙头企业优势。四是提升商标品牌管理水平,发挥“双随机、一公开”"
                    "监管的日常性、基础性作用,加强商标使用管理监管,切实增强商标品牌创造、培育、运用和保护能力。")
            clause = [f"(牵头单位:{lead}。配合单位:{co}、市工信局)", f"({lead}、{co}负责)",
                      f"({lead}牵头,{co}按职责分工负责)", f"此项工作由{lead}、{co}负责。", "", ""][form]
            body.append(text + clause)
            if form == 4:
                body.append(f"责任单位:{lead}、{co},各县(市)区人民政府")
            if form == 5:
                body.append("完成时限:2026年6月底前")
    tail = ["三、实施计划", "(一)启动阶段(2024年1月-2024年4月)", "细化工作方案。", "(二)实施阶段(2024年5月-2026年6月)",
            "推进各项工作。", "四、保障措施", "(一)加强组织领导。统筹推进各项工作。"]
    return "\n".join(head + body + tail)


def hard_wrapped(text: str, width: int = 36, page_lines: int = 40) -> str:
    """PDF-converted text: hard wraps every `width` characters and a page number line every `page_lines`."""
    out: list[str] = []
    page = 1
    for paragraph in text.split("\n"):
        for start in range(0, max(len(paragraph), 1), width):
            out.append(paragraph[start:start + width])
            if len(out) % page_lines == 0:
                out.append(f"— {page} —")
                page += 1
    return "\n".join(out)


def timed(function, text: str, repeat: int = 5) -> float:
    """The best of several runs: other programs on the machine only ever make a run slower."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - start)
    return min(times)


FLOOR_PATTERN = re.compile(r"^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|\d{1,2}[.、])|[。;;]", re.MULTILINE)


def floor_pass(text: str) -> int:
    return sum(1 for _ in FLOOR_PATTERN.finditer(text))


def main() -> int:
    text = big_plan()
    expected_tasks = len(re.findall(r"^\d+\.实施第", text, re.MULTILINE))
    parsed = parse_plan_text(text)  # warm-up (imports, OpenCC dictionaries, regex compilation)
    seconds = timed(parse_plan_text, text)
    floor = timed(floor_pass, text)
    print(f"plan: {len(text):,} characters, {len(parsed['tasks'])} tasks, {len(parsed['indicators'])} targets, "
          f"{len(parsed['phases'])} phases")
    print(f"parse_plan_text: {seconds * 1000:.0f} ms (goal < {GOAL_SECONDS * 1000:.0f} ms)")
    print(f"floor (one regex pass over the same text): {floor * 1000:.1f} ms; ratio {seconds / floor:.0f}x")
    wrapped = hard_wrapped(text)
    wrapped_seconds = timed(parse_plan_text, wrapped, repeat=3)
    print(f"same plan hard-wrapped as PDF text ({len(wrapped):,} characters): {wrapped_seconds * 1000:.0f} ms, "
          f"{len(parse_plan_text(wrapped)['tasks'])} tasks")
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(text)
    traditional_seconds = timed(parse_plan_text, traditional, repeat=3)
    print(f"same plan in traditional characters: {traditional_seconds * 1000:.0f} ms")
    seconds = max(seconds, wrapped_seconds, traditional_seconds)
    if len(parsed["tasks"]) != expected_tasks:
        print(f"WARNING: expected {expected_tasks} tasks, parsed {len(parsed['tasks'])}")
    verdict = "OK" if seconds < GOAL_SECONDS else "TOO SLOW"
    print(verdict)
    return 0 if seconds < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
