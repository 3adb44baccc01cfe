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
        raise ValidationError(f"{field}:“{value}”不是数字。请填写阿拉伯数字,例如 3500。", field)
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
                f"{field}:“{raw}”不是一个确切的数字(含“{word}”)。请只填写确切的数字,例如 3500;说明文字请写在备注里。", field)
    raise ValidationError(f"{field}:“{raw}”不是数字。请填写阿拉伯数字,例如 3500 或 3,500。", field)


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
        raise ValidationError(f"{field}:“{value}”不是0到100之间的数字。请填写0到100的数字,例如 80。", field) from None
    if number is None:
        return None
    if not 0 <= number <= 100:
        raise ValidationError(f"{field}:“{value}”不是0到100之间的数字。请填写0到100的数字,例如 80。", field)
    return number


def check_status(value, *, field: str = "完成状态") -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    if text not in STATUSES:
        choices = "、".join(STATUSES)
        raise ValidationError(f"{field}:“{text}”不是可选的状态。请从 {choices} 中选择一项。", field)
    return text


def status_percent_mismatch(status: str | None, percent: float | None) -> str | None:
    """A status and a 完成进度 that contradict each other (已完成 below 100%, 未启动 above 0%), in Chinese; None when
    they agree. Not an error: the unit's words are kept and the clerk is told, so she can ask the unit."""
    if percent is None:
        return None
    if status == DONE and percent < 100:
        return f"完成状态为“{DONE}”,但完成进度只有{format_number(percent)}%"
    if status == NOT_STARTED and percent > 0:
        return f"完成状态为“{NOT_STARTED}”,但完成进度为{format_number(percent)}%"
    return None


def check_text(value, *, field: str, max_length: int = 20000) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise ValidationError(f"{field}:内容过长({len(text)}字,最多{max_length}字)。请精简后再填写,详细材料可作为佐证材料附上。", field)
    return text or None


def format_number(value: float | None) -> str:
    """3500.0 → '3500', 29.5 → '29.5', None → ''."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")
