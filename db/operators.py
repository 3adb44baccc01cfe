"""Operators: the clerk picks or types her name at start; it is recorded on every change (ledger.actor).

Names used before are remembered in the ledger's settings, most recent first.
"""
from __future__ import annotations

import json

from db.errors import ValidationError
from db.values import normalise_text

SETTING = "operators"
MAX_REMEMBERED = 20
MAX_LENGTH = 20


def clean_operator_name(name) -> str:
    text = normalise_text(name or "").strip() if name is not None else ""
    text = " ".join(text.split())
    if not text:
        raise ValidationError("请填写您的姓名，它会记录在每一处修改上。", "操作人")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"姓名太长（最多{MAX_LENGTH}个字）。请只填写姓名。", "操作人")
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError("姓名中含有无法显示的字符。请重新输入。", "操作人")
    return text


def known_operators(ledger) -> list[str]:
    raw = ledger.setting(SETTING)
    try:
        names = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(n) for n in names if isinstance(n, str) and n.strip()]


def remember_operator(ledger, name: str) -> str:
    """Validate the name, put it first in the remembered list (if the ledger is writable), return it."""
    name = clean_operator_name(name)
    if not ledger.read_only:
        names = [name] + [n for n in known_operators(ledger) if n != name]
        ledger.set_setting(SETTING, json.dumps(names[:MAX_REMEMBERED], ensure_ascii=False))
    return name


def forget_operator(ledger, name: str) -> None:
    names = [n for n in known_operators(ledger) if n != name]
    ledger.set_setting(SETTING, json.dumps(names, ensure_ascii=False))


def set_operator(ledger, name: str) -> str:
    """Remember the name and record it on every change from now on."""
    ledger.actor = remember_operator(ledger, name)
    return ledger.actor
