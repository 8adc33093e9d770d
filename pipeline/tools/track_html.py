"""track.html: one self-contained page, a chart per tracked metric and its table.

The charts are drawn by matplotlib to SVG and inlined, their text kept as
text (svg.fonttype none) so the browser sets the Chinese labels in its own
fonts; nothing is fetched. Rows come in as the JSON of tracks.jsonl.
"""
from __future__ import annotations

import html
import io
import math
import warnings
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")  # no display: the charts are files
import matplotlib.pyplot as plt

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
section { margin-bottom: 2.5em; }
table { border-collapse: collapse; font-size: 0.9em; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.met { background: #dff0d8; } .missed { background: #f8d7da; } .unknown { background: #fff3cd; }
.chart svg { max-width: 100%; height: auto; }
"""
_HEAD = ("metric", "period", "pledge", "in", "outcome", "in", "verdict", "gap", "note")


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _scale(values: list[float], unit: str | None) -> tuple[float, str]:
    """Counts in the millions are drawn in 万, as the reports write them."""
    if max(abs(v) for v in values) >= 100_000:
        return 10_000, f"万{unit or ''}"
    return 1, unit or ""


def chart_svg(rows: list[dict]) -> str:
    """Pledged against achieved over the periods, as an inline SVG."""
    rows = sorted(rows, key=lambda r: r["period"] or "")
    labels = [r["period"] or "?" for r in rows]
    pledged = [r["pledge"]["value"] for r in rows]
    achieved = [r["outcome"]["value"] if r["outcome"] else math.nan for r in rows]  # nan: no point drawn
    factor, unit = _scale(pledged + [a for a in achieved if not math.isnan(a)], rows[0]["pledge"]["unit"])
    # Text stays text in the SVG: the browser sets it, so a font matplotlib lacks
    # for 万 or 人 only costs it a slightly wrong measure of the label.
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "minsheng"}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(figsize=(8, 3.2))
        xs = range(len(rows))
        ax.plot(xs, [v / factor for v in pledged], "s--", color="#1f77b4", label="pledged")
        ax.plot(xs, [v / factor for v in achieved], "o-", color="#d62728", label="achieved")
        ax.set_xticks(list(xs), labels, rotation=45 if len(rows) > 8 else 0)
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype: it sits inside HTML


def _row(r: dict) -> str:
    p, o = r["pledge"], r["outcome"] or {}
    cells = (p["metric"], r["period"], p["text"], p["doc_id"], o.get("text"), o.get("doc_id"),
             r["verdict"], r["gap"], r["note"])
    return f'<tr class="{_esc(r["verdict"])}">' + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>"


def _table(rows: list[dict]) -> str:
    head = "".join(f"<th>{h}</th>" for h in _HEAD)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(_row(r) for r in rows)}</tbody></table>"


def _years(period: str | None) -> int:
    """How many years a period label covers: 2024 → 1, 2021-2025 → 5."""
    if not period or "-" not in period:
        return 1
    first, last = period.split("-")
    return int(last) - int(first) + 1


def render_track(rows: list[dict]) -> str:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:  # one-year and plan-long periods apart: 4500万 in five years is no year's figure
        groups[(r["metric_key"], r["jurisdiction"], _years(r["period"]))].append(r)
    # the metrics with most pairs first: the ones a reader follows over the years
    tracked = sorted(((k, g) for k, g in groups.items() if any(r["outcome"] for r in g)),
                     key=lambda kg: (-sum(1 for r in kg[1] if r["outcome"]), kg[0][0], kg[0][1] or ""))
    sections = [f'<section><h2>{_esc(g[0]["pledge"]["metric"])} · {_esc(place)} '
                f'<small>({_esc(key)}{"" if years == 1 else f", {years}-year periods"})</small></h2>'
                f'<div class="chart">{chart_svg(g)}</div>{_table(g)}</section>'
                for (key, place, years), g in tracked]
    open_rows = [r for r in rows if not r["outcome"]]
    n_paired = len(rows) - len(open_rows)
    return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>minsheng track</title>"
            f"<style>{_STYLE}</style></head><body><h1>Pledges and what came of them</h1>"
            f"<p>{n_paired} pledges paired with an outcome, {len(open_rows)} without; "
            f"{len(tracked)} metrics charted.</p>{''.join(sections)}"
            f"<details><summary>Pledges without an outcome ({len(open_rows)})</summary>{_table(open_rows)}</details>"
            "</body></html>\n")
