"""Every label, message and workbook text the program defines uses full-width punctuation next to Chinese text
（：，；？！）: a scan of every user-visible string literal in db/, ui/, reports/ and desktop/, and tests of the
rewriting script scripts/fullwidth_punctuation.py that fixes them (run it on the files the scan names)."""
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "fullwidth_punctuation.py"


def _script():
    if "fullwidth_punctuation" not in sys.modules:
        spec = importlib.util.spec_from_file_location("fullwidth_punctuation", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules["fullwidth_punctuation"] = module
        spec.loader.exec_module(module)
    return sys.modules["fullwidth_punctuation"]


@pytest.mark.punctuation
def test_user_visible_strings_use_fullwidth_punctuation_next_to_chinese():
    script = _script()
    offences = [o for folder in ("db", "ui", "reports", "desktop")
                for path in sorted((ROOT / folder).rglob("*.py")) for o in script.file_offences(path, ROOT)]
    by_file = Counter(o.path for o in offences)
    report = "\n".join(str(o) for o in offences)
    summary = ", ".join(f"{path} ({count})" for path, count in by_file.most_common())
    assert not offences, (f"{len(offences)} user-visible string(s) have ASCII ( ) : , ; ? ! next to Chinese text in "
                          f"{len(by_file)} file(s): {summary}.\nFix: .venv/bin/python scripts/fullwidth_punctuation.py "
                          f"FILE…\n{report}")


def _rewritten(tmp_path, source: str) -> str:
    path = tmp_path / "sample.py"
    path.write_text(source, encoding="utf-8")
    _script().rewrite_file(path)
    return path.read_text(encoding="utf-8")


def test_the_script_rewrites_messages_but_not_fields_specs_regexes_or_docstrings(tmp_path):
    source = '''"""模块说明(docstring,不改)。"""
import re

PATTERN = re.compile(r"(\\d+)年:")
RAW = r"路径(不改)"


def f(name, size, text):
    """函数说明:不改。"""
    if text.startswith("(一)") or text == "已关闭(旧)":
        pass
    box = {"名称:": 1}["名称:"]
    menu = "文件(&F)"
    dialog_filter = "台账文件 (*.ipledger);;所有文件 (*)"
    return (f"文件 {name} 太大({size:.1f} MB),请检查:{ {'a': 1}['a'] }。",
            "任务(1)完成,下一步:报送?" "是!",
            f"{'、'.join(['a', 'b'])}(可选)")
'''
    result = _rewritten(tmp_path, source)
    assert '"""模块说明(docstring,不改)。"""' in result and '"""函数说明:不改。"""' in result
    assert 're.compile(r"(\\d+)年:")' in result and 'r"路径(不改)"' in result
    assert 'text.startswith("(一)")' in result and 'text == "已关闭(旧)"' in result and '["名称:"]' in result
    assert '"文件(&F)"' in result and '"台账文件 (*.ipledger);;所有文件 (*)"' in result
    assert "f\"文件 {name} 太大（{size:.1f} MB），请检查：{ {'a': 1}['a'] }。\"" in result
    assert '"任务（1）完成，下一步：报送？" "是！"' in result
    assert "f\"{'、'.join(['a', 'b'])}（可选）\"" in result
    # the same values, punctuation aside: nothing else changed
    namespace_before, namespace_after = {}, {}
    exec(compile(source, "before", "exec"), namespace_before)
    exec(compile(result, "after", "exec"), namespace_after)
    before, after = namespace_before["f"]("x", 2.0, "t"), namespace_after["f"]("x", 2.0, "t")
    assert [s.translate(str.maketrans("（），：？！", "(),:?!")) for s in after] == list(before)


def test_the_check_names_file_line_and_the_fix(tmp_path, capsys):
    path = tmp_path / "messages.py"
    path.write_text('MESSAGE = "报告期:2026年第4季度"\nOK = "报告期：2026年第4季度"\n', encoding="utf-8")
    assert _script().main(["--check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:" in out and '"报告期：2026年第4季度"' in out and ":2:" not in out
    assert _script().main([str(path)]) == 0 and _script().main(["--check", str(path)]) == 0


def test_a_data_file_is_rewritten_string_by_string_keys_and_values_alike(tmp_path):
    import json

    path = tmp_path / "plan.json"
    data = {"title": "某县工作方案(2024-2026年)", "sections": {"(一)提高质量,强化保护": ["任务:一"]},
            "tasks": [{"section": "(一)提高质量,强化保护", "date": "2024-05-31", "code": "a,b"}]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert _script().rewrite_json(path, check=True) == 4 and json.loads(path.read_text()) == data   # check only
    assert _script().rewrite_json(path) == 4
    result = json.loads(path.read_text(encoding="utf-8"))
    assert result["title"] == "某县工作方案（2024-2026年）" and result["tasks"][0]["code"] == "a,b"
    assert result["tasks"][0]["section"] in result["sections"]          # a reference still finds its key
    assert list(result["sections"]) == ["（一）提高质量，强化保护"] and result["sections"]["（一）提高质量，强化保护"] == ["任务：一"]


def test_words_matched_in_other_peoples_templates_are_left_as_written():
    """reports/template_detect.py's FOOTER_STARTS holds "注:" as templates write it: not a message to rewrite."""
    offences = _script().file_offences(ROOT / "reports" / "template_detect.py", ROOT)
    assert not [o for o in offences if "注:" in str(o)]
