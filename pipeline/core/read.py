"""Stage 1, "read": bytes on disk -> decoded text.

Every later stage stores character offsets into `Document.text`, so this module
never normalizes what it decodes: no line-ending, width or Unicode
normalization. HTML files are the one exception: they are converted to their
visible text first, and offsets then index that converted text.

Failures that concern a single file raise `ReadError`, whose message is one
line meant for the person running the pipeline.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "ReadError",
    "decode",
    "decode_damaged",
    "html_to_text",
    "iter_inputs",
    "read_document",
]

# Bigger inputs are almost certainly not news articles (dumps, archives) and
# would hold several copies in memory through decoding and HTML conversion.
MAX_BYTES = 50 * 1024 * 1024

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")

# What an empty file may still contain: white space and a byte order mark.
_BLANK = " \t\r\n\f\v\u3000\ufeff"
_UNDECODABLE = "cannot decode: not UTF-8, UTF-16, GB18030 or Big5"


class ReadError(Exception):
    """A file could not be turned into text; the message is one line for a user."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: Path
    text: str
    encoding: str
    sha256: str  # hex digest of the raw bytes, so a record can be tied to an exact file
    kind: str  # "text" or "html"
    warning: str | None = None  # set when damaged bytes were replaced while decoding


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes, returning (text, encoding name).

    Tried in order: a byte order mark (UTF-8 or UTF-16), strict UTF-8, then
    GB18030 and Big5, keeping whichever of the two reads more plausibly.
    Raises ReadError when nothing fits or the data looks binary.
    """
    # UTF-16 text is full of NUL bytes, so its BOM must be recognised before
    # the binary check; UTF-32 starts with the same two bytes, so it goes first.
    _reject_utf32(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data), "utf-16"
    if b"\x00" in data:
        raise ReadError("binary file (NUL bytes)")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8_after_bom(data), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass  # not UTF-8: fall back to the legacy Chinese encodings
    return _decode_legacy_chinese(data)


def _reject_utf32(data: bytes) -> None:
    # Without this, a UTF-32 LE file would "decode" as UTF-16 into text
    # interleaved with NUL characters.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ReadError("cannot decode: UTF-32 is not supported")


def _decode_utf16(data: bytes) -> str:
    # The "utf-16" codec reads the BOM to choose the byte order and drops it.
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as e:
        raise ReadError(f"cannot decode: invalid UTF-16 after a byte order mark ({e.reason})") from e
    if "\x00" in text:
        raise ReadError("binary file (NUL characters in UTF-16 data)")
    return text


def _decode_utf8_after_bom(data: bytes) -> str:
    # The BOM stays in the text as U+FEFF: offsets then agree with any tool
    # that reads the file as plain UTF-8 (the contract's `source[start:end]`).
    body = data[len(codecs.BOM_UTF8):]
    try:
        return "\ufeff" + body.decode("utf-8")
    except UnicodeDecodeError as e:
        # A BOM is an explicit declaration; guessing another encoding would
        # silently turn a damaged UTF-8 file into plausible-looking garbage.
        offset = e.start + len(codecs.BOM_UTF8)
        raise ReadError(f"cannot decode: invalid UTF-8 at byte {offset} after a UTF-8 byte order mark") from e


def _decode_legacy_chinese(data: bytes) -> tuple[str, str]:
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise ReadError(_UNDECODABLE)
    # Nearly every Big5 byte string is also valid GB18030 (the reverse is
    # rarer), so both often succeed and only plausibility can tell them apart.
    # max() keeps the first of equal scores: GB18030, the mainland default.
    return max(candidates, key=lambda candidate: _plausibility(candidate[0]))


# Plausibility is estimated on a prefix: an encoding is consistent across a
# file, and counting characters of a 50 MB file twice would take seconds.
_PLAUSIBILITY_SAMPLE = 1_000_000

# Characters that a wrong guess between GB18030 and Big5 produces, but real
# Chinese news text almost never contains:
#  - Big5 bytes read as GB18030: Big5 punctuation and lead bytes AA-AF/F8-F9
#    land in GBK's user-defined areas (Private Use Area), and lead bytes A4-A9
#    (the most frequent Traditional characters, 1-7 strokes) land in GB2312's
#    kana, Greek, Cyrillic, pinyin and box-drawing rows.
#  - GB bytes read as Big5: GB full-width punctuation (row A3) becomes
#    Bopomofo and spacing modifiers, row A1 becomes small/vertical forms.
_SUSPICIOUS_RANGES = (
    (0x00C0, 0x024F),  # Latin letters with diacritics (GB2312 pinyin row)
    (0x02B0, 0x02FF),  # spacing modifier letters
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x2500, 0x257F),  # box drawing
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # Bopomofo
    (0xE000, 0xF8FF),  # Private Use Area
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF61, 0xFF9F),  # half-width katakana
)
_SUSPICIOUS = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _SUSPICIOUS_RANGES) + "]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _plausibility(text: str) -> float:
    """Share of the Chinese-looking characters that are common characters.

    Suspicious characters count in the denominator, so a decode that turns
    punctuation into Private Use or kana characters is penalised even when its
    Han characters happen to be common ones.
    """
    sample = text[:_PLAUSIBILITY_SAMPLE]
    han = Counter(_HAN.findall(sample))
    suspicious = len(_SUSPICIOUS.findall(sample))
    total = sum(han.values()) + suspicious
    if total == 0:
        return 0.0
    common = _common_han()
    return sum(count for char, count in han.items() if char in common) / total


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """Han characters of GB2312 and Big5 level 1: the everyday characters of
    Simplified and Traditional text. A wrong decode mostly yields rare ones."""
    chars: set[str] = set()
    # GB2312 Han characters: rows B0-F7, cells A1-FE.
    chars.update(_decode_double_bytes("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))
    # Big5 level 1 (5401 characters) spans A440-C67E.
    big5_trail = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    chars.update(_decode_double_bytes("big5", range(0xA4, 0xC6), big5_trail))
    chars.update(_decode_double_bytes("big5", [0xC6], range(0x40, 0x7F)))
    return frozenset(char for char in chars if _HAN.fullmatch(char))


def _decode_double_bytes(encoding: str, leads, trails) -> list[str]:
    chars = []
    for lead in leads:
        for trail in trails:
            try:
                chars.append(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue  # unassigned code point
    return chars


# --------------------------------------------------------------------------
# Damaged files
# --------------------------------------------------------------------------

# A file whose bytes are valid in one encoding except for a few broken
# sequences (a transfer cut, a bad sector, an editor that mixed encodings) is
# still an article: reading it with U+FFFD for the broken bytes keeps its
# records. Beyond this share of replaced bytes the guess is no longer "this
# encoding, damaged" but "not this encoding", and the file keeps its error.
MAX_REPLACED_SHARE = 0.01
_REPLACE_HANDLER = "minsheng.count-and-replace"
_replaced = threading.local()


def _count_and_replace(error: UnicodeDecodeError) -> tuple[str, int]:
    _replaced.bytes += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(_REPLACE_HANDLER, _count_and_replace)


def decode_damaged(data: bytes) -> tuple[str, str, int]:
    """Decode bytes that `decode` rejected, replacing broken sequences with
    U+FFFD; returns (text, encoding name, bytes replaced).

    The encoding is the one a byte order mark declares, else UTF-8 if it
    needs no more replacing than the others, else the more plausible of
    GB18030 and Big5.
    Raises ReadError when the data is binary (NUL bytes) or more than
    MAX_REPLACED_SHARE of it would be replaced: not damaged text, but text in
    an encoding we do not read, or no text at all.
    """
    _reject_utf32(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [_decode_replacing(data, "utf-16")]
    elif b"\x00" in data:
        raise ReadError("binary file (NUL bytes)")
    elif data.startswith(codecs.BOM_UTF8):
        text, _, replaced = _decode_replacing(data[len(codecs.BOM_UTF8):], "utf-8")
        candidates = [("\ufeff" + text, "utf-8-sig", replaced)]
    else:
        candidates = [_decode_replacing(data, encoding) for encoding in ("utf-8", "gb18030", "big5")]
    acceptable = [candidate for candidate in candidates if candidate[2] <= len(data) * MAX_REPLACED_SHARE]
    if not acceptable:
        raise ReadError(_UNDECODABLE)
    text, encoding, replaced = max(acceptable, key=lambda candidate: _closeness(candidate, acceptable))
    if encoding == "utf-16" and "\x00" in text:
        raise ReadError("binary file (NUL characters in UTF-16 data)")
    return text, encoding, replaced


def _closeness(candidate: tuple[str, str, int], candidates: list[tuple[str, str, int]]) -> tuple:
    # UTF-8 that needs no more replacing than the others wins: long valid
    # UTF-8 runs are almost never chance (but a mostly English GBK file loses
    # its Chinese characters read as UTF-8). Between GB18030 and Big5, as in
    # `decode`, the more plausible text.
    text, encoding, replaced = candidate
    utf8_fits = encoding.startswith("utf") and replaced <= min(c[2] for c in candidates)
    return utf8_fits, _plausibility(text)


def _decode_replacing(data: bytes, encoding: str) -> tuple[str, str, int]:
    """(text, encoding, bytes replaced); the count is exact up to the
    MAX_REPLACED_SHARE limit, a lower bound beyond it."""
    # The codec's own "replace" runs in C: a file in another encoding, with a
    # broken sequence every few bytes, is rejected without a Python call each.
    rough = data.decode(encoding, errors="replace")
    if rough.count("\ufffd") > len(data) * MAX_REPLACED_SHARE:
        return rough, encoding, rough.count("\ufffd")
    _replaced.bytes = 0
    text = data.decode(encoding, errors=_REPLACE_HANDLER)
    return text, encoding, _replaced.bytes


def _replacement_warning(replaced: int, encoding: str) -> str:
    unit = "byte" if replaced == 1 else "bytes"
    return f"damaged file: {replaced:,} {unit} invalid in {encoding} replaced with U+FFFD"


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

# Containers whose content is never shown.
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})
# Block elements separated by a blank line (paragraph-like).
_PARAGRAPH_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
    "section", "article", "header", "footer", "main", "nav", "aside",
    "blockquote", "pre", "figure", "form", "fieldset", "hr", "address", "details",
})
# Block elements that only start a new line (list items, rows, generic boxes).
_LINE_TAGS = frozenset({
    "div", "li", "tr", "dt", "dd", "caption", "figcaption", "center", "legend", "summary",
})
# Table cells are inline in the brief's sense (no line break), but adjacent
# cells must not run together: "<td>2023</td><td>35</td>" is not "202335".
_CELL_TAGS = frozenset({"td", "th"})
# HTML collapses runs of ASCII whitespace only; U+3000 and &nbsp; are visible.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE_RUN = re.compile(r"\n{3,}")


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, one block element per line.

    The <title> becomes the first line, followed by a blank line. Hidden
    content (script, style, noscript, template, comments) is dropped, entities
    are decoded, blank-line runs collapse to one blank line and trailing spaces
    are stripped. Works on malformed and arbitrarily deeply nested markup.
    """
    parser = _VisibleTextParser()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.title_parts).split())
    body = _tidy_lines("".join(parser.body_parts))
    return "\n\n".join(part for part in (title, body) if part)


def _tidy_lines(text: str) -> str:
    # split("\n"), not splitlines(): U+2028 and friends are text, not breaks.
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINE_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


class _VisibleTextParser(HTMLParser):
    """Collects visible text. Keeps counters rather than an element stack, so
    nesting depth costs nothing and unbalanced tags cannot derail it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.body_parts: list[str] = []
        self._hidden_depth = 0
        self._pre_depth = 0
        self._svg_depth = 0  # an SVG <title> is a tooltip, not the page title
        self._in_title = False
        self._title_seen = False
        self._pending_newlines = 0  # line breaks owed before the next text
        self._trailing_newlines = 0  # line breaks already at the end of body_parts
        self._cell_open = False

    # -- tags -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        if self._in_title and (tag == "body" or tag in _PARAGRAPH_TAGS or tag in _LINE_TAGS):
            # An unclosed <title> must not swallow the whole page.
            self._end_title()
        if tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag == "title":
            # Only the first <title> is the document title; later ones (SVG
            # tooltips) are not visible.
            if self._title_seen or self._svg_depth:
                self._hidden_depth += 1
            else:
                self._in_title = True
        elif tag == "pre":
            self._pre_depth += 1
        elif tag == "svg":
            self._svg_depth += 1
        self._break_for(tag, starting=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag == "title":
            if self._in_title:
                self._end_title()
            elif self._title_seen or self._svg_depth:
                self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        elif tag == "svg":
            self._svg_depth = max(0, self._svg_depth - 1)
        self._break_for(tag, starting=False)

    def _end_title(self) -> None:
        self._in_title = False
        self._title_seen = True

    def _break_for(self, tag: str, *, starting: bool) -> None:
        if self._hidden_depth:
            return  # markup inside <noscript> or <template> lays out nothing
        if tag == "br" and starting:
            self._emit("\n")
        elif tag in _PARAGRAPH_TAGS:
            self._pending_newlines = max(self._pending_newlines, 2)
        elif tag in _LINE_TAGS:
            self._pending_newlines = max(self._pending_newlines, 1)
        elif tag in _CELL_TAGS and starting:
            self._cell_open = True
        if tag == "tr":
            self._cell_open = False  # the first cell of a row starts the line

    # -- text -------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden_depth:
            return
        if not self._pre_depth:
            data = _HTML_SPACE.sub(" ", data)
            # Collapsed whitespace is invisible at the start of a line or a
            # cell, and next to a space already written by an earlier node.
            if self._at_line_start() or self._cell_open or self._ends_with_space():
                data = data.lstrip(" ")
        if data:
            self._emit(data)

    def _at_line_start(self) -> bool:
        return not self.body_parts or self._trailing_newlines > 0 or self._pending_newlines > 0

    def _ends_with_space(self) -> bool:
        return bool(self.body_parts) and self.body_parts[-1].endswith(" ")

    def _emit(self, text: str) -> None:
        if self.body_parts:
            owed = self._pending_newlines - self._trailing_newlines
            if owed > 0:
                self._append("\n" * owed)
            elif self._cell_open and not self._trailing_newlines:
                self.body_parts[-1] = self.body_parts[-1].rstrip(" ")
                self._append("\t")
        self._pending_newlines = 0
        self._cell_open = False
        self._append(text)

    def _append(self, text: str) -> None:
        self.body_parts.append(text)
        stripped = text.rstrip("\n")
        if stripped:
            self._trailing_newlines = len(text) - len(stripped)
        else:
            self._trailing_newlines += len(text)

    # -- robustness -------------------------------------------------------

    def parse_html_declaration(self, i: int) -> int:
        # The stdlib parser raises AssertionError on some "<!" markup, e.g.
        # "<![foo[" or "<!DOCTYPE 1". Browsers treat such markup as a bogus
        # comment up to the next ">", so do the same.
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i + 2)
            return -1 if end < 0 else end + 1


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def read_document(path: Path, doc_id: str) -> Document:
    """Read, decode and (for .html/.htm) convert one file.

    Raises ReadError for missing, unreadable, too large, binary, undecodable
    and empty files. A file that decodes only with a few replaced bytes is
    read, and its Document carries a warning saying how many.
    """
    data = _read_bytes(path)
    if not data:
        raise ReadError("empty file")
    text, encoding, warning = _decode_keeping_damaged(data)
    if not text.strip(_BLANK):
        raise ReadError("empty file")
    kind = "html" if path.suffix.lower() in _HTML_SUFFIXES else "text"
    if kind == "html":
        text = html_to_text(text)
        if not text.strip(_BLANK):
            raise ReadError("no visible text in HTML")
    return Document(
        doc_id=doc_id,
        path=path,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=kind,
        warning=warning,
    )


def _decode_keeping_damaged(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, warning): strict decoding first, so a clean file is
    never read with replacements; the damaged reading only when it fails, or
    when the bytes are UTF-8 but for a few broken sequences (GB18030 would
    accept them as a plausible-looking jumble)."""
    try:
        text, encoding = decode(data)
    except ReadError as strict_error:
        text, encoding, strict_failure = "", "", strict_error
    else:
        strict_failure = None
        if encoding not in _LEGACY:
            return text, encoding, None
    utf8 = _damaged_utf8(data)
    if utf8:
        return utf8[0], "utf-8", _replacement_warning(utf8[1], "utf-8")
    if strict_failure is None:
        return text, encoding, None
    try:
        text, encoding, replaced = decode_damaged(data)
    except ReadError:
        # The strict message is the more specific one (which byte after
        # which byte order mark).
        raise strict_failure from None
    return text, encoding, _replacement_warning(replaced, encoding)


_LEGACY = ("gb18030", "big5")
# UTF-8 damaged, not a legacy encoding: at least this many valid non-ASCII
# characters per replaced byte. Text in GBK or Big5 read as UTF-8 fails on
# nearly every non-ASCII character.
_UTF8_EVIDENCE = 10


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bytes replaced) when `data` is UTF-8 with a few broken bytes."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # a byte order mark decides, in `decode` and `decode_damaged`
    text, _, replaced = _decode_replacing(data, "utf-8")
    valid_non_ascii = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if 0 < replaced <= len(data) * MAX_REPLACED_SHARE and valid_non_ascii >= _UTF8_EVIDENCE * replaced:
        return text, replaced
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
        _check_regular_file(info)
        # Checked before reading so a huge file is never loaded.
        _check_size(info.st_size)
        with path.open("rb") as f:
            # Read at most one byte past the limit: the file may have grown
            # since stat().
            data = f.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError) as e:
        raise ReadError("not found") from e
    except PermissionError as e:
        raise ReadError("permission denied") from e
    except IsADirectoryError as e:
        raise ReadError("is a directory") from e
    except OSError as e:
        raise ReadError(f"cannot read: {e.strerror or e}") from e
    _check_size(len(data))
    return data


def _check_regular_file(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO or a device would block or never end.
        raise ReadError("not a regular file")


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ReadError(f"file too large: {_format_size(size)} > {_format_size(MAX_BYTES, limit=True)} limit")


def _format_size(size: int, *, limit: bool = False) -> str:
    # "60.0 MB > 50 MB limit": the measured size with one decimal, the limit
    # as the round number it was configured as.
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:g} {unit}" if limit else f"{value:.1f} {unit}"
    return f"{size} bytes"


def iter_inputs(target: Path) -> list[tuple[Path, str]]:
    """The (path, doc_id) pairs to read from `target`, sorted by doc_id.

    A directory is searched recursively for files with a supported suffix
    (case-insensitive), skipping hidden files and directories; doc_id is the
    path relative to `target` with "/" separators. Anything else, including a
    path that does not exist, is treated as a single file named by the user,
    whatever its suffix, so read_document reports its problem per file.
    Errors while listing a directory (OSError) propagate: silently skipping an
    unreadable folder would drop articles without a trace.
    """
    if not target.is_dir():
        return [(target, target.name)]
    found = []
    # os.walk does not follow directory symlinks, so link cycles cannot loop.
    for dirpath, dirnames, filenames in os.walk(target, onerror=_raise):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            if _is_input_name(name):
                path = Path(dirpath, name)
                found.append((path, path.relative_to(target).as_posix()))
    found.sort(key=lambda item: item[1])
    return found


def _is_input_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def _raise(error: OSError) -> None:
    raise error
