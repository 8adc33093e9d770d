"""Properties over random input: never crash, spans always reproduce the text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.read import ReadError, decode
from tests.conftest import assert_spans_reproduce

# Fragments of the register, so random articles exercise the rules, not just
# the no-match path.
FRAGMENTS = [
    "市人社局党组书记、局长张华表示,", "将", "持续", "新建", "养老服务中心", "35个", "1.2万余人",
    "以上", "约", "%", "。", ",", "“", "”", "\n", "記者 王 麗", "截至10月底,", "全市", "会议强调,",
    "第三中学", "〔2023〕12号", "相关负责人介绍,", "黨組書記", "同比提高", "2.1个百分点", "三成",
    "Zhang Hua, director of the Municipal Bureau:", " will ", "more than 1,200 people", " ",
]

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join))
def test_random_articles_never_crash_and_spans_reproduce(extract, text):
    result = extract(text)
    assert_spans_reproduce(text, result)
    assert result.article.n_commitments == len(result.commitments)


@_SETTINGS
@given(st.text(max_size=200))
def test_random_unicode_never_crashes(extract, text):
    assert_spans_reproduce(text, extract(text))


@_SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(extract, data):
    try:
        text, _ = decode(data)
    except ReadError:
        return
    assert_spans_reproduce(text, extract(text))
