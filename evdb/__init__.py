"""evdb: a temporal event database for news (French and English)."""
from __future__ import annotations

__version__ = "0.1.0"

from evdb.model import Analysis, Document, Event, Sentence, Timex  # noqa: E402

__all__ = ["Analysis", "Document", "Event", "Sentence", "Timex", "__version__"]
