"""`minsheng review`: highlights, escaping, and the page as Chromium renders it."""
from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.write import COMMITMENTS, read_jsonl
from pipeline.run.batch import run
from pipeline.tools.review import (
    Highlight,
    mention_highlights,
    render_review,
    render_text,
    segments,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
CHROMIUM = Path("/usr/bin/chromium")
# Two Chinese articles, one of them Big5: the top of the page then shows marks.
ARTICLES = ("zh_hans_01_employment.txt", "zh_hant_06_elderly_housing_big5.txt")
BAND, TARGET = (0xFF, 0xF3, 0xBF), (0xFF, 0xD8, 0xA8)  # .band and mark.target in the page's CSS


# --------------------------------------------------------------------------- segments and escaping

def test_overlapping_spans_become_flat_segments():
    marks = [Highlight(0, 10, "commitment", "c1"), Highlight(2, 5, "agency"), Highlight(4, 7, "place")]
    got = [(s, e, sorted(m.kind for m in active)) for s, e, active in segments(12, marks)]
    assert got == [(0, 2, ["commitment"]), (2, 4, ["agency", "commitment"]),
                   (4, 5, ["agency", "commitment", "place"]), (5, 7, ["commitment", "place"]),
                   (7, 10, ["commitment"]), (10, 12, [])]


def test_rendered_text_is_escaped_and_well_nested():
    source = '<script>alert("x")</script> & 市人社局将'
    agency = source.index("市人社局")
    marks = [Highlight(0, len(source), "commitment", 'c"1'), Highlight(agency, agency + 4, "agency")]
    html = render_text(source, marks)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in html
    assert 'data-c="c&quot;1"' in html
    assert '<mark class="agency" title="agency">市人社局</mark>' in html


def test_names_are_found_in_either_script():
    # 晉川市 in a Big5 article is 晋川市 in the normalized copy the rules read.
    text = "晉川市民政局在晉川市"
    normalized = "晋川市民政局在晋川市"
    assert [(h.start, h.end) for h in mention_highlights(normalized, ["晉川市"], "place")] == [(0, 3), (7, 10)]
    assert text[7:10] == "晉川市"


# --------------------------------------------------------------------------- the page

@pytest.fixture(scope="module")
def review(tmp_path_factory) -> tuple[Path, Path, int]:
    """(page, its folder, number of commitments) for two articles of data/raw."""
    folder = tmp_path_factory.mktemp("review")
    src = folder / "src"
    src.mkdir()
    for name in ARTICLES:
        shutil.copy(RAW / name, src / name)
    run(src, folder / "out")
    page = folder / "review.html"
    assert main(["review", str(folder / "out"), "--source", str(src), "-o", str(page)]) == 0
    return page, folder, len(read_jsonl(folder / "out" / COMMITMENTS))


def test_the_page_is_self_contained(review):
    html = review[0].read_text(encoding="utf-8")
    assert "<style>" in html and "<script>" in html
    for reference in ("src=", "href=", "@import", "url("):
        assert reference not in html


def test_an_unreadable_source_is_reported_on_the_page(review, tmp_path):
    html = render_review(review[1] / "out", tmp_path)  # an empty folder: no sources
    assert html.count("source not readable: not found") == len(ARTICLES)


class _Elements(HTMLParser):
    """Counts elements by tag and class in a dumped DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, set[str], dict]] = []
        self.texts: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.found.append((tag, set((attrs.get("class") or "").split()), attrs))
        self._id = attrs.get("id")

    def handle_data(self, data):
        if self._id:
            self.texts[self._id] = self.texts.get(self._id, "") + data

    def count(self, tag: str, cls: str) -> int:
        return sum(1 for t, classes, _ in self.found if t == tag and cls in classes)


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180)


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, "a PNG format this decoder does not read"
    bpp = 3 if color == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            line[x] = (line[x] + _predict(kind, a, b, c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def _predict(kind: int, a: int, b: int, c: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return a
    if kind == 2:
        return b
    if kind == 3:
        return (a + b) // 2
    p = a + b - c  # Paeth
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def _colours(width: int, rows: list[bytes]) -> set[tuple[int, int, int]]:
    bpp = len(rows[0]) // width
    return {tuple(row[x:x + 3]) for row in rows for x in range(0, len(row), bpp)}


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is not installed (apt-get install chromium)")


@needs_chromium
def test_chromium_renders_highlights_and_rows(review, tmp_path):
    page, _, n_records = review
    proc = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = _Elements()
    dom.feed(proc.stdout)
    assert dom.count("span", "band") > 0
    for kind in ("official", "agency", "place", "target"):
        assert dom.count("mark", kind) > 0, kind
    assert dom.count("tr", "rec") == n_records > 0
    assert dom.texts["shown"] == f"{n_records} records shown"  # the script ran


@needs_chromium
def test_a_record_link_flashes_its_span(review, tmp_path):
    page, folder, _ = review
    record = read_jsonl(folder / "out" / COMMITMENTS)[-1]
    proc = chromium("--dump-dom", f"{page.as_uri()}#c={record['id']}", profile=tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = _Elements()
    dom.feed(proc.stdout)
    flashing = [attrs["data-c"].split() for _, classes, attrs in dom.found if "flash" in classes]
    assert flashing and all(record["id"] in ids for ids in flashing)


@needs_chromium
def test_chromium_screenshot_shows_the_highlights(review, tmp_path):
    shot = tmp_path / "review.png"
    proc = chromium(f"--screenshot={shot}", "--window-size=1280,2000", review[0].as_uri(),
                    profile=tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.stat().st_size > 20_000
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1280, 2000)
    colours = _colours(width, rows)
    assert len(colours) > 50, "the screenshot is (nearly) one colour"
    assert BAND in colours and TARGET in colours, "no commitment band or target mark is visible"
