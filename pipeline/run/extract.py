"""The library entry point: articles in, contract records out.

`extract_text` runs every stage on one text; `extract_documents` runs a batch
through `nlp.pipe`, one language at a time; `write_results` writes the two JSON Lines files
(`pipeline.run.batch.run` does a whole folder). The CLI is a thin shell over these.

A text longer than PIECE_CHARS (a whole report, a collection) is cut at
paragraph boundaries into pieces, each run through the pipeline on its own
with the article's layout (title, date, source, dateline), so the cost grows
linearly with the length; the records are shifted back to offsets in the whole
text (docs/batch.md, "Long files").
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core import records
from pipeline.core.metadata import Layout, Paragraph, analyze
from pipeline.core.normalize import normalize
from pipeline.core.read import Document
from pipeline.core.write import ARTICLES, COMMITMENTS, dumps, write_jsonl_atomic
from pipeline.run.languages import nlp_for
from schemas import Article, Commitment, Official, Span


@dataclass(frozen=True)
class Result:
    """What one input file yields."""

    article: Article
    commitments: list[Commitment]


@dataclass(frozen=True)
class Summary:
    files: int
    commitments: int
    errors: int
    seconds: float


def prepare(source: str, doc_id: str, use_ner: bool = True) -> Doc:
    """Stages 2-4: normalize, read the layout, segment; returns an unprocessed Doc."""
    norm = normalize(source)
    nlp = nlp_for(norm.lang, use_ner)
    doc = nlp.make_doc(norm.text)
    doc._.source = source
    doc._.lang = norm.lang
    doc._.doc_id = doc_id
    doc._.layout = analyze(source, norm.text, norm.lang)
    return doc


def _result(doc: Doc, sha256: str, warning: str | None = None) -> Result:
    commitments = records.commitments(doc)
    return Result(records.article(doc, sha256, len(commitments), warning), commitments)


def process(source: str, doc_id: str, use_ner: bool = True) -> Doc:
    """Every stage up to the linked Doc: prepare, then the language's pipeline."""
    doc = prepare(source, doc_id, use_ner)
    return nlp_for(doc._.lang, use_ner)(doc)


def extract_text(source: str, doc_id: str = "text", use_ner: bool = True, warning: str | None = None,
                 sha256: str | None = None, piece_chars: int | None = None) -> Result:
    """One text's records; a text longer than `piece_chars` (PIECE_CHARS) is
    extracted piece by piece."""
    sha256 = sha256 or hashlib.sha256(source.encode("utf-8")).hexdigest()
    limit = piece_chars or PIECE_CHARS
    if len(source) <= limit:
        return _result(process(source, doc_id, use_ner), sha256, warning)
    return _extract_pieces(source, doc_id, use_ner, sha256, warning, limit)


def extract_documents(documents: Iterable[Document], use_ner: bool = True) -> Iterator[Result]:
    """Extract a batch, in input order."""
    for document in documents:
        yield extract_text(document.text, document.doc_id, use_ner, document.warning, document.sha256)


# --------------------------------------------------------------------------
# Long texts
# --------------------------------------------------------------------------

# Parts of the stages grow faster than linearly with the length of a
# paragraph run, so a text beyond any news article is cut into pieces of about
# this size. Each piece also reads its context again, so pieces cost more per
# character than a whole text of this size (measured on English: a 170k text
# whole 2.6 s, in 50k pieces 4.3 s): only texts beyond what the stages handle
# whole are cut. News articles and the work reports stay below it.
PIECE_CHARS = 200_000
# A paragraph longer than a piece (a text without line breaks) is cut after a
# sentence end, or, with none in reach, at the piece size.
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|[.;](?=\s)")
# A later piece is read after the context the whole text would give it, not
# reported again: the article's opening (the paragraphs within _HEAD_CHARS:
# headline, dateline, "我代表国务院"), the latest _HEADINGS headings (the
# section a piece is in decides pledge or result: "二、今年工作任务"), and a
# lead-in of up to _LEAD_PARAGRAPHS paragraphs within _LEAD_CHARS (a speaker
# named just before the cut, "他表示").
_HEAD_CHARS = 1_000
_HEADINGS = 12
_HEADING_CHARS = 40  # a heading: a paragraph this short without a sentence end
_HEADING_END = re.compile(r"[。！？!?.;；:：,，]\s*$")
_LEAD_PARAGRAPHS = 3
_LEAD_CHARS = 2_000


@dataclass(frozen=True)
class _Piece:
    segments: list[tuple[int, int]]  # ranges of the whole text, joined into the piece's text
    report_from: int  # records starting before this belong to an earlier piece
    paragraphs: list[Paragraph]  # in whole-text offsets

    def to_whole(self, offset: int) -> int:
        """An offset in the piece's Doc as an offset in the whole text."""
        base = 0
        for start, end in self.segments:
            if offset < base + end - start or (start, end) == self.segments[-1]:
                return start + offset - base
            base += end - start
        return offset  # an empty piece

    def to_piece(self, offset: int) -> int:
        base = 0
        for start, end in self.segments:
            if start <= offset <= end:
                return base + offset - start
            base += end - start
        raise ValueError(f"offset {offset} is not in the piece")


def _extract_pieces(source: str, doc_id: str, use_ner: bool, sha256: str, warning: str | None,
                    limit: int) -> Result:
    norm = normalize(source)
    nlp = nlp_for(norm.lang, use_ner)
    layout = analyze(source, norm.text, norm.lang)
    layout.boilerplate.sort()
    boilerplate_starts = [start for start, _, _ in layout.boilerplate]
    commitments: list[Commitment] = []
    officials: dict[str, Official] = {}
    for piece in _pieces(_body_paragraphs(layout, norm.text, limit), norm.text, limit):
        doc = _piece_doc(source, norm.text, norm.lang, nlp, layout, piece, boilerplate_starts)
        doc._.doc_id = doc_id
        doc = nlp(doc)
        commitments += [_shifted(c, piece) for c in records.commitments(doc)
                        if piece.to_whole(c.span.start) >= piece.report_from]
        for official in records.officials(doc):
            moved = official.model_copy(update={"span": _span(official.span, piece)})
            key = re.sub(r"\s+", "", norm.text[moved.span.start:moved.span.end])
            officials.setdefault(key, moved)  # the pieces come in order: the first mention wins
    commitments.sort(key=lambda r: (r.span.start, r.span.end, r.id))
    article = Article(doc_id=doc_id, lang=norm.lang, title=layout.title, published=layout.published,
                      source=layout.source, officials=list(officials.values()),
                      n_commitments=len(commitments), sha256=sha256, chars=len(source), warning=warning)
    return Result(article, commitments)


def _piece_doc(source: str, text: str, lang: str, nlp: Language, layout: Layout, piece: _Piece,
               boilerplate_starts: list[int]) -> Doc:
    """The unprocessed Doc of one piece, with the article's layout."""
    def cut(whole: str) -> str:
        return "".join(whole[start:end] for start, end in piece.segments)

    doc = nlp.make_doc(cut(text))
    doc._.source = cut(source)
    doc._.lang = lang
    doc._.layout = _piece_layout(layout, piece, boilerplate_starts)
    return doc


def _body_paragraphs(layout: Layout, text: str, limit: int) -> list[Paragraph]:
    """The layout's paragraphs, those longer than `limit` cut into parts."""
    parts = []
    for para in layout.paragraphs:
        start = para.start
        while para.end - start > limit:
            cut = _sentence_cut(text, start, start + limit)
            parts.append(Paragraph(start, cut))
            start = cut
        parts.append(Paragraph(start, para.end))
    return parts


def _sentence_cut(text: str, start: int, end: int) -> int:
    """The last sentence end in text[start:end] past its middle, else `end`."""
    last = None
    for match in _SENTENCE_END.finditer(text, (start + end) // 2, end):
        last = match.end()
    return last or end


def _pieces(paragraphs: list[Paragraph], text: str, limit: int) -> Iterator[_Piece]:
    """Consecutive pieces, each a run of whole paragraphs of at most about
    `limit` characters after its context. The first starts at 0, the last
    ends with the text; together they report every offset once."""
    if not paragraphs:
        yield _Piece([(0, len(text))], 0, [])
        return
    head = _head_paragraphs(paragraphs)
    headings: deque[int] = deque(maxlen=_HEADINGS)
    first, start = 0, 0  # the current piece's first paragraph and where its own text begins
    for index in range(1, len(paragraphs) + 1):
        if _is_heading(text, paragraphs[index - 1]) and index - 1 >= head:
            headings.append(index - 1)
        last_piece = index == len(paragraphs)
        if not last_piece and paragraphs[index].end - start <= limit:
            continue
        end = len(text) if last_piece else paragraphs[index].start
        yield _piece(paragraphs, head, [h for h in headings if h < first], first, index, start, end)
        first, start = index, end


def _piece(paragraphs: list[Paragraph], head: int, headings: list[int], first: int, index: int,
           start: int, end: int) -> _Piece:
    """paragraphs[first:index] as a piece, after their context."""
    lead = _lead_in(paragraphs, first, start)
    if lead <= head:  # the context reaches back to the opening: read from the start
        return _Piece([(0, end)], start, paragraphs[:index])
    context = [i for i in headings if head <= i < lead]
    segments = [(0, paragraphs[head].start)]
    segments += [(paragraphs[i].start, paragraphs[i + 1].start) for i in context]
    segments.append((paragraphs[lead].start, end))
    return _Piece(segments, start, paragraphs[:head] + [paragraphs[i] for i in context] + paragraphs[lead:index])


def _head_paragraphs(paragraphs: list[Paragraph]) -> int:
    """How many paragraphs make the article's opening (at least one)."""
    count = 1
    while count < len(paragraphs) and paragraphs[count].end <= _HEAD_CHARS:
        count += 1
    return count


def _is_heading(text: str, para: Paragraph) -> bool:
    return para.end - para.start <= _HEADING_CHARS and not _HEADING_END.search(text, para.start, para.end)


def _lead_in(paragraphs: list[Paragraph], first: int, start: int) -> int:
    """Index of the first lead-in paragraph before paragraphs[first]."""
    lead = first
    while (lead > 0 and first - lead < _LEAD_PARAGRAPHS
           and start - paragraphs[lead - 1].start <= _LEAD_CHARS):
        lead -= 1
    return lead


def _piece_layout(layout: Layout, piece: _Piece, boilerplate_starts: list[int]) -> Layout:
    """The article's layout as seen from inside one piece: its metadata, the
    paragraphs and boilerplate of the piece's text, in the piece's offsets.
    `boilerplate_starts` (the sorted starts of layout.boilerplate) keeps the
    lookup of a piece's boilerplate from growing with the whole text."""
    def kept(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in piece.segments)

    def moved(start: int, end: int) -> tuple[int, int]:
        return piece.to_piece(start), piece.to_piece(end)

    boilerplate = []
    for seg_start, seg_end in piece.segments:
        index = bisect_left(boilerplate_starts, seg_start)
        while index < len(boilerplate_starts) and boilerplate_starts[index] < seg_end:
            start, end, rule = layout.boilerplate[index]
            if end <= seg_end:
                boilerplate.append((*moved(start, end), rule))
            index += 1
    title_span = layout.title_span if layout.title_span and kept(*layout.title_span) else None
    return replace(
        layout,
        title_span=moved(*title_span) if title_span else None,
        paragraphs=[Paragraph(*moved(p.start, p.end)) for p in piece.paragraphs],
        boilerplate=boilerplate,
    )


def _span(span: Span, piece: _Piece) -> Span:
    return Span(start=piece.to_whole(span.start), end=piece.to_whole(span.end))


def _shifted(record: Commitment, piece: _Piece) -> Commitment:
    """A piece's record with offsets (and so its id) in the whole text."""
    span = _span(record.span, piece)
    targets = [t.model_copy(update={"span": _span(t.span, piece)}) for t in record.targets]
    return record.model_copy(update={
        "span": span, "targets": targets,
        "id": records.record_id(record.doc_id, span.start, span.end, record.rule)})


def sort_key(record: Commitment) -> tuple:
    return (record.doc_id, record.span.start, record.span.end, record.id)


def write_results(out_dir: Path, results: list[Result]) -> None:
    articles = sorted((r.article for r in results), key=lambda a: a.doc_id)
    commitments = sorted((c for r in results for c in r.commitments), key=sort_key)
    write_jsonl_atomic(out_dir / COMMITMENTS, (dumps(c) for c in commitments))
    write_jsonl_atomic(out_dir / ARTICLES, (dumps(a) for a in articles))
