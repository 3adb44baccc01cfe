"""Schema versions as numbered migrations (recorded in PRAGMA user_version).

Schema version 1 is unreleased until the first release ships; feature modules add
their tables to MIGRATIONS[1] in a clearly marked block. Once released, a change is a
new numbered migration: never edit a released one.
"""
from __future__ import annotations

APPLICATION_ID = 0x49504C47  # "IPLG": marks a file as an ipledger ledger

CORE_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    issuer TEXT,
    doc_number TEXT,
    doc_date TEXT,
    start_year INTEGER,
    end_year INTEGER,
    county TEXT,
    source_name TEXT,
    source_text TEXT,
    is_sample INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    number TEXT,
    title TEXT NOT NULL,
    level INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    intro TEXT
);
CREATE INDEX idx_sections_plan ON sections(plan_id, position);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    start TEXT,
    end TEXT,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    number TEXT,
    title TEXT NOT NULL,
    text TEXT,
    deadline TEXT,
    phase_id INTEGER REFERENCES phases(id) ON DELETE SET NULL,
    applicability TEXT,
    incomplete INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_tasks_plan ON tasks(plan_id, position);
CREATE INDEX idx_tasks_section ON tasks(section_id);

CREATE TABLE task_subitems (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    label TEXT,
    text TEXT NOT NULL
);
CREATE INDEX idx_subitems_task ON task_subitems(task_id, position);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    short_name TEXT,
    kind TEXT NOT NULL DEFAULT 'department',
    contact TEXT,
    phone TEXT,
    note TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE unit_aliases (
    alias TEXT PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
);

CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'responsible')),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX idx_task_units_unit ON task_units(unit_id, task_id);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    category TEXT,
    name TEXT NOT NULL,
    measure_unit TEXT,
    baseline REAL,
    baseline_year INTEGER,
    target REAL,
    target_year INTEGER,
    comparison TEXT NOT NULL DEFAULT '>=' CHECK (comparison IN ('>=', '=', '<=')),
    cumulative INTEGER NOT NULL DEFAULT 0,
    attribute TEXT,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    source_text TEXT
);
CREATE INDEX idx_indicators_plan ON indicators(plan_id, position);

CREATE TABLE indicator_tasks (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    PRIMARY KEY (indicator_id, task_id)
);

CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    due TEXT,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    UNIQUE (plan_id, key)
);

CREATE TABLE progress (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    status TEXT,
    percent REAL,
    progress TEXT,
    problems TEXT,
    next_steps TEXT,
    filled_by TEXT,
    phone TEXT,
    updated_at TEXT,
    updated_by TEXT,
    UNIQUE (task_id, unit_id, period_id)
);
CREATE INDEX idx_progress_unit_period ON progress(unit_id, period_id);
CREATE INDEX idx_progress_period ON progress(period_id, task_id);

CREATE TABLE evidence_blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    original_name TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256),
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT
);
CREATE INDEX idx_evidence_entry ON evidence(task_id, unit_id, period_id);

CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    value REAL,
    note TEXT,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    updated_at TEXT,
    updated_by TEXT,
    UNIQUE (indicator_id, period_id)
);

CREATE TABLE report_texts (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    period_key TEXT NOT NULL DEFAULT '',
    key TEXT NOT NULL,
    body TEXT,
    PRIMARY KEY (plan_id, period_key, key)
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    source TEXT,
    source_file TEXT,
    source_sha256 TEXT,
    batch TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id INTEGER,
    plan_id INTEGER,
    task_id INTEGER,
    unit_id INTEGER,
    period_id INTEGER,
    field TEXT,
    old TEXT,
    new TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX idx_audit_task ON audit(task_id);
CREATE INDEX idx_audit_unit ON audit(unit_id);
CREATE INDEX idx_audit_at ON audit(at);
"""

# ---- Excel return loop (issue 4) tables go below this line, in MIGRATIONS[1] ----
RETURNS_V1 = """
CREATE TABLE issued_forms (
    form_id TEXT PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    file_name TEXT,
    issued_at TEXT NOT NULL,
    issued_by TEXT,
    snapshot TEXT NOT NULL,
    base TEXT NOT NULL
);
CREATE INDEX idx_issued_forms_unit ON issued_forms(unit_id, period_id);

CREATE TABLE imported_returns (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    form_id TEXT,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    period_id INTEGER REFERENCES periods(id) ON DELETE SET NULL,
    at TEXT NOT NULL,
    actor TEXT,
    verdict TEXT NOT NULL,
    rows_new INTEGER NOT NULL DEFAULT 0,
    rows_changed INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    conflicts_taken INTEGER NOT NULL DEFAULT 0,
    conflicts_kept INTEGER NOT NULL DEFAULT 0,
    filled_by TEXT,
    phone TEXT,
    reviewer TEXT,
    signed_date TEXT
);
CREATE INDEX idx_imported_returns_sha ON imported_returns(sha256);
CREATE INDEX idx_imported_returns_unit ON imported_returns(unit_id, period_id);

CREATE TABLE evidence_names (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    names TEXT,
    updated_at TEXT,
    PRIMARY KEY (task_id, unit_id, period_id)
);
"""

# ---- Safety: reviews, locks, operators (issue 7) tables ----
SAFETY_V1 = """
CREATE TABLE return_reviews (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('reviewed', 'returned')),
    reason TEXT,
    at TEXT NOT NULL,
    actor TEXT
);
CREATE INDEX idx_return_reviews ON return_reviews(unit_id, period_id, id);
"""

# ---- Deadlines, schedules and lights (issue 6) tables ----
SCHEDULE_V1 = """
CREATE TABLE schedules (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter', 'half', 'year')),
    due_rule TEXT NOT NULL,
    indicator_kind TEXT NOT NULL DEFAULT 'half' CHECK (indicator_kind IN ('month', 'quarter', 'half', 'year')),
    updated_at TEXT NOT NULL
);
"""

# ==== Schema version 2 (second wave; unreleased until this wave ships). Each issue owns one block below and
# edits only its own constant; v1 files migrate to v2 by running these scripts in order. ====

# ---- Operations, undo/redo history (issue 12: one core for every change) ----
# Every change a clerk or a command makes is one row in `operations`; the rows it wrote are captured, before and
# after, in `operation_rows` (JSON images keyed by table and rowid), so undo and redo can check that nothing newer
# touched them and then write the images back. `schema_migrations` records each migration as a row.
OPERATIONS_V2 = """
CREATE TABLE operations (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    actor TEXT,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    kinds TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded', 'final')),
    undo_seq INTEGER,
    undone_at TEXT,
    undone_by TEXT,
    needs_admin INTEGER NOT NULL DEFAULT 0   -- a guarded verb ran inside: undo/redo need the admin password too
);
CREATE INDEX idx_operations_state ON operations(state, id);

CREATE TABLE operation_rows (
    id INTEGER PRIMARY KEY,
    operation_id INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_key INTEGER NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX idx_operation_rows_op ON operation_rows(operation_id);
CREATE INDEX idx_operation_rows_row ON operation_rows(table_name, row_key, operation_id);

CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
"""

# ---- Full-text search (issue 12: search) ----
# One FTS5 index, `search_fts`, over every text a clerk may look for. Its documents are the rows of the view
# `search_text` (kind, source_id, body): 1 task title and measures, 2 sub-item, 3 progress (progress, problems,
# next steps), 4 unit (name, short name, aliases), 5 indicator, 6 period reopen reason (audit), 7 review reason,
# 8 report text. A document's rowid is kind * 2^40 + the source row's id, so each kind is one rowid range.
# Chinese has no spaces, so the body is indexed as overlapping character pairs ("知识产权" → "知识 识产 产权")
# with the unicode61 tokenizer: any query of two or more characters is a phrase of pairs, a single character a
# prefix (db/search.py). The trigram tokenizer cannot find two-character words (专利, 商标), most of Chinese.
# `search_source` makes the pairs in SQL (the FTS5 content table, used by 'rebuild' and 'integrity-check'), one
# per row of the numbers table `search_positions` (FTS5 may not read table-valued functions such as json_each; a
# recursive CTE was three times slower); triggers remove a document before its row changes and add it back after,
# reading both through the view (~40 µs each). db/search_index.py fills the index in Python for bulk loads.
# Writes to the indexed tables must not use INSERT OR REPLACE (its hidden delete fires no trigger).
SEARCH_KIND_FACTOR = 1 << 40
SEARCH_MAX_CHARACTERS = 65536     # a document's first 64K characters are indexed (the longest field allows 20,000)
SEARCH_V2 = f"""
CREATE TABLE search_positions (n INTEGER PRIMARY KEY);
INSERT INTO search_positions (n) WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c
    WHERE n + 1 < {SEARCH_MAX_CHARACTERS}) SELECT n FROM c;

CREATE VIEW search_text(kind, source_id, body) AS
SELECT 1, id, coalesce(title, '') || char(10) || coalesce(text, '') FROM tasks
UNION ALL SELECT 2, id, coalesce(label, '') || coalesce(text, '') FROM task_subitems
UNION ALL SELECT 3, id, coalesce(progress, '') || char(10) || coalesce(problems, '') || char(10)
    || coalesce(next_steps, '') FROM progress
UNION ALL SELECT 4, id, name || char(10) || coalesce(short_name, '') || char(10) || coalesce(
    (SELECT group_concat(alias, char(10)) FROM (SELECT alias FROM unit_aliases AS a WHERE a.unit_id = units.id
     ORDER BY alias)), '') FROM units
UNION ALL SELECT 5, id, name || char(10) || coalesce(source_text, '') FROM indicators
UNION ALL SELECT 6, id, coalesce(new, '') FROM audit WHERE action = '重新开放原因'
UNION ALL SELECT 7, id, coalesce(reason, '') FROM return_reviews
UNION ALL SELECT 8, rowid, coalesce(body, '') FROM report_texts;

CREATE VIEW search_source(doc_id, kind, source_id, body) AS
SELECT kind * {SEARCH_KIND_FACTOR} + source_id, kind, source_id,
       (SELECT group_concat(substr(t.body, n + 1, 2), ' ') FROM search_positions WHERE n < length(t.body))
FROM search_text AS t;

CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_source', content_rowid='doc_id', columnsize=0);
"""


def _search_doc(verb: str, kind: int, ids: str) -> str:
    """SQL that removes ('delete') or adds the documents of `kind` for the source ids `ids`, as the view has them."""
    command = "(search_fts, rowid, body) SELECT 'delete'," if verb == "remove" else "(rowid, body) SELECT"
    return (f"INSERT INTO search_fts{command} doc_id, body FROM search_source"
            f" WHERE kind = {kind} AND source_id IN ({ids});")


def _search_triggers(table: str, kind: int, columns: str, *, key: str = "id", when: str = "",
                     parent: bool = False) -> str:
    """Triggers keeping documents in search_fts: each is removed before its row changes and added after.

    `key` names the column holding the document's source id; `parent` means the rows are part of another
    row's document (a unit's aliases), so an insert or delete changes that document rather than adding or
    removing one, and an update may move them from one document to another.
    """
    name = f"search_{table}"
    moved = f"OLD.{key}, NEW.{key}"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns.replace(" ", "").split(","))

    def trigger(suffix: str, timing: str, event: str, row: str, verb: str, ids: str) -> str:
        conditions = [when.format(row=row)] if when else []
        if event.startswith("UPDATE"):
            conditions.append(f"({changed})")      # an update that leaves the texts as they were costs nothing
        condition = f" WHEN {' AND '.join(conditions)}" if conditions else ""
        return (f"CREATE TRIGGER {name}_{suffix} {timing} {event} ON {table}{condition} "
                f"BEGIN {_search_doc(verb, kind, ids)} END;\n")

    update = f"UPDATE OF {columns}"
    sql = [trigger("ai", "AFTER", "INSERT", "NEW", "add", f"NEW.{key}"),
           trigger("bu", "BEFORE", update, "OLD", "remove", moved if parent else f"OLD.{key}"),
           trigger("au", "AFTER", update, "NEW", "add", moved if parent else f"NEW.{key}"),
           trigger("bd", "BEFORE", "DELETE", "OLD", "remove", f"OLD.{key}")]
    if parent:
        sql += [trigger("bi", "BEFORE", "INSERT", "NEW", "remove", f"NEW.{key}"),
                trigger("ad", "AFTER", "DELETE", "OLD", "add", f"OLD.{key}")]
    return "".join(sql)


SEARCH_V2 += "".join([
    _search_triggers("tasks", 1, "title, text"),
    _search_triggers("task_subitems", 2, "label, text"),
    _search_triggers("progress", 3, "progress, problems, next_steps"),
    _search_triggers("units", 4, "name, short_name"),
    # an alias belongs to its unit's document (before and after it moves to another unit)
    _search_triggers("unit_aliases", 4, "alias, unit_id", key="unit_id", parent=True),
    _search_triggers("indicators", 5, "name, source_text"),
    _search_triggers("audit", 6, "action, new", when="{row}.action = '重新开放原因'"),
    _search_triggers("return_reviews", 7, "reason"),
    _search_triggers("report_texts", 8, "body", key="rowid"),
    "\nINSERT INTO search_fts(search_fts) VALUES ('rebuild');\n",
])

# ---- Upward templates and their remembered mappings (issue 14) ----
# A template's mapping (its rows to tasks or targets, its columns to ledger fields), remembered by the template's
# structure fingerprint (sheet names and header texts; reports/template_detect.py). `structure` keeps the sheets,
# headers and row titles as seen when saved, to tell the clerk what changed when a template no longer matches.
TEMPLATES_V2 = """
CREATE TABLE template_mappings (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    structure TEXT NOT NULL,
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT
);
"""

# ---- County packages and roll-up ledgers (issue 15) ----
ROLLUP_V2 = """
CREATE TABLE package_keys (
    id INTEGER PRIMARY KEY,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE rollup_counties (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    code TEXT,
    ledger_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    key_changed_at TEXT
);

CREATE TABLE rollup_packages (
    id INTEGER PRIMARY KEY,
    county_id INTEGER NOT NULL REFERENCES rollup_counties(id) ON DELETE CASCADE,
    period_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT,
    format_version INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT,
    state TEXT NOT NULL CHECK (state IN ('current', 'replaced')),
    audit_count INTEGER,
    audit_hash TEXT,
    figures TEXT NOT NULL,
    view TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX idx_rollup_packages_current ON rollup_packages(county_id, period_key) WHERE state = 'current';
CREATE INDEX idx_rollup_packages_period ON rollup_packages(period_key, state);

CREATE TABLE rollup_package_files (
    package_id INTEGER PRIMARY KEY REFERENCES rollup_packages(id) ON DELETE CASCADE,
    content BLOB NOT NULL
);

CREATE TABLE rollup_indicators (
    package_id INTEGER NOT NULL REFERENCES rollup_packages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    match_key TEXT NOT NULL,
    measure_unit TEXT,
    latest REAL,
    latest_period TEXT,
    target REAL,
    target_year INTEGER,
    comparison TEXT,
    state TEXT,
    light TEXT,
    actual_share REAL,
    PRIMARY KEY (package_id, position)
);
CREATE INDEX idx_rollup_indicators_key ON rollup_indicators(match_key);
"""

# ---- Trust: unchanged rows, form issue records (issue 17) ----
# How a returned form answered a task row (db/entry_flags.py): 'same' = returned exactly as pre-filled from an earlier
# period without 本期无新进展 (已报·无变化, 请核实); 'no_news' = the unit chose 本期无新进展. The entry's answer as it
# was then is kept alongside: the mark holds only while the entry still says exactly that (a later edit ends it).
TRUST_V2 = """
CREATE TABLE entry_flags (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('same', 'no_news')),
    file_name TEXT,
    at TEXT NOT NULL,
    status TEXT,
    percent REAL,
    progress TEXT,
    problems TEXT,
    next_steps TEXT,
    UNIQUE (task_id, unit_id, period_id)
);
CREATE INDEX idx_entry_flags_period ON entry_flags(period_id, unit_id);
"""

# ---- Security: keyed audit chain, data digests, return ordering (issue 18) ----
# `security_state`: per sealed table the digest of its rows and their count, and the audit trail's head, each with
# an HMAC under the ledger's `audit_key` (db/tamper_seal.py). `audit.mac`: the keyed MAC of each row written after
# the seal was set up. `imported_returns.saved_at`: when the unit saved the workbook (an older return never
# reverts a newer one).
SECURITY_V2 = """
CREATE TABLE security_state (
    name TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    rows INTEGER NOT NULL,
    mac TEXT NOT NULL
);
ALTER TABLE audit ADD COLUMN mac TEXT;
ALTER TABLE imported_returns ADD COLUMN saved_at TEXT;
"""

MIGRATIONS: dict[int, list[str]] = {
    1: [CORE_V1, RETURNS_V1, SAFETY_V1, SCHEDULE_V1],
    2: [OPERATIONS_V2, SEARCH_V2, TEMPLATES_V2, ROLLUP_V2, TRUST_V2, SECURITY_V2],
}

SCHEMA_VERSION = max(MIGRATIONS)
