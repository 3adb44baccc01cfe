"""Old Word (.doc) and WPS (.wps) plans: converted to .docx by what the PC has (here LibreOffice), then read like any
.docx; with no converter, or a password on the file, a Chinese message says what to do. LibreOffice is slow to start
(about a second each), so only two conversions run here."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from db.plan_import import PlanReadError, parse_plan_file

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice (soffice) is not installed")


LINES = ["某县知识产权强县建设工作方案(2025-2027年)", "一、重点任务", "(一)提升知识产权创造质量",
         "1.实施高价值专利培育工程。建立培育库。(县市场监督管理局〔知识产权局〕牵头,县科技局按职责分工负责)",
         "2.推进商标品牌建设。培育地理标志。(县农业农村局、相关部门负责)"]
TABLE = [["序号", "重点任务", "责任单位", "完成时限"], ["3", "建设知识产权保护工作站", "县司法局、各镇(街道)", "2025年底前"]]
TASKS = [("1", "实施高价值专利培育工程", ["县市场监督管理局〔知识产权局〕"], ["县科技局"], [], None),
         ("2", "推进商标品牌建设", [], [], ["县农业农村局"], None)]


def _docx(folder):
    from docx import Document

    document = Document()
    for line in LINES:
        document.add_paragraph(line)
    document.save(folder / "方案.docx")
    return folder / "方案.docx"


def _html_with_table(folder):
    """LibreOffice drops python-docx tables when it writes .doc; a table it reads from HTML survives."""
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    path = folder / "方案.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body>" + "".join(f"<p>{l}</p>" for l in LINES)
                    + f"<table border='1'>{rows}</table></body></html>", encoding="utf-8")
    return path


def _to_doc(source, folder):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--infilter=HTML (StarWriter)" if source.suffix == ".html" else "--norestore",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    return source.with_suffix(".doc")


@needs_soffice
def test_an_old_word_file_made_from_a_docx_is_converted_and_read(tmp_path):
    doc = _to_doc(_docx(tmp_path), tmp_path)
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"          # really an old binary Word file
    parsed = parse_plan_file(doc)
    assert parsed["title"] == "某县知识产权强县建设工作方案(2025-2027年)"
    assert [(t["number"], t["title"], t["lead_units"], t["co_units"], t["responsible_units"], t["deadline"])
            for t in parsed["tasks"]] == TASKS
    assert parsed["tasks"][1]["collective_units"] == [{"name": "相关部门", "role": "responsible"}]


@needs_soffice
def test_a_wps_file_with_a_task_table_is_converted_and_read(tmp_path):
    path = _to_doc(_html_with_table(tmp_path), tmp_path).rename(tmp_path / "方案.wps")
    parsed = parse_plan_file(path)
    assert [(t["number"], t["title"], t["lead_units"], t["co_units"], t["responsible_units"], t["deadline"])
            for t in parsed["tasks"]] == TASKS + [("3", "建设知识产权保护工作站", [], [], ["县司法局", "各镇(街道)"], "2025年底前")]
    assert parsed["tasks"][2]["collective_units"] == [{"name": "各镇(街道)", "role": "responsible"}]


def test_without_word_wps_or_libreoffice_the_clerk_is_told_what_to_do(tmp_path, monkeypatch):
    import db.plan_import.doc_convert as convert

    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    monkeypatch.setattr(convert.sys, "platform", "linux")
    path = tmp_path / "旧方案.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    message = str(caught.value)
    assert "没有找到" in message and "WPS" in message and "LibreOffice" in message and "另存为" in message


def test_a_password_protected_word_file_is_named_as_such(tmp_path):
    path = tmp_path / "加密方案.docx"   # Word keeps an encrypted .docx in an OLE container
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le")
                     + b"\x00" * 500)
    with pytest.raises(PlanReadError) as caught:
        parse_plan_file(path)
    assert "密码" in str(caught.value)
