"""The converted pkuseg model (pipeline/zh/segmenter.py) cuts exactly as
pkuseg's own: same tokens on the sample articles, the seeds and generated
texts full of the characters pkuseg renames, and the same tables once all is
loaded. Timing is the bench's business (docs/batch.md), not a test's."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.read import iter_inputs, read_document
from pipeline.zh import segmenter as segmenter_module
from pipeline.zh.nlp import chinese_nlp
from pipeline.zh.segmenter import (
    shared_segmenter,
    LazySegmenter,
    converted_dir,
    feature_nodes,
    is_converted,
    load_segmenter,
    pkuseg_model_dir,
    stock_segmenter,
    word_nodes,
)

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data" / "raw", ROOT.parent / "shared" / "seeds")


def _texts() -> list[tuple[str, str]]:
    found = []
    for folder in FOLDERS:
        if folder.is_dir():
            found += [(doc_id, read_document(path, doc_id).text) for path, doc_id in iter_inputs(folder)]
    return found


@pytest.fixture(scope="module")
def model_dir() -> Path:
    model = pkuseg_model_dir()
    assert is_converted(model), "pkuseg's model is not converted: run `make setup`"
    return model


@pytest.fixture(scope="module")
def stock(model_dir):
    """pkuseg's own loader (~3 s, ~600 MB): the reference."""
    return stock_segmenter(model_dir)


def _fresh(model_dir: Path) -> LazySegmenter:
    # A new segmenter has loaded nothing yet: what an earlier text loaded
    # cannot hide a feature this one misses.
    return LazySegmenter(converted_dir(model_dir))


@pytest.mark.parametrize("doc_id, text", _texts(), ids=lambda value: value if len(value) < 60 else "")
def test_the_same_tokens_as_pkuseg_on_articles(model_dir, stock, doc_id, text):
    assert _fresh(model_dir).cut(text) == stock.cut(text)


# pkuseg renames -._,|/*: and folds digits and full-width letters into
# placeholders, and its feature names use . and * themselves: texts made of
# exactly these, with Chinese, Latin and mixed-width characters around them.
_ALPHABET = st.sampled_from(list("就业岗位新增城镇人社局长张华表示今年将万元亿的了是在和") + list("-._,|/*:")
                            + list("0123456789１２３％几十百千") + list("ABCxyzＡＢｚ／・－") + list("（）“”、，。：；"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(_ALPHABET, min_size=1, max_size=60))
def test_the_same_tokens_as_pkuseg_on_generated_text(model_dir, stock, text):
    assert _fresh(model_dir).cut(text) == stock.cut(text)


def test_fully_loaded_tables_equal_pkusegs(model_dir, stock):
    lazy = _fresh(model_dir)
    lazy.feature_extractor.load_all()
    lazy._dictionary.load_all()
    assert lazy.feature_extractor.feature_to_idx == stock.feature_extractor.feature_to_idx
    assert lazy.feature_extractor.unigram == stock.feature_extractor.unigram
    assert lazy.feature_extractor.bigram == stock.feature_extractor.bigram
    assert lazy.feature_extractor.tag_to_idx == stock.feature_extractor.tag_to_idx
    assert lazy.postprocesser.other_words == stock.postprocesser.other_words
    assert lazy.postprocesser.common_words == stock.postprocesser.common_words
    assert np.array_equal(lazy.model.w, stock.model.w)
    assert (lazy.model.n_tag, lazy.model.n_feature) == (stock.model.n_tag, stock.model.n_feature)
    assert (lazy.n_feature, lazy.n_tag, lazy.idx_to_tag) == (stock.n_feature, stock.n_tag, stock.idx_to_tag)
    assert vars(stock).keys() <= vars(lazy).keys()


def test_a_short_text_loads_a_small_part_of_the_features(model_dir, stock):
    lazy = _fresh(model_dir)
    lazy.cut("市人社局局长张华表示，今年将新增城镇就业5万人。")
    assert len(lazy.feature_extractor.feature_to_idx) < len(stock.feature_extractor.feature_to_idx) / 5


@pytest.mark.parametrize("feature, nodes", [
    ("$$", set()),
    ("c.业", {"业"}),
    ("c-1c.就.业", {"就", "业"}),
    ("cc1.**Num.万", {"**Num", "万"}),
    ("c-2c-1.**Letter.&", {"**Letter", "&"}),
    ("w-1.就业岗位", {"就", "业", "岗", "位"}),
    ("ww.l.**noWord*就业", {"就", "业"}),
    ("ww.r.**Num**Num***Letter", {"**Num", "**Letter"}),
    ("ww.l.Num*u", {"N", "u", "m"}),  # Latin letters are characters, not placeholders
])
def test_feature_nodes(feature, nodes):
    assert feature_nodes(feature) == nodes


def test_word_nodes_of_a_placeholder_word():
    assert word_nodes("**Num年") == {"**Num", "年"}


def test_without_a_current_conversion_pkusegs_own_loader_runs(tmp_path, monkeypatch):
    assert not is_converted(tmp_path)
    monkeypatch.setattr(segmenter_module, "stock_segmenter", lambda model_dir: ("stock", model_dir))
    assert load_segmenter(tmp_path) == ("stock", tmp_path)


def test_the_pipeline_cuts_with_the_shared_converted_segmenter():
    assert chinese_nlp(False).tokenizer.pkuseg_seg is shared_segmenter()
    assert isinstance(shared_segmenter(), LazySegmenter)
