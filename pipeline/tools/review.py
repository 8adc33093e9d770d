"""A review page: each article with what was extracted marked in its text.

One self-contained HTML file (inline CSS and JS, no network) for a person
checking a run: commitments are a background band over the text; officials'
names, agencies, places and targets are coloured marks; beside the text, a
table of the article's records that can be filtered, where clicking a row
scrolls to its span and flashes it (as does opening `review.html#c=<id>`).

Names and targets are marked at the offsets the output gives. Agencies and
places have no offsets in the contract, so the page marks every occurrence of
the agency and place strings the records name (compared on the normalized
copy, so a Simplified place name also marks its Traditional spelling).
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.core.normalize import normalize, to_halfwidth, to_simplified
from pipeline.core.read import ReadError, read_document
from pipeline.core.write import ARTICLES, COMMITMENTS, read_jsonl

# Order matters for the stylesheet: where marks overlap, a later kind's
# background wins, and place (an underline) stays visible under an agency.
MARK_KINDS = ("place", "agency", "official", "target")
MODALITIES = ("pledge", "achievement", "directive")


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # "commitment" or one of MARK_KINDS
    ref: str | None = None  # the commitment id, for the band


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# --------------------------------------------------------------------------- highlights

def _span_highlight(span: dict | None, kind: str, length: int, ref: str | None = None) -> Highlight | None:
    """A highlight for an output span; None for a span outside the text (a broken record)."""
    if not span or not 0 <= span.get("start", -1) < span.get("end", -1) <= length:
        return None
    return Highlight(span["start"], span["end"], kind, ref)


def _occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    pos = text.find(needle)
    while pos >= 0:
        yield pos, pos + len(needle)
        pos = text.find(needle, pos + len(needle))


def mention_highlights(normalized: str, names: Iterable[str], kind: str) -> list[Highlight]:
    """Every occurrence of each name, compared as the pipeline's rules compare
    (Simplified, half-width), whose offsets equal the source's."""
    needles = {to_halfwidth(to_simplified(n)) for n in names if n}
    return [Highlight(s, e, kind) for needle in sorted(needles) for s, e in _occurrences(normalized, needle)]


def _agencies(article: dict, commitments: list[dict]) -> set[str]:
    # A meeting's name sits in `actor.agency` too, but it is not an agency.
    actors = [c.get("actor") or {} for c in commitments]
    return ({o.get("agency") for o in article.get("officials") or []}
            | {a.get("agency") for a in actors if a.get("kind") != "meeting"}) - {None}


def _places(article: dict, commitments: list[dict]) -> set[str]:
    actors = [c.get("actor") or {} for c in commitments]
    return ({o.get("place") for o in article.get("officials") or []} | {a.get("place") for a in actors}) - {None}


def highlights(source: str, article: dict, commitments: list[dict]) -> list[Highlight]:
    n = len(source)
    spans = [_span_highlight(c.get("span"), "commitment", n, c.get("id")) for c in commitments]
    spans += [_span_highlight(t.get("span"), "target", n) for c in commitments for t in c.get("targets") or []]
    spans += [_span_highlight(o.get("span"), "official", n) for o in article.get("officials") or []]
    normalized = normalize(source).text
    return ([h for h in spans if h]
            + mention_highlights(normalized, _agencies(article, commitments), "agency")
            + mention_highlights(normalized, _places(article, commitments), "place"))


def segments(length: int, marks: list[Highlight]) -> Iterator[tuple[int, int, list[Highlight]]]:
    """Cut the text at every highlight boundary: each piece has one fixed set
    of active highlights, so overlapping and nested spans render as flat,
    well-formed HTML."""
    cuts = sorted({0, length, *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Highlight]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    active: list[Highlight] = []
    for start, end in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > start] + starting.get(start, [])
        yield start, end, active


# --------------------------------------------------------------------------- HTML pieces

def render_text(source: str, marks: list[Highlight]) -> str:
    out = []
    for start, end, active in segments(len(source), marks):
        piece = _esc(source[start:end])
        kinds = [k for k in MARK_KINDS if any(m.kind == k for m in active)]
        if kinds:
            piece = f'<mark class="{" ".join(kinds)}" title="{", ".join(kinds)}">{piece}</mark>'
        refs = [m.ref for m in active if m.kind == "commitment"]
        if refs:
            multi = " multi" if len(refs) > 1 else ""
            piece = f'<span class="band{multi}" data-c="{_esc(" ".join(refs))}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _actor(actor: dict) -> str:
    who = actor.get("name") or actor.get("agency") or actor.get("place") or "?"
    titles = "、".join(actor.get("titles") or [])
    where = " · ".join(x for x in (actor.get("agency") if actor.get("name") else None, actor.get("place")) if x)
    return (f'<span class="kind">{_esc(actor.get("kind"))}</span> <b>{_esc(who)}</b>'
            + (f" {_esc(titles)}" if titles else "") + (f'<br><small>{_esc(where)}</small>' if where else ""))


_COMPARATOR = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈"}


def _target(t: dict) -> str:
    value = f'{_COMPARATOR.get(t.get("comparator"), "")}{t.get("value")}'
    if t.get("value_high") is not None:
        value += f'–{t["value_high"]}'
    unit = f' {t["unit"]}' if t.get("unit") else ""
    metric = f' <small>{_esc(t["metric"])}</small>' if t.get("metric") else ""
    return f'<li>{_esc(t.get("text"))} → <b>{_esc(value + unit)}</b>{metric}</li>'


def render_row(c: dict) -> str:
    targets = "".join(_target(t) for t in c.get("targets") or [])
    text = c.get("text") or ""
    excerpt = text if len(text) <= 80 else text[:79] + "…"
    return (f'<tr class="rec" data-c="{_esc(c.get("id"))}" data-modality="{_esc(c.get("modality"))}">'
            f'<td>{_actor(c.get("actor") or {})}</td>'
            f'<td><span class="mod {_esc(c.get("modality"))}">{_esc(c.get("modality"))}</span></td>'
            f'<td>{_esc(", ".join(c.get("areas") or []))}</td>'
            f'<td><ul>{targets}</ul></td>'
            f'<td class="excerpt">{_esc(excerpt)}</td></tr>')


def render_table(commitments: list[dict]) -> str:
    if not commitments:
        return '<p class="none">No commitments.</p>'
    rows = "".join(render_row(c) for c in commitments)
    return ('<table><thead><tr><th>actor</th><th>modality</th><th>areas</th><th>targets</th>'
            f'<th>text</th></tr></thead><tbody>{rows}</tbody></table>')


def _official(o: dict) -> str:
    rest = " · ".join(x for x in ("、".join(o.get("titles") or []), o.get("agency"), o.get("place")) if x)
    return f'<li><mark class="official">{_esc(o.get("name"))}</mark> {_esc(rest)}</li>'


def _meta(article: dict) -> str:
    parts = [article.get("lang"), article.get("published"), article.get("source"),
             f'{article.get("n_commitments", 0)} commitments']
    return " · ".join(_esc(p) for p in parts if p)


def render_article(index: int, doc_id: str, article: dict, commitments: list[dict], source: str | None,
                   problem: str | None) -> str:
    officials = "".join(_official(o) for o in article.get("officials") or [])
    body = (f'<div class="text">{render_text(source, highlights(source, article, commitments))}</div>'
            if source is not None else f'<div class="text error">{_esc(problem)}</div>')
    return (f'<section class="article" id="a{index}"><h2>{_esc(article.get("title") or doc_id)}</h2>'
            f'<p class="meta"><code>{_esc(doc_id)}</code> · {_meta(article)}</p>'
            + (f'<ul class="officials">{officials}</ul>' if officials else "")
            + f'<div class="cols">{body}<div class="records">{render_table(commitments)}</div></div></section>')


# --------------------------------------------------------------------------- page

_CSS = """
body{font:14px/1.6 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#212529;background:#f8f9fa}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #dee2e6;padding:8px 16px;
 display:flex;flex-wrap:wrap;gap:12px;align-items:center}
header h1{font-size:16px;margin:0}
.legend span{padding:0 6px;margin-right:4px;border-radius:3px}
main{padding:8px 16px}
.article{background:#fff;border:1px solid #dee2e6;border-radius:6px;margin:12px 0;padding:8px 16px}
.article h2{font-size:17px;margin:4px 0}
.meta{color:#6c757d;margin:0 0 6px}
.officials{margin:0 0 8px;padding-left:18px;columns:2;font-size:13px}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
.text{white-space:pre-wrap;max-height:70vh;overflow:auto;border:1px solid #e9ecef;padding:8px;border-radius:4px}
.text.error{color:#c92a2a}
.records{max-height:70vh;overflow:auto}
.band{background:#fff3bf}
.band.multi{background:#ffe066}
mark{background:none;color:inherit;border-radius:2px}
mark.place{background:#d3f9d8;border-bottom:2px solid #2f9e44}
mark.agency{background:#a5d8ff}
mark.official{background:#ffc9c9;font-weight:600}
mark.target{background:#ffd8a8;font-weight:600;outline:1px solid #e8590c}
.legend .band{background:#fff3bf}
.legend .place{background:#d3f9d8;border-bottom:2px solid #2f9e44}
.legend .agency{background:#a5d8ff}
.legend .official{background:#ffc9c9}
.legend .target{background:#ffd8a8}
.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%,40%{background:#fa5252;color:#fff}100%{}}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e9ecef;padding:4px;text-align:left;vertical-align:top}
tr.rec{cursor:pointer}
tr.rec:hover{background:#f1f3f5}
td ul{margin:0;padding-left:14px}
.kind{font-size:11px;color:#495057;background:#e9ecef;border-radius:3px;padding:0 4px}
.mod{border-radius:3px;padding:0 4px;font-size:12px}
.mod.pledge{background:#d0ebff}.mod.achievement{background:#d3f9d8}.mod.directive{background:#ffe8cc}
.excerpt{color:#495057}
.none{color:#6c757d}
"""

# Filtering reads the rows' own text and data attributes, so no data is
# embedded in the script (nothing from an article can reach the JS parser).
_JS = """
const q = document.getElementById('q'), mod = document.getElementById('modality');
const shown = document.getElementById('shown');
function applyFilter() {
  const needle = q.value.trim().toLowerCase();
  let n = 0;
  for (const tr of document.querySelectorAll('tr.rec')) {
    const ok = (!mod.value || tr.dataset.modality === mod.value) &&
               (!needle || tr.textContent.toLowerCase().includes(needle));
    tr.hidden = !ok;
    n += ok;
  }
  shown.textContent = n + ' records shown';
}
q.addEventListener('input', applyFilter);
mod.addEventListener('change', applyFilter);
function showRecord(id) {
  const pieces = document.querySelectorAll('.band[data-c~="' + CSS.escape(id) + '"]');
  if (!pieces.length) return;
  pieces[0].scrollIntoView({behavior: 'smooth', block: 'center'});
  // Removing the class and forcing a layout restarts the animation on a second click.
  for (const p of pieces) { p.classList.remove('flash'); void p.offsetWidth; p.classList.add('flash'); }
}
document.addEventListener('click', (event) => {
  const row = event.target.closest('tr.rec');
  if (!row) return;
  history.replaceState(null, '', '#c=' + encodeURIComponent(row.dataset.c));
  showRecord(row.dataset.c);
});
// review.html#c=<id> opens the page at that record: a link to share, or to follow from a diff.
if (location.hash.startsWith('#c=')) showRecord(decodeURIComponent(location.hash.slice(3)));
applyFilter();
"""


def _header(n_articles: int, n_records: int) -> str:
    legend = '<span class="band">commitment</span>' + "".join(f'<span class="{k}">{k}</span>' for k in MARK_KINDS)
    options = "".join(f'<option value="{m}">{m}</option>' for m in MODALITIES)
    return (f'<header><h1>minsheng review: {n_articles} articles, {n_records} records</h1>'
            f'<div class="legend">{legend}</div>'
            '<input id="q" type="search" placeholder="filter records" aria-label="filter records">'
            f'<select id="modality" aria-label="modality"><option value="">all modalities</option>{options}</select>'
            '<span id="shown"></span></header>')


def render_page(articles: list[str], n_records: int) -> str:
    return ('<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>minsheng review</title><style>{_CSS}</style></head><body>'
            f'{_header(len(articles), n_records)}<main>{"".join(articles)}</main>'
            f'<script>{_JS}</script></body></html>\n')


def _read_source(source_dir: Path, doc_id: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, why not): one unreadable file does not stop the page."""
    try:
        return read_document(source_dir / doc_id, doc_id).text, None
    except ReadError as e:
        return None, f"source not readable: {e}"


def render_review(out_dir: Path, source_dir: Path) -> str:
    articles = {a.get("doc_id"): a for a in read_jsonl(out_dir / ARTICLES)}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for c in read_jsonl(out_dir / COMMITMENTS):
        by_doc[c.get("doc_id")].append(c)
    sections = []
    for index, doc_id in enumerate(sorted(set(articles) | set(by_doc))):
        article = articles.get(doc_id) or {}
        if article.get("error"):
            source, problem = None, f"not processed: {article['error']}"
        else:
            source, problem = _read_source(source_dir, doc_id)
        sections.append(render_article(index, doc_id, article, by_doc.get(doc_id, []), source, problem))
    return render_page(sections, sum(len(v) for v in by_doc.values()))


def write_review(out_dir: Path, source_dir: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_review(out_dir, source_dir), encoding="utf-8")
