"""Reading TIMEX3 / ISO 8601 values as comparable times.

A gold value (``2013-02-12``, ``2013-W07``, ``T15:00``, ``2013-SP``, ``P3D``, ``PAST_REF``) and a
predicted TIMEX3 value are both read into a :class:`Reading`: a start time plus a grain, a time of
day, a reference token, a duration or a set. The comparison rules live in ``matching.py``.

These conventions follow the shared reference scorers, so that ``evdb eval-time`` and
``score_peers.py`` / ``score_timeml_docs.py`` count the same hits:

- grains, finest first: second, minute, hour, partofday, day, weekend, week, month, season,
  quarter, half, year, decade, century;
- weeks are ISO weeks starting on Monday;
- part-of-day codes span fixed hours (NI 20:00 to 06:00 next day), seasons fixed dates;
- durations compare as (months, days, seconds): P1Y = P12M, P1W = P7D, P1DE = P10Y, but P1D and
  PT24H differ.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

GRAINS = ("second", "minute", "hour", "partofday", "day", "weekend", "week", "month", "season",
          "quarter", "half", "year", "decade", "century")
RANK = {g: i for i, g in enumerate(GRAINS)}

# hours [from, to) of TIMEX3 part-of-day codes; "to" past 24 runs into the next day
DAY_PARTS = {"MO": (4, 12), "MI": (11, 13), "AF": (12, 19), "EV": (18, 24), "NI": (20, 30),
             "DT": (6, 20), "PM": (12, 24), "AM": (0, 12)}
# (first month, first day), (month, day) of the (exclusive) end, whether the end is next year
SEASON_DATES = {"SP": ((3, 20), (6, 21), False), "SU": ((6, 21), (9, 23), False),
                "FA": ((9, 23), (12, 21), False), "WI": ((12, 21), (3, 20), True)}
# tolerance on both bounds when comparing intervals of fuzzy units
SLACK = {"season": timedelta(days=4), "partofday": timedelta(hours=3), "weekend": timedelta(hours=24)}
REF_TOKENS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
MONTHS_IN_UNIT = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
FIXED_UNITS = {"second": timedelta(seconds=1), "minute": timedelta(minutes=1),
               "hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}


@dataclass
class Reading:
    """What a value denotes. ``kind`` is one of: time, clock (a time of day without a date),
    ref (PRESENT_REF ...), underspecified (contains X), duration, set, unreadable."""

    kind: str
    start: datetime | None = None
    grain: str = ""
    code: str = ""      # part-of-day or season code (NI, SP), the ref token, or the raw value
    mod: str = ""       # TIMEX3 mod of a prediction

    @property
    def is_time(self) -> bool:
        """A located time: a start on the calendar or a clock time."""
        return self.kind in ("time", "clock") and self.start is not None

    def __str__(self) -> str:
        if self.kind in ("time", "clock"):
            shown = self.start.strftime("T%H:%M:%S") if self.kind == "clock" else self.start.isoformat()
            return f"{shown}@{self.grain}" + (f"[{self.code}]" if self.code else "")
        return self.code or self.kind


# ----------------------------------------------------------------------------- calendar helpers
def floor_to(moment: datetime, grain: str) -> datetime:
    """The first instant of the ``grain`` unit holding ``moment`` (unknown grains: the day)."""
    if grain == "second":
        return moment.replace(microsecond=0)
    if grain == "minute":
        return moment.replace(second=0, microsecond=0)
    if grain == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return day.replace(day=1, month=3 * ((day.month - 1) // 3) + 1)
    if grain == "half":
        return day.replace(day=1, month=1 if day.month < 7 else 7)
    if grain == "year":
        return day.replace(day=1, month=1)
    if grain == "decade":
        return day.replace(day=1, month=1, year=10 * (day.year // 10))
    if grain == "century":
        return day.replace(day=1, month=1, year=100 * (day.year // 100))
    return day


def step(moment: datetime, grain: str) -> datetime | None:
    """``moment`` plus one unit of ``grain``; None for units without a fixed length here."""
    if grain in FIXED_UNITS:
        return moment + FIXED_UNITS[grain]
    months = MONTHS_IN_UNIT.get(grain)
    if months is None:
        return None
    index = moment.month - 1 + months
    return moment.replace(year=moment.year + index // 12, month=index % 12 + 1)


def span_of(reading: Reading) -> tuple[datetime, datetime] | None:
    """The half-open interval a located reading covers, or None."""
    if reading.kind not in ("time", "clock") or reading.start is None:
        return None
    if reading.grain == "partofday":
        if reading.code not in DAY_PARTS:
            return None
        first, last = DAY_PARTS[reading.code]
        midnight = floor_to(reading.start, "day")
        return midnight + timedelta(hours=first), midnight + timedelta(hours=last)
    if reading.grain == "season":
        if reading.code not in SEASON_DATES:
            return None
        (m1, d1), (m2, d2), wraps = SEASON_DATES[reading.code]
        year = reading.start.year
        return datetime(year, m1, d1), datetime(year + wraps, m2, d2)
    if reading.grain == "weekend":
        saturday = floor_to(reading.start, "week") + timedelta(days=5)
        return saturday, saturday + timedelta(days=2)
    if reading.grain not in RANK:
        return None
    first = floor_to(reading.start, reading.grain)
    end = step(first, reading.grain)
    return (first, end) if end is not None else None


# ----------------------------------------------------------------------------- parsing
_CLOCK = re.compile(r"T(\d\d)(?::(\d\d))?(?::(\d\d))?")
_DAY_PART = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(MO|MI|AF|EV|NI|DT|AM|PM)")
_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d)(?::(\d\d))?(?::(\d\d))?(?:\.\d+)?)?(?:[+-]\d\d:?\d\d|Z)?")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(?:-(WE|\d))?")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_QUARTER_HALF = re.compile(r"(\d{4})-([QH])(\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_DIGITS = re.compile(r"\d{2,4}")


def _by_digits(hour: str | None, minute: str | None, second: str | None) -> str:
    if hour is None:
        return "day"
    if minute is None:
        return "hour"
    return "minute" if second is None else "second"


def read_value(value: str | None, grain: str = "") -> Reading | None:
    """Read a DATE/TIME TIMEX3 or ISO value; ``grain`` (when given) overrides the grain the
    digits imply for clock times and calendar dates. None when the value cannot be read."""
    text = (value or "").strip()
    if not text:
        return None
    if text in REF_TOKENS:
        return Reading("ref", grain="ref", code=text)
    if text.startswith("XXXX-XX-XXT") and _CLOCK.fullmatch(text[10:]):
        text = text[10:]  # a clock time written with an unknown date
    if "X" in text:
        return Reading("underspecified", code=text)
    if m := _CLOCK.fullmatch(text):
        hour, minute, second = m.groups()
        moment = datetime(2000, 1, 1, int(hour) % 24, int(minute or 0), int(second or 0))
        return Reading("clock", moment, grain or _by_digits(hour, minute, second))
    if m := _DAY_PART.fullmatch(text):
        year, month, day, code = m.groups()
        return Reading("time", datetime(int(year), int(month), int(day)), "partofday", code)
    if m := _DATETIME.fullmatch(text):
        year, month, day, hour, minute, second = m.groups()
        try:
            moment = datetime(int(year), int(month), int(day), int(hour or 0) % 24,
                              int(minute or 0), int(second or 0))
        except ValueError:
            return None
        moment += timedelta(days=int(hour or 0) // 24)  # T24:00 is the next midnight
        return Reading("time", moment, grain or _by_digits(hour, minute, second))
    if m := _WEEK.fullmatch(text):
        year, week, tail = m.groups()
        try:
            monday = datetime.combine(date.fromisocalendar(int(year), int(week), 1), datetime.min.time())
        except ValueError:
            return None
        if tail == "WE":
            return Reading("time", monday + timedelta(days=5), "weekend")
        if tail:
            return Reading("time", monday + timedelta(days=int(tail) - 1), "day")
        return Reading("time", monday, "week")
    if m := _SEASON.fullmatch(text):
        (first_month, first_day), _, _ = SEASON_DATES[m.group(2)]
        return Reading("time", datetime(int(m.group(1)), first_month, first_day), "season", m.group(2))
    if m := _QUARTER_HALF.fullmatch(text):
        year, unit, number = int(m.group(1)), m.group(2), int(m.group(3))
        months = 3 if unit == "Q" else 6
        if not 1 <= number <= 12 // months:
            return None
        return Reading("time", datetime(year, months * (number - 1) + 1, 1), "quarter" if unit == "Q" else "half")
    if m := _MONTH.fullmatch(text):
        if not 1 <= int(m.group(2)) <= 12:
            return None
        return Reading("time", datetime(int(m.group(1)), int(m.group(2)), 1), "month")
    if _DIGITS.fullmatch(text):
        number = int(text)
        if number == 0 and len(text) != 3:
            return None
        scale = {4: (1, "year"), 3: (10, "decade"), 2: (100, "century")}[len(text)]
        return Reading("time", datetime(max(1, number * scale[0]), 1, 1), scale[1])
    return None


_UNIT_DURATION = re.compile(r"P([\d.]+)(Q|H|DE|CE|ML)")
_ISO_DURATION = re.compile(
    r"P(?:([\d.]+)Y)?(?:([\d.]+)M)?(?:([\d.]+)W)?(?:([\d.]+)D)?(?:T(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?)?")
_MONTHS_IN = {"Q": 3, "H": 6, "DE": 120, "CE": 1200, "ML": 12000}


def read_duration(value: str | None) -> tuple[float, float, float] | None:
    """A duration as (months, days, seconds), or None when it is not one."""
    text = (value or "").strip()
    if m := _UNIT_DURATION.fullmatch(text):
        return float(m.group(1)) * _MONTHS_IN[m.group(2)], 0.0, 0.0
    m = _ISO_DURATION.fullmatch(text)
    if not m or not any(m.groups()):
        return None
    years, months, weeks, days, hours, minutes, seconds = (float(x) if x else 0.0 for x in m.groups())
    return 12 * years + months, 7 * weeks + days, 3600 * hours + 60 * minutes + seconds


def read_prediction(timex_type: str, value: str | None, mod: str | None = None) -> Reading:
    """What a tagger's TIMEX3 (type, value, mod) denotes."""
    if timex_type == "DURATION":
        return Reading("duration", code=value or "")
    if timex_type == "SET":
        return Reading("set", code=value or "")
    reading = read_value(value)
    if reading is None:
        return Reading("unreadable", code=value or "")
    reading.mod = mod or ""
    return reading


def grain_of(value: str | None) -> str:
    """The grain a TIMEX3 value is written at ("" when unknown). A clock time written ``hh:00``
    counts as an hour, as TIMEX3 annotators write "22 h" as ``T22:00``."""
    text = (value or "").strip()
    if not text:
        return ""
    if text.startswith("("):  # Recognizers-Text range "(start,end,duration)"
        return grain_of(text[1:].split(",")[0])
    if text in REF_TOKENS:
        return "ref"
    if m := re.fullmatch(r"P(T?)[\dX.]+([YMWDHSQ]|DE|CE|ML).*", text):
        if m.group(1):
            return {"H": "hour", "M": "minute", "S": "second"}.get(m.group(2), "")
        return {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter", "DE": "decade",
                "CE": "century", "ML": "millennium"}.get(m.group(2), "")
    if text.startswith("P"):
        return ""
    day_part, _, clock = text.partition("T")
    if clock:
        if clock in DAY_PARTS:
            return "partofday"
        fields = re.sub(r"[Z+-].*$", "", clock).split(":")
        if len(fields) == 2 and fields[1] == "00":
            return "hour"
        return ("hour", "minute", "second")[min(len(fields), 3) - 1]
    patterns = ((r"[\dX]{2}", "century"), (r"[\dX]{3}", "decade"), (r"[\dX]{4}", "year"),
                (r".*-W[\dX]{2}-WE", "weekend"), (r".*-W[\dX]{2}-[\dX]", "day"), (r".*-W[\dX]{2}", "week"),
                (r".*-(SP|SU|FA|WI)", "season"), (r".*-Q[\dX]", "quarter"), (r".*-H[\dX]", "half"),
                (r"[\dX]{4}-[\dX]{2}", "month"), (r"[\dX]{4}-[\dX]{2}-[\dX]{2}", "day"))
    for pattern, grain in patterns:
        if re.fullmatch(pattern, day_part):
            return grain
    return ""
