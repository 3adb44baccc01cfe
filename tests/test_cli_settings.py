"""`ipledger settings`: set once, shown back, printed on the reports; bad input changes nothing (exit 2)."""
from __future__ import annotations

import json

from db.ledger import Ledger
from db.ops import history
from desktop.cli import main


def test_set_show_and_clear(demo_path, capsys):
    assert main(["settings", "--db", str(demo_path), "负责人=张明", "联系电话=13812345678", "发文机关=泰兴市人民政府"]) == 0
    assert "已保存" in capsys.readouterr().err
    assert main(["settings", "--db", str(demo_path), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["负责人"] == "张明" and shown["联系电话"] == "13812345678" and shown["发文机关"] == "泰兴市人民政府"
    assert shown["单位名称"] == "泰兴市市场监督管理局〔知识产权局〕"
    assert set(shown) >= {"单位名称", "负责人", "分管领导", "填报人", "联系电话", "发文机关", "主送机关"}
    assert main(["settings", "--db", str(demo_path), "负责人="]) == 0
    capsys.readouterr()
    assert main(["settings", "--db", str(demo_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["负责人"] == ""
    with Ledger.open(demo_path, read_only=True) as ledger:
        labels = [entry.label for entry in history(ledger)]
    assert any("负责人" in label and "联系电话" in label for label in labels)


def test_unknown_key_or_bad_phone_exits_2_and_writes_nothing(demo_path, capsys):
    assert main(["settings", "--db", str(demo_path), "负责人=张明", "职务=局长"]) == 2
    err = capsys.readouterr().err
    assert "职务" in err and "负责人" in err and "主送机关" in err          # says which keys exist
    assert main(["settings", "--db", str(demo_path), "负责人=张明", "联系电话=找办公室"]) == 2
    assert "不是电话号码" in capsys.readouterr().err
    assert main(["settings", "--db", str(demo_path), "负责人张明"]) == 2
    assert main(["settings", "--db", str(demo_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["负责人"] == ""


def test_the_reports_sign_with_the_settings(demo_path, tmp_path, capsys):
    from tests.reports.pdf_inspect import pdf_text, squash

    assert main(["settings", "--db", str(demo_path), "负责人=张明", "分管领导=李华", "填报人=王芳",
                 "联系电话=0523-87654321", "发文机关=泰兴市人民政府"]) == 0
    out = tmp_path / "验收.pdf"
    assert main(["report", "--db", str(demo_path), "--kind", "acceptance", "--out", str(out)]) == 0
    text = squash("".join(pdf_text(out)))
    closing = text[text.index("五、下一步工作"):text.rindex("验收意见")]
    assert "泰兴市人民政府2026年" in closing                       # 发文机关署名 over 成文日期
    assert "联系人:王芳,联系电话:0523-87654321" in closing           # 附注
