"""Stage 5b, targets: numbers that measure the work, normalized.

城镇新增就业64.8万人 -> value 648000, unit 人, metric 城镇新增就业;
支持1900个以上就业帮扶车间 -> value 1900, comparator ge, metric 就业帮扶车间.
A number is a target with a counting unit (rules/zh/counters.txt), a percent
sign, 成 or a fraction, or, unit null, when 万/亿 closes it (覆盖532万, 惠及
近千万家庭); so dates, ordinals and slogans fall out, and the exclusions in
rules/zh/targets.yaml catch the rest (第三, 九次全会, 数千万, 3个月内).
Real articles space and group their figures (39631 人次, 4331 万元, 4,700亿元)
and put 余/多 before the magnitude (2600余万人次 -> 26000000, gt).
A figure that only continues the previous one (年底将达260个, 提高到820元,
下降0.2个百分点, 目标任务36000人次的110.1%) counts what that one counted.
A line of cells, a table flattened to text (城镇新增就业 万人 5.2 4.47 86.0%),
is read cell by cell: the unit from its unit cell or brackets, the metric
from its label, or from the column's header for a percentage column.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex
from spacy.lang.zh import Chinese
from spacy.tokens import Doc

from pipeline.core.doc import doc_text
from pipeline.core.rules import Strict, alternation, read_words, read_yaml
from pipeline.core.targets import ComparatorWords, Exclusion, TargetRecognizer
from pipeline.core.types import TargetHit
from pipeline.numbers import ZH_MAGNITUDE, ZH_NUMERAL, to_json_number, zh_fraction, zh_to_number
from pipeline.zh.recognize import agency_at, zh_lexicon

CLAUSE_BREAK = set("，,。；;：:！!？?“”\"‘’「」『』()（）【】《》、\n\r")
_MAX_METRIC = 24
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
_MAX_SLOGAN = 12  # a quoted phrase this short is a name or slogan
_GAP = "[ \t]?"  # 39631 人次, 4331 万元, 12.5 %: one space of layout inside a figure
# 近千万家庭, 超万人: a magnitude with no digit before it, read only after a comparator
_LEAD_MAGNITUDE = "(?:[百千](?![分米瓦克])|[万亿])++"
_MAGNITUDE_END = ("万", "亿")  # what closes a figure that has no counter
# Tables flattened to text
_CELL = regex.compile(r"[^ \t\r\n]+")
_ROW_INDEX = regex.compile(r"[0-9]{1,3}")  # 序号: "1 新建社区嵌入式养老服务站 个 20 18"
_LABEL = regex.compile(r"\p{Han}{2}")
_HAN_ONLY = regex.compile(r"[\p{Han}()“”\"]+")  # a cell after the figures: 县民政局
# prose, not a row of cells; a comma grouping digits (12,386) is no punctuation
_SENTENCE_PUNCT = regex.compile(r"(?<![0-9]),|,(?![0-9]{3}(?![0-9]))|[。;:!?，；：！？]")
_MAX_TABLE_ROWS = 60  # how far up a row looks for its header


class TargetRules(Strict):
    prefix_comparators: list[ComparatorWords]
    suffix_comparators: list[ComparatorWords]
    range_joiners: list[str]
    vague_before: str
    exclude: list[Exclusion]
    not_counters: list[str]
    bare_magnitude_stop: str
    metric_trim_left: list[str]
    metric_trim_right: list[str]
    metric_after_not: str
    change_markers: str
    rate_change_units: list[str]
    rate_words: str
    carry_metric: list[str]
    table_blank_cells: list[str]


class ZhTargetPatterns:
    """rules/zh/targets.yaml and counters.txt, compiled once."""

    def __init__(self) -> None:
        rules: TargetRules = read_yaml("zh/targets.yaml", TargetRules)
        self.rules = rules
        self.prefix = {w: c.comparator for c in rules.prefix_comparators for w in c.words}
        self.suffix = {w: c.comparator for c in rules.suffix_comparators for w in c.words}
        counters = alternation(read_words("zh/counters.txt"))
        num = f"(?:{ZH_NUMERAL})"
        suffix = alternation(list(self.suffix))
        self.pattern = regex.compile(
            rf"(?P<pre>{alternation(list(self.prefix))})?"
            rf"(?:(?P<frac>(?:百分之|{num}分之){num})"
            rf"|(?:(?P<num>{num})|(?P<leadmag>{_LEAD_MAGNITUDE}))"
            rf"(?:(?:[%‰]|{counters})?(?P<joiner>{alternation(rules.range_joiners)})(?P<num2>{num}))?"
            rf"(?P<approx>余|多)?(?P<mag>{_GAP}{ZH_MAGNITUDE})?"
            rf"(?:{_GAP}(?P<pct>[%‰])(?P<pct_post>{suffix})?"
            rf"|(?P<cheng>成)(?!\p{{Han}}{{0,1}}(?:立|为|员|本|果|功|就|熟|长|都))(?P<cheng_post>{suffix})?"
            rf"|{_GAP}(?!{alternation(rules.not_counters)})(?P<unit>{counters})(?P<post>{suffix})?"
            rf"|(?P<bare_post>{suffix})?))"
        )
        self.exclusions = [
            (e.id, regex.compile(e.before) if e.before else None, regex.compile(e.after) if e.after else None)
            for e in rules.exclude
        ]
        self.vague = regex.compile(rules.vague_before)
        self.bare_stop = regex.compile(rules.bare_magnitude_stop)
        self.trim_left = regex.compile(f"(?:{alternation(rules.metric_trim_left)})+")
        self.trim_right = regex.compile(f"(?:{alternation(rules.metric_trim_right)})+$")
        self.after_not = regex.compile(rules.metric_after_not)
        self.change = regex.compile(rules.change_markers)
        self.rate_units = frozenset(rules.rate_change_units)
        self.rate_words = regex.compile(rules.rate_words)
        self.carry = regex.compile("|".join(f"(?:{p})" for p in rules.carry_metric))
        unit = rf"(?P<mag>{ZH_MAGNITUDE})?(?P<unit>{counters}|%|‰)"
        self.unit_cell = regex.compile(unit)
        self.bracket_unit = regex.compile(rf"\({unit}\)$")
        self.value_cell = regex.compile(rf"(?P<sign>[-+−])?(?P<num>(?=[0-9]){num})(?P<pct>[%‰])?(?P<post>{suffix})?")
        self.blank_cells = frozenset(rules.table_blank_cells)


@lru_cache(maxsize=None)
def zh_target_patterns() -> ZhTargetPatterns:
    return ZhTargetPatterns()


# ---------------------------------------------------------------------------
# One figure in running text
# ---------------------------------------------------------------------------


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


def _is_bare(m) -> bool:
    """No counter, %, 成 or fraction: 532万, 5000多亿."""
    return not any(m.group(g) for g in ("frac", "pct", "cheng", "unit"))


def _accepted(m, text: str, patterns: ZhTargetPatterns) -> bool:
    """A figure with a counter (4万多亿元, 近万人), or one in Arabic digits
    closed by 万/亿 that stands for a count (覆盖532万, 惠及近千万家庭); not
    2024, 十万火急 or 首付10万起."""
    if m.group("leadmag") and not m.group("pre"):
        return False  # 万人助万企, 千方百计: a magnitude alone is a number only after 近/超/约
    if not _is_bare(m):
        return True
    lead = m.group("leadmag") or m.group("num")
    last = (m.group("mag") or m.group("num2") or lead).strip()
    return (
        (bool(m.group("leadmag")) or (lead[0].isascii() and lead[0].isdigit()))
        and last.endswith(_MAGNITUDE_END)  # 近千万, not 近百年
        and not patterns.bare_stop.match(text[m.end():m.end() + 4])
    )


def _numeral(m, group: str) -> str:
    """The figure as zh_to_number reads it: 近千万 -> 一千万; 2600余万 -> 2600万
    (余 gives the comparator); 4331 万 -> 4331万. A magnitude written after a
    range belongs to its upper bound (3至5万)."""
    digits = m.group(group) or "一" + m.group("leadmag")
    if group == "num2" or not m.group("num2"):
        digits += (m.group("mag") or "").strip()
    return digits


def _value(m, source: str) -> tuple[Decimal, Decimal | None, str | None]:
    if m.group("frac"):
        return zh_fraction(m.group("frac")), None, "%"
    low = zh_to_number(_numeral(m, "num"))
    high = None
    if m.group("num2"):
        high = zh_to_number(_numeral(m, "num2"))
        low = _share_magnitude(m.group("num"), _numeral(m, "num2"), low)
    if m.group("pct"):
        return low, high, m.group("pct")
    if m.group("cheng"):
        return low * 10, (high * 10 if high is not None else None), "%"
    if m.group("unit"):
        return low, high, source[m.start("unit"):m.end("unit")]  # 個百分點 in a Traditional article
    return low, high, None


def _share_magnitude(first: str, second: str, low: Decimal) -> Decimal:
    """3至5万: the magnitude written once applies to both bounds."""
    for mag, factor in (("亿", Decimal(10) ** 8), ("萬", Decimal(10000)), ("万", Decimal(10000))):
        if second.endswith(mag) and mag not in first:
            return low * factor
    return low


def _comparator(m, patterns: ZhTargetPatterns, has_range: bool) -> str:
    if has_range:
        return "ge"  # 3至5万人: at least the lower bound; value_high carries the upper
    if m.group("pre"):
        return patterns.prefix[m.group("pre")]
    post = m.group("post") or m.group("pct_post") or m.group("cheng_post") or m.group("bare_post")
    if post:
        return patterns.suffix[post]
    if m.group("approx"):
        return "gt"
    return "eq"


def _number_start(m) -> int:
    for group in ("frac", "num", "leadmag"):
        if m.group(group):
            return m.start(group)
    raise AssertionError("a target match without a number")


def _excluded(text: str, m, floor: int, ceiling: int, patterns: ZhTargetPatterns) -> str | None:
    num_start = _number_start(m)
    before = text[max(floor, num_start - 12):num_start]
    after = text[m.end():min(ceiling, m.end() + 12)]
    for rule_id, b, a in patterns.exclusions:
        if (b and b.search(before)) or (a and a.search(after)):
            return rule_id
    if patterns.vague.search(before) and not text[num_start].isdigit():
        return "vague"
    if _inside_short_quote(text, m.start(), m.end(), floor, ceiling) or _is_article_yi(m):
        return "slogan_or_article"
    return None


# ---------------------------------------------------------------------------
# What a figure counts
# ---------------------------------------------------------------------------


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


def _changes_previous(before: str, m, patterns: ZhTargetPatterns) -> bool:
    """同比提高1.3%, 下降0.2个百分点: a change of the figure just given, unless
    the phrase names a rate of its own (覆盖率提高1个百分点)."""
    if patterns.change.search(before):
        return True
    return m.group("unit") in patterns.rate_units and not patterns.rate_words.search(before)


def _after_span(text: str, m, ceiling: int, patterns: ZhTargetPatterns) -> tuple[int, int] | None:
    """建成135个社区食堂: what is counted written after the figure, up to the
    clause's end or the next figure; not a purpose or time (用于民生)."""
    right = _clause_right(text, m.end(), ceiling)
    nxt = next((n for n in patterns.pattern.finditer(text, m.end(), right) if _accepted(n, text, patterns)), None)
    end = nxt.start() if nxt else right
    after = text[m.end():end].strip()
    if not after or patterns.after_not.match(after) or patterns.carry.fullmatch(after):
        return None
    return _metric_span(text, m.end(), end, patterns)


@dataclass
class _Context:
    """What the figures before this one in the paragraph left behind."""

    floor: int
    ceiling: int
    previous_end: int
    previous_metric: str | None = None


def _metric(text: str, source: str, m, start: int, ctx: _Context, patterns: ZhTargetPatterns) -> tuple[str | None, bool]:
    """(metric, change) for the figure `m` starting at `start`."""
    left = max(_clause_left(text, start, ctx.floor), ctx.previous_end)
    before = text[left:start]
    change = bool(patterns.change.search(before)) or m.group("unit") in patterns.rate_units
    previous = ctx.previous_metric
    if previous and _changes_previous(before, m, patterns):
        return previous, change
    span = _after_span(text, m, ctx.ceiling, patterns)
    if span is None and previous and patterns.carry.fullmatch(before.strip()):
        return previous, change  # 年底将达260个, 提高到820元, 34.0%和37.6%
    span = span or _metric_span(text, _after_actor(text, left, start), start, patterns)
    if span:
        return source[span[0]:span[1]], change
    if left > ctx.floor and text[left - 1] == "、":
        return previous, change  # 惠及困难群众近3万户、5000余人次: one metric, two counts
    return None, change


def _running_targets(text: str, source: str, floor: int, ceiling: int, patterns: ZhTargetPatterns) -> list[TargetHit]:
    hits: list[TargetHit] = []
    ctx = _Context(floor, ceiling, floor)
    for m in patterns.pattern.finditer(text, floor, ceiling):
        if not _accepted(m, text, patterns) or _excluded(text, m, floor, ceiling, patterns):
            continue
        try:
            low, high, unit = _value(m, source)
        except ValueError:
            continue  # a numeral form the normalizer does not read: skip, never guess
        start = m.start() if m.group("pre") else _number_start(m)
        metric, change = _metric(text, source, m, start, ctx, patterns)
        hits.append(TargetHit(
            start=start, end=m.end(), text=source[start:m.end()],
            value=to_json_number(low), value_high=to_json_number(high) if high is not None else None,
            unit=unit, metric=metric, comparator=_comparator(m, patterns, high is not None),
            change=change, rule=f"zh.target.{_rule_kind(m)}",
        ))
        ctx.previous_end = m.end()
        if not change:
            ctx.previous_metric = metric
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
    if _is_bare(m):
        return "bare"
    return "count"


# ---------------------------------------------------------------------------
# Tables flattened to text
# ---------------------------------------------------------------------------


@dataclass
class _Row:
    """指标名称 单位 全年目标 完成数 完成率 / 城镇新增就业 万人 5.2 4.47 86.0%."""

    n_cells: int
    label: tuple[int, int]  # the metric: the label cell without a bracketed unit
    unit: regex.Match | None  # 万人 in its own cell or in brackets after the label
    values: list[tuple[int, regex.Match]]  # (column, figure)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [c.span() for c in _CELL.finditer(text, start, end)]


def _is_label(text: str, cell: tuple[int, int], patterns: ZhTargetPatterns) -> bool:
    return bool(_LABEL.search(text, *cell)) and not (
        patterns.value_cell.fullmatch(text, *cell) or patterns.unit_cell.fullmatch(text, *cell)
    )


def _table_row(text: str, start: int, end: int, patterns: ZhTargetPatterns) -> _Row | None:
    """A line of cells: [序号] label [unit] figures… [names]; None for prose."""
    if _SENTENCE_PUNCT.search(text, start, end):
        return None
    cells = _cells(text, start, end)
    col = 1 if len(cells) > 2 and _ROW_INDEX.fullmatch(text, *cells[0]) else 0
    if len(cells) - col < 2 or not _is_label(text, cells[col], patterns):
        return None
    label = cells[col]
    unit = patterns.bracket_unit.search(text, *label)
    if unit:
        label = (label[0], unit.start())
    elif (unit := patterns.unit_cell.fullmatch(text, *cells[col + 1])) is not None:
        col += 1
    values, rest = [], len(cells)
    for i in range(col + 1, len(cells)):
        value = patterns.value_cell.fullmatch(text, *cells[i])
        if value:
            values.append((i, value))
        elif text[slice(*cells[i])] not in patterns.blank_cells:
            rest = i
            break
    if not values or not all(_HAN_ONLY.fullmatch(text, *cell) for cell in cells[rest:]):
        return None
    return _Row(len(cells), label, unit, values)


def _line_above(text: str, start: int) -> tuple[int, int] | None:
    if start == 0:
        return None
    end = start - 1  # the newline
    return text.rfind("\n", 0, end) + 1, end


def _table_header(text: str, start: int, row: _Row, patterns: ZhTargetPatterns) -> list[tuple[int, int]] | None:
    """The column names: the nearest line above the rows of this table with as
    many cells and no figure among them (指标名称 单位 全年目标 完成数 完成率)."""
    for _ in range(_MAX_TABLE_ROWS):
        line = _line_above(text, start)
        if line is None:
            return None
        above = _table_row(text, *line, patterns)
        if above is None:
            cells = _cells(text, *line)
            if len(cells) != row.n_cells or any(patterns.value_cell.fullmatch(text, *c) for c in cells):
                return None
            return cells
        if above.n_cells != row.n_cells:
            return None
        start = line[0]
    return None


@dataclass
class _Column:
    """A header cell: its name (完成率) and the unit in its brackets (比上年增长(%))."""

    name: tuple[int, int]
    unit: regex.Match | None


def _column(text: str, cell: tuple[int, int], patterns: ZhTargetPatterns) -> _Column:
    unit = patterns.bracket_unit.search(text, *cell)
    return _Column((cell[0], unit.start() if unit else cell[1]), unit)


def _unit_and_factor(source: str, unit: regex.Match) -> tuple[str, Decimal]:
    """万人 -> (人, 10000), 亿元 -> (元, 10^8); the unit as the article writes it."""
    factor = zh_to_number("1" + unit.group("mag")) if unit.group("mag") else Decimal(1)
    return source[slice(*unit.span("unit"))], factor


def _cell_target(text: str, source: str, row: _Row, column: _Column | None, value: regex.Match,
                 patterns: ZhTargetPatterns) -> TargetHit | None:
    """One figure of a row. Its unit is its own %, else its column's bracketed
    unit, else the row's; a figure with none of these (a code, an index) is no
    target. A % figure in a row counted in 万人 (86.0% under 完成率) measures
    what its column names."""
    label = source[slice(*row.label)]
    row_is_rate = row.unit is not None and row.unit.group("unit") in ("%", "‰")
    try:
        if value.group("pct"):
            unit, factor = value.group("pct"), Decimal(1)
            metric = source[slice(*column.name)] if column and not row_is_rate else label
        elif (column and column.unit) or row.unit:
            unit, factor = _unit_and_factor(source, (column and column.unit) or row.unit)
            metric = label
        else:
            return None
        number = zh_to_number(value.group("num")) * factor
    except ValueError:
        return None  # a numeral form the normalizer does not read: skip, never guess
    if value.group("sign") in ("-", "−"):
        number = -number
    return TargetHit(
        start=value.start(), end=value.end(), text=source[value.start():value.end()],
        value=to_json_number(number), value_high=None, unit=unit, metric=metric,
        comparator=patterns.suffix[value.group("post")] if value.group("post") else "eq",
        change=bool(column and patterns.change.search(text, *column.name)), rule="zh.target.table",
    )


def _table_targets(text: str, source: str, start: int, end: int, patterns: ZhTargetPatterns) -> list[TargetHit] | None:
    """The figures of one table row, or None when the line is not one."""
    row = _table_row(text, start, end, patterns)
    if row is None:
        return None
    header = _table_header(text, start, row, patterns)
    hits = []
    for col, value in row.values:
        column = _column(text, header[col], patterns) if header else None
        hit = _cell_target(text, source, row, column, value, patterns)
        if hit:
            hits.append(hit)
    return hits or None


# ---------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------


def find_targets(doc: Doc) -> list[TargetHit]:
    patterns = zh_target_patterns()
    text, source = doc_text(doc), doc._.source
    hits: list[TargetHit] = []
    for para in doc._.layout.paragraphs:
        table = _table_targets(text, source, para.start, para.end, patterns)
        hits.extend(table if table is not None else _running_targets(text, source, para.start, para.end, patterns))
    return hits


@Chinese.factory("minsheng_targets")
def make_target_recognizer(nlp, name: str) -> TargetRecognizer:
    return TargetRecognizer(find_targets)
