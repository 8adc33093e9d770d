"""Stage 2: the matching copy keeps every offset of the source."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.normalize import detect_lang, normalize, to_halfwidth, to_simplified


def test_traditional_becomes_simplified_char_for_char():
    source = "市衛健委黨組書記、主任石瑩介紹,全市新建養老服務中心35個。"
    norm = normalize(source)
    assert norm.text == "市卫健委党组书记、主任石莹介绍,全市新建养老服务中心35个。"
    assert norm.lang == "zh-Hant"


def test_fullwidth_digits_and_punctuation_become_halfwidth():
    assert to_halfwidth("城镇新增就业６４．８万人，完成率１６１．１％") == "城镇新增就业64.8万人,完成率161.1%"


def test_simplified_and_english_are_detected():
    assert normalize("市人社局局长张华表示,将做好就业工作。").lang == "zh-Hans"
    text = "Zhang Hua, director of the Municipal Bureau, said the city will add 1,200 jobs."
    assert detect_lang(text, text) == "en"


@given(st.text(max_size=300))
def test_normalized_text_always_has_the_source_length(text):
    assert len(normalize(text).text) == len(text)
    assert len(to_simplified(text)) == len(text)
