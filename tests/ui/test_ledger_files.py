"""文件 → 新建台账… / 打开台账…: switch the window to another ledger; refuse files that are not ledgers."""
from __future__ import annotations

import shutil

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ui.ledger_files import new_ledger, open_ledger


def menu_texts(window):
    return [a.text() for a in window.file_menu.actions()]


def test_file_menu_has_new_open_and_quit_last(window):
    texts = menu_texts(window)
    assert texts.index("新建台账…") < texts.index("打开台账…") < texts.index("退出(&X)")
    assert texts[-1] == "退出(&X)"


def test_open_refuses_a_file_that_is_not_a_ledger(window, tmp_path, message_boxes, monkeypatch):
    bogus = tmp_path / "进展表.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a ledger")
    before = window.context.ledger
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bogus), "")))
    window.ledger_file_actions["open"].trigger()
    kind, title, text = message_boxes[-1]
    assert kind == "warning" and "不是台账文件" in text
    assert window.context.ledger is before
    assert bogus.read_bytes() == b"PK\x03\x04 not a ledger"


def test_open_switches_the_window_to_another_ledger(window, demo_path, tmp_path):
    from db.ledger import Ledger
    from db.plan_edit import update_plan

    other = tmp_path / "另一本台账.ipledger"
    window.context.ledger.conn.execute("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(demo_path, other)
    with Ledger.open(other) as ledger:
        update_plan(ledger, 1, title="某某县知识产权强县建设工作方案")
    page = window.show_page("unit")
    assert open_ledger(window, other)
    assert str(window.context.ledger.path) == str(other)
    assert "某某县知识产权强县建设工作方案" in window.windowTitle()
    assert window.plan_combo.currentText() == "某某县知识产权强县建设工作方案"
    assert page.model.rowCount() > 0
    page.tabs.setCurrentWidget(page.all_entries)
    assert page.all_entries.model.wait_loaded()
    assert page.all_entries.model.ledger is window.context.ledger


def test_new_blank_ledger_with_a_typed_plan(window, tmp_path, monkeypatch):
    target = tmp_path / "某某县台账"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    answers = iter([("某某县知识产权强县建设工作方案(2025-2027年)", True), ("2025-2027", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    window.ledger_file_actions["new"].trigger()
    assert window.context.ledger.path.name == "某某县台账.ipledger"
    assert window.plan_combo.currentText() == "某某县知识产权强县建设工作方案(2025-2027年)"
    assert window.period_combo.count() == 12
    page = window.show_page("plan")
    assert page.model.rowCount() == 0 and page.buttons["add_task"].isEnabled()


def test_new_ledger_with_the_demo_plan(window, tmp_path):
    target = tmp_path / "示例.ipledger"
    assert new_ledger(window, target)
    assert window.context.ledger.path == target
    assert window.context.ledger.scalar("SELECT COUNT(*) FROM tasks") == 13


def test_new_ledger_refuses_to_overwrite(window, demo_path, message_boxes):
    before = window.context.ledger
    assert not new_ledger(window, demo_path)
    assert message_boxes[-1][0] == "warning" and "文件已存在" in message_boxes[-1][2]
    assert window.context.ledger is before


def test_new_ledger_dialog_starts_in_documents_when_the_default_ledger_is_open(window, tmp_path, monkeypatch):
    from pathlib import Path

    data = tmp_path / "data"
    documents = tmp_path / "我的文档"
    documents.mkdir()
    monkeypatch.setenv("IPLEDGER_DATA_DIR", str(data))
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    from desktop.paths import default_ledger_path

    monkeypatch.setattr(window.context.ledger, "path", default_ledger_path())   # as on a clerk's first start
    seen = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda parent, title, start, *a, **k: seen.append(start) or ("", "")))
    window.ledger_file_actions["new"].trigger()
    assert Path(seen[0]).parent == documents


def test_opening_a_roll_up_ledger_from_a_county_window_opens_a_new_window(window, tmp_path, message_boxes):
    """A city's roll-up ledger is shown by a window in 汇总 mode: 文件 → 打开台账 on one starts the program again on
    it (after asking), and this county window keeps its own ledger."""
    import subprocess
    import sys

    city = tmp_path / "泰州市汇总.ipledger"
    made = subprocess.run([sys.executable, "-m", "desktop", "init", "--db", str(city), "--rollup", "--name", "泰州市"],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    started = []
    window.context.open_in_new_window = started.append
    county = window.context.ledger
    assert not open_ledger(window, city)
    assert started == [city]
    assert window.context.ledger is county and not getattr(window, "rollup", False)
    assert any("汇总台账" in text for kind, _title, text in message_boxes if kind == "question")
