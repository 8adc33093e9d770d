"""Stage 5a: officials, their title chains, agencies and places (Chinese)."""
from __future__ import annotations

import pytest

OFFICIALS = [
    # (sentence, name, titles, agency, place)
    ("晋中市人社局党组书记、局长郭建平表示,将进一步做好高校毕业生就业工作。",
     "郭建平", ["党组书记", "局长"], "晋中市人社局", "晋中市"),
    ("榆次区委常委、政法委书记赵立新说,要把矛盾纠纷化解在基层。",
     "赵立新", ["常委", "政法委书记"], "榆次区委", "榆次区"),
    ("省文旅厅副厅长(正厅长级)孙建华表示,将持续开展送戏下乡活动。",
     "孙建华", ["副厅长"], "省文旅厅", None),
    ("介休市绵山镇兴旺社区党总支书记欧阳明表示,将办好社区老年食堂。",
     "欧阳明", ["党总支书记"], "介休市绵山镇兴旺社区", "介休市"),
    ("平遥县卫生局长刘青说,将改造乡镇卫生院12所。",
     "刘青", ["局长"], "平遥县卫生局", "平遥县"),
    ("市教育局党组书记、局长牛建国介绍,今年新建中小学8所。",
     "牛建国", ["党组书记", "局长"], "市教育局", None),
    ("市民政局二级巡视员张立新介绍,全市已建成社区养老服务站120个。",
     "张立新", ["二级巡视员"], "市民政局", None),
    ("东关村驻村第一书记孙浩说,村集体经济收入突破50万元。",
     "孙浩", ["驻村第一书记"], "东关村", None),
]


@pytest.mark.parametrize("sentence,name,titles,agency,place", OFFICIALS)
def test_title_chain_before_a_name(extract, sentence, name, titles, agency, place):
    officials = {o.name: o for o in extract(sentence).article.officials}
    assert name in officials, officials
    o = officials[name]
    assert o.titles == titles
    assert o.agency == agency
    if place:
        assert o.place == place


def test_traditional_chain_keeps_the_source_script():
    text = "市衛健委黨組書記、主任石瑩介紹,全市新建養老服務中心35個。"
    (o,) = extract_officials(text)
    assert (o.name, o.titles, o.agency) == ("石瑩", ["黨組書記", "主任"], "市衛健委")
    assert text[o.span.start:o.span.end] == "石瑩"


def test_name_before_title(extract):
    (o,) = extract("会上,王建军副县长强调,要确保养老服务设施安全运行。").article.officials
    assert (o.name, o.titles) == ("王建军", ["副县长"])


def test_bare_municipal_agency_resolves_to_the_dateline_city(extract):
    text = "晋中新闻网讯 市民政局局长郭建平表示,将持续做好养老服务。\n郭建平说,全市将新建老年食堂40个。\n"
    (o,) = extract(text).article.officials
    assert o.place == "晋中市"


@pytest.mark.parametrize("sentence", [
    "记者 王丽 李强",  # a byline, not officials
    "居民张大爷表示,社区食堂饭菜可口。",  # a private citizen: no title
    "局长强调,要做好就业工作。",  # 强调 is not a name even though 强 is a surname
    "家庭成员王明说,感谢政府帮扶。",  # 成员 inside 家庭成员 is no title
])
def test_not_officials(extract, sentence):
    assert extract(sentence).article.officials == []


def extract_officials(text):
    from pipeline.run.extract import extract_text
    return extract_text(text, use_ner=False).article.officials


def test_county_leader_without_agency_heads_the_articles_county(extract):
    text = ("桑岭县今年新建村级养老服务站12个。\n"
            "5月9日,李红梅副县长带队到县职教中心调研时要求,桑岭县各乡镇要紧盯企业用工需求。\n")
    (o,) = extract(text).article.officials
    assert (o.name, o.titles, o.agency, o.place) == ("李红梅", ["副县长"], "桑岭县", "桑岭县")


def test_reporter_sentence_is_body_but_a_byline_is_not(extract):
    text = "记者从市人社局了解到,2022年全市城镇新增就业12.6万人。\n记者 王丽 李强\n"
    (rec,) = extract(text).commitments
    assert rec.targets[0].value == 126000


def test_attendee_list_without_speech_verbs(extract):
    text = "出席会议的有市委书记王建国、市长李卫东、副市长(挂职)欧阳春。\n"
    officials = {o.name: o.titles for o in extract(text).article.officials}
    assert officials == {"王建国": ["书记"], "李卫东": ["市长"], "欧阳春": ["副市长"]}


@pytest.mark.parametrize("sentence,name,agency", [
    ("在省长邹洋的带领下,全省新建养老服务中心35个。", "邹洋", None),  # not 邹洋的
    ("图为市委书记王建国在社区调研。", "王建国", "市委"),  # a caption, not 图为市委
])
def test_regressions_from_the_ner_review(extract, sentence, name, agency):
    (o,) = extract(sentence).article.officials
    assert (o.name, o.agency) == (name, agency)
