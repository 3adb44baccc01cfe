"""Chinese line breaking (禁则) for reportlab paragraphs.

reportlab's CJK wrapping lacks full-width ，；：！？”》 in its cannot-start table and never uses its cannot-end table,
so a line can begin with "，" or end with "（". `install()` adds the punctuation to both cannot-start tables (the fix
measured in TECH-NOTES §1) and replaces the two CJK line splitters (single-fragment and marked-up paragraphs) with
one that moves a break back until no line begins with closing punctuation or ends with opening punctuation, and
never cuts a Latin word or a number (3,500 / GB/T 29490) in two. Lines never exceed the width (no hanging).
"""
from __future__ import annotations

from unicodedata import category

CANNOT_START = ("，。、；：！？）》”’〕】」』〉…—·％‰℃,.;:!?)]}%"
                "\u3001\u3002\uff09\uff0c\uff1a\uff1b\uff01\uff1f\u300b\u201d\u2019\u3015\u3011")
CANNOT_END = "（《“‘〔【「『〈([{\uff08\u300a\u201c\u2018\u3014\u3010"

_installed = False
_BREAK_CACHE: dict = {}
_BREAK_CACHE_LIMIT = 20000


def char_widths(text: str, font_name: str, size: float) -> list[float]:
    """Advance widths of each character, from the TrueType face's width table (fast path), else reportlab."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    table = getattr(face, "charWidths", None)
    if table is not None:
        default = face.defaultWidth or 0
        scale = size * 0.001
        return [table.get(ord(ch), default) * scale for ch in text]
    return [pdfmetrics.stringWidth(ch, font_name, size) for ch in text]


def _is_latin(ch: str) -> bool:
    """Part of a word or number that must not be cut (ASCII letters, digits and joining marks)."""
    return ch.isascii() and (ch.isalnum() or ch in ".,/-%_+'") and ch not in " "


def _is_space(ch: str) -> bool:
    return bool(ch) and category(ch) == "Zs"


def break_lines(chars: list[str], widths: list[float], max_widths, forced: list[bool] | None = None,
                fuzz: float = 1e-6) -> list[tuple[int, int, float, float, bool]]:
    """Line spans [(start, end, used_width, max_width, forced_break)] for a run of characters."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    n = len(chars)
    lines: list[tuple[int, int, float, float, bool]] = []
    start = 0
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        k = start
        hard = False
        while k < n:
            if forced is not None and forced[k]:
                k += 1          # the <br/> carrier belongs to this line
                hard = True
                break
            if used + widths[k] > max_width + fuzz and k > start:
                break
            used += widths[k]
            k += 1
        end = k
        if not hard and k < n:
            end = _kinsoku_break(chars, start, k)
        used = sum(widths[start:end])
        lines.append((start, end, used, max_width, hard))
        start = end
        while start < n and _is_space(chars[start]) and not (forced is not None and forced[start]):
            start += 1          # a soft break swallows the spaces after it
    return lines


def _kinsoku_break(chars: list[str], start: int, k: int) -> int:
    """Move the break at `k` back so the next line starts well; `k` if impossible (a very long word)."""
    b = k
    while True:
        bad = ((_is_latin(chars[b]) and _is_latin(chars[b - 1]))
               or chars[b] in CANNOT_START or chars[b - 1] in CANNOT_END)
        if not bad:
            return b
        if b - 1 <= start:
            return k
        b -= 1


def install() -> None:
    """Patch reportlab once (idempotent)."""
    global _installed
    if _installed:
        return
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(ch for ch in CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + "".join(
        ch for ch in CANNOT_START if ch not in paragraph.ALL_CANNOT_START)

    def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
        if isinstance(word, bytes):
            word = word.decode(encoding)
        widths_key = tuple(maxWidths) if isinstance(maxWidths, (list, tuple)) else (maxWidths,)
        key = (word, widths_key, fontName, fontSize)
        lines = _BREAK_CACHE.get(key)
        if lines is None:
            chars = list(word)
            widths = char_widths(word, fontName, fontSize)
            lines = [(max_width - used, word[s:e].rstrip() if e < len(word) else word[s:e])
                     for s, e, used, max_width, _hard in break_lines(chars, widths, maxWidths)]
            if len(_BREAK_CACHE) > _BREAK_CACHE_LIMIT:
                _BREAK_CACHE.clear()
            _BREAK_CACHE[key] = lines
        return [[extra, text] for extra, text in lines]

    def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
        units = []
        for frag in frags:
            text = frag.text
            if isinstance(text, bytes):
                text = text.decode(encoding)
            if text:
                units.extend(paragraph.cjkU(t, frag, encoding) for t in text)
            else:
                units.append(paragraph.cjkU(text, frag, encoding))
        widths = []
        for unit in units:
            w = unit.width
            if hasattr(w, "normalizedValue"):
                w = w.normalizedValue(maxWidths[0] if isinstance(maxWidths, (list, tuple)) else maxWidths)
            widths.append(w)
        forced = [hasattr(unit.frag, "lineBreak") for unit in units]
        lines = []
        for s, e, used, max_width, hard in break_lines([str(u) or "\u0000" for u in units], widths, maxWidths,
                                                       forced):
            lines.append(paragraph.makeCJKParaLine(units[s:e], max_width, used, max_width - used, hard, calcBounds))
        return paragraph.ParaLines(kind=1, lines=lines)

    paragraph.wordSplit = word_split
    paragraph.cjkFragSplit = cjk_frag_split
    _install_cjk_justification(paragraph)
    _installed = True


def _is_cjk_line(text: str) -> bool:
    return len(text) > 1 and " " not in text.strip() and any(ord(ch) >= 0x2E80 for ch in text)


def _install_cjk_justification(paragraph) -> None:
    """Justified CJK lines (两端对齐): spread a line's spare width over its characters (PDF character spacing);
    reportlab only widens spaces, which Chinese text has none of."""
    plain, marked = paragraph._justifyDrawParaLine, paragraph._justifyDrawParaLineX
    set_x = paragraph.setXPos

    def justify_plain(tx, offset, extraspace, words, last=0):
        text = " ".join(words)
        if last or extraspace <= 1e-6 or not _is_cjk_line(text):
            return plain(tx, offset, extraspace, words, last)
        set_x(tx, offset)
        tx.setCharSpace(extraspace / (len(text) - 1))
        tx._textOut(text, 1)
        tx.setCharSpace(0)
        set_x(tx, -offset)
        return offset

    def justify_marked(tx, offset, line, last=0):
        words = getattr(line, "words", None) or []
        if (last or line.lineBreak or line.extraSpace <= 1e-6
                or any(hasattr(w, "cbDefn") for w in words)):
            return marked(tx, offset, line, last)
        text = "".join(getattr(w, "text", "") for w in words)
        if not _is_cjk_line(text):
            return marked(tx, offset, line, last)
        tx._x_offset = offset
        set_x(tx, offset)
        tx.setCharSpace(line.extraSpace / (len(text) - 1))
        paragraph._putFragLine(offset, tx, line, last, "justify")
        tx.setCharSpace(0)
        set_x(tx, -offset)

    paragraph._justifyDrawParaLine = justify_plain
    paragraph._justifyDrawParaLineX = justify_marked
