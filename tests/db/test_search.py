"""Full-text search: what a clerk types finds the task, entry, unit, indicator or note, and the index follows every
edit (progress, plan edits, unit renames and merges, deletes, undo) without a rebuild."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.progress import record_progress
from db.search import KIND_AUDIT, KIND_INDICATOR, KIND_PROGRESS, KIND_TASK, KIND_UNIT, query_words, search
from db.search_index import index_problems
from db.units import find_unit

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers" / "v1.ipledger"


def _ids(led, task_number="4", unit="市科技局", period="2025Q3"):
    plan_id = led.scalar("SELECT MIN(id) FROM plans")
    task_id = led.scalar("SELECT id FROM tasks WHERE plan_id = ? AND number = ?", (plan_id, task_number))
    period_id = led.scalar("SELECT id FROM periods WHERE plan_id = ? AND key = ?", (plan_id, period))
    return task_id, find_unit(led, unit), period_id


def _kinds(hits) -> set[str]:
    return {hit.kind for hit in hits}


def test_progress_text_is_found_with_its_task_unit_and_period(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id,
                    {"progress": "完成高价值专利培育项目验收", "problems": "资金拨付偏慢", "next_steps": "组织专利导航培训"})
    hits = [h for h in search(demo_ledger, "培育项目验收") if h.kind == KIND_PROGRESS]
    assert [h.to_json() for h in hits] == [{"kind": "progress", "task": "4", "unit": "市科技局", "period": "2025Q3",
                                             "snippet": "完成高价值专利【培育项目验收】"}]
    assert (hits[0].task_id, hits[0].unit_id, hits[0].period_id, hits[0].field) == (task_id, unit_id, period_id,
                                                                                      "进展情况")
    problem = [h for h in search(demo_ledger, "拨付偏慢") if h.kind == KIND_PROGRESS]
    assert [(h.field, h.snippet) for h in problem] == [("存在问题", "资金【拨付偏慢】")]
    step = [h for h in search(demo_ledger, "专利导航培训") if h.kind == KIND_PROGRESS]
    assert [h.field for h in step] == ["下步计划"]


def test_two_character_words_are_found_everywhere(demo_ledger):
    """Most Chinese words have two characters: 专利 must find tasks, units' names, indicators and entries."""
    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "新增商标注册三件"})
    hits = search(demo_ledger, "专利")
    assert {KIND_TASK, KIND_INDICATOR} <= _kinds(hits)
    assert all("【专利】" in h.snippet for h in hits)
    assert any(h.kind == KIND_PROGRESS and h.task_id == task_id for h in search(demo_ledger, "商标"))
    assert [h.unit_name for h in search(demo_ledger, "科技") if h.kind == KIND_UNIT] == ["市科技局"]
    # ending a text, and a single character
    assert any(h.kind == KIND_PROGRESS for h in search(demo_ledger, "三件"))
    assert any(h.kind == KIND_PROGRESS for h in search(demo_ledger, "件"))


def test_every_word_must_occur_and_order_within_a_word_counts(demo_ledger):
    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "走访企业十二家,开展政策宣讲"})
    assert any(h.kind == KIND_PROGRESS for h in search(demo_ledger, "走访企业 政策宣讲"))
    assert not any(h.kind == KIND_PROGRESS for h in search(demo_ledger, "走访企业 不存在的词"))
    assert not any(h.kind == KIND_PROGRESS for h in search(demo_ledger, "宣讲政策"))   # the pairs, but not in order
    assert not search(demo_ledger, "业十二家开展")   # not across the comma


@pytest.mark.parametrize("query", ['"', '专利"', '"专利', "专利 AND", "OR", "NOT 专利", "专利*", "(专利", "专利)",
                                   "NEAR(专利", "^专利", "body:专利", "'", "专利'; DROP TABLE tasks; --", "-", "+",
                                   "。,、", "", "   ", "\u3000", "\\", "专利\x00", "a" * 3000, "🙂"])
def test_punctuation_and_query_syntax_never_raise(demo_ledger, query):
    hits = search(demo_ledger, query)
    assert isinstance(hits, list)
    if query_words(query) == ["专利"]:
        assert any(h.kind == KIND_TASK for h in hits)   # the word is still looked for, as text
    elif "专利" in query:
        assert hits == []       # AND, OR, NOT, NEAR, body are words to find too, and no text holds them
    assert demo_ledger.scalar("SELECT COUNT(*) FROM tasks") > 0


def test_latin_letters_ignore_case(demo_ledger):
    from db.plan_edit import update_task

    task_id, _unit, _period = _ids(demo_ledger)
    update_task(demo_ledger, task_id, title="推进GB/T 29490贯标")
    assert [h.task_id for h in search(demo_ledger, "gb/t") if h.kind == KIND_TASK] == [task_id]
    assert [h.task_id for h in search(demo_ledger, "29490") if h.kind == KIND_TASK] == [task_id]


def test_index_follows_edits_and_deletes(demo_ledger):
    from db.plan_edit import delete_task, update_task

    task_id, unit_id, period_id = _ids(demo_ledger)
    record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "召开琥珀专题会"})
    assert search(demo_ledger, "琥珀")
    record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "召开翡翠专题会"})
    assert not search(demo_ledger, "琥珀")
    assert [h.kind for h in search(demo_ledger, "翡翠")] == [KIND_PROGRESS]
    update_task(demo_ledger, task_id, title="实施玛瑙工程")
    assert [h.task_id for h in search(demo_ledger, "玛瑙")] == [task_id]
    delete_task(demo_ledger, task_id)
    assert search(demo_ledger, "玛瑙") == [] and search(demo_ledger, "翡翠") == []
    assert index_problems(demo_ledger) is None


def test_unit_rename_alias_and_merge(demo_ledger):
    from db.units import add_alias, create_unit, delete_unit, merge_units, rename_unit

    unit_id = find_unit(demo_ledger, "市科技局")
    rename_unit(demo_ledger, unit_id, "市科学技术局")
    renamed = [h for h in search(demo_ledger, "科学技术") if h.kind == KIND_UNIT]
    assert [(h.unit_id, h.unit_name, h.field) for h in renamed] == [(unit_id, "市科学技术局", "单位名称")]
    old = [h for h in search(demo_ledger, "市科技局") if h.kind == KIND_UNIT]      # its short name, and an alias
    assert [h.unit_id for h in old] == [unit_id]
    add_alias(demo_ledger, unit_id, "科创办")
    assert [(h.unit_id, h.field, h.snippet) for h in search(demo_ledger, "科创办")] == [(unit_id, "别名", "市科技局、【科创办】")]
    duplicate = create_unit(demo_ledger, "泰兴市珊瑚中心")
    add_alias(demo_ledger, duplicate, "珊瑚")
    merge_units(demo_ledger, unit_id, duplicate)
    assert {h.unit_id for h in search(demo_ledger, "珊瑚")} == {unit_id}    # the aliases moved to the kept unit
    spare = create_unit(demo_ledger, "临时琉璃小组")
    add_alias(demo_ledger, spare, "琉璃组")
    delete_unit(demo_ledger, spare)
    assert search(demo_ledger, "琉璃") == []
    assert index_problems(demo_ledger) is None


def test_notes_are_found_reopen_and_send_back_reasons_and_report_texts(demo_ledger):
    from db.report_texts import set_report_text
    from db.reviews import RETURNED, close_period, reopen_period, review_return

    _task, unit_id, period_id = _ids(demo_ledger)
    plan_id = demo_ledger.scalar("SELECT MIN(id) FROM plans")
    review_return(demo_ledger, unit_id, period_id, RETURNED, "佐证材料缺少盖章页")
    close_period(demo_ledger, period_id)
    reopen_period(demo_ledger, period_id, "补录县级检察院数据")
    set_report_text(demo_ledger, plan_id, "problems", "基层知识产权力量薄弱", "2025Q3")
    sent_back = search(demo_ledger, "盖章页")
    assert [(h.kind, h.field, h.unit_name, h.period_key) for h in sent_back] == [
        (KIND_AUDIT, "退回原因", "市科技局", "2025Q3")]
    reopened = search(demo_ledger, "县级检察院")
    assert [(h.kind, h.field, h.period_id) for h in reopened] == [(KIND_AUDIT, "重新开放原因", period_id)]
    assert reopened[0].audit_id is not None and reopened[0].at
    report = search(demo_ledger, "力量薄弱")
    assert [(h.kind, h.field, h.period_key) for h in report] == [(KIND_AUDIT, "报告内容（存在问题）", "2025Q3")]
    set_report_text(demo_ledger, plan_id, "problems", "", "2025Q3")
    assert search(demo_ledger, "力量薄弱") == []
    assert index_problems(demo_ledger) is None


def test_a_common_word_leaves_room_for_every_kind(demo_ledger):
    """知识产权 is in almost every task; the units, indicators and entries holding it still show within the limit."""
    hits = search(demo_ledger, "知识产权", limit=12)
    assert len(hits) == 12
    kinds = [h.kind for h in hits]
    assert {KIND_TASK, KIND_INDICATOR, KIND_UNIT} <= set(kinds)
    assert kinds == sorted(kinds, key=["task", "progress", "unit", "indicator", "audit"].index)   # grouped


def test_search_within_one_plan(demo_ledger):
    from db.plan_create import create_blank_plan

    other = create_blank_plan(demo_ledger, "另一方案", start_year=2025, end_year=2026)
    assert search(demo_ledger, "高价值专利", plan_id=other) == []
    assert search(demo_ledger, "高价值专利", plan_id=demo_ledger.scalar("SELECT MIN(id) FROM plans"))


def test_undo_and_redo_keep_the_index(demo_ledger):
    from db import ops

    task_id, unit_id, period_id = _ids(demo_ledger)
    with ops.operation(demo_ledger, "填报进展", source="window"):
        record_progress(demo_ledger, task_id, unit_id, period_id, {"progress": "完成玳瑁项目"})
    assert search(demo_ledger, "玳瑁")
    ops.undo(demo_ledger)
    assert search(demo_ledger, "玳瑁") == []
    ops.redo(demo_ledger)
    assert [h.kind for h in search(demo_ledger, "玳瑁")] == [KIND_PROGRESS]
    assert index_problems(demo_ledger) is None


def test_generated_ledger_is_indexed_in_bulk(tmp_path):
    """generate pauses the triggers and fills the index in Python: the same index the triggers would keep."""
    from db.generate import generate_ledger
    from db.ledger import Ledger

    path = tmp_path / "gen.ipledger"
    generate_ledger(path, (1, 2, 10, 20, 2))
    with Ledger.open(path) as led:
        assert index_problems(led) is None
        assert led.scalar("SELECT COUNT(*) FROM search_fts") == led.scalar("SELECT COUNT(*) FROM search_text")
        assert led.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'") > 30
        hits = search(led, "质押融资")
        assert {KIND_TASK, KIND_PROGRESS, KIND_INDICATOR} <= _kinds(hits)


def test_older_ledger_is_indexed_when_it_migrates(tmp_path):
    from db.ledger import Ledger

    copy = tmp_path / "v1.ipledger"
    shutil.copy(FIXTURE_V1, copy)
    with Ledger.open(copy) as led:
        hits = search(led, "补录")
        assert [(h.kind, h.field, h.period_key) for h in hits] == [(KIND_AUDIT, "重新开放原因", "2025Q4")]
        assert any(h.kind == KIND_UNIT and h.unit_name == "市科技局" for h in search(led, "科技局"))
        assert index_problems(led) is None


def test_an_imported_return_is_found_and_its_undo_takes_it_out(demo_ledger, tmp_path):
    """A return imported through the one road (reports.returns_import) is searchable at once; undoing the
    import removes its texts from the index, redoing brings them back."""
    from db import ops
    from reports.returns_import import import_return
    from tests.reports.returns_fixtures import fill, issue, task_keys

    form = issue(demo_ledger, tmp_path / "issued", "市科技局")
    first = task_keys(form)[0]
    filled = fill(form, tmp_path / form.name, tasks={first: {"progress": "完成翡翠湾园区专利导航项目", "percent": 80}},
                  foot={"filled_by": "李明", "phone": "13800000000"})
    report = import_return(demo_ledger, filled)
    assert report.verdict == "applied", report.error_lines()
    hits = search(demo_ledger, "翡翠湾")
    assert [(h.kind, h.unit_name, h.period_key, h.task_id) for h in hits] == [
        (KIND_PROGRESS, "市科技局", "2026Q3", int(first[1:]))]
    ops.undo(demo_ledger)
    assert search(demo_ledger, "翡翠湾") == []
    ops.redo(demo_ledger)
    assert len(search(demo_ledger, "翡翠湾")) == 1
    assert index_problems(demo_ledger) is None


def test_no_code_replaces_rows_of_indexed_tables():
    """INSERT OR REPLACE deletes the old row without firing its delete trigger, which would leave its words in the
    index; the indexed tables are written with INSERT, UPDATE, DELETE or an upsert (ON CONFLICT … DO UPDATE)."""
    import re

    root = Path(__file__).resolve().parents[2]
    indexed = "tasks|task_subitems|progress|units|unit_aliases|indicators|audit|return_reviews|report_texts"
    pattern = re.compile(rf"(INSERT\s+OR\s+REPLACE|REPLACE)\s+INTO\s+[\"'`]?(main\.)?[\"'`]?({indexed})\b", re.I)
    offenders = [f"{path.relative_to(root)}:{number}" for folder in ("db", "reports", "desktop", "ui")
                 for path in sorted((root / folder).rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def test_a_sub_item_finds_its_task_once(demo_ledger):
    from db.plan_edit import update_task

    task_id, _unit, _period = _ids(demo_ledger)
    update_task(demo_ledger, task_id, subitems="一是建设琉璃坊工作站\n二是培育琉璃坊品牌")
    hits = search(demo_ledger, "琉璃坊")
    assert [(h.kind, h.task_id, h.field) for h in hits] == [(KIND_TASK, task_id, "分项措施")]
    assert hits[0].snippet == "一是建设【琉璃坊】工作站"
    update_task(demo_ledger, task_id, subitems="一是建设工作站")
    assert search(demo_ledger, "琉璃坊") == []
    assert index_problems(demo_ledger) is None
