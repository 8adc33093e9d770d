"""Stage 2, normalize: a matching copy of the text with the same length.

Rules are written in Simplified Chinese with half-width punctuation, so the
recognizers read a copy converted Traditional -> Simplified (OpenCC) and
full-width -> half-width. Every conversion here maps one character to one
character, so offsets into the copy *are* offsets into the source: the
offset map is the identity, and `source[start:end]` always reproduces what
the rules matched. A conversion that would change the length (OpenCC phrase
rules can) falls back to character-by-character conversion for that line.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import opencc
import regex

_T2S = opencc.OpenCC("t2s")
_HAN = regex.compile(r"\p{Han}")
_LATIN_WORD = regex.compile(r"[A-Za-z]{2,}")

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E; the
# ideographic space onto a plain space. Chinese punctuation that has no
# half-width twin (。、“”) is kept: the rules match it as it is.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20


@dataclass(frozen=True)
class Normalized:
    """The source text and its same-length matching copy."""

    source: str
    text: str
    lang: str


@lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    converted = _T2S.convert(ch)
    return converted if len(converted) == 1 else ch


def _t2s_line(line: str) -> str:
    converted = _T2S.convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_char_t2s(ch) for ch in line)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, one character for one character."""
    converted = _T2S.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_t2s_line(line) for line in text.splitlines(keepends=True))


def to_halfwidth(text: str) -> str:
    return text.translate(_WIDTH)


def detect_lang(source: str, simplified: str) -> str:
    """zh-Hans, zh-Hant or en, by the article's main language and script.

    A mixed article goes by whichever of Han characters and Latin words is
    more frequent; Traditional is told from Simplified by how many Han
    characters the T->S conversion changes.
    """
    han = len(_HAN.findall(source))
    latin_words = len(_LATIN_WORD.findall(source))
    if han == 0 or latin_words > han:
        return "en"
    changed = sum(1 for a, b in zip(source, simplified) if a != b and _HAN.match(a))
    return "zh-Hant" if changed >= max(3, 0.03 * han) else "zh-Hans"


def normalize(source: str) -> Normalized:
    simplified = to_simplified(source)
    lang = detect_lang(source, simplified)
    return Normalized(source=source, text=to_halfwidth(simplified), lang=lang)
