"""Fuzz the plan importer (.txt and .docx): malformed encodings, truncated and corrupt zips, zip bombs, entity
bombs, enormous lines, hostile characters. Always a Chinese LedgerError or a parsed plan; storing a parsed plan is
all-or-nothing; nothing is written outside the ledger; no case runs away (time limit per case)."""
from __future__ import annotations

import io
import random
import signal
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from db.errors import LedgerError
from tests.fuzz.hostile import WriteWatch, files_under, is_chinese_message, mutate_bytes, rezip, zip_bomb

SAMPLE = (Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "qingchuan-sample.txt").read_text("utf-8")
CASE_SECONDS = 20

HOSTILE_LINES = [
    "=cmd|' /C calc'!A0", "@SUM(1+1)", "\x00\x01\x02\x1b[31m", "\u202e\u202d\ufeff\u200b", "((((((((((" * 2000,
    "一、" * 3000, "(一)(二)(三)" * 1500, "1.2.3.4.5." * 2000, "牵头单位:" + "、".join(f"单位{i}" for i in range(200)),
    "有效发明专利量达" + "9" * 400 + "件", "到2027年" * 500, "〔" * 5000 + "〕" * 10, "\t" * 3000,
    "第" + "一二三四五六七八九十" * 300 + "条", "\r\n" * 500, "\\" * 4000, "��" * 1000, "𠀀𠀁𪚥" * 500,
]


@contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"case ran longer than {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def hostile_text(rng: random.Random) -> str:
    lines = SAMPLE.splitlines()
    kind = rng.randrange(5)
    if kind == 0:
        rng.shuffle(lines)
    elif kind == 1:
        lines = [line for line in lines if rng.random() < 0.5]
    elif kind == 2:
        for _ in range(rng.randint(1, 6)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(HOSTILE_LINES))
    elif kind == 3:
        lines = [line[:rng.randrange(len(line) + 1)] for line in lines]
    else:
        lines = [rng.choice(lines) + rng.choice(HOSTILE_LINES)[:200] for _ in range(rng.randint(1, 120))]
    return "\n".join(lines)


def encode(text: str, rng: random.Random) -> bytes:
    encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.3:
        data = mutate_bytes(data, rng)
    return data


def make_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.splitlines()[:400]:
        document.add_paragraph("".join(ch for ch in line[:5000] if ch in "\t" or ord(ch) >= 32)
                               .replace("\ufffe", "").replace("\uffff", ""))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def entity_bomb(base: bytes) -> bytes:
    """document.xml with the 'billion laughs' internal entities."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
           '<w:t>&a9;</w:t></w:r></w:p></w:body></w:document>').encode()
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, xml if name == "word/document.xml" else source.read(name))
    return out.getvalue()


def xml_bomb(base: bytes) -> bytes:
    """Well-formed document.xml of 300 MB (a million paragraphs) in a small zip."""
    head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>")
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in source.namelist():
            if name != "word/document.xml":
                target.writestr(name, source.read(name))
        with target.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head)
            block = b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81x</w:t></w:r></w:p>" * 20000
            for _ in range(300 * 1024 * 1024 // len(block)):
                stream.write(block)
            stream.write(b"</w:body></w:document>")
    return out.getvalue()


def _fingerprint(ledger) -> tuple:
    return (ledger.scalar("SELECT COUNT(*) FROM plans"), ledger.scalar("SELECT COUNT(*) FROM tasks"),
            ledger.scalar("SELECT COUNT(*) FROM units"), ledger.scalar("SELECT COUNT(*) FROM audit"),
            ledger.scalar("SELECT MAX(id) FROM audit"))


def _run_case(path: Path, data: bytes, ledger, stats: dict) -> None:
    from db.plan_import import parse_plan_file
    from db.plan_store import store_plan

    path.write_bytes(data)
    try:
        with time_limit(CASE_SECONDS), WriteWatch() as watch:
            parsed = parse_plan_file(path)
        assert watch.written == [], f"the plan reader wrote files: {watch.written}"
    except LedgerError as exc:
        assert is_chinese_message(str(exc)), (path.name, str(exc))
        stats["refused"] += 1
        return
    except Exception as exc:  # anything else is a crash the clerk would see as a traceback
        raise AssertionError(f"{type(exc).__name__} while reading {path.name} ({len(data)} bytes): {exc}") from exc
    stats["parsed"] += 1
    if not parsed.get("tasks"):
        return
    before = _fingerprint(ledger)
    try:
        plan_id = store_plan(ledger, parsed, source_name=path.name, make_current=False)
    except LedgerError as exc:
        assert is_chinese_message(str(exc))
        assert _fingerprint(ledger) == before, "a refused plan left rows behind"
        stats["store_refused"] += 1
        return
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} while storing a plan from {path.name}: {exc}") from exc
    assert ledger.scalar("SELECT COUNT(*) FROM tasks WHERE plan_id = ?", (plan_id,)) == len(parsed["tasks"])
    stats["stored"] += 1


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_fuzz_plan_text_files(workspace, ledger):
    rng = random.Random(11)
    stats = dict(refused=0, parsed=0, store_refused=0, stored=0)
    before = files_under(workspace.parent)
    for index in range(500):
        data = encode(hostile_text(rng), rng)
        suffix = rng.choice([".txt", ".txt", ".TXT", ".docx", ".doc", ""])
        _run_case(workspace / f"case{index}{suffix}", data, ledger, stats)
        (workspace / f"case{index}{suffix}").unlink()
    assert files_under(workspace.parent) == before
    assert stats["refused"] > 20 and stats["stored"] > 60, stats


def test_fuzz_plan_docx_files(workspace, ledger):
    rng = random.Random(12)
    base = make_docx(SAMPLE)
    pool = [base] + [make_docx(hostile_text(rng)[:3000]) for _ in range(8)]  # building/reading .docx is slow
    stats = dict(refused=0, parsed=0, store_refused=0, stored=0)
    for index in range(200):
        choice = rng.randrange(3)
        if choice == 0:
            data = mutate_bytes(rng.choice(pool), rng)
        elif choice == 1:
            data = rezip(rng.choice(pool), rng)
        else:
            data = rng.choice(pool)
        _run_case(workspace / f"case{index}.docx", data, ledger, stats)
    assert stats["refused"] > 50 and stats["stored"] > 10, stats


@pytest.mark.slow
def test_plan_bombs_and_enormous_input(workspace, ledger):
    """Zip bomb, entity bomb, a 10 MB line, 10 MB of random bytes: refused or read, quickly, never a crash."""
    base = make_docx(SAMPLE)
    stats = dict(refused=0, parsed=0, store_refused=0, stored=0)
    cases = {
        "bomb.docx": zip_bomb("word/document.xml", 300 * 1024 * 1024, base),
        "xml-bomb.docx": xml_bomb(base),
        "entities.docx": entity_bomb(base),
        "long-line.txt": (SAMPLE + "\n" + "知" * (10 * 1024 * 1024 // 3)).encode("utf-8"),
        "random.txt": random.Random(13).randbytes(10 * 1024 * 1024),
        "odd-utf16.txt": b"\xff\xfe" + "一、重点任务".encode("utf-16-le") + b"x",
        "many-lines.txt": ("\n".join(SAMPLE.splitlines() * 400)).encode("utf-8"),
        "many-units.txt": (SAMPLE + "\n牵头单位:" + "、".join(f"单位{i}" for i in range(3000))).encode("utf-8"),
    }
    for name, data in cases.items():
        _run_case(workspace / name, data, ledger, stats)
    assert stats["refused"] >= 2, stats
