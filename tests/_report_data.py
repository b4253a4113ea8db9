"""A small hand-made events database for the timeline, chart and report tests.

Built by migrating a fresh DuckDB file (schema/*.sql) and inserting a few rows, so the
rendering tests have fixed data that does not move when the extractors improve.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from evdb.store.db import connect, migrate

UTC = timezone.utc
RECORDED = datetime(2024, 1, 25, 8, 0, tzinfo=UTC)

# (event_id, event_type, actor1, actor2, location, fatalities, low, high, earliest, latest, grain, time_text)
EVENTS = [
    ("d1:e1", "attack", "JNIM", "FAMa", "Boulkessi", 4, 4, 11,
     datetime(2024, 1, 26, 17, 0, tzinfo=UTC), datetime(2024, 1, 27, 5, 0, tzinfo=UTC), "part_of_day",
     "la nuit suivante"),
    ("d1:e2", "battle", "FAMa", "JNIM", "Mopti", 12, 12, 12,
     datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC), "month", "en janvier"),
    ("d2:e1", "explosion", "ISGS", None, "Menaka", None, None, None,
     datetime(2024, 1, 22, tzinfo=UTC), datetime(2024, 1, 23, tzinfo=UTC), "day", "lundi"),
    ("d2:e2", "protest", None, None, "Bamako", None, None, None, None, None, None, "récemment"),
]


def make_db(path: Path, events=EVENTS, recorded: datetime = RECORDED) -> Path:
    con = connect(path)
    try:
        migrate(con, now=recorded)
        add_events(con, events, recorded)
    finally:
        con.close()
    return path


def add_events(con, events, recorded: datetime) -> None:
    for doc_id in sorted({e[0].split(":")[0] for e in events}):
        con.execute(
            "INSERT INTO document_versions (doc_id, article_key, source, title, lang, published, tz, text,"
            " content_hash, change, recorded_from) VALUES (?, ?, 'test wire', ?, 'fr', ?, 'UTC', 'x', ?, 'new', ?)",
            [doc_id, doc_id, f"Article {doc_id}", recorded, doc_id, recorded])
    for (eid, etype, a1, a2, place, fat, low, high, earliest, latest, grain, ttext) in events:
        doc_id = eid.split(":")[0]
        timex_id = f"{doc_id}:t{eid.split(':e')[1]}"
        con.execute(
            "INSERT INTO timex_versions (timex_id, doc_id, tid, char_start, char_end, text, earliest,"
            " latest, grain, status, recorded_from) VALUES (?, ?, ?, 0, 1, ?, ?, ?, ?, ?, ?)",
            [timex_id, doc_id, timex_id.split(":")[1], ttext, earliest, latest, grain or "unbounded",
             "resolved" if earliest else "unresolved", recorded])
        local = earliest.replace(tzinfo=None) if earliest else None
        con.execute(
            "INSERT INTO event_versions (event_id, doc_id, event_type, trigger, trigger_start, trigger_end,"
            " polarity, modality, actor1, actor2, location, country, fatalities, fatalities_low,"
            " fatalities_high, timex_id, time_text, earliest, latest, earliest_local, recorded_from)"
            " VALUES (?, ?, ?, 'x', 0, 1, 'positive', 'asserted', ?, ?, ?, 'Mali', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [eid, doc_id, etype, a1, a2, place, fat, low, high, timex_id, ttext, earliest, latest, local,
             recorded])
        for role, name in (("actor1", a1), ("actor2", a2)):
            if name:
                con.execute("INSERT INTO event_actor_versions (event_id, doc_id, role, name, surface,"
                            " recorded_from) VALUES (?, ?, ?, ?, ?, ?)", [eid, doc_id, role, name, name, recorded])
