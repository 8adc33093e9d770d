"""The rules of `minsheng track` (rules/track.yaml): metric keys, periods.

A metric as extracted becomes a key by a documented normalization (the
steps are written at the top of rules/track.yaml); a figure's period is
read from the cue nearest before it. Both are pure functions of text, so
they are tested on sentences alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from pipeline.core.normalize import to_halfwidth, to_simplified
from pipeline.core.rules import read_yaml


class _Averages(BaseModel):
    words: list[str]
    marker: str


class _MetricRules(BaseModel):
    prefixes: list[str]
    suffixes: list[str]
    averages: _Averages
    verbs: dict[str, str]
    default_units: dict[str, str]
    lower_is_better: list[str]


class _RelativeCue(BaseModel):
    cue: str
    offset: int
    span: int


class _PeriodRules(BaseModel):
    relative: list[_RelativeCue]
    five_years: str
    not_after_five_years: list[str]
    bound_to_number: str
    comparison_marks: list[str]
    difference_before: str
    plans: dict[str, int]


class TrackRules(BaseModel):
    metric: _MetricRules
    pledge_prefixes: list[str]
    period: _PeriodRules


@lru_cache(maxsize=1)
def track_rules() -> TrackRules:
    return read_yaml("track.yaml", TrackRules)


def _plain(text: str) -> str:
    return to_halfwidth(to_simplified(text)).replace(" ", "")


def _strip(text: str, words: list[str], at_start: bool) -> str:
    """Take the words off one end until none is left there (longest first)."""
    ordered = sorted(words, key=len, reverse=True)
    changed = True
    while changed and text:
        changed = False
        for word in ordered:
            if word != text and (text.startswith(word) if at_start else text.endswith(word)):
                text = text[len(word):] if at_start else text[:-len(word)]
                changed = True
                break
    return text


def metric_key(metric: str | None) -> str | None:
    """The key two targets must share to pair: 新增城镇就业 and 城镇新增就业人数 → 城镇就业+新增."""
    if not metric:
        return None
    rules = track_rules().metric
    text = _plain(metric)
    marker = ""
    for word in sorted(rules.averages.words, key=len, reverse=True):
        if word in text:
            text, marker = text.replace(word, "", 1), rules.averages.marker
            break
    text = _strip(_strip(text, rules.prefixes, at_start=True), rules.suffixes, at_start=False)
    for verb in sorted(rules.verbs, key=len, reverse=True):
        if verb in text and verb != text:
            text = text.replace(verb, "", 1) + "+" + rules.verbs[verb]
            break
    return (text + marker) or None


def states_pledge(metric: str | None) -> bool:
    """再减少农村贫困人口: the metric itself says it is still to be done."""
    text = _plain(metric or "")
    return any(word in text for word in track_rules().pledge_prefixes)


def default_unit(key: str) -> str | None:
    return next((unit for word, unit in track_rules().metric.default_units.items() if word in key), None)


def lower_is_better(key: str) -> bool:
    return any(word in key for word in track_rules().metric.lower_is_better)


# --------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A run of calendar years, first to last inclusive."""

    first: int
    last: int

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    rules = track_rules().period
    plans = "|".join(sorted(rules.plans, key=len, reverse=True))
    relative = "|".join(re.escape(c.cue) for c in sorted(rules.relative, key=lambda c: -len(c.cue)))
    not_after = "".join(f"(?<!{re.escape(w)})" for w in rules.not_after_five_years)
    return re.compile(rf"(?P<plan>[\"“]?(?:{plans})[\"”]?(?=时期|期间))"
                      rf"|(?P<year>(?<!\d)(?:19|20)\d\d)年"
                      rf"|(?P<relative>{relative})"
                      rf"|(?P<five>{not_after}{re.escape(rules.five_years)})")


def period_before(context: str, base_year: int | None, pledge: bool) -> Period | None:
    """The period the figure after `context` is about: the cue nearest before it.

    Relative cues (今年, 去年, 过去五年) count from `base_year`; with no cue a
    pledge is for the base year, a reported result for the base year too
    (今年以来 … is the usual news phrasing), unless no base year is known.
    """
    rules = track_rules().period
    text = _plain(context)
    last = None
    for match in _cue_pattern().finditer(text):
        if not (_compares(text, match.start()) or (match.end() < len(text) and _dates_a_number(text, match.end()))):
            last = match
    if last is None:
        return Period(base_year, base_year) if base_year else None
    if last.group("plan"):
        first = rules.plans[last.group("plan").strip("\"“”")]
        return Period(first, first + 4)
    if last.group("year"):
        year = int(last.group("year"))
        return Period(year, year)
    if base_year is None:
        return None
    if last.group("five"):
        first = base_year if pledge else base_year - 5
        return Period(first, first + 4)
    cue = next(c for c in rules.relative if c.cue == last.group("relative"))
    return Period(base_year + cue.offset, base_year + cue.offset + cue.span - 1)


def _compares(text: str, start: int) -> bool:
    return any(text.endswith(mark, 0, start) for mark in track_rules().period.comparison_marks)


def _dates_a_number(text: str, end: int) -> bool:
    return re.match(track_rules().period.bound_to_number, text[end:]) is not None


def is_difference(context: str) -> bool:
    """比去年增加300亿元: the figure after `context` is a change against another year, not a level."""
    return re.search(track_rules().period.difference_before, _plain(context)) is not None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def article_year(article: dict) -> int | None:
    """The year an article speaks from: its date, else the year in its headline, else in its file name."""
    for text in (article.get("published"), article.get("title"), article.get("doc_id")):
        match = _YEAR.search(text or "")
        if match:
            return int(match.group(1))
    return None
