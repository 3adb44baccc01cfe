"""The printed signs that structure a plan: heading numbers (一、 (一) 1. (1) ①), label lines
(责任单位:, 局内:, 省份:, 完成时限:), deadlines written as words.

One place knows these patterns; normalise, structure and tasks all ask here.
Full-width and half-width forms are both accepted.
"""
from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十"
CN_NUMERAL = f"[{CN_DIGITS}百零〇]+"
OPEN = "((［\\["
CLOSE = ")）］\\]"
OPEN_BRACKETS = "((〔【[《“‘「『"
CLOSE_BRACKETS = "))〕】]》”’」』"
SENTENCE_END = "。!?!?"
CLAUSE_END = SENTENCE_END + ";;"

# rank: smaller is higher in the outline
MARKER_PATTERNS: list[tuple[float, str, re.Pattern]] = [
    (-0.5, "annex", re.compile(r"^附件\s*\d{0,2}\s*[::]?\s*(?=\S{0,40}$)")),
    (0, "chapter", re.compile(rf"^第{CN_NUMERAL}(?:章|部分|篇)\s*")),
    (0.5, "part", re.compile(rf"^第{CN_NUMERAL}节\s*")),
    (1, "cn", re.compile(rf"^({CN_NUMERAL})(?:\s*[、.．](?![{CN_DIGITS}]+[、类级档等季批期产次个项年月号是])\s*"
                         r"|\s+(?=[\u4e00-\u9fff][^。;;,,]{1,30}$))")),   # '一 总体要求': a short heading without 、
    (2, "cn_paren", re.compile(rf"^[{OPEN}]\s*({CN_NUMERAL})\s*[{CLOSE}]\s*")),
    (3, "arabic", re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*")),
    (4, "arabic_paren", re.compile(rf"^(?:[{OPEN}]\s*(\d{{1,2}})\s*[{CLOSE}]|(\d{{1,2}})[)）])\s*")),
    (5, "circled", re.compile(r"^([①-⑳])\s*")),
]
HEADING_KINDS = {kind for _, kind, _ in MARKER_PATTERNS}

_CN_VALUES = {c: i for i, c in enumerate(CN_DIGITS, 1)}
_MARKER_FIRST = frozenset("第附" + CN_DIGITS + "百零〇" + "((［[" + "0123456789" + "".join(chr(c) for c in range(0x2460, 0x2474)))


def chinese_to_int(text: str) -> int | None:
    """'三' → 3, '十二' → 12, '二十' → 20; None if not a small Chinese numeral."""
    text = text.strip()
    if not text or any(c not in _CN_VALUES for c in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_VALUES.get(tens, 1) if tens else 1) * 10 + (_CN_VALUES.get(ones, 0) if ones else 0)
    return _CN_VALUES[text] if len(text) == 1 else None


def match_marker(line: str):
    """(rank, kind, printed marker, number) for a line starting with a heading number, else None."""
    if not line or line[0] not in _MARKER_FIRST:
        return None
    for rank, kind, pattern in MARKER_PATTERNS:
        found = pattern.match(line)
        if found:
            value = next((g for g in found.groups() if g), "")
            if kind in ("cn", "cn_paren", "chapter", "part", "annex"):
                number = chinese_to_int(value) if kind not in ("chapter", "part", "annex") else None
            elif kind == "circled":
                number = ord(value) - ord("①") + 1
            else:
                number = int(value)
            return rank, kind, found.group(0), number, found.end()
    return None


def printed_number(kind: str, marker: str) -> str:
    """The number a task shows: '4' for '4.', '(三)' for '(三)' (brackets kept as printed)."""
    text = marker.strip()
    if kind in ("arabic", "cn"):
        return text.rstrip("、..． ").strip()
    return text.replace(" ", "")


# ---- label lines ------------------------------------------------------------------------
ROLE_LABELS = {
    "lead": ("牵头单位", "牵头部门", "主办单位", "牵头责任单位", "主责单位", "主责部门", "牵头领导单位"),
    "co": ("配合单位", "配合部门", "协办单位", "参与单位", "参与部门", "协助单位", "协同单位", "协作单位", "配合"),
    "responsible": ("责任单位", "责任部门", "执行部门", "执行单位", "实施单位", "实施部门", "承办单位",
                    "责任主体", "实施主体", "承担单位", "主要责任单位", "负责单位", "负责部门", "工作单位"),
}
ROLE_OF_LABEL = {label: role for role, labels in ROLE_LABELS.items() for label in labels}
_LABEL_ALTERNATION = "|".join(sorted(ROLE_OF_LABEL, key=len, reverse=True))
# "执行部门(单位):" — the label may carry a bracketed note before its colon
UNIT_LABEL = re.compile(rf"({_LABEL_ALTERNATION})\s*(?:[{OPEN}][^{CLOSE}]{{0,8}}[{CLOSE}])?\s*[::]\s*")
UNIT_LINE = re.compile(rf"^\s*(?:[{OPEN}]\s*)?(?:{_LABEL_ALTERNATION})\s*(?:[{OPEN}][^{CLOSE}]{{0,8}}[{CLOSE}])?\s*[::]")
# "局内:条法司牵头,相关部门参与" — table cells naming units inside / outside an office
SCOPE_LINE = re.compile(r"^\s*(局内|局外|部内|部外|厅内|委内|办内|系统内|内部|外部)\s*[::]\s*")

DEADLINE_LABEL = re.compile(
    r"(完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|完成时点|办结时限)\s*[::]\s*")
DEADLINE_LINE = re.compile(r"^\s*(?:[{OPEN}]\s*)?(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|完成时点|办结时限)\s*[::]"
                           .replace("{OPEN}", OPEN))
APPLICABILITY_LINE = re.compile(r"^\s*(?:省份|适用省份|适用范围|适用地区|地区类别)\s*[::]\s*")

_DATE_WORDS = r"(?:\d{4}\s*年)?(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?"
BARE_DEADLINE = re.compile(
    r"^(?:年内(?:完成|有阶段性成果|取得阶段性成果|启动|见效|出台)?|年底前(?:完成)?|长期坚持|长期推进|持续推进|持续开展|长期|"
    r"按年度推进|每年(?:\d{1,2}月底前)?|\d{4}\s*年(?:\s*[—–\-~至到]\s*\d{4}\s*年)?(?:底|末|年底)?(?:前)?(?:完成|启动)?|"
    rf"{_DATE_WORDS}(?:底|末|中旬|上旬|下旬)?(?:前|以前)(?:完成|启动|出台)?)$")
# a cell broken over lines: "年内" + "完成"
DEADLINE_START = re.compile(r"^(?:年内|年底|\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?)$")


def is_bare_deadline(text: str) -> bool:
    text = re.sub(r"\s+", "", text)
    return bool(text) and len(text) <= 24 and bool(BARE_DEADLINE.match(text))


def is_label_line(line: str) -> bool:
    return bool(UNIT_LINE.match(line) or SCOPE_LINE.match(line) or DEADLINE_LINE.match(line)
                or APPLICABILITY_LINE.match(line))


def starts_structure(line: str) -> bool:
    """Does this line begin something new (a heading number or a label line)?"""
    return match_marker(line) is not None or is_label_line(line) or "|" in line[:3]


def display_width(text: str) -> int:
    """Print width: CJK and full-width characters count two (their GBK byte length, computed in C)."""
    return len(text.encode("gbk", errors="replace"))


_ANY_BRACKET = re.compile("[" + re.escape(OPEN_BRACKETS + CLOSE_BRACKETS) + "]")


def bracket_balance(text: str) -> int:
    """How many brackets are left open at the end of the text (never below zero per kind)."""
    open_count = 0
    for ch in _ANY_BRACKET.findall(text):
        if ch in OPEN_BRACKETS:
            open_count += 1
        elif ch in CLOSE_BRACKETS and open_count:
            open_count -= 1
    return open_count
