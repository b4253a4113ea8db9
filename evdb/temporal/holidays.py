"""Holidays of other calendars and holidays defined from other holidays.

The definitions are data (``resources/holidays.toml``): which calendar, which day of it, a
length in days, weekday moves, or an offset from another holiday. The language packs name them
in their ``[holiday]`` tables with ``feast = "<id>"``. This module holds the calendar arithmetic
(Hebrew, Islamic months from new moons, Chinese New Year, Julian Easter) and turns a definition into its
occurrences in a Gregorian year; ``resolve_feast`` chooses one like any date without a year.
No clock is read: the reference is an argument.
"""
from __future__ import annotations

import math
import tomllib
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from evdb.errors import ResourceError
from evdb.paths import resources_dir
from evdb.temporal.calendar import easter, local_at, nth_weekday, shift_by
from evdb.temporal.clock import day_value
from evdb.temporal.dates import pick
from evdb.temporal.partial import PartialTime, Resolved

CALENDARS = ("gregorian", "easter", "orthodox_easter", "hebrew", "islamic", "chinese")   # and [calendar.*] of the table
CHINESE_YEARS = (1901, 2033)    # the new-moon arithmetic is checked against known New Years in this span


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: date
    days: int = 1
    reason: str | None = None


# ----------------------------------------------------------------------------- Hebrew calendar
# Months numbered from Nisan (1) to Adar (12); Adar II (13) exists in leap years; the year
# begins with Tishrei (7). Fixed day numbers are Python ordinals (1 = 1 January of year 1).
_HEBREW_EPOCH = -1373427     # the day before 1 Tishrei AM 1 counted as elapsed days (Julian 7 October 3761 BCE)


def hebrew_leap(y: int) -> bool:
    return (7 * y + 1) % 19 < 7


def _elapsed_days(y: int) -> int:
    """Days from the epoch to the molad of Tishrei of year ``y``, with the first postponement."""
    months = (235 * y - 234) // 19
    parts = 12084 + 13753 * months
    days = 29 * months + parts // 25920
    return days + 1 if (3 * (days + 1)) % 7 < 3 else days


def _year_correction(y: int) -> int:
    """The other postponements: keep every year 353-355 or 383-385 days long."""
    ny0, ny1, ny2 = _elapsed_days(y - 1), _elapsed_days(y), _elapsed_days(y + 1)
    if ny2 - ny1 == 356:
        return 2
    if ny1 - ny0 == 382:
        return 1
    return 0


def hebrew_new_year(y: int) -> date:
    """1 Tishrei of Hebrew year ``y`` (Rosh Hashanah)."""
    return date.fromordinal(_HEBREW_EPOCH + _elapsed_days(y) + _year_correction(y))


def _hebrew_month_days(y: int, m: int) -> int:
    length = (hebrew_new_year(y + 1) - hebrew_new_year(y)).days
    if m in (2, 4, 6, 10, 13):
        return 29
    if m == 12:
        return 30 if hebrew_leap(y) else 29
    if m == 8:
        return 30 if length % 10 == 5 else 29      # Heshvan: long in a 355/385-day year
    if m == 9:
        return 29 if length % 10 == 3 else 30      # Kislev: short in a 353/383-day year
    return 30


def hebrew_to_gregorian(y: int, m: int, d: int) -> date:
    """Day ``d`` of month ``m`` (Nisan = 1 ... Adar = 12, Adar II = 13) of Hebrew year ``y``."""
    last = 13 if hebrew_leap(y) else 12
    if not 1 <= m <= last:
        raise ValueError(f"Hebrew year {y} has no month {m}")
    before = list(range(7, m)) if m >= 7 else list(range(7, last + 1)) + list(range(1, m))
    return hebrew_new_year(y) + timedelta(days=sum(_hebrew_month_days(y, k) for k in before) + d - 1)


# ----------------------------------------------------------------------------- Islamic
_ISLAMIC_EPOCH = date(622, 7, 19).toordinal()   # 1 Muharram AH 1 (Julian 16 July 622)


def islamic_to_gregorian(y: int, m: int, d: int) -> date:
    """The arithmetic (tabular) Islamic calendar: 30-year cycle of 11 leap years (2, 5, 7, 10,
    13, 16, 18, 21, 24, 26, 29), months of 30 and 29 days alternating, Dhu al-Hijjah 30 in
    a leap year. The day observed follows the sighting of the new crescent and may differ."""
    return date.fromordinal(_ISLAMIC_EPOCH - 1 + (y - 1) * 354 + (3 + 11 * y) // 30 + 29 * (m - 1) + m // 2 + d)


MECCA_SUNSET_UTC = 15.0     # hours: about 18:00 in Mecca (UTC+3)


def islamic_month_start(y: int, m: int) -> date:
    """First day of month ``m`` of Hijri year ``y`` by the astronomical rule the Umm al-Qura
    calendar follows: the day after the conjunction when it comes before sunset in Mecca,
    else the day after that. (The tabular calendar only finds which conjunction.)"""
    guess = islamic_to_gregorian(y, m, 1).toordinal() + 1721424.5      # its Julian day
    k = round((guess - 2451550.09766) / 29.530588861)
    jd = max(j for j in (_new_moon_jde(x) - 70 / 86400 for x in range(k - 2, k + 2)) if j <= guess + 2)
    day = date.fromordinal(math.floor(jd + 0.5) - 1721425)              # its UTC date
    hour = (jd + 0.5) % 1 * 24
    return day + timedelta(days=1 if hour < MECCA_SUNSET_UTC else 2)


def islamic_month_days(y: int, m: int) -> int:
    return (islamic_month_start(y + (m == 12), m % 12 + 1) - islamic_month_start(y, m)).days


# ----------------------------------------------------------------------------- new moons, Chinese New Year
def _new_moon_jde(k: int) -> float:
    """Julian ephemeris day of new moon number ``k`` (0 = January 2000), with the main
    periodic terms of the lunar and solar anomalies (a few minutes of error)."""
    t = k / 1236.85
    jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t ** 2 - 0.00000015 * t ** 3
    e = 1 - 0.002516 * t - 0.0000074 * t ** 2
    r = math.radians
    m = r(2.5534 + 29.1053567 * k - 0.0000014 * t ** 2)
    mp = r(201.5643 + 385.81693528 * k + 0.0107582 * t ** 2 + 0.00001238 * t ** 3)
    f = r(160.7108 + 390.67050284 * k - 0.0016118 * t ** 2 - 0.00000227 * t ** 3)
    om = r(124.7746 - 1.56375588 * k + 0.0020672 * t ** 2)
    terms = (-0.4072 * math.sin(mp) + 0.17241 * e * math.sin(m) + 0.01608 * math.sin(2 * mp)
             + 0.01039 * math.sin(2 * f) + 0.00739 * e * math.sin(mp - m) - 0.00514 * e * math.sin(mp + m)
             + 0.00208 * e * e * math.sin(2 * m) - 0.00111 * math.sin(mp - 2 * f) - 0.00057 * math.sin(mp + 2 * f)
             + 0.00056 * e * math.sin(2 * mp + m) - 0.00042 * math.sin(3 * mp) + 0.00042 * e * math.sin(m + 2 * f)
             + 0.00038 * e * math.sin(m - 2 * f) - 0.00024 * e * math.sin(2 * mp - m) - 0.00017 * math.sin(om)
             - 0.00007 * math.sin(mp + 2 * m) + 0.00004 * math.sin(2 * mp - 2 * f) + 0.00004 * math.sin(3 * m)
             + 0.00003 * math.sin(mp + m - 2 * f) + 0.00003 * math.sin(2 * mp + 2 * f)
             - 0.00003 * math.sin(mp + m + 2 * f) + 0.00003 * math.sin(mp - m + 2 * f)
             - 0.00002 * math.sin(mp - m - 2 * f) - 0.00002 * math.sin(3 * mp + m) + 0.00002 * math.sin(4 * mp))
    return jde + terms


def _jd_to_local_date(jde: float, utc_offset_hours: float) -> date:
    jd = jde - 70 / 86400 + utc_offset_hours / 24     # TT to UT (about 70 s), then local
    return date.fromordinal(math.floor(jd + 0.5) - 1721425)   # a Julian day starts at noon


# Meeus, table 27.C: periodic terms of the solstices (amplitude, phase, speed in degrees)
_SOLSTICE_TERMS = ((485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186),
                   (182, 27.85, 445267.112), (156, 73.14, 45036.886), (136, 171.52, 22518.443),
                   (77, 222.54, 65928.934), (74, 296.72, 3034.906), (70, 243.58, 9037.513),
                   (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
                   (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417),
                   (18, 155.12, 67555.328), (17, 288.79, 4562.452), (16, 198.04, 62894.029),
                   (14, 199.76, 31436.921), (12, 95.39, 14577.848), (12, 287.11, 31931.756),
                   (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074))


def december_solstice_jde(year: int) -> float:
    y = (year - 2000) / 1000
    jde0 = 2451900.05952 + 365242.74049 * y - 0.06223 * y ** 2 - 0.00823 * y ** 3 + 0.00032 * y ** 4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _SOLSTICE_TERMS)
    return jde0 + 0.00001 * s / dl


def chinese_new_year(year: int) -> date:
    """The first day of the first lunar month (Beijing time, UTC+8): two new moons after the
    start of the month that holds the December solstice of ``year - 1``. A leap eleventh or
    twelfth month (2033) moves it a month later: that needs the solar terms, not computed here,
    hence CHINESE_YEARS."""
    solstice = _jd_to_local_date(december_solstice_jde(year - 1), 8)
    k0 = math.floor((year - 1 - 2000) * 12.3685) + 9
    moons = [_jd_to_local_date(_new_moon_jde(k), 8) for k in range(k0, k0 + 6)]
    eleventh = max(i for i, d in enumerate(moons) if d <= solstice)
    return moons[eleventh + 2]


def orthodox_easter(year: int) -> date:
    """Easter Sunday of the Julian computus (Orthodox churches), as a Gregorian date."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = date(year, month, day + 1)
    return julian + timedelta(days=year // 100 - year // 400 - 2)   # Julian to Gregorian (1900-2099: 13 days)


# ----------------------------------------------------------------------------- the holidays package
@lru_cache(maxsize=64)
def official_days(country: str, year: int, categories: tuple[str, ...]) -> dict[str, tuple[date, ...]]:
    """The days a country's official calendar gives each holiday name in ``year`` (public API of
    the `holidays` package, English names; imported only when such a feast is asked)."""
    import holidays as pkg

    with warnings.catch_warnings():     # the package warns outside the years it tabulates
        warnings.simplefilter("ignore")
        table = pkg.country_holidays(country, years=year, categories=categories, language="en_US")
    out: dict[str, list[date]] = {}
    for day, names in table.items():
        for name in names.split("; "):
            out.setdefault(name, []).append(day)
    return {k: tuple(sorted(v)) for k, v in out.items()}


# ----------------------------------------------------------------------------- definitions
@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with open(resources_dir() / "holidays.toml", "rb") as fh:
        data = tomllib.load(fh)
    data.setdefault("feast", {})
    data.setdefault("calendar", {})
    return data


@lru_cache(maxsize=1)
def definitions() -> dict[str, dict[str, Any]]:
    """The holiday table, checked once per process: every mistake names the file and entry."""
    table = _load()["feast"]
    known = CALENDARS + tuple(_load()["calendar"])
    for name, d in table.items():
        where = f"holidays.toml [feast.{name}]"
        if d.get("of") is None and d.get("within") is None and d.get("calendar") not in known:
            raise ResourceError(f"{where}: calendar {d.get('calendar')!r} unknown",
                                hint=f"one of {', '.join(known)}, or of = \"<another feast>\"")
        if d.get("calendar") in _load()["calendar"] and not d.get("name"):
            raise ResourceError(f"{where}: a feast of the {d['calendar']} calendar needs the name it has there")
        for key in ("of", "within"):
            if d.get(key) is not None and d[key] not in table:
                raise ResourceError(f"{where}: {key} = {d[key]!r} is not a feast of the table")
    return table


def occurrences(feast: str | dict[str, Any], year: int) -> list[Occurrence] | str:
    """The occurrences of a feast (an id of the table, or a definition) that start in Gregorian
    ``year``, or why there is none."""
    table = definitions()
    if isinstance(feast, str) and feast not in table:
        return f"no holiday {feast!r} in holidays.toml"
    d = table[feast] if isinstance(feast, str) else feast
    feast = feast if isinstance(feast, str) else "the holiday"
    if d.get("from_year") and year < d["from_year"]:
        return f"{feast} is only observed from {d['from_year']}"
    cal = d.get("calendar", "gregorian")
    if cal == "chinese" and not CHINESE_YEARS[0] <= year <= CHINESE_YEARS[1]:
        return f"Chinese lunar dates are computed for {CHINESE_YEARS[0]}-{CHINESE_YEARS[1]} only (a leap eleventh month in 2033 needs the solar terms)"
    if year < 2 or year > 9998:
        return f"year {year} is outside the calendar"
    days = d.get("days", 1)
    reason = d.get("note")
    moves = d.get("move", {})

    def moved(x: date) -> date:
        return x + timedelta(days=moves.get(str(x.isoweekday()), 0))
    if d.get("of") or d.get("within"):   # counted from the occurrences of another feast that start in the year
        base = occurrences(d.get("of") or d["within"], year)
        if isinstance(base, str):
            return base
        reason = reason or next((o.reason for o in base if o.reason), None)
        if d.get("of"):
            return [Occurrence(moved(o.start + timedelta(days=d.get("offset", 0))), days, reason) for o in base]
        nth, out = d.get("nth", 1), []
        for o in base:                   # the nth weekday inside the other feast's period
            hits = [o.start + timedelta(days=k) for k in range(o.days)
                    if (o.start + timedelta(days=k)).isoweekday() == d["weekday"]]
            if 1 <= nth <= len(hits) or -len(hits) <= nth <= -1:
                out.append(Occurrence(hits[nth - 1 if nth > 0 else nth], days, reason))
        return out
    if cal == "gregorian":
        found = [nth_weekday(year, d["month"], d["weekday"], d["nth"]) if d.get("nth") is not None
                 else date(year, d["month"], d["day"])]
        spans = [(x, days) for x in found if x]
    elif cal == "easter":
        spans = [(easter(year) + timedelta(days=d.get("offset", 0)), days)]
    elif cal == "orthodox_easter":
        spans = [(orthodox_easter(year) + timedelta(days=d.get("offset", 0)), days)]
    elif cal in _load()["calendar"]:     # an official calendar read from the holidays package
        src = _load()["calendar"][cal]
        lo, hi = d.get("years", src["years"])
        if not lo <= year <= hi:
            return f"{src['label']} dates are known for {lo}-{hi} only"
        found = official_days(src["country"], year, tuple(src.get("categories", ["public"])))
        spans = [(x, days) for x in found.get(d["name"], ())]
        reason = reason or src.get("note")
    elif cal == "chinese":
        spans = [(chinese_new_year(year) + timedelta(days=d.get("day", 1) - 1), days)]
    elif cal == "hebrew":
        spans = []
        for hy in (year + 3760, year + 3761):
            m = 13 if d["month"] == 12 and hebrew_leap(hy) else d["month"]     # Adar: Adar II in a leap year
            spans.append((hebrew_to_gregorian(hy, m, d["day"]), days))
    else:                                # islamic: a Gregorian year holds one or two of its days
        ay = round((year - 622) * 365.2425 / 354.367)
        spans = [(islamic_month_start(hy, d["month"]) + timedelta(days=d["day"] - 1),
                  islamic_month_days(hy, d["month"]) if days == "month" else days) for hy in range(ay - 1, ay + 3)]
    return sorted((Occurrence(moved(x), n, reason) for x, n in spans if x.year == year), key=lambda o: o.start)


def _span_of(p: PartialTime) -> dict[str, Any] | None:
    """A lexicon holiday without a feast id, read as an ad hoc definition (fixed, Easter, nth)."""
    if p.easter is not None and p.nth is None:
        return {"calendar": "easter", "offset": p.easter}
    if p.nth is not None and p.weekday is not None and p.month is not None:
        return {"calendar": "gregorian", "month": p.month, "weekday": p.weekday, "nth": p.nth}
    if p.month is not None and p.day is not None:
        return {"calendar": "gregorian", "month": p.month, "day": p.day}
    return None


def resolve_feast(p: PartialTime, ref: datetime, tz: ZoneInfo, direction: str | None, strict: bool) -> Resolved:
    """A holiday: in the stated year, in the year a count of units from the reference falls in
    ("thanksgiving in 3 years"), else the occurrence nearest the reference in ``direction``
    (chosen as any date without a year is, :func:`evdb.temporal.dates.pick`)."""
    feast: str | dict[str, Any] | None = p.feast or _span_of(p)
    if not feast:
        return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", "holiday without a definition")
    name = feast if isinstance(feast, str) else "the holiday"
    if p.year is not None:
        years = [p.year]
    elif p.shift is not None and p.unit:
        years = [shift_by(ref, p.unit, p.shift).year]
    else:
        years = [ref.year - 1, ref.year, ref.year + 1]
    cands: list[Occurrence] = []
    why = None
    for y in years:
        got = occurrences(feast, y)
        if isinstance(got, str):
            why = got
        else:
            cands += got
    if not cands:
        return Resolved("DATE", None, p.mod, None, None, "day", "unresolved", why or f"no {name} in {years[0]}")
    status, reason = "resolved", None
    if len(years) == 1:
        if len(cands) > 1:
            status, reason = "ambiguous", f"{name} falls {len(cands)} times in {years[0]}; the first is taken"
        o = cands[0]
    else:
        o = cands[pick([(c.start, c.start + timedelta(days=c.days)) for c in cands], ref.date(), direction, strict)]
    reason = "; ".join(x for x in (reason, o.reason) if x) or None
    if o.days == 1:
        return day_value(p, o.start, tz, status, reason)
    last = o.start + timedelta(days=o.days - 1)
    return Resolved("DATE", f"{o.start.isoformat()}/{last.isoformat()}", p.mod, local_at(o.start, tz),
                    local_at(last + timedelta(days=1), tz), "day", status, reason)
