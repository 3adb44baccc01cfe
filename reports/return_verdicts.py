"""The words a return's verdict and a conflict's choice are shown with, in the window (表格收发) and on the command
line alike."""
from __future__ import annotations

APPLIED, UNCHANGED, WOULD_APPLY, REFUSED = "applied", "unchanged", "would-apply", "refused"

VERDICT_WORDS = {
    APPLIED: "已导入",
    UNCHANGED: "无变化",
    WOULD_APPLY: "可导入",
    REFUSED: "已拒绝",
    "checking": "正在检查…",
}
DRY_RUN_NOTE = "（试运行，未写入）"


# A conflict's two choices (the clerk's per-conflict choice on 表格收发, --on-conflict on the command line).
DECISION_WORDS = {"keep": "保留台账的值", "take": "采用报表的值"}


def verdict_word(verdict: str, *, dry_run: bool = False) -> str:
    word = VERDICT_WORDS.get(verdict, verdict)
    return word + DRY_RUN_NOTE if dry_run and verdict == WOULD_APPLY else word
