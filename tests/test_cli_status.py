"""`ipledger status --format json` with lights and overdue_tasks (../shared/CLI.md)."""
import json
import subprocess
import sys

from tests.conftest import REPO


def _status(*args):
    return subprocess.run([sys.executable, "-m", "desktop", "status", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_status_json_has_lights_and_overdue_tasks(demo_path):
    result = _status("--db", str(demo_path), "--period", "2025Q3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["plan", "period", "tasks", "by_status", "units", "units_reported", "entries_expected",
                          "entries_reported", "entries_unchanged", "overdue_tasks", "lights"]
    assert data["period"] == "2025Q3" and data["tasks"] == 13
    assert set(data["lights"]) == {"red", "yellow", "green"}
    assert sum(data["lights"].values()) == data["tasks"]
    assert isinstance(data["overdue_tasks"], list)
    assert all(isinstance(number, str) for number in data["overdue_tasks"])


def test_status_of_the_current_period_lists_overdue_task_numbers(demo_path):
    """Judged on today's date (the real clock): by 2026Q3's collection the 实施阶段 (to June 2026) is over."""
    result = _status("--db", str(demo_path), "--format", "json")
    data = json.loads(result.stdout)
    assert data["period"] == "2026Q3"
    assert data["units"] - data["units_reported"] == 4
    if data["overdue_tasks"]:
        assert set(data["overdue_tasks"]) <= {str(n) for n in range(1, 14)}
        assert data["lights"]["red"] >= len(data["overdue_tasks"])
    text = _status("--db", str(demo_path))
    assert "红灯" in text.stdout and "逾期任务" in text.stdout
    # the window shows 已完成 apart from 绿灯; the text says the contract's green includes them
    assert f"绿灯（含已完成） {data['lights']['green']}" in text.stdout
    assert "单位填报：11/15 个单位" in text.stdout and "逾期任务：" in text.stdout    # full-width punctuation


def test_status_refuses_an_unknown_period(demo_path):
    result = _status("--db", str(demo_path), "--period", "2030Q1", "--format", "json")
    assert result.returncode == 2 and result.stdout == "" and "找不到报告期" in result.stderr
