"""Stage 5b for English articles: numeric targets, normalized.

"repair 15 damaged medical institutions" -> value 15, unit null, metric
"damaged medical institutions"; "more than 1,234 people" -> 1234, gt;
"$4.5 million", "£6.8m", "1.5 million yuan" -> money (rule en.target.measure);
"95%", "72 per cent" -> 95, 72 (en.target.percent); "twice", "doubled",
"1.2 times" -> 2, 2, 1.2 (en.target.multiple); "between 300 and 400 units"
and "300 to 400 units" -> 300 ge and 400 le, one text (en.target.range);
"rose from 1,430 to 1,912" -> two targets, each with its own text and the
metric they share. `unit` is always null in English records.
English has no classifiers, so a counted noun is the metric, not the unit;
units are money, percentages, multiples and measures (rules/en/targets.yaml). The
value is read by `pipeline.numbers.en_to_number`; years, dates, clock times,
ordinals, identifiers (No. 1, Local Law 97, Ward 7), addresses, phone
numbers, vote tallies, ages in apposition ("Gloria Mendez, 67,"), durations
and numbers inside names or slogans are not targets. Writes `doc._.targets`
(a list of `pipeline.core.types.TargetHit`).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import regex
from spacy.lang.en import English
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.rules import Strict, read_yaml
from pipeline.core.targets import ComparatorWords, Exclusion, TargetRecognizer
from pipeline.core.types import TargetHit
from pipeline.en.recognize import in_short_quote
from pipeline.numbers import EN_NUMBER, en_to_number, to_json_number

_MAX_METRIC_WORDS = 8  # the first plural noun usually ends a metric well before
_INSIDE_NOUN_PHRASE = frozenset({"of", "per"})  # "per capita income of residents"
# "has issued subsidies": after these an -ed word is a verb, not an adjective
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "will"})
_CLAUSE_BREAK = ",;:!?()\"“”\n。，；："
_YEAR = regex.compile(r"(?:1[89]|20)\d\d")
# phone numbers, area codes and ids: quantities are grouped (1,234,567) and
# never written with a leading zero
_CODE = regex.compile(r"\d{7,}|0\d+")
_CONTEXT = 40  # characters around a number that its exclusions read
# the words of a metric after a number, read in place (no copy of the rest of the paragraph)
_METRIC_WORD = regex.compile(r"[ \t]+(\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”|[A-Za-z][\w'’-]*)")
_WORD_NEXT = regex.compile(r"[ \t]+[A-Za-z]")
_NEW_PHRASE_NEXT = regex.compile(r"[ \t]+(?:the|a|an|\d)")
# "Fuyang 2 Middle School": the capitalised word right before a number, and
# what may precede it at a sentence start; read within a few words of it
_CAPITALISED_BEFORE = regex.compile(r"[A-Z][\w'’-]*\s+$")
_SENTENCE_BREAK_BEFORE = regex.compile(r"(?:[.!?]\s+|\n)$")
# a quoted name or slogan this short holds no target ("four entries and four visits")
_SLOGAN_LENGTH = 40


class _UnitWords(Strict):
    words: list[str]
    unit: str


class _Multiplier(Strict):
    words: list[str]
    value: int


class EnExclusion(Exclusion):
    """A number is excluded when every condition given holds: `before` (the
    text before it, its comparator word included), `after` (the text after
    the whole phrase) and `number` (the number phrase itself, in full)."""

    number: str | None = None


class EnTargetRules(Strict):
    prefix_comparators: list[ComparatorWords]
    suffix_comparators: list[ComparatorWords]
    units: list[_UnitWords]
    money_units: list[str]
    currency_prefixes: list[str]
    scale_abbreviations: dict[str, int]
    multipliers: list[_Multiplier]
    multiplier_verbs: list[_Multiplier]
    multiplier_object: str
    range_joiners: list[str]
    exclude: list[EnExclusion]
    definite_before: str
    metric_stops: list[str]
    irregular_plurals: list[str]
    metric_links: list[str]
    metric_trim_left: list[str]
    metric_openers: dict[str, str]
    comparatives: list[str]
    anaphora: str
    change_before: str
    change_after: str
    pair_from_before: str
    pair_to_before: str


def _words(words) -> str:
    """Alternation of phrases, longest first, matched as whole words."""
    alts = sorted({regex.escape(w) for w in words}, key=len, reverse=True)
    return "|".join(a if not a[-1].isalnum() else rf"{a}(?![\w-])" for a in alts)


def _lower_map(groups, attr: str) -> dict[str, object]:
    return {w.lower(): getattr(g, attr) for g in groups for w in g.words}


class EnTargetPatterns:
    """rules/en/targets.yaml, compiled once."""

    def __init__(self) -> None:
        rules: EnTargetRules = read_yaml("en/targets.yaml", EnTargetRules)
        self.rules = rules
        self.prefix = _lower_map(rules.prefix_comparators, "comparator")
        self.suffix = _lower_map(rules.suffix_comparators, "comparator")
        self.units = _lower_map(rules.units, "unit")
        self.money = frozenset(rules.money_units)
        self.scales = {k.lower(): v for k, v in rules.scale_abbreviations.items()}
        self.multipliers = _lower_map(rules.multipliers + rules.multiplier_verbs, "value")
        currency = rf"(?:{_words(rules.currency_prefixes)})\s?"
        scale = "(?i:" + "|".join(regex.escape(s) for s in sorted(rules.scale_abbreviations, key=len, reverse=True)) + ")"
        # "double" counts only with the object it doubles ("to double that");
        # "twice" and "doubled" stand alone
        verbs = _words(w for m in rules.multiplier_verbs for w in m.words)
        multiple = rf"(?i:{_words(w for m in rules.multipliers for w in m.words)}|(?:{verbs})(?={rules.multiplier_object}))"
        self.pattern = regex.compile(
            rf"(?i:(?<![\w-])(?:(?P<between>between)|(?P<pre>{_words(self.prefix)}))\s+)?"
            rf"(?P<cur>{currency})?"
            # "£6.8m": a scale abbreviation is read only after a currency sign
            rf"(?:(?(cur)(?P<short>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?)(?P<scale>{scale})(?![\w-])|(?!))"
            rf"|(?P<num>{EN_NUMBER})|(?<![\w-])(?P<mult>{multiple}))"
            rf"(?:\s*(?P<joiner>(?(between)and|(?:{_words(rules.range_joiners)})))\s*(?:{currency})?(?P<num2>{EN_NUMBER}))?"
            rf"(?i:\s*(?P<unit>{_words(self.units)}))?"
            rf"(?i:\s+(?P<post>{_words(self.suffix)}))?")
        self.exclusions = [
            (e.id, *(regex.compile(p) if p else None for p in (e.before, e.after, e.number)))
            for e in rules.exclude
        ]
        self.definite = regex.compile(rules.definite_before)
        self.stops = frozenset(w.lower() for w in rules.metric_stops)
        self.plurals = frozenset(w.lower() for w in rules.irregular_plurals)
        self.links = frozenset(w.lower() for w in rules.metric_links)
        self.trim_left = frozenset(w.lower() for w in rules.metric_trim_left)
        self.openers = {kind: regex.compile(p) for kind, p in rules.metric_openers.items()}
        self.comparatives = frozenset(w.lower() for w in rules.comparatives)
        self.anaphora = regex.compile(rules.anaphora)
        self.change_before = regex.compile(rules.change_before)
        self.change_after = regex.compile(rules.change_after)
        self.pair_from = regex.compile(rules.pair_from_before)
        self.pair_to = regex.compile(rules.pair_to_before)


@lru_cache(maxsize=None)
def en_target_patterns() -> EnTargetPatterns:
    return EnTargetPatterns()


def _number_group(m) -> str:
    """Which group holds the (first) number: digits or words, a money
    abbreviation, or a multiplier word."""
    return next(g for g in ("num", "short", "mult") if m.group(g))


# --------------------------------------------------------------------------- exclusions

def _excluded(text: str, m, floor: int, ceiling: int, patterns: EnTargetPatterns) -> str | None:
    """Why the number is not a target, or None."""
    group = _number_group(m)
    num = m.group(group)
    before = text[max(floor, m.start() - _CONTEXT):m.start(group)]
    after = text[m.end():min(ceiling, m.end() + _CONTEXT)]
    phrase = text[m.start(group):m.end()]
    for rule_id, b, a, n in patterns.exclusions:
        if (b is None or b.search(before)) and (a is None or a.search(after)) \
                and (n is None or n.fullmatch(phrase)):
            return rule_id
    if group != "num":
        return None
    if _YEAR.fullmatch(num) and _YEAR.fullmatch(m.group("num2") or num) and not m.group("unit"):
        return "year"
    if _CODE.fullmatch(num) or _CODE.fullmatch(m.group("num2") or ""):
        return "code"
    words = not num[0].isdigit()
    if words and num.lower() == "one" and not (m.group("num2") or m.group("unit") or m.group("pre")):
        return "indefinite_one"  # "one of", "one old and one young": not a count; "at least one" is
    if words and not m.group("pre") and patterns.definite.search(before):
        return "definite_reference"  # "the two sessions": a name, not a measure
    if not words and _inside_name(text, m.start("num"), m.end(), floor):
        return "inside_name"
    if _in_slogan(text, m.start(), m.end()):
        return "slogan"
    return None


def _year_then_number(m) -> bool:
    """"from 1,430 in 2023 to 1,912": the range pattern read "2023 to 1,912"."""
    return bool(m.group("num") and m.group("num2") and _YEAR.fullmatch(m.group("num"))
                and not _YEAR.fullmatch(m.group("num2")))


def _inside_name(text: str, start: int, end: int, floor: int) -> bool:
    """A number between two capitalised words, not at a sentence start, is
    part of a name ("Fuyang 2 Middle School"). Only the words next to the
    number are read, so a long paragraph costs no more per number."""
    word = _CAPITALISED_BEFORE.search(text, max(floor, start - _CONTEXT), start)
    if word is None or word.start() == floor \
            or _SENTENCE_BREAK_BEFORE.search(text, max(floor, word.start() - _CONTEXT), word.start()):
        return False
    return bool(regex.match(r"\s+[A-Z]", text[end:end + 3]))


def _in_slogan(text: str, start: int, end: int) -> bool:
    """Inside a short quotation. `in_short_quote` counts the quotation marks
    of the whole line; a number with no mark within a slogan's length of it
    cannot be in one, and is not sent there (a one-line article stays linear)."""
    near = text[max(0, end - _SLOGAN_LENGTH - 1):start]
    if '"' not in near and "“" not in near:
        return False
    return in_short_quote(text, start, end, _SLOGAN_LENGTH)


# --------------------------------------------------------------------------- metric

def _clause_left(text: str, pos: int, floor: int) -> int:
    """Start of the clause before `pos`; a full stop ends a clause only before
    a space (3.5 is one number)."""
    while pos > floor and text[pos - 1] not in _CLAUSE_BREAK \
            and not (text[pos - 1] in ".!?" and text[pos:pos + 1].isspace()):
        pos -= 1
    return pos


def _metric_after(text: str, pos: int, ceiling: int, patterns: EnTargetPatterns,
                  kind: str) -> tuple[int, int] | None:
    """The counted noun phrase after a number: words up to a stop word or a
    punctuation mark ("15 damaged medical institutions in ..." -> "damaged
    medical institutions"). A percentage, a sum of money or a multiple may
    first name what it is a share, a sum or a multiple of ("60 percent of
    older residents", "$500 million in new funding", "twice as many families")."""
    words: list[tuple[int, int]] = []
    opener = patterns.openers.get(kind)
    of = opener.match(text, pos, ceiling) if opener else None
    p = of.end() if of else pos
    while len(words) < _MAX_METRIC_WORDS:
        m = _METRIC_WORD.match(text, p, ceiling)
        if not m:
            break
        word = m.group(1).lower()
        if word in ("and", "or") and words:
            if not _WORD_NEXT.match(text, m.end(), ceiling) or _NEW_PHRASE_NEXT.match(text, m.end(), ceiling):
                break
        elif word in patterns.stops or (words and word.endswith("ed")):
            break  # a function word, or a past verb after the noun ("residents used")
        words.append(m.span(1))
        p = m.end()
        if word[0] in "\"“" or word in patterns.plurals \
                or (word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))):
            break  # the counted noun is plural (or a quoted name): it ends the phrase
    while words and text[words[-1][0]:words[-1][1]].lower() in ("and", "or"):
        words.pop()
    if len(words) == 1 and text[words[0][0]:words[0][1]].lower() in patterns.comparatives:
        return None  # "40 percent more than in 2023": a comparison, not a noun
    return (words[0][0], words[-1][1]) if words else None


def _metric_before(text: str, left: int, start: int, patterns: EnTargetPatterns) -> tuple[int, int] | None:
    """The measured noun phrase before a number it is linked to ("the
    unemployment rate was controlled at 3.5%" -> "unemployment rate"): link
    words are stripped from the right; without one there is no metric."""
    words = [(left + w.start(), left + w.end()) for w in regex.finditer(r"[A-Za-z][\w'’-]*", text[left:start])]
    stripped = False
    while words and text[words[-1][0]:words[-1][1]].lower() in patterns.links:
        words.pop()
        stripped = True
    if not stripped:
        return None
    first = len(words)
    while first > 0 and len(words) - first < _MAX_METRIC_WORDS:
        word = text[words[first - 1][0]:words[first - 1][1]].lower()
        before = text[words[first - 2][0]:words[first - 2][1]].lower() if first > 1 else ""
        if word in patterns.stops - _INSIDE_NOUN_PHRASE or (word.endswith("ed") and before in _AUXILIARIES):
            break  # the noun phrase starts after the last function word or verb ("has issued subsidies")
        first -= 1
    words = words[first:]
    while words and text[words[0][0]:words[0][1]].lower() in patterns.trim_left:
        words.pop(0)
    return (words[0][0], words[-1][1]) if words else None


# --------------------------------------------------------------------------- values

def _comparator(m, patterns: EnTargetPatterns) -> str:
    if m.group("pre"):
        return patterns.prefix[regex.sub(r"\s+", " ", m.group("pre").lower())]
    if m.group("post"):
        return patterns.suffix[regex.sub(r"\s+", " ", m.group("post").lower())]
    return "eq"


def _unit(m, patterns: EnTargetPatterns) -> str | None:
    if m.group("mult"):
        return "times"
    if m.group("unit"):
        return patterns.units[regex.sub(r"\s+", " ", m.group("unit").lower())]
    if m.group("cur"):
        return patterns.units.get(m.group("cur").strip().lower(), "money")
    return None


def _kind(unit: str | None, patterns: EnTargetPatterns) -> str:
    """What the metric reads as: a share, a sum of money, a multiple, a count."""
    if unit == "%":
        return "percent"
    if unit == "times":
        return "multiple"
    return "money" if unit in patterns.money else "count" if unit is None else "measure"


def _values(m, patterns: EnTargetPatterns) -> tuple[Decimal, Decimal | None]:
    """The number and the range's upper bound; ValueError for a form the
    normalizer does not read."""
    if m.group("short"):
        low = en_to_number(m.group("short")) * patterns.scales[m.group("scale").lower()]
    elif m.group("mult"):
        low = Decimal(patterns.multipliers[m.group("mult").lower()])
    else:
        low = en_to_number(m.group("num"))
    return low, en_to_number(m.group("num2")) if m.group("num2") else None


def _rule(kind: str) -> str:
    return "en.target." + ("measure" if kind == "money" else kind)


class _Paragraph:
    """The targets of one paragraph, read left to right: the metric of the
    number before is kept for a change ("an increase of 6.1%") and for a
    "from ... to ..." pair, which shares its metric."""

    def __init__(self, text: str, source: str, start: int, end: int, patterns: EnTargetPatterns):
        self.text, self.source, self.start, self.end, self.p = text, source, start, end, patterns
        self.hits: list[TargetHit] = []
        self.previous_end, self.previous_metric = start, None
        self.pair_from: int | None = None  # index in hits of a "from" value waiting for its "to"

    def read(self) -> list[TargetHit]:
        pos = self.start
        while m := self.p.pattern.search(self.text, pos, self.end):
            if _year_then_number(m):
                pos = m.end("num")  # the year is no target; read on from "to 1,912"
                continue
            pos = m.end()
            if _excluded(self.text, m, self.start, self.end, self.p):
                continue
            try:
                low, high = _values(m, self.p)
            except ValueError:
                continue  # a form the normalizer does not read: skip, never guess
            self._add(m, low, high)
        return self.hits

    def _add(self, m, low: Decimal, high: Decimal | None) -> None:
        text, p = self.text, self.p
        unit = _unit(m, p)
        kind = _kind(unit, p)
        left = _clause_left(text, m.start(), max(self.start, self.previous_end))
        before, after = text[left:m.start()], text[m.end():min(self.end, m.end() + _CONTEXT)]
        change = bool(p.change_before.search(before) or p.change_after.match(after))
        metric = self._metric(m, left, before, after, kind, change)
        if high is None:
            self._hit(m.start(), m.end(), low, None, metric, _comparator(m, p), change, _rule(kind))
        elif p.pair_from.search(before):
            # "from 126 to 161 beds": two values, each with its own text
            self._hit(m.start(_number_group(m)), m.end(_number_group(m)), low, None, metric, "eq", change, _rule(kind))
            self._hit(m.start("num2"), m.end(), high, None, metric, "eq", change, _rule(kind))
        else:
            # "between 300 and 400 units": at least the lower bound, at most the upper
            self._hit(m.start(), m.end(), low, high, metric, "ge", change, "en.target.range")
            self._hit(m.start(), m.end(), high, None, metric, "le", change, "en.target.range")
        self._pair(high is None and p.pair_from.search(before) is not None, p.pair_to.search(before) is not None)
        self.previous_end = m.end()
        if not change:
            self.previous_metric = self.hits[-1].metric

    def _metric(self, m, left: int, before: str, after: str, kind: str, change: bool) -> str | None:
        """What the number counts or measures; a change without a noun of
        its own ("nearly 40 percent more than in 2023") and a multiple of
        "that" take the metric of the number before."""
        text, p = self.text, self.p
        if change and self.previous_metric and p.change_before.search(before):
            return self.previous_metric
        if kind == "multiple" and p.anaphora.match(after):
            return self.previous_metric
        # "kept within 5.5 percent": a comparator that is also a link word links the noun before
        linked = m.start(_number_group(m)) if (m.group("pre") or "").lower() in p.links else m.start()
        span = (_metric_after(text, m.end(), self.end, p, kind)
                or _metric_before(text, left, linked, p))
        if span is None:
            return self.previous_metric if change else None
        return self.source[span[0]:span[1]]

    def _pair(self, opens: bool, closes: bool) -> None:
        """"went from 1,430 in 2023 to 1,912": the "to" value and the "from"
        value share the metric, the one after the "to" value if it has one."""
        if closes and self.pair_from is not None:
            first, last = self.hits[self.pair_from], self.hits[-1]
            metric = last.metric or first.metric
            self.hits[self.pair_from] = replace(first, metric=metric)
            self.hits[-1] = replace(last, metric=metric)
        self.pair_from = len(self.hits) - 1 if opens else None

    def _hit(self, start: int, end: int, value: Decimal, high: Decimal | None, metric: str | None,
             comparator: str, change: bool, rule: str) -> None:
        self.hits.append(TargetHit(
            start=start, end=end, text=self.source[start:end], value=to_json_number(value),
            value_high=to_json_number(high) if high is not None else None,
            # The contract reports no unit for English targets (ANNOTATION.md: null
            # where no counter is written); the kind of number stays in the rule id
            # (en.target.percent, en.target.measure) and in the verbatim text.
            unit=None, metric=metric, comparator=comparator, change=change, rule=rule))


def find_targets(doc: Doc) -> list[TargetHit]:
    patterns = en_target_patterns()
    text, source = doc_text(doc), doc._.source
    hits: list[TargetHit] = []
    for para in doc._.layout.paragraphs:
        hits.extend(_Paragraph(text, source, para.start, para.end, patterns).read())
    return hits


@English.factory("minsheng_targets")
def make_target_recognizer(nlp, name: str) -> TargetRecognizer:
    return TargetRecognizer(find_targets)
