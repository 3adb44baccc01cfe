"""Which fonts the PDF reports use, and what happens with characters a font lacks."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reports.font_files import bundled_font_path
from reports.pdf_fonts import (BUNDLED_LABEL, MissingGlyphError, ReportFonts, markup, missing_characters,
                               report_fonts)

RARE_NAMES = "张喆、李堃、王镕"
NOWHERE = "\U0002A6A5"   # a CJK Extension B character no test font has


def _fake_office_fonts(folder, names):
    """Copies of the bundled TrueType font under Windows office file names (content is what reportlab reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(bundled_font_path(), folder / name)
    return folder


def test_without_office_fonts_every_role_uses_the_bundled_truetype_font(tmp_path):
    fonts = report_fonts([tmp_path / "empty"])
    assert {fonts.body, fonts.heading, fonts.kai, fonts.title, fonts.number} == {fonts.body}
    assert all(BUNDLED_LABEL in text for text in fonts.used.values())
    assert set(fonts.used) == {"body", "heading", "kai", "title", "number"}
    assert "STSong-Light" not in pdfmetrics.getRegisteredFontNames()


def test_office_fonts_in_the_windows_fonts_folder_are_preferred(tmp_path):
    folder = _fake_office_fonts(tmp_path / "Windows" / "Fonts", ["SIMFANG.TTF", "simhei.ttf"])
    fonts = report_fonts([folder])
    assert fonts.used["body"].startswith("仿宋 (") and fonts.used["body"].endswith("SIMFANG.TTF)")
    assert fonts.used["heading"].startswith("黑体 (")
    assert fonts.used["title"].startswith("黑体 (")          # no 方正小标宋 installed: 黑体
    assert BUNDLED_LABEL in fonts.used["kai"]                # no 楷体: the bundled font
    assert fonts.body != fonts.heading                        # two files, two embedded fonts
    assert any("正文:仿宋" in line for line in fonts.describe())


def test_fangsong_gb2312_beats_fangsong_and_the_user_font_folder_is_searched(tmp_path, monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("SystemRoot", raising=False)
    user_fonts = _fake_office_fonts(tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts",
                                    ["simfang.ttf", "仿宋_GB2312.ttf", "simkai.ttf", "simsun.ttc"])
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    fonts = report_fonts()
    assert fonts.used["body"].startswith("仿宋_GB2312 (")
    assert fonts.used["kai"].startswith("楷体 (")
    assert fonts.used["number"].startswith("宋体 (")
    assert str(user_fonts) in fonts.used["body"]


def test_a_file_that_is_not_a_font_is_skipped(tmp_path):
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "simfang.ttf").write_bytes(b"not a font at all")
    fonts = report_fonts([folder])
    assert BUNDLED_LABEL in fonts.used["body"]
    assert any("simfang.ttf 无法嵌入 PDF（文件损坏或不是 TrueType 字体）" in line for line in fonts.describe())


def test_rare_name_characters_are_in_the_bundled_font_and_missing_ones_are_found():
    fonts = report_fonts([])
    assert missing_characters(RARE_NAMES, fonts.body) == set()
    assert missing_characters(f"王{NOWHERE}明\n", fonts.body) == {NOWHERE}


def test_a_character_no_font_has_is_reported_in_chinese_naming_it_and_where():
    fonts = report_fonts([])
    with pytest.raises(MissingGlyphError) as caught:
        markup(f"联系人:王{NOWHERE}明", fonts.body, fonts, "单位“市科技局”的联系人")
    message = str(caught.value)
    assert NOWHERE in message and "U+2A6A5" in message
    assert "市科技局" in message and "请" in message
    assert caught.value.char == NOWHERE


def test_a_character_the_role_font_lacks_is_printed_in_a_font_that_has_it():
    import reportlab

    vera = Path(reportlab.__file__).with_name("fonts") / "Vera.ttf"     # a Latin-only TrueType font
    if "TestVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestVera", str(vera)))
    bundled = report_fonts([]).body
    fonts = ReportFonts("TestVera", bundled, bundled, bundled, bundled, fallbacks=["TestVera", bundled])
    text = markup("Zhang 喆 & Li", "TestVera", fonts)
    assert text == f'Zhang <font face="{bundled}">喆</font> &amp; Li'
