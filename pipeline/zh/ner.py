"""Stage 5b, recognize (statistical): the officials and agencies the rules miss.

A CRF trained by `minsheng train` (pipeline/tools/train.py, docs/ner.md) on
CLUENER2020 and the project's own sentences marks PERSON, TITLE, AGENCY and
PLACE (`zh/ner_crf.py`). It reads characters, not pkuseg tokens: its own
pipeline has spaCy's character segmenter, so an entity may end inside a
pkuseg token (张建国 in 张建国带), and its entities are character ranges
(`Entity`); `doc.ents` holds those that fall on token boundaries. Three
components of that pipeline, defined here, give each character its
features before the CRF reads it: the rule-lexicon matches it is part of,
the pkuseg word it is in and the names of jieba's dictionary it is part of
(docs/ner.md, "The model"). The rules stay in
charge; this component only adds, in the body paragraphs:

- officials: a PERSON that opens with a known surname, overlaps no official
  or mention the rules found, and has a post next to it: a title chain the
  rule parser reads, a title the rules know right after the name, or
  TITLE/AGENCY entities joined to it with a title the rules know among them.
  A name without a post may be a private citizen and is left out;
- agencies: AGENCY entities that look like one (a known suffix, or 市残联)
  and that no agency span covers, to doc.spans["agency"].

Officials the rules miss are those without a word the name parser expects
after a name (市长张建国带领…, 王丽芳副县长先后来到…, captions).
"""
from __future__ import annotations

from collections import defaultdict
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import numpy
import regex
import spacy
from spacy.attrs import DEP, LEMMA, NORM, TAG
from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.core.doc import doc_text
from pipeline.core.link import sentences
from pipeline.core.metadata import Paragraph
from pipeline.core.places import gazetteer
from pipeline.core.types import Official
import pipeline.zh.ner_crf  # noqa: F401 (the factory of the saved model's CRF)
from pipeline.zh.recognize import (
    ZhLexicon,
    find_mentions,
    make_official,
    parse_chain,
    place_of,
    zh_lexicon,
)
from pipeline.zh.segmenter import shared_segmenter

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "zh_ner"
RULE = "zh.ner.person"
_POST = ("TITLE", "AGENCY")
_NAME = regex.compile(r"\p{Han}{2,4}")
_SHORT_AGENCY = regex.compile(r"(?:省|市|县|区)\p{Han}{2}")
_LONG_WORD = 5  # longer pkuseg words share one length feature
_NOT_NAME_END = "的地得了着过们在和与及等"  # particles and conjunctions
# jieba's classes of names: organizations, places, people, transliterated
# people, other proper names, abbreviations (发改委, 央行)
_NAME_CLASSES = {"nt", "ns", "nr", "nrt", "nz", "j"}
_LONGEST_NAME = 12


class Entity(NamedTuple):
    """A character range the model marked; named like a spaCy Span's
    attributes so the post-joining code reads either."""
    start_char: int
    end_char: int
    label_: str
    text: str


@Language.component("minsheng_char_lexicon")
def char_lexicon(doc: Doc) -> Doc:
    """Each character token's LEMMA says which rule lexicons cover it and
    where in the match it stands (`PB`: first character of a place, `AE`:
    last of an agency ending, `O`: none). What the project's lexicons know
    (titles, agency endings, central agencies, places) is then known to the
    model beyond the 10,000 sentences it learns from."""
    return _set_hashes(doc, LEMMA, _span_marks(doc, _lexicon_spans(doc.text)))


@Language.component("minsheng_char_words")
def char_words(doc: Doc) -> Doc:
    """Each character token's TAG says how long the pkuseg word it is part
    of is and where in it it stands (`3B`: first of a word of three, `5I`:
    inside a word of five or more, `1S`: a word of its own), and its NORM
    which word that is and where in it it stands (`国务院|0`, `国务院|2E`).
    The segmenter's words mark the edges of names longer than a bigram
    (全国人大常委会 is 全国/人大/常委会), which the characters alone leave
    a model to guess; the word itself lifted the CRF's AGENCY and PLACE on
    the validation split (docs/ner.md, "A CRF", run 19e)."""
    shapes: dict[int, str] = {}
    words: dict[int, str] = {}
    cursor = 0
    for word in shared_segmenter().cut(doc.text):
        start = doc.text.find(word, cursor)  # pkuseg drops spaces: find each word's offset again
        if start < 0:
            continue
        cursor = start + len(word)
        for i in range(len(word)):
            shapes[start + i] = str(min(len(word), _LONG_WORD)) + _place_in(i, len(word))
            words[start + i] = f"{word}|{i}{'E' if i == len(word) - 1 else ''}"
    _set_hashes(doc, TAG, [shapes.get(token.idx, "") for token in doc])
    return _set_hashes(doc, NORM, [words.get(token.idx, "") for token in doc])


@Language.component("minsheng_char_dictionary")
def char_dictionary(doc: Doc) -> Doc:
    """Each character token's DEP says which words of jieba's dictionary of
    names cover it, by their class, and where it stands in each (`ntB`: first
    character of an organization's name, `nsE`: last of a place's). The
    dictionary (349,046 words with their part of speech, counted by jieba's
    authors over a large corpus) holds 112,220 names: 4,677 organizations
    (全国人大常委会, 民政局), 17,481 places and
    78,317 people that neither CLUENER's 10,748 sentences nor the rule
    lexicons hold. On CLUENER dev it raised the three-seed mean of the
    CNN's AGENCY, before the CRF, from 0.725 to 0.742 (docs/ner.md, run 17)."""
    return _set_hashes(doc, DEP, _span_marks(doc, _name_spans(doc.text)))


def _name_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Every name of the dictionary in `text`, overlapping ones too."""
    names = _name_dictionary()
    for start in range(len(text)):
        for end in range(start + 2, min(len(text), start + _LONGEST_NAME) + 1):
            kind = names.get(text[start:end])
            if kind:
                yield kind, start, end


@cache
def _name_dictionary() -> dict[str, str]:
    """jieba's dictionary (`word count tag` a line), its names only: the
    classes in _NAME_CLASSES, of two to _LONGEST_NAME characters."""
    names = {}
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, _, kind = line.split()
            if kind in _NAME_CLASSES and 2 <= len(word) <= _LONGEST_NAME:
                names[word] = kind
    return names


def _span_marks(doc: Doc, spans: Iterable[tuple[str, int, int]]) -> list[str]:
    """Per character token, the kinds of the spans covering it, each with the
    character's place in the span, sorted and joined (`jBntI`), or `O`."""
    marks: dict[int, set[str]] = defaultdict(set)
    for kind, start, end in spans:
        for i in range(start, end):
            marks[i].add(kind + _place_in(i - start, end - start))
    return ["".join(sorted(marks.get(token.idx, ()))) or "O" for token in doc]


def _place_in(i: int, length: int) -> str:
    """B/I/E/S: where the i-th character stands in a word or match of `length`."""
    return "S" if length == 1 else "B" if i == 0 else "E" if i == length - 1 else "I"


def _set_hashes(doc: Doc, attr: int, values: list[str]) -> Doc:
    """Set one token attribute to the hashes of `values`. The model reads
    only the hash; storing each new bigram as a string (token.norm_ = ...)
    would grow the vocabulary through a long run."""
    doc.from_array([attr], numpy.array([[hash_string(v)] for v in values], dtype="uint64").reshape(-1, 1))
    return doc


def _lexicon_spans(text: str) -> Iterator[tuple[str, int, int]]:
    lex = zh_lexicon()
    for kind, pattern in (("T", lex.title), ("R", lex.roles), ("A", lex.agency_suffix), ("C", lex.central)):
        for m in pattern.finditer(text):
            yield kind, m.start(), m.end()
    for m in gazetteer().finditer(text):
        yield ("P", *m.span())


# The model's feature components, in the order its pipeline runs them.
FEATURES = {"minsheng_char_lexicon": char_lexicon, "minsheng_char_words": char_words,
            "minsheng_char_dictionary": char_dictionary}


def char_features(doc: Doc) -> Doc:
    """What the model's pipeline sets before its `ner` reads a Doc: training
    (`tools/train.py`) calls this on the Docs it learns from."""
    for feature in FEATURES.values():
        doc = feature(doc)
    return doc


def model_available(model_dir: Path = MODEL_DIR) -> bool:
    return (model_dir / "config.cfg").is_file()


def load_model(model_dir: Path = MODEL_DIR) -> Language:
    """The trained pipeline with its own character tokenizer and vocab."""
    return spacy.load(model_dir)


def recognize(model: Language, texts: Iterable[str]) -> Iterator[list[Entity]]:
    """The model's entities in each text (a matching copy, `core/normalize`),
    offsets into that text. `minsheng ner-eval` scores exactly this."""
    for doc in model.pipe(texts, batch_size=64):
        yield [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


class NerStage:
    def __init__(self, nlp: Language, model_dir: Path):
        self.model_dir = model_dir

    @cached_property
    def model(self) -> Language:
        """Loaded when a sentence first needs it (0.2 s): a run whose
        articles leave no title uncovered, such as a one-file start-up,
        never pays for it."""
        return load_model(self.model_dir)

    def load(self) -> Language:
        """The model and the name dictionary its features read, loaded now:
        before workers fork, so they share them."""
        _name_dictionary()
        return self.model

    def __call__(self, doc: Doc) -> Doc:
        ents = self._entities(doc)
        doc.ents = filter_spans(s for s in (doc.char_span(e.start_char, e.end_char, label=e.label_) for e in ents)
                                if s is not None)
        return self._merge(doc, ents)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _entities(self, doc: Doc) -> list[Entity]:
        """The model reads only the sentences where a title stands outside
        every official the rules found: the only places it can add one. That
        is a small part of an article, and the model is the costliest stage."""
        text = doc_text(doc)
        ranges = _candidate_sentences(doc, zh_lexicon())
        if not ranges:
            return []
        found = recognize(self.model, [text[start:end] for start, end in ranges])
        return [Entity(start + e.start_char, start + e.end_char, e.label_, e.text)
                for (start, _), ents in zip(ranges, found) for e in ents]

    def _merge(self, doc: Doc, entities: list[Entity]) -> Doc:
        lex = zh_lexicon()
        ents = _body_entities(doc, entities)
        added = _new_officials(doc, ents, lex)
        if added:
            doc._.officials = sorted([*doc._.officials, *added], key=lambda o: o.start)
            doc._.mentions = find_mentions(doc, doc._.officials, lex)
        _extend_group(doc, "person", [doc.char_span(*o.name_span, label="PERSON") for o in added])
        _extend_group(doc, "agency", [doc.char_span(e.start_char, e.end_char, label="AGENCY") for e, _ in ents
                                      if e.label_ == "AGENCY" and _looks_like_agency(e.text, lex)])
        return doc


@Chinese.factory("minsheng_ner", default_config={"model_dir": str(MODEL_DIR)})
def make_ner_stage(nlp: Language, name: str, model_dir: str) -> NerStage:
    return NerStage(nlp, Path(model_dir))


# --------------------------------------------------------------------------- officials

def _candidate_sentences(doc: Doc, lex: ZhLexicon) -> list[tuple[int, int]]:
    text = doc_text(doc)
    covered = [(o.start, o.end) for o in doc._.officials]
    out = []
    for para in doc._.layout.paragraphs:
        for start, end in sentences(text, para.start, para.end):
            if any(not any(s <= m.start() < e for s, e in covered) for m in lex.title.finditer(text, start, end)):
                out.append((start, end))
    return out


def _body_entities(doc: Doc, entities: list[Entity]) -> list[tuple[Entity, Paragraph]]:
    """Entities inside a body paragraph, with it: boilerplate (bylines,
    credits) is not body, so a reporter never becomes an official."""
    out = []
    for ent in entities:
        para = next((p for p in doc._.layout.paragraphs if p.start <= ent.start_char and ent.end_char <= p.end), None)
        if para is not None:
            out.append((ent, para))
    return out


def _new_officials(doc: Doc, ents: list[tuple[Entity, Paragraph]], lex: ZhLexicon) -> list[Official]:
    taken = [(o.start, o.end) for o in doc._.officials] + [(m.start, m.end) for m in doc._.mentions]
    known = {doc_text(doc)[slice(*o.name_span)] for o in doc._.officials if o.name_span}
    added = []
    for i, (ent, para) in enumerate(ents):
        if ent.label_ != "PERSON" or not _looks_like_name(ent.text, lex) or ent.text in known \
                or any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        official = _from_rules(doc, para, ent, lex) or _from_entities(doc, [e for e, _ in ents], i, lex)
        if official:
            added.append(official)
            taken.append((official.start, official.end))
            known.add(ent.text)
    return added


def _looks_like_name(text: str, lex: ZhLexicon) -> bool:
    """A known surname and one or two given-name characters: the model finds
    where a name is, the lexicon vouches that it is one; a name does not end
    in a particle (秦香的)."""
    surname = next((s for s in lex.surnames if text.startswith(s)), None)  # longest first
    return surname is not None and bool(_NAME.fullmatch(text)) \
        and 1 <= len(text) - len(surname) <= 2 and text[-1] not in _NOT_NAME_END


def _looks_like_agency(text: str, lex: ZhLexicon) -> bool:
    """An agency ends with a known suffix (the model finds where it starts:
    联合市总工会, 记者从市人社局了解到) or is a level and a short form (市残联,
    省科协); the model's longer guesses run on into the verb too often."""
    return bool(lex.agency_end.search(text) or _SHORT_AGENCY.fullmatch(text))


def _from_rules(doc: Doc, para: Paragraph, ent: Entity, lex: ZhLexicon) -> Official | None:
    """The rules' own reading of the post: a title chain before the name
    (市妇联党组书记胡春梅带领…) or a title right after it (王丽芳副县长来到…)."""
    name = (ent.start_char, ent.end_char)
    units = parse_chain(doc_text(doc), para.start, ent.start_char, lex)
    if units:
        return make_official(doc, units, name, doc._.context, lex, RULE)
    after = lex.title.match(doc_text(doc), ent.end_char, para.end)
    if after:
        return _official(doc, name, start=name[0], end=after.end(), titles=[(after.start(), after.end())],
                         agency=None, lex=lex)
    return None


def _from_entities(doc: Doc, ents: list[Entity], i: int, lex: ZhLexicon) -> Official | None:
    """A post the model marked: TITLE/AGENCY entities joined to the name. At
    least one TITLE must hold a title the rules know: an agency alone does
    not make an official (重庆邮电大学应届毕业生黎维 is a student)."""
    before, after = _post_before(doc_text(doc), ents, i), _post_after(doc_text(doc), ents, i)
    post = before + after
    titles = [(e.start_char, e.end_char) for e in post if e.label_ == "TITLE"]
    if not any(lex.title.search(doc_text(doc), s, e) for s, e in titles):
        return None
    name = ents[i]
    agency = next(((e.start_char, e.end_char) for e in post if e.label_ == "AGENCY"), None)
    return _official(doc, (name.start_char, name.end_char),
                     start=(before or [name])[0].start_char, end=(after or [name])[-1].end_char,
                     titles=titles, agency=agency, lex=lex)


def _post_before(text: str, ents: list[Entity], i: int) -> list[Entity]:
    """市残联理事长刘洋, 市委常委、秘书长刘洋: entities right before the name,
    joined by nothing or 、."""
    chain: list[Entity] = []
    edge = ents[i].start_char
    for ent in reversed(ents[:i]):
        if ent.label_ not in _POST or text[ent.end_char:edge] not in ("", "、"):
            break
        chain.insert(0, ent)
        edge = ent.start_char
    return chain


def _post_after(text: str, ents: list[Entity], i: int) -> list[Entity]:
    """刘洋副县长, 刘洋(市残联理事长): entities right after the name; a
    caption opens a parenthesis first."""
    chain: list[Entity] = []
    edge, joins = ents[i].end_char, ("", "(")
    for ent in ents[i + 1:]:
        if ent.label_ not in _POST or text[edge:ent.start_char] not in joins:
            break
        chain.append(ent)
        edge, joins = ent.end_char, ("", "、")
    return chain


def _official(doc: Doc, name: tuple[int, int], start: int, end: int, titles: list[tuple[int, int]],
              agency: tuple[int, int] | None, lex: ZhLexicon) -> Official:
    source = doc._.source
    return Official(kind="official", start=start, end=end, name=source[name[0]:name[1]], name_span=name,
                    titles=tuple(source[s:e] for s, e in titles),
                    agency=source[agency[0]:agency[1]] if agency else None, agency_span=agency,
                    place=place_of(doc_text(doc)[agency[0]:agency[1]], doc._.context, lex) if agency else None,
                    rule=RULE)


# --------------------------------------------------------------------------- span groups

def _extend_group(doc: Doc, key: str, spans: list[Span | None]) -> None:
    """Add spans to a review group, skipping any that overlap what is there."""
    group = list(doc.spans[key]) if key in doc.spans else []
    for span in spans:
        if span is not None and not any(g.start < span.end and span.start < g.end for g in group):
            group.append(span)
    doc.spans[key] = group
