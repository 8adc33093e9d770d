"""English officials beyond pinyin appositives: names in any order and shape,
titles before and after the name, later mentions, unnamed officials, and the
people who are not officials.

Table-driven on sentences written for these tests, in the registers the
English pack reads: city-hall press releases and local papers (US, UK,
Canada, Australia) and state media and press-conference transcripts about
Chinese ministries. Each case runs the real English pipeline on a small
article whose first lines say where it is from.
"""
from __future__ import annotations

import pytest

from pipeline.en.recognize import en_lexicon, find_names, surnames_of
from pipeline.run.extract import process

CITY_HALL = "City of Brookhaven | Newsroom\n\nCouncil moves on housing and jobs\n\n"
CHINA = "Home | China | Society\n\nChina expands job services\n\n"


def run(body: str, head: str = CITY_HALL):
    doc = process(head + body + "\n", "t.txt")
    assert doc._.lang == "en"
    return doc


def named(doc) -> dict[str, object]:
    return {o.name: o for o in doc._.officials if o.kind == "official"}


# --------------------------------------------------------------------------- name shapes

@pytest.mark.parametrize("text, names", [
    ("Yesterday Karen Ellison met Ana R. Torres and Luis de la Fuente.",
     ["Karen Ellison", "Ana R. Torres", "Luis de la Fuente"]),
    ("Mary O'Neill-Kemp spoke before Michael R. Brennan Jr. and Maria Torres-Springer.",
     ["Mary O'Neill-Kemp", "Michael R. Brennan Jr.", "Maria Torres-Springer"]),
    ("Ms. Jae-won Park thanked Gloria Mendez, 67, and Dr. Samuel Adeyemi.",
     ["Jae-won Park", "Gloria Mendez", "Samuel Adeyemi"]),
    ("Reach Rachel Dunmore at 555-0147.", ["Rachel Dunmore"]),  # the sentence's first word is no given name
    ("Li Qiang met Yang Wenzhuang.", ["Li Qiang", "Yang Wenzhuang"]),  # pinyin: family name first
    ("The Martin Luther King Jr. Library opens on Sunday.", []),  # a person inside an institution's name
    ("Harlan Bay City Council voted on Thursday.", []),
])
def test_person_names(text, names):
    found = find_names(text, 0, len(text), en_lexicon())
    assert [text[s:e] for s, e in found] == names


@pytest.mark.parametrize("name, surnames", [
    ("Karen Ellison", {"Ellison"}),
    ("Luis de la Fuente", {"de la Fuente"}),
    ("Michael R. Brennan Jr.", {"Brennan"}),
    ("Mary O'Neill-Kemp", {"O'Neill-Kemp"}),
    ("Zhang Ruipeng", {"Zhang"}),
    ("Ouyang Hai-feng", {"Ouyang"}),
    ("Wei Zhang", {"Wei", "Zhang"}),  # a pinyin name that may be written given name first
])
def test_family_names(name, surnames):
    assert surnames_of(name, en_lexicon()) == surnames


# --------------------------------------------------------------------------- officials

WESTERN_CASES = [
    # sentence, name, titles, agency, place
    ("Mayor Karen Ellison today announced a rental assistance pilot.",
     "Karen Ellison", ["Mayor"], "Brookhaven", "Brookhaven"),
    ('"Housing is health care," said Deputy Mayor for Health and Human Services Dr. Ana R. Torres.',
     "Ana R. Torres", ["Deputy Mayor for Health and Human Services"], "Brookhaven", "Brookhaven"),
    ("Commissioner Jae-won Park of the Department of Homelessness Services said 1,146 families signed leases.",
     "Jae-won Park", ["Commissioner"], "Department of Homelessness Services", "Brookhaven"),
    ("Council Member Luis de la Fuente, chair of the Council's Committee on General Welfare, pledged to act.",
     "Luis de la Fuente", ["Council Member", "chair"], "Council's Committee on General Welfare", "Brookhaven"),
    ("Lt. Gov. Mary O'Neill-Kemp said New York State will set aside $3 million for families.",
     "Mary O'Neill-Kemp", ["Lt. Gov."], "New York State", "New York State"),
    ("Michael R. Brennan, the city's chief heat officer, said cooling centers will open in June.",
     "Michael R. Brennan", ["chief heat officer"], "city", "Brookhaven"),
    ("Cllr Priya Raman, cabinet member for children's services, said: \"We will publish a map.\"",
     "Priya Raman", ["Cllr", "cabinet member for children's services"], "Brookhaven", "Brookhaven"),
    ("The council leader, Cllr Tom Aldred, urged the government to confirm funding rates.",
     "Tom Aldred", ["leader", "Cllr"], "council", "Brookhaven"),
    ("Marcus Bell, General Manager of Employment and Social Services, said two centres will open.",
     "Marcus Bell", ["General Manager"], "Employment and Social Services", "Brookhaven"),
    ("Board Chair Lorraine Bix said the board would review the numbers every six months.",
     "Lorraine Bix", ["Chair"], "Board", "Brookhaven"),
    ("Supervisor Tom Hadley cast the lone no vote.", "Tom Hadley", ["Supervisor"], "Brookhaven", "Brookhaven"),
    ("Coun. Harjit Sandhu (Ward 7) urged staff to report back by January.",
     "Harjit Sandhu", ["Coun."], "Brookhaven", "Brookhaven"),
    ("Brookhaven Mayor Joanne Pettigrew said the libraries will open until 8pm.",
     "Joanne Pettigrew", ["Mayor"], "Brookhaven", "Brookhaven"),
]


@pytest.mark.parametrize("sentence, name, titles, agency, place", WESTERN_CASES)
def test_officials_of_cities_and_states(sentence, name, titles, agency, place):
    found = named(run(sentence))
    assert list(found) == [name]
    o = found[name]
    assert (list(o.titles), o.agency, o.place) == (titles, agency, place)


def test_a_county_post_in_a_county_paper():
    found = named(run("Dr. Samuel Adeyemi, the county's health commissioner, said the clinics will open evenings.",
                      "Tamarack County Ledger\n\nTen new clinics planned\n\n"))
    o = found["Samuel Adeyemi"]
    assert (list(o.titles), o.agency, o.place) == (["health commissioner"], "county", "Tamarack County")


def test_member_of_parliament_holds_a_national_seat():
    found = named(run("Graham Whitfield, Member of Parliament for Lakeridge Centre, announced that the "
                      "Government of Canada will fund 220 placements.",
                      "City of Lakeridge | Newsroom\n\nSummer jobs for youth\n\n"))
    o = found["Graham Whitfield"]
    assert (list(o.titles), o.agency, o.place) == (["Member of Parliament"], "Lakeridge Centre", "Canada")


CHINA_CASES = [
    ("Vice Minister Li Zhong of the Ministry of Human Resources and Social Security said more jobs will come.",
     "Li Zhong", ["Vice Minister"], "Ministry of Human Resources and Social Security", "China"),
    ("Wang Menghui, minister of housing and urban-rural development, said 50,000 compounds will be renovated.",
     "Wang Menghui", ["minister"], "housing and urban-rural development", "China"),
    ("Civil Affairs Minister Lou Xinyan said the allowance standard rose.",
     "Lou Xinyan", ["Minister"], "Civil Affairs", "China"),
    ("NHC Deputy Director Cheng Shuhai called for closer links with maternal health services.",
     "Cheng Shuhai", ["Deputy Director"], "NHC", "China"),
    ("Vice-Premier Ding Xuexiang attended the meeting.", "Ding Xuexiang", ["Vice-Premier"], "China", "China"),
    ("Mr. Kong Lingwei, vice minister of human resources and social security, briefed reporters.",
     "Kong Lingwei", ["vice minister"], "human resources and social security", "China"),
]


@pytest.mark.parametrize("sentence, name, titles, agency, place", CHINA_CASES)
def test_officials_of_chinese_ministries(sentence, name, titles, agency, place):
    found = named(run("BEIJING, March 9 (Xinhua) -- China will expand job services.\n\n" + sentence
                      + " The National Health Commission (NHC) and the ministry will act.", CHINA))
    o = found[name]
    assert (list(o.titles), o.agency, o.place) == (titles, agency, place)


def test_a_minister_without_agency_takes_the_ministry_the_article_names():
    found = named(run("China created 12.56 million jobs, according to the Ministry of Human Resources and Social "
                      "Security.\n\nVice Minister Tan Yuemin told the press conference that services improved.",
                      CHINA))
    o = found["Tan Yuemin"]
    assert (o.agency, o.place) == ("Ministry of Human Resources and Social Security", "China")


@pytest.mark.parametrize("sentence, name, agency, place", [
    ("Shen Jiaqi, director of the civil affairs bureau of Dongcheng district, said subsidies rose.",
     "Shen Jiaqi", "civil affairs bureau of Dongcheng district", "Dongcheng"),
    # a community named like a place is the community's, not a county's
    ("Xu Lanying, Party secretary of Xinghe community, said volunteers deliver meals.",
     "Xu Lanying", "Xinghe community", "Loudi"),
])
def test_agencies_in_lower_case_after_a_place(sentence, name, agency, place):
    o = named(run(sentence, "Livelihood projects move ahead in Loudi\n\n"))[name]
    assert (o.agency, o.place) == (agency, place)


@pytest.mark.parametrize("body", [
    "By Rachel Dunmore, Staff Writer\n\nReach Rachel Dunmore at 555-0147 or by email.",  # byline, contact
    "Gloria Mendez, 67, of Pine Hollow, said she drives 40 miles to see her cardiologist.",  # a resident
    "The Martin Luther King Jr. Library will open on Sundays, said Ana Ruiz, a longtime patron.",
    "LeBron James said the team will donate 500 backpacks to the shelter.",  # a celebrity, no post
    "Former Mayor Michael Brennan said the plan is too expensive.",  # the post is gone
    "Michael Brennan, the former mayor, said the plan is too expensive.",
    "Film director Steven Spielberg visited the library on Tuesday.",  # a lower-case trade, no agency
    "- Mayor Ellison Opens 12 Cooling Centers Ahead of Summer Heat",  # another article's headline
    "Media contact: Erin Fogarty, Communications Adviser, 0491 570 156",
    "Taylor Brooks, a nurse at the county hospital, said the clinic is busy.",
    "Wang Jianguo, a retired teacher, said the canteen is clean.",
])
def test_not_officials(body):
    assert named(run(body)) == {}


def test_words_inside_an_agency_name_are_no_person():
    found = named(run("Wang Jianguo, deputy director of the Municipal Human Resources and Social Security Bureau: "
                      "our bureau will hold 300 job fairs.", "Livelihood projects move ahead in Loudi\n\n"))
    assert list(found) == ["Wang Jianguo"]


# --------------------------------------------------------------------------- places

@pytest.mark.parametrize("head, city", [
    ("City of Harlan Bay | Office of the Mayor\n\nNews\n\nHARLAN BAY – The pilot opens.", "Harlan Bay"),
    ("Castlebridge Evening Post\n\nNews\n\nThe Castlebridge City Council voted.", "Castlebridge"),
    ("Tamarack County Ledger\n\nNews\n\nClinics will open across Tamarack County.", "Tamarack County"),
    # a pinyin city written as one ("Qinglan, a city of ...") before its province and district
    (("Canteens in Qinglan\n\nQinglan, a city of 4.8 million in Lanjiang province, has 386 canteens. "
      "In Qinglan's Dongcheng district and Lanjiang province, more will open; Qinglan Daily reported."), "Qinglan"),
])
def test_the_article_city(head, city):
    assert run("Mayor Karen Ellison spoke.", head + "\n\n")._.context.city == city


# --------------------------------------------------------------------------- mentions

@pytest.mark.parametrize("body, mention, rule, owner", [
    ('Mayor Karen Ellison praised the vote. "We will open the wing before Thanksgiving," Ellison said.',
     "Ellison", "en.mention.surname", "Karen Ellison"),
    ("Cr Linh Tran, chair of the Community Wellbeing Committee, spoke. Cr Tran said the clinics would run in May.",
     "Cr Tran", "en.mention.title_surname", "Linh Tran"),
    (("Jae-won Park, commissioner of the Department of Homelessness Services, spoke. The commissioner added "
      "that the department would hire 45 caseworkers."), "The commissioner", "en.mention.title", "Jae-won Park"),
    ("Vice Minister Tan Yuemin spoke. The vice minister added that the ministry will hold 2,000 job fairs.",
     "The vice minister", "en.mention.title", "Tan Yuemin"),
    ("Lt. Gov. Mary O'Neill-Kemp visited. The lieutenant governor said the state will help.",
     "The lieutenant governor", "en.mention.title", "Mary O'Neill-Kemp"),
    ("Mr. Kong Lingwei, vice minister of human resources and social security, spoke. Mr. Kong said jobs rose.",
     "Mr. Kong", "en.mention.title_surname", "Kong Lingwei"),
    ("Tan Yuemin, vice minister of human resources and social security, spoke. Unemployment fell, Tan said.",
     "Tan", "en.mention.surname", "Tan Yuemin"),
])
def test_later_mentions(body, mention, rule, owner):
    doc = run(body)
    text = doc._.source
    found = [(text[m.start:m.end], m.rule, m.official.name) for m in doc._.mentions]
    assert (mention, rule, owner) in found


@pytest.mark.parametrize("body, absent", [
    # two people named Ellison: "Ellison said" could be either
    ("Mayor Karen Ellison spoke. Tom Ellison, a resident, was there. Ellison said the park will open.",
     "Ellison"),
    # "the mayor" is not the deputy mayor
    ("Deputy Mayor Fang Yiwen spoke. The mayor said the city will add canteens.", "The mayor"),
    # two deputy mayors: "the deputy mayor" is neither
    ("Deputy Mayor Fang Yiwen and Deputy Mayor Su Kexin spoke. The deputy mayor said more will come.",
     "The deputy mayor"),
])
def test_ambiguous_mentions_refer_to_no_one(body, absent):
    doc = run(body)
    text = doc._.source
    assert absent not in [text[m.start:m.end] for m in doc._.mentions]


def test_a_surname_mention_makes_a_speech_turn():
    doc = run('Mayor Karen Ellison praised the vote. "We will open the new wing before Thanksgiving," '
              'Ellison said.')
    assert [(d.actor.name, d.modality) for d in doc._.commitments] == [("Karen Ellison", "pledge")]


# --------------------------------------------------------------------------- unnamed officials

@pytest.mark.parametrize("sentence, role, agency", [
    ("A spokesperson for the city said construction bids would go out next month.", "spokesperson", "city"),
    ("A county spokesperson said the first two sites should open by March.", "spokesperson", "county"),
    ("A senior official at the ministry said the ministry will roll out new measures.",
     "senior official", "ministry"),
    ("Officials from the bureau said 300 more caseworkers will be hired.", "Officials", "bureau"),
    ("An official in charge of the ministry's employment promotion department said training will expand.",
     "official in charge", "ministry's employment promotion department"),
])
def test_unnamed_officials(sentence, role, agency):
    unnamed = [o for o in run(sentence)._.officials if o.kind == "unnamed_official"]
    assert [(o.titles, o.agency) for o in unnamed] == [((role,), agency)]


def test_a_role_without_an_agency_is_no_official():
    doc = run("A spokesperson for the team said the players will visit the shelter.")
    assert [o for o in doc._.officials if o.kind == "unnamed_official"] == []


def test_the_spokesperson_refers_back_to_the_unnamed_one():
    doc = run("A council spokesperson said bills would go out in March. Support already reduces bills for "
              "19,000 households, the spokesperson said.")
    assert [m.rule for m in doc._.mentions] == ["en.mention.title"]
    assert doc._.mentions[0].official.kind == "unnamed_official"
