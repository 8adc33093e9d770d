"""The statistical NER stage (pipeline/zh/ner.py) and its corpus (pipeline/tools/train.py).

The model is the one shipped in models/zh_ner; it loads once per session.
"""
from __future__ import annotations

import pytest

from pipeline.tools.train import (
    ANNOTATED,
    SOURCES,
    parse_markup,
    read_corpus,
    weak_sentences,
)
from pipeline.run.extract import prepare
from pipeline.zh.ner import MODEL_DIR, RULE, NerStage, model_available, recognize
from pipeline.zh.nlp import chinese_nlp

needs_model = pytest.mark.skipif(not model_available(), reason="no trained model: run `minsheng train`")

# Written for this test; none of these names or sentences is in the corpus
# (test_sentences_are_not_in_the_corpus checks it).
UNSEEN = [
    ("副省长谢国梁带领省直有关部门负责同志到企业调研。", "谢国梁"),
    ("市教育局局长冯晓宁听取了中小学课后服务工作汇报。", "冯晓宁"),
    ("镇卫生院院长马丽君带着医护人员上门为老人体检。", "马丽君"),
    ("区委书记陶建军先后走访了三户困难家庭。", "陶建军"),
    ("县文旅局副局长宋佳敏一行察看了乡村旅游示范点。", "宋佳敏"),
]
# No speech verb and no word the rules expect after a name (先后 is none).
MISSED_BY_RULES = "标题\n\n副市长张建国先后来到三个社区，察看养老服务设施建设。\n"


@pytest.fixture(scope="session")
def zh_nlp():
    return chinese_nlp(use_ner=True)


def _ents(nlp, text: str):
    """The trained model's own entities (the component only asks it about
    sentences the rules left a title uncovered in)."""
    return next(recognize(nlp.get_pipe("minsheng_ner").model, [text]))


@needs_model
def test_model_finds_names_it_was_not_trained_on(zh_nlp):
    found = [name for text, name in UNSEEN
             if any(e.label_ == "PERSON" and e.text == name for e in _ents(zh_nlp, text))]
    assert len(found) >= 4, found


def test_sentences_are_not_in_the_corpus():
    corpus = "\n".join(s.text for s in read_corpus(ANNOTATED / "corpus.jsonl"))
    assert not [name for _, name in UNSEEN if name in corpus]
    assert "张建国" not in corpus


@needs_model
def test_the_model_loads_when_a_sentence_first_needs_it():
    rules = chinese_nlp(use_ner=False)
    stage = NerStage(rules, MODEL_DIR)
    # every title stands in an official the rules found: nothing to ask the model
    stage(rules(prepare("标题\n\n市民政局局长王海表示，今年将新建养老床位500张。\n", "t.txt", use_ner=False)))
    assert "model" not in vars(stage)
    added = stage(rules(prepare(MISSED_BY_RULES, "t.txt", use_ner=False)))._.officials
    assert "model" in vars(stage) and [o.name for o in added] == ["张建国"]


@needs_model
def test_component_adds_an_official_the_rules_miss(extract):
    assert extract(MISSED_BY_RULES, use_ner=False).article.officials == []
    officials = extract(MISSED_BY_RULES, use_ner=True).article.officials
    assert [(o.name, o.titles, o.rule) for o in officials] == [("张建国", ["副市长"], RULE)]


@needs_model
@pytest.mark.parametrize("text", [
    "标题\n\n村民王秀英带领记者参观了她家新修的院子。\n",  # a private citizen: no post
    "标题\n\n社区食堂每天供应午餐。\n\n责任编辑:李建华\n",  # a credit line is boilerplate
])
def test_component_adds_no_one_without_a_post_in_the_body(extract, text):
    assert extract(text, use_ner=True).article.officials == []


@needs_model
def test_no_ner_leaves_the_stage_out(zh_nlp):
    # `minsheng extract --no-ner` passes use_ner=False down to the pipeline
    assert zh_nlp.pipe_names.index("minsheng_ner") == zh_nlp.pipe_names.index("minsheng_entities") + 1
    assert "minsheng_ner" not in chinese_nlp(use_ner=False).pipe_names


@pytest.mark.parametrize("line, text, spans", [
    ("[市长](TITLE)[郑立群](PERSON)陪同调研。", "市长郑立群陪同调研。", [(0, 2, "TITLE"), (2, 5, "PERSON")]),
    ("记者从[市人社局](AGENCY)获悉", "记者从市人社局获悉", [(3, 7, "AGENCY")]),
    ("没有实体的句子。", "没有实体的句子。", []),
])
def test_parse_markup(line, text, spans):
    assert parse_markup(line) == (text, spans)


def test_committed_corpus_validates_and_holds_every_source():
    corpus = read_corpus(ANNOTATED / "corpus.jsonl")  # spans are checked as each line loads
    assert {s.source for s in corpus} == set(SOURCES)


def test_weak_labels_are_the_rules_reading(tmp_path):
    (tmp_path / "a.txt").write_text("标题\n\n市民政局党组书记、局长李卫东表示，将新建老年食堂20个。"
                                    "李卫东说，市卫健委也将参与。\n", encoding="utf-8")
    read = [[(s.text[x.start:x.end], x.label) for x in s.spans] for s in weak_sentences(tmp_path)]
    assert read == [[("市民政局", "AGENCY"), ("党组书记", "TITLE"), ("局长", "TITLE"), ("李卫东", "PERSON")],
                    [("李卫东", "PERSON"), ("市卫健委", "AGENCY")]]
