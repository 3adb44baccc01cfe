"""Shared fixtures. Qt runs offscreen; the user's data folder is redirected to a temporary one."""
from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEMO_TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("IPLEDGER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


class FixedClock:
    """An injectable clock for tests: call it for 'now'; move it with .set()."""

    def __init__(self, when: datetime):
        self.when = when

    def __call__(self) -> datetime:
        return self.when

    def set(self, when: datetime) -> None:
        self.when = when


@pytest.fixture
def clock():
    return FixedClock(datetime(2026, 11, 21, 9, 30, 0))


@pytest.fixture
def ledger(clock):
    from db.ledger import Ledger

    led = Ledger.memory(actor="测试员", clock=clock)
    yield led
    led.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from db.demo import create_demo_ledger

    path = tmp_path_factory.mktemp("demo") / "demo.ipledger"
    create_demo_ledger(path, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_path(_demo_template, tmp_path) -> Path:
    """A fresh copy of the demo ledger file (sample data up to 2026Q3)."""
    target = tmp_path / "台账.ipledger"
    shutil.copy(_demo_template, target)
    return target


@pytest.fixture
def demo_ledger(demo_path, clock):
    from db.ledger import Ledger

    led = Ledger.open(demo_path, actor="测试员", clock=clock)
    yield led
    led.close()
