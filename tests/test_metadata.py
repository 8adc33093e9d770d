"""Stage 3: headline, date, publisher and boilerplate."""
from __future__ import annotations

from pipeline.core.metadata import analyze
from pipeline.core.normalize import normalize

PAGE = """地方新闻频道
当前位置:
晋中加快推进养老服务体系建设
时间:2023-05-12 09:30 来源: 晋中日报
5月10日,晋中市民政局党组书记、局长郭建平表示,将新建社区养老服务中心35个。
记者 王丽 李强
责任编辑:张敏
版权声明:本网所有内容未经授权不得转载。
联系电话:0354-1234567
"""


def _layout(text):
    norm = normalize(text)
    return analyze(text, norm.text, norm.lang)


def test_title_date_and_publisher_come_from_the_header():
    layout = _layout(PAGE)
    assert layout.title == "晋中加快推进养老服务体系建设"
    assert layout.published == "2023-05-12"
    assert layout.source == "晋中日报"


def test_credits_and_footer_are_not_body():
    layout = _layout(PAGE)
    body = "".join(PAGE[p.start:p.end] for p in layout.paragraphs)
    assert "郭建平" in body
    for furniture in ("记者 王丽", "张敏", "版权声明", "0354-1234567", "当前位置"):
        assert furniture not in body


def test_traditional_dateline_names_the_place_and_credits_are_cut():
    text = "晉中新聞網訊 市民政局局長郭建平表示,將持續做好養老服務。\n記者 王 麗 李 強\n責任編輯:張敏\n"
    layout = _layout(text)
    assert layout.dateline_place == "晉中"
    body = "".join(text[p.start:p.end] for p in layout.paragraphs)
    assert "王 麗" not in body and "張敏" not in body


def test_kicker_line_is_skipped_for_the_headline():
    text = "第02版:要闻\n全市干部群众认真学习全会精神——\n稳就业 惠民生\n  市人社局局长张华表示,将做好就业工作。\n"
    assert _layout(text).title == "稳就业 惠民生"


def test_an_article_that_opens_with_its_body_has_no_headline():
    text = "晋中新闻网讯 全市新建社区养老服务中心35个,惠及老年人1.2万余人。\n"
    assert _layout(text).title is None


def test_masthead_gives_the_date_and_is_not_the_headline():
    text = "第02版:要闻\n\n汾川日报 2023年5月12日 星期五\n\n坚持就业优先 提升技能本领\n\n  本报讯 市人社局局长张华表示,将做好就业工作。\n"
    layout = _layout(text)
    assert layout.published == "2023-05-12"
    assert layout.title == "坚持就业优先 提升技能本领"
