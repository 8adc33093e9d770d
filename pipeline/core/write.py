"""Stage 8, write: JSON Lines, atomically, byte-identical from run to run.

Each output file is written to a temporary name in the same folder and
renamed over the old one when complete, so an interrupted run leaves the
previous output intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel

COMMITMENTS = "commitments.jsonl"
ARTICLES = "articles.jsonl"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def dumps(record: BaseModel) -> str:
    """One canonical JSON line: field order from the model, no ASCII escaping."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))


def write_jsonl_atomic(path: Path, lines: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for line in lines:
                fh.write(line)
                fh.write("\n")
        # mkstemp creates the file private (0600); output is for everyone the
        # umask allows, like any other file the user writes.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
