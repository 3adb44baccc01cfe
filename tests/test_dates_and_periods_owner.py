"""One owner each for the Chinese date format (db.vocabulary.chinese_date) and for the period states and how a clerk
reads them (db.vocabulary PERIOD_OPEN/PERIOD_CLOSED, db.periods is_closed/period_label/quarter_label): a second copy
anywhere in the program fails here, naming the file and line."""
import re
from datetime import date
from pathlib import Path

from db.periods import QUARTER_LABELS, is_closed, is_open, period_label, period_state_label, quarter_label
from db.vocabulary import PERIOD_CLOSED, PERIOD_OPEN, chinese_date

ROOT = Path(__file__).resolve().parents[1]
OWNERS = {"db/vocabulary.py", "db/periods.py"}
# an f-string that builds 年…月…日 from a date's parts, e.g. f"{day.year}年{day.month}月{day.day}日"
DATE_BUILDER = re.compile(r"\{[^{}]*\.year\}年\{[^{}]*\.month\}月(\{[^{}]*\.day\}日)?")
STATE_LITERAL = re.compile(r"""(==|!=)\s*["'](open|closed)["']|["'](open|closed)["']\s*(==|!=)""")
STATE_SUFFIX = re.compile(r"""["'][（(]已关闭[）)]["']""")


def _program_lines():
    for folder in ("db", "reports", "ui", "desktop"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in OWNERS:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.lstrip().startswith("#"):
                    yield f"{relative}:{number}: {line.strip()}", line


def test_the_chinese_date_format_has_one_owner():
    offenders = [where for where, line in _program_lines() if DATE_BUILDER.search(line)]
    assert offenders == [], "Use db.vocabulary.chinese_date instead of building 年月日 again:\n" + "\n".join(offenders)


def test_period_states_are_compared_through_their_owner():
    offenders = [where for where, line in _program_lines()
                 if (STATE_LITERAL.search(line) and "state" in line) or STATE_SUFFIX.search(line)]
    assert offenders == [], ("Use db.periods.is_closed/is_open/period_label (or PERIOD_OPEN/PERIOD_CLOSED) instead of "
                             "the literal state words:\n" + "\n".join(offenders))


def test_the_owner_writes_dates_as_a_clerk_reads_them():
    assert chinese_date(date(2026, 10, 5)) == "2026年10月5日"
    assert chinese_date("2026-01-09") == "2026年1月9日"
    assert chinese_date("2026-01-09 08:30:00") == "2026年1月9日"
    assert chinese_date(None) == "" and chinese_date("") == ""


def test_period_states_and_labels():
    closed = {"name": "2026年第4季度", "state": PERIOD_CLOSED}
    opened = {"name": "2026年第3季度", "state": PERIOD_OPEN}
    assert is_closed(closed) and not is_open(closed) and is_open(opened) and not is_closed(None)
    assert period_label(closed) == "2026年第4季度（已关闭）" and period_label(opened) == "2026年第3季度"
    assert period_state_label(PERIOD_CLOSED) == "已关闭" and period_state_label(PERIOD_OPEN) == "开放"
    assert [quarter_label(q) for q in (1, 2, 3, 4)] == list(QUARTER_LABELS) == ["一季度", "二季度", "三季度", "四季度"]


def test_a_stored_time_reads_as_a_chinese_date_and_time():
    from db.vocabulary import chinese_date_time

    assert chinese_date_time("2026-12-05 10:42:31") == "2026年12月5日 10:42"
    assert chinese_date_time("2026-12-05T08:05") == "2026年12月5日 08:05"
    assert chinese_date_time("2026-12-05") == "2026年12月5日" and chinese_date_time(None) == ""
