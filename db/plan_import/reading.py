"""A plan file → its text. Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK;
Word .docx (paragraphs with their automatic numbering, tables as rows of ' | ' cells); PDF with a text layer
(pdf_text); old Word .doc and WPS .wps, converted to .docx first (doc_convert).

Anything else — empty, binary, a scanned or encrypted or damaged PDF, a password-protected Word file, a .docx that
is no Word document, over 50 MB or over MAX_CHARS characters of text, a missing file — is refused with a
PlanReadError saying in Chinese what is wrong and what to do.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from db.errors import LedgerError

MAX_BYTES = 50 * 1024 * 1024
MAX_CHARS = 600_000          # a long provincial plan is under 100,000 characters
MAX_DOCUMENT_XML = 24 * 1024 * 1024
MAX_PARAGRAPHS = 60_000


class PlanReadError(LedgerError):
    """The plan file cannot be read; the message says why and what to do."""


def read_plan_file(path: str | Path) -> str:
    path = Path(path)
    if not path.exists():
        raise PlanReadError(f"找不到文件：{path}。请检查文件名和路径是否正确。")
    if path.is_dir():
        raise PlanReadError(f"“{path}”是一个文件夹，不是文件。请指定工作方案文件（.txt 或 .docx）。")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlanReadError(f"文件过大（{size / 1024 / 1024:.0f} MB，上限 50 MB）：{path.name}。"
                            "工作方案通常不超过几 MB，请确认选对了文件，或只保留方案正文后再导入。")
    if size == 0:
        raise PlanReadError(f"文件是空的：{path.name}。请确认文件已保存了方案内容。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanReadError(f"无法读取文件 {path.name}：{exc.strerror or exc}。请检查文件是否被其他程序占用或没有读取权限。") from exc
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:1024]):
        text = read_pdf_bytes(data, path.name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        text = read_doc_bytes(data, path.name)
    elif data.startswith(b"PK\x03\x04") or suffix in (".docx", ".docm", ".dotx"):
        text = read_docx_bytes(data, path.name)
    elif suffix == ".pdf":
        raise PlanReadError(f"{path.name} 不是有效的 PDF 文件（文件已损坏，或只是改了扩展名），无法读取，未作任何改动。"
                            "请重新下载或向发文单位索取原文件，或把方案另存为 .docx/.txt 后再导入。")
    else:
        text = decode_text(data, path.name)
    if not text.strip():
        raise PlanReadError(f"文件中没有文字：{path.name}。请确认文件已保存了方案内容。")
    check_length(text, path.name)
    return text


def check_length(text: str, name: str = "文本") -> None:
    """Refuse text far longer than any plan before it is parsed (a wrong file, or a file made to stall)."""
    if len(text) > MAX_CHARS:
        raise PlanReadError(f"{name} 的文字过多（约 {len(text) // 10000} 万字，上限 {MAX_CHARS // 10000} 万字），"
                            "不像一份工作方案，已拒绝读取，未作任何改动。请确认选对了文件，或只保留方案正文后再导入。")


def read_pdf_bytes(data: bytes, name: str = "文件") -> str:
    from db.plan_import.pdf_text import PdfProblem, pdf_to_text

    try:
        return pdf_to_text(data, name, max_chars=MAX_CHARS)
    except PdfProblem as exc:
        raise PlanReadError(str(exc)) from None


def read_doc_bytes(data: bytes, name: str = "文件") -> str:
    """An old Word .doc or WPS .wps (an OLE container), converted to .docx by Word, WPS or LibreOffice."""
    from db.plan_import.doc_convert import ConversionUnavailable, convert_to_docx, is_encrypted_office_file

    if is_encrypted_office_file(data):
        raise PlanReadError(f"{name} 设了打开密码，无法读取，未作任何改动。请用 Word 或 WPS 打开（输入密码），"
                            "在“文件 → 信息（或文档加密）”中取消密码并保存后再导入。")
    try:
        converted = convert_to_docx(data, name)
    except ConversionUnavailable as exc:
        raise PlanReadError(str(exc)) from None
    return read_docx_bytes(converted, name)


def decode_text(data: bytes, name: str = "文件") -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanReadError(f"{name} 是旧版 Word（.doc）或 WPS 文件，无法直接读取。请用 Word 或 WPS 打开后“另存为”.docx 或 .txt，再导入。")
    if data.startswith(b"%PDF"):
        raise PlanReadError(f"{name} 是 PDF 文件，无法直接读取。请把 PDF 转换成文字（.txt）或 Word（.docx）后再导入。")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="replace"), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), name)
        except UnicodeDecodeError:  # a damaged or cut UTF-16 file
            raise PlanReadError(f"{name} 看起来是 UTF-16 编码的文字文件，但内容已损坏或不完整，无法读取。"
                                "请用记事本打开后另存为 UTF-8 编码，再导入。") from None
    if data[:2000].count(b"\x00") > len(data[:2000]) // 4:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return _checked(data.decode(encoding), name)
            except (UnicodeDecodeError, PlanReadError):
                continue
        raise _binary(name)
    sample = data[:20000]
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if control > max(2, len(sample) // 100):
        raise _binary(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding), name)
        except UnicodeDecodeError:
            continue
    raise PlanReadError(f"{name} 的文字编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用记事本打开后另存为 UTF-8 编码，再导入。")


def _binary(name: str) -> PlanReadError:
    return PlanReadError(f"{name} 不是文字文件（看起来是图片、压缩包或其他二进制文件）。请导入 .txt 或 .docx 格式的工作方案。")


def _checked(text: str, name: str) -> str:
    sample = text[:20000]
    if not sample:
        return text
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f") + sample.count("\ufffd")
    if control > max(2, len(sample) // 100):
        raise _binary(name)
    return text


def read_docx_bytes(data: bytes, name: str = "文件") -> str:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "xl/workbook.xml" in archive.namelist():
            raise PlanReadError(f"{name} 是 Excel 表格，不是工作方案文件。请打开方案原文（.txt 或 .docx）；"
                                "如方案只有表格版，请把表格内容复制到 Word 中另存为 .docx 再导入。")
        if "word/document.xml" not in archive.namelist():
            raise zipfile.BadZipFile("no word/document.xml")
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        body = archive.getinfo("word/document.xml").file_size
        if len(members) > 2000 or unpacked > MAX_BYTES or any(
                member.file_size > 1024 * 1024 and member.file_size > 200 * max(member.compress_size, 1)
                for member in members):
            raise PlanReadError(f"{name} 的内部结构异常（解压后 {unpacked / 1024 / 1024:.0f} MB，或压缩比异常，"
                                "可能是恶意构造的“压缩炸弹”文件），已拒绝读取，未作任何改动。"
                                "请用 Word 或 WPS 打开后重新“另存为”.docx，或另存为 .txt 再导入。")
        if body > MAX_DOCUMENT_XML or _body_too_long(archive):
            raise PlanReadError(f"{name} 的正文过长（超过 {MAX_PARAGRAPHS // 10000} 万段或 {MAX_CHARS // 10000} 万字），"
                                "不像一份工作方案，已拒绝读取，未作任何改动。请确认选对了文件，或只保留方案正文后再导入。")
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, zlib.error) as exc:
        raise PlanReadError(f"{name} 不是有效的 Word 文档（.docx）。文件可能已损坏，或只是改了扩展名；"
                            "请用 Word 或 WPS 打开后重新“另存为”.docx，或另存为 .txt 再导入。") from exc
    from db.plan_import.docx_text import docx_to_text

    try:
        return docx_to_text(io.BytesIO(data))
    except Exception as exc:  # python-docx / lxml raise many kinds on a damaged package
        raise PlanReadError(f"{name} 无法按 Word 文档读取（{type(exc).__name__}）。"
                            "请用 Word 或 WPS 打开后重新“另存为”.docx，或另存为 .txt 再导入。") from exc



_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _body_too_long(archive: zipfile.ZipFile) -> bool:
    """More paragraphs or characters in word/document.xml than any plan has, counted in the raw bytes before any
    XML parser sees them (a 20 MB body would take python-docx half a minute)."""
    with archive.open("word/document.xml") as stream:
        data = stream.read(MAX_DOCUMENT_XML + 1)
    if len(data) > MAX_DOCUMENT_XML:
        return True
    if data.count(b"<w:p>") + data.count(b"<w:p ") > MAX_PARAGRAPHS:
        return True
    text_bytes = sum(len(found) for found in _TEXT_RUN.findall(data))
    return text_bytes > 3 * MAX_CHARS   # a Chinese character is three bytes in UTF-8
