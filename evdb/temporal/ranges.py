"""Ranges ("du 3 au 5 mars", "du 28 au 3 janvier 2024", "de novembre à février", "du lundi au
vendredi", "du samedi 13 au dimanche 15 juillet"): the first bound resolved against the last.
evdb.temporal.resolve calls it with the point resolvers (``point``, ``day_value``), so this
module imports none of the resolution modules.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import add_months, day_exists
from evdb.temporal.partial import PartialTime, Resolved

Point = Callable[..., Resolved]       # points.resolve_point(p, anchor, tz, tense)
DayValue = Callable[..., Resolved]    # clock.day_value(p, day, tz, status, reason)


def _weekday_holds(y: int, p: PartialTime) -> bool:
    return day_exists(y, p.month, p.day) and date(y, p.month, p.day).isoweekday() == p.weekday


def resolve_range(p: PartialTime, anchor: Any, tz: ZoneInfo, tense: str | None, point: Point,
                  day_value: DayValue) -> Resolved:
    """The first bound of a range (or, reported as one expression, the whole range), resolved against its last."""
    last = point(replace(p, start=None), anchor, tz, tense)
    first_p = p.start
    if first_p.year is None and last.earliest is not None and first_p.month is not None:
        first_p = replace(first_p, year=last.earliest.year)
    elif first_p.month is None and last.earliest is not None and first_p.day is not None:
        first_p = replace(first_p, year=last.earliest.year, month=last.earliest.month)
    first = point(first_p, anchor, tz, tense)
    if None not in (first_p.weekday, p.weekday, last.earliest) and first_p.day is None and p.day is None \
            and first_p.month is None and p.month is None and first_p.shift is None and p.shift is None:
        # "du lundi au vendredi": the first weekday on or before the last one
        first = day_value(first_p, last.earliest.date() - timedelta(days=(p.weekday - first_p.weekday) % 7), tz,
                           "resolved", None)
    # the first bound shares the last's month and year unless it says its own: after the last,
    # it is in the month or year before ("du 28 au 3 janvier 2024", "de novembre à février 2023")
    if first.earliest and last.earliest and first.earliest > last.earliest and first_p.year is not None \
            and p.start.year in (None, p.year):
        if first_p.month is not None and p.start.month in (None, p.month):   # "du 28 au 3 janvier": previous month
            d = add_months(date(first_p.year, first_p.month, 1), -1)
            first_p = replace(first_p, year=d.year, month=d.month)
        else:
            first_p = replace(first_p, year=first_p.year - 1)
        first = point(first_p, anchor, tz, tense)
    if first.status == "ambiguous" and p.start.weekday is not None and p.start.year is None and p.year is None \
            and None not in (first_p.year, first_p.month, first_p.day, p.month, p.day) and last.earliest is not None:
        # a weekday on the first bound: the year must suit both bounds' weekdays, else neither
        # decides it ("du samedi 13 au dimanche 15 juillet" names no real week: nearest year)
        k = first_p.year - last.earliest.year
        base = point(replace(p, start=None, weekday=None), anchor, tz, tense).earliest
        if base is not None:
            y = next((z for z in (base.year, base.year - 1, base.year + 1)
                      if _weekday_holds(z + k, first_p) and (p.weekday is None or _weekday_holds(z, p))), base.year)
            first = point(replace(first_p, year=y + k), anchor, tz, tense)
            last = point(replace(p, start=None, year=y), anchor, tz, tense)
    if first.earliest is None or last.latest is None:
        return replace(last, status="unresolved", reason="range bound unresolved")
    status = "ambiguous" if "ambiguous" in (first.status, last.status) else "resolved"
    reason = first.reason or last.reason
    if p.whole:   # "du 3 au 5 mars" -> 2024-03-03/2024-03-05, interval [03-03, 03-06)
        return Resolved(first.type, f"{first.value}/{last.value}", p.mod, first.earliest, last.latest, first.grain,
                        status, reason)
    # the first bound of a range reported as two expressions: its own day (or time); the
    # discourse pass links it to the last bound and gives both the whole range
    return Resolved(first.type, first.value, p.mod, first.earliest, first.latest, first.grain, status, reason,
                    first.day_window)
