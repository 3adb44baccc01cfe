"""表格收发 → 生成上报数据包…: the county writes its signed package for the chosen period (reports.package_write,
the same function as `ipledger export-package`), in a worker; the first time, the ledger's signing key is made."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox


def choose_package_file(parent, suggested: Path) -> str:
    name, _ = QFileDialog.getSaveFileName(parent, "保存上报数据包", str(suggested), "县级数据包 (*.ipkg)",
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return name


def _free_name(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate = folder / f"{Path(name).stem}（{number}）{Path(name).suffix}"
        number += 1
    return candidate


def export_package_clicked(page) -> None:
    """The button's action on the 表格收发 page (`page` keeps the worker alive and shows errors)."""
    from db.periods import period_by_id
    from db.rollup import COUNTY_SETTING
    from reports.package_format import SUFFIX, package_file_name
    from ui.worker import Worker

    context = page.context
    period = period_by_id(context.ledger, context.period_id) if context.period_id else None
    if period is None:
        QMessageBox.information(page, "生成上报数据包", "请先在窗口上方选择报告期。")
        return
    county = context.ledger.setting(COUNTY_SETTING) or ""
    suggested = _free_name(context.output_folder(), package_file_name(county, period["key"]))
    target = choose_package_file(page, suggested)
    if not target:
        return
    if not target.lower().endswith(SUFFIX):
        target += SUFFIX
    if Path(target).exists():
        QMessageBox.warning(page, "生成上报数据包", f"文件已存在：{target}。为防止覆盖，不会改写它。请换一个文件名。")
        return
    key = period["key"]

    def job(progress, is_cancelled):
        from reports.package_write import export_package

        ledger = context.worker_ledger()
        try:
            return export_package(ledger, key, target)
        finally:
            ledger.close()

    worker = Worker(job, label="正在生成上报数据包…", parent=page)
    worker.done.connect(lambda path: _written(page, Path(path)))
    worker.error.connect(page._failed)
    page._keep(worker).start()


def _written(page, path: Path) -> None:
    page.last_package = path
    page.context.message.emit(f"已生成上报数据包：{path}（已签名，可发送给市局）")
