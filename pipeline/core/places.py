"""The gazetteer (`rules/places.tsv`) and the article's own jurisdiction.

Used by the recognize stage: a place prefix of an agency (太原市尖草坪区委)
resolves to its full name, and a bare 市/省 (市人社局, 省文旅厅) resolves to
the city or province the article is about: its dateline (临汾新闻网讯), else
the prefecture and province it names most often.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.core.rules import read_tsv


@dataclass(frozen=True)
class Place:
    name: str
    short: str
    level: str
    parent: str
    province: str


@dataclass(frozen=True)
class PlaceMatch:
    """A gazetteer form found in a text; reads like a regex match."""

    _start: int
    _end: int
    form: str

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return (self._start, self._end)

    def group(self) -> str:
        return self.form


@dataclass(frozen=True)
class Gazetteer:
    """Place forms by their written form, looked up longest first.

    A dictionary probe per position is far faster than one regex alternation
    of thousands of names (which the regex engine tries branch by branch)."""

    by_form: dict[str, tuple[Place, ...]]
    lengths: tuple[int, ...]  # the lengths forms come in, longest first
    initials: frozenset[str]

    def lookup(self, form: str) -> tuple[Place, ...]:
        return self.by_form.get(form, ())

    def match(self, text: str, pos: int = 0, end: int | None = None) -> PlaceMatch | None:
        """The longest place form starting at `pos` (and ending by `end`)."""
        end = len(text) if end is None else end
        if pos >= end or text[pos] not in self.initials:
            return None
        for length in self.lengths:
            form = text[pos:pos + length]
            if pos + length <= end and form in self.by_form:
                return PlaceMatch(pos, pos + length, form)
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """Non-overlapping place forms, leftmost and longest first."""
        end = len(text) if end is None else end
        pos = start
        while pos < end:
            m = self.match(text, pos, end)
            if m:
                yield m
                pos = m.end()
            else:
                pos += 1


@dataclass(frozen=True)
class ArticleContext:
    """The jurisdiction an article is about, as canonical full names."""

    city: str | None = None
    province: str | None = None
    county: str | None = None


@lru_cache(maxsize=None)
def gazetteer() -> Gazetteer:
    by_form: dict[str, list[Place]] = {}
    for row in read_tsv("places.tsv"):
        place = Place(row["name"], row["short"] or row["name"], row["level"],
                      row["parent"], row["province"])
        for form in {place.name, place.short}:
            if len(form) >= 2:
                by_form.setdefault(form, []).append(place)
    frozen = {form: tuple(places) for form, places in by_form.items()}
    return Gazetteer(frozen, tuple(sorted({len(f) for f in frozen}, reverse=True)),
                     frozenset(f[0] for f in frozen))


_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


def best_place(form: str, context: ArticleContext) -> Place | None:
    """The most plausible unit for a written form: one inside the article's
    own province wins over a namesake elsewhere; then the higher level."""
    places = gazetteer().lookup(form)
    if not places:
        return None
    return min(places, key=lambda p: (p.province != context.province and p.name != context.province,
                                      _LEVEL_RANK.get(p.level, 3), p.name))


# A city the gazetteer does not know (a new or renamed one) is still named
# like one: two characters and 市, not 市场/市民/市委.
_UNKNOWN_FORMS = {
    "市": regex.compile(r"(?![全我本该各年月日在对从为与和到])(\p{Han}{2})市(?!场|民|委|长|区|级|属|内|外|县)"),
    "县": regex.compile(r"(?![全我本该各年月日在对从为与和到])(\p{Han}{1,2})县(?!城|委|长|级|域|乡|内|外|区|市)"),
    # not 节省, 反省, 省份, 省钱
    "省": regex.compile(r"(?![全我本该各外邻年月日在对从为与和到])(\p{Han}{2})(?<![节反俭])省(?![份钱力事时心级])"),
}


def _most_named(text: str, suffix: str, known: Counter) -> str | None:
    """The unit of this level named most often (at least twice): from the
    gazetteer's counts, else from how such names are written."""
    counts = Counter(m.group(1) + suffix for m in _UNKNOWN_FORMS[suffix].finditer(text))
    for place, n in known.items():
        counts[place.name] = max(counts[place.name], n)
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 or name in {p.name for p in known} else None


def article_context(text: str, dateline_place: str | None) -> ArticleContext:
    """City and province of the article, from the dateline or mention counts."""
    counts: Counter[Place] = Counter()
    for m in gazetteer().finditer(text):
        for place in gazetteer().lookup(m.group()):
            counts[place] += 1
    city = province = None
    if dateline_place:
        hit = best_place(dateline_place, ArticleContext())
        if hit and hit.level == "prefecture":
            city, province = hit.name, hit.province
    if city is None:
        cities = Counter({p: n for p, n in counts.items() if p.level == "prefecture"})
        municipal = Counter({p: n for p, n in counts.items()
                             if p.level == "province" and p.name.endswith("市")})
        ranked = (cities + municipal).most_common()
        if ranked:
            top = ranked[0][0]
            city = top.name
            province = top.province or top.name
    if city is None:
        city = _most_named(text, "市", Counter())
    counties = Counter({p: n for p, n in counts.items() if p.level == "county" and p.name.endswith("县")})
    county = _most_named(text, "县", counties)
    provinces = Counter({p: n for p, n in counts.items() if p.level == "province"})
    if province is None and provinces:
        province = provinces.most_common(1)[0][0].name
    if province is None:
        province = _most_named(text, "省", Counter())
    elif provinces and city is not None:
        # a city named in passing must not override a province the article
        # names far more often (太原 once vs 山西 ten times)
        top_province, n = provinces.most_common(1)[0]
        if top_province.name != province and n > 2 * counts.get(best_place(city, ArticleContext()), 0):
            province = top_province.name
    return ArticleContext(city=city, province=province, county=county)
