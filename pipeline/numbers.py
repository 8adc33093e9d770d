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

The patterns find numbers in running text; the readers take one whole
phrase and are the validators: anything the patterns match that is not a
well-formed number (三四十, an approximate range; 十三五, a plan's name)
makes them raise ValueError rather than guess.  Given a phrase alone, the
readers also take forms the patterns leave out of running text because
they are too easily something else there: spaced characters (一 百 五 十),
approximate words (十多万), 百三, fractions (三分之一, three fifths,
a half), .5, nought.
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
from fractions import Fraction
from typing import NamedTuple

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

# ---------------------------------------------------------------------------
# Chinese: reading
# ---------------------------------------------------------------------------

# One-to-one foldings onto a small canonical alphabet, so the reader only
# knows 〇零一…九两 十百千 万亿兆 点 余 and ASCII digits.
_ZH_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",", "．": ".", "○": "〇", "點": "点",
        "兩": "两", "倆": "两", "萬": "万", "億": "亿", "餘": "余",
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
    # grouped in threes only, as in the pattern: "1,2345" is no number
    r"(?P<ar>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?)"
    r"|点(?P<frac>[〇零一二三四五六七八九]+)"
    r"|(?P<cn>[〇零一二三四五六七八九两]+)"
    r"|(?P<unit>[十百千])"
    r"|(?P<mag>[万亿兆])"
)

# What `zh_to_number` strips from a whole token before reading it.
# A gap between characters is typesetting (一 百 五 十, 7万 5千); one right
# after Arabic digits ends the number, so "3 万" stays two words.
_ZH_GAP = re.compile(r"(?<![0-9０-９])\s+")
# 六个百分点 is a count of percentage points: the number is the quantity.
_ZH_POINTS = re.compile(r"[个個]?百分[点點]$")
# 十余万, 500多亿, 1.3万余: an approximate word after a numeral, before a
# magnitude or at the end, keeps the base value (the comparator is the
# target stage's business).
_ZH_APPROX = re.compile(r"(?<=[0-9〇零一二三四五六七八九两十百千万亿兆])[余多](?=[万亿兆]|$)")
# 三分之一 (the denominator comes first), 三百五又三分之一 (a mixed number).
_ZH_RATIO = re.compile(r"(?:(?P<whole>.+)又)?(?P<den>.+?)分之(?P<num>.+)")


class _Tok(NamedTuple):
    kind: str  # ar | frac | cn | zero | unit | mag
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


# Decimal digits that a binary double always carries (C's DBL_DIG).
_DOUBLE_DIGITS = 15


def _terminates(denominator: int) -> bool:
    """A reduced ratio has a finite decimal expansion iff its denominator has
    no prime factor but 2 and 5."""
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _ratio_decimal(value: Fraction) -> Decimal:
    """3/4 -> 0.75 exactly; 1/3 -> 0.333333333333333.  A ratio that never
    terminates is rounded to 15 significant digits: the value ends up as a
    JSON double (`to_json_number`), and more digits would claim a precision
    that the double does not keep."""
    numerator, denominator = Decimal(value.numerator), Decimal(value.denominator)
    if _terminates(value.denominator):
        with _exact_context(len(str(value.numerator)) + len(str(value.denominator))):
            return _canonical(numerator / denominator)
    with localcontext(Context(prec=_DOUBLE_DIGITS, rounding=ROUND_HALF_EVEN)):
        return _canonical(numerator / denominator)


def _fold_zh(token: str) -> str:
    folded = token.translate(_ZH_FOLD).replace("万万", "亿")  # 四万万 is the old 四亿
    return "0" + folded if folded.startswith(".") else folded  # .5 is 0.5


def _tokenize_zh(folded: str, original: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    for m in _ZH_TOKEN.finditer(folded):
        if m.start() != pos:
            raise ValueError(f"unreadable character in numeral {original!r}")
        kind = m.lastgroup or ""
        text = m.group(kind)
        if kind == "cn" and not text.strip(_ZH_ZEROS):
            kind = "zero"  # a run of 零 alone marks skipped places (一百零五)
        tokens.append(_Tok(kind, text))
        pos = m.end()
    if pos != len(folded) or not tokens:
        raise ValueError(f"not a Chinese or Arabic numeral: {original!r}")
    return tokens


def _digit_string(run: str) -> str:
    return "".join(str(_ZH_DIGIT_VALUE[ch]) for ch in run)


def _fraction_value(digits: str) -> Decimal:
    return Decimal("0." + _digit_string(digits))


def _is_digit_run(tokens: list[_Tok]) -> bool:
    """二〇二一, 4,700, 三点五, 3点五: one run of digits with no unit, maybe
    followed by a Chinese decimal part (but not after an Arabic one)."""
    first, *rest = tokens
    if first.kind not in ("ar", "cn", "zero") or len(rest) > 1:
        return False
    return not rest or (rest[0].kind == "frac" and "." not in first.text)


def _read_digit_by_digit(tokens: list[_Tok]) -> Decimal:
    """二〇二一 -> 2021, 三点五 -> 3.5, 4,700 -> 4700: no unit, so every
    character is one decimal digit (years, codes, plain Arabic numbers)."""
    number, *fraction = tokens
    if number.kind == "ar":
        value = Decimal(number.text.replace(",", ""))
    else:
        value = Decimal(_digit_string(number.text))
    if fraction:
        value += _fraction_value(fraction[0].text)
    return value


def _check_bare_lead(tokens: list[_Tok], original: str) -> None:
    """百三 = 130 and 千三 = 1300 are everyday short forms, but a 百 or 千
    with nothing before it starts no other numeral: 百万 and 千万 alone are
    words (千万不要, "by all means don't")."""
    first = tokens[0]
    if first.kind != "unit" or first.text == "十":
        return
    if len(tokens) != 2 or tokens[1].kind != "cn" or len(tokens[1].text) != 1:
        raise ValueError(f"cannot read numeral {original!r}: {first.text} without a digit")


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
    prev_kind: str | None = None  # number | frac | zero | unit | mag
    prev_mag: int = 0
    seen_fraction: bool = False

    def fail(self, why: str) -> ValueError:
        return ValueError(f"cannot read numeral {self.original!r}: {why}")

    def place(self) -> int | None:
        if self.prev_kind == "unit":
            return self.last_unit
        if self.prev_kind == "mag":
            return self.last_scale
        return None  # at the start, or after 零: what follows is literal

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
        if len(digits) > 1:
            # 三四十, 三五万: an approximate range, or a name (十三五)
            raise self.fail(f"digit run {tok.text!r} next to units is ambiguous")
        self.number = Decimal(_ZH_DIGIT_VALUE[digits])
        self.number_form = "cn0" if digits != tok.text else "cn"

    def on_zero(self, tok: _Tok) -> None:
        """一百零十 = 110, 一千零20 = 1020: 零 only marks skipped places."""
        if self.number is not None or self.seen_fraction:
            raise self.fail("零 after digits")

    def on_fraction(self, tok: _Tok) -> None:
        if self.prev_kind in (None, "zero"):
            raise self.fail("点 without a number before it")
        if self.seen_fraction:
            raise self.fail("two decimal parts")
        self.scale_bare_digit()  # 两千三点一 = 2300.1
        self.number = (self.number or Decimal(0)) + _fraction_value(tok.text)
        self.number_form = ""
        self.seen_fraction = True

    def on_unit(self, tok: _Tok) -> None:
        unit = _ZH_UNIT_VALUE[tok.text]
        if self.prev_kind == "frac":
            raise self.fail("a unit after 点 (三点三十 is a clock time)")
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
        if self.prev_kind in (None, "zero"):
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

    def trailing_place(self) -> int:
        """The place, 百 or larger, that the number just read follows directly; else 0."""
        if self.number is None or self.prev_kind != "number" or not self.number_place:
            return 0
        return self.number_place if self.number_place >= 100 else 0

    def scale_bare_digit(self) -> None:
        """一百五 = 150, 两万三 = 23000, 两千三点一 = 2300.1: a bare Chinese
        digit right after 百 or a larger place counts in the next lower
        place.  After 零 it is literal: 一百零五 = 105."""
        place = self.trailing_place()
        if place and self.number_form == "cn":
            assert self.number is not None
            self.number *= place // 10

    def finish(self) -> Decimal:
        if self.prev_kind == "zero":
            raise self.fail("零 with nothing after it")
        if self.trailing_place() and self.number_form == "ar1":
            raise self.fail("a single trailing digit is ambiguous (1万5: 15000 or 10005?)")
        self.scale_bare_digit()
        value = self.pending()
        if self.last_scale is not None and value >= self.last_scale:
            raise self.fail(f"{value} does not fit below the last magnitude")
        return self.total + value

    def read(self, tokens: list[_Tok]) -> Decimal:
        handlers = {
            "ar": self.on_number, "cn": self.on_number, "zero": self.on_zero,
            "frac": self.on_fraction, "unit": self.on_unit, "mag": self.on_mag,
        }
        for tok in tokens:
            handlers[tok.kind](tok)
            self.prev_kind = "number" if tok.kind in ("ar", "cn") else tok.kind
        return self.finish()


def _read_zh_numeral(folded: str, original: str) -> Decimal:
    """The numeral grammar proper, on text already folded by `_fold_zh`."""
    tokens = _tokenize_zh(folded, original)
    try:
        with _exact_context(len(folded)):
            if _is_digit_run(tokens):
                value = _read_digit_by_digit(tokens)
            else:
                _check_bare_lead(tokens, original)
                value = _ZhReader(original).read(tokens)
            return _canonical(value)
    except DecimalException as exc:  # only if a bound above is wrong: report, never round
        raise ValueError(f"cannot read numeral {original!r} exactly") from exc


def _read_zh_ratio(m: re.Match[str], original: str) -> Decimal:
    """三分之一 -> 0.333333333333333, 三百五又三分之一 -> 350.333333333333.
    百分之五 is refused (百 alone is no denominator): a proportion is
    `zh_fraction`'s to read, as a percentage."""
    denominator = _read_zh_numeral(m["den"], original)
    if denominator == 0:
        raise ValueError(f"zero denominator in {original!r}")
    value = Fraction(_read_zh_numeral(m["num"], original)) / Fraction(denominator)
    if m["whole"]:
        value += Fraction(_read_zh_numeral(m["whole"], original))
    return _ratio_decimal(value)


def zh_to_number(text: str) -> Decimal:
    """Exact value of one Chinese or Arabic numeral, given alone.

    64.8万 -> 648000, 3万8011 -> 38011, 一千二百 -> 1200, 两万 -> 20000,
    廿 -> 20, 二〇二一 -> 2021 (digit by digit when there is no unit),
    一百零五 -> 105, 一百五 -> 150, 百三 -> 130, 一百零十 -> 110,
    四万万 -> 400000000, 三点五 -> 3.5, 两千三点一 -> 2300.1, 4,700 -> 4700.

    Reads every token that `ZH_NUMERAL` matches, and on a whole string also:
    spaces between characters (一 百 五 十, but not "3 万"); approximate
    words, which keep the base value (十多万 -> 100000, 1.3万余 -> 13000);
    a percentage-point count (六个百分点 -> 6); fractions and mixed numbers
    (三分之二, 三百五又三分之一), rounded to 15 significant digits when
    they do not terminate.  Raises ValueError for anything else, including
    approximate ranges (三四十), the ambiguous 1万5 and percentages
    (百分之五, 五%: see `zh_fraction`); TypeError for non-strings.
    """
    if not isinstance(text, str):
        raise TypeError(f"zh_to_number expects str, not {type(text).__name__}")
    token = _ZH_POINTS.sub("", _ZH_GAP.sub("", text.strip()))
    folded = _ZH_APPROX.sub("", _fold_zh(token))
    if m := _ZH_RATIO.fullmatch(folded):
        return _read_zh_ratio(m, text)
    return _read_zh_numeral(folded, text)


def _read_zh_part(text: str) -> Decimal:
    """One plain numeral inside a proportion (the 五 of 百分之五)."""
    return _read_zh_numeral(_fold_zh(text.strip()), text)


_ZH_PER_BASE = re.compile(r"(百|千|万|萬)分之(.+)")
_ZH_OVER = re.compile(r"(.+?)分之(.+)")
_ZH_CHENG = re.compile(r"(.+?)成(半|.)?")
_PERCENT_BASE = {"百": 100, "千": 1000, "万": 10000, "萬": 10000}


def _cheng(tens_text: str, extra: str | None, original: str) -> Decimal:
    """三成 -> 30, 三成五 -> 35, 一成半 -> 15: 成 is a tenth."""
    tens = _read_zh_part(tens_text)
    if tens != tens.to_integral_value() or tens > 10:
        raise ValueError(f"{original!r}: 成 takes a whole number up to 十")
    if extra is None:
        return tens * 10
    tenths = Decimal(5) if extra == "半" else _read_zh_part(extra)
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
        return _read_zh_part(token[:-1])
    if m := _ZH_PER_BASE.fullmatch(token):
        part = _read_zh_part(m.group(2))
        with _exact_context(len(token)):  # dividing by 10, 100: always exact
            return _canonical(part * 100 / _PERCENT_BASE[m.group(1)])
    if m := _ZH_OVER.fullmatch(token):
        return _ratio_percent(_read_zh_part(m.group(2)), _read_zh_part(m.group(1)), text)
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

# Everything below reads one whole phrase; EN_NUMBER above finds phrases in
# running text and is deliberately narrower (no fractions, no "a").

# British zero, as in "nought point five"; kept out of EN_NUMBER, where
# "naught" is mostly the word for nothing.
_EN_NOUGHT = {"nought": 0, "naught": 0}
_EN_ONES_VALUE = {**_EN_UNITS, **_EN_NOUGHT}
_EN_SMALL_VALUE = {**_EN_ONES_VALUE, **_EN_TENS}
# Ordinal names are regular (sixth, twentieth, hundredth) except these.
_EN_IRREGULAR_ORDINALS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth",
    "eight": "eighth", "nine": "ninth", "twelve": "twelfth",
}


def _ordinal_name(cardinal: str) -> str:
    if cardinal in _EN_IRREGULAR_ORDINALS:
        return _EN_IRREGULAR_ORDINALS[cardinal]
    return cardinal[:-1] + "ieth" if cardinal.endswith("y") else cardinal + "th"


# fifth -> five, fifths -> five, hundredth -> hundred: a denominator word
# read as the cardinal it ends.
_EN_ORDINALS = {
    _ordinal_name(word) + plural: word
    for word in (*(w for w, v in _EN_UNITS.items() if v), *_EN_TENS, *_EN_SCALES)
    for plural in ("", "s")
}
# Denominator nouns that are not ordinals.
_EN_PART_NOUNS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}

_EN_NUMERIC_FORM = re.compile(
    # 1,234,567 or 1 234 567 or 1234567, decimals, or a bare .5
    r"(?P<num>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)"
    rf"(?P<scales>(?:[ -]?(?:{_alternation(_EN_SCALES)})(?![a-z]))*)"
)
# 3/4, 2 1/4
_EN_DIGIT_FRACTION = re.compile(
    r"(?:(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+) )?(?P<num>[0-9]+)/(?P<den>[0-9]+)"
)
_EN_OUT_OF = re.compile(r"(?P<num>.+) out of (?P<den>.+)")


def _normalize_en(text: str) -> str:
    """Lower case, single spaces, and "fifty - two" as "fifty-two"."""
    return re.sub(r" ?- ?", "-", " ".join(text.lower().split()))


def _words(phrase: str) -> list[str]:
    """Words of a phrase; a hyphen joins words as a space does."""
    return re.split(r"[ -]", phrase)


def _en_words_value(words: list[str], original: str) -> int:
    """Standard reading: small numbers accumulate, hundred multiplies the
    current chunk, thousand/million/... close it; big scales must decrease.
    "and" may only join a scale word to number words after it, or a tens
    word to a ones word (the older "twenty and three")."""
    total, current = 0, 0
    last_big: int | None = None
    previous: str | None = None
    for i, word in enumerate(words):
        if word == "and":
            following = words[i + 1] if i + 1 < len(words) else None
            after_scale = previous in _EN_SCALES and following in _EN_SMALL_VALUE
            tens_and_ones = previous in _EN_TENS and following in _EN_UNITS
            if not (after_scale or tens_and_ones):
                raise ValueError(f"misplaced 'and' in {original!r}")
        elif word in _EN_SMALL_VALUE:
            value = _EN_SMALL_VALUE[word]
            if previous in _EN_ONES_VALUE or (previous in _EN_TENS and not 1 <= value <= 9):
                raise ValueError(f"number words in a row in {original!r}")
            current += value
        elif word == "hundred":
            if not 1 <= current <= 99:
                raise ValueError(f"'hundred' needs 1..99 before it in {original!r}")
            current *= 100
        elif word in _EN_SCALES:
            scale = _EN_SCALES[word]
            if current == 0 or (last_big is not None and scale >= last_big):
                raise ValueError(f"misplaced '{word}' in {original!r}")
            total += current * scale
            current, last_big = 0, scale
        else:
            raise ValueError(f"not a number word: {word!r} in {original!r}")
        previous = word
    return total + current


def _en_point_digits(words: list[str], original: str) -> tuple[str, list[str]]:
    """The words after "point": each number below 100 spells its own digits
    (point zero three -> "03", point seventy-one -> "71"); scale words may
    close the phrase (one point five million).  Returns digits and scales."""
    digits = ""
    rest = list(words)
    while rest and rest[0] not in _EN_SCALES:
        word = rest.pop(0)
        if word not in _EN_SMALL_VALUE:
            raise ValueError(f"not a digit word after 'point': {word!r} in {original!r}")
        value = _EN_SMALL_VALUE[word]
        if word in _EN_TENS and rest and 1 <= _EN_UNITS.get(rest[0], 0) <= 9:
            value += _EN_UNITS[rest.pop(0)]  # seventy-one
        digits += str(value)
    if not digits or any(w not in _EN_SCALES for w in rest):
        raise ValueError(f"bad decimal part in {original!r}")
    return digits, rest


def _en_cardinal(phrase: str, original: str) -> Decimal:
    """1.2 million, 1 234 567, .5, two hundred and fifty, nine point nought four."""
    if m := _EN_NUMERIC_FORM.fullmatch(phrase):
        value = Decimal(m["num"].replace(",", "").replace(" ", ""))
        for word in re.findall(r"[a-z]+", m["scales"]):
            value *= _EN_SCALES[word]
        return value
    words = _words(phrase)
    if "point" not in words:
        return Decimal(_en_words_value(words, original))
    at = words.index("point")
    digits, scales = _en_point_digits(words[at + 1:], original)
    value = _en_words_value(words[:at], original) + Decimal("0." + digits)
    for word in scales:
        value *= _EN_SCALES[word]
    return value


def _en_numerator(words: list[str], original: str) -> Decimal:
    """A fraction's count: a cardinal, where "a"/"an" may stand for one
    (a fifth, a hundred thousandths).  Only here: a bare "a hundred" is no
    number in running text."""
    if words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    return _en_cardinal(" ".join(words), original)


def _en_denominator(words: list[str], original: str) -> tuple[int, bool]:
    """fifths -> (5, plural), one hundred and fifth -> (105, singular),
    twenty-first -> 21, half -> 2.  A compound ordinal is a cardinal whose
    last word is ordinal, except before hundredths, thousandths, ...: the
    words there count parts (forty-two hundredths is 0.42, not 40/200).
    "first" and "second" alone are no denominators (one second is time;
    nobody says "one first")."""
    *head, last = words
    plural = last.endswith("s")
    if last in _EN_PART_NOUNS and not head:
        return _EN_PART_NOUNS[last], plural
    if last not in _EN_ORDINALS:
        raise ValueError(f"not a denominator: {last!r} in {original!r}")
    cardinal = _EN_ORDINALS[last]
    if head:
        if cardinal in _EN_SCALES:
            raise ValueError(f"a count before {last!r} is no part of the denominator")
        return _en_words_value([*head, cardinal], original), plural
    if cardinal in ("one", "two"):
        raise ValueError(f"'{last}' alone is no denominator in {original!r}")
    return _EN_SMALL_VALUE.get(cardinal) or _EN_SCALES[cardinal], plural


def _en_simple_fraction(words: list[str], original: str) -> Fraction:
    """Split count from denominator between the two words (a hyphen is a
    space: one-eighth) that give the longest denominator still leaving a
    count: one hundred thirty fifths is 100/35, twenty twenty fifths 20/25,
    but twenty one fifths 21/5 ("one fifths" is no ordinal) and twenty
    fifths 20/5.  The noun agrees with the count: one fifth, three fifths."""
    for split in range(1, len(words)):
        try:
            count = _en_numerator(words[:split], original)
            denominator, plural = _en_denominator(words[split:], original)
        except ValueError:
            continue
        if plural != (count == 1):
            return Fraction(count) / denominator
    raise ValueError(f"not an English fraction: {original!r}")


def _en_fraction(words: list[str], original: str) -> Fraction:
    """A mixed number when a proper fraction follows the last "and"
    (twenty and three fifths = 20.6, one and a half); otherwise the "and"
    belongs to the count (one hundred and thirty fifths = 130/5)."""
    if "and" in words:
        at = len(words) - 1 - words[::-1].index("and")
        try:
            part = _en_simple_fraction(words[at + 1:], original)
            whole = _en_cardinal(" ".join(words[:at]), original)
        except ValueError:
            pass
        else:
            if part < 1:
                return Fraction(whole) + part
    return _en_simple_fraction(words, original)


def _is_fraction(words: list[str]) -> bool:
    return words[-1] in _EN_ORDINALS or words[-1] in _EN_PART_NOUNS


def _en_ratio(phrase: str, original: str) -> Fraction | None:
    """The phrase as a ratio (3/4, 2 1/4, three fifths, one out of three),
    or None when it is a cardinal."""
    if m := _EN_OUT_OF.fullmatch(phrase):
        denominator = _en_cardinal(m["den"], original)
        if denominator == 0:
            raise ValueError(f"zero denominator in {original!r}")
        return Fraction(_en_cardinal(m["num"], original)) / Fraction(denominator)
    if m := _EN_DIGIT_FRACTION.fullmatch(phrase):
        if int(m["den"]) == 0:
            raise ValueError(f"zero denominator in {original!r}")
        whole = int(m["whole"].replace(",", "")) if m["whole"] else 0
        return whole + Fraction(int(m["num"]), int(m["den"]))
    words = _words(phrase)
    if _is_fraction(words):
        return _en_fraction(words, original)
    return None


def en_to_number(text: str) -> Decimal:
    """Value of one English number phrase, given alone.

    Reads every phrase that `EN_NUMBER` matches -- 1.2 million -> 1200000,
    64.8 thousand -> 64800, 10,000 -> 10000, two hundred and fifty -> 250,
    twenty-five -> 25 -- and also .5, 1 234 567, nine point nought four,
    two hundred point seventy-one (200.71), fractions (3/4, 2 1/4, a half,
    three fifths, one hundred thirty-fifths, one and a quarter, one out of
    three).  Exact, except that a ratio that does not terminate is rounded
    to 15 significant digits.  Case-insensitive, spacing ignored.  Raises
    ValueError on anything else, including a bare "a hundred".
    """
    if not isinstance(text, str):
        raise TypeError(f"en_to_number expects str, not {type(text).__name__}")
    phrase = _normalize_en(text)
    if not phrase:
        raise ValueError("empty number phrase")
    try:
        with _exact_context(len(phrase)):
            ratio = _en_ratio(phrase, text)
            if ratio is not None:
                return _ratio_decimal(ratio)
            return _canonical(_en_cardinal(phrase, text))
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
