"""The roll-up commands as a batch job uses them: init --rollup, export-package, import-packages, rollup-status."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO
from tests.reports.template_fixtures import task_template
from tests.rollup.fixtures import PERIOD, tamper


def ipledger(*args):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_the_command_line_loop_from_county_to_city(rollup_world, tmp_path):
    county = rollup_world.counties["兴化市"]
    coded = ipledger("settings", "--db", county, "行政区划代码=321281")
    assert coded.returncode == 0, coded.stderr
    package = tmp_path / "兴化市.ipkg"
    made = ipledger("export-package", "--db", county, "--period", PERIOD, "--out", package)
    assert made.returncode == 0, made.stderr
    again = ipledger("export-package", "--db", county, "--period", PERIOD, "--out", package)
    assert again.returncode == 2 and "文件已存在" in again.stderr

    city = tmp_path / "泰州.ipledger"
    unnamed = ipledger("init", "--db", city, "--rollup")
    assert unnamed.returncode == 2 and "--name" in unnamed.stderr and not city.exists()
    assert ipledger("init", "--db", city, "--rollup", "--name", "泰州市").returncode == 0
    broken = tamper(package, tmp_path / "broken.ipkg", "data.json", lambda d: d["tasks"].pop())
    result = ipledger("import-packages", "--db", city, package, broken, "--format", "json")
    assert result.returncode == 1, result.stderr
    verdicts = json.loads(result.stdout)
    assert [v["verdict"] for v in verdicts] == ["applied", "refused"]
    assert verdicts[0]["county"] == "兴化市" and verdicts[0]["period"] == PERIOD and len(verdicts[0]["sha256"]) == 64
    assert verdicts[0]["code"] == "321281"
    assert verdicts[1]["errors"][0]["part"] == "data.json"

    status = ipledger("rollup-status", "--db", city, "--format", "json")
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert list(data) == ["period", "counties"] and data["period"] == PERIOD
    [row] = data["counties"]
    assert list(row)[:7] == ["name", "reported", "at", "tasks", "by_status", "lights", "overdue_tasks"]
    assert row["name"] == "兴化市" and row["reported"] is True and row["at"].startswith("20")
    text = ipledger("rollup-status", "--db", city).stdout
    assert text.startswith("泰州市  报告期：2026Q3")
    assert "兴化市：" in text and "报送（20" in text and "年" in text.split("报送（")[1][:8]   # 2026年10月…, not ISO
    own = json.loads(ipledger("status", "--db", county, "--period", PERIOD, "--format", "json").stdout)
    for key in ("tasks", "by_status", "lights", "overdue_tasks"):
        assert row[key] == own[key]
    assert list(row["by_status"]) == list(own["by_status"])

    not_rollup = ipledger("import-packages", "--db", county, package)
    assert not_rollup.returncode == 2 and "不是汇总台账" in not_rollup.stderr
    dry = ipledger("import-packages", "--db", city, package, "--dry-run", "--format", "json")
    assert json.loads(dry.stdout)[0]["verdict"] == "unchanged"


def test_county_commands_on_a_roll_up_ledger_say_what_serves_it(tmp_path):
    city = tmp_path / "泰州.ipledger"
    assert ipledger("init", "--db", city, "--rollup", "--name", "泰州市").returncode == 0
    for args in (("status", "--format", "json"), ("report", "--kind", "progress", "--out", tmp_path / "r.pdf"),
                 ("export-summary", "--period", PERIOD, "--out", tmp_path / "s.xlsx"),
                 ("export-forms", "--period", PERIOD, "--out", tmp_path / "forms"),
                 ("map-template", task_template(tmp_path / "附件1.xlsx")),
                 ("fill-template", tmp_path / "附件1.xlsx", "--period", PERIOD, "--out", tmp_path / "f.xlsx")):
        result = ipledger(*args, "--db", city)
        assert result.returncode == 1 and result.stdout == "", args
        assert "泰州市的汇总台账" in result.stderr and "rollup-status" in result.stderr and "还没有方案" not in result.stderr
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "s.xlsx").exists() and not (tmp_path / "forms").exists()
    assert not (tmp_path / "f.xlsx").exists()


def test_a_missing_package_file_is_named_in_chinese(tmp_path):
    city = tmp_path / "泰州.ipledger"
    assert ipledger("init", "--db", city, "--rollup", "--name", "泰州市").returncode == 0
    result = ipledger("import-packages", "--db", city, tmp_path / "没有这个.ipkg", tmp_path, "--format", "json")
    assert result.returncode == 2
    missing, folder = (v["errors"][0]["message"] for v in json.loads(result.stdout))
    assert "找不到文件" in missing and "没有这个.ipkg" in missing and "No such file" not in missing
    assert "是文件夹" in folder


def test_a_page_the_ledger_does_not_have_is_named_with_the_kind_of_ledger(tmp_path):
    import os

    city = tmp_path / "泰州.ipledger"
    assert ipledger("init", "--db", city, "--rollup", "--name", "泰州市").returncode == 0
    result = subprocess.run([sys.executable, "-m", "desktop", "gui", "--db", str(city), "--page", "dashboard",
                             "--screenshot", str(tmp_path / "x.png")], cwd=REPO, capture_output=True, text=True,
                            encoding="utf-8", timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2 and "是汇总台账，没有页面“dashboard”" in result.stderr and "counties" in result.stderr
    assert "尚未提供" not in result.stderr and not (tmp_path / "x.png").exists()
