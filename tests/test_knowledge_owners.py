"""Each piece of knowledge that used to be written several times has one owner now (issue 12): the formula
guard, the workbook font, the indicator field words, the plan-year rule and the missing-units warning. Each test
would fail if a second copy came back."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _code_lines(folders=("db", "reports", "ui", "desktop")):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if code.strip():
                    yield path.relative_to(ROOT).as_posix(), number, code


def _offenders(pattern: str, owner: str) -> list[str]:
    found = re.compile(pattern)
    return [f"{path}:{number}: {code.strip()}" for path, number, code in _code_lines()
            if found.search(code) and path != owner]


def test_the_formula_guard_is_written_once():
    assert _offenders(r"quotePrefix\s*=\s*True|\(\"=\", \"\+\"", "reports/xlsx_text.py") == []


def test_user_text_that_looks_like_a_formula_stays_text_in_every_writer(tmp_path):
    from openpyxl import Workbook, load_workbook

    from reports.xlsx_text import put_text

    wb = Workbook()
    put_text(wb.active["A1"], "=HYPERLINK(\"http://x\")")
    put_text(wb.active["A2"], -3)
    wb.save(tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx").active
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("=HYPERLINK")
    assert ws["A2"].value == -3


def test_the_workbook_font_is_chosen_once():
    assert _offenders(r"Font\(name=\"", "reports/font_names.py") == []


def test_one_word_for_an_indicator_figure_in_the_audit_trail_and_the_return_checks():
    from db.audit_log import FIELD_LABELS as AUDIT_LABELS
    from db.returns_apply import FIELD_LABELS as RETURN_LABELS
    from db.vocabulary import INDICATOR_FIELD_LABELS
    from reports.form_layout import INDICATOR_COLUMNS

    assert AUDIT_LABELS["value"] == RETURN_LABELS["value"] == INDICATOR_FIELD_LABELS["value"]
    assert INDICATOR_FIELD_LABELS["value"] in [column.header for column in INDICATOR_COLUMNS]


def test_the_plan_years_rule_is_written_once():
    from db.plan_import import parse_plan_text
    from db.plan_store import _plan_years

    assert _offenders(r"\\d\{4\}\)\\s\*\[-", "db/plan_years.py") == []
    title = "某县知识产权强县建设工作方案(2024至2026年)"
    assert _plan_years({"title": title}) == (2024, 2026)
    parsed = parse_plan_text(title + "\n一、重点任务\n1.推进专利导航。(县科技局负责)\n")
    assert (parsed.get("start_year"), parsed.get("end_year")) in ((2024, 2026), (None, None))


def test_the_missing_units_warning_is_worded_once():
    from db.plan_import.messages import MISSING_UNITS

    assert _offenders(r"(\}|任务)" + MISSING_UNITS, "db/plan_import/messages.py") == []
