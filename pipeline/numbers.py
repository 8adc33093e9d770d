"""Number phrases -> exact values, for Chinese and English government text.

Another stage finds *where* a number is; this module says *what* it is.
Everything is a pure function over strings and `decimal.Decimal`, so
"64.8万" is exactly 648000 and never 648000.0000001.

Chinese (`ZH_NUMERAL`, `zh_to_number`, `zh_fraction`)
    Arabic digits (half- or full-width, with 4,700-style grouping and
    decimals), Chinese digits in everyday, financial (大写) and Traditional
    forms, and any mix of the two with the units 十百千 and the magnitudes
    万亿兆: 3万8011, 1.3万, 一千二百万, 两亿三千万, 三点五, 二〇二一.
    兆 is read as 10^12 (万亿), its Taiwan/Hong Kong money sense; the
    mainland "mega" sense only occurs before measure units (兆瓦, 兆帕), which
    the pattern leaves out. Only non-negative numbers.

English (`EN_NUMBER`, `en_to_number`)
    1.2 million, 10,000, 64.8 thousand, fifteen, two hundred and fifty,
    one thousand three hundred, twenty-five. Up to trillions.

`zh_to_number` is the validator: the patterns are permissive enough to find
tokens in running text, and anything they match that is not a well-formed
number (三四十, an approximate range; 十三五, a plan's name) makes the
converter raise ValueError rather than guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import NamedTuple

import regex

__all__ = [
    "EN_NUMBER",
    "ZH_MAGNITUDE",
    "ZH_NUMERAL",
    "en_to_number",
    "to_json_number",
    "zh_fraction",
    "zh_to_number",
]

# ---------------------------------------------------------------------------
# Chinese: the pattern
# ---------------------------------------------------------------------------

_AR_DIGIT = "[0-9０-９]"
# 4,700 is grouped only when every group after the first has exactly three
# digits and is not followed by a fourth: "1,2345" is two numbers, not one.
_ARABIC = (
    rf"(?:{_AR_DIGIT}{{1,3}}(?:[,，]{_AR_DIGIT}{{3}}(?!{_AR_DIGIT}))++|{_AR_DIGIT}++)"
    rf"(?:[.．]{_AR_DIGIT}++)?"
)
# ○ (U+25CB) stands in for 〇 in a great deal of real text (二○二一年).
_ZH_PLAIN_DIGITS = "〇○零一二三四五六七八九壹贰貳叁叄參肆伍陆陸柒捌玖"
_CN_DIGIT = f"[{_ZH_PLAIN_DIGITS}两兩廿卅卌]"
_PIECE = rf"(?:{_ARABIC}|{_CN_DIGIT}++)"
# Units and magnitudes.  Each is refused where it starts a measure word that
# has a counter of its own: 千米/千瓦/千克 (km, kW, kg), 兆瓦/兆帕 (MW, MPa),
# 百分点 (percentage point); "3千米" is 3 km, not 3000 of something.
_THOUSAND = "[千仟](?![米瓦克焦帕卡赫伏])"
_HUNDRED = "[百佰](?!分点)"
_TRILLION = "兆(?![瓦帕赫焦伏欧歐位比字])"
_MAG_UNIT = rf"(?:[万萬亿億]|{_TRILLION}|{_THOUSAND}|{_HUNDRED})"
_UNIT = rf"(?:[十拾]|{_MAG_UNIT})"
# 三点五: digits only after 点, and not when a unit follows (三点三十 is a
# clock time, so only "三" is taken); a magnitude may close it (三点五万).
_FRAC = (
    rf"[点點][{_ZH_PLAIN_DIGITS}]++(?![十拾百佰千仟{_ZH_PLAIN_DIGITS}])"
    rf"(?:[万萬亿億]|{_TRILLION})*+"
)

ZH_MAGNITUDE = rf"{_MAG_UNIT}++"
"""A run of magnitude characters as written after a number: 万, 亿, 万亿,
千万, 百万, 兆 (and 萬 億 仟 佰).  Already part of `ZH_NUMERAL`; exported for
callers that split a number from its magnitude.  Not matched: 千 before
米瓦克焦帕卡赫伏, 百 before 分点, 兆 before 瓦帕赫焦伏欧歐位比字."""

ZH_NUMERAL = (
    rf"(?:{_PIECE}|[十拾]{_PIECE}?)"  # lead: a number, or 十 (十五, 十万)
    rf"(?:{_UNIT}++{_PIECE}?)*+"  # units and magnitudes, each maybe followed by digits
    rf"(?:{_FRAC})?"  # Chinese decimal part: 点五, 点零五万
)
"""Regex source (for the `regex` module; it uses possessive quantifiers) for
one number token in running text.  A token is

* a lead: an Arabic number -- ASCII or full-width digits, optional ,/，
  thousands grouping in threes, optional ./． decimals (4,700; １２３; 64.8) --
  or a run of Chinese digits 〇○零一二三四五六七八九两兩 廿卅卌, financial
  壹贰貳叁叄參肆伍陆陸柒捌玖, or a bare 十/拾 (十五, 十万);
* then any number of unit/magnitude runs 十拾 百佰 千仟 万萬 亿億 兆, each
  optionally followed by another Arabic number or Chinese digit run
  (3万8011, 一千二百万, 两亿三千万, 12.5亿, 1.2万亿);
* then optionally a Chinese decimal part 点/點 + plain digits, optionally
  followed by 万亿兆 (三点五, 一百点零五, 三点五万).

It never matches the empty string and never starts with 百/千/万 (百姓,
千万不要, 万一 are not numbers).  It is deliberately permissive about
order: 三四十 and 十三五 match, and `zh_to_number` rejects them.  Words that
begin with a unit character are left outside (see `ZH_MAGNITUDE`).
"""

_ZH_RE = regex.compile(ZH_NUMERAL)

# ---------------------------------------------------------------------------
# Chinese: reading
# ---------------------------------------------------------------------------

# One-to-one foldings onto a small canonical alphabet, so the reader only
# knows 〇零一…九两 十百千 万亿兆 点 and ASCII digits.
_ZH_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",", "．": ".", "○": "〇", "點": "点",
        "兩": "两", "萬": "万", "億": "亿",
        "壹": "一", "贰": "二", "貳": "二", "叁": "三", "叄": "三", "參": "三",
        "肆": "四", "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八",
        "玖": "九", "拾": "十", "佰": "百", "仟": "千",
        # 廿 is literally 二十: expanding it lets 廿五 follow the 二十五 rules.
        "廿": "二十", "卅": "三十", "卌": "四十",
    }
)
_ZH_DIGIT_VALUE = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_ZH_ZEROS = "〇零"
_ZH_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
_ZH_MAG_VALUE = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_ZH_TOKEN = re.compile(
    r"(?P<ar>[0-9][0-9,]*(?:\.[0-9]+)?)"
    r"|点(?P<frac>[〇零一二三四五六七八九]+)"
    r"|(?P<cn>[〇零一二三四五六七八九两]+)"
    r"|(?P<unit>[十百千])"
    r"|(?P<mag>[万亿兆])"
)


class _Tok(NamedTuple):
    kind: str  # ar | frac | cn | unit | mag
    text: str


def _exact_context(length: int):
    """A fresh context with room for every digit the input can produce and
    Inexact trapped: a conversion is exact or it fails, never rounded.  A
    private context also keeps callers' decimal settings out of the result."""
    return localcontext(
        Context(
            prec=64 + 16 * length,  # each character adds at most 13 digits (兆)
            rounding=ROUND_HALF_EVEN,
            traps=[InvalidOperation, Inexact, DivisionByZero, Overflow],
        )
    )


def _canonical(value: Decimal) -> Decimal:
    """648000 rather than 648000.0, 3.5 rather than 3.50: equal values print alike."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _tokenize_zh(folded: str, original: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    for m in _ZH_TOKEN.finditer(folded):
        if m.start() != pos:  # cannot happen after the pattern check; be loud if it does
            raise ValueError(f"unreadable character in numeral {original!r}")
        tokens.append(_Tok(m.lastgroup or "", m.group(m.lastgroup or 0)))
        pos = m.end()
    if pos != len(folded):
        raise ValueError(f"unreadable character in numeral {original!r}")
    return tokens


def _digit_string(run: str) -> str:
    return "".join(str(_ZH_DIGIT_VALUE[ch]) for ch in run)


def _fraction_value(digits: str) -> Decimal:
    return Decimal("0." + _digit_string(digits))


def _read_digit_by_digit(tokens: list[_Tok], original: str) -> Decimal:
    """二〇二一 -> 2021, 三点五 -> 3.5, 4,700 -> 4700: no unit, so every
    character is one decimal digit (years, codes, plain Arabic numbers)."""
    value = Decimal(0)
    for tok in tokens:
        if tok.kind == "ar":
            value = Decimal(tok.text.replace(",", ""))
        elif tok.kind == "cn":
            value = Decimal(_digit_string(tok.text))
        elif "." in tokens[0].text:  # frac after an Arabic decimal: 1.5点五
            raise ValueError(f"two decimal parts in {original!r}")
        else:
            value += _fraction_value(tok.text)
    return value


@dataclass
class _ZhReader:
    """Left-to-right reader for numerals with units.

    A *section* is what sits below one magnitude (0..9999, built from 千百十
    and digits); a *group* is a section times its magnitude.  Groups must
    come in decreasing scale (亿 before 万), except that a magnitude may
    multiply everything read so far (两万三千亿 = 2.3 万亿) or the group just
    closed (三万亿 = 3 x 10^12).
    """

    original: str
    total: Decimal = Decimal(0)
    section: Decimal = Decimal(0)
    number: Decimal | None = None
    number_form: str = ""  # "cn" bare digit, "cn0" after 零, "ar1" one Arabic digit, "" other
    number_place: int | None = None  # unit or scale right before the number
    last_unit: int | None = None  # smallest 十百千 so far in this section
    group: Decimal = Decimal(0)
    last_scale: int | None = None  # scale of the last group (万 -> 10^4, 万亿 -> 10^12)
    upper_scale: int | None = None  # scale of the group before it
    prev_kind: str | None = None
    prev_mag: int = 0
    seen_fraction: bool = False

    def fail(self, why: str) -> ValueError:
        return ValueError(f"cannot read numeral {self.original!r}: {why}")

    def place(self) -> int | None:
        if self.prev_kind == "unit":
            return self.last_unit
        if self.prev_kind == "mag":
            return self.last_scale
        return None

    def on_number(self, tok: _Tok) -> None:
        if self.seen_fraction:
            raise self.fail("digits after a decimal part")
        if self.number is not None:
            raise self.fail("two numbers in a row")
        self.number_place = self.place()
        if tok.kind == "ar":
            self.number = Decimal(tok.text.replace(",", ""))
            self.seen_fraction = "." in tok.text
            self.number_form = "ar1" if len(tok.text) == 1 else ""
            return
        digits = tok.text.lstrip(_ZH_ZEROS)
        if not digits:
            raise self.fail("零 with nothing after it")
        if len(digits) > 1:
            # 三四十, 三五万: an approximate range, or a name (十三五)
            raise self.fail(f"digit run {tok.text!r} next to units is ambiguous")
        self.number = Decimal(_ZH_DIGIT_VALUE[digits])
        self.number_form = "cn0" if digits != tok.text else "cn"

    def on_fraction(self, tok: _Tok) -> None:
        if self.seen_fraction:
            raise self.fail("two decimal parts")
        self.number = (self.number or Decimal(0)) + _fraction_value(tok.text)
        self.number_form = ""
        self.seen_fraction = True

    def on_unit(self, tok: _Tok) -> None:
        unit = _ZH_UNIT_VALUE[tok.text]
        if self.last_unit is not None and unit >= self.last_unit:
            raise self.fail(f"{tok.text} after a smaller or equal unit")
        if self.number is None:
            # a bare 十 is read as 一十 (十五, 一百十); a bare 百/千 only at the very start
            if unit != 10 and self.prev_kind is not None:
                raise self.fail(f"{tok.text} without a digit")
            multiplier = Decimal(1)
        elif self.number >= 10:
            raise self.fail(f"{self.number} {tok.text}: only one digit may precede a unit")
        else:
            multiplier = self.number
        self.section += multiplier * unit
        self.number = None
        self.last_unit = unit

    def pending(self) -> Decimal:
        """Value of the open section, checking a trailing number fits under its unit."""
        number = self.number or Decimal(0)
        if self.last_unit is not None and number >= self.last_unit:
            raise self.fail(f"{number} does not fit below {self.last_unit}")
        return self.section + number

    def on_mag(self, tok: _Tok) -> None:
        mag = _ZH_MAG_VALUE[tok.text]
        if self.prev_kind is None:
            raise self.fail(f"{tok.text} without a number")
        if self.prev_kind == "mag":
            self._compound(tok.text, mag)
        elif self.last_scale is None or (self.upper_scale is None and mag > self.last_scale):
            # 两万三千亿: everything so far is counted in 亿
            self.total = (self.total + self.pending()) * mag
            self.group = self.total
            self.last_scale = mag
        else:
            self._next_group(tok.text, mag)
        self.section = Decimal(0)
        self.number = None
        self.last_unit = None
        self.prev_mag = mag

    def _compound(self, char: str, mag: int) -> None:
        """万亿: the second magnitude multiplies the group just closed."""
        assert self.last_scale is not None
        if mag <= self.prev_mag:
            raise self.fail(f"{char} after a larger magnitude")
        scale = self.last_scale * mag
        if self.upper_scale is not None and scale >= self.upper_scale:
            raise self.fail("magnitudes out of order")
        self.total += self.group * (mag - 1)
        self.group *= mag
        self.last_scale = scale

    def _next_group(self, char: str, mag: int) -> None:
        """两亿三千万: a smaller group after a larger one."""
        assert self.last_scale is not None
        if mag >= self.last_scale:
            raise self.fail(f"{char} out of order")
        value = self.pending()
        if value >= Decimal(self.last_scale) / mag:
            raise self.fail(f"{value}{char} does not fit below the previous magnitude")
        self.group = value * mag
        self.total += self.group
        self.upper_scale = self.last_scale
        self.last_scale = mag

    def finish(self) -> Decimal:
        place = self.number_place
        if self.number is not None and self.prev_kind == "number" and place and place >= 100:
            if self.number_form == "cn":
                # 一百五 = 150, 两万三 = 23000: a last bare digit counts in the next
                # lower place.  After 零 it is literal: 一百零五 = 105.
                self.number *= place // 10
            elif self.number_form == "ar1":
                raise self.fail("a single trailing digit is ambiguous (1万5: 15000 or 10005?)")
        value = self.pending()
        if self.last_scale is not None and value >= self.last_scale:
            raise self.fail(f"{value} does not fit below the last magnitude")
        return self.total + value

    def read(self, tokens: list[_Tok]) -> Decimal:
        handlers = {
            "ar": self.on_number, "cn": self.on_number, "frac": self.on_fraction,
            "unit": self.on_unit, "mag": self.on_mag,
        }
        for tok in tokens:
            handlers[tok.kind](tok)
            self.prev_kind = "number" if tok.kind in ("ar", "cn", "frac") else tok.kind
        return self.finish()


def zh_to_number(text: str) -> Decimal:
    """Exact value of one numeral token as matched by `ZH_NUMERAL`.

    64.8万 -> 648000, 3万8011 -> 38011, 一千二百 -> 1200, 两万 -> 20000,
    廿 -> 20, 二〇二一 -> 2021 (digit by digit when there is no unit),
    一百零五 -> 105, 一百五 -> 150, 三点五 -> 3.5, 4,700 -> 4700.
    Surrounding whitespace is ignored.  Raises ValueError for anything that
    is not one well-formed non-negative number (including approximate
    ranges such as 三四十 and the ambiguous 1万5); TypeError for non-strings.
    """
    if not isinstance(text, str):
        raise TypeError(f"zh_to_number expects str, not {type(text).__name__}")
    token = text.strip()
    if not _ZH_RE.fullmatch(token):
        raise ValueError(f"not a Chinese or Arabic numeral: {text!r}")
    tokens = _tokenize_zh(token.translate(_ZH_FOLD), text)
    try:
        with _exact_context(len(token)):
            if all(tok.kind in ("ar", "cn", "frac") for tok in tokens):
                value = _read_digit_by_digit(tokens, text)
            else:
                value = _ZhReader(text).read(tokens)
            return _canonical(value)
    except DecimalException as exc:  # only if a bound above is wrong: report, never round
        raise ValueError(f"cannot read numeral {text!r} exactly") from exc


_ZH_PER_BASE = re.compile(r"(百|千|万|萬)分之(.+)")
_ZH_OVER = re.compile(r"(.+?)分之(.+)")
_ZH_CHENG = re.compile(r"(.+?)成(半|.)?")
_PERCENT_BASE = {"百": 100, "千": 1000, "万": 10000, "萬": 10000}


def _cheng(tens_text: str, extra: str | None, original: str) -> Decimal:
    """三成 -> 30, 三成五 -> 35, 一成半 -> 15: 成 is a tenth."""
    tens = zh_to_number(tens_text)
    if tens != tens.to_integral_value() or tens > 10:
        raise ValueError(f"{original!r}: 成 takes a whole number up to 十")
    if extra is None:
        return tens * 10
    tenths = Decimal(5) if extra == "半" else zh_to_number(extra)
    if tens == 10 or tenths != tenths.to_integral_value() or tenths > 9:
        raise ValueError(f"{original!r}: bad digit after 成")
    return tens * 10 + tenths


def zh_fraction(text: str) -> Decimal:
    """A Chinese proportion as a PERCENT.

    百分之十五 -> 15, 百分之三点五 -> 3.5, 千分之五 -> 0.5, 万分之三 -> 0.03,
    四分之一 -> 25, 三成 -> 30, 三成五 -> 35, 15% / 15％ -> 15.  A ratio that
    does not terminate (三分之一) is rounded to 28 significant digits.
    Raises ValueError on anything else, including a zero denominator.
    """
    if not isinstance(text, str):
        raise TypeError(f"zh_fraction expects str, not {type(text).__name__}")
    token = text.strip()
    if token[-1:] in ("%", "％"):
        return zh_to_number(token[:-1])
    if m := _ZH_PER_BASE.fullmatch(token):
        part = zh_to_number(m.group(2))
        with _exact_context(len(token)):  # dividing by 10, 100: always exact
            return _canonical(part * 100 / _PERCENT_BASE[m.group(1)])
    if m := _ZH_OVER.fullmatch(token):
        return _ratio_percent(zh_to_number(m.group(2)), zh_to_number(m.group(1)), text)
    if m := _ZH_CHENG.fullmatch(token):
        with _exact_context(len(token)):
            return _canonical(_cheng(m.group(1), m.group(2), text))
    raise ValueError(f"not a Chinese fraction or percentage: {text!r}")


def _ratio_percent(numerator: Decimal, denominator: Decimal, original: str) -> Decimal:
    """四分之一 -> 25.  A private 28-digit context: 三分之一 must round
    somewhere, and where should not depend on the caller's settings."""
    if denominator == 0:
        raise ValueError(f"zero denominator in {original!r}")
    with localcontext(Context(prec=28, rounding=ROUND_HALF_EVEN)):
        return _canonical(numerator * 100 / denominator)


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {
    "hundred": 100, "thousand": 10**3, "million": 10**6,
    "billion": 10**9, "trillion": 10**12,
}


def _alternation(words) -> str:
    # longest first, so "seventeen" is tried before "seven"
    return "|".join(sorted(words, key=len, reverse=True))


_EN_ONES = _alternation(w for w, v in _EN_UNITS.items() if 1 <= v <= 9)
_EN_SMALL = (
    rf"(?:(?:{_alternation(_EN_TENS)})(?:(?:-|\s+)(?:{_EN_ONES}))?"
    rf"|{_alternation(_EN_UNITS)})(?!\w)"
)
# Singular only: "thousands of people" is not a number, and "3 thousands" is 3.
_EN_SCALE = rf"(?:{_alternation(_EN_SCALES)})(?!\w)"
_EN_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_EN_NUMERIC = rf"{_EN_DIGITS}(?:(?:\s*|-){_EN_SCALE})*"
# A number word may follow only a scale word ("two hundred and fifty"), so
# "one and two" stays two numbers and "one two" is not 12.
_EN_WORDS = rf"{_EN_SMALL}(?:(?:\s+{_EN_SCALE})+(?:(?:\s+and)?\s+{_EN_SMALL})?)*"

EN_NUMBER = (
    r"(?i:(?<!\w)(?<![0-9][.,])"
    rf"(?:{_EN_NUMERIC}|{_EN_WORDS})"
    r"(?!\w)(?![.,][0-9]))"
)
"""Regex source (case-insensitive by an inline scoped flag) for one English
number phrase, bounded so it never starts or ends inside a word or a number:

* digits, optionally grouped 1,234,567 and with decimals (1.2), optionally
  followed by scale words hundred/thousand/million/billion/trillion
  (1.2 million, 3-million, 5 hundred thousand);
* number words zero..nineteen, twenty..ninety, twenty-five / twenty five,
  followed by scale words and, after a scale word only, "and" and more
  number words (two hundred and fifty, one thousand three hundred).

Plural scales are not numbers ("thousands of"; "3 thousands" matches "3"),
and a phrase must start with an explicit number: "a hundred" and a bare
"hundred" do not match.
"""

_EN_RE = regex.compile(EN_NUMBER)
_EN_NUMERIC_PARTS = regex.compile(rf"(?i:(?P<num>{_EN_DIGITS})(?P<scales>.*))")


def _en_words_value(words: list[str], original: str) -> Decimal:
    """Standard reading: small numbers accumulate, hundred multiplies the
    current chunk, thousand/million/... close it; big scales must decrease."""
    total, current = 0, 0
    last_big: int | None = None
    previous: str | None = None
    for word in words:
        if word in _EN_UNITS or word in _EN_TENS:
            value = _EN_UNITS.get(word, _EN_TENS.get(word, 0))
            if previous in _EN_UNITS or (previous in _EN_TENS and not 1 <= value <= 9):
                raise ValueError(f"number words in a row in {original!r}")
            current += value
        elif word == "hundred":
            if not 1 <= current <= 99:
                raise ValueError(f"'hundred' needs 1..99 before it in {original!r}")
            current *= 100
        else:
            scale = _EN_SCALES[word]
            if current == 0 or (last_big is not None and scale >= last_big):
                raise ValueError(f"misplaced '{word}' in {original!r}")
            total += current * scale
            current, last_big = 0, scale
        previous = word
    return Decimal(total + current)


def en_to_number(text: str) -> Decimal:
    """Exact value of one English number phrase as matched by `EN_NUMBER`.

    1.2 million -> 1200000, 64.8 thousand -> 64800, 10,000 -> 10000,
    two hundred and fifty -> 250, twenty-five -> 25.  Case-insensitive,
    surrounding whitespace ignored.  Raises ValueError on anything else.
    """
    if not isinstance(text, str):
        raise TypeError(f"en_to_number expects str, not {type(text).__name__}")
    phrase = text.strip()
    if not _EN_RE.fullmatch(phrase):
        raise ValueError(f"not an English number: {text!r}")
    try:
        with _exact_context(len(phrase)):
            if phrase[0].isdigit():
                m = _EN_NUMERIC_PARTS.fullmatch(phrase)
                assert m is not None  # EN_NUMBER matched, so this does
                value = Decimal(m.group("num").replace(",", ""))
                for word in re.findall(r"[a-z]+", m.group("scales").lower()):
                    value *= _EN_SCALES[word]
            else:
                words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w != "and"]
                value = _en_words_value(words, text)
            return _canonical(value)
    except DecimalException as exc:
        raise ValueError(f"cannot read number {text!r} exactly") from exc


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def to_json_number(value: Decimal) -> int | float:
    """int when the value is whole (648000), else float (3.5): what JSON can
    carry.  Floats are the nearest double; 17 significant digits survive."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"to_json_number expects Decimal, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if value == value.to_integral_value():
        return int(value)
    return float(value)
