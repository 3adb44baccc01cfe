"""Every small dialog's button row reads 确定/取消 (or its own verb) and the buttons do what they say."""
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ui.dialogs.form_dialog import Field, FormDialog
from ui.dialogs.task_units_dialog import TaskUnitsDialog
from ui.plan_review.dialog import PasteDialog


def _buttons(dialog):
    box = dialog.findChild(QDialogButtonBox)
    return {b.text(): b for b in box.buttons()}


def _dialogs():
    yield FormDialog("新增单位", [Field("name", "单位名称", value="市科技局")], lambda values: True), "确定"
    yield TaskUnitsDialog("实施高价值专利培育工程", [("市科技局", "lead")], ["市科技局", "市工信局"], None), "确定"
    yield PasteDialog(), "识别"
    from ui.admin import PasswordDialog

    yield PasswordDialog("ask"), "确定"


def test_the_buttons_are_in_chinese_and_accept_or_cancel(qtbot):
    for dialog, ok_text in _dialogs():
        qtbot.addWidget(dialog)
        buttons = _buttons(dialog)
        assert set(buttons) == {ok_text, "取消"}
        dialog.open()
        buttons["取消"].click()
        assert dialog.result() == QDialog.DialogCode.Rejected
        dialog.open()
        buttons[ok_text].click()
        assert dialog.result() == QDialog.DialogCode.Accepted
