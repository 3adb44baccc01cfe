"""An .xlsx file as its zip parts, read with lxml: the sheets (name, part, hidden or not), the shared strings and
each sheet's cells and merged ranges. Used to read an upward template without re-saving it (openpyxl drops images
and some parts on save); reports/template_fill.py patches the cell XML of the same parts.

Only what template filling needs is read: cell text or number, whether the cell holds a formula, its style index.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from reports.xlsx_safety import OLE_MAGIC, UnreadableWorkbook, check_workbook_bytes

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": MAIN_NS}
_REF = re.compile(r"^([A-Z]+)(\d+)$")
# An encrypted (password-protected) Office file is an OLE compound file holding these streams (UTF-16 names).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def q(tag: str) -> str:
    """A tag in the spreadsheet namespace: q("c") -> "{...main}c"."""
    return f"{{{MAIN_NS}}}{tag}"


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


def split_ref(ref: str) -> tuple[int, int]:
    """"D5" -> (5, 4)."""
    match = _REF.match(ref.replace("$", "").upper())
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), column_index(match.group(1))


@dataclass
class Cell:
    row: int
    column: int
    text: str | None          # the value as text (numbers as written in the file), None when empty
    number: float | None      # the value when it is a number
    formula: bool             # the cell holds a formula (left alone when filling)
    style: int                # index into cellXfs


@dataclass
class SheetCells:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # (row1, col1, row2, col2)

    def text(self, row: int, column: int) -> str:
        cell = self.cells.get((row, column))
        return (cell.text or "").strip() if cell else ""

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_column(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        """The top-left cell of the merged range holding (row, column), or the cell itself."""
        for r1, c1, r2, c2 in self.merges:
            if r1 <= row <= r2 and c1 <= column <= c2:
                return r1, c1
        return row, column


@dataclass
class SheetInfo:
    name: str
    part: str                 # zip member name, e.g. xl/worksheets/sheet1.xml
    state: str                # visible | hidden | veryHidden


class WorkbookPackage:
    """The parts of one .xlsx file (checked first: a zip, not encrypted, not a zip bomb)."""

    def __init__(self, data: bytes, name: str):
        from lxml import etree

        self.name = name
        self.data = data
        if data[:8] == OLE_MAGIC and any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise UnreadableWorkbook(f"{name} 设置了打开密码（已加密），程序无法读取。请在 Excel 或 WPS 中打开它，"
                                     "取消打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再选择该文件。")
        if data[:8] == OLE_MAGIC:   # said for a template: the city's file, to be saved as .xlsx (not a unit's return)
            raise UnreadableWorkbook(f"{name} 是旧版 Excel（.xls）文件，程序不能直接读取。请用 Excel 或 WPS 打开它，"
                                     "“另存为”Excel 工作簿（.xlsx）后，再选择另存的文件。")
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise UnreadableWorkbook(f"{name} 不是 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名。请确认选择的是上级下发的"
                                     "统计表模板；如是 .xls 或 WPS 的 .et 文件，请先用 Excel 或 WPS 另存为 .xlsx。")
        check_workbook_bytes(data, name)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.infos = archive.infolist()
            self.parts = {info.filename: archive.read(info) for info in self.infos}
        try:
            workbook = etree.fromstring(self.parts["xl/workbook.xml"])
            rels = self._relationships("xl/workbook.xml")
        except etree.XMLSyntaxError as exc:
            raise UnreadableWorkbook(f"{name} 已损坏，无法读取其中的工作簿结构（{exc}）。请用 Excel 或 WPS 打开后重新保存。") from exc
        self.sheets: list[SheetInfo] = []
        for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
            target = rels.get(sheet.get(f"{{{REL_NS}}}id"))
            if target is None or target not in self.parts:
                continue   # a chart sheet or a dangling reference: nothing to fill
            self.sheets.append(SheetInfo(sheet.get("name"), target, sheet.get("state") or "visible"))
        self.shared_strings = self._shared_strings()

    @classmethod
    def open(cls, path: Path | str) -> "WorkbookPackage":
        from reports.xlsx_safety import read_checked_bytes

        path = Path(path)
        if path.exists() and path.is_file() and path.stat().st_size:
            head = path.read_bytes()
            if head[:8] == OLE_MAGIC or not zipfile.is_zipfile(io.BytesIO(head)):
                return cls(head, path.name)       # encrypted, old .xls or no workbook: the constructor says which
        data, _ = read_checked_bytes(path)
        return cls(data, path.name)

    def _relationships(self, part: str) -> dict[str, str]:
        from lxml import etree

        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.parts:
            return {}
        result = {}
        for rel in etree.fromstring(self.parts[rels_name]).iterfind(f"{{{PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            result[rel.get("Id")] = resolved
        return result

    def _shared_strings(self) -> list[str]:
        from lxml import etree

        part = next((n for n in self.parts if n.lower() == "xl/sharedstrings.xml"), None)
        if part is None:
            return []
        root = etree.fromstring(self.parts[part])
        return ["".join(t.text or "" for t in si.iter(q("t"))) for si in root.iterfind("m:si", NS)]

    def read_sheet(self, sheet: SheetInfo) -> SheetCells:
        """Every cell with a value or a formula, and the merged ranges."""
        from lxml import etree

        root = etree.fromstring(self.parts[sheet.part])
        result = SheetCells(sheet.name)
        for c in root.iterfind("m:sheetData/m:row/m:c", NS):
            ref = c.get("r")
            if ref is None:
                continue
            row, column = split_ref(ref)
            kind = c.get("t", "n")
            formula = c.find(q("f")) is not None
            value = c.find(q("v"))
            text, number = None, None
            if kind == "inlineStr":
                inline = c.find(q("is"))
                text = "".join(t.text or "" for t in inline.iter(q("t"))) if inline is not None else None
            elif value is not None and value.text is not None:
                if kind == "s":
                    index = int(value.text)
                    text = self.shared_strings[index] if 0 <= index < len(self.shared_strings) else ""
                elif kind in ("n", ""):
                    text = value.text
                    try:
                        number = float(value.text)
                    except ValueError:
                        number = None
                else:
                    text = value.text
            if text is None and not formula:
                continue
            result.cells[(row, column)] = Cell(row, column, text, number, formula, int(c.get("s", "0") or 0))
        for merge in root.iterfind("m:mergeCells/m:mergeCell", NS):
            ref = merge.get("ref", "")
            if ":" in ref:
                start, end = ref.split(":", 1)
                (r1, c1), (r2, c2) = split_ref(start), split_ref(end)
                result.merges.append((r1, c1, r2, c2))
        return result
