"""A resolved day read with what the phrase adds to it: a clock time ("à 20 h", "19:56:30",
"8:00 PST": a stated zone read in the document's zone; "minuit" ends the day), a part of day
("en fin de matinée": the last third of the window), or nothing (the whole day).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from evdb.temporal.calendar import local_at, pod_interval, thirds
from evdb.temporal.partial import PartialTime, Resolved


def day_value(p: PartialTime, day: date, tz: ZoneInfo, status: str, reason: str | None) -> Resolved:
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
