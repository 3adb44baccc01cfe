"""Benchmark (not a test): map and fill a 200-row upward template; goals: mapping < 1 s, filling < 2 s.

Run: python tests/benchmarks/bench_template.py
The template has 200 task rows (titles reworded from the ledger's, some the city's own), a two-level merged header,
a SUM totals row, a logo and a hidden sheet (tests/reports/template_fixtures.py). Figures are the median of 5 runs
against the demo ledger and against a generated city ledger (2,000 tasks to match against). Floors, measured in the
same run on the same file: openpyxl loading the workbook and reading every cell (mapping), and openpyxl loading it,
writing the same cells and saving (filling; that bare way also drops the logo).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from common import city_ledger, demo_ledger, median, open_ledger, repeat, report  # noqa: E402

ROWS = 200
MAP_GOAL, FILL_GOAL = 1.0, 2.0


def make_template(folder: Path, ledger) -> Path:
    from tests.reports.template_fixtures import task_template

    titles = [r["title"] for r in ledger.rows("SELECT title FROM tasks ORDER BY id LIMIT ?", (ROWS,))]
    extra = []
    for index in range(ROWS - 5):
        title = titles[index % len(titles)]
        extra.append((str(100 + index), title[2:] if index % 3 else f"城市自定事项第{index}项"))
    return task_template(folder / "附件1 大表.xlsx", extra_rows=extra)


def floor_read(path: Path) -> float:
    import openpyxl

    def run():
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                pass
    return median(repeat(run, 5))


def floor_write(path: Path, folder: Path, cells: int) -> float:
    import openpyxl

    def run():
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        for index in range(cells):
            ws.cell(5 + index // 6, 3 + index % 6, "【市科技局】本期推进情况" * 4)
        wb.save(folder / "floor.xlsx")
    return median(repeat(run, 5))


def measure(label: str, ledger_path: Path) -> None:
    from reports.template_fill import fill_template
    from reports.template_mapping import map_template

    folder = Path(tempfile.mkdtemp(prefix="ipledger-bench-template-"))
    ledger = open_ledger(ledger_path, read_only=True)
    try:
        template = make_template(folder, ledger)
        mapping = map_template(ledger, template)
        matched = sum(1 for r in mapping.sheets[0].rows if r.kind)
        map_time = median(repeat(lambda: map_template(ledger, template), 5))
        outs = iter(folder / f"out{i}.xlsx" for i in range(100))
        results = []
        fill_time = median(repeat(lambda: results.append(
            fill_template(ledger, template, "2026Q3", next(outs), mapping=map_template(ledger, template))), 5))
        cells = results[-1].cells_written
        report(f"map a {ROWS}-row template ({label}; {matched} rows matched)", figure=map_time,
               floor=floor_read(template), target_abs=MAP_GOAL)
        report(f"fill a {ROWS}-row template ({label}; {cells} cells, mapping included)", figure=fill_time,
               floor=floor_write(template, folder, cells), target_abs=FILL_GOAL)
    finally:
        ledger.close()


def main() -> int:
    measure("demo ledger", demo_ledger())
    measure("city ledger, 2,000 tasks", city_ledger())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
