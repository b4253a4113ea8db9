"""Where evdb finds its editable artefacts: ``schema/``, ``queries/``, ``reports/`` and
``sample_data/``.

They sit at the top of a checkout so analysts can read and edit them. A wheel carries a copy
under ``evdb/_bundled/`` (hatchling ``force-include``). This module is the one place that
decides which of the two is used: the checkout wins when present.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root() -> Path:
    checkout = _PACKAGE.parent
    if (checkout / "schema").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "_bundled"


def schema_dir() -> Path:
    return _root() / "schema"


def queries_dir() -> Path:
    return _root() / "queries"


def reports_dir() -> Path:
    return _root() / "reports"


def sample_data_dir() -> Path:
    return _root() / "sample_data"


def resources_dir() -> Path:
    """Language packs are package data: they always live inside the package."""
    return _PACKAGE / "resources"
