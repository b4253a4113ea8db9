"""A small hand-made database for the saved-query, guard, render and CLI tests.

Fixed rows (not extractor output) so the tests can state exact answers: three documents, one of
them revised (the first version said 5 killed, the second 7) and one removed; timexes of every
status including a PAST_REF; events dated to a day, a night, a week and not at all.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from evdb.store.db import connect, migrate

UTC = timezone.utc
V1 = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)     # first recording
V2 = datetime(2020, 1, 13, 9, 0, tzinfo=UTC)    # the revision of wire:1, and the removal of wire:3
INF = "infinity"


def _ts(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


DOCUMENTS = [
    # doc_id, article_key, source, lang, title, published, tz, change, recorded_from, recorded_to
    ("d1a", "wire:1", "wire", "fr", "Attaque près de Ménaka", "2018-01-28T13:05:00", "UTC", "new", V1, V2),
    ("d1b", "wire:1", "wire", "fr", "Attaque près de Ménaka (bilan revu)", "2018-01-28T13:05:00", "UTC", "revised", V2, INF),
    ("d2", "wire:2", "wire", "en", "Convoy hit by explosive device", "2018-01-29T08:00:00", "UTC", "new", V1, INF),
    ("d3", "blog:3", "blog", "en", "Withdrawn post", "2018-02-10T10:00:00", "UTC", "new", V1, V2),
]

TIMEXES = [
    # timex_id, doc_id, tid, text, value, earliest, latest, grain, rule, status, reason, recorded_from, recorded_to
    ("d1a:t1", "d1a", "t1", "vendredi 26 janvier", "2018-01-26", "2018-01-26", "2018-01-27", "day", "fr.weekday_date", "resolved", None, V1, V2),
    ("d1b:t1", "d1b", "t1", "vendredi 26 janvier", "2018-01-26", "2018-01-26", "2018-01-27", "day", "fr.weekday_date", "resolved", None, V2, INF),
    ("d1b:t2", "d1b", "t2", "la nuit suivante", "2018-01-26TNI", "2018-01-26T18:00:00", "2018-01-27T06:00:00", "part_of_day", "fr.night_after", "resolved", None, V2, INF),
    ("d1b:t3", "d1b", "t3", "récemment", "PAST_REF", None, None, "unbounded", "fr.vague_past", "resolved", None, V2, INF),
    ("d2:t1", "d2", "t1", "last week", "2018-W04", "2018-01-22", "2018-01-29", "week", "en.last_week", "resolved", None, V1, INF),
    ("d2:t2", "d2", "t2", "Tuesday 28 January", None, None, None, None, "en.weekday_date", "ambiguous", "weekday does not match 28 January 2018", V1, INF),
    ("d2:t3", "d2", "t3", "the day before", None, None, None, None, "en.day_before", "unresolved", "no earlier mention to anchor to", V1, INF),
]

EVENTS = [
    # event_id, doc_id, type, actor1, actor2, location, country, fatalities, low, high,
    # timex_id, time_text, earliest, latest, precision, recorded_from, recorded_to
    ("d1a:e1", "d1a", "battle", "Islamic State", "Malian army", "Ménaka", "Mali", 5, 5, 5,
     "d1a:t1", "vendredi 26 janvier", "2018-01-26", "2018-01-27", 1, V1, V2),
    ("d1b:e1", "d1b", "battle", "Islamic State", "Malian army", "Ménaka", "Mali", 7, 5, 9,
     "d1b:t1", "vendredi 26 janvier", "2018-01-26", "2018-01-27", 1, V2, INF),
    ("d1b:e2", "d1b", "explosion", "unidentified gunmen", None, "Ménaka", "Mali", None, None, None,
     "d1b:t2", "la nuit suivante", "2018-01-26T18:00:00", "2018-01-27T06:00:00", 1, V2, INF),
    ("d1b:e3", "d1b", "protest", None, None, "Bamako", "Mali", None, None, None,
     "d1b:t3", "récemment", None, None, None, V2, INF),
    ("d2:e1", "d2", "battle", "JNIM", "Burkinabe army", "Djibo", "Burkina Faso", 3, 2, 4,
     "d2:t1", "last week", "2018-01-22", "2018-01-29", 2, V1, INF),
]

EVENT_ACTORS = [
    # event_id, doc_id, role, name, surface, recorded_from, recorded_to
    ("d1b:e1", "d1b", "actor1", "Islamic State", "l'EIGS", V2, INF),
    ("d1b:e2", "d1b", "assoc_actor_1", "Islamic State in the Greater Sahara", "EIGS", V2, INF),
    ("d2:e1", "d2", "actor1", "JNIM", "Jama'at Nasr al-Islam", V1, INF),
]


def make_query_db(path: Path) -> Path:
    con = connect(path)
    try:
        migrate(con, now=V1)
        for doc in DOCUMENTS:
            con.execute(
                "INSERT INTO document_versions (doc_id, article_key, source, lang, title, published, tz, text, "
                "content_hash, change, recorded_from, recorded_to) VALUES (?, ?, ?, ?, ?, ?, ?, 'text', ?, ?, ?, ?)",
                [doc[0], doc[1], doc[2], doc[3], doc[4], _ts(doc[5]), doc[6], "h-" + doc[0], doc[7], doc[8], doc[9]])
        con.execute("INSERT INTO document_removals VALUES ('d3', 'blog:3', ?, 'withdrawn by the source')", [V2])
        for i, t in enumerate(TIMEXES):
            con.execute(
                "INSERT INTO timex_versions (timex_id, doc_id, tid, sent_idx, char_start, char_end, text, value, "
                "earliest, latest, earliest_local, latest_local, grain, rule, status, reason, anchor_kind, "
                "recorded_from, recorded_to) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'absolute', ?, ?)",
                [t[0], t[1], t[2], i * 10, i * 10 + 5, t[3], t[4], _ts(t[5]), _ts(t[6]),
                 None if t[5] is None else datetime.fromisoformat(t[5]),
                 None if t[6] is None else datetime.fromisoformat(t[6]), t[7], t[8], t[9], t[10], t[11], t[12]])
        for n, e in enumerate(EVENTS):
            con.execute(
                "INSERT INTO event_versions (event_id, doc_id, event_type, trigger, trigger_start, trigger_end, "
                "polarity, modality, actor1, actor2, location, country, fatalities, fatalities_low, "
                "fatalities_high, timex_id, time_text, earliest, latest, earliest_local, latest_local, "
                "time_precision, recorded_from, recorded_to) "
                "VALUES (?, ?, ?, 'attaque', ?, ?, 'positive', 'asserted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [e[0], e[1], e[2], n, n + 7, e[3], e[4], e[5], e[6], e[7], e[8], e[9], e[10], e[11],
                 _ts(e[12]), _ts(e[13]), None if e[12] is None else datetime.fromisoformat(e[12]),
                 None if e[13] is None else datetime.fromisoformat(e[13]), e[14], e[15], e[16]])
        for a in EVENT_ACTORS:
            con.execute("INSERT INTO event_actor_versions (event_id, doc_id, role, name, surface, recorded_from, "
                        "recorded_to) VALUES (?, ?, ?, ?, ?, ?, ?)", list(a))
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def query_db(tmp_path_factory) -> Path:
    """The hand-made database above (read-only for tests)."""
    return make_query_db(tmp_path_factory.mktemp("query_db") / "queries.duckdb")
