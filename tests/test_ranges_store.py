"""A range read end to end: two linked bounds in the timex rows, an event dated (and worded) by
the whole range in the event rows."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evdb.model import Document
from evdb.pipeline import analyze
from evdb.store.rows import event_rows, timex_id, timex_rows

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 2, 1, tzinfo=PARIS)


@pytest.mark.parametrize("lang,text,bounds,words", [
    ("fr", "Quinze jihadistes ont été arrêtés du 3 au 5 janvier près de Gao.", ("3", "5 janvier"), "3 au 5 janvier"),
    ("en", "Fifteen jihadists were arrested between January 3 and 5 near Gao.", ("January 3", "5"),
     "January 3 and 5"),
])
def test_range_rows_link_bounds_and_date_the_event_with_the_whole_range(lang, text, bounds, words):
    doc = Document("d1", "k1", text, lang, datetime(2024, 1, 24, 9, tzinfo=PARIS), "Europe/Paris")
    analysis = analyze(doc)
    rows = timex_rows(analysis, NOW)
    assert [r["text"] for r in rows] == list(bounds)
    first, last = rows
    assert (first["range_partner"], last["range_partner"]) == (last["timex_id"], first["timex_id"])
    assert first["timex_id"] == timex_id("d1", "t1")
    for r in rows:
        assert (r["range_start_local"], r["range_end_local"]) == (datetime(2024, 1, 3), datetime(2024, 1, 6))
    assert (first["earliest_local"], first["latest_local"]) == (datetime(2024, 1, 3), datetime(2024, 1, 4))
    event = event_rows(analysis, NOW)[0]
    assert (event["time_text"], event["time_value"]) == (words, "2024-01-03/2024-01-05")
    assert (event["earliest_local"], event["latest_local"]) == (datetime(2024, 1, 3), datetime(2024, 1, 6))


def test_a_lone_expression_keeps_its_own_words():
    text = "Quinze jihadistes ont été arrêtés le 3 janvier près de Gao."
    analysis = analyze(Document("d1", "k1", text, "fr", datetime(2024, 1, 24, 9, tzinfo=PARIS), "Europe/Paris"))
    (row,) = timex_rows(analysis, NOW)
    assert (row["range_partner"], row["range_start"], row["range_end"]) == (None, None, None)
    event = event_rows(analysis, NOW)[0]
    assert (event["time_text"], event["time_value"]) == ("le 3 janvier", "2024-01-03")
