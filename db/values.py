"""Checking values a clerk types or a returned form carries: numbers, percents, statuses.

Every refusal is a ValidationError with a Chinese message saying what is wrong and what to do.
"""
from __future__ import annotations

import re
import unicodedata

from db.errors import ValidationError
from db.vocabulary import DONE, NOT_STARTED, STATUSES

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_VAGUE_WORDS = ("约", "大约", "左右", "近", "超过", "以上", "以下", "不到", "多", "余")


def normalise_text(value) -> str:
    """Full-width to half-width where it matters for parsing (NFKC), stripped."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_number(value, *, field: str = "数值") -> float | None:
    """'3,500', '３５００', ' 3500 ' → 3500.0; '' → None; '约3500' → ValidationError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{field}：“{value}”不是数字。请填写阿拉伯数字，例如 3500。", field)
    if isinstance(value, (int, float)):
        return float(value)
    raw = str(value).strip()
    text = normalise_text(raw).replace(",", ",").replace(" ", "")
    if text == "":
        return None
    if _NUMBER.match(text):
        return float(text.replace(",", ""))
    for word in _VAGUE_WORDS:
        if word in text and re.search(r"\d", text):
            raise ValidationError(
                f"{field}：“{raw}”不是一个确切的数字（含“{word}”）。请只填写确切的数字，例如 3500；说明文字请写在备注里。", field)
    raise ValidationError(f"{field}：“{raw}”不是数字。请填写阿拉伯数字，例如 3500 或 3,500。", field)


def parse_percent(value, *, field: str = "完成进度") -> float | None:
    """0–100; accepts '85', '85%', '８５％' and 0.85 from a percent-formatted Excel cell is NOT guessed."""
    if value is None:
        return None
    text = value
    if isinstance(value, str):
        text = normalise_text(value).rstrip("%").strip()
        if text == "":
            return None
    try:
        number = parse_number(text, field=field)
    except ValidationError:
        raise ValidationError(f"{field}：“{value}”不是0到100之间的数字。请填写0到100的数字，例如 80。", field) from None
    if number is None:
        return None
    if not 0 <= number <= 100:
        raise ValidationError(f"{field}：“{value}”不是0到100之间的数字。请填写0到100的数字，例如 80。", field)
    return number


def check_status(value, *, field: str = "完成状态") -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    if text not in STATUSES:
        choices = "、".join(STATUSES)
        raise ValidationError(f"{field}：“{text}”不是可选的状态。请从 {choices} 中选择一项。", field)
    return text


def status_percent_mismatch(status: str | None, percent: float | None) -> str | None:
    """A status and a 完成进度 that contradict each other (已完成 below 100%, 未启动 above 0%), in Chinese; None when
    they agree. Not an error: the unit's words are kept and the clerk is told, so she can ask the unit."""
    if percent is None:
        return None
    if status == DONE and percent < 100:
        return f"完成状态为“{DONE}”，但完成进度只有{format_number(percent)}%"
    if status == NOT_STARTED and percent > 0:
        return f"完成状态为“{NOT_STARTED}”，但完成进度为{format_number(percent)}%"
    return None


_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width and invisible marks: they make
# text read differently from what it is (an overridden "gpj.exe" shows as "exe.jpg") and are never meant.
INVISIBLE_CHARACTERS = ("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u061c\u180e"
                        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_imported_text(text: str) -> str:
    """Text as every importer and every verb stores it: Excel's _xHHHH_ escapes (_x000D_ for a carriage return,
    _x001B_ for ESC) turned back into characters, line ends as \\n, and control characters, bidi overrides and
    zero-width characters removed. (`_x005F_` is Excel's escaped underscore: `_x005F_x000D_` stays literal.)"""
    text = _EXCEL_ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)
    return _CONTROL.sub("", text)


def check_text(value, *, field: str, max_length: int = 20000) -> str | None:
    if value is None:
        return None
    text = clean_imported_text(str(value)).strip()
    if len(text) > max_length:
        raise ValidationError(f"{field}：内容过长（{len(text)}字，最多{max_length}字）。请精简后再填写，详细材料可作为佐证材料附上。", field)
    return text or None


def format_number(value: float | None) -> str:
    """3500.0 → '3500', 29.5 → '29.5', None → ''."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


# ----- measure units, phone numbers: the one set of rules for the window, the forms and import-returns -----

# Measure units that count things: their values are whole numbers, never negative.
COUNT_UNITS = ("件", "家", "个", "项", "人次", "次", "人", "户", "所", "篇", "部", "台", "套", "场", "批")
PERCENT_UNITS = ("%", "％", "百分比")
# Words a typed value may end with (longest first, so 人次 is not read as 次); matched against the measure unit.
_SUFFIXES = tuple(sorted({*COUNT_UNITS, "%", "万元", "亿元", "元", "万件", "万人", "小时", "天", "年", "分"},
                         key=len, reverse=True))


def measure_kind(measure_unit: str | None, name: str | None = None) -> str:
    """'count' (件/家/个/项…: non-negative whole numbers), 'percent' (%: 0–100) or 'amount' (anything else). A
    per-capita or per-unit figure counted in 件 (万人发明专利拥有量 29件: per 10,000 people) is an amount: it has
    decimals. The words that mark such figures belong to db.rollup.matching (they also keep them from being summed)."""
    unit = normalise_text(measure_unit)
    if unit in PERCENT_UNITS or unit == "%":
        return "percent"
    if unit in COUNT_UNITS:
        from db.rollup.matching import NOT_SUMMABLE_WORDS

        if any(word in normalise_text(name) for word in NOT_SUMMABLE_WORDS):
            return "amount"
        return "count"
    return "amount"


def parse_measure_value(value, measure_unit: str | None, *, name: str | None = None,
                        field: str = "本期数值") -> float | None:
    """A target's value checked against its measure unit: '3500件' for a 件 target → 3500.0, '94%' for a % target →
    94.0; a suffix that is not the target's unit ('3500家' for 件, '80%' for 家) is refused with the reason; counts
    must be non-negative whole numbers, rates 0–100."""
    unit = normalise_text(measure_unit)
    kind = measure_kind(unit, name)
    raw = value
    if isinstance(value, str):
        text = normalise_text(value).replace(" ", "")
        suffix = next((s for s in _SUFFIXES if text.endswith(s) and text[:-len(s)][-1:].isdigit()), None)
        if suffix is not None:
            wanted = "%" if kind == "percent" else unit
            if suffix != wanted:
                shown = f"“{unit}”" if unit else "（未写明）"
                raise ValidationError(f"{field}：“{raw}”带的单位“{suffix}”与该指标的计量单位{shown}不符。"
                                      f"请只填写按{shown}计的数字。", field)
            value = text[:-len(suffix)]
    number = parse_number(value, field=field)
    if number is None:
        return None
    if kind == "count" and (number < 0 or not float(number).is_integer()):
        raise ValidationError(f"{field}：“{raw}”不对：该指标按“{unit}”计数，应填写不小于0的整数，例如 3500。", field)
    if kind == "percent" and not 0 <= number <= 100:
        raise ValidationError(f"{field}：“{raw}”不对：该指标是百分比，应填写0到100之间的数字，例如 80。", field)
    return number


_PHONE_PART = re.compile(r"^(\(?0\d{2,3}\)?-?)?\d{7,8}(-\d{1,6}|转\d{1,6})?$|^1\d{10}$|^400-?\d{3}-?\d{4}$")
_PHONE_SPLIT = re.compile(r"[、,;/，；]")


def _is_phone(part: str) -> bool:
    number = part.replace("（", "(").replace("）", ")").replace("—", "-").replace("－", "-").replace(" ", "")
    if number.startswith(("+86", "0086")):        # +86 523 87654301, +86 138 0000 0000
        number = number.removeprefix("+86").removeprefix("0086").lstrip("-")
        number = number if number.startswith("1") else "0" + number
    return bool(_PHONE_PART.match(number))


def check_phone(value, *, field: str = "联系电话") -> str | None:
    """One or more phone numbers as typed ('0523-87654301', '13800000000', '(0523)87654301转8001',
    '+86 523 87654301', several separated by 、 or spaces); anything that is not one is refused with what to write."""
    text = check_text(value, field=field, max_length=60)
    if text is None:
        return None
    for part in (p.strip() for p in _PHONE_SPLIT.split(normalise_text(text))):
        if part and not _is_phone(part) and not all(_is_phone(word) for word in part.split()):
            raise ValidationError(f"{field}：“{text}”不是电话号码。请填写11位手机号（如 13800000000）"
                                  "或带区号的座机号（如 0523-87654301）。", field)
    return text
