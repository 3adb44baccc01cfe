"""Which fonts the PDF reports use: the office fonts on the machine, else the bundled TrueType CJK font.

One module owns this choice. Roles (GB/T 9704-2012):
  body    正文          仿宋_GB2312 / 仿宋 (simfang.ttf)
  heading 一级标题 一、  黑体 (simhei.ttf)
  kai     二级标题 (一)  楷体_GB2312 / 楷体 (simkai.ttf)
  title   标题          方正小标宋简体 if installed, else 黑体
  number  页码          宋体 (simsun.ttc, face 0)
Every role falls back to the bundled WenQuanYi Micro Hei (TrueType `glyf`, embeddable). Never the non-embedded
STSong-Light. Fonts are registered lazily, once per process.

A character missing from a role's font is looked up in the other fonts found (and the bundled one) and printed in the
first that has it (`markup`); if none has it, `MissingGlyphError` names the character and where it occurs, before any
file is written. Nothing is ever printed as a blank box.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from db.errors import LedgerError
from reports.font_files import bundled_font_path, system_font_dirs
from reports.font_names import (EXTRA_FALLBACKS, ROLE_CANDIDATES, ROLE_LABELS, ROLES, Candidate,  # noqa: F401
                                word_font_lines)



BUNDLED_LABEL = "文泉驿微米黑（程序自带）"

_IGNORED = {"\n", "\r", "\t", " ", "\u00a0", "\u3000", "\u200b"}


class MissingGlyphError(LedgerError):
    """A character no available font can print (the message names it, where, and what to do)."""

    def __init__(self, message: str, char: str):
        super().__init__(message)
        self.char = char


class FontUnusableError(LedgerError):
    pass


@dataclass
class ReportFonts:
    """The reportlab font names for each role, and what files they came from (for the dialog)."""

    body: str
    heading: str
    kai: str
    title: str
    number: str
    used: dict[str, str] = field(default_factory=dict)
    fallbacks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)      # office fonts found but not usable, and why

    def describe(self) -> list[str]:
        """Lines such as '正文:仿宋 (C:\\Windows\\Fonts\\simfang.ttf)' for the report dialog; roles sharing a font
        share a line ('一级标题、文件标题:黑体 (…)')."""
        roles: dict[str, list[str]] = {}
        for role, text in self.used.items():
            roles.setdefault(text, []).append(ROLE_LABELS[role])
        return [f"{'、'.join(labels)}:{text}" for text, labels in roles.items()] + self.notes


# ----- finding files ----------------------------------------------------------------------------------------

def _index_font_files(dirs: Iterable[Path]) -> dict[str, Path]:
    """{lower-case file name: path}; the first folder wins (Windows Fonts before the user's own folder)."""
    found: dict[str, Path] = {}
    for folder in dirs:
        try:
            for root, _subdirs, files in os.walk(folder):
                for name in files:
                    if name.lower().endswith((".ttf", ".ttc", ".otf")):
                        found.setdefault(name.lower(), Path(root) / name)
        except OSError:
            continue
    return found


def _find(candidate: Candidate, index: dict[str, Path]) -> Path | None:
    for name in candidate.files:
        path = index.get(name.lower())
        if path is not None:
            return path
    return None


# ----- registering ------------------------------------------------------------------------------------------

_lock = threading.RLock()
_registered: dict[tuple[str, int], str] = {}   # (file, subfont) → reportlab name
_cache: dict[tuple, ReportFonts] = {}
_bad_files: dict[tuple[str, int], str] = {}


def _register(path: Path, subfont: int, base_name: str) -> str | None:
    """Register a TrueType file once; None when reportlab cannot embed it (CFF outlines, no-embedding fsType)."""
    key = (str(path), subfont)
    with _lock:
        if key in _registered:
            return _registered[key]
        if key in _bad_files:
            return None
        name = f"IPL-{base_name}"
        suffix = 1
        while name in pdfmetrics.getRegisteredFontNames():
            suffix += 1
            name = f"IPL-{base_name}-{suffix}"
        try:
            font = TTFont(name, str(path), subfontIndex=subfont)
        except (TTFError, OSError, ValueError, KeyError) as exc:
            _bad_files[key] = str(exc)
            return None
        if ord("中") not in font.face.charToGlyph:   # a Latin font named like a CJK one
            _bad_files[key] = "not a CJK font"
            return None
        pdfmetrics.registerFont(font)
        _registered[key] = name
        return name


def _why(path: Path, subfont: int) -> str:
    reason = _bad_files.get((str(path), subfont), "")
    if "embedding" in reason or "subsetting" in reason:
        return "字体授权不允许嵌入"
    if reason == "not a CJK font":
        return "不含中文字形"
    if "postscript" in reason.lower():
        return "PostScript 轮廓的 OpenType 字体"
    return "文件损坏或不是 TrueType 字体"


def _register_bundled() -> str:
    name = _register(bundled_font_path(), 0, "WQYMicroHei")
    if name is None:
        raise FontUnusableError(f"程序自带的字体文件 {bundled_font_path()} 无法读取。请重新安装本程序。")
    return name


def report_fonts(search_dirs: Sequence[Path] | None = None) -> ReportFonts:
    """The fonts for the PDF reports (registered with reportlab on first use, then cached)."""
    dirs = tuple(Path(d) for d in (system_font_dirs() if search_dirs is None else search_dirs))
    with _lock:
        cached = _cache.get(dirs)
        if cached is not None:
            return cached
        index = _index_font_files(dirs)
        bundled = _register_bundled()
        names: dict[str, str] = {}
        used: dict[str, str] = {}
        notes: list[str] = []
        for role in ROLES:
            for candidate in ROLE_CANDIDATES[role]:
                path = _find(candidate, index)
                if path is None:
                    continue
                name = _register(path, candidate.subfont, Path(path).stem.replace(" ", ""))
                if name is not None:
                    names[role] = name
                    used[role] = f"{candidate.label} ({path})"
                    break
                note = f"注意：字体文件 {path} 无法嵌入 PDF（{_why(path, candidate.subfont)}），已改用其他字体。"
                if note not in notes:
                    notes.append(note)
            else:
                names[role] = bundled
                used[role] = f"{BUNDLED_LABEL} ({bundled_font_path()})"
        fallbacks = list(dict.fromkeys([*(names[r] for r in ROLES), bundled]))
        for candidate in EXTRA_FALLBACKS:
            path = _find(candidate, index)
            if path is not None:
                name = _register(path, candidate.subfont, Path(path).stem.replace(" ", ""))
                if name is not None and name not in fallbacks:
                    fallbacks.append(name)
        fonts = ReportFonts(**names, used=used, fallbacks=fallbacks, notes=notes)
        _cache[dirs] = fonts
        return fonts


# ----- glyph coverage ----------------------------------------------------------------------------------------

def _glyphs(font_name: str) -> dict:
    return pdfmetrics.getFont(font_name).face.charToGlyph


def missing_characters(text: str, font_name: str) -> set[str]:
    """Characters of `text` the font cannot print (spaces and line breaks aside)."""
    glyphs = _glyphs(font_name)
    if text.isascii() if text else True:
        return {ch for ch in set(text or "") if ch not in _IGNORED and ord(ch) not in glyphs}
    return {ch for ch in set(text) if ord(ch) not in glyphs and ch not in _IGNORED}


def font_for_character(ch: str, fonts: ReportFonts, preferred: str) -> str | None:
    """The preferred font if it has the character, else the first fallback that has it."""
    for name in (preferred, *fonts.fallbacks):
        if ord(ch) in _glyphs(name):
            return name
    return None


def missing_glyph_message(ch: str, text: str, where: str | None = None) -> str:
    position = text.find(ch)
    snippet = text[max(0, position - 8): position + 9].replace("\n", " ")
    place = f"{where}中" if where else ""
    return (f"无法生成报告：{place}“{snippet}”里的字符“{ch}”（U+{ord(ch):04X}）在本机所有可用字体中都没有，"
            "打印出来会是空白方框。请安装包含该字的字体（如宋体-ExtB、方正字库）后重试，"
            "或在台账中把它改成常用写法（如人名可加注拼音）。")


def check_text(text: str, font_name: str, fonts: ReportFonts, where: str | None = None) -> None:
    """Raise MissingGlyphError if some character of `text` is in none of the available fonts."""
    for ch in sorted(missing_characters(text, font_name)):
        if font_for_character(ch, fonts, font_name) is None:
            raise MissingGlyphError(missing_glyph_message(ch, text, where), ch)


def markup(text: str, font_name: str, fonts: ReportFonts, where: str | None = None) -> str:
    """`text` escaped for a reportlab Paragraph, with each character the font lacks wrapped in a font that has it.

    Raises MissingGlyphError when no available font has a character.
    """
    text = "" if text is None else str(text)
    missing = missing_characters(text, font_name)
    if not missing:
        return escape(text)
    out: list[str] = []
    for ch in text:
        if ch in missing:
            other = font_for_character(ch, fonts, font_name)
            if other is None:
                raise MissingGlyphError(missing_glyph_message(ch, text, where), ch)
            out.append(f'<font face="{other}">{escape(ch)}</font>')
        else:
            out.append(escape(ch))
    return "".join(out)
