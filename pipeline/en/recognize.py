"""Stage 5a for English (machine-translated) articles: officials, agencies, places.

Machine translation keeps the Chinese facts but English word order: the title
follows the name as an appositive ("Wang Hongbin, deputy secretary of the
municipal party committee and mayor, investigated ..."), agencies are
capitalised phrases ending in a head noun ("Municipal Employment Service
Center") and places are Hanyu Pinyin ("Shangzhi"). This module reads those
forms and writes what the Chinese recognizer writes (`pipeline.recognize`):
`doc._.context`, `doc._.officials`, `doc._.mentions`, with the same types.

Rules: `rules/en/officials.yaml` (titles, roles, leads, own government),
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
from pipeline.core.entities import add_span_groups
from pipeline.core.places import ArticleContext, Place
from pipeline.core.rules import Strict, alternation, read_tsv, read_words, read_yaml
from pipeline.core.types import Mention, Official, Subject

_MAX_LOWER_AGENCY = 6  # words in a lower-case agency ("municipal party committee")
_MAX_QUOTED_NAME = 40  # a quoted phrase this short is a name or slogan ("Pujiang Experience")
_LEVEL_RANK = {"prefecture": 0, "province": 0, "county": 1}


class _TitleRules(Strict):
    rank_prefixes: list[str]
    body_prefixes: list[str]
    bases: list[str]
    weak_bases: list[str]
    not_titles: list[str]


class _OwnGovernment(Strict):
    pattern: str
    level: str


class EnOfficialRules(Strict):
    titles: _TitleRules
    unnamed_roles: list[str]
    lead: str
    own_government: list[_OwnGovernment]
    level_words: dict[str, list[str]]
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
        # "Director Zhang": a title and a bare surname (no given name after it)
        self.title_surname = regex.compile(
            rf"{self.title.pattern}\s+(?P<surname>[A-Z][a-z]+)(?![\w'’-]| [A-Z])")
        self.weak_title = regex.compile(rf"(?i:(?:{_phrases(t.weak_bases)}))")
        self.not_title = regex.compile(rf"(?i:(?:{_phrases(t.not_titles)})(?![\w'’-]))")
        roles = _phrases(rules.unnamed_roles)
        self.roles = regex.compile(
            rf"(?i:(?<![\w'’-])(?:the\s+|an?\s+)?(?P<role>{roles})\s+(?:of|from)\s+(?:the\s+)?)")
        self.lead = regex.compile(rules.lead)
        self.own_government = [(regex.compile(g.pattern), g.level) for g in rules.own_government]
        self.level_of_word = {w.lower(): level for level, words in rules.level_words.items() for w in words}
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

def find_names(text: str, start: int, end: int, lex: EnLexicon) -> list[tuple[int, int]]:
    """Spans of pinyin person names (surname + given name) in text[start:end]."""
    out = []
    for m in lex.name.finditer(text, start, end):
        if lex.is_given_name(m.group("given")) and m.group() not in lex.places:
            out.append(m.span())
    return out


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
    quotes = [i for i in range(line_start, pos) if text[i] == '"']
    return quotes[-1] if len(quotes) % 2 == 1 else -1


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
            if n < len(words) and regex.match(r"\s+of\s", text[e:words[n][0]]):
                e = words[-1][1]  # "Department of Education": the head noun's complement
            return (s, e)
    return None


def _name_at(text: str, pos: int, end: int, lex: EnLexicon) -> bool:
    m = lex.name.match(text, pos, end)
    return bool(m and lex.is_given_name(m.group("given")))


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
    """The agency after "of (the)": capitalised, else lower-case, which a
    capitalised one may complete ("party committee of Xingfuli Community")."""
    found = capitalised_agency(text, pos, end, lex)
    if found:
        return found
    found = lowercase_agency(text, pos, end, lex, need_level=False)
    of = _OF.match(text, found[1], end) if found else None
    owner = capitalised_agency(text, of.end(), end, lex) if of else None
    return (found[0], owner[1]) if owner else found


def place_of(agency: str, context: ArticleContext, lex: EnLexicon) -> str | None:
    """The jurisdiction of an agency: the place it names ("Shangzhi Hongxing
    ..." -> Shangzhi, "Sangling County ..." -> Sangling), else the one its level word stands for ("Municipal ...",
    "municipal party committee", "city" -> the article's city; "Provincial"
    -> its province; "county", "district" -> its county), else the city."""
    m = lex.place.search(agency) or lex.explicit_place.search(agency)
    if m:
        return m.group()
    if context.city and regex.search(rf"(?<![\w-]){regex.escape(context.city)}(?![\w-])", agency):
        return context.city  # a place the gazetteer lacks, known from the article
    for word in regex.findall(r"[\w'’-]+", agency.lower()):
        level = lex.level_of_word.get(word)
        if level == "city":
            return context.city
        if level == "province":
            return context.province
        if level == "county":
            return context.county
    return context.city


# --------------------------------------------------------------------------- title chains

_UNIT_SEP = regex.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_OF = regex.compile(r"\s+of\s+(?:the\s+)?")


def _unit(text: str, pos: int, end: int, lex: EnLexicon) -> _Unit | None:
    """A title, optionally with an agency before it ("Municipal Civil Affairs
    Bureau Director") or after it ("director of the Municipal ... Center")."""
    art = _ARTICLE.match(text, pos, end)
    p = art.end() if art else pos
    if lex.not_title.match(text, p, end):
        return None
    pre = None
    title = lex.title.match(text, p, end)
    if title is None:
        pre = capitalised_agency(text, p, end, lex, min_words=2)
        gap = regex.match(r"\s+", text[pre[1]:end]) if pre else None
        title = lex.title.match(text, pre[1] + gap.end(), end) if gap else None
        if title is None:
            return None
    q, agency = title.end(), pre
    of = _OF.match(text, q, end)
    if of and agency is None:
        agency = agency_at(text, of.end(), end, lex)
        if agency:
            q = agency[1]
    if agency is None and lex.weak_title.fullmatch(title.group()):
        return None  # "head", "member" alone are common nouns
    return _Unit(start=(pre or title.span())[0], end=q, title=title.span(), agency=agency)


def parse_chain(text: str, pos: int, end: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """Posts joined by commas and "and" from `pos`: "deputy secretary of the
    municipal party committee and mayor" -> two units."""
    units: list[_Unit] = []
    p = pos
    while True:
        unit = _unit(text, p, end, lex)
        if unit is None:
            break
        units.append(unit)
        p = unit.end
        sep = _UNIT_SEP.match(text, p, end)
        if not sep or _unit(text, sep.end(), end, lex) is None:
            break
        p = sep.end()
    return units, p


def _appositive(text: str, name_end: int, end: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """", deputy director of the Municipal Employment Service Center" after a name."""
    comma = regex.match(r",\s*", text[name_end:end])
    if not comma:
        return [], name_end
    return parse_chain(text, name_end + comma.end(), end, lex)


def _prenominal(text: str, floor: int, name_start: int, lex: EnLexicon) -> tuple[list[_Unit], int]:
    """A chain that ends right before the name ("Mayor Wang Hongbin",
    "Municipal Civil Affairs Bureau Director Zhang San"); the leftmost start
    in the clause whose chain reaches the name wins."""
    left = name_start
    while left > floor and text[left - 1] not in ",;:.!?\"“”()\n":
        left -= 1
    for w in regex.finditer(r"(?<![\w'’-])[A-Za-z]", text[left:name_start]):
        start = left + w.start()
        units, q = parse_chain(text, start, name_start, lex)
        if units and not text[q:name_start].strip():
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

def _official(doc: Doc, name: tuple[int, int], units: list[_Unit], start: int, end: int,
              context: ArticleContext, lex: EnLexicon, rule: str) -> Official:
    source = doc._.source
    agency_span = next((u.agency for u in units if u.agency), None)
    agency = source[agency_span[0]:agency_span[1]] if agency_span else None
    place = place_of(doc_text(doc)[agency_span[0]:agency_span[1]], context, lex) if agency_span else context.city
    return Official(kind="official", start=start, end=end, name=source[name[0]:name[1]], name_span=name,
                    titles=tuple(source[u.title[0]:u.title[1]] for u in units), agency=agency,
                    agency_span=agency_span, place=place, rule=rule)


def find_officials(doc: Doc, context: ArticleContext, lex: EnLexicon, cues: list[Cue]) -> list[Official]:
    """Named officials: a name with a title chain before or after it; a name
    without one that gives a directive ("X stressed that") once, where the
    article never gives the title."""
    text = doc_text(doc)
    found: list[Official] = []
    bare: list[tuple[int, int, int]] = []
    for para in doc._.layout.paragraphs:
        for s, e in find_names(text, para.start, para.end, lex):
            pre, start = _prenominal(text, para.start, s, lex)
            post, end = _appositive(text, e, para.end, lex)
            if pre or post:
                rule = "en.official.appositive" if post else "en.official.title_name"
                found.append(_official(doc, (s, e), pre + post, start, end if post else e, context, lex, rule))
            else:
                bare.append((s, e, para.end))
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


def _unnamed(doc: Doc, context: ArticleContext, lex: EnLexicon, cues: list[Cue]) -> list[Official]:
    """"the relevant person in charge of the Municipal Civil Affairs Bureau
    said": an official known only by role, next to a speech verb."""
    text, source = doc_text(doc), doc._.source
    out = []
    for para in doc._.layout.paragraphs:
        for m in lex.roles.finditer(text, para.start, para.end):
            agency = agency_at(text, m.end(), para.end, lex)
            if agency is None:
                continue
            if not (cue_after(cues, text, agency[1], para.end, lex) or cue_before(cues, text, m.start(), para.start)):
                continue
            out.append(Official(kind="unnamed_official", start=m.start(), end=agency[1], name=None, name_span=None,
                                titles=(source[m.start("role"):m.end("role")],), agency=source[agency[0]:agency[1]],
                                agency_span=agency, place=place_of(text[agency[0]:agency[1]], context, lex),
                                rule="en.unnamed_official.role"))
    return out


def find_mentions(doc: Doc, officials: list[Official], lex: EnLexicon) -> list[Mention]:
    """Later references to a named official: the full name alone, a title and
    the surname ("Director Zhang") when only one official has that surname,
    and He/She when the last person named before is an official."""
    text = doc_text(doc)
    named: dict[str, Official] = {}
    for o in officials:
        if o.kind == "official":
            named.setdefault(text[o.name_span[0]:o.name_span[1]], o)
    by_surname: dict[str, list[Official]] = {}
    for key, o in named.items():
        by_surname.setdefault(key.split()[0], []).append(o)
    taken = [(o.start, o.end) for o in officials]
    mentions = []
    people: list[tuple[int, str]] = []  # every person named so far, officials or not
    for para in doc._.layout.paragraphs:
        names = find_names(text, para.start, para.end, lex)
        people += [(s, text[s:e]) for s, e in names]
        for s, e in names:
            if text[s:e] in named and not any(a <= s < b for a, b in taken):
                mentions.append(Mention(s, e, named[text[s:e]], "en.mention.name"))
        for m in lex.title_surname.finditer(text, para.start, para.end):
            owners = by_surname.get(m.group("surname"), [])
            if len(owners) == 1 and not any(a <= m.start() < b for a, b in taken):
                mentions.append(Mention(m.start(), m.end(), owners[0], "en.mention.title_surname"))
        for m in regex.finditer(r"(?<![\w'’-])(?:He|She)(?![\w'’-])", text[para.start:para.end]):
            s = para.start + m.start()
            i = bisect.bisect_left(people, (s,)) - 1
            if i >= 0 and people[i][1] in named:  # the last person named is an official
                mentions.append(Mention(s, s + len(m.group()), named[people[i][1]], "en.mention.pronoun"))
    mentions.sort(key=lambda x: x.start)
    return mentions


# --------------------------------------------------------------------------- context

# ASCII-bounded: a credit line runs the name on after 丨 (Produced by丨Yunling)
_PINYIN_WORD = regex.compile(r"(?<![A-Za-z0-9'’-])[A-Z][a-z]+(?:['’][a-z]+)?(?![A-Za-z0-9'’-])")
_UNKNOWN_RANK = {"city": 1, "county": 2}  # after the gazetteer's prefecture (0) and county (1)


def _not_the_place(text: str, start: int, end: int, person_spans, lex: EnLexicon) -> bool:
    """A place name that is part of a person's name, a short quoted name, a
    street or community name (Yingze West Street), or Xinhua News Agency."""
    return (any(a <= start < b for a, b in person_spans) or in_short_quote(text, start, end)
            or bool(lex.place_not_before.match(text, end)) or bool(lex.not_places.match(text, start)))


def _unknown_places(text: str, person_spans, lex: EnLexicon) -> tuple[Counter, dict[str, int], set[str]]:
    """Pinyin words written like places (before a jurisdiction word, at the
    head of an agency or a masthead), counted wherever they occur; the
    ones seen before County/District are county-level."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    placed: set[str] = set()
    counties: set[str] = set()
    for m in _PINYIN_WORD.finditer(text):
        word = m.group()
        if word in lex.places or not lex.is_place_word(word) or _not_the_place(text, m.start(), m.end(),
                                                                                person_spans, lex):
            continue
        counts[word] += 1
        first.setdefault(word, m.start())
        after = lex.jurisdiction_after.match(text, m.end())
        if after:
            placed.add(word)
            if _last_word(after.group(), 0, len(after.group())) in ("county", "district"):
                counties.add(word)
        elif lex.masthead_after.match(text, m.end()) or (capitalised_agency(text, m.start(), len(text), lex, 2)
                                                        or (0, 0))[1] > m.end():
            placed.add(word)
    kept = Counter({w: n for w, n in counts.items() if w in placed and n >= 2})
    return kept, first, counties


def en_context(text: str, person_spans: list[tuple[int, int]], lex: EnLexicon) -> ArticleContext:
    """The article's city, province and county as written. The city is the
    city- or county-level place named most often anywhere in the text
    (credits and copyright lines too: "Produced by丨Zhangjiajie"), ties to the
    higher level and the earlier mention; a place the gazetteer lacks counts
    where it is written like one (Fenchuan Daily, Sangling County). Places in
    person names, quoted names and street names do not count."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in lex.place.finditer(text):
        if _not_the_place(text, m.start(), m.end(), person_spans, lex):
            continue
        counts[m.group()] += 1
        first.setdefault(m.group(), m.start())
    unknown, unknown_first, unknown_counties = _unknown_places(text, person_spans, lex)
    rank = {f: lex.level_rank(f) for f in counts}
    rank.update({w: _UNKNOWN_RANK["county" if w in unknown_counties else "city"] for w in unknown})
    counts.update(unknown)
    first.update(unknown_first)
    cities = [f for f in counts if f in unknown
              or any(p.level in ("prefecture", "county") or (p.level == "province" and p.name.endswith("市"))
                     for p in lex.places[f])]
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
    provinces = [f for f in counts if f in lex.places and all(p.level == "province" for p in lex.places[f])]
    top = max(provinces, key=lambda f: (counts[f], -first[f]), default=None)
    province = _province_en().get(_home_province(city, counts, lex)) if city in lex.places else top
    if top and city and counts[top] > 2 * counts[city]:
        province = top  # a city named in passing does not outweigh a province named throughout
    return ArticleContext(city=city, province=province, county=county)


def _home_province(form: str, counts: Counter, lex: EnLexicon) -> str:
    """The province of a written place; of namesakes, the one whose parent
    the article also names, else the higher level."""
    named_parents = {p.name for f in counts for p in lex.places.get(f, ())}
    best = min(lex.places[form], key=lambda p: (p.parent not in named_parents, _LEVEL_RANK.get(p.level, 2)))
    return best.province


# --------------------------------------------------------------------------- subjects

def subject_at(doc: Doc, start: int, end: int, context: ArticleContext, lex: EnLexicon) -> Subject | None:
    """Who acts in a sentence: the article's own government ("our city"), an
    agency, or a named place, after at most two leading adverbials
    ("In 2024, ..."). "we" is the own government too, unless quoted (the
    linker keeps a subject already open instead)."""
    text, source = doc_text(doc), doc._.source
    pos = start
    while pos < end and text[pos] in " \t\"“‘'":
        pos += 1
    for _ in range(2):
        m = lex.lead.match(text, pos, end)
        if m:
            pos = m.end()
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
        doc._.officials = officials
        doc._.mentions = find_mentions(doc, officials, lex)
        add_span_groups(doc, officials)
        return doc


@English.factory("minsheng_entities")
def make_entity_recognizer(nlp, name: str) -> EnEntityRecognizer:
    return EnEntityRecognizer()
