"""The acceptance dossier as inspectors open it: reports, summary, evidence per task by number, an index."""
from __future__ import annotations

import hashlib

import pytest
from docx import Document
from openpyxl import load_workbook

from db import queries
from db.evidence import add_evidence_bytes
from db.ledger import Ledger
from db.periods import get_period
from db.plan_store import current_plan_id
from desktop.cli import main
from tests.reports.pdf_inspect import pdf_text, squash

FILES = (("4", "高价值专利培育项目验收报告.pdf"), ("4", "专利导航报告(终稿).docx"), ("9", "质押融资台账.xlsx"))


@pytest.fixture
def with_evidence(demo_path):
    with Ledger.open(demo_path) as ledger:
        plan_id = current_plan_id(ledger)
        period = get_period(ledger, plan_id, "2026Q3")
        tasks = {t["number"]: t for t in queries.tasks(ledger, plan_id)}
        for number, name in FILES:
            task = tasks[number]
            add_evidence_bytes(ledger, task["id"], task["units"][0]["unit_id"], period["id"], name,
                               f"{number}{name}".encode())
    return demo_path


def test_the_dossier_holds_reports_summary_evidence_by_task_and_an_index(with_evidence, tmp_path, capsys):
    out = tmp_path / "验收材料"
    assert main(["export-dossier", "--db", str(with_evidence), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    title = "泰兴市国家知识产权强县建设试点工作总结暨验收报告"
    assert f"01_{title}.pdf" in names and f"01_{title}.docx" in names
    assert "02_2026Q3_重点任务进展汇总表.xlsx" in names and "03_佐证材料索引.xlsx" in names
    assert "04_实施高价值专利培育工程/4-1_高价值专利培育项目验收报告.pdf" in names
    assert "04_实施高价值专利培育工程/4-2_专利导航报告(终稿).docx" in names
    assert any(n.startswith("09_") and n.endswith("/9-1_质押融资台账.xlsx") for n in names)
    copied = out / "04_实施高价值专利培育工程" / "4-1_高价值专利培育项目验收报告.pdf"
    assert copied.read_bytes() == "4高价值专利培育项目验收报告.pdf".encode()    # the file itself, byte for byte
    # the report's own index names the same numbers
    report = squash("".join(pdf_text(out / f"01_{title}.pdf")))
    assert "4-1高价值专利培育项目验收报告.pdf" in report and "附件:佐证材料目录" in report
    assert any(p.text == "佐证材料目录" for p in Document(str(out / f"01_{title}.docx")).paragraphs)
    wb = load_workbook(out / "03_佐证材料索引.xlsx", read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert rows[1][:4] == ("序号", "编号", "任务", "文件名")
    first = rows[2]
    assert first[1] == "4-1" and first[3] == "高价值专利培育项目验收报告.pdf" and "实施高价值专利培育工程" in first[2]
    assert first[7] == hashlib.sha256("4高价值专利培育项目验收报告.pdf".encode()).hexdigest()
    assert first[8] == "04_实施高价值专利培育工程/4-1_高价值专利培育项目验收报告.pdf"
    assert len(rows) == 2 + len(FILES)


def test_a_folder_that_holds_files_is_refused_and_left_alone(with_evidence, tmp_path, capsys):
    out = tmp_path / "旧材料"
    out.mkdir()
    (out / "说明.txt").write_text("旧文件")
    assert main(["export-dossier", "--db", str(with_evidence), "--out", str(out)]) == 2
    assert "已有文件" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["说明.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".验收材料")]   # no staging folder left


def test_a_cancel_leaves_no_folder_behind(with_evidence, tmp_path):
    from reports.dossier import DossierCancelled, export_dossier

    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "验收材料"
    calls = []
    with Ledger.open(with_evidence, read_only=True) as ledger:
        with pytest.raises(DossierCancelled):
            export_dossier(ledger, out, is_cancelled=lambda: len(calls) > 2,
                           progress=lambda done, total: calls.append(done))
    assert not out.exists() and list(folder.iterdir()) == []   # no dossier, no staging folder
