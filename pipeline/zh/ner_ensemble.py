"""The NER model as several members that vote (docs/ner.md, "Three members
that vote").

`minsheng train` trains the same network several times from different
seeds. Their pipeline reads each character's features once, then runs every
member in turn: `minsheng_ner_ballot` after a member moves its entities to a
span group and clears `doc.ents` for the next one, and `minsheng_ner_vote`
keeps the entities that a majority of members found with the same span and
label. Members trained from different seeds make different mistakes on what
they saw least; what most of them find is found more often right. With a
strict majority two entities that won cannot overlap: they share a member,
and one member's entities never overlap. A member whose vote can no longer
change the outcome of a Doc does not read it (with three members, the third
where the first two agree).

Each member stores its weights as 8-bit integers with one scale per row
(`minsheng_int8_ner`): a quarter of the float32 size, so three members fit
in less than one float model took; on CLUENER dev that changed 5 of the
1,363 entities one member predicts.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator, Optional

import numpy
import srsly
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, minibatch
from thinc.api import Model

BALLOT_PREFIX = "ner_votes_"
_INT8 = 127


@Language.factory("minsheng_ner_ballot", assigns=["doc.spans"], default_config={"key": "ner_votes_0"})
def make_ballot(nlp: Language, name: str, key: str) -> Callable[[Doc], Doc]:
    """The entities of the member just before, kept in doc.spans[key], and
    the entity annotation cleared (to missing, as on a new Doc): spaCy's
    `ner` keeps the entities it finds on a Doc and decides around them, so
    the next member would echo this one instead of voting on its own."""

    def ballot(doc: Doc) -> Doc:
        doc.spans[key] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc

    return ballot


@Language.factory("minsheng_ner_vote", assigns=["doc.ents"], default_config={"keys": [], "votes": 2})
def make_vote(nlp: Language, name: str, keys: list[str], votes: int) -> Callable[[Doc], Doc]:
    """doc.ents: the spans with their label that at least `votes` of the
    ballots in `keys` hold. `votes` must be a strict majority, so the winners
    never overlap."""
    if not len(keys) < 2 * votes <= 2 * len(keys):
        raise ValueError(f"minsheng_ner_vote: {votes} votes of {len(keys)} is not a strict majority")

    def vote(doc: Doc) -> Doc:
        counts = ballot_counts(doc, keys)
        for key in keys:
            del doc.spans[key]
        doc.set_ents([Span(doc, start, end, label=label)
                      for (start, end, label), n in sorted(counts.items()) if n >= votes])
        return doc

    return vote


def ballot_counts(doc: Doc, keys: list[str]) -> Counter:
    """How many of the ballots in `keys` hold each (start, end, label)."""
    return Counter((span.start, span.end, span.label_) for key in keys for span in doc.spans[key])


class Int8EntityRecognizer(EntityRecognizer):
    """spaCy's `ner`, its weights written as int8 with a float32 scale per
    row and read back as float32: everything else as spaCy writes it. As a
    member after others (`ballots`), it leaves alone the Docs whose vote those
    ballots already decide."""

    def __init__(self, *args, ballots: list[str], votes: int, left: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballots, self.votes, self.left = ballots, votes, left

    def __call__(self, doc: Doc) -> Doc:
        return doc if self.settled(doc) else super().__call__(doc)

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            undecided = [doc for doc in batch if not self.settled(doc)]
            for _ in super().pipe(undecided, batch_size=batch_size):
                pass  # spaCy's ner annotates the Docs in place
            yield from batch

    def settled(self, doc: Doc) -> bool:
        """Whether the members after the ballots, `left` of them with this
        one, can no longer change the vote: each entity found so far has its
        `votes` already or cannot reach them, and one none found cannot
        either. With three members and two votes: members 0 and 1 agree, as
        they do on most sentences, and member 2 need not read it."""
        if not self.ballots or self.left >= self.votes:
            return False
        return all(n >= self.votes or n + self.left < self.votes for n in ballot_counts(doc, self.ballots).values())

    def to_disk(self, path, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=[*exclude, "model"])
        if "model" not in exclude:
            (ensure_path(path) / "model").write_bytes(quantized_bytes(self.model))

    def from_disk(self, path, exclude: Iterable[str] = ()) -> "Int8EntityRecognizer":
        super().from_disk(path, exclude=[*exclude, "model"])
        if "model" not in exclude:
            self._resize()
            load_quantized(self.model, (ensure_path(path) / "model").read_bytes())
        return self


@Language.factory("minsheng_int8_ner", assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
                  default_config={"model": None, "moves": None, "update_with_oracle_cut_size": 100,
                                  "incorrect_spans_key": None, "scorer": {"@scorers": "spacy.ner_scorer.v1"},
                                  "ballots": [], "votes": 1, "left": 1},
                  default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None})
def make_int8_ner(nlp: Language, name: str, model: Model, moves, update_with_oracle_cut_size: int,
                  incorrect_spans_key: Optional[str], scorer: Optional[Callable], ballots: list[str], votes: int,
                  left: int) -> Int8EntityRecognizer:
    return Int8EntityRecognizer(nlp.vocab, model, name=name, moves=moves,
                                update_with_oracle_cut_size=update_with_oracle_cut_size,
                                incorrect_spans_key=incorrect_spans_key, scorer=scorer,
                                ballots=ballots, votes=votes, left=left)


def quantized_bytes(model: Model) -> bytes:
    """thinc's serialization of `model` with every weight matrix replaced by
    its int8 rows and their scales (biases stay float32)."""
    msg = model.to_dict()
    msg["params"] = [{name: _quantize(value) for name, value in params.items()} for params in msg["params"]]
    return srsly.msgpack_dumps(msg)


def load_quantized(model: Model, data: bytes) -> Model:
    msg = srsly.msgpack_loads(data)
    msg["params"] = [{name: _dequantize(value) for name, value in params.items()} for params in msg["params"]]
    return model.from_dict(msg)


def _quantize(value):
    if value is None or value.ndim < 2:
        return value
    rows = numpy.asarray(value, dtype="float32").reshape(value.shape[0], -1)
    scale = numpy.abs(rows).max(axis=1, keepdims=True) / _INT8
    scale[scale == 0] = 1.0
    return {"int8": numpy.round(rows / scale).astype("int8"), "scale": scale.astype("float32"),
            "shape": list(value.shape)}


def _dequantize(value):
    if not isinstance(value, dict):
        return value
    return (value["int8"].astype("float32") * value["scale"]).reshape(value["shape"])


def add_members(nlp: Language, members: list[Language], votes: int) -> Language:
    """`nlp` (a pipeline of the feature components) with each member's `ner`
    after them, each followed by its ballot, and the vote at the end. Each
    member knows the ballots before it, to skip what they decide."""
    keys: list[str] = []
    for i, member in enumerate(members):
        config = {k: v for k, v in member.config["components"]["ner"].items() if k != "factory"}
        ner = nlp.add_pipe("minsheng_int8_ner", name=f"ner_{i}",
                           config={**config, "ballots": list(keys), "votes": votes, "left": len(members) - i})
        ner.from_bytes(member.get_pipe("ner").to_bytes())
        keys.append(f"{BALLOT_PREFIX}{i}")
        nlp.add_pipe("minsheng_ner_ballot", name=f"ballot_{i}", config={"key": keys[-1]})
    nlp.add_pipe("minsheng_ner_vote", config={"keys": keys, "votes": votes})
    return nlp
