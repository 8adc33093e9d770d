"""Stage 5b on the number forms real articles use: grouped and spaced figures,
余/多 before 万/亿, figures closed by 万/亿 with no counter, percentage points,
metrics after or around the number, and tables flattened to text.

These read `doc._.targets` (the stage's own output), so they do not depend on
which sentences the linker turns into records.
"""
from __future__ import annotations

import pytest

from pipeline.run.extract import process

TITLE = "民生工作进展情况\n"  # the first line is the headline, never a body paragraph


def targets_of(body: str) -> dict[str, object]:
    source = TITLE + body
    hits = process(source, "t.txt", use_ner=False)._.targets
    for h in hits:
        assert source[h.start:h.end] == h.text
    return {h.text: h for h in hits}


def check(body: str, text: str, value, unit, comparator: str = "eq", metric: str | None = None):
    found = targets_of(body)
    assert text in found, found
    t = found[text]
    assert (t.value, t.unit, t.comparator) == (value, unit, comparator)
    if metric:
        assert t.metric and metric in t.metric, t.metric
    return t


@pytest.mark.parametrize("body,text,value,unit,metric", [
    ("省财政厅今年安排保障性住房专项资金4,700亿元。", "4,700亿元", 470000000000, "元", "保障性住房专项资金"),
    ("行政院拍板社會住宅第二期計畫，總經費4,700億元。", "4,700億元", 470000000000, "元", "總經費"),
    ("全省基本医疗保险参保人数稳定在5,921万人。", "5,921万人", 59210000, "人", "基本医疗保险参保人数"),
    ("市财政累计拨付养老服务补贴1,234.5万元。", "1,234.5万元", 12345000, "元", "养老服务补贴"),
])
def test_grouped_figures_with_a_magnitude(body, text, value, unit, metric):
    check(body, text, value, unit, metric=metric)


@pytest.mark.parametrize("body,text,value,unit", [
    ("全年开展补贴性职业技能培训39631 人次。", "39631 人次", 39631, "人次"),
    ("县财政投入学前教育资金4331 万元。", "4331 万元", 43310000, "元"),
    ("全市普惠性托位占比达到12.5 %。", "12.5 %", 12.5, "%"),
    ("社区食堂全年服务老年人39631\u3000人次。", "39631\u3000人次", 39631, "人次"),
])
def test_a_space_between_figure_and_unit(body, text, value, unit):
    check(body, text, value, unit)


@pytest.mark.parametrize("body,text,value,unit", [
    ("今年以来，全省居家养老服务惠及2600余万人次。", "2600余万人次", 26000000, "人次"),
    ("“十四五”以来，全省城市更新累计完成投资5000多亿元。", "5000多亿元", 500000000000, "元"),
    ("五年来，全国棚户区住房改造620多万套。", "620多万套", 6200000, "套"),
    ("去年末居民储蓄存款余额新增4万多亿元。", "4万多亿元", 4000000000000, "元"),
    ("全年发放各类救助资金4,580余万元。", "4,580余万元", 45800000, "元"),
])
def test_yu_and_duo_before_the_magnitude(body, text, value, unit):
    check(body, text, value, unit, "gt")


@pytest.mark.parametrize("body,text,value,comparator,metric", [
    ("截至6月底，全省失业保险参保人数达到532万，较上年末有所增加。", "532万", 5320000, "eq", "失业保险参保人数"),
    ("全省城市更新累计完成投资5000多亿，群众居住条件明显改善。", "5000多亿", 500000000000, "gt", "完成投资"),
    ("去年农村贫困人口减少1000万以上。", "1000万以上", 10000000, "ge", "农村贫困人口"),
    ("全市医保电子凭证激活用户突破1.2亿。", "突破1.2亿", 120000000, "gt", "医保电子凭证激活用户"),
    ("新开工改造城镇老旧小区5.6万个，惠及近千万家庭。", "近千万", 10000000, "approx", "家庭"),
    ("提高专项附加扣除标准后，6600多万纳税人受益。", "6600多万", 66000000, "gt", "纳税人"),
    ("又解决6434万农村人口饮水安全问题。", "6434万", 64340000, "eq", "农村人口饮水安全"),
])
def test_a_figure_closed_by_wan_or_yi_is_a_count_without_unit(body, text, value, comparator, metric):
    t = check(body, text, value, None, comparator, metric)
    assert t.rule == "zh.target.bare"


@pytest.mark.parametrize("body,text,value,high,unit", [
    ("今年国内生产总值预期增长6.5%－7%。", "6.5%－7%", 6.5, 7, "%"),
    ("单身青年租金补贴加码幅度为1.2倍至1.8倍。", "1.2倍至1.8倍", 1.2, 1.8, "倍"),
    ("新建项目预计可提供就业岗位1至1.5万个。", "1至1.5万个", 10000, 15000, "个"),
])
def test_a_range_is_at_least_its_lower_bound(body, text, value, high, unit):
    t = check(body, text, value, unit, "ge")
    assert t.value_high == high


@pytest.mark.parametrize("body,text,unit,metric", [
    ("提高起征点后，降低900多万个体工商户税负。", "900多万", None, "个体工商户"),  # 个体, not 个
    ("全年发电量达到4455亿千瓦小时。", "4455亿千瓦小时", "千瓦小时", "发电量"),
    ("全年为适龄女生接种HPV疫苗1.2万剂次。", "1.2万剂次", "剂次", "HPV疫苗"),
])
def test_a_counter_is_read_as_a_whole_word(body, text, unit, metric):
    t = targets_of(body)[text]
    assert t.unit == unit and metric in t.metric


@pytest.mark.parametrize("body", [
    "楼盘广告：首付10万起住三房。",  # a starting price
    "我市深入开展“万人助万企”活动，千方百计稳就业。",  # slogans and idioms
    "这些成绩是在近14亿人口的发展中大国取得的。",  # the population: background
    "全市招聘会吸引数十万人次参加。",  # vague amounts
    "今年起，2024年新建项目一律实行清单管理。",  # a year is not closed by 万/亿
])
def test_not_a_bare_count(body):
    assert [h for h in targets_of(body).values() if h.rule == "zh.target.bare"] == []


@pytest.mark.parametrize("body,text,unit,metric", [
    ("3月份全省城镇调查失业率为5.3%，比上年同期下降0.2个百分点。", "0.2个百分点", "个百分点", "城镇调查失业率"),
    ("全年城镇调查失业率5.2%，低于控制目标0.3个百分点。", "0.3个百分点", "个百分点", "城镇调查失业率"),
    ("長照服務涵蓋率為67.2%，較去年同期增加5.1個百分點。", "5.1個百分點", "個百分點", "涵蓋率"),
    ("今年赤字率拟按2.8%安排，比去年预算高0.2个百分点。", "0.2个百分点", "个百分点", "赤字率"),
    ("六月末城镇调查失业率为5.1%，比一季度末下降0.3个百分点。", "0.3个百分点", "个百分点", "城镇调查失业率"),
])
def test_percentage_points_measure_the_rate_just_given(body, text, unit, metric):
    found = targets_of(body)
    t = found[text]
    assert t.unit == unit and t.change
    assert metric in t.metric and "%" not in t.metric


def test_percentage_points_after_a_named_rate_keep_it():
    t = check("常住人口家庭医生签约服务覆盖率提高1个百分点以上。", "1个百分点以上", 1, "个百分点", "ge", "覆盖率")
    assert t.change


@pytest.mark.parametrize("body,text,metric", [
    ("今年共新增1万名残疾人就业。", "1万名", "残疾人就业"),
    ("全年培训2.3万人次农民工。", "2.3万人次", "农民工"),
    ("全市建成135个社区食堂。", "135个", "社区食堂"),
    ("省财政投入4,700亿元用于保障性住房建设。", "4,700亿元", "省财政投入"),  # a purpose is not the metric
])
def test_what_is_counted_may_follow_the_figure(body, text, metric):
    assert targets_of(body)[text].metric == metric


@pytest.mark.parametrize("body,first,second,metric", [
    ("全省已建成零工市场135个，年底将达260个。", "135个", "260个", "零工市场"),
    ("全县已建成村级互助幸福院135个，年底前将增加到160个。", "135个", "160个", "村级互助幸福院"),
    ("城市低保标准由每人每月760元提高到820元。", "760元", "820元", "城市低保标准"),
    ("失业人员再就业1.2万人，分别完成年度目标的81.3%和94.8%。", "81.3%", "94.8%", "完成年度目标"),
    ("全年开展技能培训4.1万人次，完成全年目标任务36000人次的113.9%。", "36000人次", "113.9%", "完成全年目标任务"),
    ("去年城镇新增就业32万人，完成年度目标任务30万人的106.7%。", "30万人", "106.7%", "完成年度目标任务"),
])
def test_a_figure_that_continues_the_previous_one_counts_the_same(body, first, second, metric):
    found = targets_of(body)
    assert found[first].metric == found[second].metric
    assert metric in found[second].metric


TABLE_PROGRESS = (
    "表1 就业创业主要指标完成情况\n"
    "指标名称 单位 全年目标 1—6月完成数 完成率\n"
    "城镇新增就业 万人 4.8 2.6 54.2%\n"
    "城镇调查失业率 % 5.5以内 5.2 —\n"
    "发放创业担保贷款 亿元 8 3.9 48.8%\n"
)
TABLE_PROJECTS = (
    "序号 项目名称 单位 年度目标 累计完成 完成进度 责任单位\n"
    "1 新建老年助餐点 个 40 36 90.0% 县民政局\n"
    "2 适龄妇女“两癌”免费筛查 人 1.5万 1.32万 88.0% 县卫生健康局\n"
)
TABLE_BULLETIN = (
    "指标 单位 绝对数 比上年增长（%）\n"
    "普通高中在校生 人 9,412 3.1\n"
    "小学在校生 人 38,050 -2.7\n"
)


@pytest.mark.parametrize("table,text,value,unit,comparator,metric", [
    (TABLE_PROGRESS, "4.8", 48000, "人", "eq", "城镇新增就业"),
    (TABLE_PROGRESS, "2.6", 26000, "人", "eq", "城镇新增就业"),
    (TABLE_PROGRESS, "54.2%", 54.2, "%", "eq", "完成率"),
    (TABLE_PROGRESS, "5.5以内", 5.5, "%", "le", "城镇调查失业率"),
    (TABLE_PROGRESS, "5.2", 5.2, "%", "eq", "城镇调查失业率"),
    (TABLE_PROGRESS, "8", 800000000, "元", "eq", "发放创业担保贷款"),
    (TABLE_PROJECTS, "40", 40, "个", "eq", "新建老年助餐点"),
    (TABLE_PROJECTS, "1.32万", 13200, "人", "eq", "适龄妇女“两癌”免费筛查"),
    (TABLE_PROJECTS, "88.0%", 88.0, "%", "eq", "完成进度"),
    (TABLE_BULLETIN, "9,412", 9412, "人", "eq", "普通高中在校生"),
    (TABLE_BULLETIN, "-2.7", -2.7, "%", "eq", "小学在校生"),
    ("城镇新增就业（万人） 5.6\n", "5.6", 56000, "人", "eq", "城镇新增就业"),
])
def test_table_rows(table, text, value, unit, comparator, metric):
    t = check(table, text, value, unit, comparator)
    assert t.metric == metric and t.rule == "zh.target.table"


def test_a_table_row_index_is_not_a_target():
    found = targets_of(TABLE_PROJECTS)
    assert "1" not in found and "2" not in found


def test_a_change_column_marks_its_figures():
    found = targets_of(TABLE_BULLETIN)
    assert found["-2.7"].change and not found["38,050"].change


@pytest.mark.parametrize("lines", [
    "2021年 2022年 2023年\n",  # a header of years
    "发布时间：2024-10-17 来源：县政府办公室 阅读次数：541\n",  # page furniture
    "主办单位：某县人民政府办公室 地址：文昌路58号 电话：0745-6123456\n",
    "城镇新增就业 5.2 4.47\n",  # no unit anywhere: nothing to read the figures by
    "咨询电话 12345 12333\n",
])
def test_lines_that_are_not_table_rows(lines):
    assert targets_of(lines) == {}


@pytest.mark.parametrize("body", [
    "市民政局局长表示，将从五个方面入手，提升社区服务水平。",  # the parts of a speech
    "审核通过后一般在3个月内就可以配租。",  # durations and deadlines
    "相关部门将在5个工作日以内答复。",
    "第 3 批项目已全部开工。",  # an ordinal, spaced
    "国务院5部门联合印发通知。",  # 部门 is a noun, not 部 + 门
    "往期回顾：第2024-04-22期。",  # a piece of a date
    "争取今年再有1 0 0 0 万以上贫困人口解决温饱问题。",  # digits typeset apart: no guess
])
def test_not_targets(body):
    assert targets_of(body) == {}
