"""`ipledger undo` / `redo` / `history` on the command line use the same core as the window (issue 12 and
../shared/CLI.md): an imported return is one step; undo refuses, with exit 1 and the reason, to overwrite a newer
change; the history survives between commands (each is a fresh process)."""
from __future__ import annotations

import json
import subprocess
import sys

from db.ledger import Ledger
from db.ops import operation
from db.progress import record_progress
from db.units import find_unit
from tests.reports.returns_fixtures import fill, issue, progress_of, task_keys


def ipledger(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_import_undo_redo_and_history_from_the_command_line(demo_path, tmp_path):
    ledger = Ledger.open(demo_path, actor="王磊")
    form = issue(ledger, tmp_path / "issued", "市科技局")
    key = task_keys(form)[0]
    task_id = int(key[1:])
    before = (progress_of(ledger, task_id, "市科技局") or {}).get("progress")
    ledger.close()
    returned = fill(form, tmp_path / "报回.xlsx", tasks={key: {"progress": "单位报回:新增发明专利42件"}})

    ipledger("import-returns", "--db", demo_path, returned)
    history = json.loads(ipledger("history", "--db", demo_path, "--format", "json").stdout)
    assert history[0]["label"].startswith("导入填报表") and history[0]["source"] == "import"
    assert set(history[0]) >= {"id", "label", "who", "at", "source"}

    undone = json.loads(ipledger("undo", "--db", demo_path, "--format", "json").stdout)
    assert undone["undone"].startswith("导入填报表") and "progress" in undone["changes"]["kinds"]
    with Ledger.open(demo_path) as again:
        assert (progress_of(again, task_id, "市科技局") or {}).get("progress") == before
    ipledger("redo", "--db", demo_path)
    with Ledger.open(demo_path) as again:
        assert progress_of(again, task_id, "市科技局")["progress"] == "单位报回:新增发明专利42件"

    # a newer change to the same entry: undoing the import now is refused, exit 1, nothing changed
    with Ledger.open(demo_path, actor="李明", source="窗口") as again:
        period_id = again.scalar("SELECT id FROM periods WHERE key = '2026Q3'")
        with operation(again, "进展情况(市科技局)", source="window"):
            record_progress(again, task_id, find_unit(again, "市科技局"), period_id, {"progress": "之后的修改"})
    refused = ipledger("undo", "--db", demo_path, "--id", history[0]["id"], check=False)
    assert refused.returncode == 1
    assert "李明" in refused.stderr and "进展情况(市科技局)" in refused.stderr and refused.stdout == ""
    with Ledger.open(demo_path) as again:
        assert progress_of(again, task_id, "市科技局")["progress"] == "之后的修改"


def test_nothing_to_undo_is_exit_1_with_a_chinese_reason(tmp_path):
    path = tmp_path / "空.ipledger"
    ipledger("init", "--db", path)
    result = ipledger("undo", "--db", path, "--format", "json", check=False)
    assert result.returncode == 1 and "没有可以撤销的操作" in result.stderr and result.stdout == ""
