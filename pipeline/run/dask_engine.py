"""The Dask engine: the batch's tasks on a Dask distributed cluster.

The tasks are the local engine's (`tasks.extract_chunk` over the same
chunks of files); the results come back to the client, which journals and
writes them exactly as a local run does, so both engines give the same bytes.
The workers must see the input paths and have minsheng installed. Dask is
the optional extra `minsheng[dask]`; `pipeline.run.batch` imports this module
only for `--engine dask`.
"""
from __future__ import annotations

import logging
from contextlib import ExitStack
from typing import Iterator

from pipeline.run.tasks import (
    BatchError,
    ChunkOutput,
    Item,
    Options,
    extract_chunk,
    load_pipelines,
)

try:
    from distributed import Client, LocalCluster, WorkerPlugin, as_completed
except ImportError as e:  # pragma: no cover - depends on the installed extras
    raise BatchError("--engine dask needs the optional dependencies: pip install 'minsheng[dask]'") from e


class PipelineLoader(WorkerPlugin):
    """Builds the spaCy pipelines when a worker starts (or joins), once per
    worker process: they stay cached in the process for every later task."""

    name = "minsheng-pipelines"

    def __init__(self, use_ner: bool):
        self.use_ner = use_ner

    def setup(self, worker) -> None:
        load_pipelines(self.use_ner)


def dask_outputs(chunks: list[list[Item]], options: Options) -> Iterator[ChunkOutput]:
    with ExitStack() as stack:
        client = _client(options, stack)
        client.register_plugin(PipelineLoader(options.use_ner))
        # pure=False: a task's result depends on files on disk, not only on
        # its arguments, so Dask must not reuse an earlier result.
        futures = client.map(extract_chunk, chunks, use_ner=options.use_ner, pure=False)
        for future in as_completed(futures, loop=client.loop):
            yield future.result()


def _client(options: Options, stack: ExitStack) -> Client:
    """A client of the given scheduler, or of a new local cluster; both are
    closed with `stack`."""
    if options.scheduler:
        try:
            return stack.enter_context(Client(options.scheduler, timeout="10s", set_as_default=False))
        except (OSError, TimeoutError) as e:
            raise BatchError(f"cannot reach the Dask scheduler at {options.scheduler}: {e}") from e
    # One single-threaded process per job: the pipeline is CPU-bound Python,
    # so threads would only contend for the GIL.
    cluster = stack.enter_context(LocalCluster(n_workers=options.jobs, threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=logging.ERROR))
    return stack.enter_context(Client(cluster, set_as_default=False))
