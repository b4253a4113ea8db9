"""Temporal engine: find temporal expressions and resolve them to honest intervals.

Public API (pure; the reference time is always an argument):

- ``tag_document(text, lang, dct, tz, sentences=None) -> list[Timex]``
- ``parse_when(text, ref, tz="UTC", lang=None) -> Timex | None``: one expression typed by a
  user ("last week", "il y a 7 jours", "2018-01"), for date-typed query parameters and
  ``--from/--to`` options.
"""
from __future__ import annotations

from datetime import datetime

from evdb.model import Sentence, Timex


def tag_document(text: str, lang: str, dct: datetime, tz: str,
                 sentences: tuple[Sentence, ...] | None = None) -> list[Timex]:
    return []  # placeholder until the engine lands


def parse_when(text: str, ref: datetime, tz: str = "UTC", lang: str | None = None) -> Timex | None:
    return None  # placeholder until the engine lands
