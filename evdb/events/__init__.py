"""Event extraction: triggers, actors, places, casualties, dating.

Public API: ``extract_events(doc, text, sentences, timexes) -> list[Event]`` (pure).
"""
from __future__ import annotations

from evdb.model import Document, Event, Sentence, Timex


def extract_events(doc: Document, text: str, sentences: tuple[Sentence, ...],
                   timexes: tuple[Timex, ...]) -> list[Event]:
    return []  # placeholder until the extractor lands
