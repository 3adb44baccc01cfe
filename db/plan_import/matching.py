"""Suggest existing ledger units for unit names as a plan writes them.

市知识产权局 ↔ 市市场监督管理局〔知识产权局〕 (the bracketed part), 市市场监管局 ↔ 市市场监督管理局
(common short forms), aliases and short names the clerk has recorded. Read-only on the ledger.
"""
from __future__ import annotations

import re

from db.units import canonical_unit_name, find_unit

# long form → short forms seen in plans (one place knows these)
SHORT_FORMS = {
    "市场监督管理": ("市场监管",),
    "发展和改革委员会": ("发改委", "发展改革委"),
    "发展和改革局": ("发改局", "发展改革局"),
    "工业和信息化局": ("工信局", "工业信息化局"),
    "经济和信息化委员会": ("经信委",),
    "经济和信息化局": ("经信局",),
    "科学技术局": ("科技局",),
    "人力资源和社会保障局": ("人社局",),
    "住房和城乡建设局": ("住建局",),
    "农业农村局": ("农业农村局", "农业局"),
    "文化广电和旅游局": ("文广旅局", "文旅局", "文广新局"),
    "自然资源和规划局": ("自然资源局", "资规局"),
    "生态环境局": ("环保局",),
    "人民检察院": ("检察院",),
    "人民法院": ("法院",),
    "人民政府": ("政府",),
    "中国人民银行": ("人行", "人民银行"),
    "新闻出版局": ("新闻出版局", "版权局"),
}
_BRACKETS = re.compile(r"[((〔【\[]([^))〕】\]]+)[))〕】\]]")


def _plain(name: str) -> str:
    """Brackets of any width made alike, spaces gone."""
    text = canonical_unit_name(name)
    return re.sub(r"[((〔【\[]", "(", re.sub(r"[))〕】\]]", ")", text))


def _short(name: str) -> str:
    text = _plain(name)
    for long, shorts in SHORT_FORMS.items():
        if long in text:
            text = text.replace(long, shorts[0])
    return text


def _prefix(name: str) -> str:
    found = re.match(r"^(市|县|区|省|州|各)", name)
    return found.group(1) if found else ""


def _keys(name: str) -> set[str]:
    """Every way this unit could be written: itself, short forms, and prefix + bracketed part."""
    plain = _plain(name)
    keys = {plain, _short(plain)}
    without = _BRACKETS.sub("", plain)
    if without != plain:
        keys.update({without, _short(without)})
        prefix = _prefix(plain)
        for inner in _BRACKETS.findall(name):
            inner = canonical_unit_name(inner)
            keys.update({prefix + inner, _short(prefix + inner), inner if inner.startswith(prefix) else prefix + inner})
    return {k for k in keys if len(k) >= 2}


def suggest_unit_matches(ledger, names) -> list[dict]:
    """One suggestion per name as written: {name, unit_id, unit_name, reason}; unit_id None when nothing fits
    (the import will then create the unit)."""
    units = [dict(r) for r in ledger.rows("SELECT id, name, short_name FROM units ORDER BY id")]
    aliases: dict[int, list[str]] = {}
    for row in ledger.rows("SELECT alias, unit_id FROM unit_aliases"):
        aliases.setdefault(row["unit_id"], []).append(row["alias"])
    by_id = {u["id"]: u for u in units}
    suggestions = []
    for name in dict.fromkeys(canonical_unit_name(n) for n in names if n and str(n).strip()):
        found = find_unit(ledger, name)
        if found is not None:
            unit = by_id.get(found, {"name": name})
            reason = "名称相同" if unit["name"] == name else "已记录的别名"
            suggestions.append({"name": name, "unit_id": found, "unit_name": unit["name"], "reason": reason})
            continue
        suggestions.append(_best_match(name, units, aliases))
    return suggestions


def _reason(name: str, form: str, official: str) -> str:
    if _plain(name) == _plain(form):
        return f"与“{form}”只是括号写法不同"
    inner_keys = {_prefix(_plain(form)) + canonical_unit_name(i) for i in _BRACKETS.findall(form)}
    if {_plain(name), _short(name)} & ({_short(k) for k in inner_keys} | inner_keys):
        return f"与“{form}”括号中的名称相符"
    bare = _BRACKETS.sub("", _plain(form))
    if bare != _plain(form) and {_plain(name), _short(name)} & {bare, _short(bare)}:
        return f"与“{form}”括号外的名称相符"
    if form != official:
        return f"与别名/简称“{form}”的写法相符"
    return f"是“{form}”的常见简称或全称"


def _best_match(name: str, units: list[dict], aliases: dict[int, list[str]]) -> dict:
    wanted = _keys(name)
    for unit in units:
        if unit.get("short_name") and canonical_unit_name(unit["short_name"]) == name:
            return {"name": name, "unit_id": unit["id"], "unit_name": unit["name"], "reason": "与单位简称相同"}
    candidates = []
    for unit in units:
        forms = [unit["name"], *aliases.get(unit["id"], [])] + ([unit["short_name"]] if unit.get("short_name") else [])
        for form in forms:
            keys = _keys(form)
            if not wanted & keys:
                continue
            reason = _reason(name, form, unit["name"])
            candidates.append((unit, reason))
            break
    if len(candidates) == 1:
        unit, reason = candidates[0]
        return {"name": name, "unit_id": unit["id"], "unit_name": unit["name"], "reason": reason}
    if len(candidates) > 1:
        return {"name": name, "unit_id": None, "unit_name": None,
                "reason": "有多个可能的单位：" + "、".join(u["name"] for u, _ in candidates) + "，请人工选择"}
    return {"name": name, "unit_id": None, "unit_name": None, "reason": "台账中没有相近的单位，导入时将新建"}
