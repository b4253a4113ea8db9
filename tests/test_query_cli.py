"""`evdb queries`, `evdb query` and `evdb sql` through the real entry point: stdout is data,
stderr narration, exit codes 0 / 1 (the user's error) / 2 (usage)."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from _query_data import query_db  # noqa: F401  (fixture)
from evdb.cli import cli, main


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, " ".join(err.split())  # stderr is wrapped at the console width


def test_query_json_on_stdout_only(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_in_window",
                         "-p", "from=2018-01-26", "-p", "to=2018-01-26", "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [(r["event_type"], r["certain"], r["possible"]) for r in rows] == [("battle", 1, 2), ("explosion", 0, 1)]


def test_truncation_note_goes_to_stderr(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "timex_quality", "--limit", "2", "-f", "csv")
    assert code == 0
    assert len(list(csv.reader(io.StringIO(out)))) == 3  # header + 2 rows
    assert "Note: showing the first 2 of 6 rows" in err


def test_default_table_is_plain_text_when_piped(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_by_type")
    assert code == 0 and "\x1b[" not in out
    assert "Events by type" in out and "battle" in out and "explosion" in out


def test_as_of_on_the_command_line(capsys, query_db):
    argv = ["--db", str(query_db), "sql", "SELECT fatalities FROM events WHERE country = 'Mali' "
            "AND event_type = 'battle'", "-f", "jsonl"]
    assert json.loads(run(capsys, *argv)[1]) == {"fatalities": 7}
    assert json.loads(run(capsys, *argv, "--as-of", "2020-01-07T00:00:00+00:00")[1]) == {"fatalities": 5}


def test_unknown_parameter_lists_the_declared_ones(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_in_window", "-p", "form=2018-01-01")
    assert code == 1 and out == ""
    assert "Error: unknown parameter 'form'" in err and "did you mean 'from'" in err
    assert "Hint: events_in_window takes: from (date, required); to (date, required)" in err


def test_missing_required_parameter(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "actor_timeline")
    assert code == 1 and "missing required parameter 'actor'" in err and "-p actor=Islamic State" in err


def test_unknown_query_is_exit_1_with_a_suggestion(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "query", "event_by_type")
    assert code == 1 and "did you mean 'events_by_type'" in err


@pytest.mark.parametrize("argv", [["query"], ["query", "events_by_type", "--format", "xml"],
                                  ["sql", "SELECT 1", "--limit", "-3"], ["query", "x", "--nope"]])
def test_usage_errors_exit_2(capsys, query_db, argv):
    code, out, err = run(capsys, "--db", str(query_db), *argv)
    assert code == 2 and out == ""


def test_refused_sql_is_exit_1(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "sql", "SELECT * FROM read_csv('/etc/passwd')")
    assert code == 1 and out == ""
    assert "refused read_csv()" in err and "--allow-files" in err


def test_syntax_error_shows_the_caret_on_stderr(capsys, query_db):
    code, out, err = run(capsys, "--db", str(query_db), "sql", "SELECT title FROM documents WHERE lang = = 'fr'")
    assert code == 1 and "^" in err and "line 1, column 42" in err


def test_sql_from_stdin_and_from_a_file(capsys, query_db, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT count(*) AS n FROM events"))
    assert json.loads(run(capsys, "--db", str(query_db), "sql", "-", "-f", "json")[1]) == [{"n": 4}]
    path = tmp_path / "q.sql"
    path.write_text("SELECT count(*) AS n FROM documents WHERE lang = $l", encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(query_db), "sql", f"@{path}", "-p", "l=en", "-f", "json")
    assert code == 0 and json.loads(out) == [{"n": 1}]


def test_output_file_and_parquet(capsys, query_db, tmp_path):
    target = tmp_path / "types.parquet"
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_by_type", "-f", "parquet", "-o", str(target))
    assert code == 0 and out == "" and "Wrote 3 rows" in err
    assert pq.read_table(target).column("event_type").to_pylist() == ["battle", "explosion", "protest"]


def test_parquet_refuses_a_terminal(capsys, query_db, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_by_type", "-f", "parquet")
    assert code == 1 and "parquet is a binary format" in err and "--output" in err


def test_markdown_output(capsys, query_db):
    code, out, _ = run(capsys, "--db", str(query_db), "query", "events_by_type", "-f", "markdown")
    lines = out.splitlines()
    assert lines[0].startswith("| event_type |") and set(lines[1]) <= set("|-:")


def test_queries_lists_names_titles_and_parameters(capsys):
    code, out, err = run(capsys, "queries", "-f", "json")
    listed = {q["name"]: q for q in json.loads(out)}
    assert code == 0 and {"events_by_week", "actor_timeline"} <= set(listed)
    assert "actor (text, required)" in listed["actor_timeline"]["parameters"]
    assert listed["events_by_week"]["title"].startswith("Events per ISO week")


def test_queries_check_passes_for_the_shipped_queries(capsys):
    code, out, err = run(capsys, "queries", "--check")
    assert code == 0 and out == "" and "no problems" in err


def test_queries_check_reports_user_files_and_exits_1(capsys, tmp_path, monkeypatch):
    (tmp_path / "mine.sql").write_text('-- title = "Mine"\nSELECT nope FROM events\n', encoding="utf-8")
    monkeypatch.setenv("EVDB_QUERIES", str(tmp_path))
    code, out, err = run(capsys, "queries", "--check")
    assert code == 1
    assert out.strip().endswith("mine.sql:2:8: unknown column 'nope'") or "mine.sql:2:8: unknown column 'nope'" in out
    assert "Error: 1 problem(s)" in err


def test_user_query_runs_from_the_queries_option(capsys, tmp_path, query_db):
    (tmp_path / "doc_count.sql").write_text(
        '-- title = "Documents"\n-- [params]\n-- lang = { type = "text", default = "fr" }\n'
        "SELECT count(*) AS n FROM documents WHERE lang = $lang\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(query_db), "--queries", str(tmp_path), "query", "doc_count", "-f", "json")
    assert code == 0 and json.loads(out) == [{"n": 1}]


@pytest.mark.parametrize("command", ["queries", "query", "sql"])
def test_help_has_an_example_and_the_limit_default(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    if command != "queries":
        assert "default: 1000" in result.output and "parquet" in result.output


def test_queries_name_describes_one_query(capsys):
    code, out, _ = run(capsys, "queries", "events_in_window")
    assert code == 0 and "events_in_window: Events possibly inside a date window" in out
    assert "certainly happened" in out and "queries/events_in_window.sql" in out
    code, out, _ = run(capsys, "queries", "events_in_window", "-f", "json")
    assert [(p["param"], p["type"], p["required"]) for p in json.loads(out)] == [
        ("from", "date", "yes"), ("to", "date", "yes")]


def test_queries_lists_the_good_files_and_warns_about_a_broken_one(capsys, tmp_path):
    (tmp_path / "broken.sql").write_text('-- title = \nSELECT 1\n', encoding="utf-8")
    code, out, err = run(capsys, "--queries", str(tmp_path), "queries", "-f", "csv")
    assert code == 0 and "events_by_week" in out and "broken" not in out
    assert "Warning:" in err and "broken.sql:1" in err


def test_table_to_a_file_is_plain_text(capsys, query_db, tmp_path):
    target = tmp_path / "out.txt"
    code, out, err = run(capsys, "--db", str(query_db), "query", "events_by_type", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and out == "" and "\x1b[" not in text and "Events by type" in text and "protest" in text


def test_missing_database_is_exit_1(capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(tmp_path / "none.duckdb"), "query", "events_by_type")
    assert code == 1 and "no evdb database" in err and out == ""


def test_truncated_table_on_a_terminal_says_it_once(capsys, query_db, monkeypatch):
    """On a terminal the table caption is the note; piped, stderr says it too (never silent)."""
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr("evdb.cli._output.out_console",
                        lambda: Console(file=screen, force_terminal=True, width=100, highlight=False))
    code, _, err = run(capsys, "--db", str(query_db), "query", "timex_quality", "--limit", "2")
    assert code == 0 and "showing the first 2 of 6 rows" in screen.getvalue()
    assert "showing the first" not in err
    monkeypatch.undo()
    code, out, err = run(capsys, "--db", str(query_db), "query", "timex_quality", "--limit", "2")
    assert code == 0 and "showing the first 2 of 6 rows" in out and "Note: showing the first 2 of 6 rows" in err


@pytest.mark.parametrize("to_file", [False, True], ids=["pipe", "file"])
def test_a_very_wide_table_piped_or_written_keeps_every_column(capsys, query_db, tmp_path, to_file):
    """select * from events has ~40 columns (wider than 400 characters): nothing may be cropped."""
    target = tmp_path / "events.txt"
    argv = ["--db", str(query_db), "sql", "SELECT * FROM events ORDER BY event_id"] + (["-o", str(target)] if to_file else [])
    code, out, _ = run(capsys, *argv)
    text = target.read_text(encoding="utf-8") if to_file else out
    assert code == 0
    import duckdb
    con = duckdb.connect(str(query_db), read_only=True)
    columns = [c[0] for c in con.execute("DESCRIBE events").fetchall()]
    con.close()
    words = set(text.split())
    assert [c for c in columns if c not in words] == []
    assert "d2:e1" in words and "Djibo" in words
