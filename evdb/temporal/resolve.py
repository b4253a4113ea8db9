"""resolve(partial, anchor, dct, tz, tense) -> Resolved: the resolution policy, no clock (the
arithmetic it uses is in evdb.temporal.calendar).

Conventions (documented in resources/README.md):
- intervals are half-open [earliest, latest) in the document's zone; None is open;
- a date without a year takes the year that puts it nearest the reference in the direction
  the clause's tense points to (past: the latest on or before; future: the earliest on or
  after; no cue: the nearest); a weekday given with the date must agree, else the adjacent
  years are tried, else the status is 'ambiguous';
- fuzzy modifiers take thirds of the period: START the first, MID the middle, END the last;
- a range reported as one expression takes the value `first/last` and the interval from the
  first to the last; reported as two, its first bound takes its own value and interval.

This module dispatches on the kind of the partial time and applies what wraps a point ("3 days
after ...", "the week of ..."); the points themselves are in evdb.temporal.points (counts,
weekdays, parts of day), evdb.temporal.dates (calendar dates and periods), evdb.temporal.clock
(clock times and zones), evdb.temporal.ranges and evdb.temporal.holidays.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import add_months, duration_value, iso_week, local_at, shift_by
from evdb.temporal.clock import day_value
from evdb.temporal.partial import Anchor, PartialTime, Resolved
from evdb.temporal.points import resolve_point
from evdb.temporal.ranges import resolve_range

__all__ = ["Anchor", "resolve"]    # Anchor lives in evdb.temporal.partial; imported from here by discourse


def resolve(p: PartialTime, anchor: Anchor, dct: datetime, tz: ZoneInfo, tense: str | None = None) -> Resolved:
    """Never raises: a date outside the calendar ("1999 ans avant" an early date) is unresolved."""
    try:
        r = _resolve(p, anchor, dct, tz, tense)
        if p.then is not None:
            r = _then_shift(r, p.then, tz)
        return _week_of(r, tz) if p.widen == "week" else r
    except (ValueError, OverflowError) as e:
        kind = {"duration": "DURATION", "set": "SET"}.get(p.kind, "DATE")
        return Resolved(kind, None, p.mod, None, None, "unbounded", "unresolved", f"outside the calendar: {e}")


def _resolve(p: PartialTime, anchor: Anchor, dct: datetime, tz: ZoneInfo, tense: str | None) -> Resolved:
    if p.kind == "ref":
        return _ref(p, dct)
    if p.kind == "set":
        return Resolved("SET", p.set_value, p.mod, None, None, "unbounded")
    if p.kind == "duration":
        return _duration(p, anchor)
    if p.start is not None:
        return resolve_range(p, anchor, tz, tense, resolve_point, day_value)
    if p.within is not None:     # "the first quarter of next year": that year, then the quarter in it
        w = resolve_point(p.within, anchor, tz, tense)
        if w.earliest is None:
            return w
        d = w.earliest.date()
        p = replace(p, within=None, year=d.year, month=d.month if p.within.unit == "month" else p.month)
    if p.week is not None:
        return _iso_week(p, anchor, tz)
    return resolve_point(p, anchor, tz, tense)


def _week_of(r: Resolved, tz: ZoneInfo) -> Resolved:
    """The ISO week (Monday to Sunday) holding a resolved day: "the week of March 3"."""
    if r.earliest is None or r.grain not in ("day", "part_of_day", "hour", "minute", "second"):
        return r
    d = r.earliest.date()
    mon = d - timedelta(days=d.weekday())
    return Resolved("DATE", iso_week(mon), r.mod, local_at(mon, tz), local_at(mon + timedelta(days=7), tz), "week",
                    r.status, r.reason)


def _iso_week(p: PartialTime, anchor: Anchor, tz: ZoneInfo) -> Resolved:
    """"week 31", "week 10 of 2019": ISO week ``p.week`` of the stated year, else the reference's."""
    y = p.year if p.year is not None else anchor.at.year
    try:
        mon = date.fromisocalendar(y, p.week, 1)
    except ValueError:
        return Resolved("DATE", None, p.mod, None, None, "week", "unresolved", f"{y} has no ISO week {p.week}")
    return Resolved("DATE", f"{y}-W{p.week:02d}", p.mod, local_at(mon, tz), local_at(mon + timedelta(days=7), tz), "week")


def _then_shift(r: Resolved, then: tuple[int, str], tz: ZoneInfo) -> Resolved:
    """"3 days after January 12", "two weeks before Christmas": the resolved date counted on by
    ``then`` (signed count, unit). A day (or a time) stays a day (a time); a month or a year
    moves by months or years only."""
    n, unit = then
    if r.earliest is None or r.status == "unresolved":
        return r
    reason = "; ".join(x for x in (r.reason, f"{n:+d} {unit} from {r.value}") if x)
    at = shift_by(r.earliest, unit, n)
    if r.grain in ("hour", "minute", "second"):
        # counted in a finer unit, the time takes that unit's grain ("15 minutes after 1 pm" = 13:15)
        order = ("hour", "minute", "second")
        grain = max(r.grain, unit, key=lambda g: order.index(g) if g in order else -1)
        fmt, step = {"hour": ("%Y-%m-%dT%H:00", timedelta(hours=1)), "minute": ("%Y-%m-%dT%H:%M", timedelta(minutes=1)),
                     "second": ("%Y-%m-%dT%H:%M:%S", timedelta(seconds=1))}[grain]
        return Resolved("TIME", at.strftime(fmt), r.mod, at, at + step, grain, r.status, reason)
    if r.grain in ("day", "part_of_day"):
        d = at.date()
        return Resolved("DATE", d.isoformat(), r.mod, local_at(d, tz), local_at(d + timedelta(days=1), tz), "day",
                        r.status, reason)
    if r.grain == "month" and unit in ("month", "quarter", "half", "year"):
        s = at.date().replace(day=1)
        return Resolved("DATE", s.strftime("%Y-%m"), r.mod, local_at(s, tz), local_at(add_months(s, 1), tz), "month",
                        r.status, reason)
    if r.grain == "year" and unit in ("year", "decade", "century"):
        return Resolved("DATE", str(at.year), r.mod, local_at(date(at.year, 1, 1), tz), local_at(date(at.year + 1, 1, 1), tz),
                        "year", r.status, reason)
    return replace(r, status="ambiguous", reason=f"cannot count {unit}s from a {r.grain}: {r.value} kept")


# ----------------------------------------------------------------------------- simple kinds
def _ref(p: PartialTime, dct: datetime) -> Resolved:
    if p.ref == "PAST_REF":
        return Resolved("DATE", "PAST_REF", p.mod, None, dct, "unbounded")
    if p.ref == "FUTURE_REF":
        return Resolved("DATE", "FUTURE_REF", p.mod, dct, None, "unbounded")
    return Resolved("DATE", "PRESENT_REF", p.mod, None, None, "unbounded")   # no interval: kept out of series


def _duration(p: PartialTime, anchor: Anchor) -> Resolved:
    value = duration_value(p.amount or 0, p.unit or "day", p.approx_amount)
    if p.since and not p.approx_amount and (p.amount or 0) == int(p.amount or 0):
        start = shift_by(anchor.at, p.unit or "day", -int(p.amount or 0))
        return Resolved("DURATION", value, p.mod, start, anchor.at, p.unit or "day")
    return Resolved("DURATION", value, p.mod, None, None, p.unit or "day")
