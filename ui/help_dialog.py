"""帮助: 使用说明 (the guide of reports/user_guide.py in a dialog, exportable as PDF), 关于 (version, where the
ledger and its backups are), and the first-start guide that points a new clerk at the three first steps (shown
once, remembered in QSettings)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton,
                               QTextBrowser, QVBoxLayout)

FIRST_START_KEY = "help/first_start_shown"


def program_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ipledger")
    except PackageNotFoundError:
        return "开发版"


class HelpDialog(QDialog):
    """使用说明: the whole guide with its pictures; 导出 PDF… writes it in the reports' page layout."""

    def __init__(self, parent=None, context=None):
        super().__init__(parent)
        from reports.user_guide import GUIDE_TITLE, guide_html

        self.context = context
        self.worker = None
        self.setWindowTitle(f"使用说明 — {GUIDE_TITLE}")
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html(lambda path: QUrl.fromLocalFile(str(path)).toString()))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox()
        self.export_button = QPushButton("导出 PDF…")
        self.export_button.setObjectName("exportGuide")
        self.export_button.setToolTip("把使用说明（含截图）另存为 PDF，便于打印。")
        self.export_button.clicked.connect(self.choose_pdf)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def choose_pdf(self) -> None:
        folder = self.context.output_folder() if self.context is not None else Path.home()
        path, _ = QFileDialog.getSaveFileName(self, "导出使用说明", str(Path(folder) / "使用说明.pdf"), "PDF 文件 (*.pdf)")
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path):
        """Build the PDF off the UI thread; returns the Worker (tests wait on it)."""
        from ui.worker import Worker

        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        version = program_version()

        def build(progress, is_cancelled):
            from reports.user_guide import build_user_guide_pdf

            return build_user_guide_pdf(path, version=version, progress=progress, is_cancelled=is_cancelled)

        self.export_button.setEnabled(False)
        self.worker = Worker(build, label="正在生成使用说明 PDF…", parent=self)
        self.worker.done.connect(lambda result: self._exported(Path(result)))
        self.worker.error.connect(self._failed)
        return self.worker.start()

    def _exported(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.information(self, "已导出", f"使用说明已保存为：\n{path}")

    def _failed(self, exc) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, "导出失败", f"无法导出使用说明：{exc}\n请换一个文件夹或文件名后再试。")


class AboutDialog(QDialog):
    """关于: the program's version, the ledger file open now, its folder and its backup folder."""

    def __init__(self, context, parent=None):
        super().__init__(parent)
        from html import escape

        from db.backup import backup_folder

        self.setWindowTitle("关于")
        ledger = context.ledger
        ledger_file = Path(ledger.path) if ledger.path else None
        try:
            backups = str(backup_folder(ledger_file, ledger)) if ledger_file else "（内存台账，无备份）"
        except Exception:   # a ledger whose settings cannot be read still shows what is known
            backups = "（无法读取）"
        rows = [("程序版本", program_version()),
                ("台账文件", str(ledger_file) if ledger_file else "（内存台账）"),
                ("数据文件夹", str(ledger_file.parent) if ledger_file else "—"),
                ("备份文件夹", backups)]
        self.facts = dict(rows)
        layout = QVBoxLayout(self)
        text = QLabel("<h3>知识产权强县建设任务台账</h3><p>县知识产权局重点任务推进台账：方案导入、按期填报、"
                      "收发填报表、进度查看、报告打印。离线使用，数据只保存在本机。</p><table cellspacing='4'>"
                      + "".join(f"<tr><td><b>{escape(k)}：</b></td><td>{escape(v)}</td></tr>" for k, v in rows)
                      + "</table>")
        text.setObjectName("aboutText")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        text.setMinimumWidth(560)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


class FirstStartDialog(QDialog):
    """The first-start guide: the three first steps, and where the full guide is."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from html import escape

        from reports.user_guide import FIRST_STEPS

        self.setWindowTitle("欢迎使用任务台账")
        layout = QVBoxLayout(self)
        steps = "".join(f"<li><b>{escape(title)}</b>：{escape(text)}</li>" for title, text in FIRST_STEPS)
        text = QLabel("<h3>欢迎使用知识产权强县建设任务台账</h3>"
                      "<p>现在打开的是<b>示例台账</b>（泰兴市示例方案，标有“示例数据”），可以随意试用。"
                      "开始本县的工作，请按这三步：</p>"
                      f"<ol>{steps}</ol>"
                      "<p>之后各单位发回填报表时，在“表格收发”页导入；在“报告打印”页打印进展报告。"
                      "完整的说明见菜单“帮助 → 使用说明”（F1）。</p>")
        text.setObjectName("firstStartText")
        text.setWordWrap(True)
        text.setMinimumWidth(600)
        layout.addWidget(text)
        self.open_guide = QCheckBox("现在打开使用说明")
        self.open_guide.setObjectName("openGuide")
        layout.addWidget(self.open_guide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("知道了")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def should_show_first_start(context, settings: QSettings | None = None) -> bool:
    """Once per installation, on the demo ledger the program made at first start (or a ledger with no plan)."""
    from db.plan_store import get_plan

    settings = settings or QSettings()
    if settings.value(FIRST_START_KEY, False, type=bool):
        return False
    if context.plan_id is None:
        return True
    try:
        return bool(get_plan(context.ledger, context.plan_id).get("is_sample"))
    except Exception:
        return False


def show_first_start_once(window, settings: QSettings | None = None) -> "FirstStartDialog | None":
    """Show the first-start guide if it is due, without blocking the window (the clerk may start at once), and
    remember that it was shown. Returns the dialog, or None when it was not due."""
    settings = settings or QSettings()
    if not should_show_first_start(window.context, settings):
        return None
    settings.setValue(FIRST_START_KEY, True)
    dialog = FirstStartDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done() -> None:
        if dialog.open_guide.isChecked():
            guide = HelpDialog(window, window.context)
            guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            guide.show()

    dialog.accepted.connect(done)
    dialog.show()
    return dialog
