"""Reading PDFs back as a reader (or a checker) sees them: text via poppler's pdftotext, fonts via pdffonts,
page sizes via pypdf. Shared by the tests/reports/test_pdf_*.py tests."""
from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

# No line may begin with these, nor end with the opening ones (the list).
NEVER_START = "，。、；：！？）》”"
NEVER_END = "（《“"


def pdf_text(path: Path, *, raw: bool = True) -> list[str]:
    """The text of each page (pdftotext; raw content order keeps a table cell's lines together)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_text(path: Path) -> str:
    """All pages' text without the page furniture (page numbers, fingerprint footer)."""
    lines = []
    for page in pdf_text(path):
        lines += [line for line in page.splitlines()
                  if not re.fullmatch(r"— \d+ —", line.strip()) and not line.startswith("数据指纹 ")]
    return "\n".join(lines)


def squash(text: str) -> str:
    """NFKC (full-width punctuation → half-width) and no whitespace, for comparing with ledger values."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_fonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True).stdout.decode("utf-8")
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        fonts.append({"name": parts[0], "emb": parts[-5], "line": line})
    return fonts


def page_sizes(path: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(str(path)).pages]


def text_lines(path: Path) -> list[tuple[int, str, float]]:
    """Every printed line as poppler groups it: (page number, text, x of its left edge)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(out)
    lines = []
    for number, page in enumerate(root.iter("page"), 1):
        for line in page.iter("line"):
            words = [w.text or "" for w in line.iter("word")]
            if words:
                lines.append((number, "".join(words), float(line.get("xMin"))))
    return lines


def kinsoku_violations(path: Path) -> list[str]:
    bad = []
    for page, text, _x in text_lines(path):
        if text[0] in NEVER_START or text[-1] in NEVER_END:
            bad.append(f"page {page}: {text}")
    return bad
