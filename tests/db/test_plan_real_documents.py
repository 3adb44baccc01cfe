"""Three real plans (../shared/plans) read end to end. The rules are tested on their own elsewhere; this
checks that real documents — a county pilot plan with a covering notice, a city plan with 责任单位 lines,
a national table flattened to text — come out whole. Skipped where the shared folder is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from db.plan_import import parse_plan_file

PLANS = Path(__file__).resolve().parents[3] / "shared" / "plans"
pytestmark = pytest.mark.skipif(not PLANS.is_dir(), reason="shared plan documents not available")


def test_county_pilot_plan_with_covering_notice():
    parsed = parse_plan_file(PLANS / "taixing-county-pilot-2024.txt")
    assert (parsed["title"], parsed["issuer"], parsed["doc_number"], parsed["date"]) == (
        "泰兴市国家知识产权强县建设试点县工作方案(2024-2026年)", "泰兴市人民政府办公室", "泰政办发〔2024〕18号", "2024-05-31")
    assert len(parsed["tasks"]) == 13 and len(parsed["indicators"]) == 16 and len(parsed["phases"]) == 4
    task = parsed["tasks"][3]
    assert (task["number"], task["title"], task["section"]) == (
        "4", "实施高价值专利培育工程", "(二)提高知识产权创造质量,夯实创新发展根基")
    assert (task["lead_units"], task["co_units"]) == (["市市场监督管理局〔知识产权局〕"], ["市科技局", "市工信局"])
    assert all(t["lead_units"] == ["市市场监督管理局〔知识产权局〕"] or "市财政局" in t["lead_units"]
               for t in parsed["tasks"])
    assert parsed["phases"][0] == {"name": "启动阶段", "start": "2024-01", "end": "2024-04",
                                   "source_lines": parsed["phases"][0]["source_lines"]}
    by_name = {i["name"]: i for i in parsed["indicators"]}
    assert by_name["有效发明专利量"]["target"] == 3500 and by_name["有效发明专利量"]["target_year"] == 2026
    assert by_name["高企贯标备案率"]["unit"] == "%"
    assert by_name["知识产权质押融资额"]["cumulative"] is True
    assert parsed["warnings"] == []


def test_city_plan_with_responsible_unit_lines():
    parsed = parse_plan_file(PLANS / "fuzhou-demo-city-2017.txt")
    assert (parsed["title"], parsed["issuer"], parsed["doc_number"], parsed["date"]) == (
        "福州市开展新一轮国家知识产权示范城市工作方案", "福州市人民政府", "榕政综〔2017〕30号", "2017-01-22")
    assert len(parsed["tasks"]) == 17
    assert parsed["tasks"][0]["responsible_units"] == [
        "市效能办", "市统计局", "市科技局", "市知识产权局", "高新区管委会", "各县(市)区人民政府"]
    assert parsed["tasks"][7]["responsible_units"][-1] == "人行福州中心支行"
    assert all(t["responsible_units"] and not t["lead_units"] for t in parsed["tasks"])
    assert "福州市动漫游戏产业发展扶持奖励办法》给予大力支持" in parsed["tasks"][2]["text"]


def test_national_plan_flattened_from_a_table():
    parsed = parse_plan_file(PLANS / "national-patent-plan-2014.txt")
    assert parsed["title"] == "2014年全国专利事业发展战略推进计划"
    tasks = parsed["tasks"]
    assert [t["number"] for t in tasks] == [str(n) for n in range(1, 31)]
    assert (tasks[0]["lead_units"], tasks[0]["co_units"], tasks[0]["deadline"]) == (["条法司"], [], "年内有阶段性成果")
    assert tasks[3]["deadline"] == "年内完成"
    assert tasks[7]["applicability"] == "一类、二类省份必做,三类省份选做"
    assert tasks[13]["responsible_units"] == ["规划司", "自动化部"]
    assert tasks[27]["responsible_units"] == ["协调司", "管理司", "规划司"]
