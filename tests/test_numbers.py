"""pipeline.numbers: exact number reading, by table and by property.

The reference formatters below write numbers the way Chinese and English
text does; the properties check that every written form is matched by the
public pattern and read back to exactly the number it came from.
"""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.numbers import (
    EN_NUMBER,
    ZH_MAGNITUDE,
    ZH_NUMERAL,
    en_to_number,
    to_json_number,
    zh_fraction,
    zh_to_number,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_INT = 10**12

# ---------------------------------------------------------------------------
# Reference formatters (test-only)
# ---------------------------------------------------------------------------

ZH_DIGITS = "零一二三四五六七八九"


def zh_section(n: int, leading: bool) -> str:
    """1..9999 with 千百十 and one 零 per run of inner zeros; 十 for 一十 only
    at the very start of the number (十五, but 一百一十五)."""
    out: list[str] = []
    started = zero_pending = False
    for digit, unit in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), "千百十 "):
        unit = unit.strip()
        if digit == 0:
            zero_pending = started
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if digit == 1 and unit == "十" and leading and not started:
            out.append("十")
        else:
            out.append(ZH_DIGITS[digit] + unit)
        started = True
    return "".join(out)


def zh_standard(n: int, leading: bool = True) -> str:
    """Standard reading in 万/亿 groups: 10005 -> 一万零五, 120000 -> 十二万,
    100010 -> 十万零一十, 10**12 -> 一万亿."""
    if n == 0:
        return "零"
    for scale, char in ((10**8, "亿"), (10**4, "万")):
        if n >= scale:
            high, low = divmod(n, scale)
            text = zh_standard(high, leading) + char
            if low:
                # a lower group that does not fill its place starts with 零
                text += ("零" if low < scale // 10 else "") + zh_standard(low, leading=False)
            return text
    return zh_section(n, leading)


FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
TRADITIONAL = str.maketrans("万亿两", "萬億兩")


def zh_styled(n: int, style: str) -> str:
    text = zh_standard(n)
    if style == "liang":  # 两千, 两万, 两亿 (but 十二万 stays)
        text = re.sub(r"(?<!十)二(?=[百千万亿])", "两", text)
    elif style == "yishi" and text.startswith("十"):
        text = "一" + text  # 一十五 is also correct
    elif style == "financial":
        text = text.translate(FINANCIAL)
    elif style == "traditional":
        text = re.sub(r"(?<!十)二(?=[百千万亿])", "两", text).translate(TRADITIONAL)
    return text


def zh_digit_by_digit(n: int, zero: str) -> str:
    """Years and codes: 2021 -> 二〇二一."""
    return "".join(zero if c == "0" else ZH_DIGITS[int(c)] for c in str(n))


FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def zh_arabic_decimal(n: int, places: int, char: str, grouped: bool) -> str:
    """123456 -> 12.3456万, 120000 -> 12万."""
    q = Decimal(n).scaleb(-places).normalize()
    return format(q, ",f" if grouped else "f") + char


def zh_arabic_groups(n: int) -> str:
    """123456789012 -> 1234亿5678万9012; lower groups zero-padded as in 3万0500."""
    yi, rest = divmod(n, 10**8)
    wan, ones = divmod(rest, 10**4)
    parts: list[str] = []
    for value, char in ((yi, "亿"), (wan, "万"), (ones, "")):
        if value:
            parts.append((f"{value:04d}" if parts else str(value)) + char)
    return "".join(parts) or "0"


EN_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def en_below_1000(n: int, use_and: bool, joiner: str) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [EN_ONES[hundreds], "hundred"]
        if rest and use_and:
            words.append("and")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(EN_TENS[tens] + (joiner + EN_ONES[ones] if ones else ""))
    elif rest:
        words.append(EN_ONES[rest])
    return words


def en_words(n: int, use_and: bool = False, joiner: str = "-") -> str:
    """1300 -> one thousand three hundred, 250 -> two hundred (and) fifty."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for scale, name in EN_SCALES:
        if n >= scale:
            high, n = divmod(n, scale)
            words += en_below_1000(high, use_and, joiner) + [name]
    if n:
        if words and use_and and n < 100:
            words.append("and")  # British: one thousand and five
        words += en_below_1000(n, use_and, joiner)
    return " ".join(words)


EN_IRREGULAR_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                         "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def en_ordinal(n: int, plural: bool, joiner: str = "-") -> str:
    """25 -> twenty-fifth, 100 -> one hundredths (plural): the last word made ordinal."""
    head, last = re.fullmatch(r"(.*?)([a-z]+)", en_words(n, joiner=joiner)).groups()
    word = EN_IRREGULAR_ORDINALS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return head + word + ("s" if plural else "")


def assert_ratio(value: Decimal, exact: Fraction) -> None:
    """Exact when the ratio terminates; else rounded to 15 significant digits."""
    rest = exact.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest == 1:
        assert Fraction(value) == exact, (value, exact)
    else:
        assert len(value.as_tuple().digits) <= 15, value
        assert abs(Fraction(value) - exact) <= exact / (2 * 10**14), (value, exact)


def test_reference_formatters_agree_with_examples():
    assert zh_standard(10005) == "一万零五"
    assert zh_standard(120000) == "十二万"
    assert zh_standard(100010) == "十万零一十"
    assert zh_standard(115) == "一百一十五"
    assert zh_standard(230000000) == "二亿三千万"
    assert zh_standard(10**12) == "一万亿"
    assert zh_styled(2000, "liang") == "两千"
    assert zh_arabic_decimal(123456, 4, "万", False) == "12.3456万"
    assert zh_arabic_groups(38011) == "3万8011"
    assert en_words(250, use_and=True) == "two hundred and fifty"
    assert en_words(1300) == "one thousand three hundred"
    assert en_ordinal(25, False) == "twenty-fifth"
    assert en_ordinal(100, True) == "one hundredths"
    assert en_ordinal(3, True, " ") == "thirds"
    assert en_ordinal(120, False, " ") == "one hundred twentieth"


# ---------------------------------------------------------------------------
# Chinese tables
# ---------------------------------------------------------------------------

ZH_CASES = [
    # the brief's examples
    ("64.8万", 648000), ("1.3万", 13000), ("3万8011", 38011), ("一千二百", 1200),
    ("两万", 20000), ("廿", 20), ("〇", 0), ("二〇二一", 2021), ("十五", 15),
    ("一百零五", 105), ("4,700", 4700), ("１２３", 123), ("12.5亿", 1250000000),
    ("三点五", Decimal("3.5")), ("一千二百万", 12000000), ("两亿三千万", 230000000),
    # Traditional, financial and full-width forms
    ("兩萬", 20000), ("3萬", 30000), ("5億", 500000000), ("兩億參仟萬", 230000000),
    ("壹万贰仟叁佰肆拾伍", 12345), ("貳拾", 20), ("陸佰", 600), ("叁", 3),
    ("１２．５億", 1250000000), ("４，７００", 4700), ("３万８０１１", 38011),
    ("二○二一", 2021), ("一九四九", 1949), ("三點五", Decimal("3.5")),
    # 廿 卅 卌 and leading 十
    ("廿五", 25), ("卅", 30), ("卌", 40), ("十", 10), ("一十五", 15), ("拾万", 100000),
    # zero rules and groups
    ("一万零五", 10005), ("十二万", 120000), ("十万零一十", 100010),
    ("一亿零五万", 100050000), ("一千零五十", 1050), ("一万零五百", 10500),
    ("三万亿", 3 * 10**12), ("两万三千亿", 23 * 10**11), ("三万亿五千亿", 35 * 10**11),
    ("1.2万亿", 12 * 10**11), ("3兆", 3 * 10**12), ("3兆5000亿", 35 * 10**11),
    ("一万亿", 10**12), ("三千万亿", 3 * 10**15),
    # colloquial abbreviation: a last bare digit counts one place lower
    ("一百五", 150), ("两万三", 23000), ("一亿二", 120000000), ("三千二", 3200),
    ("一百一", 110),
    # Chinese decimals
    ("十三点五亿", 1350000000), ("一百二十三点四五", Decimal("123.45")),
    ("三点零五", Decimal("3.05")), ("十点五", Decimal("10.5")), ("三点五万", 35000),
    ("一万三千点五", Decimal("13000.5")),
    # Arabic with units
    ("3千", 3000), ("5百万", 5000000), ("1.5千", 1500), ("0.0005万", 5), ("1000亿", 10**11),
    ("1,234万", 12340000), ("3万0500", 30500), ("1亿2345万6789", 123456789), ("0", 0),
    ("  64.8万 ", 648000),
]


@pytest.mark.parametrize("text,expected", ZH_CASES)
def test_zh_to_number(text, expected):
    assert zh_to_number(text) == Decimal(expected)
    assert regex.fullmatch(ZH_NUMERAL, text.strip())


def test_zh_to_number_is_exact_and_canonical():
    assert str(zh_to_number("64.8万")) == "648000"
    assert str(zh_to_number("1.30")) == "1.3"
    assert str(zh_to_number("1.2万亿")) == "1200000000000"
    assert to_json_number(zh_to_number("64.8万")) == 648000


ZH_INVALID = [
    "", "   ", "万", "百万", "千万", "abc", "3 万", "1.2.3", "3点", "点五",
    "三四十", "十三五", "三五万", "十二三",  # approximate ranges and names
    "一万一万", "5亿万", "一亿两万三千亿",  # magnitudes out of order
    "3亿12000万", "3万12345", "3百500",  # a lower part that overflows its place
    "1.5万3千", "1.5点五",  # digits after a decimal part
    "一百零", "一百一千", "十十", "12百",  # malformed units
    "3万5", "1百2",  # ambiguous single trailing Arabic digit
    "百分之五", "三成", "-5", "五%",
]


@pytest.mark.parametrize("text", ZH_INVALID)
def test_zh_to_number_rejects(text):
    with pytest.raises(ValueError):
        zh_to_number(text)


def test_zh_to_number_rejects_non_strings():
    with pytest.raises(TypeError):
        zh_to_number(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sentence,tokens",
    [
        ("今年新增就业岗位3万8011个", ["3万8011"]),
        ("城镇新增就业64.8万人，失业率5.5%", ["64.8万", "5.5"]),
        ("装机容量100兆瓦", ["100"]),  # 兆瓦 is MW, not 10^12
        ("新增装机500万千瓦，修路3千米", ["500万", "3"]),
        ("提高2百分点", ["2"]),
        ("五百分之一", ["五百", "一"]),
        ("老百姓千万不要", []),
        ("二○二一年一月", ["二○二一", "一"]),
        ("下午三点三十分", ["三", "三十"]),  # a clock time is not 3.3
        ("1,2345", ["1", "2345"]),
        ("增长12.5%", ["12.5"]),
    ],
)
def test_zh_numeral_in_running_text(sentence, tokens):
    assert [m.group() for m in regex.finditer(ZH_NUMERAL, sentence)] == tokens


def test_zh_numeral_embeds_like_targets_does():
    pattern = regex.compile(rf"(?P<num>(?:{ZH_NUMERAL}))(?P<unit>人|千米|万元|元)")
    assert pattern.search("城镇新增就业64.8万人").group("num") == "64.8万"
    assert pattern.search("修路3千米").group("num") == "3"
    assert pattern.search("投入2.5万元").group("num") == "2.5万"


def test_zh_numeral_never_matches_empty():
    assert regex.fullmatch(ZH_NUMERAL, "") is None
    assert regex.search(ZH_NUMERAL, "abc，。") is None


@pytest.mark.parametrize("text,ok", [("万", True), ("万亿", True), ("千万", True), ("百万", True),
                                     ("萬億", True), ("兆", True), ("十", False), ("", False)])
def test_zh_magnitude(text, ok):
    assert bool(regex.fullmatch(ZH_MAGNITUDE, text)) is ok


ZH_FRACTIONS = [
    ("四分之一", 25), ("三成", 30), ("百分之十五", 15), ("百分之三点五", Decimal("3.5")),
    ("百分之一百二十", 120), ("百分之15", 15), ("两成", 20), ("三成五", 35), ("一成半", 15),
    ("十成", 100), ("3成", 30), ("十分之一", 10), ("二十分之一", 5), ("千分之五", Decimal("0.5")),
    ("万分之三", Decimal("0.03")), ("萬分之三", Decimal("0.03")), ("15%", 15),
    ("3.5％", Decimal("3.5")), ("百分之零点五", Decimal("0.5")),
]


@pytest.mark.parametrize("text,expected", ZH_FRACTIONS)
def test_zh_fraction(text, expected):
    assert zh_fraction(text) == Decimal(expected)


def test_zh_fraction_non_terminating():
    assert zh_fraction("三分之一").quantize(Decimal("0.0001")) == Decimal("33.3333")
    assert zh_fraction("三分之二").quantize(Decimal("0.01")) == Decimal("66.67")


@pytest.mark.parametrize("text", ["零分之一", "成", "三", "百分之", "十一成", "三成十", "%", "分之一", "一点五成", ""])
def test_zh_fraction_rejects(text):
    with pytest.raises(ValueError):
        zh_fraction(text)


# Forms read only from a whole string: the pattern leaves them out of
# running text, where they are too often something else.
ZH_WHOLE_CASES = [
    # spaces from typesetting, but not right after Arabic digits
    ("三 千 零 七", 3007), ("二 十 五 万", 250000), ("6万 2千", 62000), ("八 点 二", Decimal("8.2")),
    # approximate words keep the base value
    ("三十多万", 300000), ("七百余亿", 70000000000), ("4500余万", 45000000), ("2.6万余", 26000),
    ("80多亿", 8000000000), ("六十余", 60), ("两千多", 2000), ("十余萬", 100000), ("九百餘億", 90000000000),
    # a count of percentage points
    ("三个百分点", 3), ("0.8個百分點", Decimal("0.8")), ("十二 个 百 分 点", 12), ("1,500个百分点", 1500),
    # 百/千 opening a two-character short form
    ("百二", 120), ("千五", 1500), ("佰六", 160),
    # 零 before 十 or an Arabic number
    ("二百零十", 210), ("五千零16", 5016), ("三万零十五", 30015), ("零十三", 13),
    # 万万 is the old 亿; 倆 is 两
    ("三万万", 300000000), ("6萬萬", 600000000), ("倆百", 200),
    # a bare decimal point
    (".75", Decimal("0.75")), (".5亿", 50000000),
    # a short-form digit before 点 counts in its place, as without 点
    ("三千五点二", Decimal("3500.2")), ("两万三点五", Decimal("23000.5")), ("五百零二点五", Decimal("502.5")),
    ("六千点七五", Decimal("6000.75")), ("七万点零一", Decimal("70000.01")),
    # fractions and mixed numbers; non-terminating ones to 15 significant digits
    ("四分之三", Decimal("0.75")), ("八分之一", Decimal("0.125")), ("三分之二", Decimal("0.666666666666667")),
    ("七分之一", Decimal("0.142857142857143")), ("五又二分之一", Decimal("5.5")),
    ("十二又4分之1", Decimal("12.25")), ("一百又三分之一", Decimal("100.333333333333")),
    ("二十分之 三", Decimal("0.15")), ("1000分之7", Decimal("0.007")),
]


@pytest.mark.parametrize("text,expected", ZH_WHOLE_CASES)
def test_zh_to_number_whole_string_forms(text, expected):
    assert zh_to_number(text) == Decimal(expected)


ZH_WHOLE_INVALID = [
    "１２ 万", "5 亿", "多万", "余", "一余二", "三多四", "个百分点", "百分点",
    "百五十", "千万人", "百", "一百零", "三点三十", "三点五千", "5万.5", "一万万万",
    "三分之", "又三分之一", "三又", "零分之五", "百分之二十", "千分之三", "万分之一",
]


@pytest.mark.parametrize("text", ZH_WHOLE_INVALID)
def test_zh_to_number_rejects_whole_string_forms(text):
    with pytest.raises(ValueError):
        zh_to_number(text)


def test_zh_fraction_parts_stay_plain_numerals():
    # the whole-string forms are zh_to_number's; a proportion's parts are plain
    with pytest.raises(ValueError):
        zh_fraction("百分之三十多")
    with pytest.raises(ValueError):
        zh_fraction("百分之三个百分点")


# ---------------------------------------------------------------------------
# English tables
# ---------------------------------------------------------------------------

EN_CASES = [
    ("1.2 million", 1200000), ("64.8 thousand", 64800), ("10,000", 10000),
    ("fifteen", 15), ("two hundred", 200), ("twenty-five", 25),
    ("two hundred and fifty", 250), ("3 million", 3000000), ("1.5 billion", 1500000000),
    ("one thousand three hundred", 1300), ("ONE THOUSAND THREE HUNDRED", 1300),
    ("Twenty Five", 25), ("ninety-nine", 99), ("zero", 0), ("1,234,567", 1234567),
    ("10,000.5", Decimal("10000.5")), ("1.2-million", 1200000), ("5 hundred thousand", 500000),
    ("1 trillion", 10**12), ("one million two hundred thousand and five", 1200005),
    ("two hundred and fifty thousand", 250000), ("0.25", Decimal("0.25")), (" 42 ", 42),
]


@pytest.mark.parametrize("text,expected", EN_CASES)
def test_en_to_number(text, expected):
    assert en_to_number(text) == Decimal(expected)
    assert regex.fullmatch(EN_NUMBER, text.strip())


EN_INVALID = [
    "", "thousands", "a hundred", "hundred", "ten thousands", "1.2 millions",
    "one two", "1,2345", "twenty-fifteen", "million", "one thousand thousand",
    "two hundred hundred", "fifteen hundred and", "one and two", "12abc", "-", "1e5",
]


@pytest.mark.parametrize("text", EN_INVALID)
def test_en_to_number_rejects(text):
    with pytest.raises(ValueError):
        en_to_number(text)


# Forms read only from a whole phrase: EN_NUMBER leaves them out of running
# text ("a" and ordinals are mostly something else there).
EN_WHOLE_CASES = [
    # decimals and grouping
    (".75", Decimal("0.75")), ("1 000 000", 1000000), ("12 345.5", Decimal("12345.5")),
    (".5 million", 500000),
    # spaced hyphens and spacing
    ("forty - five", 45), ("Sixty   Three", 63), ("three hundred - twelve", 312),
    # spoken decimals: each word below 100 spells its digits
    ("seven point two five", Decimal("7.25")), ("zero point nought one", Decimal("0.01")),
    ("three point fourteen", Decimal("3.14")), ("one point five billion", 1500000000),
    ("nought", 0), ("Naught Point Two", Decimal("0.2")), ("ten point eighty-eight", Decimal("10.88")),
    # fractions: the noun agrees with the count
    ("seven eighths", Decimal("0.875")), ("a quarter", Decimal("0.25")), ("an eighth", Decimal("0.125")),
    ("one third", Decimal("0.333333333333333")), ("five sixths", Decimal("0.833333333333333")),
    ("nine tenths", Decimal("0.9")), ("three halves", Decimal("1.5")), ("one-sixteenth", Decimal("0.0625")),
    ("seven hundredths", Decimal("0.07")), ("a thousandth", Decimal("0.001")),
    ("three millionths", Decimal("0.000003")), ("forty-two hundredths", Decimal("0.42")),
    ("one sixty-fourth", Decimal("0.015625")), ("two fortieths", Decimal("0.05")),
    # the longest denominator that still leaves a count
    ("one hundred forty fifths", Decimal("2.22222222222222")),  # 100/45
    ("one hundred forty-one fifths", Decimal("28.2")),  # "one fifths" is no ordinal
    ("thirty thirty-seconds", Decimal("0.9375")),  # 30/32
    ("two one hundred fourths", Decimal("0.0192307692307692")),  # 2/104
    # mixed numbers: a proper fraction after the last "and"
    ("four and a half", Decimal("4.5")), ("ten and three quarters", Decimal("10.75")),
    ("two hundred and one and a third", Decimal("201.333333333333")),
    ("six and two sevenths", Decimal("6.28571428571429")),
    ("two hundred and forty fifths", 48),  # 240/5: not a proper fraction after "and"
    # digits and ratios
    ("5/8", Decimal("0.625")), ("3 1/2", Decimal("3.5")), ("1,000 3/4", Decimal("1000.75")),
    ("2 out of 5", Decimal("0.4")), ("seven out of ten", Decimal("0.7")),
    ("one out of six", Decimal("0.166666666666667")),
]


@pytest.mark.parametrize("text,expected", EN_WHOLE_CASES)
def test_en_to_number_whole_phrase_forms(text, expected):
    assert en_to_number(text) == Decimal(expected)


EN_WHOLE_INVALID = [
    ".", "1 23", "1 2345", "hundredthousand", "5 hundredthousand", "point", "two point",
    "two point hundred", "one point five point two", "oh",
    "fifth", "fifths", "a", "an", "a hundred and", "one second", "two seconds",
    "twenty fifth", "three fifth", "one fifths", "half", "twenty half", "the third",
    "3/0", "1/", "one out of zero", "out of ten", "one and", "and a half",
]


@pytest.mark.parametrize("text", EN_WHOLE_INVALID)
def test_en_to_number_rejects_whole_phrase_forms(text):
    with pytest.raises(ValueError):
        en_to_number(text)


@pytest.mark.parametrize(
    "sentence,phrases",
    [
        ("The city will add 10,000 jobs and two hundred and fifty parks, thousands of trees.",
         ["10,000", "two hundred and fifty"]),
        ("between one and two million people", ["one", "two million"]),
        ("someone often plays tennis", []),
        ("the 10,000th visitor, version 1,2345", []),
        ("GDP grew 5.2 percent to 1.26 trillion yuan.", ["5.2", "1.26 trillion"]),
        ("Twenty-Five new schools", ["Twenty-Five"]),
    ],
)
def test_en_number_in_running_text(sentence, phrases):
    assert [m.group() for m in regex.finditer(EN_NUMBER, sentence)] == phrases


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected,kind",
    [(Decimal("648000"), 648000, int), (Decimal("648000.0"), 648000, int), (Decimal("3.5"), 3.5, float),
     (Decimal("0"), 0, int), (Decimal("1E+12"), 10**12, int), (Decimal("0.03"), 0.03, float)],
)
def test_to_json_number(value, expected, kind):
    result = to_json_number(value)
    assert result == expected and type(result) is kind


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_to_json_number_rejects_non_finite(value):
    with pytest.raises(ValueError):
        to_json_number(value)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

ints = st.integers(min_value=0, max_value=MAX_INT)


@FAST
@given(ints, st.sampled_from(["plain", "liang", "yishi", "financial", "traditional"]))
def test_zh_standard_reading_round_trips(n, style):
    text = zh_styled(n, style)
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == n, text


@FAST
@given(ints, st.sampled_from(["〇", "零", "○"]))
def test_zh_digit_by_digit_round_trips(n, zero):
    text = zh_digit_by_digit(n, zero)
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == n


@FAST
@given(ints, st.sampled_from([(4, "万"), (4, "萬"), (8, "亿"), (8, "億"), (12, "万亿")]),
       st.booleans(), st.booleans())
def test_zh_arabic_decimal_magnitude_round_trips(n, magnitude, grouped, fullwidth):
    places, char = magnitude
    text = zh_arabic_decimal(n, places, char, grouped)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == n, text


@FAST
@given(ints, st.booleans())
def test_zh_arabic_groups_round_trip(n, fullwidth):
    text = zh_arabic_groups(n)
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == n, text


@FAST
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=6),
       st.sampled_from(["", "万", "亿"]))
def test_zh_arabic_decimals_round_trip(mantissa, places, char):
    value = Decimal(mantissa).scaleb(-places)
    text = format(value, "f") + char
    scale = {"": 1, "万": 10**4, "亿": 10**8}[char]
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == value * scale


@FAST
@given(st.integers(min_value=0, max_value=99999999), st.from_regex(r"[0-9]{0,5}[1-9]", fullmatch=True))
def test_zh_decimal_with_dian_round_trips(whole, fraction):
    text = zh_standard(whole) + "点" + "".join(ZH_DIGITS[int(c)] for c in fraction)
    assert regex.fullmatch(ZH_NUMERAL, text), text
    assert zh_to_number(text) == Decimal(f"{whole}.{fraction}"), text


ZH_ALPHABET = "〇○零一二三四五六七八九十百千万亿两兩萬億兆廿卅壹贰叁拾佰仟点點0123456789,.，．０９ 分之成%人米瓦余多个又倆"


@FAST
@given(st.one_of(st.text(), st.text(alphabet=ZH_ALPHABET, max_size=12)))
def test_zh_readers_raise_only_value_error(text):
    for reader in (zh_to_number, zh_fraction):
        try:
            result = reader(text)
        except ValueError:
            continue
        assert isinstance(result, Decimal) and result.is_finite() and result >= 0


@FAST
@given(st.text(alphabet=ZH_ALPHABET, max_size=20))
def test_zh_numeral_matches_are_nonempty_and_readable_or_rejected(text):
    for m in regex.finditer(ZH_NUMERAL, text):
        assert m.group()
        try:
            zh_to_number(m.group())
        except ValueError:
            pass


@FAST
@given(ints, st.booleans(), st.sampled_from(["-", " "]), st.sampled_from([str.lower, str.upper, str.title]))
def test_en_words_round_trip(n, use_and, joiner, case):
    text = case(en_words(n, use_and, joiner))
    assert regex.fullmatch(EN_NUMBER, text), text
    assert en_to_number(text) == n, text


@FAST
@given(ints, st.booleans())
def test_en_digits_round_trip(n, grouped):
    text = f"{n:,}" if grouped else str(n)
    assert regex.fullmatch(EN_NUMBER, text)
    assert en_to_number(text) == n


@FAST
@given(ints, st.sampled_from([(3, "thousand"), (6, "million"), (9, "billion"), (12, "trillion")]),
       st.sampled_from([" ", "-", "  "]), st.booleans())
def test_en_scale_words_round_trip(n, scale, sep, grouped):
    places, word = scale
    q = Decimal(n).scaleb(-places).normalize()
    text = format(q, ",f" if grouped else "f") + sep + word
    assert regex.fullmatch(EN_NUMBER, text), text
    assert en_to_number(text) == n, text


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6), st.booleans())
def test_en_decimals_round_trip(mantissa, places, grouped):
    value = Decimal(mantissa).scaleb(-places)
    text = format(value, ",f" if grouped else "f")
    assert regex.fullmatch(EN_NUMBER, text), text
    assert en_to_number(text) == value


@FAST
@given(st.one_of(st.text(), st.text(alphabet="onetwhudrsaixvflgbypq ,.-/0123456789", max_size=30)))
def test_en_reader_raises_only_value_error(text):
    try:
        result = en_to_number(text)
    except ValueError:
        return
    assert isinstance(result, Decimal) and result >= 0
    for m in regex.finditer(EN_NUMBER, text):
        assert m.group()


@FAST
@given(ints, st.sampled_from(["plain", "liang", "financial", "traditional"]), st.data())
def test_zh_spaced_reading_round_trips(n, style, data):
    chars = zh_styled(n, style)
    gaps = data.draw(st.lists(st.sampled_from(["", " ", "  ", "\u3000"]),
                              min_size=len(chars) - 1, max_size=len(chars) - 1))
    text = chars[0] + "".join(gap + char for gap, char in zip(gaps, chars[1:]))
    assert zh_to_number(text) == n, text


@FAST
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["余", "多", "餘"]),
       st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8), ("萬", 10**4)]), st.booleans())
def test_zh_approximate_words_keep_the_base_value(n, word, magnitude, arabic):
    char, scale = magnitude
    text = (str(n) if arabic else zh_standard(n)) + word + char
    assert zh_to_number(text) == n * scale, text


@FAST
@given(ints, st.sampled_from(["个百分点", "個百分點", "百分点", " 个百分点"]))
def test_zh_percentage_points_read_as_their_count(n, marker):
    assert zh_to_number(zh_standard(n) + marker) == n


@FAST
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6),
       st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)))
def test_zh_fractions_round_trip(denominator, numerator, whole):
    text = zh_standard(denominator) + "分之" + zh_standard(numerator)
    exact = Fraction(numerator, denominator)
    if whole is not None:
        text = zh_standard(whole) + "又" + text
        exact += whole
    assert_ratio(zh_to_number(text), exact)


@FAST
@given(st.integers(min_value=0, max_value=10**6),
       st.sampled_from([(100, "hundredth"), (1000, "thousandth"), (10**6, "millionth")]))
def test_en_decimal_fractions_round_trip(count, scale):
    denominator, noun = scale
    text = f"{en_words(count)} {noun}{'' if count == 1 else 's'}"
    assert en_to_number(text) == Decimal(count) / denominator, text


@FAST
@given(st.integers(min_value=1, max_value=19), st.integers(min_value=3, max_value=10**6),
       st.sampled_from(["-", " "]), st.booleans())
def test_en_fractions_with_a_one_word_count_round_trip(count, denominator, joiner, article):
    assume(denominator % 100)  # before hundredths, thousandths the words count parts
    numerator = "a" if article and count == 1 else EN_ONES[count]
    text = f"{numerator} {en_ordinal(denominator, count != 1, joiner)}"
    assert_ratio(en_to_number(text), Fraction(count, denominator))


@FAST
@given(ints, st.booleans(), st.integers(min_value=3, max_value=99), st.data())
def test_en_mixed_numbers_round_trip(whole, use_and, denominator, data):
    count = data.draw(st.integers(min_value=1, max_value=min(19, denominator - 1)))
    text = f"{en_words(whole, use_and)} and {EN_ONES[count]} {en_ordinal(denominator, count != 1)}"
    assert_ratio(en_to_number(text), whole + Fraction(count, denominator))


@FAST
@given(ints, st.from_regex(r"[0-9]{1,8}", fullmatch=True), st.sampled_from(["zero", "nought", "naught"]))
def test_en_spoken_decimals_round_trip(whole, digits, zero):
    spoken = " ".join(zero if d == "0" else EN_ONES[int(d)] for d in digits)
    text = f"{en_words(whole)} point {spoken}"
    assert en_to_number(text) == Decimal(f"{whole}.{digits}"), text


@FAST
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6),
       st.integers(min_value=1, max_value=10**6), st.booleans())
def test_en_digit_fractions_round_trip(whole, numerator, denominator, mixed):
    text = f"{numerator}/{denominator}"
    exact = Fraction(numerator, denominator)
    if mixed:
        text = f"{whole:,} {text}"
        exact += whole
    assert_ratio(en_to_number(text), exact)


@FAST
@given(st.decimals(min_value=0, max_value=10**15, allow_nan=False, allow_infinity=False, places=4))
def test_to_json_number_round_trips(value):
    result = to_json_number(value)
    if value == value.to_integral_value():
        assert type(result) is int and result == value
    else:
        assert type(result) is float and result == float(value)


def test_results_ignore_the_callers_decimal_context():
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 3  # a caller's setting must not round our values
        assert zh_to_number("64.8万") == Decimal(648000)
        assert zh_to_number("1234亿5678万9012") == Decimal(123456789012)
        assert en_to_number("1.234567 million") == Decimal(1234567)
        assert zh_fraction("千分之一二三四五") == Decimal("1234.5")


@pytest.mark.parametrize("text, value", [
    ("twenty and three", 23), ("ninety and nine", 99), ("one hundred and forty and two", 142),
    ("twenty and three and three fifths", Decimal("23.6")),
])
def test_tens_and_ones_joined_by_and(text, value):
    assert en_to_number(text) == value


@pytest.mark.parametrize("text", ["one and two", "twenty and thirty", "twenty and nought", "three and twenty"])
def test_and_joins_no_other_number_words(text):
    with pytest.raises(ValueError):
        en_to_number(text)
