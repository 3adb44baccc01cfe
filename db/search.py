"""Find any text in the ledger: `search(ledger, text)` → hits a clerk can jump to (window's Ctrl+F, `ipledger search`).

The index (db/search_index.py, kept by triggers) holds tasks and their sub-items, progress entries (progress,
problems, next steps), units with their aliases, indicators, and notes: period reopen reasons, send-back
reasons and the report texts. The query is cut into words at spaces and punctuation; every word must occur
(as written, any case). Words of two or more characters are phrases of character pairs, one character a prefix,
so the query never reaches FTS5 as syntax: quotes, brackets, AND/OR/NOT and stars are just text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from db.search_index import (INDICATOR, PROGRESS, REOPEN_REASON, REPORT_TEXT, REVIEW_REASON, SUBITEM, TASK, UNIT,
                             kind_range, source_id)

# Hit kinds (the `kind` of `ipledger search --format json`), in the order results are listed.
KIND_TASK, KIND_PROGRESS, KIND_UNIT, KIND_INDICATOR, KIND_AUDIT = "task", "progress", "unit", "indicator", "audit"
KIND_ORDER = (KIND_TASK, KIND_PROGRESS, KIND_UNIT, KIND_INDICATOR, KIND_AUDIT)
KIND_LABELS = {KIND_TASK: "任务", KIND_PROGRESS: "进展填报", KIND_UNIT: "单位", KIND_INDICATOR: "指标",
               KIND_AUDIT: "记录"}
PROGRESS_FIELDS = (("progress", "进展情况"), ("problems", "存在问题"), ("next_steps", "下步计划"))
MARK_OPEN, MARK_CLOSE = "【", "】"
SNIPPET_CONTEXT = 24          # characters shown before the first match
SNIPPET_LENGTH = 80           # characters in a snippet at most (plus the marks)


@dataclass(frozen=True)
class SearchHit:
    """One place where the text was found, with the ids to jump to it."""

    kind: str                         # KIND_TASK, KIND_PROGRESS, KIND_UNIT, KIND_INDICATOR or KIND_AUDIT
    field: str                        # what was found, in the window's words: 任务名称, 进展情况, 单位名称, 退回原因…
    snippet: str                      # the text around the first match, every match in 【】
    task_id: int | None = None
    task_number: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    period_id: int | None = None
    period_key: str | None = None
    plan_id: int | None = None
    indicator_id: int | None = None
    audit_id: int | None = None      # a reopen reason's row in the audit trail
    at: str | None = None            # when a note was written

    @property
    def place(self) -> str:
        """Where the hit is, in the window's words: 任务4 · 市科技局 · 2025Q3 (the parts it has)."""
        parts = (f"任务{self.task_number}" if self.task_number else None, self.unit_name, self.period_key)
        return " · ".join(part for part in parts if part)

    def line(self) -> str:
        """One line for a list: 〔进展填报〕任务4 · 市科技局 · 2025Q3 进展情况：…【专利】…"""
        return f"〔{KIND_LABELS[self.kind]}〕{self.place + ' ' if self.place else ''}{self.field}：{self.snippet}"

    def to_json(self) -> dict:
        """The shape of `ipledger search --format json` (../shared/CLI.md)."""
        return {"kind": self.kind, "task": self.task_number, "unit": self.unit_name, "period": self.period_key,
                "snippet": self.snippet}


def query_words(text: str) -> list[str]:
    """The words of a query: runs of letters and digits (what the index's tokenizer keeps), lower-cased."""
    words, current = [], []
    for char in text or "":
        if unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return [w.lower() for w in words]


def match_expression(words: list[str]) -> str | None:
    """The FTS5 query for the words: each a phrase of character pairs (one character: a prefix), all required.
    Words hold only letters and digits, so quoting them can never make a syntax error."""
    parts = []
    for word in dict.fromkeys(words):
        if len(word) == 1:
            parts.append(f'"{word}"*')
        else:
            parts.append('"' + " ".join(word[i:i + 2] for i in range(len(word) - 1)) + '"')
    return " AND ".join(parts) or None


def search(ledger, text: str, *, limit: int = 50, plan_id: int | None = None) -> list[SearchHit]:
    """Hits for `text`, at most `limit`, grouped by kind (tasks, progress, units, indicators, notes).

    With `plan_id`, only that plan's tasks, entries, indicators and notes (units belong to every plan).
    When one kind has more hits than its share, the others still get theirs (a common word never hides
    the units or notes that contain it). Within a kind: tasks and units in order, entries and notes newest first.
    """
    words = query_words(text)
    expression = match_expression(words)
    if expression is None or limit <= 0:
        return []
    found = {kind: _find(ledger, kind, expression, words, limit, plan_id) for kind in KIND_ORDER}
    shares = _shares({kind: len(hits) for kind, hits in found.items()}, limit)
    return [hit for kind in KIND_ORDER for hit in found[kind][:shares[kind]]]


def _shares(available: dict[str, int], limit: int) -> dict[str, int]:
    """Split `limit` among the kinds: each gets an equal share, what one cannot use goes to the others in order."""
    shares = {kind: 0 for kind in available}
    left = limit
    while left > 0:
        wanting = [kind for kind in KIND_ORDER if shares[kind] < available[kind]]
        if not wanting:
            break
        each = max(1, left // len(wanting))
        for kind in wanting:
            take = min(each, available[kind] - shares[kind], left)
            shares[kind] += take
            left -= take
    return shares


def _matching_ids(ledger, index_kind: int, expression: str, *, newest_first: bool, batch: int):
    """Source ids of one index kind whose documents match, in batches (the index is read lazily)."""
    low, high = kind_range(index_kind)
    cursor = ledger.conn.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid >= ? AND rowid < ?"
        f" ORDER BY rowid {'DESC' if newest_first else 'ASC'}", (expression, low, high))
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        yield [source_id(row[0]) for row in rows]


def _find(ledger, kind: str, expression: str, words: list[str], limit: int, plan_id: int | None) -> list[SearchHit]:
    hits: list[SearchHit] = []
    seen: set = set()
    for index_kind, newest_first, describe in _SOURCES[kind]:
        for ids in _matching_ids(ledger, index_kind, expression, newest_first=newest_first, batch=max(limit, 50)):
            for hit in describe(ledger, ids, words):
                key = (hit.task_id,) if kind == KIND_TASK else hit  # a task once, even if sub-items match too
                if (plan_id is not None and hit.plan_id not in (None, plan_id)) or key in seen:
                    continue
                seen.add(key)
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
    return hits


# ----- snippets ----------------------------------------------------------------------------------

def snippet(text: str, words: list[str]) -> str | None:
    """The text around the first match with every match in 【】; None when no word occurs in the text."""
    text = " ".join((text or "").split())
    folded = text.lower()
    spans = []
    for word in words:
        start = folded.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    if not spans:
        return None
    spans.sort()
    first = spans[0][0]
    begin = max(0, first - SNIPPET_CONTEXT)
    end = min(len(text), begin + SNIPPET_LENGTH)
    pieces, position = [], begin
    for start, stop in spans:
        if start < position or stop > end:
            continue
        pieces += [text[position:start], MARK_OPEN, text[start:stop], MARK_CLOSE]
        position = stop
    pieces.append(text[position:end])
    return ("…" if begin > 0 else "") + "".join(pieces) + ("…" if end < len(text) else "")


def _first_snippet(fields: list[tuple[str, str | None]], words: list[str]) -> tuple[str, str]:
    """(label, snippet) of the first field holding a word; the first non-empty field when none holds one
    alone (the words were found across fields)."""
    for label, text in fields:
        found = snippet(text or "", words)
        if found is not None:
            return label, found
    label, text = next(((label, text) for label, text in fields if text), fields[0])
    return label, " ".join((text or "").split())[:SNIPPET_LENGTH]


def _rows_in_order(ledger, sql: str, ids: list[int]) -> list:
    """The rows of `sql` (ending in `WHERE <its id> IN`, the id selected AS id) for `ids`, in the index's order."""
    by_id = {row["id"]: row for row in ledger.rows(f"{sql} ({','.join('?' * len(ids))})", ids)}
    return [by_id[i] for i in ids if i in by_id]


# ----- each kind's rows ----------------------------------------------------------------------------

def _tasks(ledger, ids, words):
    for row in _rows_in_order(ledger, "SELECT id, plan_id, number, title, text FROM tasks WHERE id IN", ids):
        label, text = _first_snippet([("任务名称", row["title"]), ("工作措施", row["text"])], words)
        yield SearchHit(KIND_TASK, label, text, task_id=row["id"], task_number=row["number"], plan_id=row["plan_id"])


def _subitems(ledger, ids, words):
    for row in _rows_in_order(ledger, "SELECT s.id, s.label, s.text, t.id AS task_id, t.plan_id, t.number"
                                      " FROM task_subitems s JOIN tasks t ON t.id = s.task_id WHERE s.id IN", ids):
        _label, text = _first_snippet([("分项措施", (row["label"] or "") + row["text"])], words)
        yield SearchHit(KIND_TASK, "分项措施", text, task_id=row["task_id"], task_number=row["number"],
                        plan_id=row["plan_id"])


def _progress(ledger, ids, words):
    for row in _rows_in_order(
            ledger, "SELECT p.id, p.task_id, t.number, t.plan_id, p.unit_id, u.name AS unit_name, p.period_id, pe.key,"
                    " p.progress, p.problems, p.next_steps FROM progress p JOIN tasks t ON t.id = p.task_id"
                    " JOIN units u ON u.id = p.unit_id JOIN periods pe ON pe.id = p.period_id WHERE p.id IN", ids):
        label, text = _first_snippet([(label, row[name]) for name, label in PROGRESS_FIELDS], words)
        yield SearchHit(KIND_PROGRESS, label, text, task_id=row["task_id"], task_number=row["number"],
                        unit_id=row["unit_id"], unit_name=row["unit_name"], period_id=row["period_id"],
                        period_key=row["key"], plan_id=row["plan_id"])


def _units(ledger, ids, words):
    for row in _rows_in_order(
            ledger, "SELECT id, name, short_name, (SELECT group_concat(alias, '、') FROM (SELECT alias"
                    " FROM unit_aliases a WHERE a.unit_id = units.id ORDER BY alias)) AS aliases FROM units"
                    " WHERE id IN", ids):
        label, text = _first_snippet([("单位名称", row["name"]), ("简称", row["short_name"]), ("别名", row["aliases"])],
                                     words)
        yield SearchHit(KIND_UNIT, label, text, unit_id=row["id"], unit_name=row["name"])


def _indicators(ledger, ids, words):
    for row in _rows_in_order(ledger, "SELECT id, plan_id, name, source_text FROM indicators WHERE id IN", ids):
        label, text = _first_snippet([("指标名称", row["name"]), ("方案原文", row["source_text"])], words)
        yield SearchHit(KIND_INDICATOR, label, text, indicator_id=row["id"], plan_id=row["plan_id"])


def _reopen_reasons(ledger, ids, words):
    for row in _rows_in_order(ledger, "SELECT a.id, a.at, a.new, pe.id AS period_id, pe.key, pe.plan_id FROM audit a"
                                      " LEFT JOIN periods pe ON pe.id = a.entity_id WHERE a.id IN", ids):
        label, text = _first_snippet([("重新开放原因", row["new"])], words)
        yield SearchHit(KIND_AUDIT, label, text, period_id=row["period_id"], period_key=row["key"],
                        plan_id=row["plan_id"], audit_id=row["id"], at=row["at"])


def _review_reasons(ledger, ids, words):
    for row in _rows_in_order(
            ledger, "SELECT r.id, r.at, r.reason, r.unit_id, u.name AS unit_name, r.period_id, pe.key, pe.plan_id"
                    " FROM return_reviews r JOIN units u ON u.id = r.unit_id JOIN periods pe ON pe.id = r.period_id"
                    " WHERE r.id IN", ids):
        label, text = _first_snippet([("退回原因", row["reason"])], words)
        yield SearchHit(KIND_AUDIT, label, text, unit_id=row["unit_id"], unit_name=row["unit_name"],
                        period_id=row["period_id"], period_key=row["key"], plan_id=row["plan_id"], at=row["at"])


def _report_texts(ledger, ids, words):
    from db.report_texts import ACCEPTANCE_TEXT_KEYS, PROGRESS_TEXT_KEYS

    for row in _rows_in_order(
            ledger, "SELECT r.rowid AS id, r.plan_id, r.period_key, r.key, r.body, pe.id AS period_id"
                    " FROM report_texts r LEFT JOIN periods pe ON pe.plan_id = r.plan_id AND pe.key = r.period_key"
                    " WHERE r.rowid IN", ids):
        keys = PROGRESS_TEXT_KEYS if row["period_key"] else ACCEPTANCE_TEXT_KEYS
        label = f"报告内容（{keys.get(row['key'], row['key'])}）"
        _label, text = _first_snippet([(label, row["body"])], words)
        yield SearchHit(KIND_AUDIT, label, text, period_id=row["period_id"], period_key=row["period_key"] or None,
                        plan_id=row["plan_id"])


# hit kind → [(index kind, newest first, rows → hits)]
_SOURCES = {
    KIND_TASK: [(TASK, False, _tasks), (SUBITEM, False, _subitems)],
    KIND_PROGRESS: [(PROGRESS, True, _progress)],
    KIND_UNIT: [(UNIT, False, _units)],
    KIND_INDICATOR: [(INDICATOR, False, _indicators)],
    KIND_AUDIT: [(REOPEN_REASON, True, _reopen_reasons), (REVIEW_REASON, True, _review_reasons),
                 (REPORT_TEXT, True, _report_texts)],
}
