"""Stage 3, page furniture: forum and portal reposts yield only the article body.

Each page here is written for the test, in the shapes real reposts take:
Discuz-style forum threads, news portals, government portals, Taiwan and Hong
Kong sites. The body sentences must survive whole; the chrome, the readers'
replies, other articles' headlines and the site footer must not reach the
later stages (`Layout.paragraphs`).
"""
from __future__ import annotations

import pytest

from pipeline.core.metadata import analyze
from pipeline.core.normalize import normalize
from tests.conftest import assert_spans_reproduce


def _layout(text):
    norm = normalize(text)
    return analyze(text, norm.text, norm.lang)


def _body(text) -> list[str]:
    layout = _layout(text)
    return [text[p.start:p.end].strip() for p in layout.paragraphs]


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


ARTICLE_ZH = (
    ("3月12日，临河县召开2024年养老服务工作推进会。县民政局党组书记、局长苏立新表示，"
     "今年将新建社区老年助餐点24个，为1,200户特殊困难老年人家庭实施适老化改造。"),
    "会议通报，2023年全县新增养老床位380张，护理型床位占比达到56%。",
)
ARTICLE_HANT = (
    "桐溪市社會局13日宣布，今年將新增公共托育家園12處，並為6,000名長者提供到宅送餐服務。",
    "社會局長林佩君表示，明年起育兒津貼每月提高至5,000元。",
)


def _assert_only_article(text: str, article: tuple[str, ...]) -> None:
    body = _body(text)
    assert [p for p in body if p not in article] == [], "furniture left in the body"
    assert [p for p in article if p not in body] == [], "a body paragraph was cut"


# --- forum threads --------------------------------------------------------

FORUM_THREADS = [
    # Discuz, Simplified: thread stats, post header, profile, signature, replies
    _page(
        "临河论坛 › 临河资讯 › 民生关注　　[复制链接]",
        "查看: 2107 | 回复: 31　　电梯直达",
        "标题：【转帖】临河县今年新建社区老年助餐点24个",
        "楼主 | 老街坊 | 发表于 2024-03-13 09:05 | 只看该作者 | 倒序浏览 | 阅读模式",
        "积分 1520 | 帖子 348 | 注册时间 2018-4-2",
        "本帖最后由 老街坊 于 2024-03-13 09:20 编辑",
        "本文来源：临河发布",
        *ARTICLE_ZH,
        "签名档：临河二手房免费发布，加微信 lh20240313",
        "回复 举报",
        "沙发 | 过路人 | 发表于 2024-03-13 09:40 | 只看该作者",
        "我们小区的助餐点一顿饭12元，挺实惠的。",
        "回复 举报",
        "板凳 | 小河边 | 发表于 2024-03-13 10:02",
        "希望城西也能建一个，老人吃饭太不方便了。",
        "上一主题 下一主题",
        "返回列表 | 发新帖",
    ),
    # numbered floors, a rule line around the signature, profile stats one per line
    _page(
        "首页 > 论坛 > 民生热线",
        "【转载】临河县今年新建社区老年助餐点24个",
        "1# | 老街坊 | 发表于 2024-03-13 09:05",
        "UID 8812　积分 960　主题 23　在线时间 450 小时",
        "转载自临河日报",
        *ARTICLE_ZH,
        "------------------------------",
        "个性签名：做一个快乐的人",
        "------------------------------",
        "回复　引用　举报",
        "2# | 热心市民 | 发表于 2024-03-13 10:15 | 只看该作者",
        "去年说要建的15个也都建好了吗？",
        "3楼",
        "已经建了10个，剩下的年底完工。",
    ),
    # Traditional, a Taiwan forum: 樓主, 發表於, 回覆, 檢舉
    _page(
        "民生討論區 > 地方新聞",
        "[轉貼] 桐溪市今年新增公共托育家園12處",
        "樓主 | 小桐 | 發表於 2024-05-14 08:30 | 只看此人",
        "文章來源：桐溪市政府",
        *ARTICLE_HANT,
        "回覆　引言　檢舉",
        "沙發 | 阿宏 | 發表於 2024-05-14 09:02",
        "家裡兩個小孩，每月5,000元真的有幫助。",
        "回覆　檢舉",
    ),
    # Tianya-style: 作者：… 日期：… heads each post
    _page(
        "天涯杂谈 > 民生",
        "作者：老街坊 日期：2024-03-13 09:05:00",
        *ARTICLE_ZH,
        "作者：过路人 日期：2024-03-13 09:40:11",
        "助餐点一顿饭12元，还有60岁以上老人补贴3元。",
    ),
]


@pytest.mark.parametrize("page", FORUM_THREADS)
def test_a_forum_thread_yields_the_reposted_article_only(page):
    article = ARTICLE_HANT if "桐溪" in page else ARTICLE_ZH
    _assert_only_article(page, article)


@pytest.mark.parametrize("page, title, published", [
    (FORUM_THREADS[0], "临河县今年新建社区老年助餐点24个", "2024-03-13"),
    (FORUM_THREADS[1], "临河县今年新建社区老年助餐点24个", "2024-03-13"),
    (FORUM_THREADS[2], "桐溪市今年新增公共托育家園12處", "2024-05-14"),
])
def test_the_thread_title_loses_its_repost_label_and_the_post_date_is_published(page, title, published):
    layout = _layout(page)
    assert layout.title == title
    assert page[layout.title_span[0]:layout.title_span[1]] == title
    assert layout.published == published


def test_a_profile_registration_date_is_not_the_published_date():
    page = _page("积分 320 | 帖子 41 | 注册时间 2016-9-1", "楼主 | 小李 | 发表于 2024-03-13 09:05", *ARTICLE_ZH)
    assert _layout(page).published == "2024-03-13"


# --- portal and government-site navigation ---------------------------------

PORTAL_PAGES = [
    _page(
        "临河热线 | 临河人的网上家园　　登录 | 注册 | 设为首页",
        "首页 | 新闻 | 民生 | 房产 | 教育 | 论坛",
        "首页 > 新闻 > 本地 > 正文",
        "手机看新闻，请下载临河热线APP",
        "临河县今年新建社区老年助餐点24个",
        "2024-03-13 08:55　来源：临河日报　作者：记者 周敏　阅读：8,126　评论：12",
        *ARTICLE_ZH,
        ">>> 打开临河热线APP，领取50元消费券 <<<",
        "[责任编辑：杨帆]",
    ),
    _page(
        "网站首页 | 政务公开 | 政务服务 | 互动交流 | 走进临河",
        "您现在的位置：首页 >> 政务动态 >> 部门动态",
        "临河县今年新建社区老年助餐点24个",
        "2024年03月13日 09:30　　来源：县民政局　　【字体：大 中 小】　【打印】",
        *ARTICLE_ZH,
        "编辑：李婷　　审核：赵刚",
        "【打印本页】　【关闭窗口】",
        "上一篇：临河县召开2024年安全生产工作会议",
        "下一篇：全县春耕备耕物资储备充足 化肥到位率95%",
    ),
    _page(
        "手机版 | 扫码关注临河在线公众号 | 设为首页 | 加入收藏",
        "临河在线 » 新闻 » 民生",
        "临河县今年新建社区老年助餐点24个",
        "时间：2024-03-13 10:02　来源：临河在线",
        *ARTICLE_ZH,
        "（来源：临河日报 2024年3月13日 第02版）",
        "（原标题：《助餐点开到家门口》 编辑：王芳）",
    ),
]


@pytest.mark.parametrize("page", PORTAL_PAGES)
def test_portal_navigation_credits_and_prompts_are_cut(page):
    _assert_only_article(page, ARTICLE_ZH)
    layout = _layout(page)
    assert layout.title == "临河县今年新建社区老年助餐点24个"
    assert layout.published == "2024-03-13"


@pytest.mark.parametrize("page, source", [(PORTAL_PAGES[0], "临河日报"), (PORTAL_PAGES[1], "县民政局"),
                                          (PORTAL_PAGES[2], "临河在线")])
def test_the_publisher_is_kept_as_source_when_its_line_is_cut(page, source):
    assert _layout(page).source == source


def test_a_credit_line_gives_the_publisher_without_the_issue_in_brackets():
    page = _page("本文来源：临河日报（2024年3月13日 第02版）", *ARTICLE_ZH)
    assert _layout(page).source == "临河日报"


# --- related-headline lists ------------------------------------------------

RELATED_LISTS = [
    ("相关新闻", "· 临河县2023年城镇新增就业5,200人", "· 县一中今年高考本科上线1,352人"),
    ("相关阅读：", "1. 全县新建改扩建学校15所 新增学位1.2万个", "2. 城区12条公交线路调整"),
    ("【热点推荐】", "　临河公积金贷款额度上调至80万元", "　2023年临河人均可支配收入4.8万元，增长5.3%"),
    ("猜你喜欢", "▪ 临河新增停车位3,000个", "▪ 春运发送旅客12.6万人次"),
    ("推荐阅读", "临河县第二人民医院扩建完工 新增床位600张 2024-03-10", "全县养老机构达到37家"),
    ("【相關新聞】", "・桐溪春節疏運 3天湧入旅客逾50萬人次", "・65歲以上長者免費接種流感疫苗"),
    ("延伸閱讀", "．房價所得比9.46倍 雙北買房最辛苦", "．社宅第二期砸4,700億元"),
    ("看更多", "桐溪今年新增托育家園12處", "長照2.0服務人數突破8萬人"),
    ("【本市】相關新聞", "‧市府公布112年度十大建設成果", "‧流感疫苗第二階段開打"),
]


@pytest.mark.parametrize("header, first, second", RELATED_LISTS)
def test_a_related_list_after_the_article_is_cut(header, first, second):
    page = _page("临河县今年新建社区老年助餐点24个", *ARTICLE_ZH, header, first, second, "责任编辑：王芳")
    _assert_only_article(page, ARTICLE_ZH)


@pytest.mark.parametrize("header, first, second", RELATED_LISTS)
def test_a_related_list_inside_the_article_ends_where_the_body_goes_on(header, first, second):
    page = _page(ARTICLE_ZH[0], "", header, first, second, "", ARTICLE_ZH[1])
    _assert_only_article(page, ARTICLE_ZH)


def test_a_list_laid_out_from_html_has_a_blank_line_under_its_header():
    page = _page(ARTICLE_ZH[0], "", "相关新闻", "", "临河县城镇新增就业5,200人", "全县新增学位1.2万个", "",
                 ARTICLE_ZH[1])
    _assert_only_article(page, ARTICLE_ZH)


def test_a_blank_line_ends_the_list_unless_the_next_entry_has_a_marker():
    marked = _page(ARTICLE_ZH[0], "相关阅读", "· 全县新增学位1.2万个", "", "· 新增停车位3,000个", "",
                   ARTICLE_ZH[1])
    _assert_only_article(marked, ARTICLE_ZH)
    subheading = "二、今年重点任务"
    unmarked = _page(*ARTICLE_ZH, "相关阅读", "全县新增学位1.2万个", "", subheading)
    assert _body(unmarked) == [*ARTICLE_ZH, subheading]


def test_related_headlines_never_become_targets(extract):
    page = _page("临河县今年新建社区老年助餐点24个", *ARTICLE_ZH, "相关新闻",
                 "· 临河县2023年城镇新增就业5,200人", "· 全县新建改扩建学校15所 新增学位1.2万个",
                 "热门推荐", "1　春运发送旅客12.6万人次")
    result = extract(page)
    assert_spans_reproduce(page, result)
    targets = {t.text for rec in result.commitments for t in rec.targets}
    assert "24个" in targets
    assert not targets & {"5,200人", "15所", "1.2万个", "12.6万人次"}


# --- comments, spam, footers -----------------------------------------------

@pytest.mark.parametrize("tail", [
    ("网友评论", "老王：助餐点一顿饭12元，实惠。", "小李：希望扩大到农村。"),
    ("【网友评论】已有3条评论　　我要评论 >>", "居民张女士：家门口吃饭方便多了。"),
    ("发表评论：", "登录后参与评论", "128条评论"),
    ("读者留言", "阿宏：每月5,000元真的有幫助。"),
    ("免责声明：本文转自临河发布，版权归原作者所有，如有侵权请联系删除。", "加微信 lhbaoma2024 进宝妈群！"),
    ("版权所有：临河县人民政府办公室　网站标识码：1311250001",),
    ("临河日报社主办　版权所有　未经授权不得转载", "地址：临河县人民路8号"),
    ("主办单位：临河县人民政府办公室　承办：临河县大数据中心",),
    ("冀ICP备12005678号-1　冀公网安备 13112502000123号",),
    ("Copyright © 2008-2024 临河在线 All Rights Reserved",),
    ("© 2024 港訊網 版權所有",),
    ("本網站所刊載信息，不代表本網觀點。刊用本網站稿件，務經書面授權。",),
    ("Powered by Discuz! X3.4 © 2001-2024 临河论坛",),
])
def test_comments_and_site_footers_close_the_article(tail):
    page = _page("临河县今年新建社区老年助餐点24个", *ARTICLE_ZH, *tail)
    _assert_only_article(page, ARTICLE_ZH)


@pytest.mark.parametrize("furniture", [
    "点击下载临河新闻APP，第一时间看本地新闻>>>",
    "打开APP阅读全文",
    "不用抽 不用搶 現在用APP看新聞 保證天天中獎　點我下載APP",
    "长按识别二维码，关注“临河发布”",
    "扫码关注临河在线公众号，领取免费体检券",
    "点击查看更多精彩内容>>",
    "加微信 lh88886666 免费领取楼盘价格表",
    "【广告】临河最大母婴店开业酬宾，全场8折",
    "[推广] 首付10万起住三房",
    "廣告",
    "分享：微信　微博　QQ空间",
    "字級：小 中 大　｜　列印　｜　分享：Facebook　LINE　X",
    "2024/05/14 05:30　　　　分享　留言　字級",
    "友善列印　｜　轉寄好友　｜　回上頁",
    "訂閱電子報｜登入",
    "◀上一版　下一版▶　|　PDF版下载　|　往期回顾",
    "网站地图 | 联系我们 | 隐私声明",
    "快速回复 | 返回顶部 | 返回列表",
    "（临河县融媒体中心 记者 周敏）",
    "（本報記者 林佩君 整理）",
    "（本文轉載自桐溪日報，內容僅代表原作者觀點，不代表本網立場）",
    "客服QQ：800012345　举报电话：0311-5210110",
])
def test_spam_prompts_widgets_and_bylines_between_paragraphs_are_cut(furniture):
    page = _page(ARTICLE_ZH[0], furniture, ARTICLE_ZH[1])
    _assert_only_article(page, ARTICLE_ZH)


@pytest.mark.parametrize("header", [
    "分享到：微信 | 微博 | QQ空间",
    "免责声明：本站转载稿件仅供参考。",
    "楼主 | 老街坊 | 发表于 2024-03-13 09:05",
    "网友评论(12)",
])
def test_a_footer_line_above_the_body_does_not_cut_the_article(header):
    page = _page("临河县今年新建社区老年助餐点24个", header, *ARTICLE_ZH)
    _assert_only_article(page, ARTICLE_ZH)


# --- body sentences that merely contain a furniture word --------------------

@pytest.mark.parametrize("sentence", [
    "市民政局对群众来信逐一回复，办结率达到98%。",
    "信息来源渠道进一步拓宽，全年收集社情民意1,200条。",
    "来自全县各乡镇的200余名代表参加会议。",
    "资金来源：县财政安排专项资金2,000万元。",
    "网友评论称，这项政策让老人吃饭更方便了。",
    "相关新闻发布会将于下月举行，届时将公布30项民生实事。",
    "市民可下载“临河人社”APP，在线申领失业补助金，目前已有3.2万人通过APP办理。",
    "推广使用“灵活就业”APP，注册用户达到5万人；",
    "扫码点餐、线上预约已覆盖全县85%的老年助餐点。",
    "点击量突破50万次的“民生热线”栏目今年将扩容。",
    "2楼会议室改造为老年活动中心，可容纳120人。",
    "共56条回复意见已全部采纳。",
    "市民可拨打举报电话：12345。",
    "主办方介绍，活动共吸引3,000余名市民参与。",
    "热门推荐岗位达到1.2万个，涵盖家政、养老等行业。",
    "版权保护方面，全年查处侵权盗版案件36件。",
    "转自主择业的军队干部今年全部落实安置。",
    "全县共有积分落户人员2,318人。",
    "登录“临河人社”网站注册后即可申领，已有1,500人完成申报。",
])
def test_a_body_sentence_with_a_furniture_word_is_kept(sentence):
    page = _page("临河县今年新建社区老年助餐点24个", ARTICLE_ZH[0], sentence, ARTICLE_ZH[1])
    assert _body(page) == [ARTICLE_ZH[0], sentence, ARTICLE_ZH[1]]


def test_every_boilerplate_span_lies_in_the_source():
    for page in FORUM_THREADS + PORTAL_PAGES:
        layout = _layout(page)
        for start, end, rule in layout.boilerplate:
            assert 0 <= start < end <= len(page) and page[start:end].strip(), rule


def test_a_subtitle_above_the_date_line_is_not_the_headline():
    page = _page("首页 > 民生 > 正文", "助餐点开到家门口", "——访临河县民政局局长苏立新",
                 "2024年3月13日 09:12　来源：临河日报", *ARTICLE_ZH)
    layout = _layout(page)
    assert layout.title == "助餐点开到家门口"
    assert layout.published == "2024-03-13"
