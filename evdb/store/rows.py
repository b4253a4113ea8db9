"""Analysis -> plain rows for the ``*_versions`` tables (pure; no database, no clock).

One function per target table, each returning a list of dicts keyed by column name. The
column names are those of ``schema/001..003``; the loader turns the lists into Arrow tables
with the types DuckDB reports, so the schema files stay the one source of truth.

``recorded_to`` is never produced here: new rows take the column default ('infinity').
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from evdb.model import Analysis, Event, Timex

DOCUMENTS = "document_versions"
TIMEXES = "timex_versions"
EVENTS = "event_versions"
EVENT_ACTORS = "event_actor_versions"
EVENT_SOURCES = "event_source_versions"

#: Every table holding rows derived from one document version, in load order.
VERSIONED_TABLES = (DOCUMENTS, TIMEXES, EVENTS, EVENT_ACTORS, EVENT_SOURCES)


def analysis_rows(analysis: Analysis, change: str, recorded_from: datetime) -> dict[str, list[dict]]:
    """All rows of one document version, by table. ``change`` is 'new' or 'revised'."""
    return {
        DOCUMENTS: [document_row(analysis, change, recorded_from)],
        TIMEXES: timex_rows(analysis, recorded_from),
        EVENTS: event_rows(analysis, recorded_from),
        EVENT_ACTORS: event_actor_rows(analysis, recorded_from),
        EVENT_SOURCES: event_source_rows(analysis, recorded_from),
    }


#: Columns the loader fills at load time (they depend on the database's state and the run's clock).
LOAD_TIME_COLUMNS = ("recorded_from", "change")


class PreparedRows(NamedTuple):
    """One analysed document as column lists per table, minus :data:`LOAD_TIME_COLUMNS`.

    This is what an ingest worker process sends back: plain tuples, lists and scalars pickle
    several times faster than the frozen dataclasses of an :class:`Analysis`, and the loader
    only has to concatenate lists. ``origin`` names the source for error messages."""

    doc_id: str
    article_key: str
    origin: str | None
    columns: dict[str, dict[str, list]]


def prepare_rows(analysis: Analysis) -> PreparedRows:
    """The rows of ``analysis`` (as ``analysis_rows`` makes them) turned into column lists."""
    return as_columns(analysis, analysis_rows(analysis, "", None))  # type: ignore[arg-type]


def as_columns(analysis: Analysis, tables: dict[str, list[dict]]) -> PreparedRows:
    """Rows by table (``analysis_rows``) -> :class:`PreparedRows`, load-time columns left out."""
    doc = analysis.document
    columns: dict[str, dict[str, list]] = {}
    for table, rows in tables.items():
        names = [k for k in rows[0] if k not in LOAD_TIME_COLUMNS] if rows else []
        columns[table] = {k: [r[k] for r in rows] for k in names}
    return PreparedRows(doc.doc_id, doc.article_key, doc.origin, columns)


def document_row(analysis: Analysis, change: str, recorded_from: datetime) -> dict:
    doc = analysis.document
    return {
        "doc_id": doc.doc_id,
        "article_key": doc.article_key,
        "source": doc.source,
        "source_id": doc.source_id,
        "url": doc.url,
        "title": doc.title,
        "lang": doc.lang,
        "published": doc.published,
        "tz": doc.tz,
        "text": doc.text,
        "content_hash": doc.content_hash,
        "origin": doc.origin,
        "change": change,
        "recorded_from": recorded_from,
    }


def timex_id(doc_id: str, tid: str) -> str:
    return f"{doc_id}:{tid}"


def event_id(doc_id: str, eid: str) -> str:
    return f"{doc_id}:{eid}"


def timex_rows(analysis: Analysis, recorded_from: datetime) -> list[dict]:
    doc = analysis.document
    zone = _zone(doc.tz)
    tids = {t.tid for t in analysis.timexes}
    return [{
        "timex_id": timex_id(doc.doc_id, t.tid),
        "doc_id": doc.doc_id,
        "tid": t.tid,
        "sent_idx": t.sent_idx,
        "char_start": t.char_start,
        "char_end": t.char_end,
        "text": t.text,
        "timex_type": t.type,
        "value": t.value,
        "mod": t.mod,
        "earliest": t.earliest,
        "latest": t.latest,
        "earliest_local": _local(t.earliest, zone),
        "latest_local": _local(t.latest, zone),
        "grain": t.grain,
        "anchor": timex_id(doc.doc_id, t.anchor) if t.anchor in tids else t.anchor,
        "anchor_kind": t.anchor_kind,
        "rule": t.rule,
        "status": t.status,
        "reason": t.reason,
        "day_window": t.day_window,
        "range_partner": timex_id(doc.doc_id, t.range_partner) if t.range_partner else None,
        "range_start": t.range_start,
        "range_end": t.range_end,
        "range_start_local": _local(t.range_start, zone),
        "range_end_local": _local(t.range_end, zone),
        "recorded_from": recorded_from,
    } for t in analysis.timexes]


def _dating_words(timex: Timex | None, by_tid: dict[str, Timex], text: str) -> dict:
    """``time_text`` / ``time_value`` of an event: its expression's, or for a bound of a range
    (which dates the event with the whole range) the range's words and ISO interval
    ("3 au 5 mars", ``2018-03-03/2018-03-05``)."""
    if timex is None:
        return {"time_text": None, "time_value": None}
    other = by_tid.get(timex.range_partner) if timex.range_partner and timex.range_start else None
    if other is None:
        return {"time_text": timex.text, "time_value": timex.value}
    first, last = sorted((timex, other), key=lambda t: t.char_start)
    return {"time_text": text[first.char_start:last.char_end], "time_value": f"{first.value}/{last.value}"}


def event_rows(analysis: Analysis, recorded_from: datetime) -> list[dict]:
    doc = analysis.document
    zone = _zone(doc.tz)
    by_tid: dict[str, Timex] = {t.tid: t for t in analysis.timexes}
    sentences = {s.idx: s for s in analysis.sentences}
    rows = []
    for e in analysis.events:
        timex = by_tid.get(e.tid) if e.tid else None
        sentence = sentences.get(e.sent_idx)
        actor1, actor2 = _actor(e, "actor1"), _actor(e, "actor2")
        rows.append({
            "event_id": event_id(doc.doc_id, e.eid),
            "doc_id": doc.doc_id,
            "sent_idx": e.sent_idx,
            "event_type": e.event_type,
            "sub_event_type": e.sub_event_type,
            "trigger": e.trigger,
            "trigger_start": e.trigger_start,
            "trigger_end": e.trigger_end,
            "polarity": e.polarity,
            "modality": e.modality,
            "actor1": actor1.name if actor1 else None,
            "actor1_id": actor1.actor_id if actor1 else None,
            "actor2": actor2.name if actor2 else None,
            "actor2_id": actor2.actor_id if actor2 else None,
            "location": e.location,
            "place_id": e.place_id,
            "country": e.country,
            "admin1": e.admin1,
            "admin2": e.admin2,
            "latitude": e.latitude,
            "longitude": e.longitude,
            "geo_precision": e.geo_precision,
            "fatalities": e.fatalities_best,
            "fatalities_low": e.fatalities_low,
            "fatalities_high": e.fatalities_high,
            "fatalities_text": e.fatalities_text,
            "timex_id": timex_id(doc.doc_id, e.tid) if e.tid else None,
            **_dating_words(timex, by_tid, doc.text),
            "time_attach": e.time_attach,
            "earliest": e.earliest,
            "latest": e.latest,
            "earliest_local": _local(e.earliest, zone),
            "latest_local": _local(e.latest, zone),
            "time_precision": e.time_precision,
            "sentence": doc.text[sentence.start:sentence.end] if sentence else None,
            "confidence": e.confidence,
            "notes": e.notes,
            "recorded_from": recorded_from,
        })
    return rows


def event_actor_rows(analysis: Analysis, recorded_from: datetime) -> list[dict]:
    doc = analysis.document
    return [{
        "event_id": event_id(doc.doc_id, e.eid),
        "doc_id": doc.doc_id,
        "role": a.role,
        "name": a.name,
        "surface": a.surface,
        "actor_id": a.actor_id,
        "actor_type": a.actor_type,
        "affiliation": a.affiliation,
        "matched": a.matched,
        "char_start": a.char_start if a.char_start >= 0 else None,
        "char_end": a.char_end if a.char_end >= 0 else None,
        "recorded_from": recorded_from,
    } for e in analysis.events for a in e.actors]


def event_source_rows(analysis: Analysis, recorded_from: datetime) -> list[dict]:
    doc = analysis.document
    return [{
        "event_id": event_id(doc.doc_id, e.eid),
        "doc_id": doc.doc_id,
        "field": s.field,
        "text": s.text,
        "char_start": s.char_start if s.char_start >= 0 else None,
        "char_end": s.char_end if s.char_end >= 0 else None,
        "recorded_from": recorded_from,
    } for e in analysis.events for s in e.sources]


def _actor(event: Event, role: str):
    return next((a for a in event.actors if a.role == role), None)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local(ts: datetime | None, zone: ZoneInfo) -> datetime | None:
    """Wall-clock time in the document's zone (naive), for TIMESTAMP ``*_local`` columns."""
    if ts is None:
        return None
    if ts.tzinfo is None:  # the model promises tz-aware values; be strict about the contract
        raise ValueError(f"naive datetime {ts.isoformat()} in an Analysis (expected tz-aware)")
    return ts.astimezone(zone).replace(tzinfo=None)
