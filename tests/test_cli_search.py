"""`ipledger search TEXT --db FILE [--format json]` (../shared/CLI.md): the JSON shape, Chinese text output, exit codes."""
import json
import subprocess
import sys

from tests.conftest import REPO


def _search(*args):
    return subprocess.run([sys.executable, "-m", "desktop", "search", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def _record(demo_path, text):
    from db.ledger import Ledger
    from db.progress import record_progress
    from db.units import find_unit

    with Ledger.open(demo_path, actor="测试员") as led:
        task_id = led.scalar("SELECT id FROM tasks WHERE number = '4'")
        period_id = led.scalar("SELECT id FROM periods WHERE key = '2025Q3'")
        record_progress(led, task_id, find_unit(led, "市科技局"), period_id, {"progress": text})


def test_json_lists_hits_in_the_contract_shape(demo_path):
    _record(demo_path, "本期完成高价值专利培育项目验收")
    result = _search("培育项目验收", "--db", str(demo_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == [{"kind": "progress", "task": "4", "unit": "市科技局", "period": "2025Q3",
                                          "snippet": "本期完成高价值专利【培育项目验收】"}]


def test_two_character_word_finds_several_kinds_and_text_output_is_chinese(demo_path):
    data = json.loads(_search("专利", "--db", str(demo_path), "--format", "json").stdout)
    assert {"task", "indicator"} <= {hit["kind"] for hit in data}
    assert all(list(hit) == ["kind", "task", "unit", "period", "snippet"] for hit in data)
    text = _search("专利", "--db", str(demo_path), "--limit", "3")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert lines[0].startswith("〔任务〕任务4 任务名称：") and "【专利】" in lines[0]
    assert lines[-1] == "共 3 条（只列出前 3 条，可用 --limit 列出更多）。"


def test_nothing_found_and_nothing_to_find(demo_path):
    none = _search("没有这样的文字", "--db", str(demo_path), "--format", "json")
    assert none.returncode == 0 and json.loads(none.stdout) == []
    assert _search("没有这样的文字", "--db", str(demo_path)).stdout.strip() == "没有找到“没有这样的文字”。"
    punctuation = _search('"、(', "--db", str(demo_path), "--format", "json")
    assert punctuation.returncode == 2 and punctuation.stdout == ""
    assert "没有可查找的文字" in punctuation.stderr
    missing = _search("专利", "--db", str(demo_path.with_name("没有.ipledger")))
    assert missing.returncode == 2 and missing.stdout == ""
