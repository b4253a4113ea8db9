"""Reading the date options of ``timeline``, ``report`` and ``chart`` (``--from``, ``--to``,
``--since``, ``--until``, ``--as-of``).

ISO forms (``2024``, ``2024-01``, ``2024-01-26``, ``2024-01-26T18:00+01:00``) are read here;
anything else ("last month", "la semaine dernière", "il y a 3 jours") goes through the temporal
engine's ``parse_when`` with the reference time the CLI passes in. A start bound takes the start
of the period named, an end bound its (exclusive) end, so ``--to 2024-01`` includes all of January.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evdb.errors import ReportError

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
HINT = ("Use an ISO date or time (2024-01-26, 2024-01, 2024-01-26T18:00Z) or an expression such as "
        "'last week', 'last month', 'la semaine dernière', 'il y a 3 jours'.")


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReportError(f"unknown time zone {tz!r}", hint="Use an IANA name such as Europe/Paris or UTC.") from exc


def _iso_period(text: str, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    """[start, end) of an ISO year, month, day or instant, or None when ``text`` is not ISO."""
    if m := _YEAR.match(text):
        y = int(m[1])
        return datetime(y, 1, 1, tzinfo=zone), datetime(y + 1, 1, 1, tzinfo=zone)
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        nxt = datetime(y + mo // 12, mo % 12 + 1, 1, tzinfo=zone)
        return datetime(y, mo, 1, tzinfo=zone), nxt
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None and len(text) == 10:
        start = datetime(day.year, day.month, day.day, tzinfo=zone)
        return start, start + timedelta(days=1)
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone)
    return instant, instant


def parse_period(text: str, *, ref: datetime, tz: str = "UTC", option: str = "date") -> tuple[datetime, datetime]:
    """The ``[start, end)`` period a date option names, in UTC."""
    text = text.strip()
    zone = _zone(tz)
    period = _iso_period(text, zone)
    if period is None:
        from evdb.temporal import parse_when  # the temporal engine reads relative expressions

        timex = parse_when(text, ref, tz=tz)
        if timex is None or timex.earliest is None or timex.latest is None:
            raise ReportError(f"{option}: cannot read {text!r} as a date", hint=HINT)
        period = (timex.earliest, timex.latest)
    return period[0].astimezone(timezone.utc), period[1].astimezone(timezone.utc)


def parse_start(text: str | None, *, ref: datetime, tz: str = "UTC", option: str = "--from") -> datetime | None:
    return None if text is None else parse_period(text, ref=ref, tz=tz, option=option)[0]


def parse_end(text: str | None, *, ref: datetime, tz: str = "UTC", option: str = "--to") -> datetime | None:
    if text is None:
        return None
    start, end = parse_period(text, ref=ref, tz=tz, option=option)
    return end if end > start else start


def check_window(start: datetime | None, end: datetime | None, *, start_option: str = "--from",
                 end_option: str = "--to") -> None:
    """Refuse a window that ends before it starts (it would silently match nothing)."""
    if start is not None and end is not None and end <= start:
        raise ReportError(f"empty window: {start_option} starts at {start:%Y-%m-%d %H:%M} UTC but "
                          f"{end_option} ends at {end:%Y-%m-%d %H:%M} UTC",
                          hint=f"give {start_option} the earlier date and {end_option} the later one "
                               f"({end_option} 2024-01 ends with the last day of January)")


def parse_instant(text: str | None, *, ref: datetime, tz: str = "UTC", option: str = "--as-of") -> datetime | None:
    """A point in time (``--as-of``): an ISO instant, or the start of the period named."""
    return None if text is None else parse_period(text, ref=ref, tz=tz, option=option)[0]
