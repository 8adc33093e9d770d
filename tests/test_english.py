"""English (machine-translated) articles: officials, places, targets, commitments.

Table-driven, one table per pattern family, on sentences written for these
tests in the style of machine-translated Chinese government news. Each case
runs the real English pipeline (`pipeline.run.extract.process`: the registered
components) on a small article whose first line is its headline.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.places import ArticleContext
from pipeline.en.recognize import en_context, en_lexicon, find_names, place_of
from pipeline.numbers import to_json_number
from pipeline.run.extract import extract_text, process

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADLINE = "Livelihood projects move ahead in Loudi\n\n"
ANY = object()  # a field the case does not check


def run(body: str, headline: str = HEADLINE):
    """The processed Doc for an article with this body."""
    doc = process(headline + body + "\n", "t.txt")
    assert doc._.lang == "en"
    return doc


def officials(doc) -> dict[str, object]:
    return {o.name: o for o in doc._.officials if o.kind == "official"}


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("word, ok", [
    ("Ruipeng", True),
    ("Lei", True),
    ("Xiao-ming", True),
    ("Xiao-Ming", True),
    ("Jianguo", True),
    ("Said", False),  # "He Said": English, not pinyin
    ("Street", False),
    ("Committee", False),
    ("Zhongxiaoming", False),  # three syllables: Chinese given names have one or two
])
def test_given_name_must_be_pinyin(word, ok):
    assert en_lexicon().is_given_name(word) is ok


@pytest.mark.parametrize("text, names", [
    ("Ouyang Hai-feng met Tan Li.", ["Ouyang Hai-feng", "Tan Li"]),
    ("He Said the event was fun.", []),
    ("Flights to Hong Kong resumed.", []),  # a place, though Hong is a surname
    ("the LIU Yang report", ["LIU Yang"]),
])
def test_find_names(text, names):
    found = find_names(text, 0, len(text), en_lexicon())
    assert [text[s:e] for s, e in found] == names


# --------------------------------------------------------------------------- officials

OFFICIAL_CASES = [
    # sentence, name, titles, agency, place
    ("Sun Lihua, deputy head of the Xiangtan Civil Affairs Bureau: This year we will open more canteens.",
     "Sun Lihua", ["deputy head"], "Xiangtan Civil Affairs Bureau", "Xiangtan"),
    ("Gao Wenbin, secretary of the municipal party committee and mayor, inspected the new school.",
     "Gao Wenbin", ["secretary", "mayor"], "municipal party committee", "Loudi"),
    ("Deng Yuhua, Party secretary, director and chief physician of the Municipal People's Hospital, said the "
     "hospital will add beds.", "Deng Yuhua", ["Party secretary", "director", "chief physician"],
     "Municipal People's Hospital", "Loudi"),
    ('"We will open 12 new classes," said Feng Xiaojun, principal of Wuxi Experimental School.',
     "Feng Xiaojun", ["principal"], "Wuxi Experimental School", "Wuxi"),
    # no agency written: the post sits in its place's government (副市长 -> 市)
    ("Vice Mayor Tang Jing attended the ceremony.", "Tang Jing", ["Vice Mayor"], "Loudi", "Loudi"),
    ("Municipal Health Commission Director Hu Qiang presided over the meeting.",
     "Hu Qiang", ["Director"], "Municipal Health Commission", "Loudi"),
    ("Shi Yun, secretary general of the city, took part in the inspection.",
     "Shi Yun", ["secretary general"], "city", "Loudi"),
    ("Ouyang Xiao-ming, director of the Provincial Department of Education, spoke.",
     "Ouyang Xiao-ming", ["director"], "Provincial Department of Education", "Hunan"),
    ("Cao Ming stressed that grassroots services must be improved.", "Cao Ming", [], None, "Loudi"),
    ("Ma Hong, secretary of the party committee of Xingfuli Community, said the canteen opened.",
     "Ma Hong", ["secretary"], "party committee of Xingfuli Community", "Loudi"),
    ("Sun Lixin, head of the Sangling County Vocational Education Center, spoke.",
     "Sun Lixin", ["head"], "Sangling County Vocational Education Center", "Sangling"),
    ("Party secretary of the district party committee and chairman of the district people's congress standing "
     "committee Chen Guoqiang attended.", "Chen Guoqiang", ["Party secretary", "chairman"],
     "district party committee", None),
]


@pytest.mark.parametrize("sentence, name, titles, agency, place", OFFICIAL_CASES)
def test_officials(sentence, name, titles, agency, place):
    found = officials(run(sentence))
    assert list(found) == [name]
    o = found[name]
    assert (list(o.titles), o.agency, o.place) == (titles, agency, place)


@pytest.mark.parametrize("sentence", [
    "Zhou Lan, a retired teacher, said the canteen is clean.",  # no post
    "Ma Ning, a Party member from the village, said she will help.",
    "Xu Jing visited the center with her grandson.",  # no title, no directive
    "Li Na, head of household, said the new road helps.",  # "head" alone is no title
    "Reporters Li Hua and Chen Gang contributed.\nFirst trial丨Luo Hongyan.\nEditor: Liu Yang",  # credits
])
def test_not_officials(sentence):
    assert officials(run(sentence)) == {}


def test_unnamed_official_by_role():
    doc = run("According to the relevant person in charge of the Municipal Medical Security Bureau, "
              "the city settled 8,000 claims.")
    unnamed = [o for o in doc._.officials if o.kind == "unnamed_official"]
    assert [(o.agency, o.titles, o.place) for o in unnamed] == [
        ("Municipal Medical Security Bureau", ("relevant person in charge",), "Loudi")]


@pytest.mark.parametrize("body, rules", [
    ("Peng Hui, director of the Municipal Sports Bureau, visited. Peng Hui said the stadium will open.",
     ["en.mention.name"]),
    ("Peng Hui, director of the Municipal Sports Bureau, visited. Director Peng said more will follow.",
     ["en.mention.title_surname"]),
    ("Peng Hui, director of the Municipal Sports Bureau, visited. He said the stadium will open.",
     ["en.mention.pronoun"]),
])
def test_mentions(body, rules):
    doc = run(body)
    assert [m.rule for m in doc._.mentions] == rules
    assert all(m.official.name == "Peng Hui" for m in doc._.mentions)


def test_pronoun_refers_to_the_last_person_named():
    doc = run("Peng Hui, director of the Municipal Sports Bureau, visited. Zhou Lan, a resident, was there. "
              "She said the park will open.")
    assert doc._.mentions == [] and doc._.commitments == []


# --------------------------------------------------------------------------- places

@pytest.mark.parametrize("text, city", [
    ("The center opened.\nProduced by丨Loudi.\nThis platform is owned by Loudi Media.", "Loudi"),
    ('Shangzhi learns from the "Pujiang Experience" and the "Pujiang Model". Shangzhi Clinic opened.', "Shangzhi"),
    ("Residents of Wuxi and Wuxi County, and Liuyang.", "Wuxi"),
    ("Harbin opened 20 canteens.", "Harbin"),  # a conventional English name (rules/en/place_aliases.tsv)
    ("Mayor Yi Yang spoke.", None),  # Yiyang is a city, but here a person's name
    # places the gazetteer lacks count where they are written like places
    ("Fenchuan Social Updated on 2024-01-18\nThe Sangling County center opened in Sangling County.\n"
     "Source: Fenchuan Daily", "Fenchuan"),
    ("Produced by丨Yunling Civil Affairs.\nThis platform is owned by Yunling Civil Affairs Media Center.",
     "Yunling"),
    ("Visit the hall at No. 88 Yingze West Street. Xingfuli Community and Xingfuli Community.", None),
])
def test_article_context(text, city):
    lex = en_lexicon()
    assert en_context(text, find_names(text, 0, len(text), lex), lex).city == city


@pytest.mark.parametrize("agency, place", [
    ("Municipal Employment Service Center", "Loudi"),
    ("municipal party committee", "Loudi"),
    ("city", "Loudi"),
    ("Provincial Department of Civil Affairs", "Hunan"),
    ("Lengshuijiang Hongxing Community Health Service Center", "Lengshuijiang"),
    ("county party committee", "Xinhua"),
    ("Yuzu Childcare Center", "Loudi"),  # no place named: the article's city
])
def test_place_of_agency(agency, place):
    context = ArticleContext(city="Loudi", province="Hunan", county="Xinhua")
    assert place_of(agency, context, en_lexicon()) == place


# --------------------------------------------------------------------------- targets

TARGET_CASES = [
    # sentence, text, value, kind (the rule's last part; English records carry no unit), comparator, metric
    ("The bureau repaired 15 damaged rural clinics in 2023.", "15", 15, "count", "eq", "damaged rural clinics"),
    ("This year more than 2,300 people found jobs.", "more than 2,300", 2300, "count", "gt", "people"),
    ("The city bought at least 40 new buses.", "at least 40", 40, "count", "ge", "new buses"),
    ("Coverage will reach no less than 98 percent of villages.", "no less than 98 percent", 98, "percent", "ge",
     "villages"),
    ("It paid nearly 1.2 million yuan.", "nearly 1.2 million yuan", 1200000, "measure", "approx", ANY),
    ("Up to 500 households will benefit.", "Up to 500", 500, "count", "le", "households"),
    ("There are fewer than 30 vacancies.", "fewer than 30", 30, "count", "lt", "vacancies"),
    ("We recruited two hundred and fifty volunteers.", "two hundred and fifty", 250, "count", "eq", "volunteers"),
    ("The fair offered 1,000 or more posts.", "1,000 or more", 1000, "count", "ge", "posts"),
    ("The employment rate reached 96.5%.", "96.5%", 96.5, "percent", "eq", "employment rate"),
    ("The disposal rate was kept at 3.2 percent.", "3.2 percent", 3.2, "percent", "eq", "disposal rate"),
    ("Volunteers served 12,000 person-times.", "12,000 person-times", 12000, "measure", "eq", ANY),
    ("Around 60 percent of older residents use the canteen.", "Around 60 percent", 60, "percent", "approx",
     "older residents"),
    ("The county has issued subsistence allowances of 58.3 million yuan.", "58.3 million yuan", 58300000, "measure",
     "eq", "subsistence allowances"),
]


@pytest.mark.parametrize("sentence, text, value, kind, comparator, metric", TARGET_CASES)
def test_targets(sentence, text, value, kind, comparator, metric):
    hits = run(sentence)._.targets
    assert len(hits) == 1, [h.text for h in hits]
    h = hits[0]
    assert (h.text, h.value, h.unit, h.comparator, h.rule) == (text, value, None, comparator, f"en.target.{kind}")
    if metric is not ANY:
        assert h.metric == metric


def test_range_target():
    """A range is its lower bound (at least) and its upper bound (at most), one text."""
    low, high = run("The fair offered 300 to 500 jobs.")._.targets
    assert (low.value, low.value_high, low.comparator, low.metric, low.rule) == (300, 500, "ge", "jobs",
                                                                                "en.target.range")
    assert (high.value, high.comparator, high.text) == (low.value_high, "le", low.text)


def test_change_takes_the_metric_it_changes():
    first, second = run("Per capita income of residents reached 32,000 yuan, an increase of 6.1%.")._.targets
    assert first.metric == "Per capita income of residents"
    assert (second.value, second.rule, second.change, second.metric) == (6.1, "en.target.percent", True, first.metric)


@pytest.mark.parametrize("sentence", [
    "In 2024, the plan was adopted.",  # a year
    "On the afternoon of March 5, the meeting opened.",  # a date
    "The 6 December meeting was short.",
    "It studied the spirit of the 20th Central Committee.",  # ordinals
    "It serves the 14th Five-Year Plan.",
    "Tianmen No. 1 Community held a fair.",  # an identifier inside a name
    "Students of Fuyang 2 Middle School sang.",
    "It offers one-stop services.",  # a hyphenated compound
    "It studied the spirit of the city's two sessions.",  # a definite reference
    "It is one of the best canteens.",
    "Call 0731-8888 6666 for help.",  # phone numbers
    "The hotline 12345 answers calls.",
    "Complaints are settled within 30 days.",  # a duration
    'The "four entries and four visits" campaign continued.',  # a slogan in quotes
    "The plan covers 2021-2025.",  # a span of years
    "Thousands of people came.",  # vague
])
def test_not_targets(sentence):
    assert [h.text for h in run(sentence)._.targets] == []


# Hypothesis: random numbers formatted as English text come back exactly.

COUNT_FORMS = [("more than {} people", "gt"), ("about {} households", "approx"), ("at least {} volunteers", "ge"),
               ("no more than {} seats", "le"), ("{} new posts", "eq"), ("nearly {} families", "approx"),
               ("over {} students", "gt"), ("fewer than {} cases", "lt")]


@FAST
@given(n=st.integers(min_value=2, max_value=10**12), form=st.sampled_from(COUNT_FORMS))
def test_grouped_counts_round_trip(n, form):
    template, comparator = form
    phrase = template.format(f"{n:,}")
    (h,) = run(f"The bureau reported {phrase} this year.")._.targets
    assert (h.value, h.comparator, h.unit) == (n, comparator, None)
    assert h.text == template.split("{}")[0] + f"{n:,}"


@FAST
@given(mantissa=st.integers(min_value=1, max_value=99999), places=st.integers(min_value=0, max_value=2),
       scale=st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9)]),
       prefix=st.sampled_from([("", "eq"), ("about ", "approx"), ("more than ", "gt"), ("up to ", "le")]))
def test_scaled_money_round_trip(mantissa, places, scale, prefix):
    number = f"{Decimal(mantissa) / 10 ** places:.{places}f}"
    words, factor = scale
    (h,) = run(f"The city invested {prefix[0]}{number} {words} yuan in the project.")._.targets
    assert h.value == to_json_number(Decimal(number) * factor)
    assert (h.unit, h.comparator, h.text) == (None, prefix[1], f"{prefix[0]}{number} {words} yuan")


ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words_for(n: int) -> str:
    """1..999 in words, British style (two hundred and fifty-one). Test-only."""
    hundreds, rest = divmod(n, 100)
    head = f"{ONES[hundreds]} hundred" if hundreds else ""
    if rest == 0:
        tail = ""
    elif rest < 20:
        tail = ONES[rest]
    else:
        tail = TENS[rest // 10] + (f"-{ONES[rest % 10]}" if rest % 10 else "")
    return " and ".join(p for p in (head, tail) if p)


@FAST
@given(n=st.integers(min_value=2, max_value=999), form=st.sampled_from(COUNT_FORMS))
def test_word_counts_round_trip(n, form):
    template, comparator = form
    (h,) = run(f"The bureau reported {template.format(words_for(n))} this year.")._.targets
    assert (h.value, h.comparator) == (n, comparator)


@FAST
@given(value=st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
       sign=st.sampled_from(["%", " percent", " per cent"]))
def test_percentages_round_trip(value, sign):
    (h,) = run(f"The coverage rate reached {value}{sign} this year.")._.targets
    assert (h.value, h.rule, h.metric) == (to_json_number(value), "en.target.percent", "coverage rate")


# --------------------------------------------------------------------------- commitments

def drafts(body: str):
    doc = run(body)
    return doc, [(d.modality, d.actor.kind, d.actor.name or d.actor.agency or d.actor.place,
                  doc.text[d.start:d.end]) for d in doc._.commitments]


COMMITMENT_CASES = [
    # body, [(modality, actor kind, actor, text)]
    ("In 2025, our city will add 3,000 nursery places. Expand the coverage of meal services for the elderly.",
     [("pledge", "government", "Loudi", "In 2025, our city will add 3,000 nursery places. Expand the coverage "
                                         "of meal services for the elderly.")]),
    ("Continue to improve the social assistance system. Efforts will be made to raise subsidies for 2,000 "
     "households.",
     [("pledge", "government", "Loudi", "Continue to improve the social assistance system. Efforts will be made "
                                         "to raise subsidies for 2,000 households.")]),
    ("Peng Hui, director of the Loudi Medical Security Bureau: This year the bureau will settle medical bills "
     "across provinces. We have opened 25 service windows.",
     [("pledge", "official", "Peng Hui", "This year the bureau will settle medical bills across provinces."),
      ("achievement", "official", "Peng Hui", "We have opened 25 service windows.")]),
    ("Luo Qing stressed that it is necessary to keep schools safe. All departments must check canteens.",
     [("directive", "official", "Luo Qing", "Luo Qing stressed that it is necessary to keep schools safe. "
                                             "All departments must check canteens.")]),
    ('"We will recruit 60 more nurses this year," said Fang Ting, president of Loudi Central Hospital.',
     [("pledge", "official", "Fang Ting", '"We will recruit 60 more nurses this year," said Fang Ting, '
                                           "president of Loudi Central Hospital.")]),
    ("The Loudi Municipal Civil Affairs Bureau has issued 4.2 million yuan in heating subsidies.",
     [("achievement", "agency", "Loudi Municipal Civil Affairs Bureau",
       "The Loudi Municipal Civil Affairs Bureau has issued 4.2 million yuan in heating subsidies.")]),
    ("The meeting stressed that safety checks must cover every school. Wang Fei attended.",
     [("directive", "meeting", "The meeting", "The meeting stressed that safety checks must cover every school.")]),
    ("Luo Qing pointed out that rural roads must be repaired.\nIn addition, it is necessary to light them at night.",
     [("directive", "official", "Luo Qing", "Luo Qing pointed out that rural roads must be repaired."),
      ("directive", "official", "Luo Qing", "In addition, it is necessary to light them at night.")]),
    ('"Next, we will open two more wards." Fang Ting, president of Loudi Central Hospital, said.',
     [("pledge", "official", "Fang Ting", '"Next, we will open two more wards." Fang Ting, president of Loudi '
                                           "Central Hospital, said.")]),
    ("Looking back on 2023, the city added 12,600 new urban jobs.",
     [("achievement", "government", "Loudi", "Looking back on 2023, the city added 12,600 new urban jobs.")]),
    ("The district government will build 4 bridges.",
     [("pledge", "government", "The district government", "The district government will build 4 bridges.")]),
    ('"We will open two more wards." Ma Li, head of Loudi Central Hospital, said that the hospital has hired '
     "40 nurses.",
     [("achievement", "official", "Ma Li", "Ma Li, head of Loudi Central Hospital, said that the hospital has "
                                          "hired 40 nurses.")]),
    ("The county education bureau has added 1,260 kindergarten places.",
     [("achievement", "agency", "county education bureau",
       "The county education bureau has added 1,260 kindergarten places.")]),
    ("Peng Hui, director of the Municipal Sports Bureau, visited the park. Director Peng said the city will "
     "build 8 fitness trails.",
     [("pledge", "official", "Peng Hui", "Director Peng said the city will build 8 fitness trails.")]),
]


@pytest.mark.parametrize("body, expected", COMMITMENT_CASES)
def test_commitments(body, expected):
    assert drafts(body)[1] == expected


@pytest.mark.parametrize("body", [
    "The Municipal Sports Bureau held a meeting.",  # an agency, but neither plan nor number
    "Zhou Lan, a retired teacher, said the canteen will open on Sundays.",  # not an official
    '"Will the canteen stay open?" Peng Hui, director of the Municipal Sports Bureau, asked.',  # a question
    "Support for the elderly was discussed.",  # a noun, not an imperative
])
def test_no_commitments(body):
    assert drafts(body)[1] == []


def test_records_reproduce_their_source_spans():
    """Every commitment and target span slices its own text out of the source."""
    body = "\n\n".join(body for body, _ in COMMITMENT_CASES) + "\n\nProduced by丨Loudi."
    source = HEADLINE + body + "\n"
    result = extract_text(source, "spans.txt")
    assert result.commitments
    for record in result.commitments:
        assert record.lang == "en"
        assert source[record.span.start:record.span.end] == record.text
        for t in record.targets:
            assert source[t.span.start:t.span.end] == t.text
    assert {o.name for o in result.article.officials} >= {"Peng Hui", "Luo Qing", "Fang Ting"}
