"""Layouts real plans arrive in, each with a document written for it (none tuned to one file): a whole plan on one
line, headings without 、, a unit clause broken by a page break, units in closing sentences, a table flattened one
cell a line, an indicator table with a merged category cell, (一) items as the tasks with a table of contents, and
collective parties (相关部门, 各县(市)区人民政府, 联席会议有关成员单位, 各成员单位) kept and marked, never dropped."""
from __future__ import annotations

import pytest

from db.plan_import import parse_plan_text


def units(parsed):
    return [(t["number"], t["title"], t["lead_units"], t["co_units"], t["responsible_units"],
             [c["name"] for c in t["collective_units"]]) for t in parsed["tasks"]]


def test_whole_plan_on_one_line_with_headings_and_tasks_run_together():
    parsed = parse_plan_text(
        "某市知识产权保护工作方案 一、总体目标到2026年,全市有效发明专利量达到5000件。二、主要任务(一)完善知识产权保护体系"
        "1.推进知识产权快速维权中心建设。加快建设快速维权中心,提高维权效率。(市知识产权局负责)2.加强行政执法。开展专项执法行动,"
        "严厉打击侵权假冒行为。(市市场监管局牵头,市公安局按职责分工负责)(二)提升知识产权运用效益3.推动专利转化运用。"
        "支持高校院所专利许可转让。(市科技局、市教育局负责)三、保障措施加强组织领导。")
    assert parsed["title"] == "某市知识产权保护工作方案"
    assert units(parsed) == [
        ("1", "推进知识产权快速维权中心建设", [], [], ["市知识产权局"], []),
        ("2", "加强行政执法", ["市市场监管局"], ["市公安局"], [], []),
        ("3", "推动专利转化运用", [], [], ["市科技局", "市教育局"], []),
    ]
    assert parsed["tasks"][2]["section"] == "(二)提升知识产权运用效益"
    assert [(i["name"], i["target"]) for i in parsed["indicators"]] == [("有效发明专利量", 5000)]


def test_section_headings_without_a_comma_after_the_number():
    parsed = parse_plan_text("某县知识产权强县建设工作方案\n一 总体要求\n坚持创新驱动发展。\n二 重点任务\n(一)加强知识产权创造\n"
                             "1.培育高价值专利。实施专利质量提升工程。(县知识产权局牵头,县科技局配合)\n"
                             "2.发展商标品牌。(县市场监管局负责)\n三 保障措施\n加强资金保障。\n")
    assert units(parsed) == [("1", "培育高价值专利", ["县知识产权局"], ["县科技局"], [], []),
                             ("2", "发展商标品牌", [], [], ["县市场监管局"], [])]
    assert parsed["tasks"][0]["section_path"] == ["二 重点任务", "(一)加强知识产权创造"]


@pytest.mark.parametrize("page_marker", ["— 2 —", "- 3 -", "17", "\f"])
def test_responsibility_clause_split_by_a_wrap_and_a_page_break(page_marker):
    parsed = parse_plan_text(
        "某市知识产权工作方案\n一、重点任务\n1.推进知识产权公共服务平台建设。整合各类服务资源,建立一站式服务窗口。"
        f"(市知识产权局、市大数据局按职责\n分工\n\n{page_marker}\n\n负责)\n"
        "2.加强知识产权人才培养。开展专题培训。(市人社局牵头,局内相关部门配合)\n")
    assert units(parsed) == [("1", "推进知识产权公共服务平台建设", [], [], ["市知识产权局", "市大数据局"], []),
                             ("2", "加强知识产权人才培养", ["市人社局"], [], [], ["局内相关部门"])]
    assert parsed["tasks"][1]["collective_units"] == [{"name": "局内相关部门", "role": "co"}]
    assert not parsed["warnings"]


def test_units_in_closing_sentences_and_collective_parties():
    parsed = parse_plan_text(
        "某市知识产权示范城市工作方案\n一、重点任务\n(一)强化知识产权保护\n"
        "1.完善行政执法机制。加强执法队伍建设。此项工作由市知识产权局、市公安局,各市、区政府负责。\n"
        "2.推进知识产权仲裁调解。建立调解组织。(市司法局牵头,市知识产权局按职责分工负责)\n"
        "3.建设维权援助中心。设立维权援助分中心。\n责任单位:市知识产权局、市财政局\n"
        "4.加强部门协作。建立联席会议制度。(联席会议有关成员单位负责)\n"
        "5.开展宣传培训。组织知识产权宣传周活动。(相关部门负责)\n"
        "6.推进园区知识产权工作。(各县(市)区人民政府、各成员单位按职责分工负责)\n")
    assert units(parsed) == [
        ("1", "完善行政执法机制", [], [], ["市知识产权局", "市公安局", "各市、区政府"], ["各市、区政府"]),
        ("2", "推进知识产权仲裁调解", ["市司法局"], ["市知识产权局"], [], []),
        ("3", "建设维权援助中心", [], [], ["市知识产权局", "市财政局"], []),
        ("4", "加强部门协作", [], [], ["联席会议有关成员单位"], ["联席会议有关成员单位"]),
        ("5", "开展宣传培训", [], [], [], ["相关部门"]),
        ("6", "推进园区知识产权工作", [], [], ["各县(市)区人民政府", "各成员单位"], ["各县(市)区人民政府", "各成员单位"]),
    ]
    # the clerk is told where only a collective party is named, with the line it comes from
    lonely = [w for w in parsed["warning_items"] if w["task_index"] == 4]
    assert lonely and "相关部门" in lonely[0]["message"] and "拆分" in lonely[0]["message"]
    assert parsed["source_text"].split("\n")[lonely[0]["line"]].startswith("5.开展宣传培训")


def test_collective_party_is_never_merged_into_a_real_department():
    parsed = parse_plan_text("二、重点任务\n1.推进专利转化。(县科技局、相关部门负责)\n"
                             "2.加强保护。(县市场监管局牵头,县直各有关单位配合)\n")
    assert units(parsed) == [("1", "推进专利转化", [], [], ["县科技局"], ["相关部门"]),
                             ("2", "加强保护", ["县市场监管局"], ["县直各有关单位"], [], ["县直各有关单位"])]


def test_table_flattened_one_cell_a_line_with_broken_names_page_number_and_repeated_header():
    parsed = parse_plan_text(
        "某市知识产权工作要点\n一、重点任务分工\n序号\n重点任务\n责任单位\n完成时限\n"
        "1\n推进专利导航工程,围绕主导产业开展专利\n导航分析\n市知\n识产权局\n2025年底前\n"
        "2\n开展专利质押融资\n市财政局、市金\n融办\n年内\n完成\n\n— 2 —\n\n"
        "序号\n重点任务\n责任单位\n完成时限\n"
        "3\n建设知识产权保护中心\n市知识产权局、\n相关部门\n长期坚持\n二、保障措施\n加强组织领导。\n")
    assert [(t["number"], t["title"], t["responsible_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("1", "推进专利导航工程,围绕主导产业开展专利导航分析", ["市知识产权局"], "2025年底前"),
        ("2", "开展专利质押融资", ["市财政局", "市金融办"], "年内完成"),
        ("3", "建设知识产权保护中心", ["市知识产权局"], "长期坚持"),
    ]
    assert parsed["tasks"][2]["collective_units"] == [{"name": "相关部门", "role": "responsible"}]


@pytest.mark.parametrize("separator", [" | ", "\t"])
def test_indicator_table_with_a_merged_category_cell_aligns_by_header(separator):
    rows = [["序号", "类别", "指标名称", "单位", "2020年", "2025年", "属性"],
            ["1", "知识产权创造", "每万人口高价值发明专利拥有量", "件", "3.2", "6.5", "预期性"],
            ["2", "海外发明专利授权量", "件", "120", "300", "预期性"],
            ["3", "知识产权运用", "专利质押融资额", "亿元", "10", "30", "预期性"],
            ["4", "技术合同成交额", "亿元", "3834", "5000", "约束性"]]
    table = "\n".join(separator.join(row) for row in rows)
    parsed = parse_plan_text(f"某市知识产权发展规划\n一、发展目标\n主要指标\n{table}\n二、重点任务\n1.实施专利导航。(市知识产权局负责)\n")
    assert [(i["name"], i["unit"], i["baseline"], i["target"], i.get("category"), i["attribute"])
            for i in parsed["indicators"]] == [
        ("每万人口高价值发明专利拥有量", "件", 3.2, 6.5, "知识产权创造", "预期性"),
        ("海外发明专利授权量", "件", 120, 300, "知识产权创造", "预期性"),
        ("专利质押融资额", "亿元", 10, 30, "知识产权运用", "预期性"),
        ("技术合同成交额", "亿元", 3834, 5000, "知识产权运用", "约束性"),
    ]


def test_paren_items_are_the_tasks_and_the_table_of_contents_is_skipped():
    parsed = parse_plan_text(
        "某县知识产权强县工作方案\n目录\n一、总体要求……………………1\n二、重点任务……………………2\n(一)加强知识产权创造.......3\n"
        "三、保障措施……………………5\n一、总体要求\n坚持创新驱动发展战略。\n二、重点任务\n"
        "(一)加强知识产权创造。支持企业开展专利布局,提升专利质量。(县科技局负责)\n"
        "(二)强化知识产权保护。\n健全行政执法和司法保护衔接机制。(县市场监管局牵头,县公安局、县法院配合)\n"
        "(三)促进知识产权运用。推动专利转化实施。\n责任单位:县工信局、县财政局\n"
        "三、保障措施\n(一)加强组织领导。成立工作领导小组。\n")
    assert units(parsed) == [("(一)", "加强知识产权创造", [], [], ["县科技局"], []),
                             ("(二)", "强化知识产权保护", ["县市场监管局"], ["县公安局", "县法院"], [], []),
                             ("(三)", "促进知识产权运用", [], [], ["县工信局", "县财政局"], [])]
    assert not parsed["warnings"]


def test_headings_ending_in_a_full_stop_with_units_in_the_body():
    parsed = parse_plan_text(
        "某区知识产权强区建设实施方案\n一、工作目标\n到2026年,全区专利授权量达到1200件。\n二、主要措施\n"
        "(一)加强高价值专利培育。\n围绕重点产业链,支持企业开展专利布局。责任单位:区科技局、区工信局。\n"
        "(二)推进知识产权金融服务。\n开展知识产权质押融资。(区金融办牵头,区财政局、相关部门配合)\n"
        "(三)强化知识产权保护。\n完善快速维权机制。此项工作由区市场监管局、区公安分局,各街道办事处负责。\n"
        "三、保障措施\n(一)加强组织领导。\n")
    assert units(parsed) == [
        ("(一)", "加强高价值专利培育", [], [], ["区科技局", "区工信局"], []),
        ("(二)", "推进知识产权金融服务", ["区金融办"], ["区财政局"], [], ["相关部门"]),
        ("(三)", "强化知识产权保护", [], [], ["区市场监管局", "区公安分局", "各街道办事处"], ["各街道办事处"]),
    ]
    assert parsed["tasks"][1]["collective_units"] == [{"name": "相关部门", "role": "co"}]


def test_two_tables_with_the_same_header_in_two_sections_are_both_read():
    header = "序号 | 重点任务 | 牵头单位 | 完成时限"
    parsed = parse_plan_text("\n".join([
        "某县知识产权工作方案", "一、重点任务", "(一)加强创造", "1.推进专利导航。(县科技局负责)", header,
        "1 | 建设服务平台 | 县知识产权局 | 2025年底前", "(二)加强保护", "2.开展执法行动。(县公安局负责)", header,
        "1 | 建设保护中心 | 县市场监管局 | 长期坚持"]))
    assert [(t["number"], t["title"], t["lead_units"] or t["responsible_units"]) for t in parsed["tasks"]] == [
        ("1", "推进专利导航", ["县科技局"]), ("1", "建设服务平台", ["县知识产权局"]),
        ("2", "开展执法行动", ["县公安局"]), ("1", "建设保护中心", ["县市场监管局"])]


def test_collective_parties_in_every_unit_form_keep_the_clause_whole():
    parsed = parse_plan_text("某县方案\n二、重点任务\n1.推进专利转化。(县科技局、县直有关部门负责)\n"
                             "2.加强宣传。(县委宣传部、县直各单位按职责分工负责)\n"
                             "3.强化协作。此项工作由县知识产权局、县直有关单位负责。\n4.推进考核。责任单位:县考核办、各成员单位\n"
                             "5.加强执法。(县市场监管局牵头,各乡镇(街道)、县各有关单位配合)\n")
    assert units(parsed) == [
        ("1", "推进专利转化", [], [], ["县科技局", "县直有关部门"], ["县直有关部门"]),
        ("2", "加强宣传", [], [], ["县委宣传部", "县直各单位"], ["县直各单位"]),
        ("3", "强化协作", [], [], ["县知识产权局", "县直有关单位"], ["县直有关单位"]),
        ("4", "推进考核", [], [], ["县考核办", "各成员单位"], ["各成员单位"]),
        ("5", "加强执法", ["县市场监管局"], ["各乡镇(街道)"], [], ["各乡镇(街道)", "县各有关单位"]),
    ]
    assert parsed["tasks"][4]["collective_units"][1] == {"name": "县各有关单位", "role": "co"}
    assert not parsed["warnings"]


def test_flattened_table_with_a_measures_column_and_one_unit_a_line():
    parsed = parse_plan_text("\n".join([
        "某市知识产权强市建设实施方案", "附件", "重点任务分工表", "序号", "重点任务", "工作措施", "责任单位", "完成时限",
        "1", "实施专利导航工程", "围绕主导产业开展专利导航分析,", "编制产业专利导航报告,", "为产业规划提供支撑。",
        "市知识产权局", "市工信局", "2025年底前",
        "2", "推进知识产权质押融资", "建立质押融资风险补偿机制,扩大融资规模。", "市财政局、市地方金融监管局、人民银行市中心支行",
        "长期坚持",
        "3", "加强知识产权保护", "开展专项执法行动。", "市市场监管局、市公安局、各县(市、区)政府", "年内完成"]))
    assert [(t["title"], t["text"], t["responsible_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("实施专利导航工程", "围绕主导产业开展专利导航分析,编制产业专利导航报告,为产业规划提供支撑。",
         ["市知识产权局", "市工信局"], "2025年底前"),
        ("推进知识产权质押融资", "建立质押融资风险补偿机制,扩大融资规模。",
         ["市财政局", "市地方金融监管局", "人民银行市中心支行"], "长期坚持"),
        ("加强知识产权保护", "开展专项执法行动。", ["市市场监管局", "市公安局", "各县(市、区)政府"], "年内完成"),
    ]


def test_flattened_table_with_lead_and_cooperating_columns_and_an_empty_cell():
    parsed = parse_plan_text("\n".join([
        "某县知识产权工作方案", "二、重点任务分工", "序号", "重点任务", "牵头单位", "配合单位", "完成时限",
        "1", "建设知识产权公共服务平台", "县知识产权局", "县财政局", "县大数据中心", "2025年底前",
        "2", "开展专利导航", "县科技局", "年内完成",
        "3", "培育知识产权示范企业", "县工信局", "各乡镇(街道)", "长期坚持", "三、保障措施", "加强组织领导。"]))
    assert [(t["title"], t["lead_units"], t["co_units"], t["deadline"]) for t in parsed["tasks"]] == [
        ("建设知识产权公共服务平台", ["县知识产权局"], ["县财政局", "县大数据中心"], "2025年底前"),
        ("开展专利导航", ["县科技局"], [], "年内完成"),
        ("培育知识产权示范企业", ["县工信局"], ["各乡镇(街道)"], "长期坚持"),
    ]


def test_flattened_indicator_table_with_a_merged_category():
    parsed = parse_plan_text("\n".join([
        "某县知识产权强县建设方案(2024-2026年)", "一、主要目标", "序号", "类别", "指标", "单位", "2023年", "2026年", "属性",
        "1", "创造", "有效发明专利拥有量", "件", "1200", "2000", "预期性",
        "2", "PCT国际专利申请量", "件", "10", "30", "预期性",
        "二、重点任务", "1.推进专利转化。(县科技局负责)"]))
    assert [(i["name"], i["unit"], i["baseline"], i["target"], i.get("category"), i["attribute"])
            for i in parsed["indicators"]] == [("有效发明专利拥有量", "件", 1200, 2000, "创造", "预期性"),
                                               ("PCT国际专利申请量", "件", 10, 30, "创造", "预期性")]
