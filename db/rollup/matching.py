"""Which counties' targets are the same indicator, and whether a city total of it means anything.

Targets match by their normalised name and measure unit: full-width and half-width forms, spaces, brackets and
punctuation do not count (有效发明专利量（件） = 有效发明专利量), and a measure unit written inside the name is
dropped. A city total is the sum of the counties' values, which is valid only for counts and amounts (件, 家, 万元…),
never for rates, shares, per-capita or per-unit figures (每万人口…, …率, %, 人均…).
"""
from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = re.compile(r"[\s\u3000()（）\[\]【】〔〕<>《》“”\"'‘’、,，.。:：;；·•\-—_/]+")
_UNIT_IN_NAME = re.compile(r"[（(]\s*([^（）()]{1,6})\s*[)）]\s*$")
SUMMABLE_UNITS = {"件", "个", "家", "项", "人", "人次", "次", "场", "场次", "元", "万元", "亿元", "件次", "户", "篇",
                  "所", "名", "部", "批", "份", "起", "宗", "笔", "套", "台"}
NOT_SUMMABLE_WORDS = ("每", "万人", "万企", "万户", "千人", "百人", "率", "人均", "比例", "占比", "比重", "平均", "指数", "密度", "增速", "增长", "排名")


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _UNIT_IN_NAME.sub("", text)
    return _PUNCTUATION.sub("", text).lower()


def normalise_unit(unit: str | None) -> str:
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", unit or "")).lower()


def match_key(name: str, measure_unit: str | None) -> str:
    return f"{normalise_name(name)}|{normalise_unit(measure_unit)}"


def summable(name: str, measure_unit: str | None) -> bool:
    unit = normalise_unit(measure_unit)
    if unit not in SUMMABLE_UNITS:
        return False
    return not any(word in normalise_name(name) for word in NOT_SUMMABLE_WORDS)
