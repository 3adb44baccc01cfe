"""报告打印: choose the report (进展情况报告 / 验收报告), its period and options, write the bureau's own texts (kept
in the ledger through db.report_texts), generate in the background, preview (QtPdf), print or save.

The PDF is built Qt-free by reports.progress_report / reports.acceptance_report in a ui.worker.Worker on its own
ledger connection, into memory; the preview loads the bytes through a QBuffer (the file on disk is never held
open), printing renders page by page at ≤ 300 dpi onto white, saving writes atomically.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from db.errors import LedgerError
from db.periods import period_by_id
from db.ops import edits
from db.report_texts import ACCEPTANCE_PERIOD_KEY, ACCEPTANCE_TEXT_KEYS, PROGRESS_TEXT_KEYS, get_report_text
from db.ops.changes import REPORT_TEXTS
from ui.context import ALL, PERIODS, PLAN

KINDS = [("progress", "工作进展情况报告（按报告期）"), ("acceptance", "工作总结暨验收报告")]
PRINT_DPI = 300


def build_report(open_ledger, kind: str, period_key: str | None, options: dict, progress, is_cancelled,
                 out: Path | None = None, fmt: str | None = None):
    """Worker body (no Qt): open an own read-only connection (`open_ledger()`) and build the PDF into memory
    (or, with `out` and fmt "docx", write the Word document there)."""
    ledger = open_ledger()
    try:
        if kind == "progress":
            from reports.progress_report import build_progress_report as build
        else:
            from reports.acceptance_report import build_acceptance_report as build
        return build(ledger, out, period_key, progress=progress, is_cancelled=is_cancelled, fmt=fmt, **options)
    finally:
        ledger.close()


def choose_printer(parent, doc_name: str, title: str) -> QPrinter | None:
    """The print dialog for an A4 PDF (the clerk picks the printer); None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(document: QPdfDocument, printer: QPrinter, dpi: int = PRINT_DPI) -> int:
    """Paint every page onto `printer`, rendered at ≤ dpi onto white; landscape pages turned to fit the sheet
    (table heads towards the binding edge, GB/T 9704). Returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise LedgerError("无法开始打印：打印机没有响应。请检查打印机是否开机、联网，或先“另存为”PDF 后再打印。")
    try:
        dpi = min(dpi, printer.resolution())
        target = printer.pageLayout().fullRectPixels(printer.resolution())
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            rendered = document.render(index, size)
            page = QImage(size, QImage.Format.Format_RGB32)
            page.fill(QColor("white"))
            with_white = QPainter(page)
            with_white.drawImage(0, 0, rendered)
            with_white.end()
            if size.width() > size.height() and target.height() > target.width():
                page = page.transformed(QTransform().rotate(-90))
            painter.drawImage(target, page)
        return document.pageCount()
    finally:
        painter.end()


def font_names_only(lines: list[str]) -> list[str]:
    """'正文:仿宋 (C:\\Windows\\Fonts\\simfang.ttf)' → '正文:仿宋': the clerk sees font names, not program paths."""
    import re

    return [re.sub(r"\s*\((?:[A-Za-z]:)?[\\/][^()]*\)", "", line) for line in lines]


class ReportsPage(QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.result = None                 # reports.progress_report.BuiltReport of the last generation
        self.worker = None
        self._buffer: QBuffer | None = None
        self._bytes: QByteArray | None = None
        self._texts_loaded_for: tuple | None = None
        self._context_period: int | None = -1
        self._build()

    # ----- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter)

        side = QWidget()
        side.setMinimumWidth(360)
        side_layout = QVBoxLayout(side)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reportKind")
        for key, label in KINDS:
            self.kind_combo.addItem(label, key)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        form.addRow("报告类型：", self.kind_combo)
        # one period selector: the window's 报告期 (top right) governs the report; the page only names it
        self.period_value = QLabel()
        self.period_value.setObjectName("reportPeriod")
        self.period_value.setToolTip("报告期在窗口顶部的“报告期”中选择。")
        self.period_label = QLabel("报告期：")
        form.addRow(self.period_label, self.period_value)
        self.gather_check = QCheckBox("汇总各单位填报的存在问题和下步计划")
        self.gather_check.setObjectName("gatherReturns")
        self.gather_check.setChecked(True)
        form.addRow("选项：", self.gather_check)
        side_layout.addLayout(form)
        self.form = form

        texts_box = QGroupBox("本单位撰写的内容（保存在台账中，打印时编入报告）")
        texts_layout = QVBoxLayout(texts_box)
        self.text_tabs = QTabWidget()
        self.text_tabs.setObjectName("reportTexts")
        texts_layout.addWidget(self.text_tabs)
        self.editors: dict[str, QPlainTextEdit] = {}
        save_row = QHBoxLayout()
        self.save_texts_button = QPushButton("保存文字")
        self.save_texts_button.setObjectName("saveTexts")
        self.save_texts_button.clicked.connect(self.save_texts)
        self.texts_state = QLabel()
        self.texts_state.setObjectName("textsState")
        save_row.addWidget(self.save_texts_button)
        save_row.addWidget(self.texts_state, 1)
        texts_layout.addLayout(save_row)
        side_layout.addWidget(texts_box, 1)

        buttons = QHBoxLayout()
        self.generate_button = QPushButton("生成预览")
        self.generate_button.setObjectName("generateReport")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("printReport")
        self.print_button.clicked.connect(self.print_report)
        self.save_button = QPushButton("另存为 PDF…")
        self.save_button.setObjectName("saveReport")
        self.save_button.clicked.connect(self.save_as)
        self.word_button = QPushButton("另存为 Word…")
        self.word_button.setObjectName("saveWord")
        self.word_button.setToolTip("保存为 Word 文档（.docx），可在 Word 或 WPS 中修改文字后打印、签字、盖章。")
        self.word_button.clicked.connect(self.save_word)
        for button in (self.generate_button, self.print_button, self.save_button, self.word_button):
            buttons.addWidget(button)
        side_layout.addLayout(buttons)
        self.dossier_button = QPushButton("导出验收材料…")
        self.dossier_button.setObjectName("exportDossier")
        self.dossier_button.setToolTip("验收报告（PDF 和 Word）、汇总表、按任务整理并编号的佐证材料和索引表，存入一个文件夹。")
        self.dossier_button.clicked.connect(self.export_dossier)
        side_layout.addWidget(self.dossier_button)
        self.status = QLabel("选择报告类型和报告期，填写本单位的内容后，点击“生成预览”。")
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        side_layout.addWidget(self.status)
        self.fonts_label = QLabel()
        self.fonts_label.setObjectName("fontsUsed")
        self.fonts_label.setWordWrap(True)
        self.fonts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fonts_label.setStyleSheet("color:#555;")
        side_layout.addWidget(self.fonts_label)
        splitter.addWidget(side)

        self.document = QPdfDocument(self)
        from ui.widgets.pdf_preview import PdfPreview

        self.preview = PdfPreview(self.document, self)      # a note before the first report; zoom, pages
        self.view = self.preview.view
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        self._update_buttons()

    # ----- state --------------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    @property
    def period_key(self) -> str | None:
        period = period_by_id(self.context.ledger, self.context.period_id) if self.context.period_id else None
        return period["key"] if period else None

    def _text_scope(self) -> tuple[str, dict[str, str]]:
        """(period key the texts belong to, {key: label}) for the chosen kind."""
        if self.kind == "acceptance":
            return ACCEPTANCE_PERIOD_KEY, ACCEPTANCE_TEXT_KEYS
        return self.period_key or "", PROGRESS_TEXT_KEYS

    def refresh(self) -> None:
        self._save_if_edited()                 # never drop what the clerk typed
        period = period_by_id(self.context.ledger, self.context.period_id) if self.context.period_id else None
        self._context_period = self.context.period_id
        self.period_value.setText(f"{period['name']}（在窗口顶部选择）" if period else "（尚无报告期）")
        self.form.setRowVisible(self.gather_check, self.kind == "progress")
        self.period_label.setText("报告期：" if self.kind == "progress" else "数据截至：")
        self._load_texts()
        self._update_buttons()

    def on_changed(self, kinds) -> None:
        if kinds & {ALL, PLAN, PERIODS}:
            self.refresh()
        elif REPORT_TEXTS in kinds and self._texts_loaded_for is not None and \
                not any(editor.document().isModified() for editor in self.editors.values()):
            self._load_texts()   # an undo or redo of a text: show the text as it now stands
        if self.result is not None and kinds - {REPORT_TEXTS}:
            self.status.setText("台账数据已有改动，预览可能不是最新的。请重新点击“生成预览”。")

    def _kind_changed(self) -> None:
        self._save_if_edited()
        self.refresh()

    def _update_buttons(self) -> None:
        has_plan = self.context.plan_id is not None
        busy = self.worker is not None and self.worker.running
        self.generate_button.setEnabled(has_plan and not busy)
        ready = self.result is not None and self.document.pageCount() > 0 and not busy
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.word_button.setEnabled(has_plan and not busy)
        self.dossier_button.setEnabled(has_plan and not busy)
        writable = has_plan and not self.context.ledger.read_only
        self.save_texts_button.setEnabled(writable)
        for editor in self.editors.values():
            editor.setReadOnly(not writable)

    # ----- the clerk's texts --------------------------------------------------------------------------------
    def _load_texts(self) -> None:
        period_key, labels = self._text_scope()
        scope = (self.context.plan_id, self.kind, period_key)
        self.text_tabs.clear()
        self.editors = {}
        for key, label in labels.items():
            editor = QPlainTextEdit()
            editor.setObjectName(f"text_{key}")
            editor.setPlaceholderText(f"在此填写“{label}”，每段一行。未填写时，报告中"
                                      + ("只汇总各单位的填报。" if self.kind == "progress" else "注明“尚未填写”。"))
            if self.context.plan_id is not None:
                editor.setPlainText(get_report_text(self.context.ledger, self.context.plan_id, key, period_key))
            editor.document().setModified(False)
            editor.document().modificationChanged.connect(self._texts_modified)
            self.editors[key] = editor
            self.text_tabs.addTab(editor, label)
        self._texts_loaded_for = scope
        self.texts_state.setText("")

    def _texts_modified(self, modified: bool) -> None:
        if modified:
            self.texts_state.setText("有未保存的修改")

    def _save_if_edited(self) -> None:
        if any(editor.document().isModified() for editor in self.editors.values()):
            self.save_texts()

    def save_texts(self) -> bool:
        """Save the edited texts through db.report_texts (audited, undoable)."""
        if self._texts_loaded_for is None or self.context.plan_id is None:
            return True
        plan_id, _kind, period_key = self._texts_loaded_for
        if not any(editor.document().isModified() for editor in self.editors.values()):
            return True
        for key, editor in self.editors.items():
            if not editor.document().isModified():
                continue
            new = editor.toPlainText()
            done = self.context.run(edits.set_report_text, plan_id, key, new, period_key)
            if done is None:
                return False
            editor.document().setModified(False)
        self.texts_state.setText("已保存")
        return True

    # ----- generating ---------------------------------------------------------------------------------------
    def generate(self) -> None:
        if not self.save_texts():
            return
        ledger = self.context.ledger
        if ledger.path is None:
            self.context.show_error("内存中的台账不能在后台生成报告。", "无法生成报告")
            return
        kind, period_key = self.kind, self.period_key
        options = {}
        if kind == "progress":
            options["gather_returns"] = self.gather_check.isChecked()
        from ui.worker import Worker

        label = "正在生成报告（排版、嵌入字体）…"
        opener = lambda: self.context.worker_ledger(read_only=True)   # noqa: E731 (runs in the worker thread)
        self.worker = Worker(lambda progress, cancelled: build_report(opener, kind, period_key, options, progress,
                                                                      cancelled),
                             label=label, parent=self)
        self.worker.done.connect(self._generated)
        self.worker.error.connect(self._failed)
        self.status.setText(label)
        self.worker.start()
        self._update_buttons()

    def _generated(self, result) -> None:
        self.result = result
        self._bytes = QByteArray(result.data)
        buffer = QBuffer(self._bytes, self)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = buffer          # QPdfDocument reads from it: keep it alive
        pages = self.document.pageCount()
        notes = "".join(f"\n提示：{w}" for w in result.warnings)
        self.status.setText(f"已生成《{result.title}》，共{pages}页，数据指纹 {result.fingerprint}。{notes}")
        self.fonts_label.setText("使用字体（均嵌入 PDF）：\n" + "\n".join(font_names_only(result.fonts_used)))
        self.worker = None
        self._update_buttons()

    def _failed(self, exc) -> None:
        from reports.pdf_layout import BuildCancelled

        self.worker = None
        self._update_buttons()
        if isinstance(exc, BuildCancelled):
            self.status.setText("已取消生成，未作任何改动。")
            return
        if isinstance(exc, LedgerError):
            self.status.setText(str(exc))
            self.context.show_error(str(exc), "无法生成报告")
            return
        self.status.setText("生成报告时出错。")
        self.context.show_error(f"生成报告时程序出错：{exc}\n请把此信息告知技术支持。", "无法生成报告")

    # ----- printing and saving ------------------------------------------------------------------------------
    def print_report(self) -> None:
        if self.result is None:
            return
        printer = choose_printer(self, self.result.title, "打印报告")
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        try:
            pages = print_pdf(self.document, printer)
        except LedgerError as exc:
            self.context.show_error(str(exc), "无法打印")
            return 0
        self.status.setText(f"已送打印：{pages}页。")
        return pages

    def save_as(self) -> None:
        if self.result is None:
            return
        suggested = f"{self.result.title}.pdf".replace("/", "-")

        folder = self.context.output_folder()
        path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", str(folder / suggested), "PDF 文件 (*.pdf)")
        if not path:
            return
        self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        from reports.pdf_layout import write_atomically

        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        data = self.result.data

        def write(temp: str) -> None:
            with open(temp, "wb") as handle:
                handle.write(data)

        try:
            write_atomically(path, write)
        except LedgerError as exc:
            self.context.show_error(str(exc), "无法保存")
            return False
        self.status.setText(f"已保存到 {path}")
        return True

    # ----- Word -----------------------------------------------------------------------------------------------
    def save_word(self) -> None:
        """另存为 Word: the same report (same kind, period, options and texts) as a .docx the clerk can edit."""
        if not self.save_texts():
            return
        title = self.result.title if self.result is not None else ("工作总结暨验收报告" if self.kind == "acceptance"
                                                                   else "工作进展情况报告")
        folder = self.context.output_folder()
        path, _ = QFileDialog.getSaveFileName(self, "另存为 Word", str(folder / f"{title}.docx".replace("/", "-")),
                                              "Word 文档 (*.docx)")
        if path:
            self.save_word_to(Path(path))

    def save_word_to(self, path: Path) -> None:
        """Write the Word report on a worker; the status line says where it went."""
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        kind, period_key = self.kind, self.period_key
        options = {"gather_returns": self.gather_check.isChecked()} if kind == "progress" else {}
        from ui.worker import Worker

        label = "正在生成 Word 文档…"
        opener = lambda: self.context.worker_ledger(read_only=True)   # noqa: E731 (runs in the worker thread)
        self.worker = Worker(lambda progress, cancelled: build_report(opener, kind, period_key, options, progress,
                                                                      cancelled, out=path, fmt="docx"),
                             label=label, parent=self)
        self.worker.done.connect(self._word_saved)
        self.worker.error.connect(self._failed)
        self.status.setText(label)
        self.worker.start()
        self._update_buttons()

    def _word_saved(self, result) -> None:
        self.worker = None
        self._update_buttons()
        self.status.setText(f"已保存 Word 文档：{result.path.name}（保存在 {result.path.parent}）。"
                            "可在 Word 或 WPS 中修改后打印、签字、盖章。")

    # ----- the acceptance dossier -----------------------------------------------------------------------------
    def export_dossier(self) -> None:
        """导出验收材料: the clerk picks a folder; an empty one takes the dossier, else a new folder inside it."""
        if not self.save_texts():
            return
        chosen = QFileDialog.getExistingDirectory(self, "选择存放验收材料的文件夹", str(self.context.output_folder()))
        if chosen:
            from reports.dossier import dossier_folder_in

            self.export_dossier_to(dossier_folder_in(chosen, self.context.ledger.today()))

    def export_dossier_to(self, out: Path) -> None:
        from reports.dossier import build_dossier
        from ui.worker import Worker

        period_key = self.period_key
        label = "正在导出验收材料（报告、汇总表、佐证材料）…"
        opener = lambda: self.context.worker_ledger(read_only=True)   # noqa: E731 (runs in the worker thread)
        self.worker = Worker(lambda progress, cancelled: build_dossier(opener, out, period_key, progress, cancelled),
                             label=label, parent=self)
        self.worker.done.connect(self._dossier_done)
        self.worker.error.connect(self._dossier_failed)
        self.status.setText(label)
        self.worker.start()
        self._update_buttons()

    def _dossier_done(self, result) -> None:
        self.worker = None
        self._update_buttons()
        notes = "".join(f"\n提示：{w}" for w in result.warnings)
        self.status.setText(f"已导出验收材料到文件夹“{result.folder.name}”（在 {result.folder.parent}）："
                            f"共{len(result.files)}个文件，其中佐证材料{result.evidence_count}份。{notes}")

    def _dossier_failed(self, exc) -> None:
        from reports.dossier import DossierCancelled

        if isinstance(exc, DossierCancelled):
            self.worker = None
            self._update_buttons()
            self.status.setText("已取消导出验收材料，未写入任何文件。")
            return
        self._failed(exc)
