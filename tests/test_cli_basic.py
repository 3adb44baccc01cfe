"""The command-line contract for init, periods and status (../shared/CLI.md)."""
import json
import subprocess
import sys

from tests.conftest import REPO


def ipledger(*args, env=None):
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, text=True,
                          env=env, timeout=120)


def test_init_demo_then_refuse_overwrite(tmp_path):
    path = tmp_path / "x.ipledger"
    result = ipledger("init", "--db", str(path), "--demo")
    assert result.returncode == 0, result.stderr
    assert path.exists()
    again = ipledger("init", "--db", str(path))
    assert again.returncode == 2 and "已存在" in again.stderr


def test_init_empty(tmp_path):
    path = tmp_path / "empty.ipledger"
    assert ipledger("init", "--db", str(path)).returncode == 0
    result = ipledger("status", "--db", str(path), "--format", "json")
    assert result.returncode == 1 and "还没有方案" in result.stderr and result.stdout == ""


def test_periods_json(demo_path):
    result = ipledger("periods", "--db", str(demo_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    assert periods[0] == {"key": "2024Q2", "name": "2024年第2季度", "start": "2024-04-01", "end": "2024-06-30",
                          "due": "2024-07-05", "state": "open"}
    assert [p["key"] for p in periods][-1] == "2026Q4"


def test_status_json_shape_and_numbers(demo_path):
    result = ipledger("status", "--db", str(demo_path), "--period", "2026Q3", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("plan", "period", "tasks", "by_status", "units", "units_reported", "entries_expected",
                "entries_reported"):
        assert key in data
    assert data["period"] == "2026Q3" and data["tasks"] == 13
    assert set(data["by_status"]) == {"未启动", "推进中", "已完成", "滞后"}
    assert sum(data["by_status"].values()) == 13
    assert data["units"] == 15 and data["units_reported"] == 11


def test_status_unknown_period_is_usage_error(demo_path):
    result = ipledger("status", "--db", str(demo_path), "--period", "2031Q1", "--format", "json")
    assert result.returncode == 2 and "找不到报告期" in result.stderr and result.stdout == ""


def test_not_a_ledger_exit_2(tmp_path):
    bogus = tmp_path / "b.ipledger"
    bogus.write_text("hello")
    result = ipledger("status", "--db", str(bogus))
    assert result.returncode == 2 and "不是台账文件" in result.stderr


def test_gui_screenshot_renders(demo_path, tmp_path):
    shot = tmp_path / "shot.png"
    result = ipledger("gui", "--db", str(demo_path), "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600


def test_periods_text_names_the_due_date_as_the_window_does(demo_path):
    result = ipledger("periods", "--db", str(demo_path))
    assert result.returncode == 0, result.stderr
    header, first = result.stdout.splitlines()[:2]
    assert header.split() == ["报告期", "名称", "开始日期", "结束日期", "截止日期", "状态"]
    assert first.split()[2:5] == ["2024年4月1日", "2024年6月30日", "2024年7月5日"]   # 截止日期 is the due date


def test_a_plan_without_periods_is_said_with_the_windows_button_name(tmp_path):
    from db.ledger import Ledger
    from db.plan_store import store_plan

    path = tmp_path / "new.ipledger"
    assert ipledger("init", "--db", str(path)).returncode == 0
    ledger = Ledger.open(path)
    store_plan(ledger, {"title": "某某县工作方案", "tasks": [{"number": "1", "title": "加强专利培育", "text": "",
                                                             "section": "一、重点任务"}]})
    ledger.close()
    listed = ipledger("periods", "--db", str(path))
    assert listed.returncode == 0 and listed.stdout == "" and "报告期管理" in listed.stderr
    status = ipledger("status", "--db", str(path))
    assert status.returncode == 1 and "报告期管理" in status.stderr


def test_usage_errors_and_help_are_in_chinese():
    missing = ipledger("import-returns", "--db", "x.ipledger")
    assert missing.returncode == 2 and missing.stdout == ""
    assert "缺少必需的参数：FILE" in missing.stderr and missing.stderr.startswith("用法：")
    wrong = ipledger("status", "--format", "xml")
    assert wrong.returncode == 2 and "无效的取值 'xml'" in wrong.stderr
    for english in ("usage:", "required", "invalid choice", "unrecognized"):
        assert english not in missing.stderr + wrong.stderr
    shown = ipledger("status", "--help")
    assert shown.returncode == 0 and "显示本帮助并退出" in shown.stdout and "show this help" not in shown.stdout


def test_init_on_a_folder_asks_for_a_file_name(tmp_path):
    result = ipledger("init", "--db", str(tmp_path))
    assert result.returncode == 2 and "是一个文件夹" in result.stderr and "台账.ipledger" in result.stderr
