"""Stage 5a for English articles: officials, agencies, places.

Machine translation keeps the Chinese facts but English word order: the title
follows the name as an appositive ("Wang Hongbin, deputy secretary of the
municipal party committee and mayor, investigated ..."), agencies are
capitalised phrases ending in a head noun ("Municipal Employment Service
Center") and places are Hanyu Pinyin ("Shangzhi"). English news written as
such (city halls, local papers, state media) names people given name first
(Karen Ellison, Ana R. Torres, Luis de la Fuente) with the title before the
name ("Lt. Gov. Mary O'Neill-Kemp", "Deputy Mayor for Health and Human
Services Dr. Ana R. Torres") or after it, then by family name or title
("Ellison said", "the vice minister added"). This module reads those forms
and writes what the Chinese recognizer writes (`pipeline.zh.recognize`):
`doc._.context`, `doc._.officials`, `doc._.mentions`, with the same types.

Rules: `rules/en/officials.yaml` (titles, names, roles, leads, own
government, places outside the gazetteer), `given_names.txt`,
`agency_suffixes.txt`, `jurisdictions.txt`, `surnames.txt`,
`pinyin_syllables.txt`, `place_aliases.tsv` and the `en` column of
`rules/places.tsv`.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex
from spacy.lang.en import English
from spacy.tokens import Doc

from pipeline.core.doc import CUE_KEY, doc_text
from pipeline.core.entities import set_entities
from pipeline.core.places import ArticleContext, Place
from pipeline.core.rules import Strict, alternation, read_tsv, read_words, read_yaml
from pipeline.core.types import Mention, Official, Subject

_LOOK_BACK = 60  # characters: longer than any capitalised word and its spaces
_MAX_LOWER_AGENCY = 6  # words in a lower-case agency ("municipal party committee")
_MAX_QUOTED_NAME = 40  # a quoted phrase this short is a name or slogan ("Pujiang Experience")
_LEVEL_RANK = {"prefecture": 0, "province": 0, "county": 1}


class _TitleRules(Strict):
    rank_prefixes: list[str]
    body_prefixes: list[str]
    bases: list[str]
    weak_bases: list[str]
    not_titles: list[str]
    not_after: list[str]
    abbreviations: dict[str, str]
    seat_titles: list[str]
    own_agencies: dict[str, str]


class _NameRules(Strict):
    honorifics: list[str]
    particles: list[str]
    suffixes: list[str]
    not_name_words: list[str]
    age_after: str


class _OwnGovernment(Strict):
    pattern: str
    level: str


class EnOfficialRules(Strict):
    titles: _TitleRules
    unnamed_roles: list[str]
    unnamed_links: list[str]
    names: _NameRules
    lead: str
    own_government: list[_OwnGovernment]
    level_words: dict[str, list[str]]
    title_levels: dict[str, list[str]]
    local_places: dict[str, list[str]]
    countries: list[str]
    gazetteer_country: str
    meetings: str
    speaker_gap_words: list[str]
    mastheads: list[str]
    place_not_before: str
    not_places: str


class Cue(NamedTuple):
    """A speech or directive verb from the cue ruler."""

    start: int
    end: int
    kind: str  # "speech" | "directive"
    rule: str


@dataclass(frozen=True)
class _Unit:
    """One post in a title chain: a title and the agency it is held in."""

    start: int
    end: int
    title: tuple[int, int]
    agency: tuple[int, int] | None


def _phrases(words) -> str:
    """Alternation of phrases, longest first; a space also matches a hyphen."""
    escaped = sorted({regex.escape(w.lower()).replace(r"\ ", " ") for w in words}, key=len, reverse=True)
    return "|".join(e.replace(" ", r"[\s-]+") for e in escaped)


class EnLexicon:
    """The English rule files, compiled once per process."""

    def __init__(self) -> None:
        rules: EnOfficialRules = read_yaml("en/officials.yaml", EnOfficialRules)
        self.rules = rules
        t = rules.titles
        head = rf"(?:(?:{_phrases(t.rank_prefixes)})[\s-]+)?(?:(?:{_phrases(t.body_prefixes)})[\s-]+)?"
        self.title = regex.compile(rf"(?i:(?<![\w'’-]){head}(?:{_phrases(t.bases)})(?![\w'’-]))")
        self.weak_title = regex.compile(rf"(?i:(?:{_phrases(t.weak_bases)}))")
        self.not_title = regex.compile(rf"(?i:(?:{_phrases(t.not_titles)})(?![\w'’-]))")
        # "former mayor", "ex-minister": the word before a title says the post is gone
        self.not_after = regex.compile(rf"(?i:(?<![\w'’-])(?:{_phrases(t.not_after)})[\s-]*$)")
        self.title_forms = {k.lower(): v.lower() for k, v in t.abbreviations.items()}
        self.gone_words = frozenset(w.lower() for w in t.not_after)
        self.seat_title = regex.compile(rf"(?i:(?:{_phrases(t.seat_titles)}))")
        self.own_agencies = [(regex.compile(rf"(?i:(?<![\w'’-]){regex.escape(title)}(?![\w'’-]))"), head.lower())
                             for title, head in t.own_agencies.items()]
        roles = _phrases(rules.unnamed_roles)
        links = _phrases(rules.unnamed_links)
        self.roles = regex.compile(
            rf"(?i:(?<![\w'’-])(?:the\s+|an?\s+)?(?P<role>{roles})\s+(?:{links})\s+(?:the\s+)?)")
        # "a county spokesperson", "A Health Department official": the agency before the role
        self.role_after = regex.compile(rf"(?i:[ \t]+(?P<role>{roles})(?![\w'’-]))")
        self.role_word = regex.compile(rf"(?i:(?<![\w'’-])(?:{roles})(?![\w'’-]))")
        self.indefinite = regex.compile(r"(?<![\w'’-])(?i:the|an?)[ \t]+")
        self.lead = regex.compile(rules.lead)
        self.own_government = [(regex.compile(g.pattern), g.level) for g in rules.own_government]
        self.level_of_word = {w.lower(): level for level, words in rules.level_words.items() for w in words}
        self.level_word = regex.compile(rf"(?<![\w'’-])(?:{_phrases(self.level_of_word)})(?![\w'’-])")
        self.title_level = [(regex.compile(rf"(?i:(?<![\w'’])(?:{_phrases(words)})(?![\w'’-]))"), level)
                            for level, words in rules.title_levels.items()]
        self.country = regex.compile(rf"(?<![\w-])(?:{alternation(rules.countries)})(?![\w-])")
        self.meeting = regex.compile(rules.meetings)
        self.gap = regex.compile(rf"(?i:[\s,]*(?:(?:{_phrases(rules.speaker_gap_words)}|[a-z]+ly)\s+)*)")
        self.suffixes = frozenset(w.lower() for w in read_words("en/agency_suffixes.txt"))
        self.jurisdictions = frozenset(w.lower() for w in read_words("en/jurisdictions.txt"))
        self.syllables = frozenset(read_words("en/pinyin_syllables.txt"))
        surnames = read_words("en/surnames.txt")
        forms = alternation(list(surnames) + [s.upper() for s in surnames])  # Wang, WANG
        given = r"[A-Z][a-zü]*(?:[-'’][A-Za-z][a-zü]*)?"  # Ruipeng, Xiao-ming
        self.name = regex.compile(rf"(?<![\w'’-])(?:{forms})[ \u00a0](?P<given>{given})(?![\w'’-])")
        # words that end a lower-case agency name ("bureau said that", "committee in")
        self.function_words = frozenset(read_words("en/function_words.txt"))
        self._names(rules.names, t)
        self._local_places(rules)
        self.plan_verbs = frozenset(w.lower() for w in read_words("en/plan_verbs.txt"))
        self.places = _english_places()
        self.place = regex.compile(rf"(?<![A-Za-z'’-])(?:{alternation(list(self.places))})(?![A-Za-z'’-])")
        self.surnames = frozenset(surnames)
        self.place_not_before = regex.compile(rules.place_not_before)
        self.not_places = regex.compile(rules.not_places)
        jurisdictions = "|".join(sorted(self.jurisdictions, key=len, reverse=True))
        self.jurisdiction_after = regex.compile(rf"\s+(?i:{jurisdictions})(?![\w-])")
        self.masthead_after = regex.compile(rf"\s+(?:{_phrases(rules.mastheads)})(?![\w-])", regex.IGNORECASE)
        # "Sangling County ...": a jurisdiction word makes the word before it a place
        self.explicit_place = regex.compile(
            r"(?<![\w'’-])[A-Z][a-z'’]+(?=\s+(?:City|County|District|Province|Prefecture|Town|Township)\b)")

    def _names(self, n: _NameRules, t: _TitleRules) -> None:
        """Names written given name first: capitalised words (Torres-Springer,
        O'Neill-Kemp, McDonald), initials (R.) and particles (de la), never a
        title word, an agency's head noun or a word of `not_name_words`."""
        self.given_names = frozenset(read_words("en/given_names.txt"))
        title_words = {w.strip(".").capitalize() for phrase in t.bases + t.rank_prefixes + t.body_prefixes
                       for w in regex.split(r"[\s-]+", phrase)}
        self.common_words = title_words | {w.capitalize() for w in self.suffixes | self.jurisdictions
                                           | self.function_words}
        stops = (self.common_words | set(n.not_name_words) | set(self.rules.mastheads)) - self.given_names
        stop = alternation([w for w in stops if w])
        self.stop_lookahead = rf"(?!(?:{stop})(?![\p{{L}}-]))"
        token = r"(?:[OD]['’])?\p{Lu}\p{Ll}*(?:\p{Lu}\p{Ll}+)?\p{Ll}(?:-\p{L}\p{Ll}+)*(?![\p{L}-])"
        self.name_token = regex.compile(rf"{self.stop_lookahead}{token}")
        self.stop_lookahead_re = regex.compile(self.stop_lookahead)
        sep = r"[ \u00a0]+"
        particles = "|".join(regex.escape(w).replace(r"\ ", sep) for w in sorted(n.particles, key=len, reverse=True))
        suffixes = alternation(n.suffixes)
        tok = self.name_token.pattern
        self.person = regex.compile(
            rf"(?<![\p{{L}}'’.-]){tok}(?:{sep}(?:\p{{Lu}}\.{sep})*(?:(?:{particles}){sep})?{tok}){{1,3}}"
            rf"(?:,?{sep}(?:{suffixes})(?![\p{{L}}]))?")
        # a full stop that ends an abbreviation (Lt. Gov., Dr.) or an initial (R.), not a sentence
        dotted = [w[:-1] for w in t.bases + t.rank_prefixes + n.honorifics if w.endswith(".")]
        self.abbreviation_before = regex.compile(
            rf"(?:(?<![\w'’-])(?i:{alternation(dotted)})|(?<![\w'’.-])\p{{Lu}})\.$")
        self.honorific_before = regex.compile(
            rf"(?<![\w'’-])(?:{alternation(n.honorifics)}){sep}$")
        # "Director Zhang", "Mayor Pettigrew", "Ms. de la Fuente": a title or an
        # honorific and a bare family name (no given name after it)
        self.family_name = regex.compile(rf"(?:(?:{particles}){sep})?{self.stop_lookahead}{token}")
        self.title_surname = regex.compile(
            rf"(?:{self.title.pattern}|(?<![\w'’-])(?:{alternation(n.honorifics)}))[ \u00a0]+"
            rf"(?P<surname>{self.family_name.pattern})(?![\w'’-]|[ \u00a0]\p{{Lu}})")
        self.age_after = regex.compile(n.age_after)

    def _local_places(self, rules: EnOfficialRules) -> None:
        """Patterns of places the gazetteer lacks, {name} filled with a run of
        one to three capitalised words that are no title or agency word."""
        not_place = self.common_words | {w for m in rules.mastheads for w in m.split()}
        place_word = rf"(?!(?:{alternation([w for w in not_place if w])})(?![\p{{L}}-]))\p{{Lu}}[\p{{L}}'’-]*"
        name = rf"(?:{place_word}[ ]+){{0,2}}{place_word}"
        mastheads = "|".join(sorted((regex.escape(m) for m in rules.mastheads), key=len, reverse=True))
        self.local_places = {level: [regex.compile(p.replace("{name}", name).replace("{mastheads}", mastheads))
                                     for p in patterns]
                             for level, patterns in rules.local_places.items()}

    def syllables_in(self, word: str) -> int | None:
        """How many pinyin syllables spell `word` (Xiao-ming: 2), or None."""
        parts = regex.split(r"[-'’]", word.lower().replace("ü", "v"))
        counts = [_syllable_count(p, self.syllables) for p in parts]
        return None if None in counts else sum(counts)

    def is_given_name(self, word: str) -> bool:
        """A pinyin given name: one or two syllables (Ruipeng, Lei, Xiao-ming)."""
        return self.syllables_in(word) in (1, 2)

    def is_place_word(self, word: str) -> bool:
        """A word that can be a place the gazetteer lacks: two to four pinyin
        syllables, not a surname (Fenchuan, Sangling)."""
        return (self.syllables_in(word) or 0) >= 2 and len(word) <= 16 and word not in self.surnames

    def level_rank(self, form: str) -> int:
        return min(_LEVEL_RANK.get(p.level, 2) for p in self.places[form])


def _syllable_count(word: str, syllables: frozenset[str]) -> int | None:
    """Fewest pinyin syllables that spell `word` exactly, or None."""
    best: list[int | None] = [0] + [None] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if best[j] is not None and word[j:i] in syllables:
                n = best[j] + 1
                best[i] = n if best[i] is None else min(best[i], n)
    return best[-1]


def _english_places() -> dict[str, tuple[Place, ...]]:
    """English forms -> gazetteer units: the pinyin `en` column plus the
    conventional names in rules/en/place_aliases.tsv (Harbin, Inner Mongolia)."""
    by_name: dict[str, Place] = {}
    by_form: dict[str, list[Place]] = {}
    for row in read_tsv("places.tsv"):
        place = Place(row["name"], row["short"] or row["name"], row["level"], row["parent"], row["province"])
        by_name.setdefault(place.name, place)
        if row.get("en"):
            by_form.setdefault(row["en"], []).append(place)
    for row in read_tsv("en/place_aliases.tsv"):
        if row["name"] in by_name:
            by_form.setdefault(row["en"], []).append(by_name[row["name"]])
    return {form: tuple(places) for form, places in by_form.items()}


@lru_cache(maxsize=None)
def en_lexicon() -> EnLexicon:
    return EnLexicon()


@lru_cache(maxsize=None)
def _province_en() -> dict[str, str]:
    """Full Chinese province name -> its English form, for ArticleContext.province."""
    return {p.name: form for form, places in en_lexicon().places.items() for p in places if p.level == "province"}




# --------------------------------------------------------------------------- names

def pinyin_names(text: str, start: int, end: int, lex: EnLexicon) -> list[tuple[int, int]]:
    """Spans of pinyin person names (surname + given name) in text[start:end]."""
    return [m.span() for m in lex.name.finditer(text, start, end) if _is_pinyin_name(m, lex)]


def _is_pinyin_name(m: regex.Match, lex: EnLexicon) -> bool:
    """A surname and a pinyin given name that is not a place (Hong Kong)."""
    return lex.is_given_name(m.group("given")) and m.group() not in lex.places


def name_runs(text: str, start: int, end: int, lex: EnLexicon) -> list[tuple[int, int]]:
    """Capitalised runs shaped like a name written given name first (Karen
    Ellison, Ana R. Torres, Luis de la Fuente), except those inside an
    organisation's or a street's name (Martin Luther King Jr. Library,
    Municipal Human Resources and Social Security Bureau)."""
    return [m.span() for m in lex.person.finditer(text, start, end)
            if not _names_a_thing(text, m.end(), end, lex) and not _inside_a_name(text, start, m.start(), lex)]


def _inside_a_name(text: str, floor: int, pos: int, lex: EnLexicon) -> bool:
    """True when the word before `pos` makes a run the middle of a longer
    capitalised name: a level word or an agency's head noun (Municipal
    Human Resources ...), or a word that may itself be part of a name."""
    # only the word before `pos` matters: a bounded look-back keeps this linear
    m = regex.search(r"(?<![\w'’-])(?P<word>[A-Z][\w-]*)[ \u00a0]+$", text[max(floor, pos - _LOOK_BACK):pos])
    if not m:
        return False
    word = m.group("word")
    return (word.lower() in lex.level_of_word or _agency_head(word.lower(), lex)
            or bool(lex.name_token.fullmatch(word)))


def _names_a_thing(text: str, pos: int, end: int, lex: EnLexicon) -> bool:
    """True when the words after a name run make it part of a longer name:
    an agency's head noun or a street word within three capitalised words."""
    if lex.place_not_before.match(text, pos, end):
        return True
    p = pos
    for _ in range(3):
        m = regex.match(r"[ \u00a0]+(?P<word>[A-Z][\w'’-]*)", text[p:end])
        if not m:
            return False
        if _agency_head(m.group("word").lower(), lex):
            return True
        p += m.end()
    return False


def name_variants(text: str, start: int, end: int, lex: EnLexicon) -> list[tuple[int, int]]:
    """The readings of a name run, longest first: the whole run; from its
    first common given name on ("Reach Rachel Dunmore"); its last two words
    ("Ageing Rhys Calloway", where a title's portfolio runs into the name)."""
    words = [m.span() for m in lex.name_token.finditer(text, start, end)]
    out = [(start, end)]
    given = next((s for s, e in words[1:] if text[s:e] in lex.given_names), None)
    if given is not None:
        out.append((given, end))
    if len(words) >= 3 and words[-2][0] not in (s for s, _ in out):
        out.append((words[-2][0], end))
    return out


def is_person(text: str, start: int, end: int, lex: EnLexicon) -> bool:
    """A name run that is a person without a title beside it: it opens with a
    common given name, follows an honorific (Dr., Ms.) or has an age after it
    ("Gloria Mendez, 67,")."""
    first = lex.name_token.match(text, start, end)
    return bool((first and first.group() in lex.given_names)
                or lex.honorific_before.search(text, max(0, start - 12), start)
                or lex.age_after.match(text, end))


def find_names(text: str, start: int, end: int, lex: EnLexicon) -> list[tuple[int, int]]:
    """Spans of person names in text[start:end]: pinyin names (family name
    first) and names written given name first that are surely persons."""
    out = pinyin_names(text, start, end, lex)
    for s, e in name_runs(text, start, end, lex):
        if any(a < e and s < b for a, b in out):
            continue
        person = next((v for v in name_variants(text, s, e, lex) if is_person(text, *v, lex)), None)
        if person:
            out.append(person)
    return sorted(out)


# --------------------------------------------------------------------------- quotes

def in_short_quote(text: str, start: int, end: int, limit: int = _MAX_QUOTED_NAME) -> bool:
    """True when text[start:end] sits inside a short quoted phrase on its line:
    a slogan or a name ("one old and one young", "Pujiang Experience")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(text.rfind("“", line_start, start), _open_ascii_quote(text, line_start, start))
    if left < 0:
        return False
    close = "”" if text[left] == "“" else '"'
    right = text.find(close, end, line_end)
    return right >= 0 and right - left - 1 <= limit


def _open_ascii_quote(text: str, line_start: int, pos: int) -> int:
    """Offset of the ASCII quote that is open at `pos`, or -1."""
    # counted in place: this runs for every capitalised word of a long line
    return text.rfind('"', line_start, pos) if text.count('"', line_start, pos) % 2 else -1


# --------------------------------------------------------------------------- agencies

_CAP_WORD = regex.compile(r"No\.\s?\d+|[A-Z][\w'’&-]*|\([^()\n]{1,30}\)")
_CONNECTOR = regex.compile(r"\s+(?:(?:of|and|for|on|in|the|&)\s+)*")
_LOWER_WORD = regex.compile(r"[a-z][\w'’-]*")
_ARTICLE = regex.compile(r"(?i:(?:the|a|an)\s+)")


def _last_word(text: str, start: int, end: int) -> str:
    words = regex.findall(r"[\w'’-]+", text[start:end])
    return words[-1].lower() if words else ""


def _agency_head(word: str, lex: EnLexicon) -> bool:
    return word in lex.suffixes or word in lex.jurisdictions


def capitalised_agency(text: str, pos: int, end: int, lex: EnLexicon, min_words: int = 1) -> tuple[int, int] | None:
    """The longest capitalised phrase at `pos` that ends in an agency head noun
    or a jurisdiction, or is a known place ("Shangzhi Hongxing Community
    Health Service Center", "Standing Committee of the Municipal Party
    Committee", "Zhangjiajie"). It stops before a title or a person's name
    ("Municipal Party Committee Secretary Li Ming") and a connector "and"
    never joins a title ("... Committee and Director of ...")."""
    words: list[tuple[int, int]] = []
    m = _CAP_WORD.match(text, pos, end)
    if m and m.group().startswith("("):
        m = None  # a name does not open with a parenthesis
    while m and not lex.title.match(text, m.start(), end) and not _name_at(text, m.start(), end, lex):
        words.append(m.span())
        gap = _CONNECTOR.match(text, m.end(), end)
        if not gap or (regex.search(r"\band\b", gap.group()) and lex.title.match(text, gap.end(), end)):
            break
        m = _CAP_WORD.match(text, gap.end(), end)
    for n in range(len(words), max(min_words, 1) - 1, -1):
        s, e = words[0][0], words[n - 1][1]
        if _agency_head(_last_word(text, s, e), lex) or text[s:e] in lex.places:
            if n < len(words) and regex.match(r"\s+(?:of|on|for)\s", text[e:words[n][0]]):
                e = words[-1][1]  # "Department of Education", "Committee on General Welfare": its complement
            return (s, e)
    return None


def _name_at(text: str, pos: int, end: int, lex: EnLexicon) -> bool:
    m = lex.name.match(text, pos, end)
    return bool(m and _is_pinyin_name(m, lex))


def lowercase_agency(text: str, pos: int, end: int, lex: EnLexicon, need_level: bool) -> tuple[int, int] | None:
    """A lower-case agency ("municipal party committee", "district people's
    congress standing committee", "city"): the longest run of content words
    (joined by "of the" and by "and" unless a title follows it) that ends in
    an agency head noun; a jurisdiction word ("the city") only where no head
    noun follows. With `need_level` it must open with a level word
    (municipal, county ...), as a sentence subject does."""
    words: list[tuple[int, int]] = []
    p = pos
    while len(words) < _MAX_LOWER_AGENCY:
        m = _LOWER_WORD.match(text, p, end)
        if not m or (m.group() in lex.function_words and m.group() != "of"):
            break
        if m.group() != "of":
            words.append(m.span())
        gap = regex.match(r" +(?:the +)?", text[m.end():end])
        if not gap or (m.group() == "and" and lex.title.match(text, m.end() + gap.end(), end)):
            break
        p = m.end() + gap.end()
    while words and text[words[-1][0]:words[-1][1]] == "and":
        words.pop()
    heads = [i for i, (s, e) in enumerate(words) if text[s:e].lower() in lex.suffixes]
    if not heads:
        heads = [i for i, (s, e) in enumerate(words) if text[s:e].lower() in lex.jurisdictions][:1]
    if not heads or (need_level and text[words[0][0]:words[0][1]].lower() not in lex.level_of_word):
        return None
    return (words[0][0], words[heads[-1]][1])


def agency_at(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """The agency after "of (the)": capitalised (or a place name with a
    lower-case head: "Xinghe community"), else lower-case, which a
    capitalised one may complete ("party committee of Xingfuli Community",
    "civil affairs bureau of Dongcheng district")."""
    found = _named_agency(text, pos, end, lex)
    if found:
        return found
    found = lowercase_agency(text, pos, end, lex, need_level=False)
    of = _OF.match(text, found[1], end) if found else None
    owner = _named_agency(text, of.end(), end, lex) if of else None
    return (found[0], owner[1]) if owner else found


def _named_agency(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """A capitalised agency, or capitalised words that a lower-case agency
    name goes on from ("Xinghe community", "Qinglan civil affairs bureau",
    "NHC's department of ..."): the longer."""
    found = capitalised_agency(text, pos, end, lex)
    run = _capitalised_run(text, pos, end, lex)
    gap = regex.match(r"[ \t]+", text[run[1]:end]) if run else None
    lower = lowercase_agency(text, run[1] + gap.end(), end, lex, need_level=False) if gap else None
    if lower and (found is None or lower[1] > found[1]):
        return (pos, lower[1])
    return found


def place_of(agency: str, context: ArticleContext, lex: EnLexicon, level: str = "city") -> str | None:
    """The jurisdiction of an agency: the place it names ("Shangzhi Hongxing
    ..." -> Shangzhi, "Sangling County ..." -> Sangling), else the one its level word stands for ("Municipal ...",
    "municipal party committee", "city" -> the article's city; "Provincial"
    -> its province; "county", "district" -> its county; "Ministry",
    "national" -> its country), else the one of `level` (the level its
    holder's title names: a minister's portfolio is national)."""
    m = next((m for m in lex.place.finditer(agency) if not lex.place_not_before.match(agency, m.end())), None)
    m = m or lex.explicit_place.search(agency)
    if m:
        return m.group()  # not a community's name (Xinghe community)
    if context.city and regex.search(rf"(?<![\w-]){regex.escape(context.city)}(?![\w-])", agency):
        return context.city  # a place the gazetteer lacks, known from the article
    word = lex.level_word.search(agency.lower())
    return _place_at(lex.level_of_word[word.group()] if word else level, context)


def _place_at(level: str, context: ArticleContext) -> str | None:
    """The article's place of a level: city, province, county or country."""
    return getattr(context, level, None) if level in ("city", "province", "county", "country") else context.city


# --------------------------------------------------------------------------- title chains

_UNIT_SEP = regex.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_TITLE_JOIN = regex.compile(r"[ \t]+(?=[A-Z])")  # "Council leader Cllr Tom Aldred": two posts before a name
_OF = regex.compile(r"\s+of\s+(?:the\s+)?")
# "spokesperson for the city", "director at the Department of Health", "official with the bureau"
_LINK = regex.compile(r"\s+(?P<link>of|for|at|with)\s+(?:the\s+)?")
# "Deputy Mayor for Economic Development", "cabinet member for children's services": a portfolio
_FOR = regex.compile(r"\s+for\s+(?!the\s)")
_POSSESSIVE = regex.compile(r"(?P<owner>[\w-]+(?:[ \t]+[\w-]+){0,3}?)['’]s[ \t]+")
_PORTFOLIO_WORD = regex.compile(r"[A-Z][\w'’&-]*|[a-z][\w'’-]*")
_PORTFOLIO_JOIN = regex.compile(r"[ \t]+(?:(?:and|&|of)[ \t]+)?")
_MAX_MODIFIERS = 2  # "medical director", "chief heat officer"
_MAX_PORTFOLIO = 6  # words in "for Health and Human Services"


def _title_at(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int, int] | None:
    """(start, base start, end) of the longest title at `pos`, with up to two
    lower-case words before it that say which post ("health commissioner",
    "medical director"); none says the post is gone ("former mayor")."""
    best = None
    q = pos
    for n in range(_MAX_MODIFIERS + 1):
        m = lex.title.match(text, q, end)
        if m and (best is None or m.end() > best[2]) and (n == 0 or m.group()[0].islower()):
            best = (pos, m.start(), m.end())  # "while Councilmember": no modifier of a capitalised title
        w = _LOWER_WORD.match(text, q, end)
        if not w or w.group() in lex.function_words or w.group() in ("of", "and") or w.group() in lex.gone_words:
            break
        gap = regex.match(r"[ \t]+", text[w.end():end])
        if not gap or (m and not text[w.end() + gap.end():w.end() + gap.end() + 1].islower()):
            break  # "chief heat officer" is one post, "leader Cllr" two
        q = w.end() + gap.end()
    return best


def _portfolio_end(text: str, pos: int, end: int, lex: EnLexicon) -> int:
    """End of a portfolio after a title ("for Economic Development", "for
    children's services"), or `pos`: words joined by and/&/of up to a
    function word, a punctuation mark or the next title."""
    f = _FOR.match(text, pos, end)
    if not f:
        return pos
    q, p = pos, f.end()
    for _ in range(_MAX_PORTFOLIO):
        w = _PORTFOLIO_WORD.match(text, p, end)
        if not w or w.group().lower() in lex.function_words or (q > pos and lex.title.match(text, p, end)):
            break
        q = w.end()
        join = _PORTFOLIO_JOIN.match(text, q, end)
        if not join:
            break
        p = join.end()
    return q


def _complement(text: str, pos: int, end: int, lex: EnLexicon, strong: bool,
                seat: bool = False) -> tuple[int, int] | None:
    """The agency after a title: "of/for/at/with (the) <agency>"; after "of"
    (or a seat's "for": "Member of Parliament for Lakeridge Centre") also a
    capitalised name without a head noun ("mayor of Harlan Bay", "General
    Manager of Employment and Social Services") and, for a title that is a
    post on its own, a lower-case portfolio ("minister of housing and
    urban-rural development")."""
    link = _LINK.match(text, pos, end)
    if not link:
        return None
    found = agency_at(text, link.end(), end, lex)
    if found or link.group("link") != ("for" if seat else "of"):
        return found
    return _capitalised_run(text, link.end(), end, lex) or (
        _lower_portfolio(text, link.end(), end, lex) if strong else None)


def _capitalised_run(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """Capitalised words joined by of/and/the/&, up to a title or a name
    (a pinyin name, or one that opens with a common given name)."""
    last = None
    m = _CAP_WORD.match(text, pos, end)
    while m and not m.group().startswith("(") and not lex.title.match(text, m.start(), end) \
            and not _name_at(text, m.start(), end, lex) and m.group() not in lex.given_names:
        last = m.end()
        gap = _CONNECTOR.match(text, m.end(), end)
        m = _CAP_WORD.match(text, gap.end(), end) if gap else None
    return (pos, last) if last else None


def _lower_portfolio(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    """Lower-case content words joined by "and" ("housing and urban-rural
    development"), up to a function word or a punctuation mark."""
    last = None
    p = pos
    for _ in range(_MAX_LOWER_AGENCY):
        w = _LOWER_WORD.match(text, p, end)
        if not w or w.group() in lex.function_words or lex.title.match(text, p, end):
            break
        if w.group() != "and":
            last = w.end()
        gap = regex.match(r"[ \t]+", text[w.end():end])
        if not gap:
            break
        p = w.end() + gap.end()
    return (pos, last) if last else None


def _owner(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int, int] | None:
    """(start, end, after) of a possessive agency before a title: "the
    county's health commissioner" -> county, "the Council's chair"."""
    m = _POSSESSIVE.match(text, pos, end)
    if not m:
        return None
    s, e = m.span("owner")
    if lex.title.search(text, s, e):
        return None  # "chair of the Council's Committee": the possessive is inside the agency
    if _agency_head(_last_word(text, s, e), lex) or text[s].isupper():
        return s, e, m.end()
    return None


def _agency_before_title(text: str, pos: int, end: int, lex: EnLexicon,
                         described: bool = False) -> tuple[int, int] | None:
    """An agency written before its title: a capitalised agency of two
    words or more ("Municipal Health Commission Director"), else capitalised
    words or an acronym right before a capitalised title ("Civil Affairs
    Minister", "NHC Deputy Director", "Wattle Creek Mayor"), or a lower-case
    one after a head noun or an article ("Council leader", "the Liberal
    Democrat group leader"), never "Film director"."""
    found = capitalised_agency(text, pos, end, lex, min_words=2)
    if found:
        return found
    run = _capitalised_run(text, pos, end, lex)
    gap = regex.match(r"[ \t]+", text[run[1]:end]) if run else None
    title = lex.title.match(text, run[1] + gap.end(), end) if gap else None
    if title is None or any(w.lower() in lex.gone_words for w in regex.findall(r"[\w'’]+", text[pos:run[1]])):
        return None  # "Former Mayor ..."
    first = _last_word(text, pos, _CAP_WORD.match(text, pos, end).end())
    head = _agency_head(_last_word(text, *run), lex)
    if (head or described or title.group()[0].isupper()) and (
            _agency_head(first, lex) or lex.stop_lookahead_re.match(text, pos)):
        return run  # not a sentence's first word ("Yesterday Mayor ...", "Film director ...")
    return None


def _unit(text: str, pos: int, end: int, lex: EnLexicon, prenominal: bool = False) -> _Unit | None:
    """A title, optionally with an agency before it ("Municipal Civil Affairs
    Bureau Director", "the county's health commissioner") or after it
    ("director of the Municipal ... Center", "spokesperson for the city").
    A weak base ("head", "chair") needs an agency, unless it is written
    capitalised right before a name ("Supervisor Tom Hadley")."""
    art = _ARTICLE.match(text, pos, end)
    p = art.end() if art else pos
    pre = None
    owner = _owner(text, p, end, lex)
    if owner:
        pre, p = owner[:2], owner[2]
    if lex.not_title.match(text, p, end):
        return None
    title = _title_at(text, p, end, lex)
    if title is None and pre is None:
        pre = _agency_before_title(text, p, end, lex, described=art is not None)
        gap = regex.match(r"\s+", text[pre[1]:end]) if pre else None
        title = _title_at(text, pre[1] + gap.end(), end, lex) if gap else None
    if title is None:
        return None
    t_start, base, t_end = title
    if pre is None and t_start < base and _agency_head(_last_word(text, t_start, base), lex):
        pre, t_start = (t_start, len(text[:base].rstrip())), base  # "council leader": the council's leader
    seat = bool(lex.seat_title.fullmatch(text[base:t_end]))
    if not seat:
        t_end = _portfolio_end(text, t_end, end, lex)
    q, agency = t_end, pre
    weak = bool(lex.weak_title.fullmatch(text[base:title[2]]))
    if agency is None:
        agency = _complement(text, q, end, lex, strong=not weak, seat=seat)
        if agency:
            q = agency[1]
    if agency is None and weak and not (prenominal and text[t_start].isupper()):
        return None  # "head", "member" alone are common nouns
    return _Unit(start=pre[0] if pre else t_start, end=q, title=(t_start, t_end), agency=agency)


def parse_chain(text: str, pos: int, end: int, lex: EnLexicon, prenominal: bool = False) -> tuple[list[_Unit], int]:
    """Posts joined by commas and "and" from `pos`: "deputy secretary of the
    municipal party committee and mayor" -> two units."""
    units: list[_Unit] = []
    p = pos
    while True:
        unit = _unit(text, p, end, lex, prenominal)
        if unit is None:
            break
        units.append(unit)
        p = unit.end
        sep = _UNIT_SEP.match(text, p, end) or (_TITLE_JOIN.match(text, p, end) if prenominal else None)
        if not sep or _unit(text, sep.end(), end, lex, prenominal) is None:
            break
        p = sep.end()
    return units, p


def _appositive(text: str, name_end: int, end: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """", deputy director of the Municipal Employment Service Center" after a name."""
    comma = regex.match(r",\s*", text[name_end:end])
    if not comma:
        return [], name_end
    return parse_chain(text, name_end + comma.end(), end, lex)


def _clause_start(text: str, floor: int, pos: int, lex: EnLexicon) -> int:
    """Where the clause holding `pos` starts: after the last punctuation mark,
    a full stop of an abbreviation (Lt. Gov., Dr., R.) not counted."""
    left = pos
    while left > floor:
        c = text[left - 1]
        if c == "." and lex.abbreviation_before.search(text, max(floor, left - 12), left):
            left -= 1
            continue
        if c in ",;:.!?\"“”()\n":
            break
        left -= 1
    return left


def _prenominal(text: str, floor: int, name_start: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """A chain that ends right before the name ("Mayor Wang Hongbin",
    "Municipal Civil Affairs Bureau Director Zhang San", "Deputy Mayor for
    Health and Human Services Dr. Ana R. Torres"); the leftmost start in the
    clause whose chain reaches the name wins. "former Mayor X" has none."""
    honorific = lex.honorific_before.search(text, max(floor, name_start - 12), name_start)
    reach = honorific.start() if honorific else name_start
    left = _clause_start(text, floor, reach, lex)
    for w in regex.finditer(r"(?<![\w'’-])[A-Za-z]", text[left:reach]):
        start = left + w.start()
        units, q = parse_chain(text, start, reach, lex, prenominal=True)
        if units and not text[q:reach].strip():
            if lex.not_after.search(text, left, start):
                break
            return units, start
    return [], name_start


# --------------------------------------------------------------------------- cues

def speech_cues(doc: Doc) -> list[Cue]:
    """Speech and directive verbs found by the cue ruler, in text order."""
    out = [Cue(s.start_char, s.end_char, "speech" if s.label_ == "SPEECH" else "directive", s.id_ or s.label_)
           for s in doc.spans.get(CUE_KEY, []) if s.label_ in ("SPEECH", "DIRECTIVE")]
    return sorted(out)


def cue_after(cues: list[Cue], text: str, pos: int, end: int, lex: EnLexicon) -> Cue | None:
    """The cue that follows a speaker ending at `pos`, across commas and a few
    adverbs ("Wang Hongbin also stressed", "Zhang San, director ..., said")."""
    i = bisect.bisect_left(cues, (pos,))
    if i < len(cues) and cues[i].start < end and lex.gap.fullmatch(text, pos, cues[i].start):
        return cues[i]
    return None


def cue_before(cues: list[Cue], text: str, head: int, floor: int) -> Cue | None:
    """A cue right before a speaker: '"...," said Zhang San', 'according to X'."""
    i = bisect.bisect_left(cues, (head,)) - 1
    if i >= 0 and cues[i].end >= floor and not text[cues[i].end:head].strip(" ,"):
        return cues[i]
    return None


# --------------------------------------------------------------------------- officials

def _official(doc: Doc, name: tuple[int, int], units: list[_Unit], start: int, end: int, rule: str,
              context: ArticleContext, lex: EnLexicon) -> Official:
    source, text = doc._.source, doc_text(doc)
    agency_span = next((u.agency for u in units if u.agency), None) or _own_agency(text, units, lex)
    level = _level_of_titles(text, units, lex)
    if agency_span:
        agency = source[agency_span[0]:agency_span[1]]
        # a national or state post keeps its level's place ("Member of Parliament for Lakeridge Centre")
        place = (level != "city" and _place_at(level, context)) or place_of(
            text[agency_span[0]:agency_span[1]], context, lex, level)
    else:  # "Mayor Karen Ellison": the post heads or sits in its place's government
        agency = place = _place_at(level, context)
    return Official(kind="official", start=start, end=end, name=source[name[0]:name[1]], name_span=name,
                    titles=tuple(source[u.title[0]:u.title[1]] for u in units), agency=agency,
                    agency_span=agency_span, place=place, rule=rule)


def _own_agency(text: str, units: list[_Unit], lex: EnLexicon) -> tuple[int, int] | None:
    """The agency of a post written without one, where the article names only
    one agency of its kind ("Vice Minister Tan Yuemin" and the Ministry of
    Human Resources and Social Security): its first mention."""
    titles = [text[u.title[0]:u.title[1]] for u in units]
    head = next((h for pattern, h in lex.own_agencies if any(pattern.search(t) for t in titles)), None)
    if head is None:
        return None
    found: dict[str, tuple[int, int]] = {}
    for m in regex.finditer(rf"(?<![\w'’-]){regex.escape(head.capitalize())}(?![\w'’-])", text):
        span = capitalised_agency(text, m.start(), len(text), lex)
        if span:
            found.setdefault(text[span[0]:span[1]], span)
    return next(iter(found.values())) if len(found) == 1 else None


def _level_of_titles(text: str, units: list[_Unit], lex: EnLexicon) -> str:
    """The level a chain's titles name (Vice Minister: country, Lt. Gov.:
    province), else the city."""
    for unit in units:
        title = text[unit.title[0]:unit.title[1]]
        level = next((lvl for pattern, lvl in lex.title_level if pattern.search(title)), None)
        if level:
            return level
    return "city"


def find_officials(doc: Doc, context: ArticleContext, lex: EnLexicon, cues: list[Cue]) -> list[Official]:
    """Named officials: a name with a title chain before or after it; a
    pinyin name without one that gives a directive ("X stressed that") once,
    where the article never gives the title."""
    text = doc_text(doc)
    found: list[Official] = []
    bare: list[tuple[int, int, int]] = []
    for para in doc._.layout.paragraphs:
        pinyin = pinyin_names(text, para.start, para.end, lex)
        for s, e in pinyin:
            posts = _posts(text, s, e, para, lex)
            if posts:
                found.append(_official(doc, (s, e), *posts, context, lex))
            else:
                bare.append((s, e, para.end))
        found.extend(_given_first_officials(doc, para, pinyin, context, lex))
    titled = {o.name for o in found}
    for s, e, para_end in bare:
        cue = cue_after(cues, text, e, para_end, lex)
        if text[s:e] not in titled and cue and cue.kind == "directive":
            titled.add(text[s:e])
            found.append(Official(kind="official", start=s, end=e, name=doc._.source[s:e], name_span=(s, e),
                                  titles=(), agency=None, agency_span=None, place=context.city,
                                  rule="en.official.directive_speaker"))
    found.extend(_unnamed(doc, context, lex, cues))
    found.sort(key=lambda o: o.start)
    return found


def _posts(text: str, s: int, e: int, para, lex: EnLexicon) -> tuple[list[_Unit], int, int, str] | None:
    """The title chain of the name at text[s:e] (units, start, end, rule): a
    chain before it, an appositive after it, or both; a chain before it
    takes its agency from "of the ..." after the name ("Commissioner Jae-won
    Park of the Department of Homelessness Services")."""
    pre, start = _prenominal(text, para.start, s, lex)
    front, front_start = _fronted(text, para.start, start, e, para.end, lex)
    if front:
        pre, start = front + pre, front_start
    post, end = _appositive(text, e, para.end, lex)
    if post:
        return pre + post, start, end, "en.official.appositive"
    if not pre:
        return None
    agency = None if any(u.agency for u in pre) else _agency_after_name(text, e, para.end, lex)
    if agency:
        pre[-1] = _Unit(pre[-1].start, agency[1], pre[-1].title, agency)
    return pre, start, agency[1] if agency else e, "en.official.title_name"


def _fronted(text: str, floor: int, pos: int, name_end: int, end: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """A chain that opens the clause and is set off by commas before the name
    ("The council leader, Cllr Tom Aldred, urged ...", "director of the
    bureau, Zhang San, said"): the name (with its own title) closes with a
    comma too."""
    comma = regex.search(r",[ \t]*$", text[floor:pos])
    if not comma or not regex.match(r"[ \t]*,", text[name_end:end]):
        return [], pos
    c = floor + comma.start()
    left = _clause_start(text, floor, c, lex)
    left += len(text[left:c]) - len(text[left:c].lstrip())
    units, q = parse_chain(text, left, c, lex)
    return (units, left) if units and q == c else ([], pos)


def _agency_after_name(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[int, int] | None:
    link = regex.match(r"[ \t]+(?:of|at|with|from)[ \t]+(?:the[ \t]+)?", text[pos:end])
    return agency_at(text, pos + link.end(), end, lex) if link else None


def _given_first_officials(doc: Doc, para, taken: list[tuple[int, int]], context: ArticleContext,
                           lex: EnLexicon) -> list[Official]:
    """Officials whose names are written given name first (Karen Ellison,
    Ana R. Torres): any name-shaped run with a title chain, the first of its
    readings that has one. A title before it must be capitalised or name its
    agency ("film director Steven Spielberg" is no post); lines in title case
    (headlines of other articles) are not read."""
    text = doc_text(doc)
    if _title_case(text, para.start, para.end):
        return []
    out = []
    for s, e in name_runs(text, para.start, para.end, lex):
        if any(a < e and s < b for a, b in taken):
            continue
        for vs, ve in name_variants(text, s, e, lex):
            posts = _posts(text, vs, ve, para, lex)
            if posts and (posts[3] == "en.official.appositive" or _capitalised_or_placed(text, posts[0])):
                out.append(_official(doc, (vs, ve), *posts, context, lex))
                break
    return out


def _capitalised_or_placed(text: str, units: list[_Unit]) -> bool:
    return any(u.agency or text[u.title[0]].isupper() for u in units)


_TITLE_CASE_SHARE = 0.7


def _title_case(text: str, start: int, end: int) -> bool:
    """A line whose words are nearly all capitalised and that ends no
    sentence: a headline or a list of headlines ("Mayor Ellison Opens 12
    Cooling Centers Ahead of Summer Heat")."""
    line = text[start:end].rstrip()
    words = regex.findall(r"[A-Za-z][\w'’-]*", line)
    long_words = [w for w in words if len(w) > 3]
    return (len(words) >= 4 and not line.endswith((".", "!", "?", '"', "”", ":"))
            and sum(w[0].isupper() for w in long_words) >= _TITLE_CASE_SHARE * len(long_words))


def _unnamed(doc: Doc, context: ArticleContext, lex: EnLexicon, cues: list[Cue]) -> list[Official]:
    """"the relevant person in charge of the Municipal Civil Affairs Bureau
    said": an official known only by role, next to a speech verb."""
    text, source = doc_text(doc), doc._.source
    out = []
    for para in doc._.layout.paragraphs:
        for start, end, role, agency in _roles(text, para.start, para.end, lex):
            if not (cue_after(cues, text, end, para.end, lex) or cue_before(cues, text, start, para.start)):
                continue
            out.append(Official(kind="unnamed_official", start=start, end=end, name=None, name_span=None,
                                titles=(source[role[0]:role[1]],), agency=source[agency[0]:agency[1]],
                                agency_span=agency, place=place_of(text[agency[0]:agency[1]], context, lex),
                                rule="en.unnamed_official.role"))
    return out


def _roles(text: str, start: int, end: int, lex: EnLexicon):
    """(start, end, role span, agency span) of each role with its agency:
    after it ("a spokesperson for the city", "officials from the bureau", "a
    senior official at the ministry") or before it ("a county spokesperson",
    "A Health Department official")."""
    for m in lex.roles.finditer(text, start, end):
        agency = agency_at(text, m.end(), end, lex)
        if agency:
            yield m.start(), agency[1], m.span("role"), agency
    for m in lex.indefinite.finditer(text, start, end):
        agency = _named_agency(text, m.end(), end, lex) or lowercase_agency(text, m.end(), end, lex, need_level=False)
        role = lex.role_after.match(text, agency[1], end) if agency else None
        if role and not lex.roles.match(text, m.start(), end):
            yield m.start(), role.end(), role.span("role"), agency


def find_mentions(doc: Doc, officials: list[Official], lex: EnLexicon) -> list[Mention]:
    """Later references to a named official: the full name alone; the family
    name with a title or an honorific ("Director Zhang", "Mayor Pettigrew",
    "Mr. Kong") or alone ("Ellison said", "Tan said"), where no other person
    named in the article has it; the title with "the" ("the vice minister
    said", "The commissioner added"), where one official holds it; and He/She
    when the last person named before is an official."""
    text = doc_text(doc)
    named: dict[str, Official] = {}
    for o in officials:
        if o.kind == "official":
            named.setdefault(text[o.name_span[0]:o.name_span[1]], o)
    persons = sorted({n for para in doc._.layout.paragraphs for n in find_names(text, para.start, para.end, lex)}
                     | {o.name_span for o in officials if o.kind == "official"})
    by_surname = _surname_owners(text, persons, named, lex)
    by_title = _title_owners(list(named.values()) + [o for o in officials if o.kind == "unnamed_official"], lex)
    taken = [(o.start, o.end) for o in officials]

    def free(s: int) -> bool:
        return not any(a <= s < b for a, b in taken)

    mentions = []
    for s, e in persons:
        if text[s:e] in named and free(s):
            mentions.append(Mention(s, e, named[text[s:e]], "en.mention.name"))
    for para in doc._.layout.paragraphs:
        titled = []
        for m in lex.title_surname.finditer(text, para.start, para.end):
            owner = by_surname.get(m.group("surname"))
            if owner and free(m.start()):
                mentions.append(Mention(m.start(), m.end(), owner, "en.mention.title_surname"))
                titled.append(m.span())
        for surname, owner in by_surname.items():
            if not lex.stop_lookahead_re.match(surname):
                continue  # a surname that is also a word (He) is read as the word
            for m in regex.finditer(rf"(?<![\w'’.-]|\p{{Lu}}[\w'’.-]*[ \u00a0]){regex.escape(surname)}"
                                    rf"(?![\w-]|[ \u00a0]\p{{Lu}})", text[para.start:para.end]):
                s = para.start + m.start()
                if free(s) and not any(a <= s < b for a, b in titled + persons):
                    mentions.append(Mention(s, s + len(surname), owner, "en.mention.surname"))
        for m in _THE_TITLE.finditer(text, para.start, para.end):
            title = lex.title.match(text, m.end(), para.end) or lex.role_word.match(text, m.end(), para.end)
            owner = by_title.get(_title_key(title.group(), lex)) if title else None
            if owner and free(m.start()) and not _POST_OF.match(text, title.end(), para.end):
                mentions.append(Mention(m.start(), title.end(), owner, "en.mention.title"))
        for m in _PRONOUN.finditer(text, para.start, para.end):
            i = bisect.bisect_left(persons, (m.start(),)) - 1
            last = text[persons[i][0]:persons[i][1]] if i >= 0 else None
            if last in named:  # the last person named is an official
                mentions.append(Mention(m.start(), m.end(), named[last], "en.mention.pronoun"))
    mentions.sort(key=lambda x: x.start)
    return mentions


_THE_TITLE = regex.compile(r"(?<![\w'’-])[Tt]he[ \t]+")
_POST_OF = regex.compile(r"[ \t]+(?:of|for)[ \t]|['’]s\b")  # "the mayor of Beiling" is another mayor
_PRONOUN = regex.compile(r"(?<![\w'’-])(?:He|She)(?![\w'’-])")  # "she said" after a quote is left to the quote


def surnames_of(name: str, lex: EnLexicon) -> set[str]:
    """The family name in a person's name: the first word of a pinyin name
    (Zhang Ruipeng, Ouyang Xiu), the last word with its particles (Karen
    Ellison, Luis de la Fuente, Michael R. Bloomberg Jr.); both where a
    pinyin name may be written given name first (Wei Zhang)."""
    words = [m.group() for m in lex.family_name.finditer(name)]
    last = {words[-1]} if words else set()
    if lex.name.fullmatch(name):
        return {name.split()[0]} | (last if len(words) == 2 and words[-1] in lex.surnames else set())
    return last


def _surname_owners(text: str, persons, named: dict[str, Official], lex: EnLexicon) -> dict[str, Official]:
    """Family name -> the official it refers to, where every person named in
    the article with that family name is that one official."""
    owners: dict[str, set[str]] = {}
    for s, e in persons:
        for surname in surnames_of(text[s:e], lex):
            owners.setdefault(surname, set()).add(text[s:e])
    return {surname: named[full] for surname, fulls in owners.items()
            if len(fulls) == 1 and (full := next(iter(fulls))) in named}


def _title_key(title: str, lex: EnLexicon) -> str:
    """A title's words in one spelling: Lt. Gov. = lieutenant governor,
    Vice Minister = deputy minister, Cllr = councillor."""
    words = regex.split(r"[\s-]+", title.lower().strip())
    return " ".join(lex.title_forms.get(w, w) for w in words if w)


def _title_owners(officials, lex: EnLexicon) -> dict[str, Official]:
    """Title -> the one official who holds it: the rank and base of each
    title (Deputy Mayor for Health ... -> deputy mayor; health commissioner
    -> commissioner) or the role of an unnamed one (spokesperson); a title
    two officials hold refers to neither."""
    holders: dict[str, set[Official]] = {}
    for o in officials:
        for title in o.titles:
            m = lex.title.search(title)
            holders.setdefault(_title_key(m.group() if m else title, lex), set()).add(o)
    return {key: next(iter(os)) for key, os in holders.items() if len(os) == 1}


# --------------------------------------------------------------------------- context

# ASCII-bounded: a credit line runs the name on after 丨 (Produced by丨Yunling);
# a possessive 's is not part of the word (Qinglan's Dongcheng district)
_PINYIN_WORD = regex.compile(r"(?<![A-Za-z0-9'’-])[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?(?![A-Za-z0-9-]|['’][a-rt-z])")
_UNKNOWN_RANK = {"city": 1, "county": 2}  # after the gazetteer's prefecture (0) and county (1)
# "Qinglan, a city of 4.8 million": an appositive that says what the word names
_PLACE_APPOSITIVE = regex.compile(r"\s*,\s+(?:a|the)\s+(?:[\w-]+\s+)?(?P<level>city|county|district|town|province)\b")


@dataclass(frozen=True)
class EnContext(ArticleContext):
    """The article's places as written, and the country its national bodies
    belong to (China for the State Council, Canada for Parliament)."""

    country: str | None = None


def _not_the_place(text: str, start: int, end: int, person_spans, lex: EnLexicon) -> bool:
    """A place name that is part of a person's name, a short quoted name, a
    street or community name (Yingze West Street), or Xinhua News Agency."""
    return (any(a <= start < b for a, b in person_spans) or in_short_quote(text, start, end)
            or bool(lex.place_not_before.match(text, end)) or bool(lex.not_places.match(text, start)))


def _unknown_places(text: str, person_spans, lex: EnLexicon) -> tuple[Counter, dict[str, int], dict[str, str]]:
    """Pinyin words written like places (before a jurisdiction word, at the
    head of an agency or a masthead, or with an appositive "X, a city of"),
    counted wherever they occur, and the level each is written at: county
    (before County/District), province (before province), else city."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    levels: dict[str, str] = {}
    for m in _PINYIN_WORD.finditer(text):
        word = m.group()
        if word in lex.places or not lex.is_place_word(word) or _not_the_place(text, m.start(), m.end(),
                                                                                person_spans, lex):
            continue
        counts[word] += 1
        first.setdefault(word, m.start())
        after = lex.jurisdiction_after.match(text, m.end()) or _PLACE_APPOSITIVE.match(text, m.end())
        if after:
            level = lex.level_of_word.get(_last_word(after.group(), 0, len(after.group())), "city")
            if levels.get(word) != "county":
                levels[word] = level if level in ("county", "province") else "city"
        elif lex.masthead_after.match(text, m.end()) or (capitalised_agency(text, m.start(), len(text), lex, 2)
                                                        or (0, 0))[1] > m.end():
            levels.setdefault(word, "city")
    kept = Counter({w: n for w, n in counts.items() if w in levels and n >= 2})
    return kept, first, levels


def en_context(text: str, person_spans: list[tuple[int, int]], lex: EnLexicon) -> EnContext:
    """The article's city, province and county as written. The city is the
    city- or county-level place named most often anywhere in the text
    (credits and copyright lines too: "Produced by丨Zhangjiajie"), ties to the
    higher level and the earlier mention; a place the gazetteer lacks counts
    where it is written like one (Fenchuan Daily, Sangling County), a
    district of it only where no city is written so. Places in person names,
    quoted names and street names do not count. Where no such place is
    named, places named as jurisdictions ("City of Harlan Bay") stand in."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in lex.place.finditer(text):
        if _not_the_place(text, m.start(), m.end(), person_spans, lex):
            continue
        counts[m.group()] += 1
        first.setdefault(m.group(), m.start())
    unknown, unknown_first, levels = _unknown_places(text, person_spans, lex)
    unknown_counties = {w for w in unknown if levels[w] == "county"}
    unknown_provinces = {w for w in unknown if levels[w] == "province"}
    rank = {f: lex.level_rank(f) for f in counts}
    rank.update({w: _UNKNOWN_RANK["county" if w in unknown_counties else "city"] for w in unknown})
    counts.update(unknown)
    first.update(unknown_first)
    cities = [f for f in counts if (f in unknown and f not in unknown_provinces)
              or any(p.level in ("prefecture", "county") or (p.level == "province" and p.name.endswith("市"))
                     for p in lex.places.get(f, ()))]
    if any(f in unknown and f not in unknown_counties for f in cities):
        cities = [f for f in cities if f not in unknown_counties]  # Beitang District of Minghai
    city = min(cities, key=lambda f: (-counts[f], rank[f], first[f])) if cities else None
    own = {p.name for p in lex.places.get(city or "", ())}

    def child_of_city(f: str) -> bool:
        return any(p.parent in own for p in lex.places.get(f, ()))

    # a county of the article's city, or one named at least twice; a county
    # named once elsewhere is a passing mention (a resident's community)
    counties = [f for f in counts if (f in unknown_counties or f in lex.places
                                      and all(p.level == "county" for p in lex.places[f]))
                and (counts[f] >= 2 or child_of_city(f))]
    county = min(counties, key=lambda f: (not child_of_city(f), -counts[f], first[f]), default=None)
    provinces = [f for f in counts if f in unknown_provinces
                 or f in lex.places and all(p.level == "province" for p in lex.places[f])]
    top = max(provinces, key=lambda f: (counts[f], -first[f]), default=None)
    province = _province_en().get(_home_province(city, counts, lex)) if city in lex.places else top
    if top and city and counts[top] > 2 * counts[city]:
        province = top  # a city named in passing does not outweigh a province named throughout
    country = _most_named(text, [lex.country]) or (lex.rules.gazetteer_country if city else None)
    if city is None:  # no place of the gazetteer's country: "City of Harlan Bay", "Tamarack County"
        city = _most_named(text, lex.local_places["city"])
        if city and lex.level_of_word.get(_last_word(city, 0, len(city))) == "county":
            county = city
    return EnContext(city=city, county=county, country=country,
                     province=province or _most_named(text, lex.local_places["province"]))


def _most_named(text: str, patterns: list[regex.Pattern]) -> str | None:
    """The place these patterns find most often (case aside: HARLAN BAY is
    Harlan Bay), earliest at equal counts, as first written in mixed case."""
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    first: dict[str, int] = {}
    for pattern in patterns:
        for m in pattern.finditer(text):
            place = m.group("place") if "place" in pattern.groupindex else m.group()
            key = place.casefold()
            counts[key] += 1
            first[key] = min(first.get(key, m.start()), m.start())
            if key not in forms or forms[key].isupper():
                forms[key] = place if not place.isupper() else place.title()
    best = min(counts, key=lambda k: (-counts[k], first[k]), default=None)
    return forms[best] if best else None


def _home_province(form: str, counts: Counter, lex: EnLexicon) -> str:
    """The province of a written place; of namesakes, the one whose parent
    the article also names, else the higher level."""
    named_parents = {p.name for f in counts for p in lex.places.get(f, ())}
    best = min(lex.places[form], key=lambda p: (p.parent not in named_parents, _LEVEL_RANK.get(p.level, 2)))
    return best.province


# --------------------------------------------------------------------------- subjects

def past_openers(text: str, pos: int, end: int, lex: EnLexicon) -> int:
    """Where a clause's words start: after opening quotes and at most two
    leading adverbials ("In 2024, ...", "Last financial year, ...")."""
    while pos < end and text[pos] in " \t\"“‘'":
        pos += 1
    for _ in range(2):
        m = lex.lead.match(text, pos, end)
        if m:
            pos = m.end()
    return pos


def subject_at(doc: Doc, start: int, end: int, context: ArticleContext, lex: EnLexicon) -> Subject | None:
    """Who acts in a sentence: the article's own government ("our city"), an
    agency, or a named place, after at most two leading adverbials
    ("In 2024, ..."). "we" is the own government too, unless quoted (the
    linker keeps a subject already open instead)."""
    text, source = doc_text(doc), doc._.source
    pos = past_openers(text, start, end, lex)
    art = _ARTICLE.match(text, pos, end)
    at = art.end() if art else pos
    agency = capitalised_agency(text, at, end, lex, min_words=2) or lowercase_agency(text, at, end, lex, True)
    for pattern, level in lex.own_government:
        g = pattern.match(text, pos, end)
        if g and not (agency and agency[1] > g.end()):  # "the county education bureau" is an agency
            place = {"city": context.city, "province": context.province, "county": context.county}.get(level)
            return Subject("government", g.start(), g.end(), None, place or source[g.start():g.end()],
                           f"en.subject.own_{level}")
    we = regex.match(r"(?i:we)(?![\w'’-])", text[pos:end])
    quoted = regex.match(r"[\"“‘']", text[start:pos].lstrip())  # a quoted "we" is its speaker
    if we and context.city and not quoted:
        return Subject("government", pos, pos + we.end(), None, context.city, "en.subject.we")
    if agency:
        a_text = text[agency[0]:agency[1]]
        named = lex.place.fullmatch(regex.sub(r"\s+\S+$", "", a_text))
        if named and _last_word(a_text, 0, len(a_text)) in lex.jurisdictions:
            return Subject("government", agency[0], agency[1], None, named.group(), "en.subject.place")
        return Subject("agency", agency[0], agency[1], source[agency[0]:agency[1]],
                       place_of(a_text, context, lex), "en.subject.agency")
    place = lex.place.match(text, at, end)
    if place and regex.match(r"\s+[a-z]", text[place.end():end]):
        return Subject("government", place.start(), place.end(), None, place.group(), "en.subject.place")
    return None


# --------------------------------------------------------------------------- component

class EnEntityRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        lex = en_lexicon()
        cues = speech_cues(doc)
        text = doc_text(doc)
        doc._.context = en_context(text, find_names(text, 0, len(text), lex), lex)
        officials = find_officials(doc, doc._.context, lex, cues)
        return set_entities(doc, officials, find_mentions(doc, officials, lex))


@English.factory("minsheng_entities")
def make_entity_recognizer(nlp, name: str) -> EnEntityRecognizer:
    return EnEntityRecognizer()
