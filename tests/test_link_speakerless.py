"""Linking without a named speaker: transcripts, first person, fallback
actors, numbered lists and sections of a plan (issue 11)."""
from __future__ import annotations

import pytest

from conftest import assert_spans_reproduce

PRESS_CONFERENCE = """澜州市稳就业新闻发布会实录
发布人：澜州市人力资源和社会保障局党组书记、局长 何建新
　　　　澜州市就业服务中心主任 田思雨
主持人：市政府新闻办副主任 罗佳
[罗佳]：各位记者朋友，上午好。首先请何建新局长介绍有关情况。
[何建新]：谢谢主持人。今年以来，全市城镇新增就业3.2万人，完成年度目标的64%。
下半年，我们将新建零工市场12个，力争全年城镇新增就业5万人以上。
【现场问答】
澜州日报记者：高校毕业生就业有哪些安排？
田主任：今年将组织专场招聘会60场，提供岗位2万个以上。
"""

INTERVIEW = """本报记者专访了泷水县教育局党组书记、局长覃海燕。
问：县城学位紧张的问题能否缓解？
答：今年县里新建中小学和幼儿园9所，新增学位5,400个。
明年还将再新增学位3000个。
问：课后服务怎么开展？
答：我们将实现义务教育学校课后服务全覆盖。
"""


def _actors(records):
    return [(r.actor.name or r.actor.agency or r.actor.place, r.modality) for r in records]


def test_labelled_turns_belong_to_the_labelled_official(extract):
    result = extract(PRESS_CONFERENCE)
    assert_spans_reproduce(PRESS_CONFERENCE, result)
    by_name = {}
    for r in result.commitments:
        by_name.setdefault(r.actor.name, []).append(r)
    he = by_name["何建新"]
    assert {r.modality for r in he} == {"achievement", "pledge"}
    assert any(t.value == 50000 and t.comparator == "ge" for r in he for t in r.targets)
    assert all("+zh.turn.label_name" in r.rule for r in he)


def test_a_title_label_names_the_official_with_that_title(extract):
    records = extract(PRESS_CONFERENCE).commitments
    (tian,) = [r for r in records if r.actor.name == "田思雨"]
    assert tian.modality == "pledge" and tian.rule.endswith("zh.turn.label_title")
    assert [t.value for t in tian.targets] == [60, 20000]


def test_hosts_and_reporters_make_no_commitment(extract):
    records = extract(PRESS_CONFERENCE).commitments
    assert not any("上午好" in r.text or "有哪些安排" in r.text for r in records)
    assert not any(r.actor.name == "罗佳" for r in records)


def test_answers_belong_to_the_person_interviewed(extract):
    records = extract(INTERVIEW).commitments
    assert {r.actor.name for r in records} == {"覃海燕"}
    modalities = [r.modality for r in records]
    assert modalities.count("pledge") == 2 and "achievement" in modalities
    assert not any("能否缓解" in r.text for r in records)


REPORT = """2024年政府工作报告
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2023年工作回顾
城镇新增就业1244万人，城镇调查失业率平均为5.2%。
二、2024年经济社会发展总体要求和政策取向
今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右。
"""


def test_a_declared_issuer_acts_for_the_report(extract):
    records = extract(REPORT).commitments
    assert records and all(r.actor.agency == "国务院" and r.actor.place == "中国" for r in records)
    assert all(r.actor.kind == "government" and r.actor.rule == "zh.actor.issuer" for r in records)


def test_a_plan_section_makes_its_figures_pledges(extract):
    records = extract(REPORT).commitments
    by_value = {t.value: r.modality for r in records for t in r.targets}
    assert by_value[12440000] == "achievement"
    assert by_value[12000000] == "pledge" and by_value[5] == "pledge"


@pytest.mark.parametrize("text, agency", [
    ("来源：青岚市民政局\n今年以来，我局累计发放低保金1.2亿元，惠及困难群众3.1万人。\n", "青岚市民政局"),
    ("来源：泷水县人社局\n我们将开发公益性岗位300个，托底安置就业困难人员。\n", "泷水县人社局"),
])
def test_first_person_is_the_publishing_agency(extract, text, agency):
    (record,) = extract(text).commitments
    assert record.actor.kind == "agency" and record.actor.agency == agency
    assert record.rule.startswith("zh.subject.first_person+zh.actor.publisher")


def test_a_sentence_without_a_subject_falls_back_to_the_last_agency(extract):
    text = ("临溪市残联召开残疾人就业工作推进会。\n"
            "会议通报，一季度全市新增残疾人就业1,020人。\n"
            "今年共组织职业技能培训2600余人次，帮助182户残疾人家庭实现增收。\n")
    records = extract(text).commitments
    last = [r for r in records if "2600" in r.text]
    assert last and last[0].actor.agency == "临溪市残联"


@pytest.mark.parametrize("text", [
    "连日来，全市广大干部群众纷纷表示，要把会议精神落到实处。\n",
    "消息传来，大家一致表示要为家乡发展贡献力量。\n",
])
def test_people_reacting_are_no_actor(extract, text):
    assert extract("来源：青岚市人民政府\n" + text).commitments == []


def test_a_guessed_actor_gets_no_plan_without_a_number(extract):
    text = "澜州讯　澜州市人社局今年新增就业1.2万人。\n活动将持续到月底。\n"
    records = extract(text).commitments
    assert all("持续到月底" not in r.text for r in records)


@pytest.mark.parametrize("text, items", [
    ("市民政局将重点抓好三项工作：一是新建社区食堂20个；二是培训养老护理员500人；三是改造特殊困难老年人家庭居家环境300户。\n", 3),
    ("市卫健委今年将：（一）新增托位1200个；（二）建成示范性托育机构5家。\n", 2),
])
def test_each_list_item_is_a_record_of_its_own(extract, text, items):
    records = extract(text).commitments
    assert len([r for r in records if r.targets]) == items
    assert all(r.modality == "pledge" for r in records)


def test_a_top_level_heading_ends_the_plan_section(extract):
    text = ("我代表市人民政府作报告。\n二、今年主要目标任务\n全年新增城镇就业3万人以上。\n"
            "三、今年的工作\n过去一年，全市新建养老服务中心12个，城镇新增就业3.3万人。\n")
    by_value = {t.value: r.modality for r in extract(text).commitments for t in r.targets}
    assert by_value[30000] == "pledge"
    assert by_value[12] == "achievement" and by_value[33000] == "achievement"


@pytest.mark.parametrize("text, modality", [
    ("市人社局今年的预期目标是：新增就业1.2万人；开展技能培训8000人次；零就业家庭动态清零。\n", "pledge"),
    ("市民政局已建成社区食堂40个；新增养老床位600张。\n", "achievement"),
])
def test_clauses_after_a_semicolon_share_the_modality_of_their_sentence(extract, text, modality):
    records = extract(text).commitments
    assert [r.modality for r in records] == [modality]
    assert len(records[0].targets) == 2


def test_a_policy_qa_is_answered_by_the_publishing_agency(extract):
    text = ("《低保实施办法》政策解读\n来源：泷水县民政局\n"
            "近日，县政府办公室印发《实施办法》。\n"
            "问：今年的低保标准提高了多少？\n"
            "答：城市低保标准由每人每月780元提高到820元。\n"
            "今年计划培训社会救助经办人员300人次以上。\n")
    records = extract(text).commitments
    assert records and all(r.actor.agency == "泷水县民政局" for r in records)
    assert not any("提高了多少" in r.text for r in records)
    assert any(t.value == 300 for r in records for t in r.targets)


def test_a_headline_opening_with_an_agency_is_who_we_are(extract):
    text = ("青岚市民政局2024年工作总结\n"
            "2024年，我局累计发放各类救助资金9.82亿元，同比增长6.4%。\n")
    (record,) = extract(text).commitments
    assert record.actor.agency == "青岚市民政局" and record.actor.rule == "zh.subject.first_person+zh.actor.headline_agency"


def test_table_rows_are_records_of_the_reporting_agency(extract):
    text = ("青岚市人社局2024年就业工作进展\n"
            "青岚市人社局通报了上半年主要指标完成情况。\n"
            "指标名称 单位 全年目标 完成数 完成率\n"
            "城镇新增就业 万人 5.2 3.1 59.6%\n"
            "职业技能培训 万人次 4 2.6 65%\n")
    records = [r for r in extract(text).commitments if any(t.rule == "zh.target.table" for t in r.targets)]
    assert len(records) == 2
    assert all(r.modality == "achievement" and r.actor.agency == "青岚市人社局" for r in records)
    assert [t.value for t in records[0].targets] == [52000, 31000, 59.6]
