"""Typed values passed between the grammar, the discourse walk and the resolver."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Window:
    """A named part of the day or year, read from the lexicon: 'nuit' = NI 18:00-06:00."""

    code: str            # TIMEX3 code: NI, MO, AF, EV, MI / SP, SU, FA, WI
    start: str           # "HH:MM" (part of day) or "MM-DD" (season)
    end: str
    name: str = ""

    def label(self) -> str:
        return f"{self.name or self.code} {self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class PartialTime:
    """What a rule read, before any anchoring: only the fields the words gave."""

    kind: str = "point"          # point | duration | set | ref
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None   # ISO 1-7
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    pod: Window | None = None
    season: Window | None = None
    decade: int | None = None    # 199 for "les années 1990"
    century: int | None = None   # 19 for "le XXe siècle"
    unit: str | None = None      # period unit for shifts/durations: day, week, weekend, month, year, hour...
    shift: int | None = None     # signed count of units from the anchor (None: no shift)
    direction: str | None = None # past | future: "mardi dernier", "septembre prochain"
    anchor_kind: str = "absolute"  # absolute | deictic | anaphoric
    same: bool = False           # "le soir même": same day as the anchor
    mod: str | None = None       # START | MID | END | APPROX | ...
    amount: float | None = None  # durations: how many units
    ref: str | None = None       # PAST_REF | PRESENT_REF | FUTURE_REF
    set_value: str | None = None # SET value, e.g. XXXX-WXX-5
    since: bool = False          # "depuis trois semaines": the duration ends at the anchor
    start: PartialTime | None = None   # ranges: the first bound (self holds the last one)
    whole: bool = False          # ranges reported as one expression: value "first/last"
    approx_amount: bool = False  # "quelques jours": unknown count
    easter: int | None = None    # days after Easter Sunday (movable feasts)
    nth: int | None = None       # "le premier dimanche de mars": 1 (-1 for "dernier")
    offset: bool = False         # a counted shift ("il y a une semaine")
    grain_hint: str | None = None   # pack setting offset_week_grain: "day" reads week offsets as days
    then: tuple[int, str] | None = None   # "3 days after <date>": (signed count, unit) applied after resolving
    widen: str | None = None     # "the week of March 3": the resolved day widened to its "week"
    week: int | None = None      # "week 31": an ISO week number (of ``year``, else the reference's year)
    hence: int | None = None     # "lundi en huit": days added to the weekday on or after the reference
    within: PartialTime | None = None   # the period that gives the year (month): "the first quarter of next year"
    zone: str | None = None      # "8:00 PST": the zone a clock time was stated in ("-08:00" or an IANA name)
    feast: str | None = None     # a holiday: an id of resources/holidays.toml, "" for one the lexicon defines
    side: str | None = None      # "later this month": the part of the period "after" (or "before") the anchor


@dataclass(frozen=True, slots=True)
class Mention:
    """A span found by a rule, with what it read."""

    start: int
    end: int
    rule: str
    rule_index: int
    partial: PartialTime
    sent_idx: int = 0
    parts: tuple = ()      # ranges: ((start, end, PartialTime, bound), ...) reported separately
    bound: str | None = None   # one bound of a range reported as two mentions: "first" | "last"


@dataclass(frozen=True, slots=True)
class Resolved:
    type: str
    value: str | None
    mod: str | None
    earliest: datetime | None
    latest: datetime | None
    grain: str
    status: str = "resolved"
    reason: str | None = None
    day_window: str | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """What an expression is resolved against (chosen by the discourse walk)."""

    at: datetime        # local, tz-aware: the DCT, or the start of the anchoring mention
    grain: str          # "instant" for the DCT
