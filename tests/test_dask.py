"""The Dask engine writes the same bytes as the local one (pipeline/dask_engine.py)."""
from __future__ import annotations

import logging

import pytest

pytest.importorskip("dask", reason="dask is the optional extra minsheng[dask]: pip install 'minsheng[dask]'")
distributed = pytest.importorskip("distributed", reason="the Dask engine needs distributed (minsheng[dask])")

from pipeline.cli import main  # noqa: E402
from pipeline.core.write import ARTICLES, COMMITMENTS  # noqa: E402
from pipeline.tools.bench import build_corpus, write_corpus  # noqa: E402


def test_dask_cluster_output_equals_the_local_engine(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts, _ = build_corpus(12, seed=3)
    write_corpus(corpus, [text[:500] for text in texts])
    (corpus / "empty.txt").write_bytes(b"")  # an error row goes through the cluster too
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert main(["extract", str(corpus), "-o", str(local), "--jobs", "1", "--no-ner", "-q"]) == 0

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        status = main(["extract", str(corpus), "-o", str(remote), "--engine", "dask",
                       "--scheduler", cluster.scheduler_address, "--no-ner", "-q"])

    assert status == 0
    for name in (COMMITMENTS, ARTICLES):
        assert (remote / name).read_bytes() == (local / name).read_bytes()
