"""Writing an output file safely: into a temporary file in the same folder, then moved onto the real name, so a
crash or a refusal never leaves a half-written report, form or summary behind. One owner for every writer."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from db.errors import LedgerError


class ReportWriteError(LedgerError):
    """An output file could not be written (the message says where and what to do)."""


def write_atomically(out: Path, write: Callable[[str], None]) -> Path:
    """Run `write(temp_path)` on a temporary file in `out`'s folder, then move it onto `out`. The folder must exist;
    failures are ReportWriteError with a Chinese message."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ReportWriteError(f"保存位置不存在：{folder}。请先建立该文件夹，或另选保存位置。")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ReportWriteError(f"无法在文件夹 {folder} 中写入文件（{exc.strerror or exc}）。请另选保存位置。") from exc
    os.close(handle)
    try:
        write(temp)
        try:
            os.replace(temp, out)
        except PermissionError as exc:
            raise ReportWriteError(f"无法保存到 {out}：该文件可能正被其他程序（如 Excel、WPS 或 PDF 阅读器）打开。"
                                   "请关闭它后重试，或另存为其他文件名。") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return out


def save_workbook_atomically(workbook, path: Path | str) -> Path:
    """A workbook (openpyxl) saved through a temporary name; the folder is created when missing. Errors stay the
    system's OSError, which the commands and pages turn into their own Chinese messages."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".~", suffix=".xlsx.tmp", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
