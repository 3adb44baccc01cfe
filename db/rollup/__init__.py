"""Roll-up ledgers (汇总台账) for a city or province, and the county side of the loop: the signing key.

A roll-up ledger is an ordinary ledger file marked by the setting ROLLUP_SETTING; it holds no plan of its own
but the counties' signed data packages (reports/package_read.py reads them, db/rollup/store.py stores them) and
the figures materialised from them for the overview (db/rollup/overview.py). Each county's rows are kept apart
by its county key (rollup_counties.id), so a province is the same code as a city.
"""
from __future__ import annotations

from pathlib import Path

ROLLUP_SETTING = "rollup"            # "1" in a roll-up ledger
ROLLUP_NAME_SETTING = "rollup_name"  # the city or province, e.g. 泰州市
ADMIN_CODE_SETTING = "admin_code"    # a county ledger's 行政区划代码 (shipped in its packages)
COUNTY_SETTING = "county"            # a county ledger's name (db.demo sets it)


def is_rollup(ledger) -> bool:
    return ledger.setting(ROLLUP_SETTING) == "1"


def rollup_name(ledger) -> str:
    return ledger.setting(ROLLUP_NAME_SETTING) or ""


def create_rollup_ledger(path: Path | str, name: str, *, actor: str = "") -> Path:
    """A new, empty roll-up ledger for the city or province `name` (refuses to overwrite, like Ledger.create)."""
    from db.errors import ValidationError
    from db.ledger import Ledger

    name = (name or "").strip()
    if not name:
        raise ValidationError("请写明汇总台账所属的市或省的名称，例如 --name 泰州市。", "名称")
    ledger = Ledger.create(path, actor=actor)
    try:
        with ledger.transaction():
            ledger.set_setting(ROLLUP_SETTING, "1")
            ledger.set_setting(ROLLUP_NAME_SETTING, name)
            ledger.audit("新建汇总台账", "setting", None, field=ROLLUP_NAME_SETTING, new=name)
    finally:
        ledger.close()
    return Path(path)
