"""Typed values passed between pipeline stages.

All are frozen dataclasses with slots. Datetimes are timezone-aware; intervals are
half-open ``[earliest, latest)`` expressed in the document's time zone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Document:
    """One version of one article, as read from an input file."""

    doc_id: str            # id of this version: hash of article_key + content_hash
    article_key: str       # identity across revisions: source + source id or url, else content hash
    text: str
    lang: str              # ISO 639-1: "fr", "en"
    published: datetime    # publication time (document creation time), tz-aware
    tz: str                # IANA zone name of the document ("Europe/Paris", "UTC")
    title: str | None = None
    source: str | None = None
    source_id: str | None = None
    url: str | None = None
    content_hash: str = ""
    origin: str | None = None  # "path:line" the record was read from


@dataclass(frozen=True, slots=True)
class Sentence:
    idx: int
    start: int             # char offsets into Document.text
    end: int


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text and what evdb made of it (TIMEX3-like)."""

    tid: str               # "t1", "t2", ... in document order
    text: str              # surface, exactly text[char_start:char_end]
    char_start: int
    char_end: int
    sent_idx: int
    type: str              # DATE | TIME | DURATION | SET
    value: str | None      # TIMEX3 value: 2018-01-26, 2018-01-26TNI, P3D, XXXX-WXX-5, PAST_REF ...
    mod: str | None        # START | MID | END | APPROX | BEFORE | AFTER | ... or None
    earliest: datetime | None   # inclusive, tz-aware (document zone); None = open
    latest: datetime | None     # exclusive, tz-aware; None = open
    grain: str             # minute|hour|part_of_day|day|weekend|week|month|season|quarter|year|decade|century|unbounded
    anchor: str            # "DCT", the tid of the timex it was anchored to (usually an earlier one;
                           # a bare clock time before a day, "4 h mardi", takes that day), or "none"
    anchor_kind: str       # absolute | deictic | anaphoric | none
    rule: str              # "<lang>.<rule name>", e.g. "fr.part_of_day_relative_after"
    status: str            # resolved | ambiguous | unresolved
    reason: str | None = None
    day_window: str | None = None   # part-of-day window used, e.g. "night 18:00-06:00"
    # Ranges ("du 3 au 5 mars", "from 9am to 11am") are two expressions, one per bound (TimeML);
    # each bound keeps its own value and interval and both carry the link and the whole range:
    range_partner: str | None = None    # tid of the other bound; None when not a range bound
    range_start: datetime | None = None  # the range [first bound's earliest, last bound's latest),
    range_end: datetime | None = None    # None when not a bound or when the bounds do not resolve


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Provenance of one event field: the words it was read from."""

    field: str             # date | fatalities | actor1 | actor2 | location | trigger ...
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    role: str              # actor1 | actor2 | assoc_actor_1 | assoc_actor_2
    name: str              # canonical name when matched, else the surface
    surface: str
    actor_id: str | None   # gazetteer id, None when unmatched
    actor_type: str | None
    affiliation: str | None = None
    matched: bool = True
    char_start: int = -1
    char_end: int = -1


@dataclass(frozen=True, slots=True)
class Event:
    eid: str                       # "e1", "e2", ... in document order
    sent_idx: int
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str
    sub_event_type: str | None
    polarity: str                  # positive | negative
    modality: str                  # asserted | hypothetical | reported
    actors: tuple[ActorRef, ...] = ()
    location: str | None = None
    place_id: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    fatalities_text: str | None = None
    tid: str | None = None         # timex that dated the event
    time_attach: str = "document"  # clause | previous | document
    earliest: datetime | None = None
    latest: datetime | None = None
    time_precision: int | None = None   # ACLED 1 day, 2 week, 3 month (+4 year, 5 coarser)
    confidence: float = 0.5
    sources: tuple[FieldSource, ...] = ()
    notes: str | None = None       # how the time or place was settled ("clipped to publication time ...")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything evdb reads in one document; what `evdb parse` shows and `store.load` writes."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = field(default_factory=tuple)
