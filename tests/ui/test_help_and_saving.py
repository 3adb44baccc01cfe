"""A new clerk finds her way and sees that her work is kept: 帮助 → 使用说明 (with pictures, exportable as a PDF in
the reports' layout), 关于 (version, ledger file, folders), the first-start guide shown once, the lasting 已保存
indicator, a refused cell marked red, and status-bar messages that clear when she moves on."""
from __future__ import annotations

import re
import subprocess

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from tests.ui.test_unit_page import open_unit_page


def _action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(menu_title))
    return next(a for a in menu.actions() if a.text().startswith(text))


def test_help_menu_opens_the_guide_with_its_pictures_and_exports_it_as_pdf(window, qtbot, tmp_path, monkeypatch):
    from reports.user_guide import FIRST_STEPS, SECTIONS
    from ui.help_dialog import HelpDialog

    guide = _action(window, "帮助", "使用说明")
    assert guide.shortcut().toString() == "F1"
    shown = []
    monkeypatch.setattr(HelpDialog, "exec", lambda self: shown.append(self) or 0)
    guide.trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert all(section.title in text for section in SECTIONS)
    assert all(title in text for title, _ in FIRST_STEPS)
    pictures = [s.image_path for s in SECTIONS if s.image_path is not None]
    assert len(pictures) >= 6 and all(p.exists() and p.stat().st_size < 120_000 for p in pictures)   # small PNGs
    assert dialog.browser.toHtml().count("<img") == len(pictures)

    worker = dialog.export_pdf(tmp_path / "使用说明")
    qtbot.waitUntil(lambda: not worker.running, timeout=30000)
    target = tmp_path / "使用说明.pdf"
    assert target.exists()
    pdf_text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True).stdout
    assert "使用说明" in pdf_text and "导入工作方案" in pdf_text and "打印进展报告" in pdf_text
    assert re.search(r"—\s*2\s*—", pdf_text) and "程序版本" in pdf_text            # the reports' page numbers, the guide's footer
    images = subprocess.run(["pdfimages", "-list", str(target)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) - 2 >= len(pictures)      # the screenshots are in the PDF


def test_about_names_version_ledger_file_and_folders(window, qtbot, monkeypatch):
    from ui.help_dialog import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    _action(window, "帮助", "关于").trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    ledger_path = str(window.context.ledger.path)
    text = dialog.findChild(QLabel, "aboutText").text()
    assert dialog.facts["台账文件"] == ledger_path and ledger_path in text
    assert dialog.facts["程序版本"] and "备份文件夹" in text and "数据文件夹" in text


def test_first_start_guide_is_shown_once_on_the_demo_ledger(window, qtbot, tmp_path, monkeypatch):
    from ui.help_dialog import FirstStartDialog, show_first_start_once

    from ui.help_dialog import HelpDialog

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = show_first_start_once(window, settings)
    assert isinstance(dialog, FirstStartDialog) and dialog.isVisible()
    assert not dialog.isModal()                                        # the window stays usable behind it
    text = dialog.findChild(QLabel, "firstStartText").text()
    assert "导入工作方案" in text and "生成报告期" in text and "下发填报表" in text
    dialog.open_guide.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: any(isinstance(w, HelpDialog) and w.isVisible() for w in window.findChildren(HelpDialog)))
    assert show_first_start_once(window, settings) is None             # remembered: never again


def test_first_start_guide_stays_away_from_a_ledger_the_bureau_set_up(window, tmp_path, monkeypatch):
    from ui.help_dialog import should_show_first_start

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ledger = window.context.ledger
    assert should_show_first_start(window.context, settings)
    ledger.conn.execute("UPDATE plans SET is_sample = 0")
    assert not should_show_first_start(window.context, settings)


def test_saved_indicator_lasts_and_a_refused_cell_is_marked(window, qtbot, message_boxes):
    page, unit_id, period_id = open_unit_page(window)
    indicator = window.save_indicator
    assert indicator.text() == ""
    percent = page.model.column_of("percent")
    index = page.model.index(0, percent)
    assert page.model.setData(index, "55", Qt.ItemDataRole.EditRole)
    assert indicator.text().startswith("✓ 已保存 ")
    assert "完成进度" in indicator.toolTip()
    window.statusBar().clearMessage()                                 # the short message goes; the mark stays
    assert indicator.text().startswith("✓ 已保存 ") and indicator.isVisibleTo(window)

    assert not page.model.setData(index, "150", Qt.ItemDataRole.EditRole)   # refused: over 100
    assert message_boxes and message_boxes[-1][0] == "warning"
    assert page.model.refused_input(0, "percent") == "150"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d7da"
    assert "150" in index.data(Qt.ItemDataRole.ToolTipRole) and "未保存" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data() == "55%"                                      # the saved value still shows
    assert page.model.setData(index, "60", Qt.ItemDataRole.EditRole)  # fixed: the red goes
    assert page.model.refused_input(0, "percent") is None
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() != "#f8d7da"


def test_a_refusal_in_the_status_bar_clears_when_the_clerk_moves_on(window, qtbot):
    page, _, _ = open_unit_page(window)
    assert not page.model.setData(page.model.index(0, page.model.column_of("percent")), "abc",
                                  Qt.ItemDataRole.EditRole)
    assert window.statusBar().currentMessage() != ""
    window.show_page("dashboard")
    assert window.statusBar().currentMessage() == ""


def test_a_refused_field_in_the_detail_panel_turns_red_until_fixed(window, qtbot, message_boxes):
    page, _, _ = open_unit_page(window)
    page.table.setCurrentIndex(page.model.index(0, 0))
    panel = page.detail
    panel.percent.setText("120")
    panel.percent.editingFinished.emit()
    assert panel.refused_input("percent") == "120"
    assert "f8d7da" in panel.percent.styleSheet() and "120" in panel.percent.toolTip()
    panel.percent.setText("80")
    panel.percent.editingFinished.emit()
    assert panel.refused_input("percent") is None and panel.percent.styleSheet() == ""


def test_the_guide_names_every_kind_of_plan_file_the_import_dialog_opens():
    """The guide must not send the clerk to convert a PDF by hand when the 导入方案 dialog reads it."""
    from reports.user_guide import guide_html
    from ui.plan_review.dialog import FILE_FILTER

    text = guide_html()
    opened = FILE_FILTER.split(";;")[0]
    for suffix in (".docx", ".pdf", ".txt", ".doc", ".wps"):
        assert f"*{suffix}" in opened
    assert "PDF 方案请先另存为文本" not in text
    assert all(word in text for word in ("PDF", ".doc", ".wps"))
