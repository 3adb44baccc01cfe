"""Benchmark (not a test): read a 100-page PDF plan; the goal is under 5 s.

Run: python tests/benchmarks/bench_parse_pdf.py
The plan is made with reportlab (CJK font, running header, '— n —' footer, hard-wrapped paragraphs, a ruled task
table every ten pages). Floors measured in the same run on the same file: the bare text extraction of each library
alone — pypdfium2 (every page's text, what our reader builds on) and pdfplumber (extract_text on every page, the
other candidate), so the ratio shows what finding lines, tables, wraps and the parse itself cost on top.
"""
from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import report  # noqa: E402

PAGES = 100
GOAL_SECONDS = 5.0
UNITS = ["县市场监督管理局〔知识产权局〕", "县科技局", "县工业和信息化局", "县财政局", "各镇(街道)", "县公安局", "相关部门"]
MEASURE = ("围绕主导产业和战略性新兴产业,培育一批创新水平高、权利状态稳定、市场竞争力强的高价值专利组合,"
           "支持企业与高等院校、科研院所开展联合攻关,提升专利质量和运用效益,加强知识产权全链条保护。")


def blocks_for(pages: int) -> list:
    blocks: list = ["某县国家知识产权强县建设工作方案(2025-2027年)", "一、总体目标",
                    "到2027年,全县有效发明专利拥有量达到1500件。", "二、重点任务"]
    task = 0
    for page in range(1, pages):
        blocks.append(f"({'一二三四五六七八九十'[page % 10]})推进第{page}部分工作")
        for _ in range(3):
            task += 1
            lead, co = UNITS[task % len(UNITS)], UNITS[(task + 3) % len(UNITS)]
            blocks.append(f"{task}.实施第{task}项重点工程。{MEASURE}({lead}牵头,{co}按职责分工负责)")
        if page % 10 == 0:
            blocks.append([["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
                           *[[str(n), f"建设第{page}-{n}项知识产权服务平台", UNITS[n % 7], UNITS[(n + 1) % 7], "2026年底前"]
                             for n in range(1, 4)]])
        blocks.append("PAGE")
    blocks.append("三、保障措施")
    blocks.append("加强组织领导。")
    return blocks


def best_of(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    from tests.db.plan_pdf_fixtures import make_plan_pdf
    from db.plan_import import parse_plan_file

    folder = Path(tempfile.mkdtemp(prefix="ipledger-bench-pdf-"))
    path = make_plan_pdf(folder / "plan.pdf", blocks_for(PAGES))
    data = path.read_bytes()

    import pdfplumber
    import pypdfium2 as pdfium

    def pdfium_floor():
        document = pdfium.PdfDocument(data)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()

    def plumber_floor():
        with pdfplumber.open(io.BytesIO(data)) as document:
            for page in document.pages:
                page.extract_text()

    parsed = parse_plan_file(path)  # warm-up: imports, fonts, regexes
    pages = len(pdfium.PdfDocument(data))
    seconds = best_of(lambda: parse_plan_file(path))
    floor = best_of(pdfium_floor)
    plumber = best_of(plumber_floor, repeat=1)
    tables = sum(1 for t in parsed["tasks"] if t["deadline"])
    print(f"PDF: {pages} pages, {len(data) // 1024} KB; read {len(parsed['tasks'])} tasks ({tables} from tables), "
          f"{len(parsed['warnings'])} warnings")
    report(f"parse-plan on a {pages}-page PDF", figure=seconds, floor=floor, unit="s", target_abs=GOAL_SECONDS,
           note="floor: pypdfium2 text extraction alone")
    report("pdfplumber text extraction alone (not used for text)", figure=plumber, floor=floor, unit="s",
           note="the other candidate, for comparison")
    return 0 if seconds < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
