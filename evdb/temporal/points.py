"""A point in time read against its anchor: a count of units from it ("dans 2 minutes", "la
semaine prochaine", "il y a une semaine"), a weekday, a feast, a part of day or clock time, a
year, decade or century; calendar dates and periods are handed to evdb.temporal.dates.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import (add_months, day_exists, easter, iso_week, local_at, nth_weekday, period_label,
                                    pod_interval, season_interval, shift_by, thirds)
from evdb.temporal.clock import day_value
from evdb.temporal.dates import (candidate_years, pick, resolve_calendar_date, resolve_nth_of_month,
                                 resolve_nth_of_year, resolve_nth_weekday, resolve_quarter, resolve_season)
from evdb.temporal.holidays import resolve_feast
from evdb.temporal.partial import Anchor, PartialTime, Resolved


def resolve_point(p: PartialTime, anchor: Anchor, tz: ZoneInfo, tense: str | None) -> Resolved:
    r = _resolve_point(p, anchor, tz, tense)
    if p.side and r.earliest is not None and r.latest is not None and r.earliest < anchor.at < r.latest:
        # "later this month", "earlier in the week": the period's part after (before) the anchor;
        # the value stays the period's, as TIMEX3 writes it
        return replace(r, earliest=anchor.at) if p.side == "after" else replace(r, latest=anchor.at)
    return r


def _resolve_point(p: PartialTime, anchor: Anchor, tz: ZoneInfo, tense: str | None) -> Resolved:
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
        return resolve_quarter(p, anchor, tz, direction, strict)
    if p.feast or (p.feast is not None and p.shift is not None and p.unit):
        # a holiday of resources/holidays.toml, or any holiday counted in years ("thanksgiving in 3 years")
        return resolve_feast(p, anchor.at, tz, direction, strict)
    day: date | None = None
    if p.shift is not None and p.unit:
        at = anchor.at if p.unit in ("hour", "minute", "second") else local_at(ref, tz)
        if p.unit in ("hour", "minute", "second"):
            # "dans 2 minutes", "il y a trois heures": an exact instant, to the second
            t = shift_by(anchor.at, p.unit, p.shift).replace(microsecond=0)
            return Resolved("TIME", t.strftime("%Y-%m-%dT%H:%M:%S"), p.mod, t, t + timedelta(seconds=1), "second")
        shift = p.shift
        if p.unit == "weekend" and shift == 0 and tense == "past" and ref.isoweekday() < 6 and anchor.grain == "instant":
            shift = -1     # "ce week-end" in a past clause, read on a weekday against the DCT: the one just gone
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
            return resolve_season(p, shifted.year, tz)
        elif p.unit in ("decade", "century") and p.day is None:   # "la décennie précédente", "le siècle dernier"
            n = 10 if p.unit == "decade" else 100
            y = shifted.year // n * n
            a, b = thirds(local_at(date(y, 1, 1), tz), local_at(date(y + n, 1, 1), tz), p.mod, tz)
            return Resolved("DATE", f"{y // 10}X" if n == 10 else f"{y // 100:02d}", p.mod, a, b, p.unit)
        else:
            day = shifted
    elif p.nth is not None and p.weekday is not None and p.month is not None:
        return resolve_nth_weekday(p, anchor, tz, direction, strict)
    elif p.nth is not None and p.month is not None and p.unit in ("day", "week", "weekend"):
        return resolve_nth_of_month(p, anchor, tz, direction, strict)
    elif p.nth is not None and p.year is not None and p.unit in ("day", "week", "weekend", "month"):
        return resolve_nth_of_year(p, tz)     # "the third week of 2018", "the last day of 2019"
    elif p.easter is not None:
        years = candidate_years(p, ref)
        cands = [easter(y) + timedelta(days=p.easter) for y in years]
        day = cands[pick([(c, c + timedelta(days=1)) for c in cands], ref, direction, strict)]
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
        i = pick([(c, c + timedelta(days=1)) for c in cands], ref, direction, strict)
        day = cands[i]
    elif p.same:
        day = ref
    elif p.month is not None or p.day is not None:
        return resolve_calendar_date(p, anchor, tz, direction, strict)
    elif p.season is not None:
        if p.year is not None:
            return resolve_season(p, p.year, tz)
        # from two years back: in February, the last winter over began two Decembers ago
        cands = [season_interval(y, p.season, tz) for y in range(ref.year - 2, ref.year + 2)]
        i = pick([(a.date(), b.date()) for a, b in cands], ref, direction, strict)
        return resolve_season(p, ref.year - 2 + i, tz)
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
    return day_value(p, day, tz, status, reason)
