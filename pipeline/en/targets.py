"""Stage 5b for English articles: numeric targets, normalized.

"repair 15 damaged medical institutions" -> value 15, unit null, metric
"damaged medical institutions"; "more than 1,234 people" -> 1234, gt;
"1.5 million yuan" -> 1500000 (rule en.target.measure); "95%" -> 95 (rule
en.target.percent); `unit` is always null in English records.
English has no classifiers, so a counted noun is the metric, not the unit;
units are money, percentages and measures (rules/en/targets.yaml). The
value is read by `pipeline.numbers.en_to_number`; years, dates, ordinals,
identifiers (No. 1), durations and numbers inside names or slogans are not
targets. Writes `doc._.targets` (a list of `pipeline.core.types.TargetHit`).
"""
from __future__ import annotations

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


class _UnitWords(Strict):
    words: list[str]
    unit: str


class EnTargetRules(Strict):
    prefix_comparators: list[ComparatorWords]
    suffix_comparators: list[ComparatorWords]
    units: list[_UnitWords]
    currency_prefixes: list[str]
    range_joiners: list[str]
    exclude: list[Exclusion]
    definite_before: str
    metric_stops: list[str]
    irregular_plurals: list[str]
    metric_links: list[str]
    metric_trim_left: list[str]
    change_before: str
    change_after: str


def _words(words) -> str:
    """Alternation of phrases, longest first, matched as whole words."""
    alts = sorted({regex.escape(w) for w in words}, key=len, reverse=True)
    return "|".join(a if not a[-1].isalnum() else rf"{a}(?![\w-])" for a in alts)


class EnTargetPatterns:
    """rules/en/targets.yaml, compiled once."""

    def __init__(self) -> None:
        rules: EnTargetRules = read_yaml("en/targets.yaml", EnTargetRules)
        self.rules = rules
        self.prefix = {w.lower(): c.comparator for c in rules.prefix_comparators for w in c.words}
        self.suffix = {w.lower(): c.comparator for c in rules.suffix_comparators for w in c.words}
        self.units = {w.lower(): u.unit for u in rules.units for w in u.words}
        self.pattern = regex.compile(
            rf"(?i:(?<![\w-])(?P<pre>{_words(self.prefix)})\s+)?"
            rf"(?P<cur>(?:{_words(rules.currency_prefixes)})\s?)?"
            rf"(?P<num>{EN_NUMBER})"
            rf"(?:\s*(?P<joiner>{_words(rules.range_joiners)})\s*(?P<num2>{EN_NUMBER}))?"
            rf"(?i:\s*(?P<unit>{_words(self.units)}))?"
            rf"(?i:\s+(?P<post>{_words(self.suffix)}))?")
        self.exclusions = [
            (e.id, regex.compile(e.before) if e.before else None, regex.compile(e.after) if e.after else None)
            for e in rules.exclude
        ]
        self.definite = regex.compile(rules.definite_before)
        self.stops = frozenset(w.lower() for w in rules.metric_stops)
        self.plurals = frozenset(w.lower() for w in rules.irregular_plurals)
        self.links = frozenset(w.lower() for w in rules.metric_links)
        self.trim_left = frozenset(w.lower() for w in rules.metric_trim_left)
        self.change_before = regex.compile(rules.change_before)
        self.change_after = regex.compile(rules.change_after)


@lru_cache(maxsize=None)
def en_target_patterns() -> EnTargetPatterns:
    return EnTargetPatterns()


# --------------------------------------------------------------------------- exclusions

def _excluded(text: str, m, floor: int, ceiling: int, patterns: EnTargetPatterns) -> str | None:
    """Why the number is not a target, or None."""
    num = m.group("num")
    before = text[max(floor, m.start("num") - 40):m.start("num")]
    after = text[m.end():min(ceiling, m.end() + 40)]
    for rule_id, b, a in patterns.exclusions:
        if (b and b.search(before)) or (a and a.search(after)):
            return rule_id
    if _YEAR.fullmatch(num) and _YEAR.fullmatch(m.group("num2") or num) and not m.group("unit"):
        return "year"
    if _CODE.fullmatch(num):
        return "code"
    words = not num[0].isdigit()
    if words and num.lower() == "one" and not m.group("num2") and not m.group("unit"):
        return "indefinite_one"  # "one of", "one old and one young": not a count
    if words and not m.group("pre") and patterns.definite.search(before):
        return "definite_reference"  # "the two sessions": a name, not a measure
    if not words and _inside_name(text, m.start("num"), m.end(), floor):
        return "inside_name"
    if in_short_quote(text, m.start(), m.end()):
        return "slogan"
    return None


def _inside_name(text: str, start: int, end: int, floor: int) -> bool:
    """A number between two capitalised words, not at a sentence start, is
    part of a name ("Fuyang 2 Middle School")."""
    left = regex.search(r"(?:^|(?P<boundary>[.!?]\s+|\n))?(?P<word>[A-Z][\w'’-]*)\s+$", text[floor:start])
    return bool(left and left.group("boundary") is None and left.start("word") > 0
                and regex.match(r"\s+[A-Z]", text[end:end + 3]))


# --------------------------------------------------------------------------- metric

def _clause_left(text: str, pos: int, floor: int) -> int:
    """Start of the clause before `pos`; a full stop ends a clause only before
    a space (3.5 is one number)."""
    while pos > floor and text[pos - 1] not in _CLAUSE_BREAK \
            and not (text[pos - 1] in ".!?" and text[pos:pos + 1].isspace()):
        pos -= 1
    return pos


def _metric_after(text: str, pos: int, ceiling: int, patterns: EnTargetPatterns,
                  share: bool = False) -> tuple[int, int] | None:
    """The counted noun phrase after a number: words up to a stop word or a
    punctuation mark ("15 damaged medical institutions in ..." -> "damaged
    medical institutions")."""
    words: list[tuple[int, int]] = []
    p = pos
    if share:
        of = regex.match(r"[ \t]+of(?:[ \t]+the)?(?=[ \t])", text[pos:ceiling])
        p += of.end() if of else 0  # "60 percent of older residents": a share of them
    while len(words) < _MAX_METRIC_WORDS:
        m = regex.match(r"[ \t]+(\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”|[A-Za-z][\w'’-]*)", text[p:ceiling])
        if not m:
            break
        word = m.group(1).lower()
        if word in ("and", "or") and words:
            if not regex.match(r"[ \t]+[A-Za-z]", text[p + m.end():ceiling]) \
                    or regex.match(r"[ \t]+(?:the|a|an|\d)", text[p + m.end():ceiling]):
                break
        elif word in patterns.stops or (words and word.endswith("ed")):
            break  # a function word, or a past verb after the noun ("residents used")
        words.append((p + m.start(1), p + m.end(1)))
        p += m.end()
        if word[0] in "\"“" or word in patterns.plurals \
                or (word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))):
            break  # the counted noun is plural (or a quoted name): it ends the phrase
    while words and text[words[-1][0]:words[-1][1]].lower() in ("and", "or"):
        words.pop()
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
    if m.group("num2"):
        return "eq"
    if m.group("pre"):
        return patterns.prefix[regex.sub(r"\s+", " ", m.group("pre").lower())]
    if m.group("post"):
        return patterns.suffix[regex.sub(r"\s+", " ", m.group("post").lower())]
    return "eq"


def _unit(m, patterns: EnTargetPatterns) -> str | None:
    if m.group("unit"):
        return patterns.units[regex.sub(r"\s+", " ", m.group("unit").lower())]
    if m.group("cur"):
        return patterns.units.get(m.group("cur").strip().lower(), "yuan")
    return None


def _rule_kind(m, unit: str | None) -> str:
    if m.group("num2"):
        return "range"
    if unit == "%":
        return "percent"
    return "measure" if unit else "count"


def find_targets(doc: Doc) -> list[TargetHit]:
    patterns = en_target_patterns()
    text, source = doc_text(doc), doc._.source
    hits: list[TargetHit] = []
    for para in doc._.layout.paragraphs:
        previous_end, previous_metric = para.start, None
        for m in patterns.pattern.finditer(text, para.start, para.end):
            if _excluded(text, m, para.start, para.end, patterns):
                continue
            try:
                low = en_to_number(m.group("num"))
                high = en_to_number(m.group("num2")) if m.group("num2") else None
            except ValueError:
                continue  # a form the normalizer does not read: skip, never guess
            start = m.start()
            unit = _unit(m, patterns)
            left = max(_clause_left(text, start, para.start), previous_end)
            change = bool(patterns.change_before.search(text[left:start])
                          or patterns.change_after.match(text, m.end(), para.end))
            if change and previous_metric and patterns.change_before.search(text[left:start]):
                metric = previous_metric
            else:
                span = (_metric_after(text, m.end(), para.end, patterns, share=unit == "%")
                        or _metric_before(text, left, start, patterns))
                metric = source[span[0]:span[1]] if span else None
            hits.append(TargetHit(
                start=start, end=m.end(), text=source[start:m.end()], value=to_json_number(low),
                value_high=to_json_number(high) if high is not None else None,
                # The contract reports no unit for English targets (ANNOTATION.md: null
                # where no counter is written); the kind of number stays in the rule id
                # (en.target.percent, en.target.measure) and in the verbatim text.
                unit=None, metric=metric,
                comparator=_comparator(m, patterns), change=change, rule=f"en.target.{_rule_kind(m, unit)}"))
            previous_end = m.end()
            if not change:
                previous_metric = metric
    return hits


@English.factory("minsheng_targets")
def make_target_recognizer(nlp, name: str) -> TargetRecognizer:
    return TargetRecognizer(find_targets)
