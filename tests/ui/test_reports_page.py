"""报告打印 page: write the bureau's texts, generate in the background, preview, print, save."""
from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from db.plan_store import current_plan_id
from db.report_texts import get_report_text
from tests.reports.pdf_inspect import page_sizes, pdf_text, squash


def _generate(page, qtbot):
    page.generate()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert page.result is not None, page.status.text()
    qtbot.waitUntil(lambda: page.document.pageCount() > 0, timeout=5000)


@pytest.fixture
def page(window):
    return window.show_page("reports")


def test_texts_are_saved_to_the_ledger_and_printed_in_the_preview(page, window, qtbot):
    ledger = window.context.ledger
    plan_id = current_plan_id(ledger)
    assert page.period_key == "2026Q3"
    page.editors["problems"].setPlainText("部分乡镇专职人员不足。")
    page.editors["problems"].document().setModified(True)
    _generate(page, qtbot)                                  # saves the texts first
    assert get_report_text(ledger, plan_id, "problems", "2026Q3") == "部分乡镇专职人员不足。"
    assert page.texts_state.text() == "已保存"
    assert "共" in page.status.text() and page.result.fingerprint in page.status.text()
    assert "正文、一级标题、二级标题、文件标题、页码:文泉驿微米黑" in page.fonts_label.text()
    assert "嵌入" in page.fonts_label.text()
    assert page.print_button.isEnabled() and page.save_button.isEnabled()
    assert "泰兴市国家知识产权强县建设试点" in page.document.getAllText(0).text().replace("\n", "")
    preview = "".join(page.document.getAllText(i).text() for i in range(page.document.pageCount()))
    assert "部分乡镇专职人员不足。" in preview.replace("\n", "")
    window.undo_action.trigger()
    assert get_report_text(ledger, plan_id, "problems", "2026Q3") == ""
    assert page.editors["problems"].toPlainText() == ""


def test_print_to_a_pdf_printer_and_save_as(page, qtbot, tmp_path, monkeypatch):
    _generate(page, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(150)
    assert page.print_to(printer) == page.document.pageCount()
    sizes = page_sizes(printed)
    assert len(sizes) == page.document.pageCount()
    assert all(round(w) == 595 and round(h) == 842 for w, h in sizes)

    target = tmp_path / "进展报告"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page.save_as()
    saved = tmp_path / "进展报告.pdf"
    assert saved.read_bytes() == page.result.data
    assert f"数据指纹 {page.result.fingerprint}" in pdf_text(saved)[0]


def test_acceptance_kind_edits_plan_wide_texts(page, window, qtbot):
    page.kind_combo.setCurrentIndex(1)
    assert list(page.editors) == ["practices", "problems", "next_work"]
    assert not page.gather_check.isVisibleTo(page)
    page.editors["practices"].setPlainText("一是健全组织领导。")
    page.editors["practices"].document().setModified(True)
    _generate(page, qtbot)
    plan_id = current_plan_id(window.context.ledger)
    assert get_report_text(window.context.ledger, plan_id, "practices", "") == "一是健全组织领导。"
    assert page.document.pageCount() >= 5
    assert "“存在问题”尚未填写" in page.status.text()


def test_cancel_while_generating_leaves_everything_as_it_was(page, qtbot):
    page.generate()
    page.worker.cancel()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    assert page.result is None
    assert "已取消" in page.status.text()
    assert not page.print_button.isEnabled()


def test_landscape_table_pages_print_turned_onto_portrait_sheets(page, qtbot, tmp_path):
    page.kind_combo.setCurrentIndex(1)
    _generate(page, qtbot)
    sizes = [page.document.pagePointSize(i) for i in range(page.document.pageCount())]
    assert any(s.width() > s.height() for s in sizes)          # the target table is landscape
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert page.print_to(printer) == len(sizes)
    assert all(round(w) == 595 and round(h) == 842 for w, h in page_sizes(tmp_path / "printed.pdf"))


def test_typed_text_survives_a_period_change_and_the_page_follows_the_window(page, window, qtbot):
    ledger = window.context.ledger
    plan_id = current_plan_id(ledger)
    page.editors["next_steps"].setPlainText("第四季度开展总结评估。")
    page.editors["next_steps"].document().setModified(True)
    window.period_combo.setCurrentIndex(window.period_combo.findText("2026年第2季度"))
    assert get_report_text(ledger, plan_id, "next_steps", "2026Q3") == "第四季度开展总结评估。"
    assert page.period_key == "2026Q2"
    assert page.editors["next_steps"].toPlainText() == ""
    assert page.period_value.text().startswith("2026年第2季度")     # named, not chosen again on the page
    window.period_combo.setCurrentIndex(window.period_combo.findText("2026年第3季度"))
    assert page.editors["next_steps"].toPlainText() == "第四季度开展总结评估。"


def test_the_report_page_has_no_period_chooser_of_its_own(page, window):
    from PySide6.QtWidgets import QComboBox

    assert [c.objectName() for c in page.findChildren(QComboBox)] == ["reportKind"]
    assert page.period_key == "2026Q3" and page.period_value.text().startswith("2026年第3季度")


def test_the_preview_starts_with_a_note_then_pages_zoom_and_page_turns(page, qtbot, tmp_path):
    preview = page.preview
    assert not preview.showing_pages and "生成预览" in preview.placeholder.text()
    assert not preview.next_button.isEnabled() and not preview.zoom_in_button.isEnabled()
    _generate(page, qtbot)
    assert preview.showing_pages and preview.page_count.text() == f"共 {page.document.pageCount()} 页"
    assert preview.page_spin.value() == 1 and not preview.previous_button.isEnabled()
    preview.next_button.click()
    assert preview.current_page() == 1 and preview.page_spin.value() == 2
    preview.go_to(page.document.pageCount() + 5)
    assert preview.current_page() == page.document.pageCount() - 1 and not preview.next_button.isEnabled()
    preview.zoom_in_button.click()
    first = preview.view.zoomFactor()
    preview.zoom_in_button.click()
    assert preview.view.zoomFactor() > first and preview.zoom_label.text().endswith("%")
    assert preview.fit_width_button.isEnabled()
    preview.fit_width_button.click()
    assert not preview.fit_width_button.isEnabled() and preview.fit_page_button.isEnabled()
    page.preview.grab().save(str(tmp_path / "preview.png"))
    # the clerk sees font names, never the program's file paths
    assert "/" not in page.fonts_label.text() and "\\" not in page.fonts_label.text()
    assert "ttc" not in page.fonts_label.text()


def test_save_as_word_writes_the_same_report_as_an_editable_document(page, qtbot, tmp_path, monkeypatch):
    from docx import Document

    target = tmp_path / "进展报告"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert page.word_button.isEnabled()          # no preview needed first
    page.save_word()
    qtbot.waitUntil(lambda: page.worker is None, timeout=30000)
    saved = tmp_path / "进展报告.docx"
    doc = Document(str(saved))
    assert doc.paragraphs[0].style.name == "Title"
    assert "泰兴市国家知识产权强县建设试点" in doc.paragraphs[0].text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "一、总体进展"
    assert "已保存 Word 文档" in page.status.text() and "进展报告.docx" in page.status.text()


def test_export_dossier_into_a_new_folder_inside_a_used_one(page, qtbot, tmp_path, monkeypatch):
    (tmp_path / "旧文件.txt").write_text("x")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    assert page.dossier_button.isEnabled()
    page.export_dossier()
    qtbot.waitUntil(lambda: page.worker is None, timeout=60000)
    made = [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith("验收材料（")]
    assert len(made) == 1, page.status.text()
    names = sorted(p.name for p in made[0].iterdir())
    assert any(n.endswith("验收报告.pdf") for n in names) and any(n.endswith("验收报告.docx") for n in names)
    assert "03_佐证材料索引.xlsx" in names
    assert "已导出验收材料" in page.status.text() and (tmp_path / "旧文件.txt").read_text() == "x"
