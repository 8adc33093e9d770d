"""Long texts: cut at paragraph boundaries into pieces, records as from one
text (docs/batch.md, "Long files"). Times are measured by `minsheng bench
--corpus` and the script in docs/batch.md, not asserted here."""
from __future__ import annotations

import json
import random

import pytest

from pipeline.cli import main
from pipeline.core.write import ARTICLES, COMMITMENTS, dumps
from pipeline.run import extract
from pipeline.run.extract import extract_text

HEAD = "汾川市今年将新增城镇就业12万人\n\n2024-03-02 10:15　来源：汾川日报\n\n"
# One city's year, paragraph by paragraph: officials, agencies, pledges,
# results and directives, as a work report or a collection of news items.
PARAGRAPHS = (
    "本报讯（记者 王丽）3月1日，汾川市人社局党组书记、局长张振国表示，今年将以稳就业为头等大事，"
    "力争城镇新增就业{n}万人以上，城镇调查失业率控制在5.5%以内。",
    "据介绍，去年全市累计发放创业担保贷款{m}亿元，带动就业{k}人，开展职业技能培训{k}人次。",
    "市民政局副局长李明介绍，截至目前，全市已建成社区养老服务中心{k}个，新增养老床位{k}张。",
    "会议要求，各县区要聚焦群众急难愁盼问题，确保{k}项民生实事按期完成。",
    "下一步，市教育局将新建改扩建中小学{n}所，新增公办学位{k}个以上。",
    "他说，要加快推进医养结合，让老年人在家门口就能享受到便利的医疗服务。",
)


def long_article(chars: int, seed: int = 7) -> str:
    """A headline, a dateline and paragraphs of about `chars` characters."""
    rng = random.Random(seed)
    parts = [HEAD]
    size = len(HEAD)
    while size < chars:
        para = rng.choice(PARAGRAPHS).format(n=rng.randint(2, 30), m=rng.randint(2, 90), k=rng.randrange(100, 9000))
        parts.append(para + "\n\n")
        size += len(para) + 2
    return "".join(parts)


def _lines(result) -> list[str]:
    return [dumps(result.article)] + [dumps(c) for c in result.commitments]


@pytest.mark.parametrize("piece_chars", [900, 2_500])
def test_pieces_give_the_records_of_one_text(piece_chars):
    text = long_article(12_000)
    whole = extract_text(text, "long.txt", use_ner=False)
    pieces = extract_text(text, "long.txt", use_ner=False, piece_chars=piece_chars)
    assert len(whole.commitments) > 50
    assert _lines(pieces) == _lines(whole)


def test_a_paragraph_longer_than_a_piece_is_cut_after_a_sentence():
    # One paragraph of about 3,000 characters, pieces of 1,000: two cuts
    # inside the paragraph, each after a 。, which may change the record on
    # either side of it but no other.
    text = HEAD + "".join(p.format(n=5, m=6, k=700) for p in PARAGRAPHS) * 10 + "\n"
    whole = extract_text(text, "one_paragraph.txt", use_ner=False)
    pieces = extract_text(text, "one_paragraph.txt", use_ner=False, piece_chars=1_000)
    for record in pieces.commitments:
        assert text[record.span.start:record.span.end] == record.text
    spans = {(r.span.start, r.span.end) for r in pieces.commitments}
    assert len(spans - {(r.span.start, r.span.end) for r in whole.commitments}) <= 2 * 2


def test_a_text_without_any_break_is_cut_at_the_piece_size():
    text = "就业" * 5_000
    result = extract_text(text, "no_breaks.txt", use_ner=False, piece_chars=1_000)
    assert result.article.error is None and result.article.chars == len(text)


def test_a_one_megabyte_article_is_extracted_with_offsets_into_the_whole(tmp_path):
    text = long_article(380_000)  # over 1 MB in UTF-8
    assert len(text.encode("utf-8")) > 1_000_000 and len(text) > extract.PIECE_CHARS  # cut into pieces
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-ner", "-q", "-j", "1"]) == 0
    article = json.loads((tmp_path / "out" / ARTICLES).read_text(encoding="utf-8"))
    assert article["error"] is None and article["chars"] == len(text)
    records = [json.loads(line) for line in (tmp_path / "out" / COMMITMENTS).read_text(encoding="utf-8").splitlines()]
    assert len(records) == article["n_commitments"] > 1_000
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert text[record["span"]["start"]:record["span"]["end"]] == record["text"]
        for target in record["targets"]:
            assert text[target["span"]["start"]:target["span"]["end"]] == target["text"]
    # records all the way through, not only in the first piece
    assert records[-1]["span"]["end"] > len(text) - 1_000
