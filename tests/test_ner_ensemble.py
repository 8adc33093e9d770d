"""The NER model's members and their vote (pipeline/zh/ner_ensemble.py,
docs/ner.md "Three members that vote"): the vote on hand-made ballots, the
int8 weights, and a small model trained end to end."""
from __future__ import annotations

import json

import numpy
import pytest
import spacy
from spacy.tokens import Span

from pipeline.tools.train import (
    ANNOTATED,
    NER_MODEL,
    cluener_sentences,
    fit,
    read_corpus,
    to_example,
    train,
    training_nlp,
)
from pipeline.zh.ner import MODEL_DIR, load_model, model_available, recognize
from pipeline.zh.ner_ensemble import load_quantized, quantized_bytes

TEXT = "市长郑立群到省民政厅调研"
# (start, end, label) in characters; one character a token
ZHENG, MAYOR, BUREAU, BUREAU_SHORT = (2, 5, "PERSON"), (0, 2, "TITLE"), (6, 10, "AGENCY"), (7, 10, "AGENCY")


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def _voted(blank, ballots, votes=2):
    doc = blank.make_doc(TEXT)
    keys = []
    for i, spans in enumerate(ballots):
        keys.append(f"b{i}")
        doc.spans[keys[-1]] = [Span(doc, s, e, label=label) for s, e, label in spans]
    vote = blank.add_pipe("minsheng_ner_vote", name=f"vote{id(ballots)}", config={"keys": keys, "votes": votes})
    doc = vote(doc)
    return [(e.start, e.end, e.label_) for e in doc.ents], sorted(doc.spans)


@pytest.mark.parametrize("ballots, expected", [
    ([[ZHENG, BUREAU], [ZHENG, BUREAU_SHORT], [ZHENG, MAYOR, BUREAU]], [ZHENG, BUREAU]),
    ([[MAYOR], [ZHENG], [BUREAU]], []),  # no entity has two votes
    ([[(2, 5, "PERSON")], [(2, 5, "TITLE")], [(2, 5, "PLACE")]], []),  # the same span with three labels
    ([[ZHENG, BUREAU], [ZHENG, BUREAU], []], [ZHENG, BUREAU]),
])
def test_an_entity_needs_a_majority_with_its_span_and_label(blank, ballots, expected):
    ents, groups = _voted(blank, ballots)
    assert ents == expected
    assert groups == []  # the ballots are not left on the Doc


def test_the_vote_must_be_a_strict_majority(blank):
    with pytest.raises(ValueError, match="strict majority"):
        blank.add_pipe("minsheng_ner_vote", name="half", config={"keys": ["a", "b"], "votes": 1})
    with pytest.raises(ValueError, match="strict majority"):
        blank.add_pipe("minsheng_ner_vote", name="more", config={"keys": ["a", "b", "c"], "votes": 4})


def test_a_ballot_keeps_the_entities_and_presets_none_for_the_next_member(blank):
    doc = blank.make_doc(TEXT)
    doc.ents = [Span(doc, *ZHENG)]  # as a member leaves it: every other character O
    ballot = blank.add_pipe("minsheng_ner_ballot", name="ballot_test", config={"key": "votes_0"})
    doc = ballot(doc)
    assert [(s.start, s.end, s.label_) for s in doc.spans["votes_0"]] == [ZHENG]
    assert doc.ents == () and {t.ent_iob_ for t in doc} == {""}  # nothing preset for the next member


@pytest.mark.parametrize("ballots, votes, left, settled", [
    ([[ZHENG, BUREAU], [ZHENG, BUREAU]], 2, 1, True),  # 0 and 1 agree: member 2 cannot change the vote
    ([[ZHENG, BUREAU], [ZHENG, BUREAU_SHORT]], 2, 1, False),  # member 2 decides between the two bureaus
    ([[], []], 2, 1, True),  # nothing found: one vote more wins nothing
    ([[ZHENG]], 2, 2, False),  # the second of three: two more votes can still make anything win
    ([], 2, 3, False),  # the first member reads every Doc
])
def test_a_member_skips_a_doc_whose_vote_the_ballots_before_it_decide(blank, ballots, votes, left, settled):
    keys = [f"b{i}" for i in range(len(ballots))]
    member = blank.add_pipe("minsheng_int8_ner", name=f"member{len(blank.pipe_names)}",
                            config={"model": NER_MODEL, "ballots": keys, "votes": votes, "left": left})
    doc = blank.make_doc(TEXT)
    for key, spans in zip(keys, ballots):
        doc.spans[key] = [Span(doc, s, e, label=label) for s, e, label in spans]
    assert member.settled(doc) is settled


@pytest.mark.skipif(not model_available(), reason="no trained model: run `minsheng train`")
def test_skipping_settled_docs_changes_no_entity():
    texts = [s.text for s in read_corpus(ANNOTATED / "corpus.jsonl") if s.source == "written"]
    skipping, reading = load_model(MODEL_DIR), load_model(MODEL_DIR)
    reading.get_pipe("ner_2").ballots = []  # the last member reads every Doc
    last, asked = skipping.get_pipe("ner_2"), []
    settled = last.settled
    last.settled = lambda doc: asked.append(settled(doc)) or asked[-1]
    assert list(recognize(skipping, texts)) == list(recognize(reading, texts))
    assert True in asked and False in asked  # both kinds of sentence were there


LINES = [
    {"text": "市长郑立群到省民政厅调研。",
     "label": {"position": {"市长": [[0, 1]]}, "name": {"郑立群": [[2, 4]]}, "government": {"省民政厅": [[6, 9]]}}},
    {"text": "副县长王丽芳来到县人社局。",
     "label": {"position": {"副县长": [[0, 2]]}, "name": {"王丽芳": [[3, 5]]}, "government": {"县人社局": [[8, 11]]}}},
]


@pytest.fixture(scope="module")
def cluener(tmp_path_factory):
    """A folder in CLUENER's layout: train.json and dev.json."""
    folder = tmp_path_factory.mktemp("cluener")
    for name in ("train.json", "dev.json"):
        (folder / name).write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES),
                                   encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def member(cluener):
    path = cluener / "train.json"
    nlp = training_nlp()
    fit(nlp, [to_example(nlp, s) for s in cluener_sentences(path)], seed=0, epochs=2)
    return nlp


def _weights(model):
    return [node.get_param(name).copy() for node in model.walk() for name in node.param_names if node.has_param(name)]


def test_int8_weights_are_within_half_a_step_of_the_float_ones(member):
    model = member.get_pipe("ner").model
    before = _weights(model)
    float_size = len(model.to_bytes())
    data = quantized_bytes(model)
    after = _weights(load_quantized(model.copy(), data))
    assert len(data) < 0.4 * float_size
    for a, b in zip(before, after, strict=True):
        if a.ndim < 2:
            assert numpy.array_equal(a, b)  # biases stay float32
        else:
            step = numpy.abs(a.reshape(a.shape[0], -1)).max(axis=1) / 127
            assert (numpy.abs(a - b).reshape(a.shape[0], -1).max(axis=1) <= step / 2 + 1e-7).all()


def test_train_saves_members_that_vote_whichever_process_they_learn_in(cluener, tmp_path):
    def run(out, **kw):
        return train(out, corpus_path=tmp_path / f"{out.name}.jsonl", cluener_dir=cluener, epochs=1, limit=40, **kw)

    metrics = run(tmp_path / "three", members=3, jobs=2)
    two = run(tmp_path / "two", members=2, jobs=1)
    nlp = load_model(tmp_path / "three")
    assert nlp.pipe_names[-7:] == ["ner_0", "ballot_0", "ner_1", "ballot_1", "ner_2", "ballot_2", "minsheng_ner_vote"]
    assert [m["seed"] for m in metrics["members"]] == [0, 1, 2] and two["seeds"] == [0, 1]
    # a member learnt in a forked process is the member learnt in this one
    assert (tmp_path / "three" / "ner_1" / "model").read_bytes() == (tmp_path / "two" / "ner_1" / "model").read_bytes()
    assert set(metrics["cluener_dev"]) == {"PERSON", "TITLE", "AGENCY", "PLACE"}
    assert list(recognize(nlp, ["市长郑立群到省民政厅调研。"]))  # loads and runs
