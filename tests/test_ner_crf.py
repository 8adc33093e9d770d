"""The CRF the NER stage runs (`zh/ner_crf.py`): its features, how its tags
become entities, and the component saved and loaded."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from pipeline.tools.train import feature_nlp
from pipeline.zh.ner import char_features
from pipeline.zh.ner_crf import Windows, crf_items, fit_crf, spans_of_tags


def _doc(text):
    return char_features(feature_nlp().make_doc(text))


def test_each_character_reads_its_neighbours_and_their_features():
    items = crf_items(_doc("市长郑立群"))
    assert len(items) == 5
    first = items[0]
    assert {"c-2=<s>", "c-1=<s>", "c0=市", "c1=长", "c2=郑", "b-1=<s>市", "b0=市长", "t=<s>市长"} <= set(first)
    assert {"lex-1=0", "word-1=0"} <= set(first)  # nothing before the first character
    assert "c2=</s>" in items[3] and "c1=</s>" in items[4]
    # the features of zh/ner.py, of the character and either side
    assert sum(item.startswith(("lex", "shape", "name", "word")) for item in first) == 12


def test_a_saved_model_keeps_the_windows_it_was_trained_with(tmp_path):
    doc = _doc("市长郑立群陪同")
    tags = ["B-TITLE", "L-TITLE", "B-PERSON", "I-PERSON", "L-PERSON", "O", "O"]
    narrow = Windows(chars=1, features=0)
    nlp = feature_nlp()
    crf = nlp.add_pipe("minsheng_crf_ner", name="ner", config={"char_window": 1, "feature_window": 0})
    crf.load(fit_crf([(crf_items(doc, narrow), tags)] * 3, c1=0.0, c2=0.01, iterations=50))
    nlp.to_disk(tmp_path / "model")
    assert spacy.load(tmp_path / "model").get_pipe("ner").windows == narrow
    first = crf_items(doc, narrow)[0]
    assert "c1=长" in first and not any(item.startswith(("c2=", "lex1=")) for item in first)


@pytest.mark.parametrize("tags, expected", [
    (["B-TITLE", "L-TITLE", "B-PERSON", "I-PERSON", "L-PERSON"], [("市长", "TITLE"), ("郑立群", "PERSON")]),
    (["U-PLACE", "O", "O", "O", "O"], [("市", "PLACE")]),
    # ill-formed: an entity never closed, a label that changes inside, an L- with no B-
    (["B-TITLE", "I-TITLE", "O", "O", "O"], []),
    (["B-TITLE", "L-PERSON", "O", "O", "O"], []),
    (["O", "L-TITLE", "B-PERSON", "I-AGENCY", "L-AGENCY"], []),
    # a new B- starts over
    (["B-TITLE", "B-PERSON", "I-PERSON", "I-PERSON", "L-PERSON"], [("长郑立群", "PERSON")]),
])
def test_only_whole_entities_count(tags, expected):
    doc = feature_nlp().make_doc("市长郑立群")
    assert [(s.text, s.label_) for s in spans_of_tags(doc, tags)] == expected


@given(st.lists(st.sampled_from(["O", "B-PERSON", "I-PERSON", "L-PERSON", "U-PERSON", "B-PLACE", "L-PLACE"]),
                min_size=1, max_size=12))
def test_any_tag_sequence_gives_entities_that_do_not_overlap(tags):
    doc = feature_nlp().make_doc("一" * len(tags))
    doc.set_ents(spans_of_tags(doc, tags))  # spaCy refuses overlapping entities


def test_the_component_is_saved_and_loaded(tmp_path):
    doc = _doc("市长郑立群陪同")
    tags = ["B-TITLE", "L-TITLE", "B-PERSON", "I-PERSON", "L-PERSON", "O", "O"]
    model = fit_crf([(crf_items(doc), tags)] * 3, c1=0.0, c2=0.01, iterations=50)
    nlp = feature_nlp()
    nlp.add_pipe("minsheng_crf_ner", name="ner").load(model)
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert [(e.text, e.label_) for e in loaded("市长郑立群陪同").ents] == [("市长", "TITLE"), ("郑立群", "PERSON")]
    assert [e.text for e in loaded("").ents] == []


def test_organizations_and_companies_are_learnt_but_not_marked():
    doc = _doc("万科集团与民政局签约")
    tags = ["B-COMPANY", "I-COMPANY", "I-COMPANY", "L-COMPANY", "O", "B-AGENCY", "I-AGENCY", "L-AGENCY", "O", "O"]
    nlp = feature_nlp()
    crf = nlp.add_pipe("minsheng_crf_ner", name="ner")
    crf.load(fit_crf([(crf_items(doc), tags)] * 3, c1=0.0, c2=0.01, iterations=50))
    assert [(e.text, e.label_) for e in nlp("万科集团与民政局签约").ents] == [("民政局", "AGENCY")]


def test_a_component_without_a_model_says_so():
    nlp = feature_nlp()
    nlp.add_pipe("minsheng_crf_ner", name="ner")
    with pytest.raises(ValueError, match="minsheng train"):
        nlp("市长")
