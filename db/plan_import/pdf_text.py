"""A PDF plan with a text layer → text the normaliser reads like any other plan.

Text comes from pypdfium2 (PDFium, the PDF engine of Chrome): it reads a 100-page plan's text dozens of times faster
than pdfplumber/pdfminer, with the same characters (both read the fonts' ToUnicode maps). Lines are built from the
characters' positions: a baseline is a line, read left to right, whatever order a converter drew them in. Ruled
tables come from pdfplumber, only on pages that draw enough lines to hold one; tables drawn without rules are read by
their header's columns (pdf_tables).

What the reader undoes with the positions it knows:
  - running headers and footers (a line in the top or bottom margin repeated on other pages, digits aside) and page
    numbers ('— 3 —', '- 3 -', '3', '第3页', '3/10') are dropped;
  - hard wraps: a line that reaches the right edge of the text continues on the next line when that line is not
    indented (a new paragraph is indented, a heading starts a structure of its own), also across a page break;
  - table cells wrapped inside their cell are one cell; a table becomes ' | ' rows in reading order.
Pages are separated by a form feed, so the normaliser still sees where a page ended. A scan, a password, a damaged
or garbled file is refused (PdfProblem); scanned pages among text pages are named in PdfText.notes.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from db.plan_import.markers import CLAUSE_END, starts_structure
from db.plan_import.pdf_tables import Char, draws_a_table, open_plumber, ruled_tables, unruled_rows

MAX_PAGES = 300
_PAGE_NUMBER = re.compile(r"^(?:[-—–─_﹣－~·•]*\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[,,/]?\s*共\s*\d{1,4}\s*页)?\s*[-—–─_﹣－~·•]*"
                          r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)$", re.IGNORECASE)
_NARROW_INK = frozenset("“”‘’、，。：；（）《》〔〕【】！？,.:;()!?")
_CELL_GAP = 1.5          # a gap wider than this many character heights parts the cells of an unruled table row


class PdfText(str):
    """The text of a PDF plan, with notes for the review (pages without a text layer)."""

    notes: tuple[str, ...] = ()


class PdfProblem(Exception):
    """Why the PDF cannot be read, as a message for the clerk (reading.py wraps it in a PlanReadError)."""


@dataclass
class _Line:
    top: float      # distance from the top of the page
    bottom: float
    left: float
    right: float
    text: str
    chars: list[Char] = field(default_factory=list)   # (left, right, character), left to right

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def pdf_to_text(data: bytes, name: str = "文件", *, max_chars: int | None = None) -> str:
    """The plan's text; PdfProblem (a Chinese message) for a scan, a password, a damaged file, or a PDF far longer
    than a plan (over MAX_PAGES pages or `max_chars` characters: refused as soon as that is known)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise PdfProblem(f"{name} 是设了打开密码的 PDF，无法读取，未作任何改动。请向发文单位索取无密码的文件，"
                             "或用 PDF 阅读器输入密码后“另存为”不加密的 PDF（或 .docx）再导入。") from None
        raise PdfProblem(f"{name} 不是有效的 PDF 文件（文件已损坏或不完整），无法读取，未作任何改动。"
                         "请重新下载或向发文单位索取原文件，或把方案另存为 .docx/.txt 后再导入。") from None
    try:
        return _read_document(document, data, name, max_chars)
    except pdfium.PdfiumError:
        raise PdfProblem(f"{name} 的部分页面已损坏，无法读取，未作任何改动。"
                         "请重新下载或向发文单位索取原文件，或把方案另存为 .docx/.txt 后再导入。") from None
    finally:
        document.close()


def _read_document(document, data: bytes, name: str, max_chars: int | None) -> str:
    pages = len(document)
    if pages == 0:
        raise PdfProblem(f"{name} 中没有任何页面，无法读取。请确认文件完整，或把方案另存为 .docx/.txt 后再导入。")
    if pages > MAX_PAGES:
        raise PdfProblem(f"{name} 有 {pages} 页，超过工作方案的合理篇幅（上限 {MAX_PAGES} 页），已拒绝读取，未作任何改动。"
                         "请确认选对了文件，或只保留方案正文后再导入。")
    page_lines: list[list[_Line]] = []
    tables_on: dict[int, list] = {}
    sizes: list[tuple[float, float]] = []
    chars = 0
    scanned: list[int] = []   # pages that are only a picture
    plumber = None
    try:
        for index in range(pages):
            page = document[index]
            width, height = page.get_size()
            sizes.append((width, height))
            textpage = page.get_textpage()
            chars += textpage.count_chars()
            if max_chars is not None and chars > max_chars:
                raise PdfProblem(f"{name} 的文字过多（前 {index + 1} 页已超过 {max_chars // 10000} 万字），不像一份工作方案，"
                                 "已拒绝读取，未作任何改动。请确认选对了文件，或只保留方案正文后再导入。")
            lines = _page_lines(textpage, height)
            if draws_a_table(page):
                if plumber is None:
                    plumber = open_plumber(data)
                tables_on[index] = ruled_tables(plumber, index) if plumber is not None else []
            elif not lines and _count_images(page):
                scanned.append(index + 1)
            page_lines.append(lines)
            textpage.close()
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    if chars == 0 or not any(page_lines):
        raise PdfProblem(f"{name} 是扫描件（每页都是图片，没有文字层），本程序无法识别图片中的文字。"
                         "请向发文单位索取可复制文字的电子版（PDF、.docx），或用 WPS/Word 的“图片转文字”（OCR）"
                         "功能转换成 .docx，核对后再导入；也可以在“导入方案”窗口中粘贴方案文字。")
    _drop_furniture(page_lines, sizes)
    text = PdfText(_assemble(page_lines, tables_on))
    visible = [ch for ch in text if not ch.isspace()]
    unreadable = sum(1 for ch in visible if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ord(ch) < 32)
    if visible and unreadable > 0.3 * len(visible):
        raise PdfProblem(f"{name} 的文字无法正确读出（PDF 中的字体没有文字编码，读出的是乱码），未作任何改动。"
                         "请向发文单位索取 Word 版或可复制文字的 PDF，或用 WPS/Word 的“图片转文字”（OCR）转换后再导入。")
    if scanned:
        pages_named = "、".join(f"第{n}页" for n in scanned[:10]) + ("等" if len(scanned) > 10 else "")
        text.notes = (f"{pages_named}没有文字层（是扫描的图片），其中的内容未能读取。请对照原件核对，缺少的任务请手工添加。",)
    return text


def _page_lines(textpage, page_height: float) -> list[_Line]:
    """The page's lines from its characters' positions, top to bottom: characters sharing a baseline are one line,
    in left-to-right order (the order a converter drew them in may differ: quotation marks after the words they
    enclose, table cells one after another), with a space only where the gap is a real one (not the narrow spacing
    some converters put between Chinese and digits: '2026 年 6 月') and a tab between the cells of a table drawn
    without rules."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:   # characters outside the BMP shift the indices: group the text rectangles instead
        return _rect_lines(textpage, page_height)
    chars = []
    for index, ch in enumerate(text):
        if ch.isspace() or ch in "\ufffe\x02\x00":
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        chars.append((left, right, bottom, top, ch))
    if not chars:
        return []
    heights = sorted(c[3] - c[2] for c in chars)
    typical = heights[len(heights) // 2] or 10.0
    # full-height characters make the lines; quotation marks, '一', '、' sit high, low or thin and join the nearest
    typical_chars = [c for c in chars if c[3] - c[2] >= 0.6 * typical]
    groups, spans = _cluster(typical_chars)
    keys = [-sum(span) / 2 for span in spans]   # ascending: the groups top to bottom
    lone: list[tuple] = []
    for char in chars:
        if char[3] - char[2] >= 0.6 * typical:
            continue
        key = -(char[2] + char[3]) / 2
        at = bisect.bisect_left(keys, key)
        near = min((i for i in (at - 1, at) if 0 <= i < len(keys)), key=lambda i: abs(keys[i] - key), default=None)
        if near is not None and abs(keys[near] - key) <= 0.8 * typical:
            groups[near].append(char)
        else:
            lone.append(char)
    more_groups, more_spans = _cluster(lone)   # small print away from the text: a footer in a smaller size
    groups += more_groups
    spans += more_spans
    order = sorted(range(len(groups)), key=lambda i: -sum(spans[i]))
    return [_line_from_chars(sorted(groups[i], key=lambda c: c[0]), page_height) for i in order]


def _cluster(chars: list[tuple]) -> tuple[list[list[tuple]], list[list[float]]]:
    """Characters whose vertical middles fall within half a line of each other, top to bottom: (groups, spans)."""
    groups: list[list[tuple]] = []
    spans: list[list[float]] = []        # [bottom, top] of each group
    for char in sorted(chars, key=lambda c: -(c[2] + c[3])):
        middle = (char[2] + char[3]) / 2
        if spans and abs(middle - sum(spans[-1]) / 2) <= 0.5 * max(spans[-1][1] - spans[-1][0], char[3] - char[2]):
            groups[-1].append(char)
            spans[-1] = [min(spans[-1][0], char[2]), max(spans[-1][1], char[3])]
            continue
        groups.append([char])
        spans.append([char[2], char[3]])
    return groups, spans


def _line_from_chars(chars: list[tuple], page_height: float) -> _Line:
    height = max(c[3] - c[2] for c in chars) or 10.0
    # a full-width punctuation mark inks only part of its square: measure gaps beside it as if it filled it
    gaps = [after[0] - before[1] - (height if before[4] in _NARROW_INK or after[4] in _NARROW_INK else 0)
            for before, after in zip(chars, chars[1:])]
    cells = sum(1 for gap in gaps if gap > _CELL_GAP * height) >= 2   # a row of a table drawn without rules
    text = chars[0][4]
    for gap, after in zip(gaps, chars[1:]):
        text += ("\t" if cells and gap > _CELL_GAP * height else " " if gap > 0.9 * height else "") + after[4]
    top, bottom = max(c[3] for c in chars), min(c[2] for c in chars)
    return _Line(page_height - top, page_height - bottom, chars[0][0], max(c[1] for c in chars), text,
                 [(c[0], c[1], c[4]) for c in chars])


def _rect_lines(textpage, page_height: float) -> list[_Line]:
    """The page's text rectangles grouped into lines (top to bottom, left to right)."""
    pieces = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", "").replace("\n", "").replace("\ufffe", "").replace("\x02", "")
        if text.strip():
            pieces.append(_Line(page_height - top, page_height - bottom, left, right, text))
    pieces.sort(key=lambda p: (p.top + p.bottom) / 2)
    groups: list[list[_Line]] = []
    for piece in pieces:   # pieces whose middles fall within one line's height are that line
        middle = (piece.top + piece.bottom) / 2
        group = groups[-1] if groups else None
        if group is not None and min(p.top for p in group) - 1 <= middle <= max(p.bottom for p in group) + 1:
            group.append(piece)
        else:
            groups.append([piece])
    lines: list[_Line] = []
    for group in groups:
        group.sort(key=lambda p: p.left)
        line = _Line(min(p.top for p in group), max(p.bottom for p in group), group[0].left, group[0].right, "")
        for piece in group:
            gap = piece.left - line.right
            joiner = " " if line.text and gap > max(piece.height, line.height) else ""
            line.text = line.text.rstrip() + joiner + piece.text
            line.right = max(line.right, piece.right)
        line.text = line.text.strip()
        if line.text:
            lines.append(line)
    return lines


def _count_images(page) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(page_lines: list[list[_Line]], sizes: list[tuple[float, float]]) -> None:
    """Running headers/footers and page numbers: lines in the top or bottom eighth of the page that are a page
    number, or that repeat (digits aside) in the same margin on other pages."""
    def margins(index: int) -> list[_Line]:
        height = sizes[index][1]
        lines = page_lines[index]
        return [l for l in lines[:3] + lines[-3:] if (l.bottom < height * 0.125 or l.top > height * 0.875)
                and not _is_table_header(l.text)]   # a table's header printed again on each page is no furniture

    counts: dict[str, int] = {}
    for index in range(len(page_lines)):
        for key in {_furniture_key(l.text) for l in margins(index)}:
            counts[key] = counts.get(key, 0) + 1
    pages = len(page_lines)
    for index in range(pages):
        drop = {id(l) for l in margins(index)
                if _PAGE_NUMBER.match(l.text.replace(" ", "")) or (pages >= 2 and counts[_furniture_key(l.text)] >= 2)}
        if drop:
            page_lines[index] = [l for l in page_lines[index] if id(l) not in drop]


def _is_table_header(text: str) -> bool:
    from db.plan_import.tables import is_header_word

    words = text.replace("\t", " ").split()
    return len(words) >= 2 and all(is_header_word(word) for word in words)


def _inside(line: _Line, bbox) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line.top + line.bottom) / 2
    return top - 1 <= middle <= bottom + 1 and line.right >= x0 - 1 and line.left <= x1 + 1


def _assemble(page_lines: list[list[_Line]], tables_on: dict[int, list]) -> str:
    body = [l for lines in page_lines for l in lines]
    if not body:
        return ""
    left = _mode([round(l.left) for l in body])
    em = _mode([round(l.height) for l in body]) or 12
    long = [round(l.right) for l in body if l.right - l.left > 10 * em]
    right = _full_line_right(long) if long else max(l.right for l in body)
    out: list[str] = []
    previous: _Line | None = None
    for index, lines in enumerate(page_lines):
        tables = tables_on.get(index, [])
        kept = unruled_rows([l for l in lines if not any(_inside(l, t[0]) for t in tables)], _Line)
        items: list[tuple[float, object]] = [(l.top, l) for l in kept]
        items += [(bbox[1], rows) for bbox, rows in tables]
        items.sort(key=lambda item: item[0])
        if out:
            out.append("\f")
        for _, item in items:
            if isinstance(item, list):
                out.extend(item)
                previous = None
                continue
            if previous is not None and _continues(previous, item, left, right, em):
                last = next(i for i in range(len(out) - 1, -1, -1) if out[i] != "\f")
                out[last] += item.text
                del out[last + 1:]   # the page break inside the paragraph goes
            else:
                out.append(item.text)
            previous = item
    return "\n".join(out).replace("\n\f\n", "\f")   # the normaliser puts the page break on a line of its own


def _continues(previous: _Line, line: _Line, left: float, right: float, em: float) -> bool:
    """Does `line` continue the paragraph whose last line is `previous` (a hard wrap)?"""
    if line.left > left + 0.6 * em:
        return False   # this line is indented: a new paragraph
    slack = 1.5 * em + _kinsoku_carry(line)
    if previous.right < right - slack and previous.right + _leading_word_width(line) < right - 0.5 * em:
        return False   # the line before stops short of the edge (by more than the number or word that follows)
    if "|" in previous.text or "|" in line.text or "\t" in previous.text or "\t" in line.text:
        return False   # rows of a table drawn without rules
    if starts_structure(line.text) or previous.text[-1:] in "::":
        return False
    if previous.text[-1:] in CLAUSE_END and not line.text.startswith(("(", "(", "【")):
        return False   # a paragraph ending exactly at the edge; a unit clause after it stays with it
    return True


def _kinsoku_carry(line: _Line) -> float:
    """Line-breaking rules (禁则) never start a line with a closing mark (。，）…): the character before it comes
    down with it, leaving the line above a character short of the edge. Its width, when this line starts so."""
    chars = line.chars
    if len(chars) >= 2 and chars[1][2] in KINSOKU_CANNOT_START:
        return chars[0][1] - chars[0][0]
    return 0.0


def _leading_word_width(line: _Line) -> float:
    """Width of the number or Latin word a line starts with ('3500件'): a converter moves it whole to the next line
    when it does not fit, leaving the line before short of the edge."""
    chars = line.chars
    end = 0
    while end < len(chars) and (chars[end][2].isascii() and chars[end][2].isalnum() or chars[end][2] in ".%\uff05-"):
        end += 1
    return chars[end][1] - chars[0][0] if 0 < end < len(chars) else (chars[-1][1] - chars[0][0] if end else 0.0)


# Marks that may not begin a line (GB/T 15834 and every typesetter's 禁则): ，。、；：？！）」』”〕》 and their halves.
KINSOKU_CANNOT_START = "，。、；：？！）」』”’〕》〉】,.;:?!)"


def _full_line_right(rights: list[int]) -> float:
    """Where full lines end: justified text ends them all at one edge, unjustified Chinese text up to a character
    short of it; the ninth tenth of the long lines' right edges finds it either way, and a line or two running past
    it (a hanging comma) does not move it."""
    ordered = sorted(rights)
    return ordered[int(0.9 * (len(ordered) - 1))]


def _mode(values: list[int]) -> int:
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=lambda v: (counts[v], -v)) if counts else 0
