"""Three county ledgers made from the demo ledger (renamed, with their own 行政区划代码), their packages for
2026Q3 and a roll-up ledger for 泰州市: shared by the roll-up tests (db, reports, ui)."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import FixedClock

PERIOD = "2026Q3"          # city due date: 2026-09-30 + 15 days = 2026-10-15
COUNTIES = (("泰兴市", "321283"), ("靖江市", "321282"), ("兴化市", "321281"))
ON_TIME = datetime(2026, 10, 10, 9, 0, 0)
LATE = datetime(2026, 10, 25, 16, 0, 0)


def make_county(template: Path, folder: Path, name: str, code: str, *, plan_title: str | None = None) -> Path:
    from db.ledger import Ledger

    path = folder / f"{name}.ipledger"
    shutil.copy(template, path)
    ledger = Ledger.open(path, actor="县局")
    try:
        with ledger.transaction():
            ledger.set_setting("county", name)
            ledger.set_setting("admin_code", code)
            ledger.conn.execute("UPDATE plans SET county = ?, title = ?", (name, plan_title or
                                f"{name}国家知识产权强县建设试点县工作方案(2024-2026年)"))
    finally:
        ledger.close()
    return path


def export(county: Path, out: Path, when: datetime, period: str = PERIOD) -> Path:
    from db.ledger import Ledger
    from reports.package_write import export_package

    ledger = Ledger.open(county, actor="县局", clock=FixedClock(when))
    try:
        return export_package(ledger, period, out)
    finally:
        ledger.close()


def tamper(package: Path, out: Path, member: str, change) -> Path:
    """A copy of the package with one member's JSON changed by `change(value)` (the signature left as it was)."""
    with zipfile.ZipFile(package) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    value = json.loads(members[member])
    change(value)
    members[member] = json.dumps(value, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    out.write_bytes(buffer.getvalue())
    return out


@dataclass
class RollupWorld:
    folder: Path
    city: Path
    counties: dict[str, Path]
    packages: dict[str, Path]


def build_world(template: Path, folder: Path) -> RollupWorld:
    """Three counties: 泰兴市 and 兴化市 on time, 靖江市 late; a roll-up ledger with all three imported."""
    from db.ledger import Ledger
    from db.rollup import create_rollup_ledger
    from reports.package_read import import_packages

    counties = {name: make_county(template, folder, name, code) for name, code in COUNTIES}
    packages = {name: export(path, folder / f"{name}_{PERIOD}.ipkg", LATE if name == "靖江市" else ON_TIME)
                for name, path in counties.items()}
    city = create_rollup_ledger(folder / "泰州市汇总.ipledger", "泰州市")
    ledger = Ledger.open(city, actor="市局", clock=FixedClock(datetime(2026, 10, 28, 10, 0, 0)))
    try:
        import_packages(ledger, list(packages.values()))
    finally:
        ledger.close()
    return RollupWorld(folder, city, counties, packages)


@pytest.fixture(scope="session")
def _rollup_world_template(_demo_template, tmp_path_factory) -> RollupWorld:
    return build_world(_demo_template, tmp_path_factory.mktemp("rollup"))


@pytest.fixture
def rollup_world(_rollup_world_template, tmp_path) -> RollupWorld:
    """A private copy of the three counties, their packages and the city (tests may change them)."""
    source = _rollup_world_template
    shutil.copytree(source.folder, tmp_path / "world")
    folder = tmp_path / "world"
    return RollupWorld(folder, folder / source.city.name, {k: folder / v.name for k, v in source.counties.items()},
                       {k: folder / v.name for k, v in source.packages.items()})
