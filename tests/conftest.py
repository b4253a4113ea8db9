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
