"""Stage 5b: numeric targets, normalized, with their metric and comparator."""
from __future__ import annotations

import pytest

from tests.conftest import assert_spans_reproduce

TARGETS = [
    # (sentence, text, value, unit, comparator, metric contains)
    ("截至10月底,全市城镇新增就业12.6万人。", "12.6万人", 126000, "人", "eq", "城镇新增就业"),
    ("市人社局支持260个以上就业帮扶车间稳定运营。", "260个以上", 260, "个", "ge", "就业帮扶车间"),
    ("市卫健委目前已完成培训1.2万余人。", "1.2万余人", 12000, "人", "gt", "完成培训"),
    ("市文旅局今年共送戏两千余场。", "两千余场", 2000, "场", "gt", "送戏"),
    ("市民政局为约4,700户困难家庭发放补贴。", "约4,700户", 4700, "户", "approx", "困难家庭"),
    ("市教育局全年完成率105.3%。", "105.3%", 105.3, "%", "eq", "完成率"),
    ("市统计局称,居民人均收入达3万8011元。", "3万8011元", 38011, "元", "eq", "居民人均收入"),
    ("市人社局今年帮助三成以上的零就业家庭实现就业。", "三成以上", 30, "%", "ge", None),
    ("市卫健委将推动普惠性托位收费标准比同类市场化机构低三成左右。", "三成左右", 30, "%", "approx", None),
    ("市勞動局將讓參加職訓青年的訓後就業率維持在八成以上。", "八成以上", 80, "%", "ge", "訓後就業率"),
    ("市住建局计划改造老旧小区3至5万户。", "3至5万户", 30000, "户", "ge", "改造老旧小区"),
    ("市卫健委新建社区卫生服务站１２个。", "１２个", 12, "个", "eq", None),
    ("市民政局为四分之一的特困老人完成适老化改造。", "四分之一", 25, "%", "eq", None),
    ("市医保局将住院报销比例提高到百分之七十五。", "百分之七十五", 75, "%", "eq", None),
    ("县教育局今年新建幼儿园廿所。", "廿所", 20, "所", "eq", None),
    ("今年以来,市民政局惠及困难群众近3万户、5000余人次。", "5000余人次", 5000, "人次", "gt", "惠及困难群众"),
]


def test_the_actor_is_not_part_of_the_metric(extract):
    (rec,) = extract("市民政局累计发放救助资金1.2亿元。").commitments
    assert rec.targets[0].metric == "发放救助资金"


@pytest.mark.parametrize("sentence,text,value,unit,comparator,metric", TARGETS)
def test_targets(extract, sentence, text, value, unit, comparator, metric):
    result = extract(sentence)
    targets = {t.text: t for rec in result.commitments for t in rec.targets}
    assert text in targets, targets
    t = targets[text]
    assert (t.value, t.unit, t.comparator) == (value, unit, comparator)
    if metric:
        assert metric in t.metric
    assert_spans_reproduce(sentence, result)


def test_range_reports_both_bounds(extract):
    (rec,) = extract("市住建局计划改造老旧小区3至5万户。").commitments
    (t,) = rec.targets
    assert (t.value, t.value_high) == (30000, 50000)


def test_year_on_year_change_takes_the_rate_as_metric(extract):
    (rec,) = extract("据市教委统计,学前三年毛入园率91.2%,同比提高2.1个百分点。").commitments
    rate, change = rec.targets
    assert rate.metric == "学前三年毛入园率" and change.metric == "学前三年毛入园率"
    assert change.change and change.unit == "个百分点" and change.value == 2.1


@pytest.mark.parametrize("sentence", [
    "2023年5月12日,市委十四届三次全会召开。",  # dates and meeting ordinals
    "市教委将印发“十四五”教育发展规划。",  # plan names
    "市人社局推行‘三个一’服务模式。",  # slogans in quotes
    "晋中市第二中学校长李明表示,将办好课后服务。",  # numbers inside names
    "依据《晋中市养老服务条例》(晋政发〔2023〕12号),市民政局将开展检查。",  # document numbers
    "咨询电话:0354-1234567。",  # phone numbers
    "市人社局打造了一批劳务品牌。",  # 一批: the article, not a count
    "受众达数千万人次。",  # vague amounts
])
def test_not_targets(extract, sentence):
    result = extract(sentence)
    assert [t.text for rec in result.commitments for t in rec.targets] == []
