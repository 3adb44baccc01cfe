"""Old Word (.doc) and WPS 文字 (.wps) files → .docx bytes, through what the clerk's PC has.

In order: Microsoft Word, then WPS 文字, by COM automation on Windows (pywin32, when installed); LibreOffice
headless (`soffice --headless --convert-to docx`) wherever it is installed. The file is copied into a private
temporary folder first, so the original is never opened for writing. None available → ConversionUnavailable with
a Chinese message saying what to do.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 90
_WINDOWS_SOFFICE = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


class ConversionUnavailable(Exception):
    """No converter worked; the message says why and what the clerk can do."""


def is_encrypted_office_file(data: bytes) -> bool:
    """A password-protected .docx/.doc is an OLE container holding an 'EncryptedPackage' stream (or, for .doc, an
    encryption flag): either way no converter can read it without the password."""
    head = data[:200_000]
    return "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        return next((p for p in _WINDOWS_SOFFICE if Path(p).exists()), None)
    return None


def convert_to_docx(data: bytes, name: str) -> bytes:
    """The .docx bytes of an old Word or WPS document; raises ConversionUnavailable."""
    with tempfile.TemporaryDirectory(prefix="ipledger-doc-") as folder:
        source = Path(folder) / "plan.doc"   # .wps files are Word binary documents too
        source.write_bytes(data)
        tried: list[str] = []
        if sys.platform == "win32":
            result = _convert_by_com(source, Path(folder) / "plan.docx", tried)
            if result is not None:
                return result
        soffice = find_soffice()
        if soffice:
            result = _convert_by_soffice(soffice, source, Path(folder), tried)
            if result is not None:
                return result
    if tried:
        raise ConversionUnavailable(
            f"{name} 是旧版 Word（.doc）或 WPS 文件，已尝试用{'、'.join(tried)}转换，但没有成功（文件可能已损坏或设了密码）。"
            "请用 Word 或 WPS 打开它（如有密码请先取消），“另存为”.docx 后再导入。")
    raise ConversionUnavailable(
        f"{name} 是旧版 Word（.doc）或 WPS 文件。本机没有找到可用于转换的 Microsoft Word、WPS 文字或 LibreOffice。"
        "请用 Word 或 WPS 打开它，“另存为”.docx 后再导入；或安装 LibreOffice（免费）后重试。")


def _convert_by_soffice(soffice: str, source: Path, folder: Path, tried: list[str]) -> bytes | None:
    tried.append("LibreOffice")
    profile = folder / "profile"   # its own profile: works beside a LibreOffice the clerk has open
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)]
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=TIMEOUT_SECONDS, check=False,
                       creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, subprocess.TimeoutExpired):
        return None
    target = folder / "plan.docx"
    return target.read_bytes() if target.exists() and target.stat().st_size else None


def _convert_by_com(source: Path, target: Path, tried: list[str]) -> bytes | None:  # pragma: no cover - Windows
    try:
        import pythoncom
        import win32com.client
    except ImportError:
        return None
    pythoncom.CoInitialize()
    try:
        for prog_id, label in (("Word.Application", "Microsoft Word"), ("KWPS.Application", "WPS 文字"),
                               ("WPS.Application", "WPS 文字")):
            try:
                app = win32com.client.DispatchEx(prog_id)
            except Exception:
                continue
            if label not in tried:
                tried.append(label)
            try:
                app.Visible = False
                app.DisplayAlerts = 0
                document = app.Documents.Open(str(source), False, True, False, "", "")  # no conversion prompt, read-only, no password
                try:
                    try:
                        document.SaveAs2(str(target), 16)    # wdFormatDocumentDefault (.docx)
                    except AttributeError:
                        document.SaveAs(str(target), 12)     # WPS: wdFormatXMLDocument
                finally:
                    document.Close(False)
            except Exception:
                continue
            finally:
                try:
                    app.Quit()
                except Exception:
                    pass
            if target.exists() and os.path.getsize(target):
                return target.read_bytes()
    finally:
        pythoncom.CoUninitialize()
    return None
