"""The golden snapshot: data/extracted/ is the committed output for data/raw/.

A change that alters any record fails here with the markdown diff, so the
change is either fixed or accepted on purpose with `make snapshot` (which
refreshes data/extracted/) and reviewed with the rest of the pull request.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.read import iter_inputs
from pipeline.run.batch import run
from pipeline.tools.diff import diff_runs, render_markdown

ROOT = Path(__file__).resolve().parent.parent
RAW, GOLDEN = ROOT / "data" / "raw", ROOT / "data" / "extracted"


def test_extraction_matches_the_committed_snapshot(tmp_path):
    if not iter_inputs(RAW):
        pytest.skip("data/raw holds no articles")
    run(RAW, tmp_path)
    diff = diff_runs(GOLDEN, tmp_path)
    assert not diff.has_changes, (
        "the output for data/raw differs from data/extracted. If the change is intended, "
        "run `make snapshot` and commit data/extracted with it.\n\n" + render_markdown(diff))
