"""Timelines: events in time order, each with a bar showing its ``[earliest, latest)`` interval.

The bar is drawn on one time axis shared by every line, so an event dated "la nuit suivante"
(12 hours) and one dated "en janvier" (a month) look different at a glance. ``load_timeline``
reads the ``events`` view through an open connection (so ``--as-of`` applies); ``Timeline``
renders itself with rich (``__rich__``) and is also what the HTML report draws as SVG.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

DEFAULT_WIDTH = 40
DEFAULT_LIMIT = 200
FLEX_FLOORS = (10, 14, 9)  # narrowest Type, Actors and Place when a terminal is too narrow
TIGHT_FLOORS = (8, 10, 8)  # ... and on a very narrow one, where Date and Grain fold too (10, 6)


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What to show. Text filters match case-insensitively as substrings; bounds are half-open."""

    actor: str | None = None
    place: str | None = None
    event_type: str | None = None
    start: datetime | None = None            # occurrence window: events whose interval intersects it
    end: datetime | None = None
    recorded_since: datetime | None = None   # system time: only rows that entered the db in [since, until)
    recorded_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class TimelineItem:
    event_id: str
    doc_id: str
    event_type: str
    actor1: str | None
    actor2: str | None
    place: str | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    earliest: datetime                        # UTC
    latest: datetime                          # UTC, exclusive
    local_start: datetime | None              # earliest as wall-clock time in the document's zone
    grain: str
    time_text: str | None

    @property
    def date_label(self) -> str:
        return format_start(self.local_start or self.earliest.replace(tzinfo=None), self.grain)

    @property
    def actors_label(self) -> str:
        if self.actor1 and self.actor2:
            return f"{self.actor1} → {self.actor2}"
        return self.actor1 or (f"→ {self.actor2}" if self.actor2 else "")

    @property
    def fatalities_label(self) -> str:
        if self.fatalities is None and self.fatalities_low is None:
            return ""
        best = self.fatalities if self.fatalities is not None else self.fatalities_low
        low = self.fatalities_low if self.fatalities_low is not None else best
        high = self.fatalities_high if self.fatalities_high is not None else best
        return str(best) if low == best == high else f"{best} ({low}-{high})"


@dataclass(frozen=True, slots=True)
class Timeline:
    items: tuple[TimelineItem, ...]
    axis_start: datetime | None
    axis_end: datetime | None
    width: int = DEFAULT_WIDTH
    undated: int = 0                          # matching events without a bounded interval (not drawn)
    total: int = 0                            # matching dated events before the limit
    title: str = "Timeline"
    notes: tuple[str, ...] = field(default_factory=tuple)
    widths: tuple[int, ...] | None = None     # set by fit(): text widths of the six columns before the axis

    @property
    def truncated(self) -> bool:
        return self.total > len(self.items)

    def bar(self, item: TimelineItem) -> str:
        """The item's interval as a row of ``width`` characters on the shared axis."""
        return draw_bar(item.earliest, item.latest, self.axis_start, self.axis_end, self.width)

    def axis_label(self) -> str:
        if self.axis_start is None or self.axis_end is None:
            return ""
        left = f"{self.axis_start:%Y-%m-%d}"
        right = f"{self.axis_end:%Y-%m-%d}"
        if len(left) + len(right) + 1 > self.width:
            return left[: self.width]
        return left + " " * (self.width - len(left) - len(right)) + right

    def footer(self, axis: bool = True) -> list[str]:
        lines = list(self.notes)
        if axis and self.axis_start is not None and self.axis_end is not None and self.items:
            step = (self.axis_end - self.axis_start) / self.width
            lines.append(f"Axis {self.axis_start:%Y-%m-%d %H:%M} to {self.axis_end:%Y-%m-%d %H:%M} UTC, "
                         f"one character = {format_span(step)}.")
        if self.truncated:
            lines.append(f"Showing the first {len(self.items)} of {self.total} events (raise --limit to see more).")
        if self.undated:
            lines.append(f"{self.undated} matching event(s) have no bounded date and are not drawn "
                         "(see the unresolved_dates query).")
        if not self.items:
            lines.append("No dated events match.")
        return lines

    def __rich__(self) -> Group:
        return Group(self.table(), *(Text(line, style="dim") for line in self.footer()))

    def fit(self, console) -> "Timeline":
        """This timeline laid out for ``console.width`` columns without cropping. When the natural
        layout is wider, evdb sets the widths itself (rich would fold every text column to the
        same width): Date, Grain and Killed keep theirs, the axis takes what Type, Actors and
        Place leave at their floors (FLEX_FLOORS), at most ``width`` and at least 10, and those
        three share the rest in proportion to their natural widths. On a very narrow terminal
        Date and Grain fold too (10 and 6 characters) and the floors are TIGHT_FLOORS."""
        from dataclasses import replace

        from rich.measure import Measurement

        wide = console.options.update(width=10_000)
        table = self.table()
        natural = Measurement.get(console, wide, table).maximum
        if natural <= console.width:
            return self  # nothing needs folding
        try:  # rich's own column measures (private API): if they change, keep the natural layout
            measured = [table._measure_column(console, wide, c).maximum for c in table.columns]
            content = [m - table._get_padding_width(i) for i, m in enumerate(measured)]
        except AttributeError:
            return self
        overhead = natural - sum(content)  # rules and padding
        for date_w, grain_w, flex_floors in ((content[0], content[1], FLEX_FLOORS), (10, 6, TIGHT_FLOORS)):
            date_w, grain_w = min(date_w, content[0]), min(grain_w, content[1])
            floors = [min(content[i], flex_floors[k]) for k, i in enumerate((2, 3, 4))]
            room = console.width - overhead - date_w - grain_w - content[5]  # for Type, Actors, Place, axis
            if room - sum(floors) >= 10:
                break
        axis = max(10, min(self.width, room - sum(floors)))
        spare = max(0, room - axis - sum(floors))
        wants = [content[i] - f for f, i in zip(floors, (2, 3, 4))]
        extra = [spare * w // max(1, sum(wants)) if sum(wants) > spare else w for w in wants]
        flex = tuple(f + e for f, e in zip(floors, extra))
        return replace(self, width=axis, widths=(date_w, grain_w, *flex, content[5]))

    def table(self) -> Table:
        table = Table(title=self.title or None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                      title_justify="left")
        widths = self.widths or (None,) * 6  # set by fit(): Date, Grain, Type, Actors, Place, Killed
        fold = self.widths is not None
        table.add_column("Date", no_wrap=not fold, overflow="fold", style="cyan", width=widths[0])
        table.add_column("Grain", no_wrap=not fold, overflow="fold", style="dim", width=widths[1])
        table.add_column("Type", no_wrap=not fold, overflow="fold", width=widths[2])
        table.add_column("Actors", overflow="fold", min_width=None if fold else 12, width=widths[3])
        table.add_column("Place", overflow="fold", min_width=None if fold else 9, width=widths[4])
        table.add_column("Killed", justify="right", no_wrap=True, width=widths[5])
        table.add_column(self.axis_label(), no_wrap=True, min_width=self.width, max_width=self.width,
                         style="magenta")
        for item in self.items:
            table.add_row(item.date_label, item.grain, item.event_type, item.actors_label,
                          item.place or "", item.fatalities_label, self.bar(item))
        return table


def draw_bar(earliest: datetime, latest: datetime, start: datetime | None, end: datetime | None,
             width: int) -> str:
    """Columns covered by ``[earliest, latest)`` on an axis of ``width`` characters over
    ``[start, end)``; always at least one character; ``◂``/``▸`` mark intervals cut by the axis."""
    if start is None or end is None or end <= start:
        return "█".center(width)
    span = (end - start).total_seconds()
    c0 = math.floor((earliest - start).total_seconds() / span * width)
    c1 = math.ceil((latest - start).total_seconds() / span * width)
    cut_left, cut_right = c0 < 0, c1 > width
    c0, c1 = max(0, min(c0, width - 1)), max(1, min(c1, width))
    c1 = max(c1, c0 + 1)
    cells = [" "] * width
    for i in range(c0, c1):
        cells[i] = "█"
    if cut_left:
        cells[0] = "◂"
    if cut_right:
        cells[width - 1] = "▸"
    return "".join(cells)


def format_start(local: datetime, grain: str) -> str:
    """The start of an interval written at its grain: 2024-01, 2024-W04, 2024-01-26, 2024-01-26 18:00."""
    if grain in ("year", "decade", "century"):
        return f"{local:%Y}"
    if grain in ("month", "season", "quarter"):
        return f"{local:%Y-%m}"
    if grain in ("week", "weekend"):
        iso = local.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if grain in ("minute", "hour", "part_of_day"):
        return f"{local:%Y-%m-%d %H:%M}"
    return f"{local:%Y-%m-%d}"


def format_span(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            value = seconds / size
            text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
            return f"{text} {unit}{'' if text == '1' else 's'}"
    return f"{seconds:.0f} seconds"


def grain_of(earliest: datetime, latest: datetime) -> str:
    """A grain for an interval whose expression did not record one (by its length)."""
    hours = (latest - earliest).total_seconds() / 3600
    for limit, grain in ((1, "hour"), (13, "part_of_day"), (24, "day"), (24 * 7, "week"),
                         (24 * 31, "month"), (24 * 366, "year")):
        if hours <= limit:
            return grain
    return "unbounded"


_WHERE = """
  ($actor IS NULL OR e.actor1 ILIKE $actor OR e.actor2 ILIKE $actor OR EXISTS (
        SELECT 1 FROM event_actors a WHERE a.event_id = e.event_id
          AND (a.name ILIKE $actor OR a.surface ILIKE $actor)))
  AND ($place IS NULL OR e.location ILIKE $place OR e.admin1 ILIKE $place OR e.admin2 ILIKE $place
       OR e.country ILIKE $place)
  AND ($type IS NULL OR e.event_type ILIKE $type OR e.sub_event_type ILIKE $type)
  AND ($rsince IS NULL OR e.recorded_from >= $rsince)
  AND ($runtil IS NULL OR e.recorded_from < $runtil)
"""

_DATED = """
  AND e.earliest IS NOT NULL AND e.latest IS NOT NULL
  AND ($start IS NULL OR e.latest > $start) AND ($end IS NULL OR e.earliest < $end)
"""


def _params(flt: TimelineFilter, dated: bool) -> dict:
    def like(value: str | None) -> str | None:
        return None if not value else f"%{value}%"

    params = {"actor": like(flt.actor), "place": like(flt.place),
              "type": flt.event_type or None, "rsince": flt.recorded_since, "runtil": flt.recorded_until}
    if dated:
        params |= {"start": flt.start, "end": flt.end}
    return params


def load_timeline(con, flt: TimelineFilter = TimelineFilter(), *, width: int = DEFAULT_WIDTH,
                  limit: int | None = DEFAULT_LIMIT, title: str = "Timeline") -> Timeline:
    """Read the events matching ``flt`` from an open DuckDB connection (``events`` view)."""
    if width < 10:
        raise ValueError("timeline width must be at least 10 characters")
    sql = f"""
      SELECT e.event_id, e.doc_id, e.event_type, e.actor1, e.actor2,
             coalesce(e.location, e.admin1, e.country) AS place,
             e.fatalities, e.fatalities_low, e.fatalities_high,
             timezone('UTC', e.earliest) AS earliest, timezone('UTC', e.latest) AS latest,
             e.earliest_local, t.grain, e.time_text
      FROM event_facts AS e LEFT JOIN timexes AS t ON t.timex_id = e.timex_id
      WHERE {_WHERE} {_DATED}
      ORDER BY e.earliest, e.latest, e.event_id"""
    dated_params = _params(flt, dated=True)
    total = con.execute(f"SELECT count(*) FROM event_facts AS e WHERE {_WHERE} {_DATED}", dated_params).fetchone()[0]
    cursor = con.execute(sql + (f" LIMIT {int(limit)}" if limit is not None else ""), dated_params)
    rows = cursor.fetchall()
    undated = con.execute(
        f"SELECT count(*) FROM event_facts AS e WHERE {_WHERE} AND (e.earliest IS NULL OR e.latest IS NULL)",
        _params(flt, dated=False)).fetchone()[0]
    items = []
    for (event_id, doc_id, etype, a1, a2, place, fat, low, high, earliest, latest, local, grain,
         ttext) in rows:
        earliest = earliest.replace(tzinfo=timezone.utc)
        latest = latest.replace(tzinfo=timezone.utc)
        items.append(TimelineItem(event_id, doc_id, etype, a1, a2, place, fat, low, high, earliest,
                                  latest, local, grain or grain_of(earliest, latest), ttext))
    start = flt.start.astimezone(timezone.utc) if flt.start else (
        min(i.earliest for i in items) if items else None)
    end = flt.end.astimezone(timezone.utc) if flt.end else (
        max(i.latest for i in items) if items else None)
    return Timeline(tuple(items), start, end, width=width, undated=int(undated), total=int(total),
                    title=title)


def build_timeline(db_path, flt: TimelineFilter = TimelineFilter(), *, as_of: datetime | None = None,
                   width: int = DEFAULT_WIDTH, limit: int | None = DEFAULT_LIMIT,
                   title: str = "Timeline") -> Timeline:
    """Open the database read-only (rows as of ``as_of`` when given) and load the timeline."""
    from evdb.store.db import opened, set_as_of

    with opened(db_path, read_only=True) as con:
        set_as_of(con, as_of)
        return load_timeline(con, flt, width=width, limit=limit, title=title)
