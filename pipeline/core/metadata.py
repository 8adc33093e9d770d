"""Stage 3, metadata and layout: title, date, publisher, boilerplate, body.

Works on the normalized text line by line. Boilerplate (navigation, credits,
copyright blocks, share widgets, issue lists) is cut out here so that no
later stage can read a reporter as an official or a phone number as a target:
later stages see only `Layout.paragraphs`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.core.rules import boilerplate_rules, metadata_rules

# A headline is short and does not end like a sentence.
_MAX_TITLE_CHARS = {"zh": 60, "en": 300}
_SENTENCE_END = regex.compile(r"[。.!?！？;；:：]\s*$")
_HEAD_LINES = 8  # metadata is looked for in the first lines only


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


def _is_title_candidate(line: str, lang: str, rules: _Compiled) -> bool:
    family = "en" if lang == "en" else "zh"
    stripped = line.strip()
    if len(stripped) > _MAX_TITLE_CHARS[family] or _SENTENCE_END.search(stripped):
        return False
    return _first_match(rules.not_title, stripped)[0] is None


def analyze(source: str, text: str, lang: str) -> Layout:
    """Split the normalized text into metadata, boilerplate and body paragraphs.

    Strings reported (title, publisher) are sliced from `source`, so they keep
    the article's own script."""
    rules = _compiled()
    layout = Layout()
    lines = _lines(text)
    body: list[tuple[int, int]] = []
    in_footer = False
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if in_footer:
            layout.boilerplate.append((start, end, "footer"))
            continue
        rule_id, _ = _first_match(rules.footer, line)
        if rule_id:
            in_footer = True
            layout.boilerplate.append((start, end, rule_id))
            continue
        if index < _HEAD_LINES:
            _read_head_line(layout, source, start, line, rules)
        rule_id, _ = _first_match(rules.line, line)
        if rule_id:
            layout.boilerplate.append((start, end, rule_id))
            continue
        rule_id, m = _first_match(rules.inline, line)
        if m:
            layout.boilerplate.append((start + m.start(), end, rule_id))
            end = start + m.start()
        if text[start:end].strip():
            body.append((start, end))
    _choose_title(layout, source, text, lines, body, lang, rules)
    layout.paragraphs = [Paragraph(s, e) for s, e in body if (s, e) != layout.title_span]
    return layout


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


def _choose_title(layout, source, text, lines, body, lang, rules) -> None:
    """The headline: the line just above the date line if there is one,
    else the first short body line near the top that is not a kicker."""
    body_set = set(body)
    head = lines[:_HEAD_LINES]
    for i, (start, end) in enumerate(head):
        if _first_match(rules.published, text[start:end])[0] and i > 0:
            prev = head[i - 1]
            if prev in body_set and _is_title_candidate(text[prev[0]:prev[1]], lang, rules):
                _set_title(layout, source, prev)
                return
    for span in head:
        if span not in body_set:
            continue
        line = text[span[0]:span[1]]
        if _is_title_candidate(line, lang, rules):
            _set_title(layout, source, span)
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
