"""Pure calendar arithmetic for the resolver: month and unit shifts, local wall-clock times,
part-of-day and season windows, thirds of a period, Easter, nth weekdays, ISO 8601 durations.
No policy (which year, which direction) and no clock: that is evdb.temporal.resolve.
"""
from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from evdb.temporal.partial import Window

_DUR = {"second": ("T", "S"), "minute": ("T", "M"), "hour": ("T", "H"), "day": ("", "D"), "week": ("", "W"),
        "weekend": ("", "WE"), "month": ("", "M"), "year": ("", "Y"), "decade": ("", "DE"), "century": ("", "CE"),
        "quarter": ("", "Q"), "half": ("", "H"), "night": ("", "D")}


def duration_value(amount: float, unit: str, vague: bool = False) -> str:
    """TIMEX3 duration value: (3, "day") -> "P3D", (2, "hour") -> "PT2H"; ``vague`` gives "PXD"."""
    t, letter = _DUR.get(unit, ("", "D"))
    n = "X" if vague else (str(int(amount)) if amount == int(amount) else str(amount))
    if unit == "weekend":
        return f"P{n}WE"
    return f"P{t}{n}{letter}"


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, the day clipped to the month's length (Jan 31 + 1 -> Feb 28/29)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def shift_by(at: datetime, unit: str, n: int) -> datetime:
    """``at`` moved by ``n`` units (second ... century); calendar units move by months, clipping the day."""
    if unit in ("second", "minute", "hour"):
        return at + timedelta(**{unit + "s": n})
    if unit in ("day", "night"):
        return at + timedelta(days=n)
    if unit in ("week", "weekend"):
        return at + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}[unit]
    d = add_months(at.date(), n * months)
    return at.replace(year=d.year, month=d.month, day=d.day)


def local_at(d: date, tz: ZoneInfo, hhmm: str = "00:00") -> datetime:
    """The wall-clock time ``hhmm`` on day ``d`` in zone ``tz``."""
    h, m = map(int, hhmm.split(":"))
    return datetime(d.year, d.month, d.day, h, m, tzinfo=tz)


def minutes_of(s: str) -> int:
    """Minutes since midnight of an "HH:MM" clock reading."""
    h, m = map(int, s.split(":"))
    return h * 60 + m


def pod_interval(d: date, w: Window, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a part-of-day window on day ``d``; a window ending at or before its start
    (the night) ends the next day; "24:00" is the next midnight."""
    end_day = d + timedelta(days=1) if minutes_of(w.end) <= minutes_of(w.start) else d
    return local_at(d, tz, w.start), local_at(end_day, tz, w.end if w.end != "24:00" else "00:00") \
        if w.end != "24:00" else local_at(d + timedelta(days=1), tz)


def season_interval(year: int, w: Window, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a season window ("MM-DD" bounds) starting in ``year``; winter ends the next year."""
    (m1, d1), (m2, d2) = (map(int, w.start.split("-")), map(int, w.end.split("-")))
    end_year = year + 1 if (m2, d2) <= (m1, d1) else year
    return local_at(date(year, m1, d1), tz), local_at(date(end_year, m2, d2), tz)


def thirds(a: datetime, b: datetime, mod: str | None, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The part of [a, b) a fuzzy modifier names: START the first third, MID the middle, END the
    last (a month: days 1-10, 11-20, 21-end; a day or a part of day: in whole hours, "fin de
    matinée" = 10:00-12:00); other modifiers and periods under three hours: all of it."""
    if mod not in ("START", "MID", "END"):
        return a, b
    days = (b.date() - a.date()).days
    if days < 3:
        hours = (b - a).total_seconds() / 3600
        if hours < 3:
            return a, b
        h1, h2 = timedelta(hours=round(hours / 3)), timedelta(hours=round(2 * hours / 3))
        return {"START": (a, a + h1), "MID": (a + h1, a + h2), "END": (a + h2, b)}[mod]
    s = a.date()
    if s.day == 1 and 28 <= days <= 31:   # a month: days 1-10, 11-20, 21-end
        c1, c2 = s + timedelta(days=10), s + timedelta(days=20)
    else:
        c1, c2 = s + timedelta(days=round(days / 3)), s + timedelta(days=round(2 * days / 3))
    if mod == "START":
        return a, local_at(c1, tz)
    if mod == "END":
        return local_at(c2, tz), b
    return local_at(c1, tz), local_at(c2, tz)


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def day_exists(y: int, m: int, d: int | None) -> bool:
    """Whether month ``m`` of year ``y`` has a day ``d`` (None: no day asked, always true)."""
    return d is None or d <= monthrange(y, m)[1]


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth given ISO weekday of a month (nth -1: the last); None when there is none."""
    first = date(year, month, 1)
    days = [first + timedelta(days=k) for k in range(monthrange(year, month)[1])]
    hits = [d for d in days if d.isoweekday() == weekday]
    return hits[nth - 1] if 1 <= nth <= len(hits) else (hits[-1] if nth == -1 else None)


def nth_in_year(year: int, unit: str, nth: int) -> date | None:
    """First day of the nth day, ISO week, week-end (its Saturday) or month of ``year``; a
    negative ``nth`` counts from the end (-1 the last). None when there is no such unit."""
    if unit == "month":
        return date(year, nth if nth > 0 else 13 + nth, 1) if 1 <= abs(nth) <= 12 else None
    weeks = date(year, 12, 28).isocalendar()[1]
    count = (date(year + 1, 1, 1) - date(year, 1, 1)).days if unit == "day" else weeks
    if not (1 <= nth <= count or -count <= nth <= -1):
        return None
    k = nth - 1 if nth > 0 else count + nth
    if unit == "day":
        return date(year, 1, 1) + timedelta(days=k)
    return date.fromisocalendar(year, 1, 1) + timedelta(days=7 * k + (5 if unit == "weekend" else 0))


def iso_week(d: date) -> str:
    """TIMEX3 value of the ISO week holding ``d``: "2024-W03" (its ISO year, not always d.year)."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def period_label(start_month: int, months: int) -> str:
    """TIMEX3 label of the quarter (``months`` 3) or half (6) starting in ``start_month``: Q3, H1."""
    return f"Q{(start_month - 1) // 3 + 1}" if months == 3 else f"H{(start_month - 1) // 6 + 1}"
