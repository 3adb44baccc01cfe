"""导入数据包 (汇总 mode): the clerk drops many county packages at once (or picks them); each is verified and, if
sound, applied in its own operation, in a worker (reports.package_read.import_packages, the same function as
`ipledger import-packages`). The verdicts are listed with what failed; a county whose signing key changed can be
accepted after the clerk has checked the fingerprint with the county. Below, every package received."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from db.ops.changes import ALL, ROLLUP, Changes
from db.rollup.store import all_packages
from db.periods import period_name_of_key
from db.rollup.texts import package_row_texts
from db.vocabulary import chinese_date_time
from ui.models.row_table import CENTER, Column, RowTableModel
from ui.widgets.file_drop import FileDropMixin

RESULT_COLUMNS = ("文件", "结果", "县（市、区）", "报告期", "生成时间", "说明")
VERDICT_WORDS = {"applied": "已导入", "replaced": "已替换旧版本", "unchanged": "无变化", "would-apply": "可导入",
                 "refused": "已拒绝"}
HISTORY_COLUMNS = [
    Column("county", "县（市、区）", width=110), Column("period_name", "报告期", width=110, align=CENTER),
    Column("created", "生成时间", width=160), Column("imported", "导入时间", width=160),
    Column("state_label", "状态", width=70, align=CENTER), Column("file_name", "文件", width=260),
]


class RollupPackagesPage(FileDropMixin, QWidget):
    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.reports: list = []
        self._workers: list = []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.hint = QLabel("把各县（市、区）报来的数据包（.ipkg）拖到这里（可一次拖入多个），或")
        row.addWidget(self.hint)
        pick = QPushButton("选择文件…")
        pick.setObjectName("pickPackages")
        pick.clicked.connect(self.pick_files)
        row.addWidget(pick)
        row.addStretch(1)
        self.accept_key = QPushButton("核实后接受该县的新密钥并导入")
        self.accept_key.setObjectName("acceptNewKey")
        self.accept_key.clicked.connect(self.accept_new_key)
        row.addWidget(self.accept_key)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.results = QTableWidget(0, len(RESULT_COLUMNS))
        self.results.setObjectName("packageResults")
        self.results.setHorizontalHeaderLabels(RESULT_COLUMNS)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.results.itemSelectionChanged.connect(self._show_details)
        splitter.addWidget(self.results)
        self.details = QTextBrowser()
        self.details.setObjectName("packageDetails")
        splitter.addWidget(self.details)
        history = QWidget()
        box = QVBoxLayout(history)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("已收到的数据包（同一县同一报告期的新数据包替换旧的，旧的保留在这里）："))
        self.history = RowTableModel(HISTORY_COLUMNS, self)
        self.history_view = QTableView()
        self.history_view.setObjectName("packageHistory")
        self.history_view.setModel(self.history)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for index, column in enumerate(HISTORY_COLUMNS):
            self.history_view.setColumnWidth(index, column.width)
        box.addWidget(self.history_view, 1)
        splitter.addWidget(history)
        splitter.setSizes([220, 120, 260])
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # ----- files in ----------------------------------------------------------------------------
    def pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择县级数据包", str(self.context.output_folder()),
                                                "县级数据包 (*.ipkg);;所有文件 (*)")
        if names:
            self.import_files([Path(n) for n in names])

    def accept_dropped(self, paths: list[Path]) -> None:   # files dropped on the page (ui/widgets/file_drop.py)
        self.import_files(paths)

    def import_files(self, paths: list[Path], *, accept_new_key: frozenset[str] = frozenset()) -> None:
        """Verify and import the files in a worker (a backup of the roll-up ledger first)."""
        from ui.worker import Worker

        context = self.context

        def job(progress, is_cancelled):
            from db.backup import backup_before
            from reports.package_read import import_packages

            ledger = context.worker_ledger()
            try:
                backup_before(ledger, "import-packages")
                return import_packages(ledger, paths, accept_new_key=set(accept_new_key), progress=progress,
                                       is_cancelled=is_cancelled)
            finally:
                ledger.close()

        worker = Worker(job, label="正在核验并导入数据包…", parent=self)
        worker.done.connect(lambda reports: self._imported(reports, accept_new_key))
        worker.error.connect(self._failed)
        self._workers = [w for w in self._workers if w.running] + [worker]
        worker.start()

    def _imported(self, reports: list, accepted: frozenset[str]) -> None:
        if accepted:     # the re-imported file replaces its refused line
            names = {r.path for r in reports}
            self.reports = [r for r in self.reports if r.path not in names]
        self.reports = reports + self.reports
        self._fill()
        done = sum(1 for r in reports if r.verdict in ("applied", "replaced"))
        refused = sum(1 for r in reports if r.refused)
        self.context.message.emit(f"数据包：导入{done}个，拒绝{refused}个，共{len(reports)}个。")
        if done:
            self.context.changed.emit(Changes(f"导入数据包{done}个", frozenset({ROLLUP})))
        else:
            self.refresh()

    def _failed(self, exc) -> None:
        from db.errors import LedgerError

        message = str(exc) if isinstance(exc, LedgerError) else f"导入时出错：{exc}"
        QMessageBox.warning(self, "未能导入", message)

    # ----- results -----------------------------------------------------------------------------
    def _fill(self) -> None:
        self.results.setRowCount(len(self.reports))
        for number, report in enumerate(self.reports):
            reason = report.errors[0]["message"] if report.errors else (
                report.notices[0]["message"] if report.notices else "")
            values = (report.file, VERDICT_WORDS.get(report.verdict, report.verdict), report.county or "",
                      period_name_of_key(report.period), chinese_date_time(report.created_at), reason)
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value if column == 5 else "")
                if column == 1 and report.refused:
                    cell.setForeground(Qt.GlobalColor.red)
                self.results.setItem(number, column, cell)
        self.results.resizeColumnsToContents()
        self.results.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        if self.reports:
            self.results.selectRow(0)
        self._show_details()
        self.refresh()

    def selected_report(self):
        row = self.results.currentRow()
        return self.reports[row] if 0 <= row < len(self.reports) else None

    def _show_details(self) -> None:
        report = self.selected_report()
        self.details.setPlainText("\n".join(report.lines()) if report else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        report = self.selected_report()
        self.accept_key.setEnabled(bool(report and report.key_mismatch))

    def accept_new_key(self) -> None:
        report = self.selected_report()
        if report is None or not report.key_mismatch:
            return
        answer = QMessageBox.question(
            self, "接受新密钥",
            f"{report.errors[0]['message']}\n\n您已电话向{report.county}核实，对方确认更换了台账或签名密钥，"
            "且公钥指纹与上面所列一致吗？确认后，此后只接受新密钥签名的数据包。")
        if answer == QMessageBox.StandardButton.Yes:
            self.import_files([Path(report.path)], accept_new_key=frozenset({report.county}))

    def refresh(self) -> None:
        self.history.set_rows([package_row_texts(row) for row in all_packages(self.context.ledger)])

    def on_changed(self, changes) -> None:
        if ROLLUP in changes or ALL in changes:
            self.refresh()
