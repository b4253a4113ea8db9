"""Date each event from the temporal expressions of its document.

Order of preference (``time_attach``):

1. ``clause``: a resolved expression of the trigger's sentence: the nearest one before the
   trigger in its clause, else the nearest in the sentence. Expressions next to a reporting verb
   ("a rapporté dimanche", "said yesterday") date the report, not the event, and are skipped.
2. ``previous``: the nearest resolved expression before the trigger in the same paragraph (for
   the first sentences of a paragraph without one, the previous paragraph's last expression).
3. ``document``: the week before the publication time ``[DCT - 7 days, DCT)``, precision 2.

An expression that is one bound of a range ("du 3 au 5 mars": "3" and "5 mars") dates the event
with the whole range, ``[first bound's start, last bound's end)``.

An event told in the past tense never ends after the publication time: its interval is clipped
(and moved to the document fallback when it starts after it), with a note. Open intervals
(``PAST_REF``: "récemment") get a coarse window ending at the publication time and a note.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta

from evdb.model import Timex

DATE_TYPES = ("DATE", "TIME")
COARSE_BACK = timedelta(days=7)
OPEN_BACK = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Dating:
    tid: str | None
    attach: str                 # clause | previous | document
    earliest: datetime
    latest: datetime
    precision: int
    note: str | None = None
    timex: Timex | None = None


def precision_of(earliest: datetime, latest: datetime) -> int:
    """ACLED time_precision from the width of the interval: 1 day, 2 week, 3 month, 4 year, 5 more."""
    width = latest - earliest
    if width <= timedelta(days=1, hours=12):     # a night spans two calendar days but is one event-day
        return 1
    if width <= timedelta(days=7):
        return 2
    if width <= timedelta(days=31):
        return 3
    if width <= timedelta(days=366):
        return 4
    return 5


def usable(t: Timex) -> bool:
    return t.type in DATE_TYPES and t.status != "unresolved" and (t.earliest is not None or t.latest is not None)


def choose_timex(timexes: list[Timex], sent_idx: int, trig_start: int, clause_start: int, para_start: int,
                 skip: set[str], prev_para_start: int | None = None) -> tuple[Timex | None, str]:
    """The expression that governs a trigger, and how it was found."""
    same = [t for t in timexes if t.sent_idx == sent_idx and t.tid not in skip]
    before_in_clause = [t for t in same if clause_start <= t.char_start < trig_start]
    if before_in_clause:
        return before_in_clause[-1], "clause"
    if same:
        return min(same, key=lambda t: abs(t.char_start - trig_start)), "clause"
    prev = [t for t in timexes if para_start <= t.char_start < trig_start and t.tid not in skip]
    if prev:
        return prev[-1], "previous"
    if prev_para_start is not None:
        prev = [t for t in timexes if prev_para_start <= t.char_start < para_start and t.tid not in skip]
        if prev:
            return prev[-1], "previous"
    return None, "document"


def date_event(timex: Timex | None, attach: str, dct: datetime, past: bool, hypothetical: bool = False) -> Dating:
    dct_day = dct.replace(hour=0, minute=0, second=0, microsecond=0)
    coarse = Dating(None, "document", dct_day - COARSE_BACK, dct, 2)
    if timex is None and hypothetical:
        # an undated possible event is the publication day's prospect (gold convention)
        return Dating(None, "document", dct_day, dct_day + timedelta(days=1), 1, "hypothetical: publication day")
    if timex is None:
        return coarse
    note = None
    earliest, latest = timex.earliest, timex.latest
    if timex.range_start is not None and timex.range_end is not None:
        # a bound of a range ("arrêtés du 3 au 5 mars"): the event spans the whole range
        earliest, latest = timex.range_start, timex.range_end
        note = f"range: '{timex.text}' is a bound of a range, which dates the event"
    if earliest is None or latest is None:
        latest = latest or dct
        earliest = earliest or min(latest, dct) - OPEN_BACK
        note = f"open interval ({timex.value}): coarse window ending {latest.isoformat()}"
    if past and latest > dct:
        if earliest >= dct:
            return Dating(None, "document", coarse.earliest, coarse.latest, 2,
                          f"'{timex.text}' resolved after publication for a past event; publication week used")
        latest = dct
        note = f"clipped to publication time ({timex.text})"
    return Dating(timex.tid, attach, earliest, latest, precision_of(earliest, latest), note, timex)


def paragraph_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n\n")
    while i != -1:
        starts.append(i + 2)
        i = text.find("\n\n", i + 2)
    return starts


def paragraph_start(starts: list[int], pos: int) -> int:
    return starts[bisect_right(starts, pos) - 1]


def previous_paragraph_start(starts: list[int], pos: int) -> int | None:
    i = bisect_right(starts, pos) - 1
    return starts[i - 1] if i > 0 else None
