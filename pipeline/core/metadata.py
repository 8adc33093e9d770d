"""Stage 3, metadata and layout: title, date, publisher, boilerplate, body.

Works on the normalized text line by line. Boilerplate (navigation, credits,
copyright blocks, share widgets, issue lists, forum post chrome, spam and app
prompts, related-headline lists, comment sections) is cut out here so that no
later stage can read a reporter as an official or another article's headline
as a target: later stages see only `Layout.paragraphs`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.core.rules import boilerplate_rules, metadata_rules

# A headline is short and does not end like a sentence.
_MAX_TITLE_CHARS = {"zh": 60, "en": 300}
_SENTENCE_END = regex.compile(r"[。.!?！？;；:：]\s*$")
# Metadata is looked for in the first lines, and further down while the body
# has not begun (a forum's chrome can fill the top of the page), within limits.
_HEAD_LINES, _MAX_HEAD_LINES = 8, 30
# A line with a full stop is prose: the body has begun. Above it, a footer
# line (a share bar, a forum post header) is furniture of one line only.
_PROSE = regex.compile(r"。|\.(\s|$)")
# A list entry under a related-list header may follow a blank line when it
# carries a list marker (· • ▪ ‧ ► 1. 2、).
_LIST_MARKER = regex.compile(r"^\s*([·•▪・‧.►▶■◆●○-]|\d{1,2}[.、\s])")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


@dataclass
class Layout:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: str | None = None
    source: str | None = None
    dateline_place: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    boilerplate: list[tuple[int, int, str]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, end excluding the line break."""
    spans = []
    for m in regex.finditer(r"[^\r\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _first_match(patterns, line: str):
    for p in patterns:
        m = p.regex.search(line)
        if m:
            return p.id, m
    return None, None


@dataclass(frozen=True)
class _Compiled:
    line: list
    footer: list
    block: list
    inline: list
    published: list
    source: list
    dateline_place: list
    not_title: list


_COMPILED: _Compiled | None = None


def _compiled() -> _Compiled:
    global _COMPILED  # compiled once per process, on first use
    if _COMPILED is None:
        b, m = boilerplate_rules(), metadata_rules()
        _COMPILED = _Compiled(
            line=[p.compile() for p in b.line],
            footer=[p.compile() for p in b.footer],
            block=[p.compile() for p in b.block],
            inline=[p.compile() for p in b.inline],
            published=[p.compile(regex.IGNORECASE) for p in m.published],
            source=[p.compile() for p in m.source],
            dateline_place=[p.compile() for p in m.dateline_place],
            not_title=[p.compile() for p in m.not_title],
        )
    return _COMPILED


def _iso(m) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _is_headline_shaped(line: str, lang: str) -> bool:
    """Short and not ending like a sentence: a headline, or a list entry."""
    family = "en" if lang == "en" else "zh"
    stripped = line.strip()
    return len(stripped) <= _MAX_TITLE_CHARS[family] and not _SENTENCE_END.search(stripped)


def _is_title_candidate(line: str, lang: str, rules: _Compiled) -> bool:
    return _is_headline_shaped(line, lang) and _first_match(rules.not_title, line.strip())[0] is None


@dataclass
class _Scan:
    """Where the line-by-line reading stands."""

    body_begun: bool = False  # a prose line has been kept
    in_footer: bool = False
    in_list: bool = False  # under a related-list header
    list_entries: int = 0


def analyze(source: str, text: str, lang: str) -> Layout:
    """Split the normalized text into metadata, boilerplate and body paragraphs.

    Strings reported (title, publisher) are sliced from `source`, so they keep
    the article's own script."""
    rules = _compiled()
    layout = Layout()
    lines = _lines(text)
    kept: dict[int, tuple[int, int]] = {}  # line index -> the part of it that is body
    scan = _Scan()
    head_count = 0
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if scan.in_footer:
            layout.boilerplate.append((start, end, "footer"))
            continue
        if index < _HEAD_LINES or (index < _MAX_HEAD_LINES and not scan.body_begun):
            head_count = index + 1
            _read_head_line(layout, source, start, line, rules)
        scan.in_list = scan.in_list and _is_list_entry(text, lines, index, scan.list_entries, lang)
        rule_id = _furniture(line, scan, rules)
        if rule_id:
            layout.boilerplate.append((start, end, rule_id))
            continue
        part = _cut_inline(layout, start, end, line, rules)
        if text[part[0]:part[1]].strip():
            kept[index] = part
            scan.body_begun = scan.body_begun or bool(_PROSE.search(text, *part))
    _choose_title(layout, source, text, lines[:head_count], kept, lang, rules)
    layout.paragraphs = [Paragraph(s, e) for s, e in kept.values() if (s, e) != layout.title_span]
    return layout


def _furniture(line: str, scan: _Scan, rules: _Compiled) -> str | None:
    """The id of the rule that makes this line furniture, opening a footer or
    a related list as a side effect on `scan`. A footer line also ends a list."""
    rule_id, _ = _first_match(rules.footer, line)
    if rule_id:
        scan.in_footer, scan.in_list = scan.body_begun, False
        return rule_id
    if scan.in_list:
        scan.list_entries += 1
        return "list_entry"
    rule_id, _ = _first_match(rules.block, line)
    if rule_id:
        scan.in_list, scan.list_entries = True, 0
        return rule_id
    return _first_match(rules.line, line)[0]


def _is_list_entry(text: str, lines, index: int, entries_before: int, lang: str) -> bool:
    """A headline under a related-list header: the list runs on over
    headline-shaped lines; a blank line ends it once it has begun, unless the
    next entry carries a list marker."""
    start, end = lines[index]
    line = text[start:end]
    if not _is_headline_shaped(line, lang):
        return False
    after_blank = text.count("\n", lines[index - 1][1], start) > 1
    return not (after_blank and entries_before) or bool(_LIST_MARKER.match(line))


def _cut_inline(layout: Layout, start: int, end: int, line: str, rules: _Compiled) -> tuple[int, int]:
    """The line without its inline furniture: a match at the start of the line
    cuts what it covers (a label before a headline), a match further on cuts
    to the end of the line (a credit after the body)."""
    rule_id, m = _first_match(rules.inline, line)
    if not m:
        return start, end
    if line[:m.start()].strip():
        layout.boilerplate.append((start + m.start(), end, rule_id))
        return start, start + m.start()
    layout.boilerplate.append((start, start + m.end(), rule_id))
    return start + m.end(), end


def _read_head_line(layout: Layout, source: str, offset: int, line: str, rules: _Compiled) -> None:
    if layout.published is None:
        _, m = _first_match(rules.published, line)
        if m:
            layout.published = _iso(m)
    if layout.source is None:
        _, m = _first_match(rules.source, line)
        if m:
            layout.source = source[offset + m.start("source"):offset + m.end("source")]
    if layout.dateline_place is None:
        _, m = _first_match(rules.dateline_place, line)
        if m:
            layout.dateline_place = source[offset + m.start("place"):offset + m.end("place")]


def _choose_title(layout, source, text, head, kept, lang, rules) -> None:
    """The headline: the line just above the date line if there is one,
    else the first short body line near the top that is not a kicker.
    `head` are the first lines, `kept` the body part of each line by index."""
    for i, (start, end) in enumerate(head):
        if _first_match(rules.published, text[start:end])[0] and i - 1 in kept:
            prev = kept[i - 1]
            if _is_title_candidate(text[prev[0]:prev[1]], lang, rules):
                _set_title(layout, source, prev)
                return
    for i in range(len(head)):
        if i not in kept:
            continue
        line = text[kept[i][0]:kept[i][1]]
        if _is_title_candidate(line, lang, rules):
            _set_title(layout, source, kept[i])
            return
        if _first_match(rules.not_title, line.strip())[0] is None:
            return  # the body has begun: this article has no headline line


def _set_title(layout: Layout, text: str, span: tuple[int, int]) -> None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    layout.title_span = (start, end)
    layout.title = text[start:end]
