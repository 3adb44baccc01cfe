"""The period progress report as the bureau prints it: sections, numbers equal to the ledger's, fonts, pages."""
from __future__ import annotations

import pytest

from db import queries
from db.ledger import Ledger
from db.periods import current_period, get_period
from db.plan_store import current_plan_id
from db.progress import latest_indicator_value, record_progress
from db.report_texts import get_report_text, set_report_text
from db.summary import status_summary
from db.values import format_number
from desktop.cli import main
from reports.fingerprint import ledger_fingerprint
from tests.reports.pdf_inspect import kinsoku_violations, page_sizes, pdf_fonts, pdf_text, squash

SECTIONS = ["一、总体进展", "二、指标完成情况", "三、重点任务推进情况", "四、存在问题", "五、下步计划"]
SIGNATURE = ["负责人(签字):", "分管领导(签字):", "填报人:", "联系电话:", "泰兴市市场监督管理局〔知识产权局〕2026年12月5日"]


def _report(demo_path, out, *extra):
    return main(["report", "--db", str(demo_path), "--kind", "progress", "--out", str(out), *extra])


@pytest.fixture
def built(demo_path, tmp_path, capsys):
    out = tmp_path / "进展情况报告.pdf"
    assert _report(demo_path, out, "--period", "2026Q3") == 0
    assert capsys.readouterr().out.strip() == str(out)
    return out


def test_the_report_has_its_title_sections_and_signature_block(built):
    text = squash("".join(pdf_text(built)))
    assert "泰兴市国家知识产权强县建设试点工作进展情况报告" in text
    assert "(2026年第3季度)" in text
    positions = [text.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    for label in SIGNATURE:
        assert label in text[positions[-1]:]
    assert "填报单位:泰兴市市场监督管理局〔知识产权局〕" in text and "县(市、区):泰兴市" in text


def test_every_count_equals_the_ledger(built, demo_path):
    with Ledger.open(demo_path, read_only=True) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        summary = status_summary(ledger, plan_id, period["id"])
    text = squash(pdf_text(built)[0] + pdf_text(built)[1])
    by_status = "、".join(f"{status}{count}项" for status, count in summary["by_status"].items())
    assert f"方案共有重点任务{summary['tasks']}项,其中{by_status}。" in text
    assert f"责任单位{summary['units']}个,已报送{summary['units_reported']}个" in text
    assert f"应填报进展条目{summary['entries_expected']}条,已填报{summary['entries_reported']}条" in text
    assert f"逾期未完成的任务{len(summary['overdue_tasks'])}项" in text


def test_every_target_row_shows_the_ledgers_values_and_completion_rate(built, demo_path):
    text = squash("".join(pdf_text(built)))
    with Ledger.open(demo_path, read_only=True) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        targets = queries.indicators(ledger, plan_id)
        assert targets
        for number, target in enumerate(targets, 1):
            latest = latest_indicator_value(ledger, target["id"], period["end"])
            value = latest["value"]
            rate = f"{value / target['target'] * 100:.1f}%"
            row = (f"{number}{squash(target['name'])}{target['measure_unit']}"   # no baselines: no such column
                   f"{format_number(target['target'])}{format_number(value)}{rate}")
            assert row in text, row


def test_each_units_progress_text_for_the_period_is_printed(built, demo_path):
    text = squash("".join(pdf_text(built)))
    with Ledger.open(demo_path, read_only=True) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        entries = queries.entries_for_period(ledger, plan_id, period["id"])
        units = {u["unit_id"]: u["name"] for t in queries.tasks(ledger, plan_id) for u in t["units"]}
    assert entries
    for (task_id, unit_id), entry in list(entries.items())[:10]:
        assert squash(entry["progress"]) in text
        assert squash(units[unit_id]) in text
    assert text.count("本期未填报") >= 4
    assert "未填写" not in text and "基期值" not in text                # the demo plan gives no baselines          # four units have not reported in 2026Q3


def test_fonts_are_embedded_truetype_subsets_and_pages_are_a4(built):
    fonts = pdf_fonts(built)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    assert not any("STSong" in font["name"] or "Helvetica" in font["name"] for font in fonts)
    assert all(round(w) == 595 and round(h) == 842 for w, h in page_sizes(built))
    assert kinsoku_violations(built) == []


def test_the_fingerprint_is_on_every_page_stable_and_changes_after_an_edit(built, demo_path, tmp_path):
    with Ledger.open(demo_path, read_only=True) as ledger:
        fingerprint = ledger_fingerprint(ledger, current_plan_id(ledger))
    pages = pdf_text(built)
    assert len(pages) > 3
    assert all(f"数据指纹 {fingerprint}" in page for page in pages)

    again = tmp_path / "again.pdf"
    assert _report(demo_path, again, "--period", "2026Q3") == 0
    assert all(f"数据指纹 {fingerprint}" in page for page in pdf_text(again))

    with Ledger.open(demo_path) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        task = queries.tasks(ledger, plan_id)[0]
        record_progress(ledger, task["id"], task["units"][0]["unit_id"], period["id"], {"percent": 99})
        changed = ledger_fingerprint(ledger, plan_id)
    assert changed != fingerprint
    edited = tmp_path / "edited.pdf"
    assert _report(demo_path, edited, "--period", "2026Q3") == 0
    assert all(f"数据指纹 {changed}" in page for page in pdf_text(edited))


def test_the_clerks_own_texts_are_kept_in_the_ledger_and_printed(demo_path, tmp_path):
    with Ledger.open(demo_path) as ledger:
        plan_id = current_plan_id(ledger)
        assert set_report_text(ledger, plan_id, "problems", "部分乡镇专职人员不足,需加强培训。", "2026Q3")
        assert set_report_text(ledger, plan_id, "next_steps", "第四季度开展总结评估。", "2026q3")
        assert not set_report_text(ledger, plan_id, "next_steps", "第四季度开展总结评估。", "2026Q3")
        audit = ledger.rows("SELECT field, new FROM audit WHERE action = '修改报告内容' ORDER BY id")
        assert [(r["field"], r["new"]) for r in audit] == [("2026Q3：存在问题", "部分乡镇专职人员不足,需加强培训。"),
                                                          ("2026Q3：下步计划", "第四季度开展总结评估。")]
        assert get_report_text(ledger, plan_id, "problems", "2026Q3").startswith("部分乡镇")
    out = tmp_path / "r.pdf"
    assert _report(demo_path, out, "--period", "2026Q3") == 0
    text = squash("".join(pdf_text(out)))
    problems = text.index("四、存在问题")
    assert text.index("部分乡镇专职人员不足,需加强培训。") > problems
    assert text.index("第四季度开展总结评估。") > text.index("五、下步计划")


def test_default_period_is_the_current_one_and_an_unknown_period_is_a_usage_error(demo_path, tmp_path, capsys):
    out = tmp_path / "default.pdf"
    assert _report(demo_path, out) == 0
    with Ledger.open(demo_path, read_only=True) as ledger:
        current = current_period(ledger, current_plan_id(ledger))   # the CLI's clock: today
    assert f"({current['name']})" in squash(pdf_text(out)[0])
    assert _report(demo_path, tmp_path / "bad.pdf", "--period", "2031Q1") == 2
    assert "找不到报告期“2031Q1”" in capsys.readouterr().err
    assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.parametrize("plan_title, county, progress, acceptance", [
    ("泰兴市国家知识产权强县建设试点县工作方案(2024-2026年)", "泰兴市",
     "泰兴市国家知识产权强县建设试点工作进展情况报告", "泰兴市国家知识产权强县建设试点工作总结暨验收报告"),
    ("关于印发《江阴市国家知识产权强市建设示范城市实施方案（2023—2025年）》的通知", "江阴市",
     "江阴市国家知识产权强市建设示范城市工作进展情况报告", "江阴市国家知识产权强市建设示范城市工作总结暨验收报告"),
    ("工作方案", "某县", "某县国家知识产权强县建设试点工作进展情况报告", "某县国家知识产权强县建设试点工作总结暨验收报告"),
    # another place's plan kept in this county's ledger keeps its own place name, without the county in front
    ("福州市开展新一轮国家知识产权示范城市工作方案", "泰兴市",
     "福州市开展新一轮国家知识产权示范城市工作进展情况报告", "福州市开展新一轮国家知识产权示范城市工作总结暨验收报告"),
    ("国家知识产权强县建设试点县工作方案(2024-2026年)", "泰兴市",
     "泰兴市国家知识产权强县建设试点工作进展情况报告", "泰兴市国家知识产权强县建设试点工作总结暨验收报告"),
])
def test_report_titles_follow_the_plans_own_words(plan_title, county, progress, acceptance):
    from reports.report_data import acceptance_title, progress_title

    assert progress_title(plan_title, county) == progress
    assert acceptance_title(plan_title, county) == acceptance


def test_office_fonts_on_the_machine_are_embedded_for_their_roles(demo_ledger, tmp_path):
    import shutil

    from reports.font_files import bundled_font_path
    from reports.pdf_fonts import report_fonts
    from reports.progress_report import build_progress_report

    folder = tmp_path / "Fonts"
    folder.mkdir()
    for name in ("simfang.ttf", "simhei.ttf", "simkai.ttf", "simsun.ttc"):
        shutil.copy(bundled_font_path(), folder / name)     # stand-ins with the office file names
    fonts = report_fonts([folder])
    result = build_progress_report(demo_ledger, tmp_path / "office.pdf", "2026Q3", fonts=fonts)
    # (the stand-ins share one face name, so reportlab embeds them as one font; real office fonts differ)
    assert all(font["emb"] == "yes" for font in pdf_fonts(result.path))
    from reports.pdf_layout import make_styles

    styles = make_styles(fonts)
    assert (styles["body"].fontName, styles["h1"].fontName, styles["h2"].fontName, styles["title"].fontName) == \
        (fonts.body, fonts.heading, fonts.kai, fonts.title)
    assert len({fonts.body, fonts.heading, fonts.kai, fonts.number}) == 4
    assert any(line.startswith("正文:仿宋 (") for line in result.fonts_used)
    assert any("页码:宋体 (" in line for line in result.fonts_used)



@pytest.mark.parametrize("repeat", [0, 1, 2, 3])
def test_no_page_ends_with_a_sections_column_heads_and_no_task_under_them(demo_path, tmp_path, repeat):
    """The heads of a part-three table (填报单位 状态 进度 本期进展情况) always have a task's rows below them,
    whatever the length of the units' texts pushes the page breaks to."""
    if repeat:
        ledger = Ledger.open(demo_path)
        period = get_period(ledger, current_plan_id(ledger), "2026Q3")
        for unit in queries.units_with_tasks(ledger, current_plan_id(ledger)):
            for item in queries.unit_checklist(ledger, unit["id"], period["id"]):
                record_progress(ledger, item["task_id"], unit["id"], period["id"],
                                {"progress": "本期工作按计划推进,详见佐证材料。" * repeat})
        ledger.close()
    out = tmp_path / "报告.pdf"
    assert _report(demo_path, out, "--period", "2026Q3") == 0
    for number, page in enumerate(pdf_text(out), 1):
        lines = [line.replace(" ", "") for line in page.splitlines()]
        for index, line in enumerate(lines):
            if line == "填报单位状态进度本期进展情况":
                assert "牵头单位" in "".join(lines[index + 1:]), f"第{number}页末尾只有表头"


def test_all_units_reported_but_an_entry_missing_is_not_called_complete_or_on_time(demo_path, tmp_path):
    with Ledger.open(demo_path) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q2")
        unit = next(u for u in queries.units_with_tasks(ledger, plan_id) if u["name"] == "市科技局")
        before = status_summary(ledger, plan_id, period["id"])
        first = queries.unit_checklist(ledger, unit["id"], period["id"])[0]
        ledger.conn.execute("DELETE FROM progress WHERE task_id = ? AND unit_id = ? AND period_id = ?",
                            (first["task_id"], unit["id"], period["id"]))
        ledger.conn.commit()
        after = status_summary(ledger, plan_id, period["id"])
    assert after["units_reported"] == before["units_reported"] == after["units"]   # every unit sent something
    out = tmp_path / "报告.pdf"
    assert _report(demo_path, out, "--period", "2026Q2") == 0
    text = squash("".join(pdf_text(out)))
    short = after["entries_expected"] - after["entries_reported"]
    assert "按时" not in text and f"已填报{after['entries_reported']}条,尚缺{short}条。" in text


def test_the_county_the_clerk_sets_in_plan_info_is_printed(demo_path, tmp_path):
    from db.plan_edit import update_plan

    with Ledger.open(demo_path) as ledger:
        update_plan(ledger, current_plan_id(ledger), county="某某县")
    out = tmp_path / "报告.pdf"
    assert _report(demo_path, out, "--period", "2026Q3") == 0
    assert "县(市、区):某某县" in squash(pdf_text(out)[0])


def test_a_reopened_period_says_so_with_its_reason(demo_path, tmp_path):
    """Closing locks a period; reopening needs a reason, which every report made from that period shows."""
    from db.reviews import close_period, reopen_period
    from reports.progress_report import build_progress_report
    from tests.reports.pdf_inspect import body_text

    with Ledger.open(demo_path, actor="王主任") as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q2")
        close_period(ledger, period["id"])
        reopen_period(ledger, period["id"], "市科技局补报佐证材料")
        out = tmp_path / "reopened.pdf"
        build_progress_report(ledger, out, "2026Q2")
        other = tmp_path / "other.pdf"
        build_progress_report(ledger, other, "2026Q1")
    text = squash(body_text(out))
    assert "重新开放" in text and "王主任" in text and "市科技局补报佐证材料" in text
    assert "重新开放" not in squash(body_text(other))
