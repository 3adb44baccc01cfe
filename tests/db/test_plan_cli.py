"""`ipledger parse-plan` and `ipledger import-plan` as a power user runs them (python -m desktop):
JSON on stdout, a readable summary, the new plan's id; and every kind of bad input refused with a
Chinese message on stderr, exit code 2, and nothing stored."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "fixtures" / "plans" / "qingchuan-sample.txt"


def ipledger(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def empty_ledger(tmp_path) -> Path:
    path = tmp_path / "台账.ipledger"
    result = ipledger("init", "--db", path)
    assert result.returncode == 0, result.stderr
    return path


def plan_count(path: Path) -> int:
    from db.ledger import Ledger

    ledger = Ledger.open(path, read_only=True)
    try:
        return ledger.scalar("SELECT COUNT(*) FROM plans")
    finally:
        ledger.close()


def test_parse_plan_json_is_the_contract_shape():
    result = ipledger("parse-plan", SAMPLE, "--format", "json")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["title"] == "青川县知识产权强县建设工作方案(2025—2027年)"
    assert parsed["doc_number"] == "青政办发〔2025〕7号"
    assert len(parsed["tasks"]) == 8
    assert parsed["tasks"][0]["lead_units"] == ["县市场监督管理局〔知识产权局〕"]
    phase = parsed["phases"][0]
    assert (phase["name"], phase["start"], phase["end"]) == ("动员部署阶段", "2025-03", "2025-04")
    assert "动员部署阶段" in parsed["source_text"].split("\n")[phase["source_lines"][0]]
    assert any("未写明责任单位" in w for w in parsed["warnings"])


def test_parse_plan_summary_is_readable_chinese():
    result = ipledger("parse-plan", SAMPLE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "方案：青川县知识产权强县建设工作方案(2025—2027年)" in out   # the title as the document writes it
    assert "任务 8 项，指标 5 个，阶段 3 个" in out
    assert "牵头：县市场监督管理局〔知识产权局〕" in out
    assert "【需要人工核对】" in out


def test_import_plan_stores_tasks_units_targets_and_phases(empty_ledger):
    result = ipledger("import-plan", SAMPLE, "--db", empty_ledger)
    assert result.returncode == 0, result.stderr
    plan_id = int(result.stdout.strip())
    from db.ledger import Ledger

    ledger = Ledger.open(empty_ledger, read_only=True)
    try:
        plan = ledger.row("SELECT * FROM plans WHERE id = ?", (plan_id,))
        assert plan["title"] == "青川县知识产权强县建设工作方案(2025—2027年)"
        assert (plan["start_year"], plan["end_year"]) == (2025, 2027)
        assert plan["source_name"] == SAMPLE.name
        assert ledger.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,)) == 8
        assert ledger.scalar("SELECT COUNT(*) FROM indicators WHERE plan_id = ?", (plan_id,)) == 5
        assert ledger.scalar("SELECT COUNT(*) FROM phases WHERE plan_id = ?", (plan_id,)) == 3
        leads = [r[0] for r in ledger.rows(
            "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id "
            "WHERE t.plan_id = ? AND t.number = '1' AND tu.role = 'lead'", (plan_id,))]
        assert leads == ["县市场监督管理局〔知识产权局〕"]
        subitems = ledger.scalar("SELECT COUNT(*) FROM task_subitems s JOIN tasks t ON t.id = s.task_id "
                                 "WHERE t.plan_id = ?", (plan_id,))
        assert subitems == 2
    finally:
        ledger.close()


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["empty"] = tmp_path / "空白.txt"
    files["empty"].write_bytes(b"")
    files["binary"] = tmp_path / "图片.txt"
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["fake_docx"] = tmp_path / "假文档.docx"
    files["fake_docx"].write_text("这不是Word文档", encoding="utf-8")
    files["huge"] = tmp_path / "巨大.txt"
    with open(files["huge"], "wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    files["no_tasks"] = tmp_path / "会议通知.txt"
    files["no_tasks"].write_text("关于召开知识产权工作会议的通知\n各单位:\n定于下周一召开会议,请准时参加。\n", encoding="utf-8")
    files["missing"] = tmp_path / "不存在.txt"
    files["old_doc"] = tmp_path / "旧格式.doc"
    files["old_doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return files


EXPECTED_WORDS = {
    "empty": "空", "binary": "不是文字文件", "fake_docx": "不是有效的 Word 文档", "huge": "过大",
    "no_tasks": "没有识别到任何任务", "missing": "找不到文件", "old_doc": "另存为",
}


@pytest.mark.parametrize("case", sorted(EXPECTED_WORDS))
def test_bad_input_is_refused_with_exit_2_and_nothing_stored(tmp_path, empty_ledger, case):
    path = _bad_files(tmp_path)[case]
    parsed = ipledger("parse-plan", path, "--format", "json")
    assert parsed.returncode == 2
    assert parsed.stdout == ""
    assert EXPECTED_WORDS[case] in parsed.stderr
    assert "Traceback" not in parsed.stderr
    imported = ipledger("import-plan", path, "--db", empty_ledger)
    assert imported.returncode == 2
    assert imported.stdout == ""
    assert EXPECTED_WORDS[case] in imported.stderr
    assert plan_count(empty_ledger) == 0


def test_import_into_a_missing_ledger_is_refused(tmp_path):
    result = ipledger("import-plan", SAMPLE, "--db", tmp_path / "没有这个台账.ipledger")
    assert result.returncode == 2
    assert "找不到台账文件" in result.stderr
    assert not (tmp_path / "没有这个台账.ipledger").exists()


def test_plan_import_never_loads_qt():
    code = ("import sys; import db.plan_import, db.plan_import.parse, db.plan_import.matching, "
            "db.plan_import.reading, db.plan_import.docx_text; "
            "from db.plan_import import parse_plan_text; parse_plan_text('二、重点任务\\n1.试点。(市科技局负责)'); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_command_modules_are_light_to_import():
    code = ("import sys; import desktop.commands.parse_plan, desktop.commands.import_plan; "
            "print(any(m.startswith(('docx', 'opencc', 'db.plan_import')) for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_importing_the_same_plan_again_is_pointed_out(empty_ledger):
    first = ipledger("import-plan", SAMPLE, "--db", empty_ledger)
    assert first.returncode == 0 and "同名方案" not in first.stderr
    again = ipledger("import-plan", SAMPLE, "--db", empty_ledger)
    assert again.returncode == 0
    assert f"台账中已有同名方案（方案编号 {first.stdout.strip()}）" in again.stderr
    assert plan_count(empty_ledger) == 2


def test_an_excel_workbook_is_named_as_such_not_as_a_broken_word_file(tmp_path):
    import openpyxl

    workbook = tmp_path / "进展填报表.xlsx"
    openpyxl.Workbook().save(workbook)
    result = ipledger("parse-plan", workbook)
    assert result.returncode == 2 and result.stdout == ""
    assert "是 Excel 表格，不是工作方案文件" in result.stderr and "Word 文档" not in result.stderr
