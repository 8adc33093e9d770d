"""Article text is untrusted: the pages and the markdown diff a person reads
must show it as text, never run, render or link it (docs/review.md).

The runs are written by hand (the records an extraction of a hostile file
would give), so each output meets every kind of hostile string: HTML that
runs (script tags, event attributes, javascript: links), markdown that
renders (links, images, emphasis, pipes, backticks), GitHub's @mentions and
#references, and a line far longer than any screen.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.core.write import ARTICLES, COMMITMENTS
from pipeline.tools.diff import diff_runs, render_markdown
from pipeline.tools.review import render_review

HOSTILE_PIECES = (
    "@octocat",
    "#123",
    "<script>alert(1)</script>",
    "[链接](https://evil.example/)",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)" onclick="alert(4)">点此</a>',
    "<svg onload=alert(5)>",
    "![图](https://evil.example/x.png)",
    "a|b",
    "`code`",
    "```",
    "**粗体** _斜体_",
    "<!-- comment -->",
    "\\|",
    "&amp;",
)
LONG_LINE = "就业" * 50_000  # 100,000 characters without a break
SENTENCE = "市人社局局长张华表示，今年将新增城镇就业5万人。"
HOSTILE = SENTENCE + " ".join(HOSTILE_PIECES) + "。"
SOURCE = f"标题<b>@team #7\n\n{HOSTILE}\n\n{LONG_LINE}\n"
DOC_ID = "x<i>@me #9`|.txt"  # a file name is as untrusted as the text


def _span(text: str) -> dict:
    start = SOURCE.index(text)
    return {"start": start, "end": start + len(text)}


def _commitment(cid: str, text: str, **changes) -> dict:
    record = {
        "schema_version": "1", "id": cid, "doc_id": DOC_ID, "lang": "zh-Hans", "text": text,
        "span": _span(text), "modality": "pledge", "areas": ["employment"],
        "actor": {"kind": "official", "name": "张华<script>", "titles": ["局长@x"], "agency": "市人社局#1",
                  "place": "[p](http://evil.example)", "rule": "r"},
        "targets": [{"text": "5万人", "span": _span("5万人"), "value": 50000, "value_high": None, "unit": "人",
                     "metric": "<img src=x onerror=alert(6)>", "comparator": "eq", "change": False, "rule": "t"}],
        "rule": "link",
    }
    record.update(changes)
    return record


def _article(**changes) -> dict:
    article = {"schema_version": "1", "doc_id": DOC_ID, "lang": "zh-Hans", "title": "标题<b>@team #7",
               "published": None, "source": "<i>报</i>", "officials": [], "n_commitments": 2,
               "sha256": None, "chars": len(SOURCE), "error": None, "warning": None}
    article.update(changes)
    return article


def _write_run(folder: Path, commitments: list[dict], articles: list[dict]) -> Path:
    folder.mkdir(parents=True)
    for name, rows in ((COMMITMENTS, commitments), (ARTICLES, articles)):
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                   encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(old run, new run, source folder): one record changed in every field a
    table shows, one removed, one added, all of hostile text."""
    root = tmp_path_factory.mktemp("hostile")
    source = root / "src"
    source.mkdir()
    (source / DOC_ID).write_text(SOURCE, encoding="utf-8")
    old = _write_run(root / "old", [_commitment("c1", HOSTILE), _commitment("c2", LONG_LINE)], [_article()])
    new = _write_run(root / "new", [
        _commitment("c1", HOSTILE, modality="achievement", areas=["other"], rule="a|b`<script>@x\\|"),
        _commitment("c3", SENTENCE + HOSTILE_PIECES[0]),
    ], [_article(title="新<script>alert(7)</script>@team", warning="<b>#8</b>")])
    return old, new, source


# --------------------------------------------------------------------------- HTML pages

class _Tags(HTMLParser):
    """Every element and attribute name of a page, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[tuple[str, str]] = set()
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add((tag, ""))
        self.tags.update((tag, name) for name, _ in attrs)
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _benign(text: str) -> str:
    """The same text with every markup character replaced by a letter."""
    return re.sub(r"[<>\"'`|\[\]()!@#*_&\\=:/-]", "x", text)


def test_the_review_page_shows_hostile_text_as_text(runs, tmp_path):
    old, _, source = runs
    page = render_review(old, source)
    tags = _parse(page)
    # The benign twin: the same records over a source without markup.
    benign_src = tmp_path / "src"
    benign_src.mkdir()
    (benign_src / DOC_ID).write_text(_benign(SOURCE), encoding="utf-8")
    baseline = _parse(render_review(old, benign_src))
    assert tags.tags <= baseline.tags  # no element or attribute came from the text
    assert not any(name.startswith("on") for _, name in tags.tags - baseline.tags)
    assert tags.scripts == baseline.scripts
    shown = "".join(tags.text)
    for piece in HOSTILE_PIECES:
        assert piece in shown  # shown verbatim, as text
    assert LONG_LINE in shown
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# --------------------------------------------------------------------------- markdown diff

def _rendered(markdown: str) -> str:
    """HTML as a CommonMark renderer with GitHub's tables makes it."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def _outside_code(rendered: str) -> str:
    return re.sub(r"<code>.*?</code>", "", rendered, flags=re.S)


def test_the_markdown_diff_puts_every_hostile_string_in_code(runs):
    old, new, _ = runs
    markdown = render_markdown(diff_runs(old, new))
    rendered = _rendered(markdown)
    outside = _outside_code(rendered)
    # No tag from the text, raw or as markdown: only the renderer's own.
    assert set(re.findall(r"<([a-z0-9]+)", outside)) <= {"h3", "h4", "p", "table", "thead", "tbody", "tr", "th",
                                                          "td", "ul", "li", "blockquote"}
    assert "href" not in outside and "src=" not in outside and "onerror" not in outside
    # GitHub links mentions and references outside code only.
    assert not re.search(r"@\w", outside) and not re.search(r"#\d", outside)
    excerpt = HOSTILE[:119]  # the diff shows 120 characters of a record
    for piece in (p for p in HOSTILE_PIECES if p in excerpt):
        assert piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
            in rendered


def test_pipes_and_backticks_keep_the_tables_whole(runs):
    old, new, _ = runs
    rendered = _rendered(render_markdown(diff_runs(old, new)))
    for row in re.findall(r"<tr>(.*?)</tr>", rendered, flags=re.S):
        assert row.count("<td") + row.count("<th") in (3, 4, 5)  # as many cells as the header says
    assert "&quot;a|b`&lt;script&gt;@x" in rendered  # an escaped pipe shows as a pipe in its code span


def test_very_long_text_is_cut_in_the_markdown_diff(runs):
    old, new, _ = runs
    markdown = render_markdown(diff_runs(old, new))
    assert max(len(line) for line in markdown.splitlines()) < 1_000


# --------------------------------------------------------------------------- track page

def _track_row(text: str, verdict: str | None, outcome: bool) -> dict:
    def side(doc_id: str, value: int) -> dict:
        return {"record_id": "r", "doc_id": doc_id, "text": text, "metric": "新增就业" + HOSTILE_PIECES[2],
                "value": value, "unit": "人", "comparator": "ge", "period": "2024"}

    return {"metric_key": "employment.new<script>", "jurisdiction": "@team #7 <b>x</b>", "period": "2024",
            "pledge": side(DOC_ID, 50000), "outcome": side("b|`@me.txt", 52000) if outcome else None,
            "verdict": verdict, "gap": 2000 if outcome else None, "note": HOSTILE}


def test_the_track_page_shows_hostile_text_as_text():
    track_html = pytest.importorskip("pipeline.tools.track_html")
    hostile = [_track_row(HOSTILE, "met", True), _track_row(LONG_LINE, None, False)]
    benign = [_track_row(_benign(HOSTILE), "met", True), _track_row(LONG_LINE, None, False)]
    for row in benign:
        for side in (row["pledge"], row["outcome"] or {}):
            side["metric"] = side["doc_id"] = "x"
        row["metric_key"] = row["jurisdiction"] = "x"
        row["note"] = _benign(HOSTILE)
    page, baseline = (_parse(track_html.render_track(rows)) for rows in (hostile, benign))
    assert page.tags <= baseline.tags and page.scripts == baseline.scripts == 0
    shown = "".join(page.text)
    for piece in HOSTILE_PIECES:
        assert piece in shown
