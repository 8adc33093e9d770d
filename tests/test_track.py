"""`minsheng track`: metric keys, periods, verdicts, the officials index, the page in Chromium,
and the pairs of the national work reports (data/dev/track_pairs.tsv)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.write import read_jsonl
from pipeline.tools.track import Figure, check_pairs, read_pairs, track_rows, verdict
from pipeline.tools.track_officials import index_officials
from pipeline.tools.track_rules import (
    Period,
    article_year,
    is_difference,
    metric_key,
    period_before,
)
from tests.test_review import CHROMIUM, _colours, chromium, png_pixels

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "data" / "dev" / "track_pairs.tsv"
REPORTS = ROOT / "build" / "reports"
PLEDGED, ACHIEVED = (0x1F, 0x77, 0xB4), (0xD6, 0x27, 0x28)  # the two lines' colours in track_html


# --------------------------------------------------------------------------- metric keys

@pytest.mark.parametrize("a, b", [
    ("城镇新增就业", "新增城镇就业"),
    ("城镇新增就业", "城镇新增就业人数"),
    ("城镇新增就业", "全年城镇新增就业"),
    ("城镇新增就业", "實現城鎮新增就業"),
    ("城镇新增就业", "城镇新增就业人数力争达到"),
    ("再减少农村贫困人口", "农村贫困人口减少"),
    ("今年也要再减少农村贫困人口", "农村贫困人口减少"),
    ("农村贫困人口脱贫任务", "农村贫困人口减少"),
    ("城镇调查失业率", "年末全国城镇调查失业率"),
    ("城镇调查失业率", "城镇调查失业率平均"),
    ("城镇登记失业率", "城镇登记失业率低于"),
    ("单位国内生产总值能耗下降", "单位国内生产总值能耗下降"),
])
def test_metric_forms_share_a_key(a, b):
    assert metric_key(a) == metric_key(b) is not None


@pytest.mark.parametrize("a, b", [
    ("城镇新增就业", "城镇新增就业年均"),          # a per-year average of five years
    ("城镇新增就业", "平均每年城镇新增就业"),
    ("城镇调查失业率", "城镇登记失业率"),
    ("农村贫困人口减少", "贫困人口减少"),
    ("农村贫困人口减少", "农村贫困人口增加"),
    ("城镇新增就业", "农村劳动力转移就业"),
])
def test_different_metrics_keep_apart(a, b):
    assert metric_key(a) != metric_key(b)


def test_no_metric_has_no_key():
    assert metric_key(None) is None and metric_key("") is None


# --------------------------------------------------------------------------- periods

@pytest.mark.parametrize("context, base, pledge, period", [
    ("今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业", 2024, True, (2024, 2024)),
    ("过去一年，我们顶住压力。城镇新增就业", 2025, False, (2024, 2024)),
    ("去年全市城镇新增就业", 2025, False, (2024, 2024)),
    ("2023年全省城镇新增就业", 2025, False, (2023, 2023)),
    ("明年力争城镇新增就业", 2024, True, (2025, 2025)),
    ("“十四五”时期主要目标任务是：城镇新增就业", 2021, True, (2021, 2025)),
    ("十三五期间，全县累计新增就业", 2021, False, (2016, 2020)),
    ("过去五年，城镇新增就业", 2023, False, (2018, 2022)),
    ("这五年，各项社会事业加快发展。城镇新增就业", 2011, False, (2006, 2010)),
    ("今后五年，城镇新增就业", 2016, True, (2016, 2020)),
    ("五年城镇新增就业", 2011, True, (2011, 2015)),
    # durations and comparisons are no periods: the cue before them counts
    ("过去一年，粮食连续五年增产。城镇新增就业", 2009, False, (2008, 2008)),
    ("过去一年，“十四五”实现良好开局。城镇新增就业", 2022, False, (2021, 2021)),
    ("今年安排投资5376亿元，比去年增加300亿元，其中城镇新增就业", 2018, True, (2018, 2018)),
    ("今年赤字率从去年的2.1%提高到2.3%，其中中央财政赤字", 2015, True, (2015, 2015)),
    # no cue: the article's own year
    ("全市城镇新增就业", 2024, False, (2024, 2024)),
])
def test_period_is_the_nearest_cue_before(context, base, pledge, period):
    assert period_before(context, base, pledge) == Period(*period)


def test_no_year_no_relative_period():
    assert period_before("去年全市城镇新增就业", None, pledge=False) is None
    assert period_before("2023年全市城镇新增就业", None, pledge=False) == Period(2023, 2023)


@pytest.mark.parametrize("article, year", [
    ({"doc_id": "a.txt", "published": "2024-03-05", "title": "2023年就业工作回顾"}, 2024),
    ({"doc_id": "2025_gov_work_report.txt", "published": None, "title": "2025年国务院政府工作报告"}, 2025),
    ({"doc_id": "2019_gov_work_report.txt", "published": None, "title": "政府工作报告"}, 2019),
    ({"doc_id": "news.txt", "published": None, "title": "稳就业"}, None),
])
def test_article_year(article, year):
    assert article_year(article) == year


@pytest.mark.parametrize("context, difference", [
    ("中央预算内投资安排5376亿元，比去年增加", True),
    ("地方专项债券1.35万亿元，较上年增长", True),
    ("中央预算内投资安排", False),
    ("城镇新增就业比去年多", True),
])
def test_a_figure_after_a_comparison_is_a_difference(context, difference):
    assert is_difference(context) is difference


# --------------------------------------------------------------------------- verdicts

def _figure(metric: str, value: float, comparator: str, unit: str | None = "人", doc: str = "a.txt",
            place: str | None = "中国", period: tuple = (2024, 2024), year: int = 2024, modality="pledge"):
    target = {"text": f"{value}", "span": {"start": 0, "end": 1}, "value": value, "unit": unit,
              "metric": metric, "comparator": comparator}
    record = {"id": f"{doc}:{metric}:{value}", "doc_id": doc, "modality": modality}
    return Figure(metric_key(metric), place, Period(*period), year, (year, doc, 0), record, target)


@pytest.mark.parametrize("pledge, outcome, expected", [
    (("城镇新增就业", 12_000_000, "ge"), ("城镇新增就业", 12_560_000, "eq"), ("met", None)),
    (("城镇新增就业", 12_000_000, "ge"), ("城镇新增就业", 11_860_000, "eq"), ("missed", None)),
    (("城镇新增就业", 12_000_000, "approx"), ("城镇新增就业", 12_440_000, "eq"), ("unknown", "approximate pledge")),
    (("城镇新增就业", 10_000_000, "eq"), ("城镇新增就业", 11_130_000, "eq"), ("met", None)),
    (("城镇新增就业", 45_000_000, "eq"), ("城镇新增就业人数", 64_000_000, "gt"), ("met", None)),
    (("城镇新增就业", 70_000_000, "ge"), ("城镇新增就业", 64_000_000, "gt"), ("unknown",
                                                                         "the result is a bound on the wrong side")),
    (("城镇登记失业率", 4.5, "le", "%"), ("城镇登记失业率", 4.02, "eq", "%"), ("met", None)),
    (("城镇登记失业率", 4.6, "eq", "%"), ("城镇登记失业率", 4.1, "eq", "%"), ("met", None)),   # less is better
    (("城镇调查失业率", 5.5, "le", "%"), ("城镇调查失业率", 5.6, "eq", "%"), ("missed", None)),
    (("城镇调查失业率", 5.5, "le", "%"), ("城镇调查失业率", 5.0, "approx", "%"), ("unknown", "approximate result")),
    (("再减少农村贫困人口", 10_000_000, "ge", None), ("农村贫困人口减少", 12_400_000, "eq", None), ("met", None)),
    (("农村贫困人口减少", 10_000_000, "ge", "人"), ("农村贫困人口减少", 12_400_000, "eq", None), ("met", None)),
    (("就业培训", 100, "ge", "%"), ("就业培训", 120, "eq", "人次"), ("unknown", "units differ (% vs 人次)")),
])
def test_verdict(pledge, outcome, expected):
    assert verdict(_figure(*pledge), _figure(*outcome, doc="b.txt", year=2025, modality="achievement")) == expected


def test_pairing_needs_the_same_jurisdiction_and_period_and_a_later_article():
    pledge = _figure("城镇新增就业", 120_000, "ge", place="汾川市")
    province = _figure("城镇新增就业", 450_000, "eq", doc="b.txt", place="山西省", year=2025)
    other_year = _figure("城镇新增就业", 126_000, "eq", doc="c.txt", place="汾川市", period=(2023, 2023), year=2025)
    earlier = _figure("城镇新增就业", 110_000, "eq", doc="0.txt", place="汾川市", year=2023)
    rows = track_rows([pledge], [province, other_year, earlier])
    assert rows[0].outcome is None and rows[0].verdict is None and rows[0].gap is None
    city = _figure("城镇新增就业", 126_000, "eq", doc="d.txt", place="汾川市", year=2025)
    row = track_rows([pledge], [province, other_year, city])[0]
    assert (row.outcome.doc_id, row.verdict, row.gap) == ("d.txt", "met", 6000)


# --------------------------------------------------------------------------- officials

def _article(doc_id: str, date: str | None, *officials: tuple) -> dict:
    return {"doc_id": doc_id, "published": date,
            "officials": [{"name": n, "titles": list(t), "agency": a, "place": p} for n, t, a, p in officials]}


def test_one_person_across_scripts_and_articles():
    rows = index_officials([
        _article("a.txt", "2024-02-20", ("张振国", ("党组书记", "局长"), "汾川市人社局", "汾川市")),
        _article("b.txt", "2025-02-18", ("張振國", ("黨組書記", "局長"), "汾川市人社局", "汾川市")),
        _article("c.txt", "2024-06-01", ("张振国", ("局长",), None, "汾川市")),
    ])
    assert len(rows) == 1
    row = rows[0]
    assert row.spellings == ["张振国", "張振國"] and row.titles == ["党组书记", "局长"]
    assert (row.first_date, row.last_date, row.doc_ids) == ("2024-02-20", "2025-02-18", ["a.txt", "b.txt", "c.txt"])


def test_same_name_in_two_cities_is_two_people():
    rows = index_officials([
        _article("a.txt", "2024-03-05", ("王伟", ("局长",), "临汾市民政局", "临汾市")),
        _article("b.txt", "2024-04-08", ("王伟", ("局长",), "大同市教育局", "大同市")),
        _article("c.txt", "2024-05-08", ("王偉", ("局長",), "大同市教育局", "大同市")),
    ])
    assert [(r.name, r.places, r.doc_ids) for r in rows] == [
        ("王伟", ["临汾市"], ["a.txt"]), ("王伟", ["大同市"], ["b.txt", "c.txt"])]
    assert rows[0].id != rows[1].id


def test_a_sighting_without_place_joins_only_an_unambiguous_person():
    alone = index_officials([_article("a.txt", None, ("李明", ("厅长",), "山西省人社厅", "山西省")),
                             _article("b.txt", None, ("李明", ("厅长",), None, None))])
    assert len(alone) == 1
    two = index_officials([_article("a.txt", None, ("王伟", (), None, "临汾市")),
                           _article("b.txt", None, ("王伟", (), None, "大同市")),
                           _article("c.txt", None, ("王伟", (), None, None))])
    assert len(two) == 3


# --------------------------------------------------------------------------- end to end

ARTICLES = {
    "fenchuan_2024.txt": "汾川市人社局召开就业工作会议\n\n汾川日报 2024年2月20日\n\n"
                         "汾川市人社局党组书记、局长张振国在会上表示，今年全市力争城镇新增就业12万人以上。\n",
    "fenchuan_2025.txt": "汾川市就业工作成效明显\n\n汾川日报 2025年1月15日\n\n"
                         "汾川市人社局局长张振国介绍，2024年全市城镇新增就业12.6万人。\n",
    "fenchuan_2025_hant.txt": "汾川市人社局：今年穩就業舉措出爐\n\n汾川日報 2025年2月18日\n\n"
                              "汾川市人社局黨組書記、局長張振國表示，今年全市城鎮新增就業人數力爭達到12萬人以上。\n",
    "linfen_2024.txt": "临汾市民政局部署养老服务工作\n\n临汾日报 2024年3月5日\n\n"
                       "临汾市民政局局长王伟表示，今年将新建社区养老服务站30个。\n",
    "datong_2024.txt": "大同市教育局推进学前教育\n\n大同日报 2024年4月8日\n\n"
                       "大同市教育局局长王伟表示，今年将新增普惠性幼儿园学位5000个。\n",
    "shanxi_2025.txt": "山西省就业形势稳定\n\n山西日报 2025年1月20日\n\n"
                       "山西省人社厅厅长李明介绍，2024年全省城镇新增就业45万人。\n",
}


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    root = tmp_path_factory.mktemp("track")
    source, run, out = root / "articles", root / "run", root / "out"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    assert main(["extract", str(source), "-o", str(run), "-q", "-j", "1", "--no-ner"]) == 0
    assert main(["track", str(run), "-o", str(out), "--source", str(source)]) == 0
    return out


def test_track_pairs_the_city_pledge_with_the_city_result(tracked):
    rows = read_jsonl(tracked / "tracks.jsonl")
    employment = [r for r in rows if r["metric_key"] == metric_key("城镇新增就业")]
    assert {(r["jurisdiction"], r["period"], r["pledge"]["doc_id"]) for r in employment} == {
        ("汾川市", "2024", "fenchuan_2024.txt"), ("汾川市", "2025", "fenchuan_2025_hant.txt")}
    paired = next(r for r in employment if r["period"] == "2024")
    assert paired["outcome"]["doc_id"] == "fenchuan_2025.txt"      # never 山西省's 45万人
    assert (paired["verdict"], paired["gap"]) == ("met", 6000)
    assert next(r for r in employment if r["period"] == "2025")["verdict"] is None


def test_track_indexes_officials_across_articles(tracked):
    rows = read_jsonl(tracked / "officials.jsonl")
    by_name = {}
    for r in rows:
        by_name.setdefault(r["name"], []).append(r)
    assert len(by_name["张振国"]) == 1 and len(by_name["张振国"][0]["doc_ids"]) == 3
    assert by_name["张振国"][0]["first_date"] == "2024-02-20"
    assert by_name["张振国"][0]["last_date"] == "2025-02-18"
    assert sorted(p for r in by_name["王伟"] for p in r["places"]) == ["临汾市", "大同市"]


def test_page_is_self_contained(tracked):
    page = (tracked / "track.html").read_text(encoding="utf-8")
    assert page.count("<svg") >= 1
    # nothing is loaded: no script, image, style sheet or link to fetch (XML namespaces are names)
    for loads in ("<script", "src=", "<link", "@import", "url(http", 'href="http'):
        assert loads not in page


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is not installed (apt-get install chromium)")


@needs_chromium
def test_chromium_screenshot_shows_the_chart(tracked, tmp_path):
    shot = tmp_path / "track.png"
    proc = chromium(f"--screenshot={shot}", "--window-size=1000,900", (tracked / "track.html").as_uri(),
                    profile=tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    width, _, rows = png_pixels(shot)
    colours = _colours(width, rows)
    assert PLEDGED in colours and ACHIEVED in colours, "no pledged or achieved line is visible"


# --------------------------------------------------------------------------- the national work reports

def test_pairs_table_reads():
    known = read_pairs(PAIRS)
    assert len(known) >= 30 and all(k.verdict in ("met", "missed", "unknown") for k in known)


@pytest.mark.skipif(not (REPORTS / "extracted" / "commitments.jsonl").exists(),
                    reason="run `make reports` first (build/reports/)")
def test_work_reports_pairs(tmp_path):
    """On `make reports`: at least 90% of the table's pairs right, and none with a wrong outcome."""
    assert main(["track", str(REPORTS / "extracted"), "-o", str(tmp_path),
                 "--source", str(REPORTS / "articles")]) == 0
    tracks = [json.loads(line) for line in (tmp_path / "tracks.jsonl").read_text(encoding="utf-8").splitlines()]
    checked = check_pairs(tracks, read_pairs(PAIRS))
    right = sum(1 for _, problem in checked if problem is None)
    assert right / len(checked) >= 0.9, [(k.pledge_doc, k.metric, p) for k, p in checked if p]
    assert not [p for _, p in checked if p and p.startswith("wrong")]
