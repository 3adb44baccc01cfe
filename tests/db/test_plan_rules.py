"""The reading rules, one by one: what becomes a task, who answers for it, by when, for whom; targets,
phases and the document's own particulars. Each case is a short document as plans really write it."""
from __future__ import annotations

import pytest

from db.plan_import import parse_plan_text


def tasks_of(text: str) -> list[dict]:
    return parse_plan_text(text)["tasks"]


def units_of(task: dict) -> tuple[list, list, list]:
    return task["lead_units"], task["co_units"], task["responsible_units"]


# ---- responsible units ----------------------------------------------------------------------------
@pytest.mark.parametrize("clause, expected", [
    ("(牵头单位:市市场监督管理局〔知识产权局〕。配合单位:市科技局、市工信局)",
     (["市市场监督管理局〔知识产权局〕"], ["市科技局", "市工信局"], [])),
    ("(牵头单位:市科技局、市财政局;配合单位:各乡镇〔街道〕、园区)",
     (["市科技局", "市财政局"], ["各乡镇〔街道〕", "园区"], [])),
    ("(市科技局、市财政局负责)", ([], [], ["市科技局", "市财政局"])),
    ("(市科技局、市教育局按职责分工负责)", ([], [], ["市科技局", "市教育局"])),
    ("(市科技局牵头,市财政局、各县(市)区人民政府按职责分工负责)",
     (["市科技局"], ["市财政局", "各县(市)区人民政府"], [])),
    ("(市科技局牵头,市工信局配合)", (["市科技局"], ["市工信局"], [])),
    ("(市委宣传部、市文广新局等部门负责)", ([], [], ["市委宣传部", "市文广新局"])),
    ("此项工作由市金融办、人行泰州市中心支行,各市、区政府负责。", ([], [], ["市金融办", "人行泰州市中心支行", "各市、区政府"])),
    ("(市科技局和市财政局负责)", ([], [], ["市科技局", "市财政局"])),
    ("(市自然资源和规划局、市文化广电和旅游局负责)", ([], [], ["市自然资源和规划局", "市文化广电和旅游局"])),
    ("(市科技局会同市财政局负责)", (["市科技局"], ["市财政局"], [])),
])
def test_unit_clause_forms(clause, expected):
    text = f"二、重点任务\n1.推进知识产权工作。加强统筹协调,形成工作合力。{clause}\n2.另一项任务。(市法院负责)\n"
    task = tasks_of(text)[0]
    assert units_of(task) == expected
    assert "负责" not in task["text"] and "牵头单位" not in task["text"]


def test_full_width_brackets_in_unit_clauses():
    text = "二、主要任务\n1.加强保护。开展执法行动。（市公安局牵头，市检察院、市法院按职责分工负责）\n"
    assert units_of(tasks_of(text)[0]) == (["市公安局"], ["市检察院", "市法院"], [])


def test_responsible_unit_line_keeps_bracketed_names_whole():
    text = ("三、主要任务\n(一)提高创造水平\n1.提升专利数量与质量。完善县(市)区发展评价体系。\n"
            "责任单位:市效能办、市统计局、高新区管委会,各县(市)区人民政府\n"
            "2.培育高知名度商标。全面推进企业实施商标战略。\n责任单位:市市场监管局\n")
    first, second = tasks_of(text)
    assert first["responsible_units"] == ["市效能办", "市统计局", "高新区管委会", "各县(市)区人民政府"]
    assert second["responsible_units"] == ["市市场监管局"]


def test_lead_and_co_unit_lines():
    text = "二、重点任务\n1.建设保护中心。\n牵头单位:县市场监管局\n配合单位:县司法局、县法院\n完成时间:2025年底前\n"
    task = tasks_of(text)[0]
    assert units_of(task) == (["县市场监管局"], ["县司法局", "县法院"], [])
    assert task["deadline"] == "2025年底前"


def test_table_cells_inside_an_office():
    text = ("一、“专利制度创新”主体任务\n(一)完善专利法规政策\n1.强化立法研究工作。开展专利立法研究。\n"
            "局内:条法司牵头,相关部门参与\n年内有阶段性成果\n2.加强政策体系设计。开展研究。\n局内:管理司\n"
            "省份:一类、二类省份必做,三类省份选做\n年内\n完成\n")
    first, second = tasks_of(text)
    assert units_of(first) == (["条法司"], [], [])
    assert first["deadline"] == "年内有阶段性成果"
    assert units_of(second) == ([], [], ["管理司"])
    assert second["applicability"] == "一类、二类省份必做,三类省份选做"
    assert second["deadline"] == "年内完成"


def test_a_task_without_units_gets_none_and_a_warning():
    text = ("二、重点任务\n1.第一项。(市科技局负责)\n2.加强人才培养。建立培训体系。\n"
            "3.第三项。(市人社局负责)\n")
    parsed = parse_plan_text(text)
    assert units_of(parsed["tasks"][1]) == ([], [], [])
    assert units_of(parsed["tasks"][2]) == ([], [], ["市人社局"])
    assert any(w.startswith("第2项任务未写明责任单位") for w in parsed["warnings"])
    item = next(i for i in parsed["warning_items"] if "未写明责任单位" in i["message"])
    assert item["task_index"] == 1 and parsed["source_text"].split("\n")[item["line"]].startswith("2.加强人才培养")


def test_ordinary_brackets_are_not_units():
    text = ("二、重点任务\n1.推动企业贯标。贯彻执行《企业知识产权管理规范》(GB/T29490-2013)"
            "和《若干意见》(国发〔2015〕71号),提高管理水平(含中小企业)。\n")
    task = tasks_of(text)[0]
    assert units_of(task) == ([], [], [])
    assert "(GB/T29490-2013)" in task["text"]


def test_addressee_list_of_the_notice_is_not_units():
    text = ("市政府办公室关于印发《某市知识产权工作方案》的通知\n某政办发〔2024〕3号\n"
            "各乡镇人民政府(街道办事处)、园区管委会,市各有关部门(单位):\n现印发给你们,请认真贯彻落实。\n"
            "某市人民政府办公室\n2024年5月31日\n某市知识产权工作方案\n二、重点任务\n1.加强宣传。开展宣传周活动。\n")
    parsed = parse_plan_text(text)
    assert parsed["title"] == "某市知识产权工作方案"
    assert parsed["issuer"] == "某市人民政府办公室"
    assert parsed["doc_number"] == "某政办发〔2024〕3号"
    assert parsed["date"] == "2024-05-31"
    assert [units_of(t) for t in parsed["tasks"]] == [([], [], [])]


# ---- what is a task ---------------------------------------------------------------------------------
PLAN = """某县知识产权强县建设工作方案(2024-2026年)
一、总体要求
(一)指导思想
坚持创新驱动发展。
(二)发展目标
到2026年,知识产权综合实力明显增强。
1.创造质量提升。有效发明专利量达500件。
2.保护环境优化。知识产权纠纷调解率达90%以上。
二、工作措施
(一)加强创造
1.实施专利培育工程。一是建设培育库。二是开展导航。(县市场监管局负责)
2.推进商标品牌建设。培育地理标志。(县农业农村局负责)
(二)加强保护
加大执法力度,开展专项行动。(县公安局负责)
(三)优化服务
建设公共服务平台。(县科技局负责)
三、保障措施
(一)加强组织领导。成立领导小组。
(二)强化考核。将工作纳入绩效考核。(县委组织部、县考核办负责)
"""


def test_tasks_are_the_lowest_items_of_the_work_part_only():
    tasks = tasks_of(PLAN)
    assert [(t["number"], t["title"]) for t in tasks] == [
        ("1", "实施专利培育工程"), ("2", "推进商标品牌建设"), ("(二)", "加强保护"), ("(三)", "优化服务"),
        ("(二)", "强化考核")]
    assert tasks[2]["section_path"] == ["二、工作措施"]
    assert tasks[2]["responsible_units"] == ["县公安局"]
    assert tasks[4]["section_path"] == ["三、保障措施"]
    assert tasks[4]["responsible_units"] == ["县委组织部", "县考核办"]


def test_numbered_goals_are_targets_not_tasks():
    parsed = parse_plan_text(PLAN)
    assert all("质量提升" not in t["title"] for t in parsed["tasks"])
    assert [(i["name"], i["target"], i["unit"], i["target_year"]) for i in parsed["indicators"]] == [
        ("有效发明专利量", 500, "件", 2026), ("知识产权纠纷调解率", 90, "%", 2026)]


@pytest.mark.parametrize("heading", ["二、主要任务", "二、重点任务", "二、具体任务", "二、工作措施", "二、重点工作"])
def test_work_part_names(heading):
    text = f"一、工作目标\n1.专利量达100件。\n{heading}\n1.开展专利导航。(县工信局负责)\n三、保障措施\n(一)加强领导。统筹推进。\n"
    assert [t["title"] for t in tasks_of(text)] == ["开展专利导航"]


def test_items_numbered_with_ideographic_comma_and_nested_items_as_subitems():
    text = ("二、重点任务\n1、建设知识产权强企。\n(1)培育示范企业;\n(2)推进企业贯标。\n(县市场监管局负责)\n"
            "2、加强执法。(县公安局负责)\n")
    first, second = tasks_of(text)
    assert first["title"] == "建设知识产权强企"
    assert [s["label"] for s in first["subitems"]] == ["(1)", "(2)"]
    assert first["responsible_units"] == ["县市场监管局"]
    assert second["responsible_units"] == ["县公安局"]


def test_subitems_keep_their_text():
    task = tasks_of("二、重点任务\n1.加强保护。一是完善机制。建立联席会议。二是加大执法,开展专项行动。(县公安局负责)\n")[0]
    assert task["subitems"] == [{"label": "一是", "text": "完善机制。建立联席会议。"},
                                {"label": "二是", "text": "加大执法,开展专项行动。"}]


def test_headings_and_tasks_run_together_on_one_line():
    text = ("二、重点任务(一)加强创造1.实施专利培育。建设培育库。(县市场监管局负责)2.推进商标建设。培育品牌。"
            "(县农业农村局负责)(二)加强保护3.开展执法行动。打击侵权。(县公安局负责)三、保障措施(一)加强领导。统筹推进。")
    tasks = tasks_of(text)
    assert [(t["number"], t["title"], t["section"], t["responsible_units"]) for t in tasks] == [
        ("1", "实施专利培育", "(一)加强创造", ["县市场监管局"]),
        ("2", "推进商标建设", "(一)加强创造", ["县农业农村局"]),
        ("3", "开展执法行动", "(二)加强保护", ["县公安局"]),
    ]


def test_document_that_breaks_off_inside_the_last_task():
    parsed = parse_plan_text("二、重点任务\n1.加强宣传。开展宣传周活动。(县委宣传部负责)\n2.加强人才培养。建立多层次知识产权人才")
    assert [t["incomplete"] for t in parsed["tasks"]] == [False, True]
    assert any("没有写完" in w for w in parsed["warnings"])


def test_deadline_inside_the_task_text():
    task = tasks_of("二、重点任务\n1.出台奖励办法。(县财政局负责,完成时限:2025年6月底前)\n")[0]
    assert task["responsible_units"] == ["县财政局"]
    assert task["deadline"] == "2025年6月底前"


def test_source_lines_point_at_the_task_in_the_normalised_text():
    parsed = parse_plan_text(PLAN)
    lines = parsed["source_text"].split("\n")
    for task in parsed["tasks"]:
        first, last = task["source_lines"]
        assert task["title"] in lines[first]
        assert first <= last < len(lines)
    for indicator in parsed["indicators"]:
        assert str(indicator["target"]) in lines[indicator["source_lines"][0]]


# ---- targets -------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, expected", [
    ("有效发明专利量达3500件", ("有效发明专利量", 3500, "件", ">=", False)),
    ("万人发明专利拥有量达29件", ("万人发明专利拥有量", 29, "件", ">=", False)),
    ("高企贯标备案率超90%", ("高企贯标备案率", 90, "%", ">=", False)),
    ("专利、商标等知识产权质押融资额累计达20亿元以上", ("知识产权质押融资额", 20, "亿元", ">=", True)),
    ("发明专利申请量年均增长10%以上", ("发明专利申请量年均增长", 10, "%", ">=", False)),
    ("知识产权案件行政查处率超过90%", ("知识产权案件行政查处率", 90, "%", ">=", False)),
    ("专利代理机构不少于12家", ("专利代理机构", 12, "家", ">=", False)),
    ("注册商标总量达到11.5万件", ("注册商标总量", 11.5, "万件", ">=", False)),
    ("专利侵权案件结案周期控制在60天以内", ("专利侵权案件结案周期", 60, "天", "<=", False)),
])
def test_target_sentences(sentence, expected):
    text = f"一、发展目标\n到2026年,{sentence}。\n二、重点任务\n1.开展导航。(县工信局负责)\n"
    indicators = parse_plan_text(text)["indicators"]
    assert [(i["name"], i["target"], i["unit"], i["comparison"], i["cumulative"]) for i in indicators] == [expected]
    assert indicators[0]["target_year"] == 2026


def test_targets_written_jointly_are_split():
    text = "一、工作目标\n到2018年,发明专利申请量、授权量年均分别增长10%以上。\n"
    indicators = parse_plan_text(text)["indicators"]
    assert [i["name"] for i in indicators] == ["发明专利申请量年均增长", "发明专利授权量年均增长"]


def test_target_without_a_year_is_flagged():
    parsed = parse_plan_text("一、工作目标\n有效发明专利量达500件。\n二、重点任务\n1.开展导航。(县工信局负责)\n")
    assert parsed["indicators"][0]["target_year"] is None
    assert any("未写明目标年份" in w for w in parsed["warnings"])
    item = next(i for i in parsed["warning_items"] if "未写明目标年份" in i["message"])
    assert item["indicator_index"] == 0 and item["task_index"] is None


def test_indicator_table_flattened_with_bars():
    text = ("某市知识产权发展规划(2021-2025年)\n一、发展目标\n表1 主要指标\n"
            "序号 | 类别 | 指标 | 单位 | 2020年 | 2025年 | 属性\n"
            "1 | 创造 | 每万人口高价值发明专利拥有量 | 件 | 5.2 | 9 | 预期性\n"
            "2 | | 有效发明专利量 | 件 | 3000 | 6000 | 预期性\n"
            "3 | 运用 | 知识产权质押融资额 | 亿元 | 10 | 〔60〕 | 预期性\n"
            "二、主要任务\n1.实施提质工程。(市市场监管局负责)\n")
    indicators = parse_plan_text(text)["indicators"]
    assert [(i["name"], i.get("category"), i["baseline"], i["baseline_year"], i["target"], i["target_year"],
             i["cumulative"], i["attribute"]) for i in indicators] == [
        ("每万人口高价值发明专利拥有量", "创造", 5.2, 2020, 9, 2025, False, "预期性"),
        ("有效发明专利量", "创造", 3000, 2020, 6000, 2025, False, "预期性"),
        ("知识产权质押融资额", "运用", 10, 2020, 60, 2025, True, "预期性"),
    ]


# ---- phases --------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ("(一)启动阶段(2024年1月-2024年4月)", ("启动阶段", "2024-01", "2024-04")),
    ("(二)实施阶段(2024年5月—2026年6月)", ("实施阶段", "2024-05", "2026-06")),
    ("第一阶段:试点探索(2015—2020年)", ("第一阶段:试点探索", "2015", "2020")),
    ("1.总结验收阶段:2026年9月至12月。", ("总结验收阶段", "2026-09", "2026-12")),
    ("(三)评估阶段(2026年7月-8月)", ("评估阶段", "2026-07", "2026-08")),
])
def test_phase_forms(line, expected):
    text = f"二、重点任务\n1.开展导航。(县工信局负责)\n三、实施步骤\n{line}\n召开会议,部署工作。\n"
    phases = parse_plan_text(text)["phases"]
    assert [(p["name"], p["start"], p["end"]) for p in phases] == [expected]


def test_phases_are_not_tasks():
    text = "二、重点任务\n1.开展导航。(县工信局负责)\n三、实施计划\n(一)启动阶段(2024年1月-2024年4月)\n细化方案。\n"
    parsed = parse_plan_text(text)
    assert [t["title"] for t in parsed["tasks"]] == ["开展导航"]
    assert len(parsed["phases"]) == 1


# ---- particulars ---------------------------------------------------------------------------------
def test_plan_without_a_notice():
    parsed = parse_plan_text("当前位置:首页\n>政务>发展规划\n《2014年全国专利事业发展战略推进计划》\n"
                             "一、主体任务\n1.强化立法研究。(条法司负责)\n")
    assert parsed["title"] == "2014年全国专利事业发展战略推进计划"
    assert parsed["issuer"] is None and parsed["doc_number"] is None and parsed["date"] is None


def test_document_numbers_cited_in_the_text_are_not_the_plans_number():
    parsed = parse_plan_text("某市知识产权工作方案\n根据《若干意见》(国发〔2015〕71号)精神,制定本方案。\n"
                             "一、重点任务\n1.开展导航。(市工信局负责)\n")
    assert parsed["doc_number"] is None


def test_output_has_the_contract_keys():
    parsed = parse_plan_text(PLAN)
    assert list(parsed)[:4] == ["title", "issuer", "doc_number", "date"]
    for key in ("tasks", "indicators", "phases", "warnings", "source_text", "warning_items"):
        assert key in parsed
    assert set(parsed["tasks"][0]) >= {"number", "title", "text", "section", "lead_units", "co_units",
                                       "responsible_units", "deadline", "applicability", "incomplete",
                                       "section_path", "subitems", "source_lines"}
    assert set(parsed["indicators"][0]) >= {"name", "unit", "baseline", "baseline_year", "target", "target_year",
                                            "comparison", "cumulative", "attribute", "source_text", "source_lines"}
    assert set(parsed["phases"] and parsed["phases"][0] or {"name": 1, "start": 1, "end": 1}) >= {"name", "start", "end"}


# ---- more ways plans are written ---------------------------------------------------------------------
def test_chapters_and_sections():
    text = ("第一章 总体要求\n坚持创新驱动。\n第二章 主要任务\n第一节 提升创造质量\n一、实施专利提质工程。建设培育库。(市科技局负责)\n"
            "二、推进商标品牌建设。(市农业农村局负责)\n第二节 加强保护\n一、开展执法行动。(市公安局负责)\n")
    tasks = tasks_of(text)
    assert [(t["title"], t["section_path"]) for t in tasks] == [
        ("实施专利提质工程", ["第二章 主要任务", "第一节 提升创造质量"]),
        ("推进商标品牌建设", ["第二章 主要任务", "第一节 提升创造质量"]),
        ("开展执法行动", ["第二章 主要任务", "第二节 加强保护"]),
    ]


def test_table_pasted_with_tabs_and_units_separated_by_spaces():
    text = "二、重点任务\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t开展专利导航\t县工信局\t县科技局 县财政局\t2025年底前\n"
    task = tasks_of(text)[0]
    assert (task["title"], task["lead_units"], task["co_units"], task["deadline"]) == (
        "开展专利导航", ["县工信局"], ["县科技局", "县财政局"], "2025年底前")


def test_signed_at_the_end_with_a_date_in_chinese_numerals():
    parsed = parse_plan_text("某县知识产权工作方案\n一、重点任务\n1.开展导航。(县工信局负责)\n某县人民政府\n二〇二四年五月三十一日\n")
    assert (parsed["issuer"], parsed["date"]) == ("某县人民政府", "2024-05-31")
    assert parsed["tasks"][0]["text"] == ""


def test_several_targets_in_one_clause_and_a_baseline():
    text = ("一、发展目标\n到2025年,培育知识产权示范企业10家、优势企业30家,有效发明专利量由2020年的3000件增加到6000件。\n"
            "二、重点任务\n1.开展导航。(县工信局负责)\n")
    indicators = parse_plan_text(text)["indicators"]
    assert [(i["name"], i["baseline"], i["baseline_year"], i["target"], i["unit"], i["target_year"]) for i in indicators] == [
        ("培育知识产权示范企业", None, None, 10, "家", 2025), ("优势企业", None, None, 30, "家", 2025),
        ("有效发明专利量", 3000, 2020, 6000, "件", 2025)]


@pytest.mark.parametrize("line, expected", [
    ("(一)2024年1月—4月为动员部署阶段。主要是制定方案。", ("动员部署阶段", "2024-01", "2024-04")),
    ("(二)巩固提高阶段(2026年)", ("巩固提高阶段", "2026", "2026")),
])
def test_more_phase_forms(line, expected):
    text = f"二、重点任务\n1.开展导航。(县工信局负责)\n三、进度安排\n{line}\n"
    assert [(p["name"], p["start"], p["end"]) for p in parse_plan_text(text)["phases"]] == [expected]


def test_unit_clause_after_a_list_of_steps_belongs_to_the_task():
    text = ("二、重点任务\n(一)加强知识产权保护。健全保护体系。\n1.完善快速维权机制;\n2.加大执法力度。\n(县市场监管局负责)\n"
            "(二)优化服务。建设平台。(县科技局负责)\n")
    tasks = tasks_of(text)
    assert [(t["number"], t["responsible_units"], [s["label"] for s in t["subitems"]]) for t in tasks] == [
        ("(一)", ["县市场监管局"], ["1.", "2."]), ("(二)", ["县科技局"], [])]


def test_a_group_written_with_an_ideographic_comma_is_kept_whole_and_flagged():
    parsed = parse_plan_text("二、重点任务\n1.推进金融服务。扩大质押融资。此项工作由市金融办,各市、区政府负责。\n")
    assert parsed["tasks"][0]["responsible_units"] == ["市金融办", "各市、区政府"]
    assert any("各市、区政府" in w and "一个单位" in w for w in parsed["warnings"])


def test_attached_task_division_table_completes_the_body_tasks():
    text = ("某市知识产权强市建设实施方案\n二、重点任务\n1.加强高价值专利培育。建设培育中心。\n"
            "2.推进商标品牌建设。培育地理标志。(市农业农村局负责)\n三、保障措施\n(一)加强组织领导。统筹推进。\n"
            "附件\n重点任务分工表\n序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限\n"
            "1 | 加强高价值专利培育 | 市市场监管局 | 市科技局 | 2025年底前\n2 | 推进商标品牌建设 | 市市场监管局 | | 长期坚持\n"
            "3 | 开展专利导航 | 市工信局 | | 年内完成\n")
    parsed = parse_plan_text(text)
    assert [(t["title"], t["section_path"], t["lead_units"], t["co_units"], t["responsible_units"], t["deadline"])
            for t in parsed["tasks"]] == [
        ("加强高价值专利培育", ["二、重点任务"], ["市市场监管局"], ["市科技局"], [], "2025年底前"),
        ("推进商标品牌建设", ["二、重点任务"], [], [], ["市农业农村局"], "长期坚持"),
        ("开展专利导航", ["附件:重点任务分工表"], ["市工信局"], [], [], "年内完成"),
    ]
    assert any("开展专利导航" in w and "没有同名任务" in w for w in parsed["warnings"])


def test_indicator_table_with_cells_separated_by_spaces():
    text = ("某市知识产权发展规划(2021-2025年)\n一、发展目标\n序号 类别 指标 单位 2020年 2025年 属性\n"
            "1 创造 每万人口高价值发明专利拥有量 件 5.2 9 预期性\n2 有效发明专利量 件 3000 6000 预期性\n"
            "二、主要任务\n1.实施提质工程。(市市场监管局负责)\n")
    assert [(i["name"], i.get("category"), i["baseline"], i["target"], i["target_year"])
            for i in parse_plan_text(text)["indicators"]] == [
        ("每万人口高价值发明专利拥有量", "创造", 5.2, 9, 2025), ("有效发明专利量", "创造", 3000, 6000, 2025)]


@pytest.mark.parametrize("clause, expected", [
    ("〔责任单位:县市场监督管理局〔知识产权局〕、县科技局〕", ([], [], ["县市场监督管理局〔知识产权局〕", "县科技局"])),
    ("【牵头单位:县科技局;配合单位:县财政局】", (["县科技局"], ["县财政局"], [])),
    ("(县科技局、县财政局)", ([], [], ["县科技局", "县财政局"])),
    ("(县科技局牵头,县有关部门按职责分工负责)", (["县科技局"], [], [])),
])
def test_more_unit_clause_brackets(clause, expected):
    task = tasks_of(f"二、重点任务\n1.推进专利培育。建设培育中心。{clause}\n")[0]
    assert units_of(task) == expected
    assert task["text"] == "建设培育中心。"


def test_deadline_written_inside_the_unit_clause_without_a_label():
    task = tasks_of("二、重点任务\n1.出台奖励办法。修订资助政策。(县财政局负责;2025年底前完成)\n")[0]
    assert (task["responsible_units"], task["deadline"]) == (["县财政局"], "2025年底前完成")
    assert task["text"] == "修订资助政策。"


def test_units_of_a_heading_apply_to_its_items_that_name_none():
    text = ("二、重点任务\n(一)加强知识产权保护(牵头单位:市市场监管局)\n1.完善维权机制。建立快速维权中心。\n"
            "2.加大执法力度。开展专项行动。(配合单位:市公安局)\n(二)优化服务\n3.建设平台。\n")
    assert [(t["number"], t["lead_units"], t["co_units"]) for t in tasks_of(text)] == [
        ("1", ["市市场监管局"], []), ("2", ["市市场监管局"], ["市公安局"]), ("3", [], [])]


def test_goals_written_as_a_paragraph_of_the_general_requirements():
    text = ("某县工作方案\n一、总体要求\n坚持创新驱动。\n主要目标:到2025年,有效发明专利量达500件,专利质押融资额累计达2亿元。\n"
            "二、重点任务\n1.开展导航。(县工信局负责)\n")
    assert [(i["name"], i["target"], i["target_year"], i["cumulative"]) for i in parse_plan_text(text)["indicators"]] == [
        ("有效发明专利量", 500, 2025, False), ("专利质押融资额", 2, 2025, True)]


def test_phases_listed_in_one_sentence_and_no_phase_from_ordinary_dates():
    text = ("二、重点任务\n1.开展导航。(县工信局负责)\n三、实施步骤\n"
            "本方案分三个阶段推进:启动阶段(2024年1月—4月)、实施阶段(2024年5月—2026年6月)、验收阶段(2026年7月—12月)。\n"
            "全面总结2026年工作。\n")
    assert [(p["name"], p["start"], p["end"]) for p in parse_plan_text(text)["phases"]] == [
        ("启动阶段", "2024-01", "2024-04"), ("实施阶段", "2024-05", "2026-06"), ("验收阶段", "2026-07", "2026-12")]


def test_indicator_table_with_planned_values_takes_the_plan_end_year_and_says_so():
    text = ("某县知识产权强县建设工作方案(2024-2026年)\n一、工作目标\n序号|类别|指标|单位|基期值|规划值|属性\n"
            "1|创造|有效发明专利量|件|800|≥1200|约束性\n二、重点任务\n1.开展导航。(县工信局负责)\n")
    parsed = parse_plan_text(text)
    indicator = parsed["indicators"][0]
    assert (indicator["name"], indicator["baseline"], indicator["target"], indicator["target_year"],
            indicator["comparison"], indicator["attribute"]) == ("有效发明专利量", 800, 1200, 2026, ">=", "约束性")
    assert any("截止年2026年" in w for w in parsed["warnings"])


def test_title_ending_in_a_colon_and_a_bare_deadline_in_brackets():
    task = tasks_of("二、重点任务\n1.高价值专利培育工程:围绕主导产业建设培育中心。(市科技局负责)(2025年底前完成)\n")[0]
    assert (task["title"], task["text"], task["deadline"], task["responsible_units"]) == (
        "高价值专利培育工程", "围绕主导产业建设培育中心。", "2025年底前完成", ["市科技局"])


def test_a_notice_cited_in_the_preamble_is_not_a_covering_notice():
    parsed = parse_plan_text("某县知识产权工作方案\n根据《某市人民政府关于印发某市知识产权强市建设方案的通知》精神,制定本方案。\n"
                             "一、重点任务\n1.开展导航。(县工信局负责)\n某县人民政府\n2024年5月31日\n")
    assert (parsed["title"], parsed["issuer"], parsed["date"], len(parsed["tasks"])) == (
        "某县知识产权工作方案", "某县人民政府", "2024-05-31", 1)


def test_unlabelled_unit_cells_of_a_flattened_table():
    text = ("二、重点任务\n1.强化立法研究。开展基本法研究。\n条法司、管理司\n年内完成\n2.推进转化。开展试点。\n"
            "市科技局 市财政局\n3.加强宣传。开展宣传周。\n")
    assert [(t["responsible_units"], t["deadline"], t["text"]) for t in tasks_of(text)] == [
        (["条法司", "管理司"], "年内完成", "开展基本法研究。"), (["市科技局", "市财政局"], None, "开展试点。"),
        ([], None, "开展宣传周。")]


def test_units_named_beside_a_lead_are_its_co_units():
    text = ("二、重点任务\n1.建设保护中心。(牵头单位:市知识产权局;责任单位:各县(市)区人民政府、市科技局)\n"
            "2.开展导航。\n牵头单位:市工信局\n责任单位:市科技局\n")
    assert [units_of(t) for t in tasks_of(text)] == [
        (["市知识产权局"], ["各县(市)区人民政府", "市科技局"], []), (["市工信局"], ["市科技局"], [])]


def test_unit_clause_in_square_brackets_before_the_title_and_headings_with_a_body_below():
    text = ("二、重点任务\n(一)实施专利导航工程\n围绕主导产业开展专利导航分析。\n责任单位:市工信局\n"
            "(二)推进转化\n1.【市科技局牵头,市财政局配合】实施开放许可。开展试点。\n")
    assert [(t["number"], t["title"], units_of(t), t["text"]) for t in tasks_of(text)] == [
        ("(一)", "实施专利导航工程", ([], [], ["市工信局"]), "围绕主导产业开展专利导航分析。"),
        ("1", "实施开放许可", (["市科技局"], ["市财政局"], []), "开展试点。")]


def test_a_who_does_what_part_sets_no_tasks():
    text = ("二、重点任务\n1.实施专利导航。开展分析。(市工信局负责)\n三、职责分工\n(一)市市场监管局(知识产权局):负责统筹协调。\n"
            "(二)市科技局:负责科技成果转化。\n")
    assert [t["title"] for t in tasks_of(text)] == ["实施专利导航"]
