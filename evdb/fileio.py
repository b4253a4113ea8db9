"""Writing output files so that a failure never leaves a half-written file behind.

Every file evdb writes for a user (``--output`` of query/sql/export, reports, charts) goes to a
temporary file in the same folder and is renamed over the target only once complete
(``os.replace`` is atomic on one file system). An existing file is untouched when writing fails.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO]:
    """``open()`` for writing that only replaces ``path`` when the ``with`` block succeeds."""
    if not mode.startswith("w"):
        raise ValueError(f"atomic_open writes only, not mode {mode!r}")
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> str:
    """Write ``data`` to ``path`` atomically; returns its sha256 (hex)."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return hashlib.sha256(data).hexdigest()
