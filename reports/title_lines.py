"""Text rules every report format shares (no layout library): titles broken by hand and official punctuation.

`title_lines` breaks a long title GB/T 9704's way (no break inside a word; trapezoid shape); `official_punctuation`
turns half-width punctuation in Chinese text full-width. reports/pdf_layout.py and reports/docx_render.py use both.
"""
from __future__ import annotations

import re

from reports import pdf_kinsoku

TITLE_BREAKS = ("试点县", "示范县", "试点", "建设", "关于")
# Words a balanced title break must not cut (GB/T 9704: no line break inside a word).
TITLE_WORDS = ("知识产权", "示范城市", "试点城市", "示范县", "试点县", "强县", "强市", "强省", "进展情况", "验收报告",
               "工作方案", "实施方案")


def title_lines(text: str, max_chars: int = 18) -> list[str]:
    """Break a long title by hand (GB/T 9704: no line breaks inside a word, trapezoid or diamond shape):
    after a natural word such as 试点县 when one falls in the first line, else in balanced halves."""
    text = text.strip()
    if len(text) <= max_chars:
        return [text]
    for word in TITLE_BREAKS:
        at = text.find(word)
        end = at + len(word)
        if at >= 0 and len(text) / 3 <= end <= max_chars and len(text) - end <= max_chars:
            return [text[:end], text[end:]]
    lines, rest = [], text
    while len(rest) > max_chars:
        count = -(-len(rest) // max_chars)
        cut = -(-len(rest) // count)
        for word in TITLE_WORDS:   # a cut inside a word moves to its end (else its start)
            at = rest.find(word)
            while at >= 0 and not at < cut < at + len(word):
                at = rest.find(word, at + 1)
            if at >= 0:
                cut = at + len(word) if at + len(word) <= max_chars else at
                break
        while cut < len(rest) and rest[cut] in pdf_kinsoku.CANNOT_START:
            cut += 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines + ([rest] if rest else [])


_PAREN = re.compile(r"\(([^()]*)\)")
_ASCII_MARKS = re.compile(r"[,:;?!()]")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" \
        or "\u3000" <= ch <= "\u303f" or ch >= "\U00020000"


def official_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text made full-width, as official documents print it:
    '推进中,完成进度(示例)' → '推进中，完成进度（示例）'. Numbers (3,500; 12:30) and Latin text stay as written."""
    if not text or not _ASCII_MARKS.search(text) or not any(_is_cjk(ch) for ch in text):
        return text
    for _ in range(5):   # innermost brackets first, then the ones around them
        changed = _PAREN.sub(lambda m: f"（{m.group(1)}）" if any(_is_cjk(c) for c in m.group(1))
                             else f"\x00{m.group(1)}\x01", text)
        if changed == text:
            break
        text = changed
    text = text.replace("\x00", "(").replace("\x01", ")")
    out = list(text)
    for i, ch in enumerate(out):
        full = _HALF_TO_FULL.get(ch)
        if full is None:
            continue
        before = out[i - 1] if i else ""
        after = out[i + 1] if i + 1 < len(out) else ""
        if before.isdigit() and after.isdigit():
            continue
        if (before and _is_cjk(before)) or (after and _is_cjk(after) and not (before.isascii() and before.isalpha())):
            out[i] = full
    return "".join(out)


def width_in_characters(text: str) -> float:
    """A text's printed width in Chinese characters: full-width characters count 1, digits and Latin letters ½."""
    import unicodedata

    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def closing_offsets(signer: str, date: str, date_right: float = 4, min_right: float = 2) -> tuple[float, float]:
    """GB/T 9704 with a seal: (signer's right indent, date's right indent) in characters. The date stands
    `date_right` characters in from the right; the signer is centred over the date, but never closer to the right
    edge than `min_right` characters (a long signer moves left)."""
    signer_width, date_width = width_in_characters(signer), width_in_characters(date)
    signer_right = max(date_right + (date_width - signer_width) / 2, min_right)
    return signer_right, date_right
