"""文件 → 单位与签署人…: the clerk sets the bureau and its signatories once; the reports print them."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from db.bureau_settings import read_bureau_settings


def _open(window):
    from ui.settings_dialog import settings_dialog

    return settings_dialog(window.context, window)


def test_the_menu_opens_the_dialog_and_saving_is_one_undoable_operation(window, qtbot, tmp_path, monkeypatch):
    assert window.bureau_settings_action.text().startswith("单位与签署人")
    assert window.bureau_settings_action in window.file_menu.actions()
    dialog = _open(window)
    qtbot.addWidget(dialog)
    assert dialog.value("bureau") == "泰兴市市场监督管理局〔知识产权局〕"     # what the ledger already knows
    dialog.set_value("leader", "张明")
    dialog.set_value("phone", "0523-87654321")
    dialog.set_value("addressee", "泰州市市场监督管理局（知识产权局）")
    dialog.show()
    dialog.grab().save(str(tmp_path / "settings.png"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = read_bureau_settings(window.context.ledger)
    assert (settings.leader, settings.phone, settings.addressee) == ("张明", "0523-87654321",
                                                                     "泰州市市场监督管理局（知识产权局）")
    window.undo_action.trigger()
    assert read_bureau_settings(window.context.ledger).leader == ""


def test_a_bad_phone_keeps_the_dialog_open_and_saves_nothing(window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(window.context, "show_error", lambda message, title="": shown.append(message))
    dialog = _open(window)
    qtbot.addWidget(dialog)
    dialog.set_value("leader", "张明")
    dialog.set_value("phone", "请打电话")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert shown and "不是电话号码" in shown[0]
    assert read_bureau_settings(window.context.ledger).leader == ""      # the good value was not kept either
