"""Event extraction: triggers, actors, places, casualties, dating.

Public API: ``extract_events(doc, text, sentences, timexes) -> list[Event]`` (pure). The
stages live in ``triggers``, ``polarity``, ``actors``/``roles``, ``places``, ``casualties``,
``attach`` and ``taxonomy``; ``extract`` composes them.
"""
from __future__ import annotations

from evdb.events.extract import extract_events

__all__ = ["extract_events"]
