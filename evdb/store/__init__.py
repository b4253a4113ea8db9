"""evdb.store: the DuckDB file (``db``), Analysis -> rows (``rows``) and loading with history (``load``)."""
from __future__ import annotations

from evdb.store.db import connect, migrate, opened, set_as_of, transaction
from evdb.store.load import Loader, LoadResult, Removal, remove_document

__all__ = ["LoadResult", "Loader", "Removal", "connect", "migrate", "opened", "remove_document",
           "set_as_of", "transaction"]
