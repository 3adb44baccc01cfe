"""The report preview: a note before the first report, then the pages with zoom and page navigation.

A QPdfView over the page's QPdfDocument; the bar above it shows 第 N 页 / 共 M 页 with 上一页 / 下一页, and zoom
(缩小, 放大, 适合宽度, 整页) with the current percentage. Until a document is loaded the view is replaced by a note
that says what to do.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget

PLACEHOLDER = ("尚未生成报告。\n\n在左侧选择报告类型，填写本单位撰写的内容后，点击“生成预览”，\n"
               "报告将显示在这里，可放大、缩小、翻页，再打印或另存为 PDF、Word。")
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


class PdfPreview(QWidget):
    def __init__(self, document: QPdfDocument, parent=None):
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        self.previous_button = QPushButton("上一页")
        self.previous_button.setObjectName("previousPage")
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageNumber")
        self.page_spin.setMinimum(1)
        self.page_spin.setPrefix("第 ")
        self.page_spin.setSuffix(" 页")
        self.page_spin.editingFinished.connect(lambda: self.go_to(self.page_spin.value() - 1))
        self.page_count = QLabel("共 0 页")
        self.page_count.setObjectName("pageCount")
        self.next_button = QPushButton("下一页")
        self.next_button.setObjectName("nextPage")
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        for widget in (self.previous_button, self.page_spin, self.page_count, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_out_button.setObjectName("zoomOut")
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLevel")
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton("放大")
        self.zoom_in_button.setObjectName("zoomIn")
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.fit_width_button = QPushButton("适合宽度")
        self.fit_width_button.setObjectName("fitWidth")
        self.fit_width_button.clicked.connect(lambda: self.set_fit(QPdfView.ZoomMode.FitToWidth))
        self.fit_page_button = QPushButton("整页")
        self.fit_page_button.setObjectName("fitPage")
        self.fit_page_button.clicked.connect(lambda: self.set_fit(QPdfView.ZoomMode.FitInView))
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_width_button,
                       self.fit_page_button):
            bar.addWidget(widget)
        self.bar = QWidget()
        self.bar.setLayout(bar)
        layout.addWidget(self.bar)

        self.stack = QStackedWidget()
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setObjectName("previewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color:#444; font-size:15px; background:#f4f4f4;")
        self.view = QPdfView(self)
        self.view.setObjectName("reportPreview")
        self.view.setDocument(document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setStyleSheet("background:#808080;")
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.view.zoomFactorChanged.connect(lambda _factor: self._update_zoom_label())
        document.statusChanged.connect(self._status_changed)
        self.document_changed()

    # ----- state --------------------------------------------------------------------------------------------
    @property
    def showing_pages(self) -> bool:
        return self.stack.currentWidget() is self.view

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def _status_changed(self, _status) -> None:
        from shiboken6 import isValid

        if isValid(self) and isValid(self.document):    # not while the page and its document are torn down
            self.document_changed()

    def document_changed(self) -> None:
        pages = self.document.pageCount()
        self.stack.setCurrentWidget(self.view if pages else self.placeholder)
        self.page_spin.setMaximum(max(pages, 1))
        self.page_count.setText(f"共 {pages} 页")
        self._page_changed(self.current_page() if pages else 0)

    def _page_changed(self, page: int) -> None:
        pages = self.document.pageCount()
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self.previous_button.setEnabled(pages > 0 and page > 0)
        self.next_button.setEnabled(page + 1 < pages)
        for widget in (self.page_spin, self.zoom_in_button, self.zoom_out_button):
            widget.setEnabled(pages > 0)
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        """The zoom in percent; in a fit mode its button is pressed (disabled) and the label shows the fit."""
        mode = self.view.zoomMode()
        pages = self.document.pageCount() > 0
        factor = self.view.zoomFactor() if mode == QPdfView.ZoomMode.Custom else self._fitted_factor()
        self.zoom_label.setText(f"{round(factor * 100)}%" if pages else "")
        self.fit_width_button.setEnabled(pages and mode != QPdfView.ZoomMode.FitToWidth)
        self.fit_page_button.setEnabled(pages and mode != QPdfView.ZoomMode.FitInView)

    # ----- actions ------------------------------------------------------------------------------------------
    def go_to(self, page: int) -> None:
        pages = self.document.pageCount()
        if not pages:
            return
        page = max(0, min(page, pages - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._page_changed(page)

    def step_zoom(self, direction: int) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._fitted_factor()
        steps = [s for s in ZOOM_STEPS if (s > current + 0.01 if direction > 0 else s < current - 0.01)]
        if not steps:
            return
        factor = steps[0] if direction > 0 else steps[-1]
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom_label()

    def _fitted_factor(self) -> float:
        """The zoom factor a fit mode shows now (page width in the viewport, at the screen's resolution)."""
        if not self.document.pageCount():
            return 1.0
        points = self.document.pagePointSize(max(self.current_page(), 0))
        width = points.width() / 72 * self.logicalDpiX()
        return max(0.1, (self.view.viewport().width() - 12) / max(width, 1))

    def set_fit(self, mode) -> None:
        self.view.setZoomMode(mode)
        self._update_zoom_label()
