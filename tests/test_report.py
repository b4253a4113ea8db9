"""Reports: definitions, both output formats, numbers, --since last-run, atomic failure, run records."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from _report_data import EVENTS, UTC, add_events, make_db
from evdb.cli import cli
from evdb.errors import ReportError
from evdb.report.definition import load_report, parse_report, report_files
from evdb.report.runner import run_report
from evdb.store.db import connect, opened

NOW = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
SAMPLE_NOW = datetime(2020, 1, 14, 9, 0, tzinfo=UTC)   # after both recording times of sample_db
VOID = {"meta", "br", "img", "hr", "input", "link", "col", "area", "base", "source", "wbr", "rect",
        "line", "polyline", "circle", "path"}


class Balance(HTMLParser):
    """Checks that every non-void element is closed in order, and counts tags."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


def html_counts(text: str) -> dict[str, int]:
    parser = Balance()
    parser.feed(text)
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
    return parser.counts


def runs(db: Path) -> list[tuple]:
    with opened(db, read_only=True) as con:
        return con.execute("SELECT report, status, since, \"until\", row_counts, output_path, error "
                           "FROM report_runs ORDER BY started_at, status").fetchall()


@pytest.fixture
def small_db(tmp_path) -> Path:
    return make_db(tmp_path / "small.duckdb")


@pytest.fixture
def sample_copy(sample_db, tmp_path) -> Path:
    path = tmp_path / "sample.duckdb"
    shutil.copy(sample_db, path)
    return path


# --- definitions ---------------------------------------------------------------------------------

def test_shipped_reports_load_and_name_existing_queries():
    from evdb.report.definition import check_report

    names = set(report_files())
    assert {"daily_brief", "weekly_actor"} <= names
    for name in names:
        report = load_report(name)
        check_report(report)
        assert report.title and report.description
        assert {"text", "query", "timeline"} <= {s.kind for s in report.sections}


@pytest.mark.parametrize("text, where, message", [
    ('title = "x"\n[[section]]\ntext = "a"\nquery = "b"\n', "bad.toml:2", "exactly one of"),
    ('title = "x"\n\n[[section]]\ntext = "{nope}"\n', "bad.toml:3", "unknown placeholder {nope}"),
    ('title = "x"\n[[section]]\ntxt = "a"\n', "bad.toml:2", "unknown key 'txt'"),
    ('title = "x"\n[[section]\n', "bad.toml:2", "invalid TOML"),
    ('description = "x"\n[[section]]\ntext = "a"\n', "bad.toml:1", "needs a title"),
], ids=["two kinds", "placeholder", "unknown key", "toml syntax", "no title"])
def test_definition_errors_name_file_and_line(tmp_path, text, where, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ReportError, match=message) as info:
        parse_report(text, "bad", path)
    assert f"{where}: " in str(info.value)


def test_missing_required_parameter_is_an_error(small_db, tmp_path):
    with pytest.raises(ReportError, match="needs parameter 'actor'") as info:
        run_report(small_db, "weekly_actor", {}, out=tmp_path / "w.md", now=NOW)
    assert "-p actor=" in info.value.hint


# --- both formats on hand-made data --------------------------------------------------------------

def test_markdown_report_sections_and_facts(small_db, tmp_path):
    out = tmp_path / "brief.md"
    outcome = run_report(small_db, "daily_brief", {}, out=out, now=NOW)
    text = out.read_text()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Daily brief", "## Totals", "## By type", "## By place", "## By actor",
                        "## When the new events happened"]
    assert f"- **Database:** {small_db}" in text
    assert "- **Generated:** 2024-02-01T09:00:00Z" in text
    assert "- **As of:** current rows" in text
    assert "- **Parameters:** since=last-run, until=now" in text
    # totals: 4 events in 2 documents, fatalities 16/16/23, one without a date
    assert "| 4 | 2 | 16 | 16 | 23 | 1 |" in text
    assert "| attack | 1 | 4 | 4 | 11 |" in text
    assert outcome.run.row_counts() == {"summary": 1, "by_type": 4, "by_place": 4, "by_actor": 5, "timeline": 3}
    assert "```text" in text and "█" in text


def test_html_report_is_self_contained_with_tables_and_svg(small_db, tmp_path):
    out = tmp_path / "actor.html"
    run_report(small_db, "weekly_actor", {"actor": "JNIM", "since": "2024-01", "until": "2024-01"},
               out=out, now=NOW)
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>")
    counts = html_counts(text)
    assert counts["svg"] == 2                       # the timeline and the weekly chart
    assert counts["table"] == 4                     # facts, timeline, fatalities, sources
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text and "<script" not in text
    assert text.count('class="interval"') == 2      # JNIM's two dated events
    assert "2024-01-01T00:00:00Z to 2024-02-01T00:00:00Z" in text


def test_same_inputs_give_the_same_bytes(tmp_path):
    outputs = []
    for attempt in range(2):
        db = tmp_path / "same.duckdb"
        db.unlink(missing_ok=True)
        make_db(db)
        out = tmp_path / f"r{attempt}.html"
        run_report(db, "daily_brief", {}, out=out, now=NOW)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_since_last_run_shows_only_what_entered_after_the_previous_run(small_db, tmp_path):
    first, second = tmp_path / "1.md", tmp_path / "2.md"
    run_report(small_db, "daily_brief", {"since": "last-run"}, out=first, now=NOW)
    with opened(small_db) as con:
        add_events(con, [("d9:e1", "battle", "ISGS", "FAMa", "Gao", 7, 5, 9,
                          datetime(2024, 1, 30, tzinfo=UTC), datetime(2024, 1, 31, tzinfo=UTC), "day", "mardi")],
                   recorded=NOW + timedelta(hours=1))
    outcome = run_report(small_db, "daily_brief", {"since": "last-run"}, out=second, now=NOW + timedelta(days=1))
    text = second.read_text()
    assert "| 1 | 1 | 5 | 7 | 9 | 0 |" in text       # only the new event, its document and counts
    assert "Gao" in text and "Mopti" not in text
    assert outcome.run.since == NOW
    assert "start of the previous successful run" in text
    recorded = runs(small_db)
    assert [(r[0], r[1]) for r in recorded] == [("daily_brief", "ok"), ("daily_brief", "ok")]
    assert json.loads(recorded[1][4])["by_type"] == 1 and recorded[1][5] == str(second.resolve())


def test_failed_query_leaves_no_file_and_records_a_failed_run(small_db, tmp_path):
    queries, reports = tmp_path / "q", tmp_path / "r"
    queries.mkdir()
    reports.mkdir()
    (queries / "broken.sql").write_text('-- title = "Broken"\n-- description = "x"\nSELECT no_such_column FROM events;\n')
    (reports / "broken_report.toml").write_text(
        'title = "Broken"\n[[section]]\ntext = "hello"\n[[section]]\nid = "bad"\nquery = "broken"\n')
    out = tmp_path / "out" / "broken.html"
    out.parent.mkdir()
    with pytest.raises(ReportError, match="section 'bad'.*no_such_column"):
        run_report(small_db, "broken_report", {}, out=out, now=NOW, query_dirs=[queries], report_dirs=[reports])
    assert list(out.parent.iterdir()) == []         # no file, no temp file
    (failed,) = runs(small_db)
    assert failed[0:2] == ("broken_report", "failed") and "no_such_column" in failed[6]
    assert failed[5] is None
    # a failed run does not move last-run: the next run starts from the beginning again
    run_report(small_db, "daily_brief", {}, out=tmp_path / "ok.md", now=NOW)
    assert "| 4 | 2 |" in (tmp_path / "ok.md").read_text()


def test_failure_keeps_an_existing_file_untouched(small_db, tmp_path):
    out = tmp_path / "brief.md"
    out.write_text("yesterday's brief\n")
    with pytest.raises(ReportError):
        run_report(small_db, "daily_brief", {"since": "not a date at all"}, out=out, now=NOW)
    assert out.read_text() == "yesterday's brief\n"
    assert [r[1] for r in runs(small_db)] == ["failed"]


def test_cli_report_exit_codes_and_messages(small_db, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(small_db), "report", "daily_brief", "--out", str(tmp_path / "b.md")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "b.md").read_text().startswith("# Daily brief")
    bad = runner.invoke(cli, ["--db", str(small_db), "report", "nope", "--out", str(tmp_path / "n.md")])
    assert bad.exit_code == 1 and "unknown report 'nope'" in str(bad.exception)
    usage = runner.invoke(cli, ["--db", str(small_db), "report", "daily_brief"])
    assert usage.exit_code == 2
    fmt = runner.invoke(cli, ["--db", str(small_db), "report", "daily_brief", "--out", str(tmp_path / "b.pdf")])
    assert fmt.exit_code == 1 and ".md or .html" in fmt.exception.hint
    listing = runner.invoke(cli, ["--db", str(small_db), "report"])
    assert "daily_brief" in listing.output and "weekly_actor" in listing.output


def test_a_window_that_ends_before_it_starts_is_refused_and_nothing_is_written(small_db, tmp_path):
    out = tmp_path / "inverted.md"
    with pytest.raises(ReportError, match="empty window: --since starts at 2024-02-01"):
        run_report(small_db, "daily_brief", {"since": "2024-02-01", "until": "2024-01-15"}, out=out, now=NOW)
    assert not out.exists()


def test_relative_since_option(small_db, tmp_path):
    out = tmp_path / "w.md"
    outcome = run_report(small_db, "weekly_actor", {"actor": "ISGS", "since": "last month", "until": "now"},
                         out=out, now=NOW)
    assert outcome.run.since == datetime(2024, 1, 1, tzinfo=UTC)
    text = out.read_text()
    assert "| 2024-01-22T00:00:00+00:00 | explosion | 1 |" in text   # the week of ISGS's event in January
    assert "Mopti" not in text


# --- the sample database -------------------------------------------------------------------------

def _scalar(db: Path, sql: str):
    with opened(db, read_only=True) as con:
        return con.execute(sql).fetchone()


def test_daily_brief_numbers_on_the_sample_database(sample_copy, tmp_path):
    out = tmp_path / "brief.md"
    outcome = run_report(sample_copy, "daily_brief", {}, out=out, now=SAMPLE_NOW)
    events, docs, low, best, high, undated = _scalar(sample_copy, """
        SELECT count(*), count(DISTINCT doc_id), coalesce(sum(coalesce(fatalities_low, fatalities)), 0),
               coalesce(sum(coalesce(fatalities, fatalities_low)), 0),
               coalesce(sum(coalesce(fatalities_high, fatalities, fatalities_low)), 0),
               count(*) FILTER (WHERE earliest IS NULL OR latest IS NULL)
        FROM events WHERE polarity = 'positive' AND modality = 'asserted'""")
    assert events > 0 and low <= best <= high
    assert f"| {events} | {docs} | {low} | {best} | {high} | {undated} |" in out.read_text()
    types = _scalar(sample_copy, "SELECT count(DISTINCT event_type) FROM events WHERE polarity = 'positive' AND modality = 'asserted'")[0]
    assert outcome.run.row_counts()["by_type"] == types
    assert outcome.run.row_counts()["timeline"] + undated == events


def test_weekly_actor_html_on_the_sample_database(sample_copy, tmp_path):
    actor, n = _scalar(sample_copy, """
        SELECT a.name, count(DISTINCT e.event_id) AS n FROM events e JOIN event_actors a USING (event_id)
        WHERE e.polarity = 'positive' AND e.modality = 'asserted' AND e.earliest IS NOT NULL GROUP BY a.name ORDER BY n DESC, a.name LIMIT 1""")
    out = tmp_path / "actor.html"
    outcome = run_report(sample_copy, "weekly_actor", {"actor": actor, "since": "2000", "until": "2030"},
                         out=out, now=SAMPLE_NOW)
    counts = html_counts(out.read_text())
    assert counts["svg"] == 2 and counts["table"] == 4
    assert outcome.run.row_counts()["timeline"] >= n


NEW_ARTICLE = """---
title: Attaque près de Gao
published: 2020-01-14T08:00:00+01:00
source: evdb test wire
lang: fr
tz: Europe/Paris
---
Gao, 14 janvier 2020. Des hommes armés ont attaqué lundi soir un poste de l'armée malienne près de Gao.
Trois soldats ont été tués, selon l'armée.
"""


def test_since_last_run_after_a_real_ingest(sample_copy, tmp_path):
    from evdb.ingest import ingest

    first, second = tmp_path / "1.md", tmp_path / "2.md"
    run_report(sample_copy, "daily_brief", {"since": "last-run"}, out=first, now=SAMPLE_NOW)
    article = tmp_path / "gao.md"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    summary = ingest(sample_copy, [article], now=SAMPLE_NOW + timedelta(hours=1))
    assert not summary.problems
    outcome = run_report(sample_copy, "daily_brief", {"since": "last-run"}, out=second,
                         now=SAMPLE_NOW + timedelta(days=1))
    new_events, new_docs = _scalar(sample_copy, f"""
        SELECT count(*), count(DISTINCT doc_id) FROM events
        WHERE polarity = 'positive' AND modality = 'asserted' AND recorded_from >= TIMESTAMPTZ '{SAMPLE_NOW.isoformat()}'""")
    assert new_events >= 1 and new_docs == 1
    text = second.read_text()
    assert f"| {new_events} | 1 |" in text
    assert outcome.run.row_counts()["summary"] == 1
    old_events, old_docs = _scalar(sample_copy, f"""
        SELECT count(*), count(DISTINCT doc_id) FROM events
        WHERE polarity = 'positive' AND modality = 'asserted' AND recorded_from < TIMESTAMPTZ '{SAMPLE_NOW.isoformat()}'""")
    assert f"| {old_events} | {old_docs} |" in first.read_text()
    assert old_docs > 1 and f"| {old_events} | {old_docs} |" not in text
    with opened(sample_copy, read_only=True) as con:
        new_types = [r[0] for r in con.execute(
            "SELECT DISTINCT event_type FROM events WHERE polarity = 'positive' AND modality = 'asserted' AND recorded_from >= ? "
            "ORDER BY 1", [SAMPLE_NOW]).fetchall()]
    assert outcome.run.row_counts()["by_type"] == len(new_types)
    (timeline,) = [s.timeline for s in outcome.run.sections if s.timeline is not None]
    (new_doc,) = {r[0] for r in _rows(sample_copy, "SELECT doc_id FROM documents WHERE recorded_from >= ?", SAMPLE_NOW)}
    assert {item.doc_id for item in timeline.items} <= {new_doc}


def _rows(db: Path, sql: str, *params):
    with opened(db, read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_manual_run_over_an_explicit_window_does_not_move_last_run(small_db, tmp_path):
    run_report(small_db, "daily_brief", {"since": "last-run"}, out=tmp_path / "1.md", now=NOW)
    with opened(small_db) as con:
        add_events(con, [("d9:e1", "battle", "ISGS", "FAMa", "Gao", 7, 5, 9,
                          datetime(2024, 1, 30, tzinfo=UTC), datetime(2024, 1, 31, tzinfo=UTC), "day", "mardi")],
                   recorded=NOW + timedelta(hours=1))
    run_report(small_db, "daily_brief", {"since": "2024-01-01"}, out=tmp_path / "manual.md", now=NOW + timedelta(hours=2))
    outcome = run_report(small_db, "daily_brief", {"since": "last-run"}, out=tmp_path / "2.md",
                         now=NOW + timedelta(days=1))
    assert outcome.run.since == NOW
    assert "Gao" in (tmp_path / "2.md").read_text()
