"""文件 → 单位与签署人…: the bureau's name, county, signatories, phone, 发文机关 and 主送机关, set once for every
report and form. The fields come from db.bureau_settings (the same list `ipledger settings` uses); saving calls
its `save_bureau_settings` through the context (one operation, undoable); a refused value keeps the dialog open."""
from __future__ import annotations

from PySide6.QtGui import QAction

INTRO = ("这些信息只需填写一次，会自动填入进展情况报告、验收报告的落款和签署栏，以及发给各单位的填报表。"
         "发文机关不填时，落款使用单位名称。")


def settings_dialog(context, parent=None):
    from db.bureau_settings import FIELDS, read_bureau_settings, save_bureau_settings
    from ui.dialogs.form_dialog import Field, FormDialog

    current = read_bureau_settings(context.ledger)
    fields = [Field(f.key, f.label, value=getattr(current, f.key), placeholder=f.hint) for f in FIELDS]

    def submit(values: dict) -> bool:
        changed = {key: value for key, value in dialog.changed_values().items()}
        if not changed:
            return True
        return context.run(save_bureau_settings, changed, error_title="无法保存设置") is not None

    dialog = FormDialog("单位与签署人", fields, submit, parent, intro=INTRO)
    dialog.setObjectName("bureauSettingsDialog")
    if context.ledger.read_only:
        for widget in dialog.widgets.values():
            widget.setEnabled(False)
    return dialog


def install_menu(window) -> None:
    """文件 → 单位与签署人…"""
    action = QAction("单位与签署人(&S)…", window)
    action.setObjectName("bureauSettingsAction")
    action.triggered.connect(lambda: settings_dialog(window.context, window).exec())
    actions = window.file_menu.actions()
    window.file_menu.insertAction(actions[-1] if actions else None, action)
    window.bureau_settings_action = action
