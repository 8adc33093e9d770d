"""Stage 5b, targets: numbers that measure the work, normalized.

城镇新增就业64.8万人 -> value 648000, unit 人, metric 城镇新增就业;
支持1900个以上就业帮扶车间 -> value 1900, comparator ge, metric 就业帮扶车间.
A number is a target only with a counting unit (rules/zh/counters.txt), a
percent sign, 成 or a fraction, so dates, ordinals and slogans fall out; the
exclusions in rules/zh/targets.yaml catch the rest (第三, 九次全会, 数千万).
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import regex
from spacy.lang.zh import Chinese
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.rules import Strict, alternation, read_words, read_yaml
from pipeline.core.targets import ComparatorWords, Exclusion, TargetRecognizer
from pipeline.core.types import TargetHit
from pipeline.numbers import ZH_NUMERAL, to_json_number, zh_fraction, zh_to_number
from pipeline.zh.recognize import agency_at, zh_lexicon

CLAUSE_BREAK = set("，,。；;：:！!？?“”\"‘’「」『』()（）【】《》、\n\r")
_MAX_METRIC = 24
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
_MAX_SLOGAN = 12  # a quoted phrase this short is a name or slogan


class TargetRules(Strict):
    prefix_comparators: list[ComparatorWords]
    suffix_comparators: list[ComparatorWords]
    range_joiners: list[str]
    exclude: list[Exclusion]
    metric_trim_left: list[str]
    metric_trim_right: list[str]
    change_markers: str



class ZhTargetPatterns:
    """rules/zh/targets.yaml and counters.txt, compiled once."""

    def __init__(self) -> None:
        rules: TargetRules = read_yaml("zh/targets.yaml", TargetRules)
        self.rules = rules
        self.prefix = {w: c.comparator for c in rules.prefix_comparators for w in c.words}
        self.suffix = {w: c.comparator for c in rules.suffix_comparators for w in c.words}
        counters = read_words("zh/counters.txt")
        num = f"(?:{ZH_NUMERAL})"
        joiner = alternation(rules.range_joiners)
        self.pattern = regex.compile(
            rf"(?P<pre>{alternation(list(self.prefix))})?"
            rf"(?:(?P<frac>(?:百分之|{num}分之){num})"
            rf"|(?P<num>{num})(?:(?P<joiner>{joiner})(?P<num2>{num}))?"
            rf"(?:(?P<pct>%|％)(?P<pct_post>{alternation(list(self.suffix))})?|(?P<cheng>成)(?!\p{{Han}}{{0,1}}(?:立|为|员|本|果|功|就|熟|长|都))"
            rf"|(?P<approx>余|多)?\s?(?P<unit>{alternation(counters)})"
            rf"(?P<post>{alternation(list(self.suffix))})?))"
        )
        self.exclusions = [
            (e.id, regex.compile(e.before) if e.before else None, regex.compile(e.after) if e.after else None)
            for e in rules.exclude
        ]
        self.trim_left = regex.compile(f"(?:{alternation(rules.metric_trim_left)})+")
        self.trim_right = regex.compile(f"(?:{alternation(rules.metric_trim_right)})+$")
        self.change = regex.compile(rules.change_markers)


@lru_cache(maxsize=None)
def zh_target_patterns() -> ZhTargetPatterns:
    return ZhTargetPatterns()


def _inside_short_quote(text: str, start: int, end: int, floor: int, ceiling: int) -> bool:
    """True when the number sits in a short quoted phrase: ‘两个确立’, “一县一品”."""
    left = max(floor, start - _MAX_SLOGAN)
    for i in range(start - 1, left - 1, -1):
        close = _QUOTE_PAIRS.get(text[i])
        if close:
            j = text.find(close, end, min(ceiling, end + _MAX_SLOGAN))
            return j >= 0 and j - i - 1 <= _MAX_SLOGAN
        if text[i] in "”’」』":
            return False
    return False


def _is_article_yi(m) -> bool:
    """一批, 一个时期: a bare 一 is the indefinite article, not a count."""
    return m.group("num") in ("一", "壹") and not m.group("num2") and not m.group("pct")


def _value(m) -> tuple[Decimal, Decimal | None, str | None]:
    if m.group("frac"):
        return zh_fraction(m.group("frac")), None, "%"
    low = zh_to_number(m.group("num"))
    high = zh_to_number(m.group("num2")) if m.group("num2") else None
    if high is not None:
        low = _share_magnitude(m.group("num"), m.group("num2"), low)
    if m.group("pct"):
        return low, high, "%"
    if m.group("cheng"):
        return low * 10, (high * 10 if high is not None else None), "%"
    return low, high, m.group("unit")


def _share_magnitude(first: str, second: str, low: Decimal) -> Decimal:
    """3至5万: the magnitude written once applies to both bounds."""
    for mag, factor in (("亿", Decimal(10) ** 8), ("萬", Decimal(10000)), ("万", Decimal(10000))):
        if second.endswith(mag) and mag not in first:
            return low * factor
    return low


def _comparator(m, patterns: ZhTargetPatterns, has_range: bool) -> str:
    if has_range:
        return "eq"
    if m.group("pre"):
        return patterns.prefix[m.group("pre")]
    post = m.group("post") or m.group("pct_post")
    if post:
        return patterns.suffix[post]
    if m.group("approx"):
        return "gt"
    return "eq"


def _excluded(text: str, m, floor: int, ceiling: int, patterns: ZhTargetPatterns) -> str | None:
    num_start = m.start("num") if m.group("num") else m.start("frac")
    before = text[max(floor, num_start - 12):num_start]
    after = text[m.end():min(ceiling, m.end() + 12)]
    for rule_id, b, a in patterns.exclusions:
        if (b and b.search(before)) or (a and a.search(after)):
            return rule_id
    if _inside_short_quote(text, m.start(), m.end(), floor, ceiling) or _is_article_yi(m):
        return "slogan_or_article"
    return None


def _clause_left(text: str, pos: int, floor: int) -> int:
    """Start of the clause before `pos`; a parenthesis right before the number
    belongs to the metric (幼儿园(点)7446所)."""
    if pos > floor and text[pos - 1] in ")）":
        opening = max(text.rfind("(", floor, pos), text.rfind("（", floor, pos))
        if opening > floor:
            pos = opening
    while pos > floor and text[pos - 1] not in CLAUSE_BREAK:
        pos -= 1
    return pos


def _clause_right(text: str, pos: int, ceiling: int) -> int:
    while pos < ceiling and text[pos] not in CLAUSE_BREAK:
        pos += 1
    return pos


_TIME_PREFIX = regex.compile(r"(?:\d{4}年(?:度|以来|初|底)?|\d{1,2}月(?:底|末|初)?)")


def _after_actor(text: str, start: int, end: int) -> int:
    """市民政局惠及困难群众3万户: an agency opening the phrase before a number
    is the actor, not what is counted."""
    agency = agency_at(text, start, end, zh_lexicon())
    return agency[1] if agency and agency[1] < end else start


def _metric_span(text: str, start: int, end: int, patterns: ZhTargetPatterns) -> tuple[int, int] | None:
    """Trim a phrase of the normalized text down to what is counted; offsets
    stay valid in the source, where the metric is sliced in its own script."""
    for _ in range(2):
        while start < end and text[start] in " 的":
            start += 1
        for trim in (patterns.trim_left, _TIME_PREFIX):
            m = trim.match(text, start, end)
            if m and m.end() < end:
                start = m.end()
        m = patterns.trim_right.search(text, start, end)
        if m and m.start() > start:
            end = m.start()
        while end > start and text[end - 1] in " 的":
            end -= 1
    if not regex.search(r"\p{Han}", text[start:end]):
        return None
    return (max(start, end - _MAX_METRIC), end)


def find_targets(doc: Doc) -> list[TargetHit]:
    patterns = zh_target_patterns()
    text, source = doc_text(doc), doc._.source
    hits: list[TargetHit] = []
    for para in doc._.layout.paragraphs:
        previous_end = para.start
        previous_metric: str | None = None
        for m in patterns.pattern.finditer(text, para.start, para.end):
            if _excluded(text, m, para.start, para.end, patterns):
                continue
            try:
                low, high, unit = _value(m)
            except ValueError:
                continue  # a numeral form the normalizer does not read: skip, never guess
            start = m.start() if m.group("pre") else (m.start("frac") if m.group("frac") else m.start("num"))
            left = max(_clause_left(text, start, para.start), previous_end)
            before = text[left:start]
            change = bool(patterns.change.search(before))
            if change and previous_metric:
                metric = previous_metric
            else:
                right = _clause_right(text, m.end(), para.end)
                nxt = patterns.pattern.search(text, m.end(), right)
                after = text[m.end():nxt.start() if nxt else right]
                span = _metric_span(text, m.end(), m.end() + len(after), patterns) if after.strip() else None
                span = span or _metric_span(text, _after_actor(text, left, start), start, patterns)
                metric = source[span[0]:span[1]] if span else None
                if metric is None and left > para.start and text[left - 1] == "、":
                    metric = previous_metric  # 惠及困难群众近3万户、5000余人次: one metric, two counts
            hits.append(TargetHit(
                start=start, end=m.end(), text=source[start:m.end()],
                value=to_json_number(low), value_high=to_json_number(high) if high is not None else None,
                unit=unit, metric=metric, comparator=_comparator(m, patterns, high is not None),
                change=change, rule=f"zh.target.{_rule_kind(m)}",
            ))
            previous_end = m.end()
            if not change:
                previous_metric = metric
    return hits


def _rule_kind(m) -> str:
    if m.group("frac"):
        return "fraction"
    if m.group("pct"):
        return "percent"
    if m.group("cheng"):
        return "cheng"
    if m.group("num2"):
        return "range"
    return "count"


@Chinese.factory("minsheng_targets")
def make_target_recognizer(nlp, name: str) -> TargetRecognizer:
    return TargetRecognizer(find_targets)
