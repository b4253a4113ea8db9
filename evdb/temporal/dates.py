"""Calendar dates and periods named by the phrase: a day and month ("le 6", "mardi 14 mars"),
the nth weekday, day or week of a month or year, a season, a quarter or half. The year (or
month) not stated is the one ``pick`` chooses: nearest the reference in the clause's direction.
"""
from __future__ import annotations

from calendar import day_name, monthrange
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import (add_months, day_exists, easter, iso_week, local_at, nth_in_year, nth_weekday,
                                    period_label, season_interval, thirds)
from evdb.temporal.clock import day_value
from evdb.temporal.partial import Anchor, PartialTime, Resolved


def candidate_years(p: PartialTime, ref: date) -> list[int]:
    """The years a date may fall in: the stated one, else the reference's and its neighbours."""
    return [p.year] if p.year is not None else [ref.year - 1, ref.year, ref.year + 1]


def pick(cands: list[tuple[date, date]], ref: date, direction: str | None, strict: bool) -> int:
    """Index of the candidate [start, end) chosen for the reference day and direction."""
    if direction == "past":   # "dernier": one that is over ("le printemps dernier" in April: last year's)
        ok = [i for i, (s, e) in enumerate(cands) if (e <= ref if strict else s <= ref)]
        return max(ok, key=lambda i: cands[i][0]) if ok else 0
    if direction == "future":
        ok = [i for i, (s, e) in enumerate(cands) if (s > ref if strict else e > ref)]
        return min(ok, key=lambda i: cands[i][0]) if ok else len(cands) - 1

    def dist(i):
        s, e = cands[i]
        return 0 if s <= ref < e else min(abs((s - ref).days), abs((ref - e).days) + 1)
    return min(range(len(cands)), key=lambda i: (dist(i), -cands[i][0].toordinal()))


def resolve_nth_weekday(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    ref = anchor.at.date()
    years = candidate_years(p, ref)
    cands = [(y, nth_weekday(y, p.month, p.weekday, p.nth)) for y in years]
    cands = [(y, d) for y, d in cands if d is not None]
    if p.easter is not None:   # a feast moved a week later when it falls on a movable one (fête des mères)
        cands = [(y, d + timedelta(days=7) if d == easter(y) + timedelta(days=p.easter) else d) for y, d in cands]
    if not cands:
        return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", f"no weekday #{p.nth} in month {p.month}")
    i = pick([(d, d + timedelta(days=1)) for _, d in cands], ref, direction, strict)
    return day_value(p, cands[i][1], tz, "resolved", None)


def resolve_nth_of_month(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    """"le dernier jour d'octobre", "la première semaine de mars" (the weeks Monday-Sunday that
    lie wholly in the month), "le premier week-end de septembre" (the one of its nth Saturday).
    A negative nth counts from the end: "the second last week of October" is -2."""
    ref = anchor.at.date()
    years = candidate_years(p, ref)
    step = {"day": 1, "week": 7, "weekend": 2}[p.unit]
    cands = []
    for y in years:
        last = monthrange(y, p.month)[1]
        days = [date(y, p.month, d) for d in range(1, last + 1)]
        starts = {"day": days, "week": [d for d in days if d.isoweekday() == 1 and d.day + 6 <= last],
                  "weekend": [d for d in days if d.isoweekday() == 6]}[p.unit]
        if 1 <= p.nth <= len(starts) or -len(starts) <= p.nth <= -1:
            cands.append(starts[p.nth - 1 if p.nth > 0 else p.nth])
    if not cands:
        return Resolved("DATE", None, p.mod, None, None, p.unit, "unresolved", f"no {p.unit} #{p.nth} in month {p.month}")
    s = cands[pick([(d, d + timedelta(days=step)) for d in cands], ref, direction, strict)]
    if p.unit == "day":
        return day_value(p, s, tz, "resolved", None)
    value = iso_week(s) + ("-WE" if p.unit == "weekend" else "")
    return Resolved("DATE", value, p.mod, local_at(s, tz), local_at(s + timedelta(days=step), tz), p.unit)


def resolve_nth_of_year(p: PartialTime, tz: ZoneInfo) -> Resolved:
    s = nth_in_year(p.year, p.unit, p.nth)
    if s is None:
        return Resolved("DATE", None, p.mod, None, None, p.unit, "unresolved", f"no {p.unit} #{p.nth} in {p.year}")
    if p.unit == "day":
        return day_value(p, s, tz, "resolved", None)
    e = {"week": s + timedelta(days=7), "weekend": s + timedelta(days=2), "month": add_months(s, 1)}[p.unit]
    value = s.strftime("%Y-%m") if p.unit == "month" else iso_week(s) + ("-WE" if p.unit == "weekend" else "")
    return Resolved("DATE", value, p.mod, local_at(s, tz), local_at(e, tz), p.unit)


def resolve_season(p: PartialTime, year: int, tz: ZoneInfo) -> Resolved:
    a, b = season_interval(year, p.season, tz)
    a, b = thirds(a, b, p.mod, tz)
    return Resolved("DATE", f"{year}-{p.season.code}", p.mod, a, b, "season", day_window=p.season.label())


def resolve_quarter(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    """"the third quarter (of 2012)", "the first half": the quarter or half starting in p.month,
    in the given year or the one nearest the anchor in the tense's direction."""
    n = 3 if p.unit == "quarter" else 6
    ref = anchor.at.date()
    years = candidate_years(p, ref)
    y = years[pick([(date(y, p.month, 1), add_months(date(y, p.month, 1), n)) for y in years], ref, direction, strict)]
    s = date(y, p.month, 1)
    a, b = thirds(local_at(s, tz), local_at(add_months(s, n), tz), p.mod, tz)
    return Resolved("DATE", f"{y}-{period_label(p.month, n)}", p.mod, a, b, p.unit)


def resolve_calendar_date(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    ref = anchor.at.date()
    status, reason = "resolved", None
    if p.month is None:   # "le 6": the month comes from the reference
        months = [add_months(ref.replace(day=1), k) for k in (-1, 0, 1)]
        cands = [(date(m.year, m.month, p.day), m) for m in months if day_exists(m.year, m.month, p.day)]
        if p.weekday is not None:   # "le mardi 14": the month in which the 14th is a Tuesday
            agree = [c for c in cands if c[0].isoweekday() == p.weekday]
            if not agree:    # "jeudi 15" in a month whose 15th is a Friday: the nearest month that fits
                wider = [add_months(ref.replace(day=1), k) for k in range(-11, 12) if abs(k) > 1]
                agree = [(date(m.year, m.month, p.day), m) for m in wider if day_exists(m.year, m.month, p.day)
                         and date(m.year, m.month, p.day).isoweekday() == p.weekday]
                reason = f"weekday agrees with {p.day} of another month" if agree else None
            if agree:
                cands = agree
            else:
                status, reason = "ambiguous", f"no month near the reference has day {p.day} on weekday {p.weekday}"
        i = pick([(c, c + timedelta(days=1)) for c, _ in cands], ref, direction, strict)
        return day_value(p, cands[i][0], tz, status, reason)
    if p.year is not None:
        years = [p.year]
    else:
        years = [y for y in range(ref.year - 1, ref.year + 2) if day_exists(y, p.month, p.day)]
    if not years or (p.year is not None and not day_exists(p.year, p.month, p.day)):
        return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", f"no such date: day {p.day} of month {p.month}")

    def span(y):
        if p.day is not None:
            d = date(y, p.month, p.day)
            return d, d + timedelta(days=1)
        return date(y, p.month, 1), add_months(date(y, p.month, 1), 1)
    i = pick([span(y) for y in years], ref, direction, strict)
    y = years[i]
    if p.day is not None and p.weekday is not None and date(y, p.month, p.day).isoweekday() != p.weekday:
        alts = [z for z in (y - 1, y + 1) if p.year is None and day_exists(z, p.month, p.day)
                and date(z, p.month, p.day).isoweekday() == p.weekday]
        if alts:
            reason = f"weekday agrees with {alts[0]}, not {y}"
            y = alts[0]
        else:
            status = "ambiguous"
            reason = f"{date(y, p.month, p.day).isoformat()} is not a {day_name[p.weekday - 1]}"
    if p.day is not None:
        return day_value(p, date(y, p.month, p.day), tz, status, reason)
    s = date(y, p.month, 1)
    a, b = thirds(local_at(s, tz), local_at(add_months(s, 1), tz), p.mod, tz)
    return Resolved("DATE", s.strftime("%Y-%m"), p.mod, a, b, "month", status, reason)
