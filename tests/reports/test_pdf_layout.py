"""The official-document page: line breaking, punctuation, page numbers, atomic writing."""
from __future__ import annotations

import os

import pytest

from reports.pdf_fonts import report_fonts
from reports.pdf_kinsoku import break_lines
from reports.pdf_layout import (PAGE_WIDTH, OfficialDocument, ReportWriteError, official_punctuation, title_lines,
                                write_atomically)
from tests.reports.pdf_inspect import NEVER_END, NEVER_START, kinsoku_violations, page_sizes, pdf_text, text_lines


def _doc(**kw):
    return OfficialDocument(fonts=report_fonts([]), fingerprint="ABCD-1234-EF56", title="测试", **kw)


def _lines(text, width=10):
    chars = list(text)
    return ["".join(chars[s:e]) for s, e, *_ in break_lines(chars, [1.0] * len(chars), width)]


@pytest.mark.parametrize("text", [
    "一二三四五六七八九十，一二三四五六七八九。",          # a comma exactly where the line is full
    "一二三四五六七八九十。”一二三四五六七八九",           # two closing marks in a row
    "一二三四五六七八九（一）二三四五六七八九十",          # an opening bracket at the line end
    "一二三四五六七八《泰兴》一二三四五六七八九十",
])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text):
    lines = _lines(text)
    assert "".join(lines) == text
    for line in lines:
        assert len(line) <= 10
        assert line[0] not in NEVER_START
        assert line[-1] not in NEVER_END


def test_numbers_and_latin_words_are_not_cut():
    lines = _lines("有效发明专利量达到3500件以上GB/T29490")
    assert any(line.endswith("达到") for line in lines) and any(line.startswith("3500") for line in lines)


def test_a_word_longer_than_a_line_is_still_broken():
    assert _lines("A" * 25) == ["A" * 10, "A" * 10, "A" * 5]


def test_official_punctuation_turns_half_width_marks_full_width_in_chinese_only():
    assert official_punctuation("推进中,完成进度(示例):好;") == "推进中，完成进度（示例）：好；"
    assert official_punctuation("(市场局(知识产权局)、科技局)") == "（市场局（知识产权局）、科技局）"
    assert official_punctuation("有效发明专利3,500件") == "有效发明专利3,500件"
    assert official_punctuation("GB/T 29490(2013)") == "GB/T 29490(2013)"


def test_long_titles_are_broken_by_hand_after_a_natural_word():
    assert title_lines("泰兴市国家知识产权强县建设试点工作进展情况报告") == ["泰兴市国家知识产权强县建设试点", "工作进展情况报告"]
    assert title_lines("验收意见") == ["验收意见"]
    long = "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某"
    assert all(len(line) <= 18 for line in title_lines(long)) and "".join(title_lines(long)) == long


def test_pages_are_a4_numbered_alternately_right_and_left_with_the_fingerprint(tmp_path):
    doc = _doc()
    story = doc.title_block(["测试标题"])
    story += [doc.p("正文段落，用于测试分页。" * 30) for _ in range(8)]
    story += doc.to_landscape() + [doc.p("横排表格页")]
    out = doc.build(tmp_path / "layout.pdf", story)
    sizes = page_sizes(out)
    assert len(sizes) >= 3
    assert all(round(w) == 595 and round(h) == 842 for w, h in sizes[:-1])
    assert (round(sizes[-1][0]), round(sizes[-1][1])) == (842, 595)
    numbers = {page: x for page, text, x in text_lines(out) if text.startswith("—") and text.endswith("—")}
    assert numbers[1] > PAGE_WIDTH / 2 and numbers[2] < PAGE_WIDTH / 2
    assert all("数据指纹 ABCD-1234-EF56" in page for page in pdf_text(out))
    assert kinsoku_violations(out) == []


def test_ideographic_spaces_are_kept_in_blanks_for_ink():
    doc = _doc()
    para = doc.p("日期：　　　年　　月　　日", "plain")
    para.wrap(400, 100)
    printed = "".join(line[1][0] for line in para.blPara.lines)
    assert printed.startswith("日期：\xa0") and printed.count("\xa0") >= 8 * 3   # reportlab would collapse them


def test_a_failed_build_leaves_the_old_file_untouched_and_no_temporary_file(tmp_path):
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"old report")

    def broken(temp):
        with open(temp, "wb") as handle:
            handle.write(b"half a pdf")
        raise RuntimeError("layout crashed")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_bytes() == b"old report"
    assert sorted(os.listdir(tmp_path)) == ["报告.pdf"]


def test_a_missing_folder_is_a_clear_message(tmp_path):
    with pytest.raises(ReportWriteError, match="保存位置不存在"):
        write_atomically(tmp_path / "no" / "x.pdf", lambda temp: None)


def test_a_title_without_a_natural_break_is_not_cut_inside_a_word():
    lines = title_lines("福州市开展新一轮国家知识产权示范城市工作进展情况报告")
    assert lines == ["福州市开展新一轮国家知识产权", "示范城市工作进展情况报告"]
    for line in title_lines("某某市开展国家知识产权试点城市建设工作总结暨验收报告"):
        assert not line.endswith(("知识产", "知识")) and not line.startswith(("权", "产权"))


def test_the_date_stands_four_characters_in_and_the_signer_centres_over_it():
    from reports.title_lines import closing_offsets, width_in_characters

    assert width_in_characters("2026年12月5日") == 6.5            # digits are half a character
    signer, date = closing_offsets("泰兴市人民政府", "2026年12月5日")
    assert date == 4 and signer == 4 + (6.5 - 7) / 2               # centred over the date
    long_signer, _ = closing_offsets("泰兴市市场监督管理局〔知识产权局〕", "2026年12月5日")
    assert long_signer == 2                                         # a long signer keeps two characters to the edge
