"""The bureau's settings, set once and printed on every report and form: its name, the county, the signatories,
the phone, the issuing authority (发文机关) and the addressee (主送机关).

Stored in the ledger's `settings` table (so a backup carries them) under the keys below; written only through
`save_bureau_settings`, one operation (kind SETTINGS) with an audit row per changed field, used by both
`ipledger settings` and the window's 单位与签署人 dialog. Validation covers every value before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from db.errors import ValidationError
from db.values import check_phone as check_phone_number, check_text


@dataclass(frozen=True)
class SettingField:
    label: str          # the Chinese name: the CLI key and the dialog label
    key: str            # the settings table key
    max_length: int
    hint: str           # what goes there (dialog placeholder, CLI listing)


FIELDS: tuple[SettingField, ...] = (
    SettingField("单位名称", "bureau", 100, "例如 泰兴市市场监督管理局〔知识产权局〕"),
    SettingField("县名称", "county", 50, "县（市、区）名称，例如 泰兴市"),
    SettingField("行政区划代码", "admin_code", 12, "六位数字，例如 321283；写在上报数据包中，市里据此识别本县"),
    SettingField("负责人", "leader", 40, "单位主要负责人姓名"),
    SettingField("分管领导", "deputy_leader", 40, "分管领导姓名"),
    SettingField("填报人", "filled_by", 40, "报告和填报表的联系人"),
    SettingField("联系电话", "phone", 30, "例如 0523-87654321 或 13812345678"),
    SettingField("发文机关", "issuer", 100, "报告落款的发文机关署名（不填时用单位名称）"),
    SettingField("主送机关", "addressee", 100, "例如 泰州市市场监督管理局（知识产权局）"),
)
BY_LABEL = {f.label: f for f in FIELDS}
BY_KEY = {f.key: f for f in FIELDS}
LABELS = tuple(f.label for f in FIELDS)
KEYS = tuple(f.key for f in FIELDS)



@dataclass
class BureauSettings:
    """The settings as the reports read them (every value a string, '' when not set)."""
    bureau: str = ""
    county: str = ""
    admin_code: str = ""       # 行政区划代码 (db.rollup: shipped in the county's data packages)
    leader: str = ""
    deputy_leader: str = ""
    filled_by: str = ""
    phone: str = ""
    issuer: str = ""
    addressee: str = ""

    @property
    def signer(self) -> str:
        """发文机关署名: the issuing authority, else the unit's name."""
        return self.issuer or self.bureau

    def by_label(self) -> dict[str, str]:
        return {f.label: getattr(self, f.key) for f in FIELDS}


def read_bureau_settings(ledger) -> BureauSettings:
    return BureauSettings(**{f.key: ledger.setting(f.key) or "" for f in FIELDS})


def check_phone(value: str | None) -> str | None:
    """The bureau's phone, checked by the rule every phone number follows (db.values.check_phone); None when empty."""
    text = check_text(value, field="联系电话", max_length=BY_KEY["phone"].max_length)
    return check_phone_number(text, field="联系电话")


def validate_changes(changes: dict[str, str | None]) -> dict[str, str | None]:
    """{label or key: value} → {key: clean value (None clears)}; every value is checked before any is kept.

    Raises ValidationError naming the first unknown key (with the list of known ones) or bad value."""
    clean: dict[str, str | None] = {}
    for name, value in changes.items():
        spec = BY_LABEL.get(name) or BY_KEY.get(name)
        if spec is None:
            raise ValidationError(f"不认识的设置项“{name}”。可以设置的项目有：{'、'.join(LABELS)}。", name)
        if spec.key == "phone":
            clean[spec.key] = check_phone(value)
        else:
            clean[spec.key] = check_text(value, field=spec.label, max_length=spec.max_length)
    return clean


def write_bureau_settings(ledger, changes: dict[str, str | None]) -> dict[str, tuple]:
    """Validate all, then write the changed values inside the caller's transaction or operation, an audit row each.
    Returns {label: (old, new)} of what changed. (The 方案信息 dialog's verb writes 单位名称 through here too.)"""
    clean = validate_changes(changes)
    changed = {key: value for key, value in clean.items() if (ledger.setting(key) or None) != value}
    result = {BY_KEY[k].label: (ledger.setting(k), v) for k, v in changed.items()}
    with ledger.transaction():
        _write(ledger, changed)
    return result


def save_bureau_settings(ledger, changes: dict[str, str | None]):
    """Validate all, then write the changed values in one operation (kind SETTINGS) with an audit row each.

    Returns the operation's Changes; its `result` is {label: (old, new)} of what changed (empty when nothing did,
    and then no operation is recorded)."""
    from db.ops import operation
    from db.ops.changes import SETTINGS

    clean = validate_changes(changes)
    changed = {key: value for key, value in clean.items() if (ledger.setting(key) or None) != value}
    labels = "、".join(BY_KEY[k].label for k in changed) or "无改动"
    with operation(ledger, f"修改单位与签署人设置：{labels}", kinds={SETTINGS} if changed else ()) as op:
        op.result = write_bureau_settings(ledger, clean)
    return op.changes


def _write(ledger, changed: dict[str, str | None]) -> None:
    for key, value in changed.items():
        ledger.set_setting(key, value, audited=True)
