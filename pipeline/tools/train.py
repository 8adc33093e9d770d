"""Training the statistical NER stage (`minsheng train`, see docs/ner.md).

The model learns real Chinese from the train split of CLUENER2020 (10,748 news
sentences, `../shared/peer/cluener2020/train.json`, labels mapped as
`tools/ner_eval.py` maps them) and the register of our articles from the
project's own corpus (`data/annotated/corpus.jsonl`, one annotated sentence a
line, spans as character offsets), built from three sources:

- `written`: sentences written by hand in the register of our articles
  (`data/annotated/written.txt`, entities marked `[text](LABEL)`);
- `template`: frames from `data/annotated/templates.yaml` filled from the rule
  lexicons (surnames, given-name characters, titles, agency suffixes, places);
- `weak`: the body sentences of `data/raw/` as the rule stage reads them
  (officials, mentions, clause subjects); where an entity the rules did not
  read may be (a place name, a title word, an agency suffix), the labels are
  missing rather than O.

Every sentence of the project's corpus belongs to a group (a written line, a
template frame, an article's sentence); the held-out split takes whole groups,
so a frame is never both trained on and tested on. CLUENER's own dev split is
the held-out set for CLUENER. The model reads characters (spaCy's `char`
segmenter), not pkuseg tokens: docs/ner.md has the measurement. The model is
a linear-chain CRF (`zh/ner_crf.py`) fitted by L-BFGS, which draws nothing at
random: the seed draws the template sentences and the held-out split, and the
same seed and inputs give the same corpus and the same model bytes.
"""
from __future__ import annotations

import json
import random
import time
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

import regex
import spacy
import yaml
from pydantic import BaseModel, ConfigDict, model_validator
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example, offsets_to_biluo_tags

from pipeline.core.link import sentences
from pipeline.core.normalize import normalize
from pipeline.core.places import gazetteer
from pipeline.core.read import ReadError, iter_inputs, read_document
from pipeline.core.rules import read_jsonl, read_tsv, read_words
from pipeline.core.types import Official
from pipeline.run.extract import prepare
from pipeline.tools.ner_eval import SCORED, predict, read_cluener, score
from pipeline.zh.ner import FEATURES, char_features
from pipeline.zh.ner_crf import crf_items, fit_crf
from pipeline.zh.nlp import chinese_nlp
from pipeline.zh.recognize import ZhLexicon, subject_at, zh_lexicon
from pipeline.zh.rules import title_rules

ROOT = Path(__file__).resolve().parents[2]
ANNOTATED = ROOT / "data" / "annotated"
RAW = ROOT / "data" / "raw"
CLUENER = ROOT.parent / "shared" / "peer" / "cluener2020"
LABELS = SCORED
# CLUENER's organizations and companies are learnt as labels of their own,
# and the model's component drops them (`zh/ner_crf.py`): the CRF then tells
# a government body from another organization (docs/ner.md, run 20).
LEARNT = (*SCORED, "ORG", "COMPANY")
SOURCES = ("written", "template", "weak")
HELD_OUT_FRACTION = 0.2
# Templates teach the officials' patterns of our register (市长张建国带领…);
# more of them taught the model the templates rather than Chinese.
TEMPLATE_SENTENCES = 600
# The CRF's L1 and L2 weights and L-BFGS iterations (docs/ner.md: 300
# iterations scored lower on the validation split than 150).
CRF_C1 = 0.05
CRF_C2 = 0.01
CRF_ITERATIONS = 150


class EntitySpan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: int
    end: int
    label: Literal["PERSON", "TITLE", "AGENCY", "PLACE", "ORG", "COMPANY"]


class CharRange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: int
    end: int


class AnnotatedSentence(BaseModel):
    """One corpus line. `missing`: character ranges whose labels the source
    does not know (tokens there are neither entities nor O in training);
    `group` keeps variants of one source sentence together."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    spans: tuple[EntitySpan, ...]
    missing: tuple[CharRange, ...] = ()
    source: Literal["written", "template", "weak", "cluener"]
    group: str

    @model_validator(mode="after")
    def _spans_fit(self) -> "AnnotatedSentence":
        previous_end = 0
        for span in sorted(self.spans, key=lambda s: s.start):
            if not previous_end <= span.start < span.end <= len(self.text):
                raise ValueError(f"span {span} overlaps another or lies outside {self.text!r}")
            previous_end = span.end
        return self


def _sentence(text: str, spans: Iterable[tuple[int, int, str]], source: str, group: str,
              missing: Iterable[tuple[int, int]] = ()) -> AnnotatedSentence:
    return AnnotatedSentence(text=text, source=source, group=group,
                             spans=tuple(EntitySpan(start=s, end=e, label=label) for s, e, label in spans),
                             missing=tuple(CharRange(start=s, end=e) for s, e in missing))


# --------------------------------------------------------------------------- written

_MARK = regex.compile(rf"\[([^\[\]]+)\]\(({'|'.join(LABELS)})\)")


def parse_markup(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`[市长](TITLE)[郑立群](PERSON)陪同调研。` -> the plain text and its spans."""
    text, spans, pos = "", [], 0
    for m in _MARK.finditer(line):
        text += line[pos:m.start()]
        spans.append((len(text), len(text) + len(m.group(1)), m.group(2)))
        text += m.group(1)
        pos = m.end()
    return text + line[pos:], spans


def written_sentences(path: Path = ANNOTATED / "written.txt") -> Iterator[AnnotatedSentence]:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            text, spans = parse_markup(line.strip())
            yield _sentence(text, spans, "written", f"written:{lineno}")


# --------------------------------------------------------------------------- templates

_SLOT = regex.compile(r"\{([a-z]+)\d*\}")
_LABELLED_SLOTS = {"person": "PERSON", "title": "TITLE", "agency": "AGENCY", "place": "PLACE"}
# Titles that take a party-body prefix (党组书记, 党委副书记, 党组成员).
_BODY_PREFIXED = ("书记", "副书记", "成员", "委员")


class TemplateFiller:
    """Fills the frames of templates.yaml from the rule lexicons, drawing from `rng`."""

    def __init__(self, spec: dict, rng: random.Random):
        self.rng = rng
        self.spec = spec
        self.frames: list[str] = spec["frames"]

    @cached_property
    def _surnames(self) -> tuple[list[str], list[float]]:
        # surnames.txt lists the most common first; a steep weight by rank keeps
        # rare compound surnames (子车, 长孙) as rare as they are in real text
        names = list(read_words("surnames.txt"))
        return names, [(rank + 5) ** -1.5 for rank in range(len(names))]

    @cached_property
    def _given(self) -> tuple[str, ...]:
        return read_words("zh/given_names.txt")

    @cached_property
    def _places(self) -> list[dict[str, str]]:
        return read_tsv("places.tsv")

    @cached_property
    def _agency_bodies(self) -> list[str]:
        suffixes = set(read_words("zh/agency_suffixes.txt"))
        bodies = []
        for body, endings in self.spec["agencies"].items():
            unknown = [e for e in endings if e and e not in suffixes]
            if unknown:
                raise ValueError(f"templates.yaml: {body}: suffixes {unknown} are not in rules/zh/agency_suffixes.txt")
            bodies.extend(body + ending for ending in endings)
        return bodies

    @cached_property
    def _speech(self) -> list[str]:
        return [p.pattern for p in read_jsonl("zh/speech.jsonl") if isinstance(p.pattern, str)]

    def person(self) -> str:
        names, weights = self._surnames
        surname = self.rng.choices(names, weights)[0]
        return surname + "".join(self.rng.choice(self._given) for _ in range(self.rng.choice((1, 2, 2))))

    def title(self) -> str:
        rules = title_rules()
        base = self.rng.choice(rules.bases)
        body = self.rng.choice(rules.body_prefixes) if base in _BODY_PREFIXED and self.rng.random() < 0.4 else ""
        rank = "" if base.startswith("副") else self._rank(rules.rank_prefixes)
        return body + rank + base

    def _rank(self, prefixes: list[str]) -> str:
        # 副 is by far the most common rank; 常务副, 代理, 第一 are rare
        roll = self.rng.random()
        return "副" if roll < 0.25 else self.rng.choice(prefixes) if roll < 0.3 else ""

    def place(self) -> str:
        row = self.rng.choice(self._places)
        return row["name"] if self.rng.random() < 0.7 or not row["short"] else row["short"]

    def agency(self) -> str:
        roll = self.rng.random()
        prefix = self.rng.choice(self.spec["agency_levels"]) if roll < 0.4 else self.place()
        return prefix + self.rng.choice(self._agency_bodies)

    def filler(self, slot: str) -> str:
        if slot in _LABELLED_SLOTS:
            return getattr(self, slot)()
        if slot == "speech":
            return self.rng.choice(self._speech)
        return self.rng.choice(self.spec["fillers"][slot])

    def fill(self, frame: str) -> tuple[str, list[tuple[int, int, str]]]:
        text, spans, pos = "", [], 0
        for m in _SLOT.finditer(frame):
            text += frame[pos:m.start()]
            value = self.filler(m.group(1))
            if m.group(1) in _LABELLED_SLOTS:
                spans.append((len(text), len(text) + len(value), _LABELLED_SLOTS[m.group(1)]))
            text += value
            pos = m.end()
        return text + frame[pos:], spans


def template_sentences(rng: random.Random, n: int = TEMPLATE_SENTENCES,
                       path: Path = ANNOTATED / "templates.yaml") -> Iterator[AnnotatedSentence]:
    filler = TemplateFiller(yaml.safe_load(path.read_text(encoding="utf-8")), rng)
    for i in range(n):
        frame_id = i % len(filler.frames)
        text, spans = filler.fill(_in_context(filler.frames[frame_id], rng))
        yield _sentence(text, spans, "template", f"template:{frame_id}")


def _in_context(frame: str, rng: random.Random) -> str:
    """Half the frames open with an entity-free clause, a third go on with one."""
    if rng.random() < 0.5:
        frame = "{context}，" + frame
    if rng.random() < 0.33:
        frame = frame.rstrip("。") + "，{context}。"
    return frame


# --------------------------------------------------------------------------- weak labels

def official_spans(source: str, official: Official) -> list[tuple[int, int, str]]:
    """Name, agency and title spans of a rule-found official. Titles are
    stored as strings; they are found again, in order, inside the mention."""
    spans = [(*official.name_span, "PERSON")] if official.name_span else []
    cursor = official.start
    if official.agency_span:
        spans.append((*official.agency_span, "AGENCY"))
        cursor = official.agency_span[1]
    if official.kind != "official":
        return spans  # an unnamed official's "title" is a role word (相关负责人)
    for title in official.titles:
        at = source.find(title, cursor, max(official.end, official.name_span[1]))
        if at >= 0 and not _overlaps((at, at + len(title)), spans):
            spans.append((at, at + len(title), "TITLE"))
            cursor = at + len(title)
    return spans


def _overlaps(span: tuple[int, int], others: Iterable[tuple]) -> bool:
    return any(o[0] < span[1] and span[0] < o[1] for o in others)


def weak_sentences(raw_dir: Path = RAW) -> Iterator[AnnotatedSentence]:
    """Every body sentence of the Chinese articles in `raw_dir`, read by the
    rule stage only (the model must not teach itself). Real prose is what
    the templates lack: it teaches the model what is not an entity."""
    for path, doc_id in iter_inputs(raw_dir):
        try:
            document = read_document(path, doc_id)
        except ReadError:
            continue  # `minsheng extract` reports unreadable files; here they just add nothing
        doc = prepare(document.text, doc_id, use_ner=False)
        if doc._.lang != "en":
            yield from _weak_sentences_of(chinese_nlp(use_ner=False)(doc))


def _weak_sentences_of(doc: Doc) -> Iterator[AnnotatedSentence]:
    lex = zh_lexicon()
    for para in doc._.layout.paragraphs:
        for start, end in sentences(doc.text, para.start, para.end):
            spans = _rule_spans(doc, start, end, lex)
            missing = [r for r in _unsure_ranges(doc.text, start, end, lex) if not _overlaps(r, spans)]
            yield _sentence(doc._.source[start:end], [(s - start, e - start, label) for s, e, label in spans],
                            "weak", f"weak:{doc._.doc_id}:{start}", [(s - start, e - start) for s, e in missing])


def _rule_spans(doc: Doc, start: int, end: int, lex: ZhLexicon) -> list[tuple[int, int, str]]:
    """What the rules read in text[start:end]: officials (name, titles,
    agency), later mentions by name, and the agency or place that opens a
    clause. The first reading of a stretch of text wins."""
    found: list[tuple[int, int, str]] = []
    readings = [span for o in doc._.officials for span in official_spans(doc._.source, o)]
    readings += [(m.start, m.end, "PERSON") for m in doc._.mentions if m.rule == "zh.mention.name"]
    for clause in regex.finditer(r"[^,，;；:：]+", doc.text[start:end]):
        subject = subject_at(doc, start + clause.start(), start + clause.end(), doc._.context, lex)
        if subject and subject.kind == "agency":
            readings.append((subject.start, subject.end, "AGENCY"))
        elif subject and subject.rule == "zh.subject.place":
            readings.append((subject.start, subject.end, "PLACE"))
    for span in readings:
        if start <= span[0] and span[1] <= end and not _overlaps(span, found):
            found.append(span)
    return sorted(found)


def _unsure_ranges(text: str, start: int, end: int, lex: ZhLexicon) -> list[tuple[int, int]]:
    """Where an entity the rules did not read may be: place names, titles,
    role words and agency suffixes (市卫健委 in the middle of a clause)."""
    patterns = (lex.title, lex.roles, lex.agency_suffix)
    places = [m.span() for m in gazetteer().finditer(text, start, end)]
    return places + [m.span() for p in patterns for m in p.finditer(text, start, end)]


# --------------------------------------------------------------------------- corpus

def build_corpus(seed: int, raw_dir: Path = RAW) -> list[AnnotatedSentence]:
    rng = random.Random(seed)
    return [*written_sentences(), *template_sentences(rng), *weak_sentences(raw_dir)]


def write_corpus(corpus: list[AnnotatedSentence], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(s.model_dump(), ensure_ascii=False) for s in corpus)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_corpus(path: Path) -> list[AnnotatedSentence]:
    return [AnnotatedSentence.model_validate_json(line)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split(corpus: list[AnnotatedSentence], seed: int) -> tuple[list[AnnotatedSentence], list[AnnotatedSentence]]:
    """(train, held_out): a seeded fifth of each source's groups is held out."""
    rng = random.Random(seed)
    held_groups: set[str] = set()
    for source in SOURCES:
        groups = sorted({s.group for s in corpus if s.source == source})
        rng.shuffle(groups)
        held_groups.update(groups[:round(len(groups) * HELD_OUT_FRACTION)])
    return ([s for s in corpus if s.group not in held_groups],
            [s for s in corpus if s.group in held_groups])


def cluener_sentences(path: Path) -> list[AnnotatedSentence]:
    """CLUENER sentences as corpus sentences with our four labels and
    CLUENER's organizations and companies (ORG, COMPANY); its other types
    become O. Of two overlapping entities (rare: an address nested in a
    name) the first and longer is kept. With ORG and COMPANY as O the CRF
    scored AGENCY 0.007 and PLACE 0.013 lower on the validation split and
    lower on every type of the project's held-out sentences (docs/ner.md,
    run 20); the CNN before it had scored AGENCY lower with them."""
    out = []
    for i, (text, spans) in enumerate(read_cluener(path)):
        kept: list[tuple[int, int, str]] = []
        for span in sorted(spans, key=lambda s: (s[0], -s[1])):
            if not _overlaps(span, kept):
                kept.append(span)
        out.append(_sentence(text, [span for span in kept if span[2] in LEARNT], "cluener", f"cluener:{i}"))
    return out


# --------------------------------------------------------------------------- training

def feature_nlp() -> Language:
    """A blank Chinese pipeline that reads one character a token (spaCy's
    `char` segmenter: no pkuseg, so the model folder holds its tokenizer) and
    gives each character its features (`zh/ner.py`)."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    for name in FEATURES:
        nlp.add_pipe(name)
    return nlp


def to_example(nlp: Language, sentence: AnnotatedSentence) -> Example:
    doc, tags = _tagged(nlp, sentence)
    return Example.from_dict(doc, {"entities": tags})


def crf_sequences(nlp: Language, sentence: AnnotatedSentence) -> Iterator[tuple[list[list[str]], list[str]]]:
    """A sentence as the CRF learns it: each character's features and its
    BILUO tag, in pieces that leave out the characters whose label is
    missing (a CRF learns from whole tag sequences). The features still see
    those characters around each piece."""
    doc, tags = _tagged(nlp, sentence)
    items = crf_items(doc)
    start = 0
    for end in [*(i for i, tag in enumerate(tags) if tag == "-"), len(tags)]:
        if end > start:
            yield items[start:end], tags[start:end]
        start = end + 1


def _tagged(nlp: Language, sentence: AnnotatedSentence) -> tuple[Doc, list[str]]:
    """The sentence's Doc with its features and BILUO tags, in which the O
    characters of its missing ranges are missing values (`-`), not O."""
    doc = char_features(nlp.make_doc(normalize(sentence.text).text))
    tags = offsets_to_biluo_tags(doc, [(s.start, s.end, s.label) for s in sentence.spans])
    unknown = [(r.start, r.end) for r in sentence.missing]
    for token in doc:
        if tags[token.i] == "O" and _overlaps((token.idx, token.idx + len(token)), unknown):
            tags[token.i] = "-"
    return doc, tags


def _scores(nlp: Language, sentences: list[AnnotatedSentence]) -> dict:
    """spaCy's scorer; a label is reported only where the sentences annotate
    it (weak sentences have no PLACE: a 0.0 there would mean nothing)."""
    scores = nlp.evaluate([to_example(nlp, s) for s in sentences])
    annotated = {span.label for s in sentences for span in s.spans}
    per_label = scores.get("ents_per_type") or {}
    return {"n": len(sentences),
            "overall": {"p": scores["ents_p"], "r": scores["ents_r"], "f": scores["ents_f"]},
            "per_label": {label: per_label[label] for label in LABELS if label in annotated and label in per_label}}


def evaluate(nlp: Language, held_out: list[AnnotatedSentence]) -> dict:
    """Per-label P/R/F1 on the held-out split, overall and by source."""
    result = {"all": _scores(nlp, held_out)}
    for source in SOURCES:
        part = [s for s in held_out if s.source == source]
        if part:
            result[source] = _scores(nlp, part)
    return result


def cluener_dev_scores(nlp: Language, path: Path) -> dict:
    """`minsheng ner-eval` on CLUENER's dev split, with the model in memory."""
    return {label: s["f"] for label, s in ner_eval_scores(nlp, read_cluener(path))["per_label"].items()}


def ner_eval_scores(nlp: Language, data: list[tuple[str, list[tuple[int, int, str]]]]) -> dict:
    """What `minsheng ner-eval` reports on (text, gold spans) pairs: the four
    types only, so CLUENER's organizations and companies are not counted
    as missed."""
    return score([spans for _, spans in data], predict(nlp, [text for text, _ in data]))


def train(out_dir: Path, seed: int = 0, corpus_path: Path = ANNOTATED / "corpus.jsonl",
          cluener_dir: Path = CLUENER, validation: int = 0, limit: int | None = None,
          log: Callable[[str], None] = lambda line: None) -> dict:
    """Build the corpus, fit the CRF on CLUENER train and the corpus' train
    split, save the pipeline and write metrics.json with its CLUENER dev
    and held-out scores. `validation` holds out that many CLUENER train
    sentences (seeded) and scores them too: the split to choose features
    and settings on. `limit` trains on the first `limit` sentences only
    (tests)."""
    started = time.monotonic()
    corpus = build_corpus(seed)
    write_corpus(corpus, corpus_path)
    train_part, held_out = split(corpus, seed)
    cluener, validation_part = _validation_split(cluener_sentences(cluener_dir / "train.json"), validation, seed)
    training = [*cluener, *train_part][:limit]
    nlp = feature_nlp()
    log(f"{len(training)} sentences: features")
    sequences = [piece for s in training for piece in crf_sequences(nlp, s)]
    log(f"fitting the CRF ({CRF_ITERATIONS} L-BFGS iterations at most)")
    model = fit_crf(sequences, CRF_C1, CRF_C2, CRF_ITERATIONS)
    nlp.add_pipe("minsheng_crf_ner", name="ner").load(model)
    nlp.meta.update({"name": "ner", "version": "0.4.0",
                     "description": "minsheng: officials' names, titles, agencies and places (docs/ner.md)"})
    nlp.to_disk(out_dir)
    metrics = {
        "seed": seed,
        "crf": {"c1": CRF_C1, "c2": CRF_C2, "iterations": CRF_ITERATIONS, "bytes": len(model)},
        "corpus": {"cluener": sum(s.source == "cluener" for s in training), "cluener_validation": len(validation_part),
                   **{source: {"train": sum(s.source == source for s in train_part),
                               "held_out": sum(s.source == source for s in held_out)} for source in SOURCES}},
        "held_out": evaluate(nlp, held_out),
        "cluener_dev": cluener_dev_scores(nlp, cluener_dir / "dev.json"),
        "training_seconds": round(time.monotonic() - started, 1),
    }
    if validation_part:
        metrics["cluener_validation"] = ner_eval_scores(
            nlp, [(s.text, [(x.start, x.end, x.label) for x in s.spans]) for s in validation_part])
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return metrics


def _validation_split(sentences: list[AnnotatedSentence], n: int,
                      seed: int) -> tuple[list[AnnotatedSentence], list[AnnotatedSentence]]:
    """(kept, held): `n` sentences drawn with the seed, the rest in order."""
    held = set(random.Random(seed).sample(range(len(sentences)), n)) if n else set()
    return ([s for i, s in enumerate(sentences) if i not in held],
            [s for i, s in enumerate(sentences) if i in held])
