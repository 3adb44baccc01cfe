"""Hostile evidence names and hostile ledger files.

Evidence names like ../../x or C:\\Windows\\x never lead outside the ledger's own storage; a file that is not
a sound ledger is refused with a Chinese message and left untouched.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path, PureWindowsPath

import pytest

from db.errors import LedgerError
from db.evidence import add_evidence_bytes, evidence_bytes, export_evidence_to_temp, safe_file_name
from tests.fuzz.hostile import files_under, hostile_name, is_chinese_message, mutate_bytes

WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _assert_safe(name: str, original: str) -> None:
    assert name, original
    assert len(name) <= 150
    assert not any(ch in name for ch in '/\\:*?"<>|'), (original, name)
    assert not any(ord(ch) < 32 for ch in name), (original, name)
    assert name not in (".", "..") and not name.endswith((" ", ".")), (original, name)
    assert name.split(".")[0].strip().upper() not in WINDOWS_DEVICES, (original, name)
    assert PureWindowsPath(name).name == name and Path(name).name == name
    folder = Path("/srv/ledger-evidence")
    assert (folder / name).resolve().parent == folder.resolve()


def test_safe_file_name_thousands_of_hostile_names():
    rng = random.Random(1)
    fixed = ["../../x", "..\\..\\x", "C:\\Windows\\x", "C:\\Windows\\System32\\drivers\\etc\\hosts", "/etc/passwd",
             "\\\\server\\share\\x.pdf", "..", ".", "", "   ", "CON", "con.txt", "NUL.pdf", "COM1", "lpt1.doc",
             "aux", "x" * 1000 + ".pdf", "\x00", "a\x00b.pdf", "..\u2215..\u2215x", "....", "  .pdf  "]
    for name in fixed + [hostile_name(rng) for _ in range(5000)]:
        _assert_safe(safe_file_name(name), name)


def test_hostile_evidence_names_stay_inside_the_ledger_and_its_temp_folder(demo_ledger, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = files_under(tmp_path)
    entry = demo_ledger.row("SELECT p.task_id, p.unit_id, p.period_id FROM progress p JOIN periods d"
                            " ON d.id = p.period_id WHERE d.state = 'open' LIMIT 1")
    rng = random.Random(2)
    for index in range(200):
        name = hostile_name(rng) if index > 3 else ["../../x", "C:\\Windows\\x", "CON", "..\\..\\evil.exe"][index]
        evidence_id = add_evidence_bytes(demo_ledger, *entry, name, f"内容{index}".encode())
        stored, data = evidence_bytes(demo_ledger, evidence_id)
        _assert_safe(stored, name)
        exported = export_evidence_to_temp(demo_ledger, evidence_id)
        assert exported.read_bytes() == data
        assert exported.parent.name.startswith("ipledger-evidence-")
        shutil.rmtree(exported.parent)
    # a name that slipped into the table unchecked (an older program) is still exported safely
    demo_ledger.conn.execute("UPDATE evidence SET original_name = '../../../escape.txt' WHERE id = ?", (evidence_id,))
    exported = export_evidence_to_temp(demo_ledger, evidence_id)
    assert exported.name == "escape.txt" and exported.parent.name.startswith("ipledger-evidence-")
    shutil.rmtree(exported.parent)
    assert files_under(tmp_path) == before


@pytest.fixture(scope="module")
def ledger_bytes(_demo_template) -> bytes:
    return _demo_template.read_bytes()


def test_hostile_ledger_files_are_refused_untouched(ledger_bytes, tmp_path):
    """Random and damaged files opened as a ledger: a Chinese LedgerError or a sound open; never another
    exception; a refused file keeps its bytes and gets no companions (-wal, -shm)."""
    from db.integrity import check_file
    from db.ledger import Ledger

    rng = random.Random(3)
    folder = tmp_path / "cases"
    opened = refused = 0
    for index in range(300):
        folder.mkdir()
        path = folder / "台账.ipledger"
        data = mutate_bytes(ledger_bytes if rng.random() < 0.7 else b"", rng)
        path.write_bytes(data)
        try:
            ledger = Ledger.open(path, read_only=True)
        except LedgerError as exc:
            refused += 1
            assert is_chinese_message(str(exc)), str(exc)
            assert path.read_bytes() == data
            assert files_under(folder) == {"台账.ipledger"}
        else:
            opened += 1
            ledger.close()
            try:
                check_file(path)  # a damaged but openable file: the check reports, never crashes
            except LedgerError as exc:
                assert is_chinese_message(str(exc))
            assert path.read_bytes() == data
        shutil.rmtree(folder)
    assert refused > 100


def test_damaged_ledger_opened_for_writing_is_refused_or_checked(ledger_bytes, tmp_path):
    """The window's path: quick check first; a damaged file never opens silently."""
    from db.integrity import check_file

    rng = random.Random(4)
    for index in range(150):
        path = tmp_path / f"c{index}.ipledger"
        data = mutate_bytes(ledger_bytes, rng)
        path.write_bytes(data)
        try:
            report = check_file(path, full=False)
        except LedgerError as exc:
            assert is_chinese_message(str(exc))
        else:
            assert all(is_chinese_message(p) for p in report.problems)
        assert path.read_bytes() == data
        path.unlink()


def test_write_watch_sees_writes(tmp_path):
    import os

    from tests.fuzz.hostile import WriteWatch

    with WriteWatch() as watch:
        (tmp_path / "r.txt").write_text("x")  # pathlib goes through open()
        os.close(os.open(tmp_path / "o.bin", os.O_WRONLY | os.O_CREAT))
        open(tmp_path / "r.txt").read()
    assert [Path(p).name for p in watch.written] == ["r.txt", "o.bin"]
