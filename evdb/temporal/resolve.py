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
"""
from __future__ import annotations

from calendar import day_name, monthrange
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import (add_months, day_exists, duration_value, easter, iso_week, local_at, nth_in_year,
                                    nth_weekday, period_label, pod_interval, season_interval, shift_by, thirds)
from evdb.temporal.holidays import resolve_feast
from evdb.temporal.partial import PartialTime, Resolved
from evdb.temporal.ranges import resolve_range


@dataclass(frozen=True, slots=True)
class Anchor:
    at: datetime        # local, tz-aware: the DCT, or the start of the anchoring mention
    grain: str          # "instant" for the DCT


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
        return resolve_range(p, anchor, tz, tense, _point, _day_value)
    if p.within is not None:     # "the first quarter of next year": that year, then the quarter in it
        w = _point(p.within, anchor, tz, tense)
        if w.earliest is None:
            return w
        d = w.earliest.date()
        p = replace(p, within=None, year=d.year, month=d.month if p.within.unit == "month" else p.month)
    if p.week is not None:
        return _iso_week(p, anchor, tz)
    return _point(p, anchor, tz, tense)


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


# ----------------------------------------------------------------------------- points
def _years(p: PartialTime, ref: date) -> list[int]:
    """The years a date may fall in: the stated one, else the reference's and its neighbours."""
    return [p.year] if p.year is not None else [ref.year - 1, ref.year, ref.year + 1]


def _pick(cands: list[tuple[date, date]], ref: date, direction: str | None, strict: bool) -> int:
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


def _point(p: PartialTime, anchor: Anchor, tz: ZoneInfo, tense: str | None) -> Resolved:
    ref = anchor.at.date()
    if p.shift == 0 and p.unit is None and p.year is None and (p.month is not None or p.easter is not None):
        p = replace(p, year=ref.year, shift=None)    # "this Christmas", "this May": the current year's
    direction = p.direction or tense
    strict = p.direction is not None
    status, reason = "resolved", None
    if p.decade is not None:
        a = local_at(date(p.decade * 10, 1, 1), tz)
        return Resolved("DATE", f"{p.decade}X", p.mod, *thirds(a, local_at(date(p.decade * 10 + 10, 1, 1), tz), p.mod, tz), "decade")
    if p.century is not None:
        a, b = thirds(local_at(date(p.century * 100, 1, 1), tz), local_at(date(p.century * 100 + 100, 1, 1), tz), p.mod, tz)
        return Resolved("DATE", f"{p.century:02d}", p.mod, a, b, "century")
    if p.unit in ("quarter", "half") and p.month is not None and p.shift is None and p.day is None:
        return _quarter(p, anchor, tz, direction, strict)
    if p.feast or (p.feast is not None and p.shift is not None and p.unit):
        # a holiday of resources/holidays.toml, or any holiday counted in years ("thanksgiving in 3 years")
        return resolve_feast(p, anchor.at, tz, direction, strict, _pick, _day_value)
    day: date | None = None
    if p.shift is not None and p.unit:
        at = anchor.at if p.unit in ("hour", "minute", "second") else local_at(ref, tz)
        if p.unit in ("hour", "minute", "second"):
            # "dans 2 minutes", "il y a trois heures": an exact instant, to the second
            t = shift_by(anchor.at, p.unit, p.shift).replace(microsecond=0)
            return Resolved("TIME", t.strftime("%Y-%m-%dT%H:%M:%S"), p.mod, t, t + timedelta(seconds=1), "second")
        shift = p.shift
        if p.unit == "weekend" and shift == 0 and tense == "past" and ref.isoweekday() < 6:
            shift = -1     # "ce week-end" in a past clause, read on a weekday: the one just gone
        shifted = shift_by(at, p.unit, shift).date()
        if p.offset and p.unit == "week" and p.grain_hint == "day":
            day = shifted      # "il y a une semaine": a day, seven days back (pack setting)
        elif p.unit in ("quarter", "half"):
            n = 3 if p.unit == "quarter" else 6
            s = date(shifted.year, (shifted.month - 1) // n * n + 1, 1)
            a, b = thirds(local_at(s, tz), local_at(add_months(s, n), tz), p.mod, tz)
            return Resolved("DATE", f"{s.year}-{period_label(s.month, n)}", p.mod, a, b, p.unit)
        elif p.unit == "week" and p.weekday is not None:   # "mardi de la semaine prochaine"
            day = shifted - timedelta(days=shifted.weekday()) + timedelta(days=p.weekday - 1)
        elif p.unit in ("week", "weekend"):
            mon = shifted - timedelta(days=shifted.weekday())
            if p.unit == "weekend":
                sat = mon + timedelta(days=5)
                return Resolved("DATE", iso_week(mon) + "-WE", p.mod, local_at(sat, tz),
                                local_at(sat + timedelta(days=2), tz), "weekend")
            a, b = thirds(local_at(mon, tz), local_at(mon + timedelta(days=7), tz), p.mod, tz)
            return Resolved("DATE", iso_week(mon), p.mod, a, b, "week")
        elif p.unit == "month" and p.nth is not None and p.weekday is not None:   # "le premier mercredi du mois prochain"
            d = nth_weekday(shifted.year, shifted.month, p.weekday, p.nth)
            if d is None:
                return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", f"no weekday #{p.nth} that month")
            day = d
        elif p.unit == "month" and p.day is not None:     # "the 20th of next month"
            if not day_exists(shifted.year, shifted.month, p.day):
                return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", f"no day {p.day} that month")
            day = shifted.replace(day=p.day)
        elif p.unit == "month" and p.day is None:
            s = shifted.replace(day=1)
            a, b = thirds(local_at(s, tz), local_at(add_months(s, 1), tz), p.mod, tz)
            return Resolved("DATE", s.strftime("%Y-%m"), p.mod, a, b, "month")
        elif p.unit == "year" and p.month is None and p.season is None:
            a, b = thirds(local_at(date(shifted.year, 1, 1), tz), local_at(date(shifted.year + 1, 1, 1), tz), p.mod, tz)
            return Resolved("DATE", str(shifted.year), p.mod, a, b, "year")
        elif p.unit == "year" and p.season is not None:
            return _season(p, shifted.year, tz)
        elif p.unit in ("decade", "century") and p.day is None:   # "la décennie précédente", "le siècle dernier"
            n = 10 if p.unit == "decade" else 100
            y = shifted.year // n * n
            a, b = thirds(local_at(date(y, 1, 1), tz), local_at(date(y + n, 1, 1), tz), p.mod, tz)
            return Resolved("DATE", f"{y // 10}X" if n == 10 else f"{y // 100:02d}", p.mod, a, b, p.unit)
        else:
            day = shifted
    elif p.nth is not None and p.weekday is not None and p.month is not None:
        return _nth_weekday(p, anchor, tz, direction, strict)
    elif p.nth is not None and p.month is not None and p.unit in ("day", "week", "weekend"):
        return _nth_of_month(p, anchor, tz, direction, strict)
    elif p.nth is not None and p.year is not None and p.unit in ("day", "week", "weekend", "month"):
        return _nth_of_year(p, tz)     # "the third week of 2018", "the last day of 2019"
    elif p.easter is not None:
        years = _years(p, ref)
        cands = [easter(y) + timedelta(days=p.easter) for y in years]
        day = cands[_pick([(c, c + timedelta(days=1)) for c in cands], ref, direction, strict)]
    elif p.weekday is not None and p.day is None and p.month is None and p.hence is not None:
        # "mardi en huit": the Tuesday on or after the reference (today if a Tuesday), a week later;
        # with a direction ("two Sundays from now", "two Thursdays ago") counted from the first
        # one strictly after (before) the reference
        k = (p.weekday - ref.isoweekday()) % 7
        if p.direction == "future":
            k = k or 7
        elif p.direction == "past":
            k = k - 7 if k else -7
        day = ref + timedelta(days=k + p.hence)
    elif p.weekday is not None and p.day is None and p.month is None:
        cands = [ref + timedelta(days=k) for k in range(-7, 8) if (ref + timedelta(days=k)).isoweekday() == p.weekday]
        i = _pick([(c, c + timedelta(days=1)) for c in cands], ref, direction, strict)
        day = cands[i]
    elif p.same:
        day = ref
    elif p.month is not None or p.day is not None:
        return _calendar(p, anchor, tz, direction, strict)
    elif p.season is not None:
        if p.year is not None:
            return _season(p, p.year, tz)
        # from two years back: in February, the last winter over began two Decembers ago
        cands = [season_interval(y, p.season, tz) for y in range(ref.year - 2, ref.year + 2)]
        i = _pick([(a.date(), b.date()) for a, b in cands], ref, direction, strict)
        return _season(p, ref.year - 2 + i, tz)
    elif p.year is not None:
        a, b = thirds(local_at(date(p.year, 1, 1), tz), local_at(date(p.year + 1, 1, 1), tz), p.mod, tz)
        return Resolved("DATE", str(p.year), p.mod, a, b, "year")
    elif p.pod is not None or p.hour is not None:
        day = ref
        if p.pod is not None and p.hour is None and p.direction == "future":
            # "la nuit suivante": the first such window starting at or after the anchor's start
            # (after a part of day, "suivante" is the next one: "la nuit de samedi..., la nuit suivante")
            s, _ = pod_interval(day, p.pod, tz)
            if (s < anchor.at and anchor.grain != "day") or (anchor.grain == "part_of_day" and s <= anchor.at):
                day = day + timedelta(days=1)
        elif p.pod is not None and p.hour is None and p.direction == "past":
            day = day - timedelta(days=1)
        elif p.pod is not None and p.hour is None and p.anchor_kind == "deictic" and p.pod.code == "NI":
            # "cette nuit": the night just gone in a past clause or in a morning article, else tonight
            if tense == "past" or (tense is None and anchor.at.hour < 12):
                day = day - timedelta(days=1)
        elif anchor.grain == "instant" and tense == "past":
            # a part of day or clock time read against the publication time in a past clause:
            # the latest one that had started by then ("dans la nuit, ils ont ...")
            if p.hour is not None:
                if (p.hour, p.minute or 0) > (anchor.at.hour, anchor.at.minute):
                    day = day - timedelta(days=1)
            else:     # the part named by a modifier: "en fin d'après-midi" at noon is yesterday's; the
                # end of a night can lie after the publication time twice ("tard dans la nuit" at 0:00)
                for _ in range(2):
                    if thirds(*pod_interval(day, p.pod, tz), p.mod, tz)[0] > anchor.at:
                        day = day - timedelta(days=1)
        elif anchor.grain == "instant" and tense == "future" and p.hour is None:
            # ... and in a future clause (or under a future preference) the next part of day not
            # yet over ("partira en fin de matinée" at 9:00: this morning's 10:00-12:00)
            if thirds(*pod_interval(day, p.pod, tz), p.mod, tz)[1] <= anchor.at:
                day = day + timedelta(days=1)
        elif anchor.grain == "instant" and tense == "future":
            # ... and the next clock time to come
            if (p.hour, p.minute or 0) < (anchor.at.hour, anchor.at.minute):
                day = day + timedelta(days=1)
    else:
        return Resolved("DATE", None, p.mod, None, None, "unbounded", "unresolved", "nothing to resolve")
    return _day_value(p, day, tz, status, reason)


def _day_value(p: PartialTime, day: date, tz: ZoneInfo, status: str, reason: str | None) -> Resolved:
    if p.hour == 24:     # "minuit", "24 h": the midnight that ends the day ("mardi à minuit")
        day, p = day + timedelta(days=1), replace(p, hour=0)
    if p.hour is not None:
        if p.zone is not None:     # "8:00 PST": that wall clock where it was stated, read in the document's zone
            t = _stated(day, p.hour, p.minute or 0, p.zone).astimezone(tz)
            day = t.date()
            p = replace(p, hour=t.hour, minute=t.minute if p.minute is not None or t.minute else None, zone=None)
        h = p.hour
        t = local_at(day, tz, f"{h:02d}:{p.minute or 0:02d}")
        if p.second is not None:    # "19:56:30"
            t = t.replace(second=p.second)
            return Resolved("TIME", t.strftime("%Y-%m-%dT%H:%M:%S"), p.mod, t, t + timedelta(seconds=1), "second",
                            status, reason)
        if p.minute is None:     # "à 20h", "vers 5 heures du matin": the hour
            return Resolved("TIME", f"{day.isoformat()}T{h:02d}:00", p.mod, t, t + timedelta(hours=1), "hour", status, reason)
        return Resolved("TIME", f"{day.isoformat()}T{h:02d}:{p.minute or 0:02d}", p.mod, t, t + timedelta(minutes=1),
                        "minute", status, reason)
    if p.pod is not None:     # "en fin de matinée": the last third of the window, value TMO + mod END
        a, b = thirds(*pod_interval(day, p.pod, tz), p.mod, tz)
        return Resolved("TIME", f"{day.isoformat()}T{p.pod.code}", p.mod, a, b, "part_of_day", status, reason,
                        p.pod.label())
    a, b = thirds(local_at(day, tz), local_at(day + timedelta(days=1), tz), p.mod, tz)
    return Resolved("DATE", day.isoformat(), p.mod, a, b, "day", status, reason)


def _stated(day: date, hour: int, minute: int, zone: str) -> datetime:
    """A wall clock on ``day`` in a stated zone: a fixed offset ("-08:00") or an IANA name."""
    if zone[:1] in "+-":
        hh, mm = map(int, zone[1:].split(":"))
        z = timezone((1 if zone[0] == "+" else -1) * timedelta(hours=hh, minutes=mm))
    else:
        z = ZoneInfo(zone)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=z)


def _nth_weekday(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    ref = anchor.at.date()
    years = _years(p, ref)
    cands = [(y, nth_weekday(y, p.month, p.weekday, p.nth)) for y in years]
    cands = [(y, d) for y, d in cands if d is not None]
    if p.easter is not None:   # a feast moved a week later when it falls on a movable one (fête des mères)
        cands = [(y, d + timedelta(days=7) if d == easter(y) + timedelta(days=p.easter) else d) for y, d in cands]
    if not cands:
        return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", f"no weekday #{p.nth} in month {p.month}")
    i = _pick([(d, d + timedelta(days=1)) for _, d in cands], ref, direction, strict)
    return _day_value(p, cands[i][1], tz, "resolved", None)


def _nth_of_month(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    """"le dernier jour d'octobre", "la première semaine de mars" (the weeks Monday-Sunday that
    lie wholly in the month), "le premier week-end de septembre" (the one of its nth Saturday).
    A negative nth counts from the end: "the second last week of October" is -2."""
    ref = anchor.at.date()
    years = _years(p, ref)
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
    s = cands[_pick([(d, d + timedelta(days=step)) for d in cands], ref, direction, strict)]
    if p.unit == "day":
        return _day_value(p, s, tz, "resolved", None)
    value = iso_week(s) + ("-WE" if p.unit == "weekend" else "")
    return Resolved("DATE", value, p.mod, local_at(s, tz), local_at(s + timedelta(days=step), tz), p.unit)


def _nth_of_year(p: PartialTime, tz: ZoneInfo) -> Resolved:
    s = nth_in_year(p.year, p.unit, p.nth)
    if s is None:
        return Resolved("DATE", None, p.mod, None, None, p.unit, "unresolved", f"no {p.unit} #{p.nth} in {p.year}")
    if p.unit == "day":
        return _day_value(p, s, tz, "resolved", None)
    e = {"week": s + timedelta(days=7), "weekend": s + timedelta(days=2), "month": add_months(s, 1)}[p.unit]
    value = s.strftime("%Y-%m") if p.unit == "month" else iso_week(s) + ("-WE" if p.unit == "weekend" else "")
    return Resolved("DATE", value, p.mod, local_at(s, tz), local_at(e, tz), p.unit)


def _season(p: PartialTime, year: int, tz: ZoneInfo) -> Resolved:
    a, b = season_interval(year, p.season, tz)
    a, b = thirds(a, b, p.mod, tz)
    return Resolved("DATE", f"{year}-{p.season.code}", p.mod, a, b, "season", day_window=p.season.label())


def _quarter(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    """"the third quarter (of 2012)", "the first half": the quarter or half starting in p.month,
    in the given year or the one nearest the anchor in the tense's direction."""
    n = 3 if p.unit == "quarter" else 6
    ref = anchor.at.date()
    years = _years(p, ref)
    y = years[_pick([(date(y, p.month, 1), add_months(date(y, p.month, 1), n)) for y in years], ref, direction, strict)]
    s = date(y, p.month, 1)
    a, b = thirds(local_at(s, tz), local_at(add_months(s, n), tz), p.mod, tz)
    return Resolved("DATE", f"{y}-{period_label(p.month, n)}", p.mod, a, b, p.unit)


def _calendar(p: PartialTime, anchor: Anchor, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
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
        i = _pick([(c, c + timedelta(days=1)) for c, _ in cands], ref, direction, strict)
        return _day_value(p, cands[i][0], tz, status, reason)
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
    i = _pick([span(y) for y in years], ref, direction, strict)
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
        return _day_value(p, date(y, p.month, p.day), tz, status, reason)
    s = date(y, p.month, 1)
    a, b = thirds(local_at(s, tz), local_at(add_months(s, 1), tz), p.mod, tz)
    return Resolved("DATE", s.strftime("%Y-%m"), p.mod, a, b, "month", status, reason)
