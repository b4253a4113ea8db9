"""Shared fixtures. Tests use one fixed reference time; nothing reads the wall clock."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ref_time() -> datetime:
    """Wednesday 2024-01-24 09:00 Europe/Paris."""
    return datetime(2024, 1, 24, 9, 0, tzinfo=PARIS)


# --- sample_db (store/ingest helper) -------------------------------------------------------------
# Recording times of the session's sample database: the news at SAMPLE_NEWS_RECORDED, the revised
# article a week later. `SET VARIABLE evdb_as_of` (or --as-of) between the two shows the first
# version of the revised article; after the second, the corrected one.
SAMPLE_NEWS_RECORDED = datetime(2020, 1, 6, 9, 0, tzinfo=ZoneInfo("UTC"))
SAMPLE_REVISIONS_RECORDED = datetime(2020, 1, 13, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture(scope="session")
def sample_db_times() -> dict[str, datetime]:
    """{"news": ..., "revisions": ...}: when sample_db recorded each part of sample_data."""
    return {"news": SAMPLE_NEWS_RECORDED, "revisions": SAMPLE_REVISIONS_RECORDED}


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A DuckDB file built once per session: sample_data/news then sample_data/revisions.

    Read-only for tests (open it with read_only=True or through the CLI's read commands);
    a test that writes must copy it first.
    """
    from evdb import paths
    from evdb.ingest import ingest

    path = tmp_path_factory.mktemp("sample_db") / "sample.duckdb"
    for part, now in (("news", SAMPLE_NEWS_RECORDED), ("revisions", SAMPLE_REVISIONS_RECORDED)):
        summary = ingest(path, [paths.sample_data_dir() / part], now=now)
        assert not summary.problems, [str(p) for p in summary.problems]
    return path
