"""Files far bigger than a plan finish or are refused within seconds, with a Chinese message, exit 2 and nothing
stored: a 21 MB .docx (a normal plan beside a big picture is read; a body of tens of thousands of paragraphs is
refused before any XML parser sees it), a 49 MB text file, a PDF with more pages than any plan."""
from __future__ import annotations

import io
import os
import random
import time
import zipfile

import pytest

from db.plan_import import PlanReadError, parse_plan_file
from tests.db.test_plan_cli import empty_ledger, ipledger, plan_count  # noqa: F401  (fixture)


def _docx(path, paragraphs: int, picture_mb: int):
    """A .docx of `paragraphs` numbered tasks (varied text, so it does not look like a zip bomb) and a picture."""
    from docx import Document

    random.seed(7)
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("某县知识产权强县建设工作方案")
    document.add_paragraph("一、重点任务")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = "".join(f"<w:p><w:r><w:t>{n + 1}.推进"
                               + "".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(40))
                               + "。(县科技局负责)</w:t></w:r></w:p>" for n in range(paragraphs))
                data = data.replace(b"<w:sectPr", body.encode() + b"<w:sectPr", 1)
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("word/media/image1.png", os.urandom(picture_mb * 1024 * 1024), compress_type=zipfile.ZIP_STORED)
    return path


def test_a_21_mb_docx_holding_a_plan_and_a_big_picture_is_read_in_seconds(tmp_path):
    path = _docx(tmp_path / "带图片的方案.docx", 300, 21)
    assert path.stat().st_size > 21 * 1024 * 1024
    started = time.perf_counter()
    parsed = parse_plan_file(path)
    assert time.perf_counter() - started < 5
    assert len(parsed["tasks"]) == 300 and parsed["tasks"][0]["responsible_units"] == ["县科技局"]


def test_a_21_mb_docx_with_a_huge_body_is_refused_at_once(tmp_path, empty_ledger):
    path = _docx(tmp_path / "超长正文.docx", 70_000, 15)
    assert path.stat().st_size > 21 * 1024 * 1024
    started = time.perf_counter()
    result = ipledger("parse-plan", path, "--format", "json")
    assert time.perf_counter() - started < 10   # a new Python process included
    assert (result.returncode, result.stdout) == (2, "")
    assert "正文过长" in result.stderr and "未作任何改动" in result.stderr
    assert ipledger("import-plan", path, "--db", empty_ledger).returncode == 2
    assert plan_count(empty_ledger) == 0


def test_a_49_mb_text_file_is_refused_quickly(tmp_path):
    path = tmp_path / "很长的文本.txt"
    line = ("1.推进知识产权工作。开展专项行动,加强保护。(县科技局负责)\n" * 1000).encode("utf-8")
    with open(path, "wb") as handle:
        while handle.tell() < 49 * 1024 * 1024:
            handle.write(line)
    started = time.perf_counter()
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    assert time.perf_counter() - started < 5
    assert "文字过多" in str(caught.value)


def test_a_pdf_longer_than_any_plan_is_refused(tmp_path, monkeypatch):
    import db.plan_import.pdf_text as pdf_text
    from tests.db.plan_pdf_fixtures import make_plan_pdf

    path = make_plan_pdf(tmp_path / "长.pdf", ["某县方案", "一、重点任务", "1.推进工作。(县科技局负责)", "PAGE", "2.加强保护。"])
    monkeypatch.setattr(pdf_text, "MAX_PAGES", 1)
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    assert "2 页" in str(caught.value) and "上限 1 页" in str(caught.value)
