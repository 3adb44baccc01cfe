"""Warnings about a parsed plan that both the reader and the review dialog show: worded once, here."""
from __future__ import annotations

MISSING_UNITS = "未写明责任单位"


def missing_units_message(label: str, title: str | None = None) -> str:
    """'第12项任务未写明责任单位:“…”。请在审阅时指定。' (label: how the task is named, e.g. 第12项任务)."""
    text = f"{label}{MISSING_UNITS}"
    if title:
        text += f"：“{title[:30]}”"
    return text + "。请在审阅时指定。"
