"""Temporal engine: find temporal expressions and resolve them to honest intervals.

Public API (pure; the reference time is always an argument):

- ``tag_document(text, lang, dct, tz, sentences=None, prefer="nearest") -> list[Timex]``
- ``parse_when(text, ref, tz="UTC", lang=None) -> Timex | None``: one expression typed by a
  user ("last week", "il y a 7 jours", "2018-01"), for date-typed query parameters and
  ``--from/--to`` options.

Stages: :mod:`scan` (one regex pass: the words and digit runs that can carry an expression),
:mod:`rule_index` (the rules each scan hit wakes, their reach and opening gates, read off the
patterns with :mod:`prefix`), :mod:`grammar` (rules tried at the hits, candidates chosen ->
mentions), :mod:`builders` (a match's captures -> a partial time), :mod:`discourse` (anchor
choice; the clause's tense from :mod:`tense`), :mod:`resolve` (calendar arithmetic,
dispatching to :mod:`points`, :mod:`dates`, :mod:`clock`, :mod:`ranges` and :mod:`holidays`,
over :mod:`calendar`). Language knowledge is in ``evdb/resources/<lang>/``.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evdb.errors import EvdbError
from evdb.model import Sentence, Timex
from evdb.text.normalize import normalize
from evdb.text.segment import sentences as split_sentences

__all__ = ["tag_document", "parse_when"]


def _zone(tz: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise EvdbError(f"unknown time zone {tz!r}", hint="use an IANA name such as Europe/Paris or UTC") from None


PREFERENCES = ("nearest", "past", "future")


def tag_document(text: str, lang: str, dct: datetime, tz: str,
                 sentences: tuple[Sentence, ...] | list[Sentence] | None = None,
                 prefer: str = "nearest") -> list[Timex]:
    """Every temporal expression of ``text`` (offsets index ``text``), resolved against ``dct``.

    ``prefer`` says which way an underspecified date goes when its clause gives no tense cue:
    ``nearest`` (news: the occurrence nearest the DCT, the pack's defaults for bare weekdays),
    ``past`` or ``future`` (assistant and calendar text: "friday" is the coming one). A tense cue
    in the text always wins over it."""
    from evdb.lang.loader import load
    from evdb.temporal.discourse import anchor_and_resolve
    from evdb.temporal.grammar import find_mentions

    if prefer not in PREFERENCES:
        raise EvdbError(f"unknown preference {prefer!r}", hint="use one of: " + ", ".join(PREFERENCES))
    zone = _zone(tz)
    if dct.tzinfo is None:
        dct = dct.replace(tzinfo=zone)
    language = load(lang)
    norm = normalize(text)
    sents = list(sentences) if sentences is not None else split_sentences(norm)
    mentions = find_mentions(norm, language, sents)
    # surfaces come from the original text (same offsets: normalisation preserves length)
    return anchor_and_resolve(norm, language, sents, mentions, dct, zone, original=text, prefer=prefer)


_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")
_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{2})")


def _iso_instant_or_week(s: str, zone: ZoneInfo) -> Timex | None:
    """ISO 8601 forms the language packs leave alone: an instant with its offset
    ("2018-01-26T14:30:00+01:00", "...Z"), shown in ``zone``; an ISO week ("2024-W03")."""
    if _ISO_INSTANT.fullmatch(s):
        t = datetime.fromisoformat(s.replace(" ", "T")).astimezone(zone).replace(microsecond=0)
        return Timex("t1", s, 0, len(s), 0, "TIME", t.strftime("%Y-%m-%dT%H:%M:%S"), None, t,
                     t + timedelta(seconds=1), "second", "none", "absolute", "iso.instant", "resolved")
    m = _ISO_WEEK.fullmatch(s)
    if m:
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        a = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
        b = a.replace(tzinfo=None) + timedelta(days=7)
        return Timex("t1", s, 0, len(s), 0, "DATE", f"{m.group(1)}-W{m.group(2)}", None, a,
                     b.replace(tzinfo=zone), "week", "none", "absolute", "iso.week", "resolved")
    return None


def parse_when(text: str, ref: datetime, tz: str = "UTC", lang: str | None = None) -> Timex | None:
    """Resolve one expression typed by a user; ISO forms first, then fr and en (or ``lang``).

    The whole input must be one expression (surrounding spaces aside); otherwise None.
    """
    s = text.strip()
    if not s:
        return None
    iso = _iso_instant_or_week(s, _zone(tz))
    if iso is not None:
        return iso
    langs = [lang] if lang else ["fr", "en"]
    best: Timex | None = None
    for code in langs:
        try:
            found = tag_document(s, code, ref, tz)
        except EvdbError:
            if lang:
                raise
            continue
        for t in found:
            if t.value is None:
                continue
            cover = t.char_end - t.char_start
            if best is None or cover > best.char_end - best.char_start:
                best = t
        if best is not None and best.char_start == 0 and best.char_end == len(s):
            return best
    if best is not None and best.char_end - best.char_start >= len(s.strip(" .,;")):
        return best
    return None
