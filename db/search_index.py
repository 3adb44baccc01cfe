"""Upkeep of the full-text index `search_fts` (its tables, view and triggers: db/schema.py SEARCH_V2).

The index holds every text a clerk may look for as overlapping pairs of characters ("知识产权" → "知识 识产 产权"),
so that two-character words (专利, 商标) are found: a query of two or more characters is a phrase of pairs, one
character a prefix. The triggers keep it in sync row by row (~0.15 ms a changed row, the pairs made in SQL); bulk loads
(`ipledger generate`) pause them and fill the index here in Python, five times faster, with the same pairs.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from db.schema import SEARCH_KIND_FACTOR, SEARCH_MAX_CHARACTERS

# Document kinds: the `kind` numbers of the view search_text in db/schema.py SEARCH_V2 (a migration, so written
# there as numbers; tests/db/test_search.py finds each kind). A document's rowid is kind * 2^40 + source id.
TASK, SUBITEM, PROGRESS, UNIT, INDICATOR, REOPEN_REASON, REVIEW_REASON, REPORT_TEXT = range(1, 9)
TRIGGER_PREFIX = "search_"


def character_pairs(text: str) -> str:
    """The indexed form of a text, exactly as the view search_source makes it: each character with the next
    (of the first SEARCH_MAX_CHARACTERS)."""
    return " ".join(text[i:i + 2] for i in range(min(len(text), SEARCH_MAX_CHARACTERS)))


def kind_range(kind: int) -> tuple[int, int]:
    """The rowids of one kind's documents: [low, high)."""
    return kind * SEARCH_KIND_FACTOR, (kind + 1) * SEARCH_KIND_FACTOR


def source_id(doc_id: int) -> int:
    return doc_id % SEARCH_KIND_FACTOR


def _search_triggers(conn) -> list[tuple[str, str]]:
    return [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'"
        " ORDER BY name")]


@contextmanager
def index_paused(ledger) -> Iterator[None]:
    """For a bulk load inside one transaction: drop the index's triggers, and afterwards index everything in
    Python and put the triggers back. If the load fails, the transaction's rollback restores the triggers."""
    if not ledger.in_transaction:
        raise RuntimeError("index_paused needs an open transaction")
    conn = ledger.conn
    triggers = _search_triggers(conn)
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER main."{name}"')
    yield
    rebuild(ledger)
    for _name, sql in triggers:
        conn.execute(sql)


def rebuild(ledger, *, chunk: int = 20_000) -> int:
    """Index every document again (the pairs made in Python); returns the number of documents."""
    conn = ledger.conn
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
    rows = conn.execute(f"SELECT kind * {SEARCH_KIND_FACTOR} + source_id, body FROM search_text")
    count = 0
    while True:
        batch = rows.fetchmany(chunk)
        if not batch:
            break
        conn.executemany("INSERT INTO search_fts(rowid, body) VALUES (?, ?)",
                         [(doc_id, character_pairs(body)) for doc_id, body in batch])
        count += len(batch)
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return count


def index_problems(ledger) -> str | None:
    """None when the index matches the ledger's texts; otherwise SQLite's description of the difference."""
    import sqlite3

    try:
        ledger.conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None
