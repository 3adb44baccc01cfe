"""The final acceptance report: cover, sections, targets on a landscape page, evidence index, 验收意见 page."""
from __future__ import annotations

import re

import pytest

from db import queries
from db.evidence import add_evidence_bytes
from db.ledger import Ledger
from db.periods import get_period
from db.plan_store import current_plan_id
from db.progress import latest_indicator_value
from db.report_texts import set_report_text
from db.values import format_number
from desktop.cli import main
from reports.fingerprint import ledger_fingerprint
from tests.reports.pdf_inspect import body_text, kinsoku_violations, page_sizes, pdf_fonts, pdf_text, squash

SECTIONS = ["一、基本情况", "二、目标任务完成情况", "三、主要做法与成效", "四、存在问题", "五、下一步工作", "附件", "佐证材料目录",
            "验收意见"]


def _build(demo_path, out):
    return main(["report", "--db", str(demo_path), "--kind", "acceptance", "--period", "2026Q3", "--out", str(out)])


@pytest.fixture
def prepared(demo_path):
    """The demo ledger with the clerk's three texts and evidence for tasks 4 (two files) and 9."""
    with Ledger.open(demo_path) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        tasks = {t["number"]: t for t in queries.tasks(ledger, plan_id)}
        for number, name in (("4", "高价值专利培育项目验收报告.pdf"), ("4", "专利导航报告(终稿).docx"), ("9", "质押融资台账.xlsx")):
            task = tasks[number]
            add_evidence_bytes(ledger, task["id"], task["units"][0]["unit_id"], period["id"], name,
                               f"{number}{name}".encode())
        set_report_text(ledger, plan_id, "practices", "一是健全组织领导。\n二是强化资金保障,设立专项资金。")
        set_report_text(ledger, plan_id, "problems", "高价值专利储备仍显不足。")
        set_report_text(ledger, plan_id, "next_work", "持续推进知识产权强县建设。")
        indicator = queries.indicators(ledger, plan_id)[0]
        ledger.conn.execute("INSERT INTO indicator_tasks (indicator_id, task_id) VALUES (?, ?)",
                            (indicator["id"], tasks["4"]["id"]))
    return demo_path


def test_cover_sections_and_opinion_page(prepared, tmp_path):
    out = tmp_path / "验收报告.pdf"
    assert _build(prepared, out) == 0
    pages = pdf_text(out)
    cover = squash(pages[0])
    assert "泰兴市国家知识产权强县建设试点工作总结暨验收报告" in cover   # one title rule with the progress report
    assert "数据指纹" not in cover and "—" not in cover                # no fingerprint, no page number on the cover
    assert "报送单位:泰兴市市场监督管理局〔知识产权局〕(盖章)" in cover and "试点地区:泰兴市" in cover
    text = squash("".join(pages))
    at = 0
    for section in SECTIONS:            # each one after the one before
        at = text.index(section, at) + len(section)
    assert "泰政办发〔2024〕18号" in text and "试点期为2024—2026年" in text
    opinion = squash(pages[-1])
    for label in ("验收意见:", "序号", "姓名", "单位", "职务", "职称", "签字", "验收组组长(签字):", "(盖章)", "年月日"):
        assert label in opinion, label
    assert "1234567" in opinion                                 # seven numbered rows for the group


def test_targets_evidence_and_texts_match_the_ledger(prepared, tmp_path):
    out = tmp_path / "验收报告.pdf"
    assert _build(prepared, out) == 0
    text = squash("".join(pdf_text(out)))
    with Ledger.open(prepared, read_only=True) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        for number, target in enumerate(queries.indicators(ledger, plan_id), 1):
            value = latest_indicator_value(ledger, target["id"], period["end"])["value"]
            verdict = "达标" if value >= target["target"] else "未达标"
            row = (f"{number}{squash(target['name'])}{target['measure_unit']}{format_number(target['target'])}"
                   f"{format_number(value)}{value / target['target'] * 100:.1f}%{verdict}")
            assert row in text, row
        fingerprint = ledger_fingerprint(ledger, plan_id)
    assert "4-1、4-2" in text                                   # the first target is linked to task 4
    index = text[text.index("佐证材料目录"):]
    for ref, name in (("4-1", "高价值专利培育项目验收报告.pdf"), ("4-2", "专利导航报告(终稿).docx"), ("9-1", "质押融资台账.xlsx")):
        assert f"{ref}{name}" in index
    assert "专利导航报告(终稿).docx" in re.sub(r"\s", "", body_text(out))   # a file name printed exactly as written
    assert text.index("二是强化资金保障,设立专项资金。") > text.index("三、主要做法与成效")
    assert text.index("高价值专利储备仍显不足。") > text.index("四、存在问题")
    assert all(f"数据指纹 {fingerprint}" in page for page in pdf_text(out)[1:])


def test_fonts_a4_and_a_landscape_table_page(prepared, tmp_path):
    out = tmp_path / "验收报告.pdf"
    assert _build(prepared, out) == 0
    sizes = [(round(w), round(h)) for w, h in page_sizes(out)]
    assert sizes[0] == (595, 842) and sizes[-1] == (595, 842)
    assert (842, 595) in sizes                                  # the wide target table
    assert set(sizes) == {(595, 842), (842, 595)}
    assert all(font["emb"] == "yes" for font in pdf_fonts(out))
    assert kinsoku_violations(out) == []


def test_empty_texts_are_marked_as_not_yet_written(demo_path, tmp_path, capsys):
    out = tmp_path / "验收报告.pdf"
    assert _build(demo_path, out) == 0
    assert "提示：“主要做法与成效”尚未填写。" in capsys.readouterr().err
    text = squash("".join(pdf_text(out)))
    assert text.count("本部分尚未填写") == 3
    assert "台账中尚未上传佐证材料" in text


@pytest.mark.parametrize("title, label", [
    ("泰兴市国家知识产权强县建设试点县工作总结暨验收报告", "试点地区"),
    ("福州市开展新一轮国家知识产权示范城市工作总结暨验收报告", "示范地区"),
    ("某某县知识产权强县建设工作总结暨验收报告", "地区"),
])
def test_the_cover_names_the_place_in_the_programmes_own_word(title, label):
    from reports.acceptance_report import _region_label

    assert _region_label(title) == label


def test_a_demonstration_citys_report_does_not_call_its_programme_a_pilot(demo_path, tmp_path):
    from db.ledger import Ledger
    from db.plan_edit import update_plan
    from db.plan_store import current_plan_id
    from desktop.cli import main
    from tests.reports.pdf_inspect import pdf_text, squash

    with Ledger.open(demo_path) as ledger:
        update_plan(ledger, current_plan_id(ledger), title="福州市开展新一轮国家知识产权示范城市工作方案",
                    county="福州市")
    out = tmp_path / "验收.pdf"
    assert main(["report", "--db", str(demo_path), "--kind", "acceptance", "--out", str(out)]) == 0
    pages = [squash(page) for page in pdf_text(out)]
    basics = pages[1][:pages[1].index("二、目标任务完成情况")]
    assert "示范地区:福州市" in pages[0] and "试点" not in pages[0]
    assert "示范期为2024—2026年" in basics and "示范工作由" in basics and "试点" not in basics
