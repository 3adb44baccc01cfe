"""Start-up safety messages: a damaged ledger (offer the latest good backup), a ledger held by another program
(offer read-only), a lock lost while running. Plain message boxes with Chinese text; never carry on silently."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def offer_restore(ledger_name: str, problems: list[str], backup_label: str | None,
                  parent: QWidget | None = None) -> bool:
    """True when the clerk agrees to restore the latest good backup."""
    detail = ";".join(problems[:3])
    if backup_label is None:
        QMessageBox.critical(
            parent, "台账文件已损坏",
            f"台账 {ledger_name} 未通过完整性检查（{detail}）。\n\n没有找到可用的备份。为免损坏扩大，程序不会打开它，"
            "文件未作任何改动。请把台账文件复制一份交给技术支持人员处理。")
        return False
    answer = QMessageBox.question(
        parent, "台账文件已损坏",
        f"台账 {ledger_name} 未通过完整性检查（{detail}）。\n\n"
        f"可以从最近一个完好的备份恢复：{backup_label}。该备份之后的修改将需要重新录入；"
        "损坏的文件会另存一份，不会丢弃。\n\n现在恢复吗？选“否”将退出程序，文件不作改动。",
        YES | NO, NO)
    return answer == YES


def ask_open_read_only(holder_text: str, ledger_name: str, parent: QWidget | None = None) -> bool:
    answer = QMessageBox.question(
        parent, "台账正在被使用",
        f"台账 {ledger_name} 正由{holder_text}使用。\n同一时间只能有一个程序修改台账。\n\n"
        "以只读方式打开吗？（只能查看、导出，不能修改。）选“否”将退出。",
        YES | NO, YES)
    return answer == YES


def tell_restored(result: dict, parent: QWidget | None = None) -> None:
    kept = result.get("kept_current_as")
    QMessageBox.information(parent, "已从备份恢复",
                            f"已从备份恢复台账。\n恢复前的文件已另存为：{kept}" if kept else "已从备份恢复台账。")


def tell_lock_lost(parent: QWidget | None = None) -> None:
    QMessageBox.warning(parent, "台账已被另一程序接管",
                        "另一台电脑或另一个窗口接管了这本台账（本程序可能长时间无响应）。\n"
                        "为防止两边同时修改，本窗口已改为只读。请关闭本窗口后重新打开。")


def tell_backup_failed(message: str, parent: QWidget | None = None) -> None:
    QMessageBox.warning(parent, "备份未成功", f"{message}\n\n台账本身未受影响。请在“文件 → 备份设置”中检查备份文件夹。")
