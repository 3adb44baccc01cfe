"""Awkward ledgers: no periods, targets without baseline or target, very long names and texts, rare and
unprintable characters, a large plan. Always a correct report or a clear Chinese message, never a crash or a
half-written file."""
from __future__ import annotations

import os
from datetime import date

import pytest

from db.ledger import Ledger
from db.periods import add_period
from db.plan_store import store_plan
from db.progress import record_progress
from db import queries
from desktop.cli import main
from reports.pdf_fonts import MissingGlyphError
from reports.progress_report import build_progress_report
from reports.report_data import ReportDataError
from tests.reports.pdf_inspect import body_text, kinsoku_violations, pdf_text, squash

LONG_UNIT = "泰兴市" + "高新技术产业开发区知识产权运营服务与保护中心" * 4 + "(喆堃镕办公室)"
RARE_UNIT = "市科技局(联系人张喆、李堃、王镕)"
NOWHERE = "\U0002A6A5"


def _plan(**changes):
    plan = {
        "title": "某县国家知识产权强县建设试点县工作方案(2025-2026年)", "county": "某县",
        "tasks": [
            {"number": "1", "title": "实施高价值专利培育工程", "section": "(一)提高创造质量",
             "lead_units": [LONG_UNIT], "co_units": [RARE_UNIT]},
            {"number": "2", "title": "加强知识产权保护", "section": "(二)强化保护",
             "lead_units": ["市司法局"], "co_units": []},
        ],
        "indicators": [
            {"name": "有效发明专利量", "unit": "件", "baseline": None, "target": 3500, "target_year": 2026},
            {"name": "专利质押融资额", "unit": "亿元", "baseline": None, "target": None},
            {"name": "知识产权侵权案件发案率", "unit": "%", "baseline": 5, "baseline_year": 2024, "target": 3,
             "target_year": 2026, "comparison": "<="},
        ],
    }
    plan.update(changes)
    return plan


def _ledger_file(tmp_path, clock, *, periods=("2025Q3",), plan=None):
    path = tmp_path / "台账.ipledger"
    ledger = Ledger.create(path, clock=clock)
    with ledger.transaction():
        plan_id = store_plan(ledger, plan or _plan())
        ledger.set_setting("county", "某县")
        ledger.set_setting("bureau", "某县市场监督管理局")
        for key in periods:
            add_period(ledger, plan_id, key)
    return ledger, plan_id


def test_no_periods_progress_is_refused_with_a_message_acceptance_still_prints(tmp_path, clock, capsys):
    ledger, _ = _ledger_file(tmp_path, clock, periods=())
    ledger.close()
    out = tmp_path / "进展.pdf"
    assert main(["report", "--db", str(tmp_path / "台账.ipledger"), "--kind", "progress", "--out", str(out)]) == 1
    assert "还没有报告期" in (err := capsys.readouterr().err) and "报告期管理" in err   # the button's own name
    assert not out.exists()
    acceptance = tmp_path / "验收.pdf"
    assert main(["report", "--db", str(tmp_path / "台账.ipledger"), "--kind", "acceptance",
                 "--out", str(acceptance)]) == 0
    assert "方案还没有报告期" in capsys.readouterr().err
    text = squash("".join(pdf_text(acceptance)))
    assert "按0个报告期跟踪填报进展(尚未设置报告期)" in text
    assert text.count("未填报") >= 3                  # each target: nothing reported


def test_targets_without_baseline_or_target_and_a_ceiling_target(tmp_path, clock):
    ledger, plan_id = _ledger_file(tmp_path, clock)
    period = queries.indicators(ledger, plan_id)
    period_id = ledger.scalar("SELECT id FROM periods WHERE key = '2025Q3'")
    from db.progress import record_indicator_value
    for indicator, value in zip(queries.indicators(ledger, plan_id), (1200, 3.5, 4)):
        record_indicator_value(ledger, indicator["id"], period_id, value=value)
    result = build_progress_report(ledger, tmp_path / "r.pdf", "2025Q3")
    text = squash("".join(pdf_text(result.path)))
    # one target has a baseline, so the column stays, with a dash where the plan gives none
    assert "1有效发明专利量件—3500120034.3%" in text
    assert "2专利质押融资额亿元——3.5—尚无数据" in text   # no target: the value, no rate, no crash
    assert "3知识产权侵权案件发案率%5≤3475.0%" in text          # ≤ target: target ÷ actual
    ledger.close()


def test_very_long_names_and_texts_and_rare_characters_print_completely(tmp_path, clock):
    ledger, plan_id = _ledger_file(tmp_path, clock)
    period_id = ledger.scalar("SELECT id FROM periods WHERE key = '2025Q3'")
    task = queries.tasks(ledger, plan_id)[0]
    long_text = "".join(f"第{i}项:本期完成专利导航分析报告一份,走访企业{i}家,组织培训。" for i in range(1, 160))[:4990] + "文末标记"
    lead, co = task["units"][0]["unit_id"], task["units"][1]["unit_id"]
    record_progress(ledger, task["id"], lead, period_id, {"status": "推进中", "percent": 60, "progress": long_text,
                                                         "problems": "喆堃镕" * 3, "filled_by": "张喆"})
    record_progress(ledger, task["id"], co, period_id, {"status": "滞后",
                                                        "progress": "王镕同志牵头推进。\nR&D投入<10%,<b>未加粗</b>"})
    result = build_progress_report(ledger, tmp_path / "长.pdf", "2025Q3")
    pages = pdf_text(result.path)
    text = squash(body_text(result.path))
    # The cell breaks across pages between lines and the task's title row repeats on each new page: take the
    # repeated title out and the text reads on without a character lost.
    start = text.index("1.实施高价值专利培育工程")
    title = text[start:text.index("完成进度60%)", start) + len("完成进度60%)")]
    assert text.count(title) >= 4
    assert squash(long_text) in text.replace(title, "")
    assert squash(LONG_UNIT) in text and squash(RARE_UNIT) in text
    assert "王镕同志牵头推进。\nR&D投入<10%,<b>未加粗</b>" in body_text(result.path)   # line break kept, no markup
    assert len(pages) >= 5
    assert kinsoku_violations(result.path) == []
    ledger.close()


def test_a_character_no_font_has_stops_the_report_before_any_file_is_written(tmp_path, clock, capsys):
    ledger, plan_id = _ledger_file(tmp_path, clock)
    period_id = ledger.scalar("SELECT id FROM periods WHERE key = '2025Q3'")
    task = queries.tasks(ledger, plan_id)[1]
    record_progress(ledger, task["id"], task["units"][0]["unit_id"], period_id,
                    {"status": "推进中", "progress": f"联系人李{NOWHERE}同志"})
    ledger.close()
    out = tmp_path / "报告.pdf"
    out.write_bytes(b"yesterday's report")
    assert main(["report", "--db", str(tmp_path / "台账.ipledger"), "--kind", "progress", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert NOWHERE in err and "U+2A6A5" in err and "强化保护" in err and "请安装" in err
    assert out.read_bytes() == b"yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("台账")) == ["报告.pdf"]


def test_a_missing_glyph_is_a_ledger_error_naming_where(tmp_path, clock):
    ledger, plan_id = _ledger_file(tmp_path, clock)
    ledger.set_setting("bureau", f"某县市场监督管理局{NOWHERE}")
    with pytest.raises(MissingGlyphError, match="县名或单位名称"):
        build_progress_report(ledger, tmp_path / "x.pdf", "2025Q3")
    assert not (tmp_path / "x.pdf").exists()
    ledger.close()


def test_an_empty_ledger_is_a_clear_message(ledger):
    with pytest.raises(ReportDataError, match="还没有方案"):
        build_progress_report(ledger, None)


@pytest.mark.slow
def test_a_200_page_report_of_a_large_plan(tmp_path):
    from db.generate import generate_ledger

    path = tmp_path / "large.ipledger"
    generate_ledger(path, (1, 5, 100, 20, 4), today=date(2026, 11, 21))
    with Ledger.open(path, read_only=True) as ledger:
        seen = []
        result = build_progress_report(ledger, tmp_path / "large.pdf", progress=lambda d, t: seen.append((d, t)))
    pages = pdf_text(result.path)
    assert len(pages) >= 200
    assert seen and seen[-1][0] == seen[-1][1]            # progress reached the end
    assert all(f"数据指纹 {result.fingerprint}" in page for page in pages)
    assert os.path.getsize(result.path) > 100_000
