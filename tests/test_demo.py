"""`evdb demo`: one command loads the sample articles and shows three saved queries."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
import re
from itertools import count

import duckdb
from click.testing import CliRunner

from evdb.cli import cli
from evdb.cli._common import AppContext
from evdb.cli.store_cmds import DEMO_QUERIES
from evdb.queries.catalog import get_query

START = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)


def _clock(monkeypatch) -> None:
    """A fixed clock that moves one minute per reading (news and revisions get distinct times)."""
    ticks = count()
    monkeypatch.setattr(AppContext, "now", staticmethod(lambda: START + timedelta(minutes=next(ticks))))


def test_demo_loads_the_samples_and_shows_three_saved_queries(tmp_path, monkeypatch):
    _clock(monkeypatch)
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 0, result.output
    for name, _ in DEMO_QUERIES:
        assert get_query(name).title in result.stdout, name
    assert "unresolved" not in result.stdout  # the sample data resolves every date: not a demo
    # evdb's edge: an anaphoric expression shown with the earlier expression it was read from
    readings = result.stdout.split(get_query("date_readings").title)[1]
    assert re.search(r"La nuit suivante\s.*Le lendemain", readings), readings
    assert "publication date" not in readings  # kind=anaphoric only
    assert "ingesting" not in result.stdout          # narration stays on stderr
    summaries = [line for line in result.stderr.splitlines() if re.search(r"^\d+ documents?: ", line)]
    assert len(summaries) == 2
    assert " 0 skipped" in summaries[0] and "1 replaced" in summaries[1]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE change = 'revised'").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM document_versions WHERE recorded_to < 'infinity'").fetchone() == (1,)
    con.close()


def _summaries(stderr: str) -> list[dict[str, int]]:
    """The "N documents: a new, b unchanged, ..." lines of a run, as numbers."""
    found = []
    for m in re.finditer(r"^(\d+) documents?: (\d+) new, (\d+) unchanged, (\d+) replaced, (\d+) skipped", stderr, re.M):
        found.append(dict(zip(("documents", "new", "unchanged", "replaced", "skipped"), map(int, m.groups()))))
    return found


def test_demo_again_is_a_no_op_and_fresh_starts_over(tmp_path, monkeypatch):
    _clock(monkeypatch)
    db = str(tmp_path / "demo.duckdb")
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", db, "demo"])
    assert first.exit_code == 0, first.output
    news, revision = _summaries(first.stderr)
    assert news["new"] == news["documents"] >= 12 and revision == {
        "documents": 1, "new": 0, "unchanged": 0, "replaced": 1, "skipped": 0}
    again = runner.invoke(cli, ["--db", db, "demo"])
    assert again.exit_code == 0, again.output
    assert _summaries(again.stderr) == [  # the first version of the revised article is not rewound to
        {**news, "new": 0, "unchanged": news["documents"]},
        {**revision, "replaced": 0, "unchanged": 1},
    ]
    fresh = runner.invoke(cli, ["--db", db, "demo", "--fresh"])
    assert fresh.exit_code == 0, fresh.output
    assert _summaries(fresh.stderr) == [news, revision]


def test_demo_is_readable_on_a_100_column_terminal(tmp_path, monkeypatch):
    """Three short tables, none cropped: every line fits and the last column of each is there."""
    from io import StringIO

    from rich.console import Console

    _clock(monkeypatch)
    screen = StringIO()
    monkeypatch.setattr("evdb.cli._output.out_console",
                        lambda: Console(file=screen, force_terminal=True, width=100, color_system=None))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "demo.duckdb"), "demo"])
    assert result.exit_code == 0, result.output
    text = screen.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 100
    for name, _ in DEMO_QUERIES:
        assert get_query(name).title in text
    assert "expected" in text and "count" in text and "status" in text  # last column of each table
    assert text.count("showing the first 8 of") == 3
    assert "Note:" not in result.stderr  # the captions said it on screen
