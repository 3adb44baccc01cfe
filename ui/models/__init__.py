"""Qt item models over the ledger's read views (no SQL here: rows come from db functions)."""
