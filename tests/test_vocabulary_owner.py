"""The status words are spelled in one place (db/vocabulary.py): a renamed status cannot leave a stale copy behind."""
import re
from pathlib import Path

from db.vocabulary import STATUSES

ROOT = Path(__file__).resolve().parents[1]


def test_no_module_spells_a_status_word_as_a_string_literal_of_its_own():
    literal = re.compile("[\"'](" + "|".join(STATUSES) + ")[\"']")
    offenders = []
    for folder in ("db", "reports", "ui", "desktop"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "vocabulary.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if literal.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
