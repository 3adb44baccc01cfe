"""The fill-in form's layout: the one place that knows where everything sits.

The writer (reports/form_writer.py) lays the workbook out from these constants and the reader
(reports/returns_reader.py) finds the same cells with them. Change a column here and both follow.

Sheet 任务进展: title rows, a header row, one row per task, then the sign-off row at the foot.
Sheet 指标填报: title rows, a header row, one row per target this unit answers for.
A hidden column at the right of each sheet holds each row's key (T<task id>, I<indicator id>,
FOOT for the sign-off row) so rows are matched by id, never by position (users re-sort rows).
"""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from reports.font_names import EXCEL_FONT

FORM_VERSION = 2   # 2: the 本期无新进展 column (forms of version 1 are still read, with their own columns)
FORM_KIND = "ipledger-return-form"

PROGRESS_SHEET = "任务进展"
INDICATOR_SHEET = "指标填报"
META_SHEET = "表单校验信息"  # veryHidden: signed payload (ids, values as issued)

TITLE_ROW = 1
SUBTITLE_ROW = 2
INSTRUCTIONS_ROW = 3
HEADER_ROW = 4
FIRST_DATA_ROW = 5
PRINT_TITLE_ROWS = f"{HEADER_ROW - 1}:{HEADER_ROW}"  # instructions + header repeat on every page

FOOT_KEY = "FOOT"
TASK_KEY_PREFIX = "T"
INDICATOR_KEY_PREFIX = "I"

SHEET_PASSWORD = "ipledger"  # stops accidental edits only; the signed payload guards integrity

# Input cells are tinted so the unit sees where to type.
INPUT_FILL = "FFF9E5"
HEADER_FILL = "DDEBF7"
FONT_NAME = EXCEL_FONT


@dataclass(frozen=True)
class Column:
    key: str            # our name: progress field, or a locked descriptive column
    header: str         # the Chinese header printed on the form
    width: float        # Excel column width (characters of '0'; a Chinese character is about 2)
    is_input: bool = False
    kind: str = "text"  # text | status | percent | number | date
    wrap: bool = True

    @property
    def field(self) -> str:
        return self.key


PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", 6, wrap=False),
    Column("title", "任务", 16),
    Column("content", "主要内容", 32),
    Column("role", "分工", 6, wrap=False),
    Column("deadline", "完成时限", 16),
    Column("status", "完成状态", 10, is_input=True, kind="status", wrap=False),
    Column("percent", "完成进度（%）", 9, is_input=True, kind="percent", wrap=False),
    Column("progress", "进展情况", 30, is_input=True),
    Column("problems", "存在问题", 16, is_input=True),
    Column("next_steps", "下步计划", 16, is_input=True),
    Column("evidence", "佐证材料名称", 12, is_input=True),
    Column("no_news", "本期无新进展", 13, is_input=True, kind="choice"),   # last: forms before version 2 end above
)

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", 6, wrap=False),
    Column("name", "指标", 30),
    Column("measure_unit", "单位", 8, wrap=False),
    Column("baseline", "基期值", 10, kind="number", wrap=False),
    Column("target", "目标值", 10, kind="number", wrap=False),
    Column("previous", "上期数值", 10, kind="number", wrap=False),
    Column("value", "本期数值", 11, is_input=True, kind="number", wrap=False),
    Column("note", "备注", 16, is_input=True),
)

# The 本期无新进展 column: the unit picks 是 when the pre-filled row stands as this period's report. A row returned
# identical to its pre-fill WITHOUT this choice is imported as a notice (请核实：与上期相同), not as new progress.
NO_NEWS_CHOICE = "是"
NO_NEWS_ACCEPTED = ("是", "√", "✓", "✔", "Y", "YES", "无新进展", "本期无新进展")
PROGRESS_COLUMNS_V1 = tuple(c for c in PROGRESS_COLUMNS if c.key != "no_news")


def progress_columns(form_version: int) -> tuple[Column, ...]:
    """The task sheet's columns as a form of that version laid them out (a form issued before an upgrade is still
    read back cell for cell)."""
    return PROGRESS_COLUMNS if form_version >= 2 else PROGRESS_COLUMNS_V1


# Fields a task row returns, in column order (progress fields of db/progress.py plus evidence names).
PROGRESS_INPUT_FIELDS = tuple(c.key for c in PROGRESS_COLUMNS if c.is_input and c.key != "no_news")
INDICATOR_INPUT_FIELDS = tuple(c.key for c in INDICATOR_COLUMNS if c.is_input)
# The locked cells of a task row that must read back exactly as issued.
PROGRESS_LOCKED_CHECKED = ("number", "title", "role")
INDICATOR_LOCKED_CHECKED = ("name", "measure_unit")

# The sign-off row under the task rows: (label column, label, input column, field).
FOOT_CELLS = (
    ("B", "填报人：", "C", "filled_by"),
    ("D", "联系电话：", "F", "phone"),
    ("H", "审核人（签字）：", "I", "reviewer"),
    ("J", "日期：", "K", "signed_date"),
)
# The unit's seal box under the sign-off row: columns H to K, SEAL_ROWS rows of SEAL_ROW_HEIGHT points (a 42 mm seal)
SEAL_COLUMNS = ("H", "K")
SEAL_ROWS = 4
SEAL_ROW_HEIGHT = 32
SEAL_LABEL = "单位盖章"
# Printing: never shrunk below the fonts' own size; the task sheet is split into two page columns after this column,
# 序号 and 任务 repeated on the right-hand pages. Widths are chosen so each page's columns add up to at most ~105
# (LibreOffice fits about 110 width units on landscape A4 at 100%; Excel a little more).
SPLIT_AFTER = "percent"
REPEAT_COLUMNS = "A:B"
FOOT_MERGES = (("D", "E"), ("F", "G"))  # label and input spans on the foot row
FOOT_LABELS = {"filled_by": "填报人", "phone": "联系电话", "reviewer": "审核人", "signed_date": "日期"}


def column_letter(columns: tuple[Column, ...], key: str) -> str:
    for index, column in enumerate(columns, 1):
        if column.key == key:
            return get_column_letter(index)
    raise KeyError(key)


def column_index(columns: tuple[Column, ...], key: str) -> int:
    """1-based index of a column."""
    for index, column in enumerate(columns, 1):
        if column.key == key:
            return index
    raise KeyError(key)


def key_column_index(columns: tuple[Column, ...]) -> int:
    """The hidden column right of the last visible one that carries each row's key."""
    return len(columns) + 1


def header_of(columns: tuple[Column, ...], key: str) -> str:
    for column in columns:
        if column.key == key:
            return column.header.replace("（%）", "").replace("(%)", "")
    return key


def task_key(task_id: int) -> str:
    return f"{TASK_KEY_PREFIX}{task_id}"


def indicator_key(indicator_id: int) -> str:
    return f"{INDICATOR_KEY_PREFIX}{indicator_id}"


def form_file_name(period_name: str, unit_label: str) -> str:
    """2026年第4季度_市科技局_进展填报表.xlsx: the period's own name (db.periods names periods) and the unit's label,
    made safe for every file system."""
    from db.evidence import safe_file_name

    return safe_file_name(f"{period_name}_{unit_label}_进展填报表.xlsx")
