"""Opening workbooks that come from outside: refuse hostile or broken files with a Chinese message.

Checks before openpyxl sees the file: size, that it is a zip at all (old .xls, renamed files),
uncompressed sizes and compression ratios (zip bombs). Loading is read-only with cached values
(formulas are never evaluated) and the workbook is always closed. Chinese Excel/WPS date formats
(built-in ids 27–36, 50–58, stored without a format string) are taught to openpyxl so such cells read
as dates instead of serial numbers.
"""
from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from openpyxl.styles import numbers

MAX_FILE_BYTES = 20 * 1024 * 1024          # a return is tens of KB; 20 MB is generous
MAX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024  # all parts together, after unzipping
MAX_MEMBER_RATIO = 150                     # uncompressed / compressed, for parts over 1 MB
MAX_MEMBERS = 500
# Caps by content, checked from the zip directory before anything is unpacked: a form's text is a few hundred KB at
# most (2,000 characters per cell), so megabytes of shared strings or of one sheet mean a hostile or broken file
# (a 2.4 MB return whose strings unpack to 79 MB took 86 s and 511 MB before these caps).
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
MAX_SHEET_BYTES = 16 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Built-in number formats Chinese Excel/WPS use for dates (ECMA-376 leaves them locale-defined).
CHINESE_DATE_FORMATS = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}


def _damaged_part_errors() -> tuple[type[BaseException], ...]:
    import xml.parsers.expat
    import zlib
    from xml.etree.ElementTree import ParseError

    errors: list[type[BaseException]] = [ParseError, xml.parsers.expat.ExpatError, zipfile.BadZipFile, zlib.error,
                                         EOFError, NotImplementedError]
    try:
        from lxml.etree import XMLSyntaxError
        errors.append(XMLSyntaxError)
    except ImportError:
        pass
    return tuple(errors)


_DAMAGED_PARTS = _damaged_part_errors()
_READER_PARTS = ("openpyxl", "xml", "zipfile", "zlib", "lxml", "et_xmlfile")


def _raised_by_reader(exc: BaseException) -> bool:
    """Did the exception start inside openpyxl or the XML/zip readers (a damaged file), not in our code?"""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    filename = last.tb_frame.f_code.co_filename.replace("\\", "/")
    return any(part in filename for part in _READER_PARTS)


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message is Chinese and says what to do."""


def teach_chinese_date_formats() -> None:
    for number, code in CHINESE_DATE_FORMATS.items():
        numbers.BUILTIN_FORMATS.setdefault(number, code)


teach_chinese_date_formats()


def read_checked_bytes(path: Path | str) -> tuple[bytes, str]:
    """The file's bytes and SHA-256 after the checks above (raises UnreadableWorkbook)."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise UnreadableWorkbook(f"找不到文件 {path}。请检查文件是否存在。")
    if path.is_dir():
        raise UnreadableWorkbook(f"{name} 是文件夹，不是Excel文件。")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableWorkbook(f"{name} 是空文件（0字节），可能没有保存完整。请让报送单位重新发送。")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{name} 太大（{size / 1024 / 1024:.1f} MB），不像是填报表（正常只有几十KB）。"
            "请确认文件是否正确；佐证材料请单独报送，不要放进填报表。")
    data = path.read_bytes()
    check_workbook_bytes(data, name)
    return data, hashlib.sha256(data).hexdigest()


def check_workbook_bytes(data: bytes, name: str) -> None:
    if data[:8] == OLE_MAGIC:
        raise UnreadableWorkbook(
            f"{name} 是旧版 Excel（.xls）或加密的文件，不能读取。请用 Excel 或 WPS 打开后“另存为”Excel工作簿（.xlsx）"
            "再导入；如设置了打开密码，请先取消密码。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableWorkbook(
            f"{name} 不是Excel工作簿（.xlsx）文件，可能已损坏或只是改了扩展名。请让报送单位用下发的表格重新填写并发送。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise UnreadableWorkbook(f"{name} 内部结构异常（包含{len(members)}个部件），已拒绝读取。请使用下发的原表格填写。")
            total = 0
            for member in members:
                total += member.file_size
                _check_part_size(member, name)
                if member.file_size > 1024 * 1024 and member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1):
                    raise UnreadableWorkbook(
                        f"{name} 内部压缩比异常（可能是恶意构造的“压缩炸弹”文件），已拒绝读取，未作任何改动。")
            if total > MAX_UNCOMPRESSED_BYTES:
                raise UnreadableWorkbook(
                    f"{name} 解压后过大（{total / 1024 / 1024:.0f} MB），不像是填报表，已拒绝读取，未作任何改动。")
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise UnreadableWorkbook(f"{name} 不是Excel工作簿（缺少工作簿内容），可能是其他软件的文件。请使用下发的表格填写。")
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise UnreadableWorkbook(f"{name} 已损坏，无法打开（{exc}）。请让报送单位重新发送。") from exc


def _check_part_size(member: zipfile.ZipInfo, name: str) -> None:
    """Refuse at once a shared-strings part or a sheet far larger than any form's (zipfile never unpacks more
    than a member's declared size, so the declared size is a safe bound)."""
    megabytes = member.file_size / 1024 / 1024
    if member.filename.lower().endswith("sharedstrings.xml") and member.file_size > MAX_SHARED_STRINGS_BYTES:
        raise UnreadableWorkbook(
            f"{name} 中的文字内容解压后有 {megabytes:.0f} MB（填报表的文字通常不到 1 MB，上限 "
            f"{MAX_SHARED_STRINGS_BYTES // 1024 // 1024} MB），不像是正常填写的填报表，已拒绝读取，未作任何改动。"
            "请使用下发的原表格填写；大段材料请作为佐证材料单独报送。")
    if member.filename.lower().startswith("xl/worksheets/") and member.file_size > MAX_SHEET_BYTES:
        raise UnreadableWorkbook(
            f"{name} 中的工作表“{member.filename.rsplit('/', 1)[-1]}”解压后有 {megabytes:.0f} MB（上限 "
            f"{MAX_SHEET_BYTES // 1024 // 1024} MB），单元格数量远超填报表，已拒绝读取，未作任何改动。请使用下发的原表格填写。")


def formula_cells(data: bytes, sheets: tuple[str, ...]) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet title: {(row, column): formula}} for formulas in the named sheets. Read-only workbooks give a
    formula's saved result, and None where the file holds no result (a file a program wrote, never opened in Excel
    or WPS): the importer asks here which empty-looking cells are really formulas. A workbook without any formula
    (the usual return) costs one scan of its sheet parts and is not opened again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [archive.read(m) for m in archive.namelist() if m.startswith("xl/worksheets/") and m.endswith(".xml")]
    if not any(b"<f>" in part or b"<f " in part for part in parts):
        return {}
    del parts
    from openpyxl import load_workbook

    found: dict[str, dict[tuple[int, int], str]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        for title in sheets:
            if title not in workbook.sheetnames:
                continue
            ws = workbook[title]
            ws.reset_dimensions()
            cells = found.setdefault(title, {})
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", "") == "f":
                        cells[(cell.row, cell.column)] = value
    finally:
        workbook.close()
    return found


@contextmanager
def open_read_only(data: bytes, name: str) -> Iterator:
    """openpyxl read-only workbook over checked bytes, with cached values only; always closed."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except UnreadableWorkbook:
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise UnreadableWorkbook(f"{name} 无法作为Excel工作簿读取（{type(exc).__name__}），可能已损坏。"
                                 "请用 Excel 或 WPS 打开后重新保存，或让报送单位重新发送。") from exc
    try:
        yield workbook
    except Exception as exc:  # read-only mode parses sheets lazily: damage shows up while reading rows
        if not (isinstance(exc, _DAMAGED_PARTS) or _raised_by_reader(exc)):
            raise
        raise UnreadableWorkbook(f"{name} 已损坏，无法读取其中的表格内容（{type(exc).__name__}）。"
                                 "请用 Excel 或 WPS 打开后重新保存，或让报送单位重新发送。") from exc
    finally:
        workbook.close()
