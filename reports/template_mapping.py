"""Propose, remember and recall how an upward template maps onto the ledger.

Rows → tasks (by the number as printed and the title) or targets (by name), with a score from 0 to 1 (rapidfuzz:
the city shortens and rewords titles, 实施高价值专利培育工程 ↔ 高价值专利培育). A row scoring below MATCH_THRESHOLD
is shown unmatched with its best guess, never filled. Columns → ledger fields by their header words
(reports/template_detect.FIELD_WORDS). A mapping the clerk confirmed is remembered in the ledger by the template's
structure fingerprint; a fresh copy of the same template is then filled with no questions, and a template whose
structure changed is proposed again with what changed listed (and the clerk's earlier choices carried over where
the row or column reads the same).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reports.template_detect import FIELD_LABELS, TemplateLayout, read_layout
from reports.xlsx_package import WorkbookPackage

MATCH_THRESHOLD = 0.72         # below this a row is shown unmatched, never filled
NUMBER_ONLY_SCORE = 0.6        # a row with a number but no title: a suggestion only
TASK, INDICATOR = "task", "indicator"
KIND_LABELS = {TASK: "任务", INDICATOR: "指标"}
TASK_FIELDS = ("progress", "problems", "next_steps", "percent", "status", "units")
INDICATOR_FIELDS = ("target", "value", "baseline", "percent", "status", "units", "note")
REASONS = {"total": "合计行（保留原有公式，不填）", "heading": "分类标题行（不填）",
           "unmatched": "未找到足够相似的任务或指标，不填（可手工选择）"}
_PUNCT = re.compile(r"[\s,.;:!?、,。;:!?“”\"'‘’()()《》〈〉【】\[\]—\-·…]+")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


# Words nearly every title holds: they would make unrelated titles look alike (知识产权服务供给 ↔ 知识产权服务机构).
COMMON_WORDS = ("知识产权",)
KIND_PENALTY = 0.1             # a target row in a table of task columns (or the reverse) must score this much higher
REPLACED_CHAR_PENALTY = 0.1    # per character of a target's name written with other words (not shortened)


def normalise_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"^\s*[(]?[0-9一二三四五六七八九十]+[)]?[.、\s]+", "", text)
    for word in COMMON_WORDS:
        text = text.replace(word, "")
    return _PUNCT.sub("", text)


def normalise_number(text: str) -> str:
    """"（四）", "4.", "四" → "4": printed numbers compared by value."""
    text = _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))
    if text.isdigit():
        return str(int(text))
    if text and all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return str(_CN_DIGITS[text])
        tens, _, ones = text.partition("十")
        return str((_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0))
    return text


@dataclass
class Candidate:
    kind: str
    ref: str                  # task: its number as printed (else its title); target: its name
    number: str
    title: str
    key: str = ""

    def __post_init__(self):
        self.key = normalise_title(self.title)


def ledger_candidates(ledger, plan_id: int) -> list[Candidate]:
    """Every task and target of the plan a template row can be."""
    from db.queries import indicators
    from db.summary_feed import task_rows

    found = [Candidate(TASK, number or title, number, title) for _id, number, _s, title, *_rest in task_rows(ledger, plan_id)]
    found += [Candidate(INDICATOR, i["name"], "", i["name"]) for i in indicators(ledger, plan_id)]
    return found


@dataclass
class RowChoice:
    row: int
    kind: str | None           # task | indicator | None (not filled)
    ref: str | None
    score: float
    number: str = ""
    title: str = ""
    ledger_title: str = ""
    reason: str = ""


@dataclass
class ColumnChoice:
    column: str                # letter
    field: str | None
    header: str = ""


@dataclass
class SheetMapping:
    name: str
    header_rows: list[int]
    first_data_row: int
    rows: list[RowChoice]
    columns: list[ColumnChoice]


@dataclass
class TemplateMapping:
    name: str
    fingerprint: str
    sheets: list[SheetMapping]
    remembered: bool = False
    changes: list[str] = field(default_factory=list)
    structure: dict = field(default_factory=dict, repr=False)
    layout: TemplateLayout | None = field(default=None, repr=False)
    package: WorkbookPackage | None = field(default=None, repr=False)

    def to_json(self) -> dict:
        return {"template": self.name, "fingerprint": self.fingerprint,
                "sheets": [{"name": s.name, "header_rows": s.header_rows, "first_data_row": s.first_data_row,
                            "rows": [asdict(r) for r in s.rows], "columns": [asdict(c) for c in s.columns]}
                           for s in self.sheets],
                "remembered": self.remembered, "changes": self.changes}

    @property
    def unmatched(self) -> list[tuple[str, RowChoice]]:
        return [(s.name, r) for s in self.sheets for r in s.rows if r.kind is None and r.reason == REASONS["unmatched"]]


def _replaced_chars(query: str, key: str) -> int:
    """Characters of `query` written differently in `key` (not left out or added): 高价值 ↔ 高维持 is 2, while
    每万人口… ↔ 万人… (left out) and 专利商标… ↔ 专利、商标等… (added) are 0. A city shortens a target's name but
    does not swap its words; swapped words name another measure."""
    from rapidfuzz.distance import Levenshtein

    return sum(op.src_end - op.src_start for op in Levenshtein.opcodes(query, key) if op.tag == "replace")


class _Scorer:
    def __init__(self, candidates: list[Candidate]):
        self.candidates = candidates
        self.keys = [c.key for c in candidates]
        self.by_number: dict[str, list[int]] = {}
        for index, c in enumerate(candidates):
            if c.number:
                self.by_number.setdefault(normalise_number(c.number), []).append(index)

    @staticmethod
    def title_score(query: str, key: str) -> float:
        from rapidfuzz import fuzz

        if not query or not key:
            return 0.0
        score = fuzz.ratio(query, key)
        short, long_ = sorted((len(query), len(key)))
        if short >= 4:
            score = max(score, fuzz.partial_ratio(query, key) * (0.85 + 0.15 * short / long_))
        return score / 100

    def ranked(self, number: str, title: str, prefer: str | None = None) -> list[tuple[float, int]]:
        from rapidfuzz import fuzz, process

        query = normalise_title(title)
        wanted = normalise_number(number)
        indices = set(self.by_number.get(wanted, [])) if wanted else set()
        if query:
            cutoff = MATCH_THRESHOLD * 100 - 25        # far below the threshold even with every bonus: skipped early
            for scorer in (fuzz.ratio, fuzz.partial_ratio):
                indices.update(i for _k, _s, i in process.extract(query, self.keys, scorer=scorer, limit=6,
                                                                  score_cutoff=cutoff))
        ranked = []
        for index in indices:
            candidate = self.candidates[index]
            score = self.title_score(query, candidate.key) if query else NUMBER_ONLY_SCORE
            if wanted and candidate.number:
                score += 0.1 if normalise_number(candidate.number) == wanted else -0.05
            if prefer and candidate.kind != prefer:
                score -= KIND_PENALTY
            if query and candidate.kind == INDICATOR:
                score -= REPLACED_CHAR_PENALTY * _replaced_chars(query, candidate.key)
            ranked.append((round(min(max(score, 0.0), 1.0), 2), index))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        return ranked


def _preferred_kind(table) -> str | None:
    """Tasks for a table of 进展情况 / 存在问题 columns, targets for 目标值 / 完成值 / 基期值 columns, else either."""
    fields = {c.field for c in table.columns}
    task_like, target_like = bool(fields & {"progress", "problems", "next_steps"}), bool(fields & {"target", "value", "baseline"})
    return TASK if task_like and not target_like else INDICATOR if target_like and not task_like else None


def _propose_rows(scorer: _Scorer, table) -> list[RowChoice]:
    prefer = _preferred_kind(table)
    choices: dict[int, RowChoice] = {}
    options: list[tuple[float, int, int]] = []           # (score, row, candidate index)
    for row in table.rows:
        choices[row.row] = RowChoice(row.row, None, None, 0.0, row.number, row.title,
                                     reason=REASONS.get(row.kind, REASONS["unmatched"]))
        if row.kind != "data":
            continue
        ranked = scorer.ranked(row.number, row.title, prefer)
        if ranked:
            best_score, best = ranked[0]
            choices[row.row].score = best_score
            choices[row.row].ledger_title = scorer.candidates[best].title     # the best guess, shown
        options.extend((score, row.row, index) for score, index in ranked if score >= MATCH_THRESHOLD)
    taken: set[int] = set()
    for score, row, index in sorted(options, key=lambda o: (-o[0], o[1])):
        choice = choices[row]
        if choice.kind is not None or index in taken:
            continue
        candidate = scorer.candidates[index]
        choice.kind, choice.ref, choice.score = candidate.kind, candidate.ref, score
        choice.ledger_title, choice.reason = candidate.title, ""
        taken.add(index)
    return [choices[r.row] for r in table.rows]


def _columns_for(table) -> list[ColumnChoice]:
    return [ColumnChoice(c.letter, c.field, c.header) for c in table.columns]


def propose_mapping(ledger, plan_id: int, layout: TemplateLayout) -> TemplateMapping:
    scorer = _Scorer(ledger_candidates(ledger, plan_id))
    sheets = [SheetMapping(t.sheet, t.header_rows, t.first_data_row, _propose_rows(scorer, t), _columns_for(t))
              for t in layout.tables]
    return TemplateMapping(layout.name, layout.fingerprint, sheets, structure=layout.structure(), layout=layout)


def _apply_choices(mapping: TemplateMapping, saved: dict) -> None:
    """Carry a remembered mapping's choices over: rows whose number and title read the same, columns whose header
    reads the same."""
    saved_sheets = {s["name"]: s for s in saved.get("sheets", [])}
    for sheet in mapping.sheets:
        old = saved_sheets.get(sheet.name)
        if old is None:
            continue
        old_rows = {(r.get("number", ""), r.get("title", "")): r for r in old.get("rows", [])}
        for row in sheet.rows:
            found = old_rows.get((row.number, row.title))
            if found is not None and (found.get("kind") or found.get("reason") != REASONS["unmatched"]):
                row.kind, row.ref = found.get("kind"), found.get("ref")
                row.score = found.get("score", row.score)
                row.ledger_title = found.get("ledger_title", row.ledger_title)
                row.reason = found.get("reason", "") if row.kind is None else ""
        old_columns = {c.get("header", ""): c for c in old.get("columns", [])}
        for column in sheet.columns:
            if column.header in old_columns:
                column.field = old_columns[column.header].get("field")


def describe_changes(old: dict, new: dict, limit: int = 8) -> list[str]:
    """What differs between a remembered template structure and this one, in the clerk's words."""
    lines: list[str] = []
    old_sheets, new_sheets = old.get("sheets", []), new.get("sheets", [])
    lines += [f"新增工作表“{s}”" for s in new_sheets if s not in old_sheets]
    lines += [f"工作表“{s}”已不在模板中" for s in old_sheets if s not in new_sheets]
    old_tables = {t["sheet"]: t for t in old.get("tables", [])}
    for table in new.get("tables", []):
        before = old_tables.get(table["sheet"])
        if before is None:
            continue
        name = table["sheet"]
        if before["header_rows"] != table["header_rows"]:
            lines.append(f"工作表“{name}”的表头由第{_rows_text(before['header_rows'])}行变为第{_rows_text(table['header_rows'])}行")
        for letter in sorted(set(before["columns"]) | set(table["columns"]), key=lambda x: (len(x), x)):
            was, now = before["columns"].get(letter), table["columns"].get(letter)
            if was is None:
                lines.append(f"工作表“{name}”新增第{letter}列“{now}”")
            elif now is None:
                lines.append(f"工作表“{name}”第{letter}列“{was}”已删除")
            elif was != now:
                lines.append(f"工作表“{name}”第{letter}列表头由“{was}”改为“{now}”")
        old_titles, new_titles = set(before["rows"].values()), set(table["rows"].values())
        row_changes = [f"新增第{row}行“{title}”" for row, title in sorted(table["rows"].items(), key=lambda x: int(x[0]))
                       if title not in old_titles]
        row_changes += [f"原第{row}行“{title}”已删除" for row, title in sorted(before["rows"].items(),
                                                                         key=lambda x: int(x[0])) if title not in new_titles]
        if row_changes:
            shown = "；".join(row_changes[:limit])
            more = f"等{len(row_changes)}处" if len(row_changes) > limit else ""
            lines.append(f"工作表“{name}”的行有变化：{shown}{more}")
    return lines


def _rows_text(rows: list[int]) -> str:
    return "、".join(str(r) for r in rows)


def map_template(ledger, path: Path | str, plan_id: int | None = None) -> TemplateMapping:
    """The remembered mapping for this template (remembered=True), or a proposal (with what changed since the most
    similar remembered template, if any). Raises UnreadableWorkbook with a Chinese message for bad files."""
    from db.errors import NotFoundError
    from db.plan_store import current_plan_id
    from db.template_mappings import find_template_mapping, recent_template_mappings

    plan_id = plan_id or current_plan_id(ledger)
    if plan_id is None:
        raise NotFoundError("台账中还没有方案。请先导入或新建方案。")
    package = WorkbookPackage.open(path)
    layout = read_layout(package)
    mapping = propose_mapping(ledger, plan_id, layout)
    mapping.package = package
    remembered = find_template_mapping(ledger, mapping.fingerprint)
    if remembered is not None:
        mapping.changes = describe_changes(remembered["structure"], mapping.structure)
        _apply_choices(mapping, remembered["mapping"])
        mapping.remembered = not mapping.changes
        return mapping
    old_sheets = set(layout.sheet_names)
    nearest = max(recent_template_mappings(ledger), default=None,
                  key=lambda m: len(old_sheets & set(m["structure"].get("sheets", []))))
    if nearest is not None and old_sheets & set(nearest["structure"].get("sheets", [])):
        mapping.changes = [f"与已记住的模板“{nearest['name']}”（{nearest['saved_at'][:10]}保存）相比："] + \
            (describe_changes(nearest["structure"], mapping.structure) or ["表头的写法有变化"])
        _apply_choices(mapping, nearest["mapping"])
    return mapping


def remember_mapping(ledger, mapping: TemplateMapping):
    """Save the (confirmed) mapping for templates of this structure; returns the operation's Changes."""
    from db.template_mappings import save_template_mapping

    mapping.remembered = True
    mapping.changes = []
    return save_template_mapping(ledger, mapping.fingerprint, mapping.name, mapping.structure, mapping.to_json())


def _mapping_file_shape_ok(data) -> bool:
    """A map-template JSON object: sheets, each with a name and lists of row and column objects."""
    if not isinstance(data, dict) or not isinstance(data.get("sheets", []), list):
        return False
    return all(isinstance(sheet, dict) and all(isinstance(sheet.get(part, []), list)
                                               and all(isinstance(item, dict) for item in sheet.get(part, []))
                                               for part in ("rows", "columns"))
               for sheet in data.get("sheets", []))


def mapping_from_json(data: dict, mapping: TemplateMapping,
                      candidates: list[Candidate] | None = None) -> TemplateMapping:
    """The clerk's edited mapping (a map-template JSON file) laid over this template's proposal: rows and columns
    are taken by sheet name, row number and column letter; anything else in the file is refused. With the ledger's
    `candidates`, a row's ref must name one of its tasks (by number) or targets (by name)."""
    from db.errors import ValidationError

    if not _mapping_file_shape_ok(data):
        raise ValidationError("映射文件的结构不对：应是 map-template --format json 输出的内容（sheets 列表，每个工作表有 "
                              "name、rows、columns）。请用 map-template --format json 重新生成，只改其中的 kind、ref、field。")
    known = {(c.kind, c.ref): c.title for c in candidates} if candidates is not None else None
    sheets = {s.name: s for s in mapping.sheets}
    fields = set(FIELD_LABELS)
    for given in data.get("sheets", []):
        sheet = sheets.get(given.get("name"))
        if sheet is None:
            raise ValidationError(f"映射文件中的工作表“{given.get('name')}”不在模板 {mapping.name} 中。请用 map-template 重新生成映射文件。")
        rows = {r.row: r for r in sheet.rows}
        for item in given.get("rows", []):
            row = rows.get(item.get("row"))
            if row is None:
                raise ValidationError(f"映射文件：工作表“{sheet.name}”第{item.get('row')}行不是模板表格中的数据行。")
            kind = item.get("kind")
            if kind not in (TASK, INDICATOR, None) or (kind and not item.get("ref")):
                raise ValidationError(f"映射文件：工作表“{sheet.name}”第{row.row}行的 kind 应为 task、indicator 或 null，"
                                      "且 task/indicator 须写明 ref。")
            ref = str(item.get("ref")) if kind else None
            if kind and known is not None:
                if (kind, ref) not in known:
                    what = "任务（写任务序号，如 4）" if kind == TASK else "指标（写指标名称，如 有效发明专利量）"
                    raise ValidationError(f"映射文件：工作表“{sheet.name}”第{row.row}行的 ref“{ref}”不是台账中的{what}。"
                                          "请改正后再运行。")
                row.ledger_title = known[(kind, ref)]
            row.kind, row.ref = kind, ref
            try:
                row.score = float(item.get("score", 1.0) or 0.0)
            except (TypeError, ValueError):
                row.score = 1.0
            row.reason = "" if kind else item.get("reason", row.reason) or REASONS["unmatched"]
        columns = {c.column: c for c in sheet.columns}
        for item in given.get("columns", []):
            column = columns.get(item.get("column"))
            if column is None or (item.get("field") is not None and item.get("field") not in fields):
                raise ValidationError(f"映射文件：工作表“{sheet.name}”第{item.get('column')}列不在表格中，"
                                      f"或填写内容“{item.get('field')}”不是 {'、'.join(sorted(fields))} 之一。")
            column.field = item.get("field")
    return mapping
