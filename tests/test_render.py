"""Rendering a QueryResult: every format readable by its standard reader; the rich table as text."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone
from decimal import Decimal
from io import StringIO

import pyarrow.parquet as pq
import pytest
from rich.console import Console

from evdb.queries.run import QueryResult
from evdb.render import THEME, TEXT_WRITERS, readable, write_parquet

UTC = timezone.utc
RESULT = QueryResult(
    title="Sample",
    columns=["event_type", "fatalities", "earliest", "day", "share", "note"],
    types=["VARCHAR", "INTEGER", "TIMESTAMP WITH TIME ZONE", "DATE", "DECIMAL(5,2)", "VARCHAR"],
    rows=[
        ("battle", 7, datetime(2018, 1, 26, 18, 0, tzinfo=UTC), date(2018, 1, 26), Decimal("0.50"),
         "Quatre de ses lieutenants et sept de ses compagnons, a dit un témoin | pipe " * 2),
        ("explosion", None, None, None, None, None),
    ],
    truncated=True, limit=2, total_rows=5,
)


def render_text(result, width=100) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, record=True, theme=THEME)
    console.print(result)
    return console.export_text()


def write(fmt: str) -> str:
    out = io.StringIO()
    TEXT_WRITERS[fmt](RESULT, out)
    return out.getvalue()


def test_json_is_an_array_of_objects_with_iso_dates():
    data = json.loads(write("json"))
    assert isinstance(data, list) and len(data) == 2
    assert data[0]["earliest"] == "2018-01-26T18:00:00+00:00" and data[0]["day"] == "2018-01-26"
    assert data[0]["share"] == 0.5 and data[0]["fatalities"] == 7
    assert data[1] == {"event_type": "explosion", "fatalities": None, "earliest": None, "day": None,
                       "share": None, "note": None}


def test_jsonl_is_one_object_per_line():
    lines = write("jsonl").splitlines()
    assert [json.loads(line)["event_type"] for line in lines] == ["battle", "explosion"]


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_round_trip_through_the_csv_module(fmt, delimiter):
    rows = list(csv.reader(io.StringIO(write(fmt)), delimiter=delimiter))
    assert rows[0] == RESULT.columns
    assert rows[1][:5] == ["battle", "7", "2018-01-26T18:00:00+00:00", "2018-01-26", "0.50"]
    assert rows[1][5] == RESULT.rows[0][5]  # commas, pipes and accents survive
    assert rows[2] == ["explosion", "", "", "", "", ""]


def test_markdown_has_header_separator_and_escaped_pipes():
    lines = write("markdown").splitlines()
    assert lines[0] == "| event_type | fatalities | earliest | day | share | note |"
    assert lines[1] == "|---|---:|---|---|---:|---|"
    assert len(lines) == 4
    assert "\\|" in lines[2] and lines[2].count(" | ") == 5


def test_parquet_is_read_back_by_pyarrow(tmp_path):
    path = tmp_path / "out.parquet"
    with open(path, "wb") as fh:
        write_parquet(RESULT, fh)
    table = pq.read_table(path)
    assert table.column_names == RESULT.columns
    assert table.column("fatalities").to_pylist() == [7, None]
    assert table.column("earliest").to_pylist()[0] == datetime(2018, 1, 26, 18, 0, tzinfo=UTC)


def test_table_shows_dates_readably_nulls_and_right_aligned_numbers():
    text = render_text(RESULT)
    assert "2018-01-26 18:00 UTC" in text and "2018-01-26" in text
    assert "NULL" in text
    battle = next(line for line in text.splitlines() if "battle" in line)
    cells = [c for c in battle.split("│")]
    assert cells[2].endswith(" 7 ")  # right-aligned number
    assert "explosion" in text


def test_table_wraps_long_text_and_notes_truncation_in_the_caption():
    text = render_text(RESULT)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Quatre de ses" in text and "compagnons" in text  # wrapped, not cut
    assert "showing the first 2 of 5 rows (--limit 2; --limit 0 shows all)" in " ".join(text.split())


def test_empty_result_says_no_rows():
    empty = QueryResult("Nothing", ["a"], ["INTEGER"], [])
    assert "no rows" in render_text(empty)


def test_rich_protocol_renders_a_table():
    from rich.table import Table

    from evdb.render import result_table
    assert isinstance(result_table(RESULT), Table)
    assert "┃ event_type" in render_text(RESULT, width=200)


WIDE = QueryResult(  # the shape of fatalities_by_place_month: short text, long numeric headers
    title="Fatalities by place and month",
    columns=["country", "admin1", "location", "month", "events", "fatalities_low", "fatalities_best",
             "fatalities_high", "events_without_count"],
    types=["VARCHAR"] * 4 + ["BIGINT"] * 5,
    rows=[("Iraq", "Nineveh", "Mosul", "2017-04", 1, 14, 14, 14, 0),
          ("Niger", "Tahoua", "Tahoua", "2017-06", 3, 6, 7, 912, 2),
          ("Syria", "Idlib", "Atarib", "2017-11", 4, 9, 9, 21, 3)],
)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
def test_a_wide_result_never_loses_a_column_on_a_narrow_terminal(width):
    """rich crops the right-hand columns or crushes text to one letter a line when a table is too
    wide; evdb folds, drops vertical rules, or shows one block per row instead."""
    text = render_text(WIDE, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    words = text.split()
    for row in WIDE.rows:
        for value in row:
            assert str(value) in words, (value, width, text)
    if width >= 200:
        assert "┃ country" in text  # room enough: the plain table
    if width <= 60:
        assert "row 3" in text and "events_without_count" in words  # blocks of column  value


@pytest.mark.parametrize("value, text", [
    (datetime(2018, 1, 26, 18, 0, tzinfo=UTC), "2018-01-26 18:00 UTC"),
    (datetime(2018, 1, 26, 18, 0, 5), "2018-01-26 18:00:05"),
    (date(2018, 1, 26), "2018-01-26"),
    (12345, "12,345"), (2.5, "2.5"), (0.0, "0"), (0.00002, "2e-05"), (1234.56789, "1,234.5679"),
    (True, "true"), ([1, 2], "[1, 2]"),
    (datetime.max, "infinity"), (datetime.min, "-infinity"), (date.max, "infinity"),  # DuckDB's infinities
])
def test_readable_cells(value, text):
    assert readable(value) == text


def test_infinite_times_are_written_as_infinity_not_year_9999():
    """recorded_to = 'infinity' (a current row) reaches Python as datetime.max."""
    result = QueryResult("t", ["recorded_to"], ["TIMESTAMP WITH TIME ZONE"], [(datetime.max,)])
    out = io.StringIO()
    TEXT_WRITERS["json"](result, out)
    assert json.loads(out.getvalue()) == [{"recorded_to": "infinity"}]
    out = io.StringIO()
    TEXT_WRITERS["csv"](result, out)
    assert out.getvalue().splitlines() == ["recorded_to", "infinity"]
    assert "9999" not in render_text(result)
