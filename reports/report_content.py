"""One content model for the reports: what a report says, in order, with no layout library behind it.

reports/progress_report.py and reports/acceptance_report.py turn the gathered ledger data (reports/report_data.py)
into a `ReportContent` (a list of blocks); reports/pdf_render.py draws it with reportlab, reports/docx_render.py
writes it as a Word document with real styles. The text lives here once, so the PDF and the Word file say the same.

Block kinds:
  Title        the title (broken by hand into lines) and an optional 楷体 subtitle line
  Heading      level 1 一、 (黑体), level 2 （一） (楷体), level 3 1. (仿宋)
  Para         a paragraph; style body (first line indented 2 characters), plain, note, right, center, flush
  TableBlock   a ruled table: header, rows (a `Span` row spans the full width), relative column widths, aligns
  Chart        the tasks-by-status chart (a bar chart in the PDF, a small table in Word)
  Cover        the acceptance report's cover page (title lines and labelled lines: 报送单位（盖章）…)
  Closing      GB/T 9704 closing: 附件 list, 发文机关署名 and 成文日期 right-aligned with room for the seal, 附注 line
  SignOff      labelled lines for ink (负责人（签字）：…), filled with the names the ledger knows
  Opinion      the acceptance report's 验收意见 page (opinion box, group signature grid, seals)
  PageBreak, Landscape, Portrait   page changes (Landscape/Portrait start a new page)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class Title:
    lines: list[str]
    subtitle: str | None = None


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Para:
    text: str
    style: str = "body"          # body | plain | note | right | center | flush (heading-like, flush left)
    where: str | None = None     # where the text comes from, named in error messages


@dataclass
class Span:
    """A table row whose one cell spans the whole width (a task's title row)."""
    text: str


@dataclass
class TableBlock:
    header: Sequence[str] | None
    rows: list
    widths: Sequence[float]                 # relative; renderers scale them to the text width
    aligns: Sequence[str]
    title: str | None = None                # a table title above it (centred, 黑体)
    where: str | None = None
    font_size: float | None = None
    plain_cols: Sequence[int] = ()          # short one-line cells (a speed hint for the PDF)
    literal_cols: Sequence[int] = ()        # printed exactly as written (file names keep half-width brackets)
    valign: str = "MIDDLE"
    keep_header_only: bool = False          # a header row with no rows: the column heads of the blocks below


@dataclass
class Chart:
    title: str
    values: dict[str, int]                  # label → count, in order
    colours: dict[str, str] = field(default_factory=dict)


@dataclass
class Cover:
    title_lines: list[str]
    rows: list[tuple[str, str]]             # (label, value) lines under the title


@dataclass
class Closing:
    """The end of a report as GB/T 9704 sets it: 附件 note, signer and date with room for the seal, 附注."""
    signer: str                             # 发文机关署名
    date: str                               # 成文日期 in Chinese: 2026年12月5日
    attachments: list[str] = field(default_factory=list)
    note: str = ""                          # 附注, e.g. （联系人：张三，联系电话：0523-1234567）


@dataclass
class SignOff:
    """Lines left for signatures, each (label, name known to the ledger or '')."""
    lines: list[tuple[str, str]]


@dataclass
class Opinion:
    group_rows: int = 7


@dataclass
class PageBreak:
    pass


@dataclass
class Landscape:
    pass


@dataclass
class Portrait:
    pass


@dataclass
class ReportContent:
    """A whole report: its blocks and what is said about it (for the document properties and the footer)."""
    title: str                   # the document title (properties, file name)
    blocks: list
    fingerprint: str
    footer_note: str = ""
    author: str = ""
    subject: str = ""
    has_cover: bool = False
    warnings: list[str] = field(default_factory=list)


def attachment_lines(names: list[str]) -> list[str]:
    """GB/T 9704 附件 note: '附件：1. 佐证材料目录' then '　　　2. …' lined up under the first name."""
    if not names:
        return []
    if len(names) == 1:
        return [f"附件：{names[0]}"]
    return [("附件：" if i == 1 else "　　　") + f"{i}. {name}" for i, name in enumerate(names, 1)]
