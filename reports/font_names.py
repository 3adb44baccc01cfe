"""The office fonts each role of a report asks for, in order of preference: one owner for the PDF reports
(reports/pdf_fonts.py finds and embeds the files) and the Word reports (reports/docx_render.py names the fonts in
its styles, the first choice with the second as its Windows fallback).

Roles (GB/T 9704-2012): body 正文 仿宋_GB2312 (fallback 仿宋); heading 一级标题 黑体; kai 二级标题 楷体_GB2312 (楷体);
title 文件标题 方正小标宋简体 (黑体); number 页码 宋体.
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("body", "heading", "kai", "title", "number")
ROLE_LABELS = {"body": "正文", "heading": "一级标题", "kai": "二级标题", "title": "文件标题", "number": "页码"}


@dataclass(frozen=True)
class Candidate:
    label: str                 # what the clerk sees: 仿宋_GB2312
    files: tuple[str, ...]     # file names, compared case-insensitively
    subfont: int = 0


FANGSONG_GB = Candidate("仿宋_GB2312", ("仿宋_GB2312.ttf", "fs_gb2312.ttf", "fsgb2312.ttf", "simfang_gb2312.ttf"))
FANGSONG = Candidate("仿宋", ("simfang.ttf", "仿宋.ttf"))
HEI = Candidate("黑体", ("simhei.ttf", "黑体.ttf"))
KAI_GB = Candidate("楷体_GB2312", ("楷体_GB2312.ttf", "kaiti_gb2312.ttf", "kt_gb2312.ttf"))
KAI = Candidate("楷体", ("simkai.ttf", "楷体.ttf"))
XIAOBIAOSONG = Candidate("方正小标宋简体", ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋_gbk.ttf",
                                          "fzxbsk.ttf"))
SONG = Candidate("宋体", ("simsun.ttc", "simsun.ttf", "宋体.ttf"), 0)
SONG_EXTB = Candidate("宋体-ExtB", ("simsunb.ttf",))
UMING = Candidate("AR PL UMing", ("uming.ttc",))

ROLE_CANDIDATES: dict[str, tuple[Candidate, ...]] = {
    "body": (FANGSONG_GB, FANGSONG),
    "heading": (HEI,),
    "kai": (KAI_GB, KAI),
    "title": (XIAOBIAOSONG, HEI),
    "number": (SONG,),
}
# Looked in (after the role fonts themselves) for a character a role font lacks.
EXTRA_FALLBACKS: tuple[Candidate, ...] = (SONG, SONG_EXTB, UMING)


def word_fonts() -> dict[str, tuple[str, str | None]]:
    """{role: (font name, Windows fallback or None)} for Word styles: the first choice of each role, and the
    next one as the name Word and WPS use when the first is not installed."""
    return {role: (cands[0].label, cands[1].label if len(cands) > 1 else None)
            for role, cands in ROLE_CANDIDATES.items()}


def word_font_lines() -> list[str]:
    """'正文：仿宋_GB2312（未安装时用仿宋）' lines for the dialog and the command line, one per role."""
    lines = []
    for role, (name, fallback) in word_fonts().items():
        lines.append(f"{ROLE_LABELS[role]}：{name}" + (f"（未安装时用{fallback}）" if fallback else ""))
    return lines


# Workbooks (forms, summary, chase list, audit export) name their font instead of embedding one: 宋体 is on every
# Chinese Windows PC and WPS maps it; the one place the choice is written.
EXCEL_FONT = "宋体"
EXCEL_HEADING_FONT = "黑体"   # the header row of the chase list
