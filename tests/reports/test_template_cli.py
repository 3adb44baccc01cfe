"""map-template and fill-template as a power user runs them; bad files; the filled file opens in LibreOffice."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.cli import main
from tests.reports.template_fixtures import task_template, two_sheet_template

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "templates"


def _json(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip().startswith("{") else {}


def test_map_then_save_then_fill_with_no_questions(demo_path, tmp_path, capsys):
    template = task_template(tmp_path / "附件1.xlsx")
    code, data = _json(capsys, "map-template", str(template), "--db", str(demo_path), "--format", "json")
    assert code == 0 and data["remembered"] is False
    sheet = data["sheets"][0]
    assert sheet["name"] == "推进情况" and sheet["header_rows"] == [3, 4]
    assert {"row": 7, "kind": "task", "ref": "4"}.items() <= sheet["rows"][2].items()
    assert 0 < sheet["rows"][2]["score"] <= 1 and {"column": "D", "field": "progress", "header": "完成情况/工作进展"} \
        in sheet["columns"]

    # not confirmed yet: refused with the reason, nothing written
    assert main(["fill-template", str(template), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "a.xlsx")]) == 1
    assert "还没有确认" in capsys.readouterr().err and not (tmp_path / "a.xlsx").exists()

    assert main(["map-template", str(template), "--db", str(demo_path), "--save"]) == 0
    assert "已记住" in capsys.readouterr().err
    copy = tmp_path / "再次下发.xlsx"
    shutil.copy(template, copy)
    assert main(["fill-template", str(copy), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "a.xlsx")]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("a.xlsx") and "已填写 4 行" in captured.err and "第9行" in captured.err
    # the same output again: refused, the file kept
    before = (tmp_path / "a.xlsx").read_bytes()
    assert main(["fill-template", str(copy), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "a.xlsx")]) == 2
    assert "已存在" in capsys.readouterr().err and (tmp_path / "a.xlsx").read_bytes() == before


def test_an_edited_mapping_file_is_used_and_remembered(demo_path, tmp_path, capsys):
    import openpyxl

    template = task_template(tmp_path / "附件1.xlsx")
    _code, data = _json(capsys, "map-template", str(template), "--db", str(demo_path), "--format", "json")
    row9 = next(r for r in data["sheets"][0]["rows"] if r["row"] == 9)
    row9.update(kind="task", ref="12")                           # the clerk says: row 9 is task 12
    mapping = tmp_path / "映射.json"
    mapping.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["fill-template", str(template), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "b.xlsx"), "--mapping", str(mapping)]) == 0
    capsys.readouterr()
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["推进情况"]
    assert ws["C9"].value and "【" in (ws["D9"].value or "")
    code, again = _json(capsys, "map-template", str(template), "--db", str(demo_path), "--format", "json")
    assert again["remembered"] is True and next(r for r in again["sheets"][0]["rows"] if r["row"] == 9)["ref"] == "12"


@pytest.mark.parametrize("name, content, words", [
    ("说明.xlsx", "这不是表格".encode(), "不是 Excel 工作簿（.xlsx）"),
    ("旧模板.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "旧版 Excel（.xls）"),
    ("加密模板.xlsx", None, "打开密码"),
])
def test_bad_files_say_what_is_wrong(demo_path, tmp_path, capsys, name, content, words):
    """Said for a template (the city's file, to be saved as .xlsx), not with the advice for a unit's return."""
    path = tmp_path / name
    if content is None:
        shutil.copy(FIXTURES / name, path)
    else:
        path.write_bytes(content)
    assert main(["map-template", str(path), "--db", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "报送单位" not in err and "导入" not in err
    assert main(["fill-template", str(path), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "c.xlsx")]) == 2
    assert words in capsys.readouterr().err and not (tmp_path / "c.xlsx").exists()


def test_no_recognisable_table(demo_path, tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "关于报送2026年第三季度工作情况的通知"
    wb.active["A3"] = "请各地于10月5日前报送。"
    wb.save(tmp_path / "通知.xlsx")
    assert main(["map-template", str(tmp_path / "通知.xlsx"), "--db", str(demo_path)]) == 2
    assert "没有找到可以填写的表格" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_filled_files_open_in_libreoffice(demo_ledger, tmp_path):
    """LibreOffice opens the filled files without complaint, recalculates the totals and prints the texts."""
    from reports.template_fill import fill_template
    from reports.template_mapping import map_template

    outs = []
    for name, make in (("任务表.xlsx", task_template), ("两表.xlsx", two_sheet_template)):
        template = make(tmp_path / name)
        out = tmp_path / "填好" / name
        out.parent.mkdir(exist_ok=True)
        fill_template(demo_ledger, template, "2026Q3", out, mapping=map_template(demo_ledger, template))
        outs.append(out)
    converted = tmp_path / "转换"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(converted), *map(str, outs)], check=True, capture_output=True, timeout=180)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
                    "--outdir", str(converted / "xlsx"), str(outs[0])], check=True, capture_output=True, timeout=180)
    for out in outs:
        text = subprocess.run(["pdftotext", "-layout", str(converted / (out.stem + ".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "【市市场监管局】" in text and "高价值专利培育" in text
    import openpyxl

    recalculated = openpyxl.load_workbook(converted / "xlsx" / "任务表.xlsx", data_only=True)["推进情况"]
    percents = [recalculated[f"G{r}"].value for r in range(5, 9)]
    assert recalculated["G10"].value == pytest.approx(sum(percents))          # the SUM was recalculated on open


def test_the_text_listing_reads_cleanly(demo_path, tmp_path, capsys):
    """Each target named once, no 'nearest' guess that does not resemble the row, full-width brackets."""
    import openpyxl

    template = two_sheet_template(tmp_path / "附件1.xlsx")
    wb = openpyxl.load_workbook(template)
    wb["指标完成情况"]["B6"] = "地理标志产品"          # a row like nothing in the ledger
    wb.save(template)
    assert main(["map-template", str(template), "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "→ 指标 有效发明专利量（匹配度 1.00）" in out and "有效发明专利量 有效发明专利量" not in out
    row = next(line for line in out.splitlines() if "地理标志产品" in line)
    assert "未找到足够相似" in row and "最接近" not in row
    assert "（匹配度 0.10）" in out          # a guess that shares words is still named
    assert "(不填)" not in out and "A列 序号 → （不填）" in out


def test_the_unfilled_rows_are_listed_with_full_width_separators(demo_path, tmp_path, capsys):
    import openpyxl

    template = two_sheet_template(tmp_path / "附件1.xlsx")
    wb = openpyxl.load_workbook(template)
    wb["指标完成情况"]["B6"] = "地理标志产品"
    wb.save(template)
    assert main(["map-template", str(template), "--db", str(demo_path), "--save"]) == 0
    assert main(["fill-template", str(template), "--db", str(demo_path), "--period", "2026Q3",
                 "--out", str(tmp_path / "out.xlsx")]) == 0
    err = capsys.readouterr().err
    line = next(text for text in err.splitlines() if text.startswith("以下行没有对应的任务或指标"))
    assert "第9行" in line and "；指标完成情况 第6行" in line and ";" not in line


@pytest.mark.parametrize("edit, words", [
    (lambda data: data["sheets"][0]["rows"][0].update(kind="task", ref="99"), "“99”"),   # no task 99 in the plan
    (lambda data: data.update(sheets=5), "结构不对"),
    (lambda data: data["sheets"][0].update(rows="第5行"), "结构不对"),
])
def test_a_mapping_file_naming_what_is_not_there_is_refused_and_not_remembered(demo_path, tmp_path, capsys,
                                                                              edit, words):
    template = task_template(tmp_path / "附件1.xlsx")
    _code, data = _json(capsys, "map-template", str(template), "--db", str(demo_path), "--format", "json")
    edit(data)
    mapping = tmp_path / "映射.json"
    mapping.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["map-template", str(template), "--db", str(demo_path), "--mapping", str(mapping), "--save"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    _code, again = _json(capsys, "map-template", str(template), "--db", str(demo_path), "--format", "json")
    assert again["remembered"] is False
