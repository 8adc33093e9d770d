"""Training the NER on CLUENER2020 and scoring it (`minsheng train`,
`minsheng ner-eval`, docs/ner.md). Small files written here; the real
benchmark figures are in models/zh_ner/metrics.json."""
from __future__ import annotations

import json

import pytest
from spacy.strings import hash_string

from pipeline.cli import main
from pipeline.tools.ner_eval import read_cluener, score
from pipeline.tools.train import AnnotatedSentence, cluener_sentences, crf_sequences, feature_nlp, train
from pipeline.zh.ner import FEATURES, char_features, load_model, model_available

needs_model = pytest.mark.skipif(not model_available(), reason="no trained model: run `minsheng train`")

# CLUENER's own format: end offsets are inclusive; ours are exclusive.
LINES = [
    {"text": "市长郑立群陪同调研。", "label": {"position": {"市长": [[0, 1]]}, "name": {"郑立群": [[2, 4]]}}},
    {"text": "记者从省民政厅获悉，南京路将改造。",
     "label": {"government": {"省民政厅": [[3, 6]]}, "address": {"南京路": [[10, 12]]}}},
    {"text": "万科集团与曼联签约。", "label": {"company": {"万科集团": [[0, 3]]}, "organization": {"曼联": [[5, 6]]},
                                     "game": {"签约": [[7, 8]]}}},
    {"text": "没有实体的一句话。", "label": {}},
]


def _write(path, lines=LINES):
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_read_cluener_maps_the_labels_and_ends(tmp_path):
    read = read_cluener(_write(tmp_path / "dev.json"))
    assert [[(text[s:e], label) for s, e, label in spans] for text, spans in read] == [
        [("市长", "TITLE"), ("郑立群", "PERSON")],
        [("省民政厅", "AGENCY"), ("南京路", "PLACE")],
        [("万科集团", "COMPANY"), ("曼联", "ORG")],  # game is not read
        [],
    ]


@pytest.mark.parametrize("predicted, p, r", [
    ([(0, 2, "TITLE"), (2, 5, "PERSON")], 1.0, 1.0),
    ([(0, 2, "TITLE"), (2, 4, "PERSON")], 0.5, 0.5),  # a span one character short is wrong
    ([(0, 2, "PERSON"), (2, 5, "PERSON")], 0.5, 0.5),  # the right span with the wrong label too
    ([(2, 5, "PERSON"), (6, 8, "ORG")], 1.0, 0.5),  # extra labels are not scored
])
def test_score_counts_exact_spans_only(predicted, p, r):
    micro = score([[(0, 2, "TITLE"), (2, 5, "PERSON")]], [predicted])["micro"]
    assert (micro["p"], micro["r"]) == (p, r)


def test_organizations_and_companies_are_learnt_and_other_types_are_not(tmp_path):
    (*_, firms, _) = cluener_sentences(_write(tmp_path / "train.json"))
    assert firms.text == "万科集团与曼联签约。"
    assert [(firms.text[s.start:s.end], s.label) for s in firms.spans] == [("万科集团", "COMPANY"), ("曼联", "ORG")]


def test_overlapping_cluener_entities_keep_the_longer(tmp_path):
    line = {"text": "北京市海淀区人民政府", "label": {"government": {"北京市海淀区人民政府": [[0, 9]]},
                                             "address": {"北京市海淀区": [[0, 5]]}}}
    (sentence,) = cluener_sentences(_write(tmp_path / "t.json", [line]))
    assert [(s.start, s.end, s.label) for s in sentence.spans] == [(0, 10, "AGENCY")]


def _tiny_cluener(folder):
    """A CLUENER folder of the four lines above, as train and dev."""
    folder.mkdir()
    _write(folder / "train.json")
    _write(folder / "dev.json")
    return folder


def test_training_is_deterministic_and_the_model_loads(tmp_path):
    cluener = _tiny_cluener(tmp_path / "cluener")

    def trained(out):
        metrics = train(out, corpus_path=tmp_path / "corpus.jsonl", cluener_dir=cluener, limit=60)
        return metrics, (out / "ner" / "model.crfsuite").read_bytes()

    (metrics, first), (_, second) = trained(tmp_path / "a"), trained(tmp_path / "b")
    assert first == second
    assert metrics["corpus"]["cluener"] == 4 and set(metrics["cluener_dev"]) == {"PERSON", "TITLE", "AGENCY", "PLACE"}
    nlp = load_model(tmp_path / "a")
    assert nlp.pipe_names == [*FEATURES, "ner"]  # the features are set before the CRF reads them
    assert [e.text for e in nlp("市长郑立群陪同调研。").ents] == ["市长", "郑立群"]  # a training sentence, learnt


def test_validation_sentences_are_held_out_of_training(tmp_path):
    metrics = train(tmp_path / "m", corpus_path=tmp_path / "corpus.jsonl", cluener_dir=_tiny_cluener(tmp_path / "c"),
                    validation=2, limit=60)
    assert metrics["corpus"]["cluener"] == 2 and metrics["corpus"]["cluener_validation"] == 2
    # scored as ner-eval scores: the four types; the seed holds out lines 2 and 4 (省民政厅, 南京路; nothing)
    scored = metrics["cluener_validation"]
    assert set(scored["per_label"]) == {"PERSON", "TITLE", "AGENCY", "PLACE"}
    assert scored["micro"]["tp"] + scored["micro"]["fn"] == 2


def test_characters_whose_label_is_missing_split_the_sequence():
    # 省 and 人 are unsure (missing), the rest is annotated: the CRF learns the three pieces around them
    sentence = AnnotatedSentence(text="市长郑立群在省里会见人", spans=[{"start": 2, "end": 5, "label": "PERSON"}],
                                 missing=[{"start": 6, "end": 7}, {"start": 10, "end": 11}], source="weak", group="g")
    pieces = list(crf_sequences(feature_nlp(), sentence))
    assert [tags for _, tags in pieces] == [["O", "O", "B-PERSON", "I-PERSON", "L-PERSON", "O"], ["O", "O", "O"]]
    assert [len(items) for items, _ in pieces] == [6, 3]
    assert "c1=省" in pieces[0][0][-1]  # the features still see the missing character


def test_the_model_reads_characters():
    # a name glued to the next word by pkuseg (张建国带) can still be an entity
    assert [t.text for t in feature_nlp().make_doc("市长张建国带领")] == list("市长张建国带领")


@pytest.mark.parametrize("text, expected", [
    # a place (B, I, E), an agency ending alone (S) that also opens a title, no match (O)
    ("广州市民政局局长称", ["PB", "PI", "PE", "O", "O", "AS", "ASTB", "TE", "O"]),
    # a central agency, whose last character is an agency ending; a title with its rank
    ("民政部副部长说", ["CB", "CI", "ASCE", "TB", "ASTI", "TE", "O"]),
])
def test_each_character_carries_the_lexicon_matches_it_is_part_of(text, expected):
    assert [t.lemma for t in char_features(feature_nlp().make_doc(text))] == [hash_string(e) for e in expected]


@pytest.mark.parametrize("text, expected", [
    # 全国/人大/常委会/召开
    ("全国人大常委会召开", ["2B", "2E", "2B", "2E", "3B", "3I", "3E", "2B", "2E"]),
    # pkuseg drops the space; the character before it still gets its word
    ("总理 李强在", ["2B", "2E", "2B", "2E", "1S"]),
    # the cue words are kept whole here as in the pipeline's tokens (下一步, not 下/一/步)
    ("市长下一步", ["2B", "2E", "3B", "3I", "3E"]),
    # words of five characters or more share one length
    ("学习马克思主义者", ["2B", "2E", "5B", "5I", "5I", "5I", "5I", "5E"]),
])
def test_each_character_carries_the_shape_of_the_word_it_is_in(text, expected):
    assert [t.tag for t in char_features(feature_nlp().make_doc(text))] == [hash_string(e) for e in expected]


@pytest.mark.parametrize("text, expected", [
    ("全国人大常委会召开", ["全国|0", "全国|1E", "人大|0", "人大|1E", "常委会|0", "常委会|1", "常委会|2E", "召开|0", "召开|1E"]),
    ("市长下一步", ["市长|0", "市长|1E", "下一步|0", "下一步|1", "下一步|2E"]),
])
def test_each_character_carries_the_word_it_is_in(text, expected):
    nlp = feature_nlp()
    assert [t.norm for t in char_features(nlp.make_doc(text))] == [hash_string(e) for e in expected]
    assert "常委会|0" not in nlp.vocab.strings  # hashes only: a long run does not grow the vocabulary


@pytest.mark.parametrize("text, expected", [
    # organizations (nt: 全国人大, 全国人大常委会, 人大常委会) and abbreviations (j: 人大, 常委, 常委会),
    # one mark for two matches that put a character in the same place (全 opens both 全国人大 and the whole)
    ("全国人大常委会召开", ["ntB", "ntI", "jBntBntI", "jEntEntI", "jBntI", "jEjIntI", "jEntE", "O", "O"]),
    # places (北京, 北京市, 京市), a person's name (张德江) whose last two characters are also a place (德江)
    ("北京市会见张德江", ["nsB", "nsBnsEnsI", "nsE", "O", "O", "nrB", "nrInsB", "nrEnsE"]),
    # no name, and single characters are never a match
    ("我们今天开会", ["O"] * 6),
])
def test_each_character_carries_the_dictionary_names_it_is_part_of(text, expected):
    assert [t.dep for t in char_features(feature_nlp().make_doc(text))] == [hash_string(e) for e in expected]


@needs_model
def test_ner_eval_cli_prints_json(tmp_path, capsys):
    assert main(["ner-eval", str(_write(tmp_path / "dev.json")), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sentences"] == 4
    assert set(result["per_label"]) == {"PERSON", "TITLE", "AGENCY", "PLACE"}
    assert result["per_label"]["PERSON"]["tp"] + result["per_label"]["PERSON"]["fn"] == 1


def test_ner_eval_cli_without_a_model(tmp_path, capsys):
    assert main(["ner-eval", str(_write(tmp_path / "dev.json")), "--model", str(tmp_path / "none")]) == 2
    assert "minsheng train" in capsys.readouterr().err
