"""Officials and agencies as press conferences, interviews and central
government releases write them (issue 11)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, name, titles, agency", [
    ("发布人：澜州市人力资源和社会保障局党组书记、局长 何建新\n", "何建新", ["党组书记", "局长"], "澜州市人力资源和社会保障局"),
    ("主持人：省政府新闻办公室副主任　罗佳\n", "罗佳", ["副主任"], "省政府新闻办公室"),
    ("我们邀请到妇幼健康司副司长苏晓岚女士介绍情况。\n", "苏晓岚", ["副司长"], "妇幼健康司"),
    ("本次发布会邀请到国家卫生健康委人口家庭司司长冯建中先生。\n", "冯建中", ["司长"], "国家卫生健康委人口家庭司"),
    ("市政府新闻办新闻发言人许婷主持发布会。\n", "许婷", ["新闻发言人"], "市政府新闻办"),
    ("——访市人社局局长刘振宇\n本报记者专访了市人社局局长刘振宇。\n", "刘振宇", ["局长"], "市人社局"),
])
def test_officials_in_listings_and_introductions(extract, text, name, titles, agency):
    officials = {o.name: o for o in extract("新闻发布会实录\n" + text).article.officials}
    assert officials[name].titles == titles and officials[name].agency == agency


@pytest.mark.parametrize("text, agency", [
    ("內政部將透過統一發包方式縮短工期，今年再興辦社會住宅2萬戶。\n", "內政部"),
    ("勞動部今年將擴大青年就業獎勵，預計補助1.2萬人。\n", "勞動部"),
    ("人力资源社会保障部将组织专场招聘活动300场。\n", "人力资源社会保障部"),
    ("国家医保局今年将新增谈判药品90种。\n", "国家医保局"),
])
def test_central_agencies_need_no_place_prefix(extract, text, agency):
    (record,) = extract(text).commitments
    assert record.actor.kind == "agency" and record.actor.agency == agency and record.modality == "pledge"


def test_an_agency_name_holds_no_figures(extract):
    records = extract("7.建设示范性托育机构。每个设区市至少建成1所综合托育服务中心。\n").commitments
    assert all(r.actor.agency is None or "1所" not in r.actor.agency for r in records)


def test_numbered_paragraphs_continue_the_speakers_directive(extract):
    text = ("副市长陈立峰强调，要重点抓好四个方面工作：\n"
            "一要压实责任，对进度滞后的36个项目实行专班推进。\n"
            "二要坚持先民生后提升，今年全市完成加装电梯不少于150部。\n")
    records = [r for r in extract(text).commitments if r.text.startswith(("一要", "二要"))]
    assert [r.actor.name for r in records] == ["陈立峰", "陈立峰"]
    assert all(r.modality == "directive" for r in records)


def test_a_pronoun_after_a_name_alone_is_that_official(extract):
    text = ("推进会召开\n副市长陈立峰出席会议并讲话。\n"
            "陈立峰肯定了上半年的成效。他强调，今年全市要完成加装电梯不少于150部。\n")
    records = [r for r in extract(text).commitments if r.targets]
    assert [(r.actor.name, r.modality) for r in records] == [("陈立峰", "directive")]


@pytest.mark.parametrize("verb", ["通报", "汇报", "部署", "解读"])
def test_meeting_verbs_follow_a_name(extract, verb):
    text = f"推进会召开\n会上，市住房和城乡建设局党组书记、局长吴国栋{verb}了上半年工作情况。\n"
    assert [o.name for o in extract(text).article.officials] == ["吴国栋"]


@pytest.mark.parametrize("text, place", [
    ("澜江省新闻发布会\n澜江省今年将新增就业50万人。\n省人力资源和社会保障厅副厅长周永明表示，全省已建成零工市场135个。\n", "澜江省"),
    ("云川省住房建设\n云川省加快保障房建设。云川省住建厅厅长蒋文涛说，今年将开工1万套。\n", "云川省"),
])
def test_a_province_the_gazetteer_lacks_resolves_province_agencies(extract, text, place):
    (official,) = extract(text).article.officials
    assert official.place == place


def test_saving_words_are_no_province(extract):
    text = "新政解读\n新政可节省群众办事时间，平均节省2小时。市人社局局长张华表示，今年将新增就业1万人。\n"
    (official,) = extract(text).article.officials
    assert official.place != "可节省" and official.place != "均节省"
