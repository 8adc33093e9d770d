"""English targets in the register of city-hall press releases and local
papers: money with currency signs and scale abbreviations, number words,
multiples, ranges and "from ... to ..." changes, and the numbers that are
not targets (phone numbers, addresses, law and ward numbers, vote tallies,
ages, clock times, list markers). Sentences written for these tests.
"""
from __future__ import annotations

import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.en.targets import find_targets
from pipeline.numbers import to_json_number
from pipeline.run.extract import process
from pipeline.tools.bench import english_length_article

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADLINE = "Council budget news\n\n"
ANY = object()  # a field the case does not check


def targets(body: str):
    doc = process(HEADLINE + body + "\n", "t.txt", use_ner=False)
    assert doc._.lang == "en"
    return doc._.targets


def one(body: str):
    hits = targets(body)
    assert len(hits) == 1, [h.text for h in hits]
    return hits[0]


# --------------------------------------------------------------------------- what is read

TARGET_CASES = [
    # sentence, text, value, comparator, metric, rule kind
    ("The mayor announced a $4.5 million rental assistance pilot.", "$4.5 million", 4500000, "eq",
     "rental assistance pilot", "measure"),
    ("Cabinet approved a £6.8m programme for nurseries.", "£6.8m", 6800000, "eq", "programme", "measure"),
    ("The state set aside €2.5bn for housing.", "€2.5bn", 2500000000, "eq", "housing", "measure"),
    ("The board approved a $28-million plan to build apartments.", "$28-million", 28000000, "eq", "plan", "measure"),
    ("Families will receive up to $2,400 a month toward rent.", "up to $2,400", 2400, "le", ANY, "measure"),
    ("Every participant will earn at least $17.20 an hour.", "at least $17.20", 17.2, "ge", ANY, "measure"),
    ("The governor called for 500 million dollars in new funding.", "500 million dollars", 500000000, "eq",
     "new funding", "measure"),
    ("Ten new clinics will open in rural corners of the county.", "Ten", 10, "eq", "new clinics", "count"),
    ("The grant will serve two hundred families.", "two hundred", 200, "eq", "families", "count"),
    ("Roughly 2,500 residents signed up.", "Roughly 2,500", 2500, "approx", "residents", "count"),
    ("Some 40 volunteers joined the cleanup.", "Some 40", 40, "approx", "volunteers", "count"),
    ("Almost 90 percent of residents have a library card.", "Almost 90 percent", 90, "approx", "residents",
     "percent"),
    ("Over 3,000 seniors received flu shots.", "Over 3,000", 3000, "gt", "seniors", "count"),
    ("Take-up reached 72 per cent of eligible families.", "72 per cent", 72, "eq", "eligible families", "percent"),
    ("Sales of transit passes grew 1.2 times.", "1.2 times", 1.2, "eq", ANY, "multiple"),
    ("The agency placed twice as many families through the voucher.", "twice", 2, "eq", "families", "multiple"),
    ("The library plans to double its conversation circles for newcomers.", "double", 2, "eq",
     "conversation circles", "multiple"),
    ("Transport costs have doubled in four years.", "doubled", 2, "eq", "Transport costs", "multiple"),
    ("Participants receive 40 hours of paid training.", "40", 40, "eq", ANY, "count"),  # a quantity of hours
    ("The city had 4.1 places for every 1,000 residents.", "4.1", 4.1, "eq", "places", "count"),  # not the base
    ("Every town will have at least one public nursery.", "at least one", 1, "ge", "public nursery", "count"),
    ("The unemployment rate fell 0.2 percentage points year on year.", "0.2 percentage points", 0.2, "eq",
     "unemployment rate", "measure"),
    ("The county completed 30 kilometers of new roads.", "30 kilometers", 30, "eq", "new roads", "measure"),
]


@pytest.mark.parametrize("sentence, text, value, comparator, metric, kind", TARGET_CASES)
def test_targets(sentence, text, value, comparator, metric, kind):
    h = one(sentence)
    assert (h.text, h.value, h.unit, h.comparator, h.rule) == (text, value, None, comparator, f"en.target.{kind}")
    if metric is not ANY:
        assert h.metric == metric


# --------------------------------------------------------------------------- two values in one phrase

@pytest.mark.parametrize("sentence, low, high, metric", [
    ("This summer, between 300 and 400 newly built units will open.", 300, 400, "newly built units"),
    ("Between 40 and 50 of the apartments go to seniors.", 40, 50, None),
    ("The fair offered 300-500 jobs.", 300, 500, "jobs"),
])
def test_a_range_is_at_least_its_lower_and_at_most_its_upper_bound(sentence, low, high, metric):
    lower, upper = targets(sentence)
    assert (lower.value, lower.value_high, lower.comparator) == (low, high, "ge")
    assert (upper.value, upper.comparator) == (high, "le")
    assert lower.text == upper.text and lower.metric == upper.metric == metric


@pytest.mark.parametrize("sentence, first, second, metric", [
    ("The council voted to expand the shelter from 126 to 161 beds.", ("126", "eq"), ("161", "eq"), "beds"),
    ("The number of two-year-olds in funded places went from 1,430 in 2023 to 1,912 last autumn.",
     ("1,430", "eq"), ("1,912", "eq"), ANY),
    ("The department aims to raise the share of vaccinated kindergartners from 71.5 percent to at least "
     "85 percent by 2027.", ("71.5 percent", "eq"), ("at least 85 percent", "ge"), ANY),
    ("The average wait for a first appointment has dropped from 23 days to 9 days.", ("23", "eq"), ("9", "eq"),
     ANY),  # durations are what changes here
])
def test_from_to_gives_two_targets_sharing_a_metric(sentence, first, second, metric):
    a, b = targets(sentence)
    assert ((a.text, a.comparator), (b.text, b.comparator)) == (first, second)
    assert a.metric == b.metric
    if metric is not ANY:
        assert a.metric == metric


def test_a_change_without_a_noun_takes_the_metric_before():
    moved, more = targets("In 2024, the agency moved 8,412 households out of shelter, nearly 40 percent more "
                          "than in 2023.")
    assert (more.text, more.comparator, more.change, more.metric) == ("nearly 40 percent", "approx", True,
                                                                     moved.metric)


def test_double_that_is_a_multiple_of_the_number_before():
    shots, double = targets('Last winter our nurses gave more than 3,100 free flu shots. This year we want to '
                            'double that.')
    assert (double.text, double.value, double.metric) == ("double", 2, shots.metric)


# --------------------------------------------------------------------------- what is not a target

@pytest.mark.parametrize("sentence", [
    "Families can learn more by calling 311.",  # hotlines and phone numbers
    "Call 311 or (212) 555-0100 for details.",
    "Reach the newsroom at 555-0147.",
    "The nurse line is 1-800-555-0199.",
    "Parents can call the 12320 health hotline for advice.",
    "Watch: the mayor's remarks at the center (2:35)",  # a video's length
    "The intake office at 400 Carver Avenue remains open.",  # addresses and postcodes
    "The office is at 250 Broadway, New York, NY 10007.",
    "Write to the Civic Centre, 10 Market Street.",
    "City of Wattle Creek, Wattle Creek VIC 3999.",
    "Buildings upgraded under Local Law 97 may apply.",  # laws, wards, routes, rooms, items
    "Employers in Ward 7 asked for this.",
    "Storefronts along Route 9 will be converted.",
    "The board meets in Room 104 of the County Building.",
    "The plan passed as Bylaw 2025-114 on Tuesday.",
    "The cabinet report (item 7) is available online.",
    "Gloria Mendez, 67, of Pine Hollow, said she was relieved.",  # a private person's age
    "The program takes young people aged 15 to 29.",
    "The council voted 11-4 on Thursday to expand the shelter.",  # vote tallies
    "The board approved the plan 4-1 on Monday night.",
    "The full council voted 38 to 21 on the plan.",
    "The measure passed on a 7-2 vote.",
    "The board meets again Oct. 20 at 6 p.m.",  # dates and clock times
    "The meeting opened at 9:30 a.m. on June 3.",
    "14:05, 27 FEB 2025",
    "It serves the 14th Five-Year Plan.",  # an ordinal name
    "Applications are decided within 30 days.",  # deadlines and periods
    "The clinics will open over the next two years.",
    "Updated 01:32 UTC+8, 2025-03-18",  # a time zone
    "The district spent the money in the first three quarters.",  # a period
    "She visits the library three times a week.",  # how often, not how much
    "The van comes twice a month.",
    "The hotel has a double room for guests.",  # an adjective, not a multiple
    "1. The cabinet report is available on request.",  # a list marker
    "- 30 -",  # the end of a press release
    "Comments (14)",  # page furniture
])
def test_not_targets(sentence):
    assert [h.text for h in targets(sentence)] == []


# --------------------------------------------------------------------------- properties

SCALES = [("", 1), (" million", 10**6), (" billion", 10**9), ("m", 10**6), ("bn", 10**9)]


@FAST
@given(mantissa=st.integers(min_value=1, max_value=99999), places=st.integers(min_value=0, max_value=2),
       sign=st.sampled_from(["$", "£", "€", "US$"]), scale=st.sampled_from(SCALES),
       prefix=st.sampled_from([("", "eq"), ("about ", "approx"), ("more than ", "gt"), ("up to ", "le")]))
def test_money_round_trips(mantissa, places, sign, scale, prefix):
    number = f"{Decimal(mantissa) / 10 ** places:,.{places}f}"
    written, factor = scale
    phrase = f"{prefix[0]}{sign}{number}{written}"
    h = one(f"The council will invest {phrase} in the program.")
    assert (h.text, h.value, h.comparator, h.unit) == (phrase, to_json_number(Decimal(number.replace(",", "")) * factor),
                                                      prefix[1], None)


def test_one_long_paragraph_costs_linear_time():
    """The targets of one sentence repeated to 20k and 80k characters in one
    paragraph: four times the text may not take much more than four times as
    long (what is read around a number stays within a few words of it)."""
    def seconds(chars: int) -> float:
        doc = process(english_length_article(chars), "long.txt", use_ner=False)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            find_targets(doc)
            best = min(best, time.perf_counter() - started)
        return best
    assert seconds(80_000) < 8 * seconds(20_000)
