"""Charts: pivoting a query result, the terminal view, SVG files, PNG without matplotlib."""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from io import StringIO

import pytest
from click.testing import CliRunner
from rich.console import Console

from _report_data import make_db
from evdb.cli import cli
from evdb.errors import ReportError
from evdb.queries.run import QueryResult
from evdb.report.chart import TerminalChart, series_from_result, write_chart
from evdb.report.svg import chart_svg

SVG = "{http://www.w3.org/2000/svg}"
WEEK1, WEEK2 = datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 8, tzinfo=timezone.utc)
RESULT = QueryResult("Events per week", ["week", "event_type", "events"],
                     ["TIMESTAMP WITH TIME ZONE", "VARCHAR", "BIGINT"],
                     [(WEEK1, "battle", 3), (WEEK1, "attack", 1), (WEEK2, "battle", 6)])


def test_series_pivots_groups_and_keeps_x_order():
    series = series_from_result(RESULT, "week", "events", "event_type")
    assert series.x == ("2024-01-01", "2024-01-08")
    assert series.groups == ("battle", "attack")
    assert series.values == ((3.0, 6.0), (1.0, None))
    ungrouped = series_from_result(RESULT, "week", "events")
    assert ungrouped.values == ((4.0, 6.0),)       # rows with the same x add up


def test_unknown_or_non_numeric_columns_are_clear_errors():
    with pytest.raises(ReportError, match="no column 'weeks'") as info:
        series_from_result(RESULT, "weeks", "events")
    assert "week, event_type, events" in info.value.hint
    with pytest.raises(ReportError, match="not a number"):
        series_from_result(RESULT, "week", "event_type")


def test_terminal_chart_bars_scale_to_the_largest_value():
    view = TerminalChart(series_from_result(RESULT, "week", "events", "event_type"), width=12)
    console = Console(file=StringIO(), width=80, color_system=None, record=True)
    console.print(view)
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    rows = {(line.split()[0], line.split()[1]): line for line in lines[3:]}
    assert rows[("2024-01-08", "battle")].endswith("6   " + "█" * 12)
    assert rows[("2024-01-01", "battle")].endswith("3   " + "█" * 6)
    assert rows[("2024-01-01", "attack")].endswith("1   " + "█" * 2)


@pytest.mark.parametrize("kind, element, count", [("bar", "rect", 3), ("line", "polyline", 2)])
def test_svg_is_well_formed_with_one_mark_per_value(kind, element, count):
    root = ET.fromstring(chart_svg(series_from_result(RESULT, "week", "events", "event_type"), kind))
    assert root.tag == f"{SVG}svg"
    marks = [e for e in root.iter(f"{SVG}{element}") if e.get("class") in ("bar", "line")]
    assert len(marks) == count


def test_bar_heights_are_proportional():
    root = ET.fromstring(chart_svg(series_from_result(RESULT, "week", "events"), "bar"))
    heights = [float(e.get("height")) for e in root.iter(f"{SVG}rect") if e.get("class") == "bar"]
    assert heights[1] / heights[0] == pytest.approx(6 / 4, rel=0.01)


def test_long_labels_are_cut_visibly_with_the_whole_text_as_tooltip():
    long = QueryResult("By type", ["event_type", "events"], ["VARCHAR", "BIGINT"],
                       [("explosion_remote_violence", 18), ("riot", 1)])
    root = ET.fromstring(chart_svg(series_from_result(long, "event_type", "events"), "bar"))
    labels = {"".join(t.itertext()): t for t in root.iter(f"{SVG}text")}
    cut = next(t for text, t in labels.items() if text.startswith("explosion_remote_violence") and text.endswith("…"))
    assert cut.find(f"{SVG}title").text == "explosion_remote_violence"
    assert "riot" in labels  # short labels untouched


def test_png_without_matplotlib_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)     # as if it were not installed
    with pytest.raises(ReportError, match="needs matplotlib") as info:
        write_chart(series_from_result(RESULT, "week", "events"), tmp_path / "c.png")
    assert "pip install 'evdb[charts]'" in info.value.hint and "--out chart.svg" in info.value.hint
    assert list(tmp_path.iterdir()) == []


def test_png_with_matplotlib_when_installed(tmp_path):
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        with pytest.raises(ReportError, match="needs matplotlib"):
            write_chart(series_from_result(RESULT, "week", "events"), tmp_path / "c.png")
        return
    path = write_chart(series_from_result(RESULT, "week", "events", "event_type"), tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_chart_terminal_and_svg(tmp_path):
    db = make_db(tmp_path / "c.duckdb")
    runner = CliRunner()
    shown = runner.invoke(cli, ["--db", str(db), "chart", "events_by_type", "--x", "event_type", "--y", "events"])
    assert shown.exit_code == 0, shown.output
    assert "\x1b[" not in shown.output
    assert {line.split()[0] for line in shown.output.splitlines()[3:] if line.strip()} == \
        {"attack", "battle", "explosion", "protest"}
    out = tmp_path / "types.svg"
    written = runner.invoke(cli, ["--db", str(db), "chart", "events_by_type", "--x", "event_type",
                                  "--y", "events", "--out", str(out)])
    assert written.exit_code == 0, written.output
    root = ET.parse(out).getroot()
    assert len([e for e in root.iter(f"{SVG}rect") if e.get("class") == "bar"]) == 4
    bad = runner.invoke(cli, ["--db", str(db), "chart", "events_by_type", "--x", "nope", "--y", "events"])
    assert bad.exit_code == 1 and "no column 'nope'" in str(bad.exception)
    fmt = runner.invoke(cli, ["--db", str(db), "chart", "events_by_type", "--x", "event_type", "--y", "events",
                              "--out", str(tmp_path / "c.gif")])
    assert fmt.exit_code == 1 and "FILE.svg" in fmt.exception.hint
