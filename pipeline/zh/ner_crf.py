"""The NER model: a linear-chain CRF over each character's features
(docs/ner.md, "The model").

`minsheng_crf_ner` is a spaCy component around a CRFsuite model
(python-crfsuite): it reads the features the components of `zh/ner.py` set on
each character token, tags the characters with BILUO tags (Viterbi: the best
sequence of the whole sentence, not one decision at a time) and sets
`doc.ents`. `minsheng train` fits it (`crf_items` gives the same features
to training); its weights are one file, read from memory when the pipeline
loads.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pycrfsuite
from spacy.attrs import DEP, LEMMA, NORM, TAG
from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import ensure_path

MODEL_FILE = "model.crfsuite"


class Windows(NamedTuple):
    """How many characters either side of each one the CRF reads: their
    text and pairs of them (`chars`), their lexicon, word and dictionary
    features (`features`). A trained model's weights hold for its windows
    only, so its config keeps them (`minsheng_crf_ner`)."""
    chars: int
    features: int


# Wider windows scored lower on the validation split (docs/ner.md, run 19b).
WINDOWS = Windows(chars=2, features=1)
# The features of `zh/ner.py`, by the attribute they are stored in.
_ATTRIBUTES = (("lex", LEMMA), ("shape", TAG), ("name", DEP), ("word", NORM))
_BEFORE, _AFTER = "<s>", "</s>"
# What the component marks. The CRF also learns CLUENER's organizations and
# companies, to tell them from agencies; it does not pass them on.
LABELS = ("PERSON", "TITLE", "AGENCY", "PLACE")


def crf_items(doc: Doc, windows: Windows = WINDOWS) -> list[list[str]]:
    """Each character token's features as CRFsuite attribute names: the
    characters around it and their bigrams, the trigram centred on it, and
    the features of `zh/ner.py` of it and its neighbours."""
    chars = [token.text for token in doc]
    values = doc.to_array([attr for _, attr in _ATTRIBUTES]).reshape(len(doc), len(_ATTRIBUTES))
    return [_char_items(chars, values, i, windows) for i in range(len(doc))]


def _char_items(chars: list[str], values, i: int, windows: Windows) -> list[str]:
    def char(j: int) -> str:
        return chars[j] if 0 <= j < len(chars) else _BEFORE if j < 0 else _AFTER

    items = [f"c{k}={char(i + k)}" for k in range(-windows.chars, windows.chars + 1)]
    items += [f"b{k}={char(i + k)}{char(i + k + 1)}" for k in range(-windows.chars, windows.chars)]
    items.append(f"t={char(i - 1)}{char(i)}{char(i + 1)}")
    for k in range(-windows.features, windows.features + 1):
        j = i + k
        for col, (name, _) in enumerate(_ATTRIBUTES):
            items.append(f"{name}{k}={values[j, col] if 0 <= j < len(chars) else 0}")
    return items


def spans_of_tags(doc: Doc, tags: list[str]) -> list[Span]:
    """The entities of a BILUO tag sequence. A CRF may tag an ill-formed
    sequence (B- without its L-, or labels that change inside): only whole
    entities count."""
    spans: list[Span] = []
    start, label = None, None
    for i, tag in enumerate(tags):
        move, _, tag_label = tag.partition("-")
        if move == "U":
            spans.append(Span(doc, i, i + 1, label=tag_label))
            start = None
        elif move == "B":
            start, label = i, tag_label
        elif move == "L" and start is not None and tag_label == label:
            spans.append(Span(doc, start, i + 1, label=label))
            start = None
        elif move != "I" or tag_label != label:
            start = None
    return spans


class CrfEntityRecognizer:
    """The CRF as a pipeline component: tags each Doc and sets its entities."""

    def __init__(self, name: str, labels: Iterable[str] = LABELS, windows: Windows = WINDOWS):
        self.name = name
        self.windows = windows
        self.labels = tuple(labels)  # a tuple: spaCy writes it to meta.json, in this order
        self._tagger = pycrfsuite.Tagger()
        self.model = b""

    def load(self, model: bytes) -> None:
        self.model = model
        self._tagger.open_inmemory(model)

    def __call__(self, doc: Doc) -> Doc:
        if not self.model:
            raise ValueError(f"{self.name}: no CRF model loaded (train one with `minsheng train`)")
        spans = spans_of_tags(doc, self._tagger.tag(crf_items(doc, self.windows))) if len(doc) else []
        doc.set_ents([span for span in spans if span.label_ in self.labels])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        return (self(doc) for doc in docs)

    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        return get_ner_prf(examples)

    def to_disk(self, path, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / MODEL_FILE).write_bytes(self.model)

    def from_disk(self, path, exclude: Iterable[str] = ()) -> "CrfEntityRecognizer":
        self.load((ensure_path(path) / MODEL_FILE).read_bytes())
        return self


@Language.factory("minsheng_crf_ner", assigns=["doc.ents"],
                  default_config={"labels": list(LABELS), "char_window": WINDOWS.chars,
                                  "feature_window": WINDOWS.features})
def make_crf_ner(nlp: Language, name: str, labels: list[str], char_window: int,
                 feature_window: int) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(name, labels, Windows(char_window, feature_window))


def fit_crf(items: Iterable[tuple[list[list[str]], list[str]]], c1: float, c2: float, iterations: int) -> bytes:
    """Fit a CRF on (features, BILUO tags) sequences with L-BFGS, L1 `c1`
    and L2 `c2` (the L1 part leaves most features at zero, and out of the
    file), and return the model's bytes (CRFsuite trains to a file: a
    temporary one, so a run cut short leaves nothing behind).
    Deterministic: the same sequences in the same order give the same
    bytes."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, tags in items:
        trainer.append(features, tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory(prefix="minsheng-crf-") as folder:
        path = Path(folder) / MODEL_FILE
        trainer.train(str(path))
        return path.read_bytes()
