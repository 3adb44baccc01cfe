"""ui/ is a thin shell over the core (issue 12): it never runs SQL, never opens a transaction, never writes an
audit row and never imports desktop/. It calls the core's named operations (db.ops.edits, …) through
AppContext.run, each one operation of db.ops (undoable, audited, announced as Changes)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "runs SQL": re.compile(r"\.(execute|executemany|executescript)\(|\.conn\b|\b(SELECT|INSERT INTO|UPDATE \w+ SET|"
                           r"DELETE FROM)\b"),
    "opens a transaction": re.compile(r"\.transaction\(|\bBEGIN\b|\bCOMMIT\b"),
    "writes an audit row": re.compile(r"\.audit\("),
    "imports desktop/": re.compile(r"^\s*(from|import)\s+desktop\b"),
    "keeps its own undo": re.compile(r"QUndoStack|QUndoCommand|undo=lambda"),
}


def _ui_lines():
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if code.strip():
                yield path.relative_to(ROOT), number, code


def test_ui_never_writes_sql_transactions_audit_rows_or_imports_desktop():
    offenders = [f"{path}:{number}: {what}: {code.strip()}"
                 for path, number, code in _ui_lines()
                 for what, pattern in FORBIDDEN.items() if pattern.search(code)]
    assert offenders == []


def test_the_check_itself_would_catch_a_transaction_in_ui():
    """The patterns above are not vacuous: a line as a page once had it is caught."""
    line = "            with ledger.transaction():"
    assert FORBIDDEN["opens a transaction"].search(line)
    assert FORBIDDEN["runs SQL"].search('ledger.conn.execute("UPDATE progress SET x = 1")')
    assert FORBIDDEN["imports desktop/"].search("        from desktop.paths import output_folder")
