"""Measurable targets (指标): sentences such as 到2026年…有效发明专利量达3500件, 高企贯标备案率超90%,
质押融资额累计达20亿元以上, 发明专利申请量年均增长10%以上; and indicator tables
(序号 | 类别 | 指标 | 单位 | 基期值 | 目标值 | 属性).
"""
from __future__ import annotations

import re

from db.plan_import.tables import row_fields

MEASURES = ("万人次", "人次", "万件", "亿元", "万元", "千元", "元", "件", "家", "个", "项", "所", "人", "名", "次", "场", "%",
            "%", "‰", "倍", "分", "座", "条", "台", "套", "部", "篇", "户", "批", "平方米", "万平方米", "公里", "吨", "天",
            "小时", "个百分点", "百分点", "位", "万人", "万户", "本", "期", "类", "种")
_MEASURE = "|".join(sorted((re.escape(m) for m in MEASURES), key=len, reverse=True))
_VERBS = r"(?:力争达到|力争达|达到|达|超过|超|不低于|不少于|突破|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|" \
         r"保持在|稳定在|控制在|降低到|降低至|下降到|下降至|降到|缩短到|缩短至|年均增长|年均提高|增长|提高|实现|有|为)"
_NUMBER = r"(\d+(?:\.\d+)?)"
_TARGET = re.compile(
    rf"(?P<name>[^,,。;;:]{{2,80}}?)\s*(?P<verb>{_VERBS})?\s*(?:[>≥]=?\s*)?"
    rf"{_NUMBER}\s*(?:[—–\-~至]\s*\d+(?:\.\d+)?\s*)?(?P<unit>{_MEASURE})(?P<suffix>以上|左右|以内|以下|及以上)?")
_BEFORE_NUMBER = re.compile(
    rf"(?P<verb>培育|新增|建成|建设|打造|创建|新建|引进|设立|组建|认定|举办|开展|培养|建立)\s*(?:不少于)?\s*{_NUMBER}\s*"
    rf"(?P<unit>{_MEASURE})(?P<suffix>以上)?(?P<name>[^,,。;;]{{2,40}})")
_YEAR = re.compile(r"(?:到|至|截至|截止到?)\s*(\d{4})\s*年|(\d{4})\s*年(?:底|末|前)")
_LEADING = re.compile(r"^(?:到\d{4}年(?:底|末)?|累计|\d{4}年(?:底|末)?|全市|全县|全区|全省|我市|我县|我区|全国|力争|确保|实现|其中|"
                      r"使|推动|同时|此外|并|且|和|及|以及|每年|年度|本地区|的)+")
_LESS = ("以内", "以下", "不超过", "不高于", "控制在", "降低", "下降", "降到", "缩短", "减少")
_MORE = ("以上", "超过", "超", "不低于", "不少于", "突破", "≥", ">")


def _number(text: str):
    value = float(text)
    return int(value) if value.is_integer() else value


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"^(?:\d{1,2}[.、.]|[((]\d{1,2}[))]|——|—|-)+", "", name)  # '2.PCT国际专利申请量' in a run-on list
    name = _LEADING.sub("", name)
    name = re.sub(r"(?:累计|总计|共计|合计|分别|年均|均)+$", "", name)
    name = name.strip("、,,的 ")
    if "等" in name[:-1]:
        tail = name[name.rindex("等") + 1:]
        if len(tail) >= 3:
            name = tail
    return name


def _split_jointly(name: str) -> list[str]:
    """'发明专利申请量、授权量' with 分别 → ['发明专利申请量', '发明专利授权量']."""
    parts = [p for p in re.split(r"[、和及]", name) if p]
    if len(parts) < 2:
        return [name]
    first = parts[0]
    names = [first]
    for part in parts[1:]:
        if len(part) < len(first) and not part.startswith(first[:2]):
            names.append(first[:len(first) - len(part)] + part)
        else:
            names.append(part)
    return names


def _comparison(text: str) -> str:
    if any(word in text for word in _LESS):
        return "<="
    return ">="


def targets_in_text(text: str, line: int, *, year: int | None) -> list[dict]:
    """Every target sentence in one paragraph; `year` is the year in force before the paragraph."""
    found: list[dict] = []
    for sentence_match in re.finditer(r"[^。;;]+[。;;]?", text):
        sentence = sentence_match.group(0)
        for clause in re.split(r"(?<=[,,])", sentence):
            year_match = list(_YEAR.finditer(clause))
            if year_match:
                year = int(year_match[-1].group(1) or year_match[-1].group(2))
            found.extend(_targets_in_clause(clause, line, year))
    return found


def _targets_in_clause(clause: str, line: int, year: int | None) -> list[dict]:
    results = []
    stripped = _YEAR.sub("", clause)
    match = _BEFORE_NUMBER.search(stripped)
    if match:
        name = _clean_name(match.group("name"))
        if len(name) >= 2:
            return [_indicator(name, match, clause, line, year, match.group("verb"))]
    change = _FROM_TO.search(clause)
    if change:
        name = _clean_name(change.group("name"))
        if len(name) >= 2:
            return [_change_indicator(name, change, clause, line, year)]
    for match in _TARGET.finditer(stripped):
        results.extend(_named_target(match, clause, stripped, line, year))
    return results


def _named_target(match, clause: str, stripped: str, line: int, year: int | None) -> list[dict]:
    results = []
    if not re.search(r"\d{4}$", stripped[:match.start(3)]):
        raw_name = match.group("name")
        verb = match.group("verb") or ""
        name = _clean_name(raw_name)
        growth = "增长" in verb or "提高" == verb
        if growth and not name.endswith(("增长", "增长率")):
            name = f"{name}{'年均' if '年均' in verb or '年均' in raw_name else ''}增长"
        name = re.sub(r"年均(分别)?年均", "年均", name).replace("分别", "")
        if len(name) >= 2 and not re.fullmatch(r"[\d.%]+", name):
            names = _split_jointly(name.replace("年均增长", "")) if "分别" in clause else [name]
            if len(names) > 1:
                names = [n + ("年均增长" if "年均增长" in name else "") for n in names]
            for one in names:
                results.append(_indicator(one, match, clause, line, year, verb))
    return results


_FROM_TO = re.compile(
    rf"(?P<name>[^,,。;;:]{{2,60}}?)\s*(?:从|由)\s*(?:(?P<base_year>\d{{4}})\s*年(?:底|末)?的?)?\s*{_NUMBER}\s*(?:{_MEASURE})?\s*"
    rf"(?:增加|提高|提升|增长|上升|扩大|达到|降低|下降|减少|缩短)(?:到|至)\s*{_NUMBER}\s*(?P<unit>{_MEASURE})(?P<suffix>以上|左右|以内|以下)?")


def _change_indicator(name: str, match, clause: str, line: int, year: int | None) -> dict:
    """'有效发明专利量由2020年的3000件增加到6000件' → baseline 3000 (2020), target 6000."""
    return {
        "name": name, "unit": match.group("unit").replace("%", "%"), "baseline": _number(match.group(3)),
        "baseline_year": int(match.group("base_year")) if match.group("base_year") else None,
        "target": _number(match.group(4)), "target_year": year,
        "comparison": _comparison(clause[match.start(4) - 4:match.start(4)] + (match.group("suffix") or "")),
        "cumulative": "累计" in clause, "attribute": None,
        "source_text": clause.strip().strip(",,。;;"), "source_lines": [line, line],
    }


def _indicator(name: str, match, clause: str, line: int, year: int | None, verb: str) -> dict:
    number = match.group(3) if match.re is _TARGET else match.group(2)
    suffix = match.group("suffix") or ""
    return {
        "name": name, "unit": match.group("unit").replace("%", "%"), "baseline": None, "baseline_year": None,
        "target": _number(number), "target_year": year,
        "comparison": _comparison(verb + suffix + clause[:match.start()]) if suffix != "左右" else ">=",
        "cumulative": "累计" in clause[:match.end()], "attribute": None,
        "source_text": clause.strip().strip(",,。;;"), "source_lines": [line, line],
    }


_VALUE = re.compile(r"([<>≤≥]=?)?\s*[\[〔(（]?\s*(\d+(?:\.\d+)?)\s*[\]〕)）]?\s*(%|%)?")


def _cell_value(text: str) -> tuple[float | int | None, str | None, bool]:
    """'≥90%' → (90, '>=', False); '[20]' (累计) → (20, None, True); '—' → (None, None, False)."""
    text = (text or "").strip()
    found = _VALUE.search(text)
    if not found or not found.group(2):
        return None, None, False
    sign = found.group(1) or ""
    comparison = "<=" if sign in ("<", "≤", "<=") else (">=" if sign else None)
    cumulative = bool(re.search(r"[\[〔]", text)) or "累计" in text
    return _number(found.group(2)), comparison, cumulative


def indicators_from_rows(rows, plan_year: int | None) -> list[dict]:
    """Rows of an indicator table → indicators; an empty 类别 cell repeats the one above (merged cells)."""
    result = []
    category = None
    for line, cells, header in rows:
        values = row_fields(aligned_to_header(cells, header), header)
        name = (values.get("name") or "").strip()
        if values.get("category"):
            category = values["category"].strip()
        if not name:
            continue
        unit = (values.get("measure") or "").strip() or None
        bracket_unit = re.search(r"[((]([^()()]{1,6})[))]$", name)
        if bracket_unit and not unit:
            unit, name = bracket_unit.group(1), name[:bracket_unit.start()]
        target, comparison, cumulative = _cell_value(values.get("target", ""))
        baseline, _, _ = _cell_value(values.get("baseline", ""))
        if target is None and baseline is None:
            continue
        if "%" in (values.get("target") or "") and not unit:
            unit = "%"
        result.append({
            "name": name, "unit": unit, "baseline": baseline,
            "baseline_year": header.year_of("baseline"), "target": target,
            "target_year": header.year_of("target") or plan_year,
            "comparison": comparison or ">=", "cumulative": cumulative or "累计" in name,
            "attribute": (values.get("attribute") or "").strip() or None, "category": category,
            "source_text": " | ".join(cells), "source_lines": [line, line],
            "_year_assumed": header.year_of("target") is None,
        })
    return result


_NUMERIC = re.compile(r"^[<>≤≥]?=?\s*[\[〔(（]?\s*\d+(?:\.\d+)?\s*[\]〕)）]?\s*[%%]?$")


def aligned_to_header(cells: list[str], header) -> list[str]:
    """A row with fewer cells than its header (a merged 类别 cell spanning several rows leaves the later rows one
    cell short): blanks go where the row then reads right — a name that is words, a measure that is a unit,
    values that are numbers — the category column first. A number is never shifted into the name."""
    missing = len(header.cells) - len(cells)
    if missing <= 0 or missing > 2:
        return cells
    from itertools import combinations

    best, best_score = cells, None
    for places in combinations(range(len(header.cells)), missing):
        candidate = list(cells)
        for place in places:
            candidate.insert(place, "")
        score = _row_sense(candidate, header) + sum({"category": 2, "number": 1}.get(header.columns.get(p), 0)
                                                    for p in places)
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


def _row_sense(cells: list[str], header) -> int:
    score = 0
    for index, cell in enumerate(cells):
        field = header.columns.get(index)
        text = cell.strip()
        if field == "name":
            score += 3 if text and not _NUMERIC.match(text) and re.search(r"[\u4e00-\u9fff]", text) else -5
        elif field == "measure":
            score += 2 if text and not _NUMERIC.match(text) and len(text) <= 6 else (-3 if text else 0)
        elif field in ("baseline", "target", "target_step"):
            score += 1 if _NUMERIC.match(text) or text in ("", "—", "-", "/") else -2
        elif field == "category":
            score += -2 if _NUMERIC.match(text) else 0
        elif field == "attribute":
            score += 1 if text in ("预期性", "约束性", "") else -1
    return score
