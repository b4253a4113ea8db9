"""Timelines: bars on a shared axis, filters, plain-text rendering, date options."""
from __future__ import annotations

from datetime import datetime, timezone
from io import StringIO

import duckdb
import pytest
from click.testing import CliRunner
from rich.console import Console

from _report_data import make_db
from evdb.cli import cli
from evdb.errors import ReportError
from evdb.report.dates import parse_end, parse_start
from evdb.report.timeline import TimelineFilter, draw_bar, load_timeline

UTC = timezone.utc
NOW = datetime(2024, 2, 14, 9, 0, tzinfo=UTC)

SNAPSHOT = """\
Timeline
Date               Grain         Type        Actors         Place         Killed   2024-01-01           2024-02-01
──────────────────────────────────────────────────────────────────────────────────────────────────────────────────
2024-01            month         battle      FAMa → JNIM    Mopti             12   ███████████████████████████████
2024-01-22         day           explosion   ISGS           Menaka                                      █
2024-01-26 17:00   part_of_day   attack      JNIM → FAMa    Boulkessi   4 (4-11)                            ██
Axis 2024-01-01 00:00 to 2024-02-01 00:00 UTC, one character = 1 day.
1 matching event(s) have no bounded date and are not drawn (see the unresolved_dates query).
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("tl") / "tl.duckdb")


def render(obj, width=120) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, record=True)
    console.print(obj)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def test_plain_text_snapshot_with_fixed_width(db):
    with duckdb.connect(str(db), read_only=True) as con:
        timeline = load_timeline(con, TimelineFilter(), width=31)
    assert render(timeline) == SNAPSHOT


def test_a_night_and_a_month_have_different_bar_lengths(db):
    with duckdb.connect(str(db), read_only=True) as con:
        timeline = load_timeline(con, TimelineFilter(), width=62)
    bars = {item.event_id: timeline.bar(item).count("█") for item in timeline.items}
    assert bars["d1:e2"] == 62          # "en janvier": the whole axis
    assert bars["d2:e1"] == 2           # "lundi": one day = 2 characters of 12 hours
    assert 2 <= bars["d1:e1"] <= 3      # "la nuit suivante": 12 hours straddling two cells


def test_bar_marks_intervals_cut_by_the_axis():
    start, end = datetime(2024, 1, 10, tzinfo=UTC), datetime(2024, 1, 20, tzinfo=UTC)
    bar = draw_bar(datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC), start, end, 10)
    assert bar == "◂" + "█" * 8 + "▸"
    assert draw_bar(start, start, start, end, 10) == "█" + " " * 9   # an instant still shows


@pytest.mark.parametrize("flt, expected", [
    (TimelineFilter(actor="jnim"), ["d1:e2", "d1:e1"]),
    (TimelineFilter(place="menaka"), ["d2:e1"]),
    (TimelineFilter(event_type="attack"), ["d1:e1"]),
    (TimelineFilter(start=datetime(2024, 1, 23, tzinfo=UTC)), ["d1:e2", "d1:e1"]),
    (TimelineFilter(end=datetime(2024, 1, 22, tzinfo=UTC)), ["d1:e2"]),
], ids=["actor", "place", "type", "from", "to"])
def test_filters(db, flt, expected):
    with duckdb.connect(str(db), read_only=True) as con:
        timeline = load_timeline(con, flt)
    assert [item.event_id for item in timeline.items] == expected


def test_truncation_is_stated(db):
    with duckdb.connect(str(db), read_only=True) as con:
        timeline = load_timeline(con, TimelineFilter(), limit=1)
    assert timeline.truncated and len(timeline.items) == 1
    assert "Showing the first 1 of 3 events" in render(timeline)


@pytest.mark.parametrize("text, start, end", [
    ("2024-01", datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)),
    ("2024-01-26", datetime(2024, 1, 26, tzinfo=UTC), datetime(2024, 1, 27, tzinfo=UTC)),
    ("2024", datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)),
    ("2024-01-26T18:00+01:00", datetime(2024, 1, 26, 17, tzinfo=UTC), datetime(2024, 1, 26, 17, tzinfo=UTC)),
])
def test_iso_date_options(text, start, end):
    assert parse_start(text, ref=NOW) == start
    assert parse_end(text, ref=NOW) == end


@pytest.mark.parametrize("text, start, end", [
    ("last month", datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)),
    ("le mois dernier", datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)),
    ("yesterday", datetime(2024, 2, 13, tzinfo=UTC), datetime(2024, 2, 14, tzinfo=UTC)),
    ("la semaine dernière", datetime(2024, 2, 5, tzinfo=UTC), datetime(2024, 2, 12, tzinfo=UTC)),
    ("il y a 3 jours", datetime(2024, 2, 11, tzinfo=UTC), datetime(2024, 2, 12, tzinfo=UTC)),
])
def test_relative_date_options(text, start, end):
    assert parse_start(text, ref=NOW) == start
    assert parse_end(text, ref=NOW) == end


def test_unreadable_date_is_a_clear_error():
    with pytest.raises(ReportError, match="--from: cannot read 'the day after never'") as info:
        parse_start("the day after never", ref=NOW, option="--from")
    assert "ISO date" in info.value.hint


def test_cli_timeline_plain_output(db):
    result = CliRunner().invoke(cli, ["--db", str(db), "timeline", "--from", "2024-01-20",
                                      "--to", "2024-01-28", "--width", "36", "--actor", "FAMa"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "\x1b[" not in result.output
    assert lines[1].split()[:6] == ["Date", "Grain", "Type", "Actors", "Place", "Killed"]
    assert lines[1].rstrip().endswith("2024-01-20                2024-01-29")
    assert [line.split()[0] for line in lines[3:5]] == ["2024-01", "2024-01-26"]
    assert "◂" + "█" * 34 + "▸" in lines[3]


def test_cli_timeline_bad_date_exits_1(db):
    result = CliRunner().invoke(cli, ["--db", str(db), "timeline", "--from", "no such day"])
    assert result.exit_code == 1
    assert isinstance(result.exception, ReportError)


def test_cli_timeline_refuses_an_empty_window(db):
    result = CliRunner().invoke(cli, ["--db", str(db), "timeline", "--from", "2024-02", "--to", "2024-01"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "empty window: --from starts at 2024-02-01 00:00 UTC but --to ends at 2024-02-01 00:00 UTC" in str(
        result.exception)


def test_cli_relative_dates_use_the_clock_read_at_the_cli_edge(db, monkeypatch):
    from evdb.cli._common import AppContext

    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: datetime(2024, 2, 10, 9, 0, tzinfo=UTC)))
    result = CliRunner().invoke(cli, ["--db", str(db), "timeline", "--from", "le mois dernier",
                                      "--to", "le mois dernier", "--width", "31"])
    assert result.exit_code == 0, result.output
    assert "2024-01-01" + " " * 11 + "2024-02-01" in result.output
    assert [line.split()[0] for line in result.output.splitlines()[3:6]] == ["2024-01", "2024-01-22", "2024-01-26"]


def test_as_of_shows_what_the_database_held_then(db):
    from evdb.report.timeline import build_timeline

    before = build_timeline(db, as_of=datetime(2024, 1, 25, 7, 59, tzinfo=UTC))
    after = build_timeline(db, as_of=datetime(2024, 1, 25, 8, 0, tzinfo=UTC))
    assert (len(before.items), before.undated) == (0, 0)
    assert (len(after.items), after.undated) == (3, 1)
    assert "No dated events match." in render(before)


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_on_a_narrow_terminal_the_axis_narrows_and_nothing_is_cropped(db, width):
    with duckdb.connect(str(db), read_only=True) as con:
        timeline = load_timeline(con, TimelineFilter(), width=60)
    console = Console(file=StringIO(), width=width, color_system=None, record=True)
    fitted = timeline.fit(console)
    assert 10 <= fitted.width <= 60
    text = render(fitted, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    event_lines = [line for line in text.splitlines() if line[:4] == "2024"]
    assert len(event_lines) == 3 and all(("█" in line or "◂" in line or "▸" in line) for line in event_lines)
    assert all(word in text for word in ("Mopti", "Menaka", "Boulke", "JNIM", "ISGS"))  # may fold
    if width >= 160:
        assert fitted is timeline  # room enough: unchanged
