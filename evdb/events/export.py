"""Export events in the layouts analysts already use.

- ``acled``: ACLED-style CSV: one point date (``event_date``) plus ``time_precision``; the lowest
  reported fatality figure; ACLED event/sub-event labels from the taxonomy crosswalk.
- ``ucdp``: UCDP GED-style CSV: ``date_start``/``date_end`` (inclusive days), ``date_prec``, and
  ``best``/``low``/``high``.
- ``plover-jsonl``: PLOVER-style JSON lines (``id``, ``date``, ``enddate``, ``event``, ``mode``,
  actors, ``location``, ``text_info``, ``cite_info``).
- ``parquet``: every column of the ``events`` view.

By default only current, positive, asserted events are written (facts); ``include_all`` keeps
negated, hypothetical and reported ones (their ``polarity``/``modality`` columns say which).
"""
from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

from evdb.errors import EvdbError
from evdb.events.resources import taxonomy
from evdb.events.taxonomy import acled_labels

FORMATS = ("acled", "ucdp", "plover-jsonl", "parquet")
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities")
UCDP_COLUMNS = ("id", "year", "type_of_violence", "side_a", "side_b", "country", "adm_1", "where_coordinates",
                "latitude", "longitude", "where_prec", "date_start", "date_end", "date_prec", "best", "low", "high",
                "source_headline", "source_article")


def fetch(con, include_all: bool = False) -> list[dict[str, Any]]:
    view = "events" if include_all else "event_facts"   # facts: positive and asserted (schema/011)
    rel = con.execute(f"""
        SELECT e.*, d.title AS doc_title, d.source AS doc_source, d.url AS doc_url
        FROM {view} e LEFT JOIN documents d USING (doc_id)
        ORDER BY e.earliest_local NULLS LAST, e.event_id""")
    cols = [c[0] for c in rel.description]
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def export_events(con, fmt: str, out: IO, include_all: bool = False) -> int:
    """Write events to ``out`` (text stream; binary for parquet); returns the number of rows."""
    if fmt not in FORMATS:
        raise EvdbError(f"unknown export format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _parquet(con, out, include_all)
    rows = fetch(con, include_all)
    if fmt == "acled":
        _csv(out, ACLED_COLUMNS, (acled_row(r) for r in rows))
    elif fmt == "ucdp":
        _csv(out, UCDP_COLUMNS, (ucdp_row(r) for r in rows))
    else:
        for r in rows:
            out.write(json.dumps(plover_row(r), ensure_ascii=False, default=str) + "\n")
    return len(rows)


def point_date(earliest: datetime | None, latest: datetime | None, precision: int | None) -> date | None:
    """ACLED's one date: the day itself when day-precise, else the middle of the interval."""
    if earliest is None:
        return None
    if precision == 1 or latest is None:
        return earliest.date()
    return (earliest + (latest - earliest) / 2).date()


def acled_precision(precision: int | None) -> int | None:
    """ACLED's time_precision has three codes (1 day, 2 week or a few days, 3 month or longer):
    evdb's coarser grains (4 = year and beyond) are written as 3."""
    return None if precision is None else min(precision, 3)


def last_day(latest: datetime | None, earliest: datetime | None) -> date | None:
    """The last calendar day an interval ``[earliest, latest)`` touches (UCDP dates are inclusive)."""
    if latest is None:
        return None
    end = latest - timedelta(microseconds=1) if latest.time() == datetime.min.time() else latest
    return max(end.date(), earliest.date()) if earliest else end.date()


def ucdp_date_prec(start: date | None, end: date | None) -> int | None:
    """UCDP date_prec: 1 exact day, 2 up to 6 days, 3 a week, 4 a month, 5 longer."""
    if start is None or end is None:
        return None
    days = (end - start).days + 1
    return 1 if days <= 1 else 2 if days <= 6 else 3 if days <= 8 else 4 if days <= 31 else 5


def acled_row(r: dict) -> dict:
    ev, sub = _labels(r)
    day = point_date(r["earliest_local"], r["latest_local"], r["time_precision"])
    low = r["fatalities_low"] if r["fatalities_low"] is not None else r["fatalities"]
    return {"event_id_cnty": r["event_id"], "event_date": day.isoformat() if day else "",
            "year": day.year if day else "", "time_precision": acled_precision(r["time_precision"]), "event_type": ev,
            "sub_event_type": sub, "actor1": r["actor1"] or "", "actor2": r["actor2"] or "",
            "country": r["country"] or "", "admin1": r["admin1"] or "", "admin2": r["admin2"] or "",
            "location": r["location"] or "", "latitude": r["latitude"], "longitude": r["longitude"],
            "geo_precision": r["geo_precision"], "source": r["doc_source"] or "", "notes": r["sentence"] or "",
            "fatalities": low if low is not None else 0}


def ucdp_row(r: dict) -> dict:
    start = r["earliest_local"].date() if r["earliest_local"] else None
    end = last_day(r["latest_local"], r["earliest_local"])
    info = taxonomy().get((r["event_type"], r["sub_event_type"] or ""), {})
    coords = f"{r['location']} ({r['admin1'] or ''}, {r['country'] or ''})" if r["location"] else ""
    return {"id": r["event_id"], "year": start.year if start else "", "type_of_violence": info.get("ucdp", ""),
            "side_a": r["actor1"] or "", "side_b": r["actor2"] or "", "country": r["country"] or "",
            "adm_1": r["admin1"] or "", "where_coordinates": coords, "latitude": r["latitude"],
            "longitude": r["longitude"], "where_prec": r["geo_precision"],
            "date_start": start.isoformat() if start else "", "date_end": end.isoformat() if end else "",
            "date_prec": ucdp_date_prec(start, end), "best": r["fatalities"], "low": r["fatalities_low"],
            "high": r["fatalities_high"], "source_headline": r["doc_title"] or "", "source_article": r["doc_url"] or ""}


def plover_row(r: dict) -> dict:
    info = taxonomy().get((r["event_type"], r["sub_event_type"] or ""), {})
    start = r["earliest_local"].date() if r["earliest_local"] else None
    end = last_day(r["latest_local"], r["earliest_local"])
    return {
        "id": r["event_id"], "date": start.isoformat() if start else None,
        "enddate": end.isoformat() if end and end != start else None,
        "event": info.get("plover"), "mode": info.get("plover_mode"), "context": [r["event_type"]],
        "polarity": r["polarity"], "modality": r["modality"],
        "actor1": r["actor1"], "actor2": r["actor2"],
        "location": {"name": r["location"], "admin1": r["admin1"], "country": r["country"],
                     "lat": r["latitude"], "lon": r["longitude"], "geo_precision": r["geo_precision"]},
        "fatalities": {"best": r["fatalities"], "low": r["fatalities_low"], "high": r["fatalities_high"]},
        "text_info": {"sentence": r["sentence"], "trigger": r["trigger"], "doc_id": r["doc_id"],
                      "title": r["doc_title"], "url": r["doc_url"]},
        "cite_info": {"codebook": "evdb (ACLED-like, see evdb/resources/taxonomy.toml)", "version": _version()},
    }


def _parquet(con, out: IO, include_all: bool) -> int:
    import pyarrow.parquet as pq

    view = "events" if include_all else "event_facts"
    table = con.sql(f"SELECT * FROM {view} ORDER BY earliest_local NULLS LAST, event_id").to_arrow_table()
    pq.write_table(table, out)
    return table.num_rows


def _labels(r: dict) -> tuple[str, str]:
    """ACLED labels of a row's type; a type outside the taxonomy keeps its own names."""
    ev, sub = acled_labels(r["event_type"], r["sub_event_type"])
    if ev is None:
        return r["event_type"], r["sub_event_type"] or ""
    return ev, sub


def _csv(out: IO, columns: tuple[str, ...], rows) -> None:
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: "" if v is None else v for k, v in row.items()})


def _version() -> str:
    try:
        return version("evdb")
    except PackageNotFoundError:
        return "0"
