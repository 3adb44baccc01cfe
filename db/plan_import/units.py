"""Responsible units in every form a plan writes them.

(牵头单位:A。配合单位:B、C) · 责任单位:A、B,C · (A、B负责) · (A、B按职责分工负责) ·
(A牵头,B按职责分工负责) · 此项工作由A、B,各市、区政府负责。 · 局内:X司牵头,相关部门参与.
Names keep their brackets whole (市市场监督管理局〔知识产权局〕, 各县(市)区人民政府); the verbs
(负责, 牵头, 参与, 按职责分工负责) and a trailing 等部门 are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from db.plan_import.markers import DEADLINE_LABEL, ROLE_OF_LABEL, SCOPE_LINE, UNIT_LABEL, is_bare_deadline
from db.vocabulary import is_collective_unit

LEAD, CO, RESPONSIBLE = "lead", "co", "responsible"

_VERB = re.compile(r"(按职责分工负责|按职责分工落实|按职能分工负责|按职责负责|分工负责|共同负责|牵头负责|负责落实|具体负责|"
                   r"负责|牵头|配合|参与|协助|协同|落实|参加)$")
# a deadline found inside a unit clause, left in the text in the form the deadline reader (markers.py) matches
DEADLINE_KEPT = "(完成时限:{})"
# appended to a name read as one unit although the text ran several together with 、 (parse.py words the warning)
ONE_UNIT_MARK = "（按一个单位处理）"
_LEAD_VERBS = {"牵头", "牵头负责"}
_CO_VERBS = {"配合", "参与", "协助", "协同", "参加"}
_AFTER_LEAD_CO_VERBS = {"按职责分工负责", "按职责分工落实", "按职能分工负责", "按职责负责", "分工负责", "共同负责", "负责落实", "落实", "负责", "具体负责"}
_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位|处室|司局|机构)?$")
_GENERIC = re.compile(r"^(?:局内|局外|局内其他|其他|其它|部内|厅内|委内|市|县|区|省|各|市各|县各|全市|全县|其他各)?"
                      r"(?:相关|有关)(?:部门|单位|处室|司局|职能部门|部门和单位|单位和部门)$")
_MARKED_LEAD = re.compile(r"[((]牵头(?:单位)?[))]$")
UNIT_SUFFIXES = (
    "局", "委", "办", "厅", "部", "院", "会", "府", "中心", "行", "所", "处", "室", "队", "站", "馆", "社", "台", "团",
    "校", "区", "街道", "镇", "乡", "单位", "公司", "集团", "海关", "小组", "协会", "司", "园", "署", "庭", "组", "科",
    "企业", "高校", "机构", "办事处", "分局", "支队", "大队", "银行", "联社", "所", "场", "市", "县", "港", "关",
)
_SEPARATORS = "、,,;;"
_OPEN, _CLOSE = "((〔【[", "))〕】]"


@dataclass
class Units:
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    # catch-all parties the role lists leave out (相关部门, 局内相关部门): (name, role), kept as collective units
    collective: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "Units") -> None:
        for role in (LEAD, CO, RESPONSIBLE):
            mine = getattr(self, role)
            for name in getattr(other, role):
                if name not in mine:
                    mine.append(name)
        self.doubtful.extend(d for d in other.doubtful if d not in self.doubtful)
        self.collective.extend(c for c in other.collective if c not in self.collective)

    def settle(self) -> None:
        """A unit named as lead is not also a co-unit or plain responsible unit."""
        self.co = [n for n in self.co if n not in self.lead]
        self.responsible = [n for n in self.responsible if n not in self.lead and n not in self.co]

    def __bool__(self) -> bool:
        return bool(self.lead or self.co or self.responsible or self.collective)

    def copy(self) -> "Units":
        return Units(list(self.lead), list(self.co), list(self.responsible), list(self.doubtful), list(self.collective))


def clean_name(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    name = name.strip("、,,;;。::.. ")
    if name.startswith("由"):
        name = name[1:]
    return name


def looks_like_unit(name: str) -> bool:
    bare = re.sub(r"[((〔【\[][^))〕】\]]*[))〕】\]]$", "", name) or name
    if len(name) < 2 or len(name) > 40 or re.search(r"[。!?!?::]", name):
        return False
    return bare.endswith(UNIT_SUFFIXES) or name.endswith(UNIT_SUFFIXES) or name in ("人行", "人民银行")


def split_top_level(text: str) -> list[tuple[str, str]]:
    """Split on 、,,;; outside brackets: [(fragment, separator after it)]."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in _SEPARATORS and depth == 0:
            parts.append(("".join(current), ch))
            current = []
        else:
            current.append(ch)
    parts.append(("".join(current), ""))
    return [(p.strip(), sep) for p, sep in parts if p.strip()]


def _merge_groups(fragments: list[str]) -> list[str]:
    """'各市'、'区政府' → '各市、区政府': a short piece that is no unit by itself joins the next one."""
    merged: list[str] = []
    index = 0
    while index < len(fragments):
        piece = fragments[index]
        while (index + 1 < len(fragments) and len(piece) <= 3
               and (not looks_like_unit(piece) or piece.startswith("各"))
               and not _VERB.search(piece) and looks_like_unit(_VERB.sub("", fragments[index + 1]))
               and len(_VERB.sub("", fragments[index + 1])) <= 8):
            index += 1
            piece = f"{piece}、{fragments[index]}"
        merged.append(piece)
        index += 1
    return merged


def parse_unit_phrase(text: str, default_role: str = RESPONSIBLE, *, strict: bool = False) -> Units | None:
    """'A牵头,B、C按职责分工负责' → lead [A], co [B, C]. With strict, None unless every name looks like a unit.

    Plans repeat the same clause task after task, so each distinct phrase is read once."""
    found = _parse_unit_phrase_once(text, default_role, strict)
    return None if found is None else found.copy()


@lru_cache(maxsize=4096)
def _parse_unit_phrase_once(text: str, default_role: str, strict: bool) -> Units | None:
    text = text.strip().rstrip("。;;.")
    text = re.sub(r"(?<=[\u4e00-\u9fff\)〕])会同", "牵头,", text)  # 'A会同B负责': A leads, B helps
    fragments = []
    for fragment, _ in split_top_level(text):
        pieces = fragment.split()
        if len(pieces) > 1 and all(looks_like_unit(_VERB.sub("", p)) for p in pieces):
            fragments.extend(pieces)  # '市科技局 市财政局' from a table cell
            continue
        verb = _VERB.search(fragment)
        bare = fragment[:verb.start()] if verb else fragment
        joined = [p for p in re.split(r"[和及与]", bare) if p]
        if len(joined) > 1 and all(len(p) >= 3 and looks_like_unit(p) for p in joined):
            joined[-1] += verb.group(1) if verb else ""  # '市科技局和市财政局负责'
            fragments.extend(joined)
        else:
            fragments.append(fragment)
    fragments = [re.sub(r"^(?:由|请)", "", f) for f in fragments]
    merged = _merge_groups(fragments)
    grouped = [m for m in merged if m not in fragments]
    fragments = merged
    groups: list[tuple[list[str], str | None]] = []
    pending: list[str] = []
    for fragment in fragments:
        verb_match = _VERB.search(fragment)
        if verb_match:
            name = fragment[:verb_match.start()]
            if name:
                pending.append(name)
            groups.append((pending, verb_match.group(1)))
            pending = []
        else:
            pending.append(fragment)
    if pending:
        groups.append((pending, None))
    verbs = [verb for _, verb in groups if verb]
    lead_named = any(v in _LEAD_VERBS for v in verbs)
    co_named = any(v in _CO_VERBS for v in verbs)
    result = Units()
    for names, verb in groups:
        if verb in _LEAD_VERBS:
            role = LEAD
        elif verb in _CO_VERBS:
            role = CO
        elif verb:  # 负责 / 按职责分工负责: helpers after a lead, the lead before helpers, else as labelled
            role = CO if lead_named else (LEAD if co_named else default_role)
        else:
            role = CO if (lead_named and default_role == RESPONSIBLE) else default_role
        for raw in names:
            name = clean_name(raw)
            name = _ETC.sub("", name) if len(_ETC.sub("", name)) >= 2 else name
            if _MARKED_LEAD.search(name):
                name = _MARKED_LEAD.sub("", name)
                target = LEAD
            else:
                target = role
            if not name or name in ("各", "等"):
                continue
            if _GENERIC.match(name):   # '相关部门': not an office of its own, kept as a collective party
                if (name, target) not in result.collective:
                    result.collective.append((name, target))
                continue
            collective = is_collective_unit(name)   # '县直有关部门': several units, named as one party
            if strict and not looks_like_unit(name) and not collective:
                return None
            if not looks_like_unit(name) and not collective:
                result.doubtful.append(name)
            bucket = getattr(result, target)
            if name not in bucket:
                bucket.append(name)
    for name in grouped:
        result.doubtful.append(f"{clean_name(_VERB.sub('', name))}{ONE_UNIT_MARK}")
    if any(_MARKED_LEAD.search(clean_name(n)) for names, _ in groups for n in names):
        # 责任单位:A(牵头)、B → A leads, the others help
        result.co.extend(n for n in result.responsible if n not in result.co)
        result.responsible = []
    return result


def parse_labelled(text: str) -> Units:
    """'牵头单位:A。配合单位:B、C' (one or several labelled segments)."""
    result = Units()
    matches = list(UNIT_LABEL.finditer(text))
    for index, found in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        role = ROLE_OF_LABEL[found.group(1)]
        segment = text[found.end():end].strip().strip("。;;,, ")
        parsed = parse_unit_phrase(segment, role)
        if parsed:
            result.add(parsed)
    return lead_makes_others_co(result)


def lead_makes_others_co(units: Units) -> Units:
    """'牵头单位:A;责任单位:B' — once a lead is named, the other units named beside it are its co-units."""
    if units.lead and units.responsible:
        units.co.extend(n for n in units.responsible if n not in units.co and n not in units.lead)
        units.responsible = []
    return units


def parse_unit_line(line: str) -> Units:
    """A line of its own: '责任单位:A、B,C' or a table cell '局内:X司牵头,相关部门参与'."""
    scope = SCOPE_LINE.match(line)
    if scope:
        return parse_unit_phrase(line[scope.end():]) or Units()
    if line.lstrip()[:1] in _CLAUSE_OPEN:
        return find_unit_clauses(line)[0]  # '(责任单位:A、B)' on a line of its own
    labelled = parse_labelled(line)
    if labelled:
        return labelled
    if is_unit_cell(line):
        return parse_unit_phrase(line, strict=True) or Units()  # a table cell of unit names, unlabelled
    return find_unit_clauses(line)[0]


def is_unit_cell(line: str) -> bool:
    """'条法司、管理司' or '市科技局 市财政局' alone on a line: the units cell of a table flattened to text."""
    text = line.strip()
    if not text or len(text) > 60 or re.search(r"[。;;!?::]", text):
        return False
    stripped = _VERB.sub("", text)
    return _bare_unit_list(stripped) or (len(stripped.split()) > 1 and all(_bare_unit_list(p) for p in stripped.split()))


_CLAUSE_OPEN = "((【〔["
_PAIRS = {"(": ")", "(": ")", "【": "】", "〔": "〕", "[": "]"}
_BRACKET_CHARS = re.compile(r"[()()【】〔〕\[\]]")


def bracketed(text: str):
    """(start, end, inside) of every bracketed part, brackets of any kind nested and balanced."""
    stack: list[tuple[str, int]] = []
    for found in _BRACKET_CHARS.finditer(text):
        index, ch = found.start(), found.group()
        if ch in _PAIRS:
            stack.append((ch, index))
        elif stack and ch == _PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            yield start, index + 1, text[start + 1:index]


_BY_SENTENCE = re.compile(
    r"(?:^|(?<=[。;;!?]))\s*((?:此项|该项|以上|上述|本项|各项)?(?:工作|任务)?由([^。;;!?]{2,160}?)"
    r"(牵头负责|负责落实|具体负责|负责|牵头|承担|组织实施|按职责分工负责)[。;;]?)\s*$")


_OFFICE_SUFFIXES = ("局", "委", "办", "府", "院", "会", "部", "厅", "中心", "行", "海关", "街道", "镇", "乡", "园区",
                    "单位", "室", "司", "处", "署", "〕", ")")


def _bare_unit_list(inside: str) -> bool:
    """Unit names only, every one an office ('县科技局、县财政局'), not '含中小企业' or '福建'."""
    names = [clean_name(f) for f, _ in split_top_level(inside)]
    return bool(names) and all(looks_like_unit(n) and n.endswith(_OFFICE_SUFFIXES) and not re.match(r"^(?:含|包括|如|即|特别是|主要是)", n)
                               for n in names)


def find_unit_clauses(text: str) -> tuple[Units, str]:
    """Every unit clause written inside a task's text; returns the units and the text without them."""
    result = Units()
    spans: list[tuple[int, int, str]] = []
    tail = len(text.rstrip().rstrip("。;;"))
    brackets = sorted(bracketed(text))
    inline_at = next((m.start() for m in UNIT_LABEL.finditer(text)
                      if not any(s < m.start() < e for s, e, _ in brackets)), len(text))
    covered_until = -1   # brackets come in order of their start: one inside a clause read already starts before its end
    for start, end, raw in brackets:
        if start < covered_until or start > inline_at:
            continue  # inside a clause already read, or the bracket of a name after an unbracketed 责任单位:
        inside = raw.strip()
        parsed = None
        kept = ""
        deadline = DEADLINE_LABEL.search(inside)
        if deadline and deadline.start() > 0:
            # '(县财政局负责,完成时限:2025年6月底前)': the deadline stays in the text for the deadline reader
            kept = f"({inside[deadline.start():].strip()})"
            inside = inside[:deadline.start()].rstrip(",,;; ")
        else:
            pieces = split_top_level(inside)
            if len(pieces) > 1 and is_bare_deadline(pieces[-1][0]):
                kept = DEADLINE_KEPT.format(pieces[-1][0])  # '(县财政局负责;2025年底前完成)'
                inside = inside[:inside.rindex(pieces[-1][0])].rstrip(",,;; ")
        label = UNIT_LABEL.search(inside)
        if label and label.start() <= 1:
            parsed = parse_labelled(inside)
        elif text[start] in "((【" and _VERB.search(inside.rstrip("。;")):
            parsed = parse_unit_phrase(inside, strict=True)
        elif text[start] in "((" and end >= tail - 1 and inside and _bare_unit_list(inside):
            parsed = parse_unit_phrase(inside, strict=True)  # '…工作。(县科技局、县财政局)' closing the task
        if parsed:
            result.add(parsed)
            spans.append((start, end, kept))
            covered_until = max(covered_until, end)
    by = _BY_SENTENCE.search(text)
    if by and not any(s <= by.start(1) < e for s, e, _ in spans):
        parsed = parse_unit_phrase(by.group(2) + by.group(3))
        if parsed and all(looks_like_unit(n) for n in parsed.lead + parsed.co + parsed.responsible):
            result.add(parsed)
            spans.append((*by.span(1), ""))
    # a labelled clause written inline without brackets: '…。责任单位:市科技局、市财政局'
    inline = UNIT_LABEL.search(text)
    if inline and not any(s <= inline.start() < e for s, e, _ in spans):
        start = inline.start()
        end = len(text)
        parsed = parse_labelled(text[start:end])
        if parsed:
            result.add(parsed)
            spans.append((start, end, ""))
    cleaned = text
    for start, end, kept in sorted(spans, reverse=True):
        cleaned = cleaned[:start] + kept + cleaned[end:]
    cleaned = re.sub(r"\s+$", "", cleaned)
    return result, cleaned
