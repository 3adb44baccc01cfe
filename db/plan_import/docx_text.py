"""Word .docx → plain text, in body order: each paragraph a line with its automatic list number
written out (Word keeps "1." or "(一)" out of the text), each table row a line of ' | ' cells.

A row whose cells all hold the same words (a merged heading row such as "一、重点任务") becomes a plain
line, so headings inside a task table still structure the plan.
"""
from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from db.plan_import.markers import match_marker

_CN = "零一二三四五六七八九十"


def _chinese(number: int) -> str:
    if number <= 10:
        return _CN[number]
    if number < 20:
        return "十" + (_CN[number - 10] if number > 10 else "")
    tens, ones = divmod(number, 10)
    return _CN[tens] + "十" + (_CN[ones] if ones else "")


def _format(number: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return _chinese(number)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else str(number)
    if fmt == "lowerLetter":
        return chr(ord("a") + (number - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (number - 1) % 26)
    if fmt == "lowerRoman" or fmt == "upperRoman":
        numerals = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
        text = numerals[number] if number < len(numerals) else str(number)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalEnclosedParen":
        return f"({number})"
    return str(number)


class _Numbering:
    """Renders Word list numbers: numId/ilvl → '1.', '(一)', '一、'."""

    def __init__(self, document):
        self._style_cache: dict[str | None, tuple[str, int] | None] = {}
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl")))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[ilvl] = (fmt.get(qn("w:val")) if fmt is not None else "decimal",
                                text.get(qn("w:val")) if text is not None else "",
                                int(start.get(qn("w:val"))) if start is not None else 1)
            abstract[node.get(qn("w:abstractNumId"))] = levels
        self.abstract_of: dict[str, str] = {}
        self.restarts: dict[str, dict[int, int]] = {}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                num_id = num.get(qn("w:numId"))
                self.levels[num_id] = dict(abstract.get(ref.get(qn("w:val")), {}))
                self.abstract_of[num_id] = ref.get(qn("w:val"))
                for override in num.findall(qn("w:lvlOverride")):
                    start = override.find(qn("w:startOverride"))
                    if start is not None:
                        self.restarts.setdefault(num_id, {})[int(override.get(qn("w:ilvl")))] = int(start.get(qn("w:val")))

    def label(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        # Word counts per list definition: lists sharing one continue each other unless told to restart
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), {})
        for level, start in self.restarts.pop(num_id, {}).items():
            counters[level] = start - 1
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for level in range(ilvl + 1):
            value = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            text = text.replace(f"%{level + 1}", _format(value, level_fmt))
        return text

    def _num_pr(self, paragraph):
        p_pr = paragraph._p.pPr
        own = p_pr.numPr if p_pr is not None else None
        if own is not None and own.numId is not None:
            return self._read_num_pr(own)
        style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else None
        if style_id not in self._style_cache:   # a style's list number, looked up once per style (not per paragraph)
            self._style_cache[style_id] = self._style_num_pr(paragraph)
        return self._style_cache[style_id]

    def _style_num_pr(self, paragraph):
        style = paragraph.style
        while style is not None:
            s_pr = style.element.pPr
            num_pr = s_pr.numPr if s_pr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                return self._read_num_pr(num_pr)
            style = style.base_style
        return None

    @staticmethod
    def _read_num_pr(num_pr):
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return num_id, int(ilvl)


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        # one cell per grid column (a merged cell repeats), so every row lines up with its header
        cells = [_cell_text(cell).replace("|", "/") for cell in row.cells]
        filled = [c for c in cells if c]
        if not filled:
            continue
        merged = len(filled) == len(cells) and len(set(filled)) == 1
        lone_heading = len(filled) == 1 and (cells[0] == filled[0] or match_marker(filled[0]) is not None)
        if len(cells) == 1 or merged or lone_heading:
            lines.append(filled[0])
        else:
            lines.append(" | ".join(cells))
    return lines


def docx_to_text(stream) -> str:
    document = Document(stream)
    numbering = _Numbering(document)
    lines: list[str] = []
    _read_block(document.element.body, document, numbering, lines)
    return "\n".join(lines)


def _read_block(element, document, numbering: _Numbering, lines: list[str]) -> None:
    """Paragraphs and tables in order; content controls (w:sdt) are read through."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text
            label = numbering.label(paragraph)
            if text.strip() or label:
                lines.append(f"{label}{text.strip()}" if label else text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _read_block(content, document, numbering, lines)
