"""Saved queries: catalog, header format, static checks with file:line:col, typed parameters, runs."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from _query_data import V1, V2, query_db  # noqa: F401  (fixture)
from evdb import paths
from evdb.errors import QueryError, QueryParamError, QueryValidationError
from evdb.model import Timex
from evdb.queries.catalog import get_query, load_catalog, parse_query_text
from evdb.queries.check import check_catalog, check_query
from evdb.queries.params import bind_params, coerce
from evdb.queries.run import run_saved

NOW = datetime(2024, 1, 24, 8, 0, tzinfo=timezone.utc)
SHIPPED = sorted(p.stem for p in paths.queries_dir().glob("*.sql"))
REQUIRED_SHIPPED = {"actor_timeline", "date_readings", "events_by_week", "fatalities_by_place_month", "unresolved_dates",
                    "source_coverage", "events_in_window", "timex_quality", "document_history",
                    "recent_events", "vague_references", "events_by_type"}


def _example_params(query) -> dict[str, str]:
    """Values for required parameters: each declares an example in its header."""
    return {p.name: p.example for p in query.params if p.required}


def test_the_analyst_queries_are_shipped():
    assert REQUIRED_SHIPPED <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED, ids=[f"query: {n}" for n in SHIPPED])
def test_shipped_query_passes_every_check(name):
    query = get_query(name)
    assert query.title and query.description, f"{name} needs a title and a description"
    assert check_query(query) == []
    for p in query.params:
        if p.required:
            assert p.example, f"{name}: required parameter {p.name} needs an example"


@pytest.mark.parametrize("name", SHIPPED, ids=[f"query: {n}" for n in SHIPPED])
def test_shipped_query_runs_on_the_sample_data(name, sample_db):
    query = get_query(name)
    result = run_saved(sample_db, query, _example_params(query), now=NOW, limit=0)
    assert result.columns and len(result.columns) == len(result.types)
    assert all(len(row) == len(result.columns) for row in result.rows)


@pytest.mark.parametrize("name", SHIPPED, ids=[f"query: {n}" for n in SHIPPED])
def test_shipped_query_runs_on_the_hand_made_db(name, query_db):
    query = get_query(name)
    result = run_saved(query_db, query, _example_params(query), now=NOW, limit=0)
    assert all(len(row) == len(result.columns) for row in result.rows)


# ------------------------------------------------------------------------- answers on known rows

def _run(db, name, **params):
    result = run_saved(db, get_query(name), {k: str(v) for k, v in params.items()}, now=NOW, limit=0)
    return result.records()


def test_events_in_window_counts_certain_possible_and_expected(query_db):
    rows = {r["event_type"]: r for r in _run(query_db, "events_in_window", **{"from": "2018-01-26", "to": "2018-01-26"})}
    # battle: the day-dated one certainly; the week-dated one possibly, 1/7 of it expected.
    assert (rows["battle"]["certain"], rows["battle"]["possible"]) == (1, 2)
    assert rows["battle"]["expected"] == pytest.approx(1 + 1 / 7, abs=0.01)
    # explosion "la nuit suivante" 18:00-06:00: half of it falls on the 26th.
    assert (rows["explosion"]["certain"], rows["explosion"]["possible"]) == (0, 1)
    assert rows["explosion"]["expected"] == pytest.approx(0.5)
    assert "protest" not in rows  # undated: never counted in a window


def test_events_by_week_puts_the_night_inside_its_iso_week(query_db):
    rows = _run(query_db, "events_by_week")
    assert [(r["iso_week"], r["event_type"], r["certain"], r["possible"]) for r in rows] == [
        ("2018-W04", "battle", 2, 2), ("2018-W04", "explosion", 1, 1)]


def test_actor_timeline_matches_aliases_case_insensitively(query_db):
    by_name = _run(query_db, "actor_timeline", actor="islamic STATE")
    assert [r["event_type"] for r in by_name] == ["battle", "explosion"]  # the second via event_actors
    by_surface = _run(query_db, "actor_timeline", actor="jama'at nasr")
    assert [r["actor1"] for r in by_surface] == ["JNIM"]


def test_fatalities_keep_low_best_high(query_db):
    rows = _run(query_db, "fatalities_by_place_month", country="mali")
    menaka = next(r for r in rows if r["location"] == "Ménaka")
    assert (menaka["fatalities_low"], menaka["fatalities_best"], menaka["fatalities_high"]) == (5, 7, 9)
    assert next(r for r in rows if r["location"] == "Bamako")["month"] == "undated"


def test_fatalities_stay_ordered_when_the_high_figure_is_missing(tmp_path):
    """'au moins 6' has no high figure: the row must not show high < low (a sum over NULL)."""
    from _query_data import make_query_db
    from evdb.store.db import connect

    db = make_query_db(tmp_path / "q.duckdb")
    con = connect(db)
    try:  # a second Ménaka battle that day: at least 6 killed (low = best = 6, high unknown)
        con.execute(
            "INSERT INTO event_versions (event_id, doc_id, event_type, trigger, trigger_start, trigger_end, "
            "polarity, modality, location, country, fatalities, fatalities_low, fatalities_high, earliest, "
            "latest, earliest_local, latest_local, time_precision, recorded_from, recorded_to) VALUES "
            "('d1b:e9', 'd1b', 'battle', 'tués', 90, 94, 'positive', 'asserted', 'Ménaka', 'Mali', 6, 6, NULL, "
            "TIMESTAMPTZ '2018-01-26 00:00+00', TIMESTAMPTZ '2018-01-27 00:00+00', TIMESTAMP '2018-01-26', "
            "TIMESTAMP '2018-01-27', 1, ?, 'infinity')", [V2])
    finally:
        con.close()
    menaka = next(r for r in _run(db, "fatalities_by_place_month", country="mali") if r["location"] == "Ménaka")
    assert (menaka["events"], menaka["fatalities_low"], menaka["fatalities_best"], menaka["fatalities_high"]) == (
        3, 5 + 6, 7 + 6, 9 + 6)  # the night explosion there has no count
    for row in _run(db, "fatalities_by_place_month"):
        if row["fatalities_best"] is not None:
            assert row["fatalities_low"] <= row["fatalities_best"] <= row["fatalities_high"], row


def test_date_readings_name_the_anchor_of_each_relative_expression(tmp_path):
    from _query_data import make_query_db
    from evdb.store.db import connect

    db = make_query_db(tmp_path / "q.duckdb")
    con = connect(db)
    try:  # "la nuit suivante" read from "vendredi 26 janvier"; "last week" from the publication date
        con.execute("UPDATE timex_versions SET anchor_kind = 'anaphoric', anchor = 'd1b:t1' WHERE timex_id = 'd1b:t2'")
        con.execute("UPDATE timex_versions SET anchor_kind = 'deictic', anchor = 'DCT' WHERE timex_id = 'd2:t1'")
    finally:
        con.close()
    rows = _run(db, "date_readings")
    assert [(r["article"], r["expression"], r["anchored_to"], r["value"], r["grain"], r["status"]) for r in rows] == [
        ("d1b", "la nuit suivante", "vendredi 26 janvier", "2018-01-26TNI", "part_of_day", "resolved"),
        ("d2", "last week", "publication date", "2018-W04", "week", "resolved")]
    assert (rows[0]["from_local"], rows[0]["to_local"]) == (datetime(2018, 1, 26, 18), datetime(2018, 1, 27, 6))
    assert [r["expression"] for r in _run(db, "date_readings", kind="deictic")] == ["last week"]


def test_date_readings_on_the_sample_articles(sample_db):
    """The English sample en-001: "The next day" follows "Friday, January 26", the night follows it."""
    rows = [r for r in _run(sample_db, "date_readings", kind="anaphoric", lang="en") if r["article"] == "en-001"]
    assert [(r["expression"], r["anchored_to"], r["value"]) for r in rows] == [
        ("The next day", "Friday, January 26", "2018-01-27"),
        ("The following night", "The next day", "2018-01-27TNI")]
    assert (rows[1]["from_local"], rows[1]["to_local"]) == (datetime(2018, 1, 27, 18), datetime(2018, 1, 28, 6))


def test_unresolved_dates_lists_reasons(query_db):
    rows = _run(query_db, "unresolved_dates")
    assert {(r["expression"], r["status"]) for r in rows} == {
        ("Tuesday 28 January", "ambiguous"), ("the day before", "unresolved")}
    assert all(r["reason"] for r in rows)
    assert [r["status"] for r in _run(query_db, "unresolved_dates", status="ambiguous")] == ["ambiguous"]


def test_vague_references_are_listed_with_the_events_they_date(query_db):
    rows = _run(query_db, "vague_references")
    assert [(r["value"], r["expression"], r["events_dated"]) for r in rows] == [("PAST_REF", "récemment", 1)]


def test_document_history_shows_versions_and_removals(query_db):
    rows = _run(query_db, "document_history")
    assert [(r["article_key"], r["state"]) for r in rows] == [
        ("blog:3", "removed"), ("wire:1", "superseded"), ("wire:1", "current")]
    assert rows[2]["recorded_to"] is None and rows[1]["recorded_to"] == V2
    assert len(_run(query_db, "document_history", all="true")) == 4


def test_recent_events_uses_the_until_day(query_db):
    rows = _run(query_db, "recent_events", until="2018-01-27", days=1)
    assert {(r["event_type"], r["certainly_inside"]) for r in rows} == {
        ("explosion", False), ("battle", False)}  # only the night and the week touch the 27th


def test_as_of_answers_with_the_first_version(query_db):
    query = get_query("fatalities_by_place_month")
    then = run_saved(query_db, query, {"country": "Mali"}, as_of="2020-01-10T00:00:00+00:00", now=NOW)
    menaka = [r for r in then.records() if r["location"] == "Ménaka"]
    assert [r["fatalities_best"] for r in menaka] == [5]
    now = run_saved(query_db, query, {"country": "Mali"}, now=NOW)
    assert [r["fatalities_best"] for r in now.records() if r["location"] == "Ménaka"] == [7]
    assert then.as_of == datetime(2020, 1, 10, tzinfo=timezone.utc)


def test_limit_truncates_and_counts_the_rest(query_db):
    result = run_saved(query_db, get_query("timex_quality"), {}, now=NOW, limit=2)
    assert result.truncated and len(result.rows) == 2 and result.total_rows == 6
    assert "first 2 of 6 rows" in result.truncation_note
    assert not run_saved(query_db, get_query("timex_quality"), {}, now=NOW, limit=6).truncated


# ------------------------------------------------------------------------------- static checks

def _problems(tmp_path: Path, text: str, name: str = "bad") -> list[str]:
    (tmp_path / f"{name}.sql").write_text(text, encoding="utf-8")
    count, problems = check_catalog([tmp_path])
    return [str(p) for p in problems if p.where.endswith(f"{name}.sql")]


HEADER = '-- title = "Broken on purpose"\n-- [params]\n-- lang = { type = "text", default = "fr" }\n'


@pytest.mark.parametrize("body, expected", [
    ("SELECT d.langue FROM documents AS d WHERE d.lang = $lang",
     ":4:10: unknown column 'langue' (did you mean 'lang'?)"),
    ("SELECT count(*) AS n\nFROM documentz WHERE lang = $lang",
     ":5:6: unknown table 'documentz' (did you mean 'documents'?)"),
    ("DELETE FROM documents WHERE lang = $lang", ":4:1: DELETE is not a query"),
    ("SELECT 1 AS one WHERE $lang = 'fr';\nDROP TABLE documents", ":5:1: a second statement (DROP ...)"),
    ("SELECT title FROM documents WHERE lang = $lang AND source = $src",
     ":4:61: parameter $src is not declared in [params]"),
    ("SELECT title FROM documents WHERE lang = :lang", ":4:42: ':name' parameters are refused"),
    ("SELECT title FROM documents WHERE lang = ? AND lang = $lang", ":4:42: anonymous '?' parameter"),
    ("SELECT title FROM documents", ":3:1: declared parameter 'lang' is not used"),
    ("SELECT * FROM read_csv('/etc/passwd') WHERE $lang = 'fr'", "read_csv() reads files or URLs"),
    ("SELECT title FROM documents WHERE lang = $lang AND published > $lang + INTERVAL 1 DAY",
     "DuckDB refuses it: Binder Error"),
    ("SELECT title FROM documents WHERE lang = $lang ORDER title", ":4:48: syntax error: Invalid expression"),
], ids=["unknown column", "unknown table", "DML", "two statements", "undeclared param", "colon param",
        "anonymous param", "unused param", "file read", "binder error", "syntax error"])
def test_broken_query_reports_file_line_col(tmp_path, body, expected):
    problems = _problems(tmp_path, HEADER + body + "\n")
    assert problems, "expected a problem"
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(tmp_path / "bad.sql")) or p.startswith("bad.sql") or "bad.sql:" in p
               for p in problems)


@pytest.mark.parametrize("header, expected", [
    ('-- title = "x\n', "bad.sql:1:"),
    ('-- titel = "x"\n', "unknown header key 'titel' (did you mean 'title'?)"),
    ('-- [params]\n-- n = { type = "integr" }\n', "bad.sql:2:1: parameter 'n': unknown type 'integr'"),
    ('-- [params]\n-- n = { type = "integer", default = "seven" }\n', "default 'seven' is not an integer"),
    ('-- [params]\n-- n = { type = "integer", required = true, default = 3 }\n', "is required and has a default"),
    ('-- [params]\n-- n = { type = "text", default = "x", choices = ["a", "b"] }\n', "is not one of the choices"),
    ('-- [params]\n-- n = { type = "text", defualt = "x" }\n', "unknown key 'defualt' (did you mean 'default'?)"),
], ids=["toml syntax", "unknown key", "unknown type", "bad default", "required with default", "default not a choice",
        "param key typo"])
def test_broken_header_is_a_located_problem(tmp_path, header, expected):
    problems = _problems(tmp_path, header + "SELECT 1 AS one\n")
    assert any(expected in p for p in problems), problems


def test_user_folder_is_searched_first_and_shadows(tmp_path):
    (tmp_path / "events_by_type.sql").write_text('-- title = "Mine"\nSELECT 1 AS one\n', encoding="utf-8")
    (tmp_path / "my_own.sql").write_text('-- title = "Own"\nSELECT 2 AS two\n', encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog["events_by_type"].title == "Mine"
    assert catalog["my_own"].path == tmp_path / "my_own.sql"
    assert set(SHIPPED) <= set(catalog)


def test_unknown_query_suggests_a_name():
    with pytest.raises(QueryError) as err:
        get_query("events_by_wek")
    assert "no saved query named 'events_by_wek'" in str(err.value)
    assert "did you mean 'events_by_week'" in err.value.hint and "actor_timeline" in err.value.hint


def test_header_positions_are_counted_in_the_file(tmp_path):
    problems = _problems(tmp_path, HEADER + "\n\nSELECT nope FROM documents WHERE lang = $lang\n")
    assert any(":6:8: unknown column 'nope'" in p for p in problems), problems


# ------------------------------------------------------------------------------------- parameters

TYPED = parse_query_text(
    '-- title = "typed"\n-- [params]\n'
    '-- n = { type = "integer", default = 7 }\n'
    '-- x = { type = "double" }\n'
    '-- flag = { type = "boolean", default = false }\n'
    '-- day = { type = "date", default = "2024-01-01" }\n'
    '-- at = { type = "timestamptz" }\n'
    '-- lang = { type = "text", choices = ["fr", "en"] }\n'
    '-- who = { type = "varchar", required = true, example = "JNIM" }\n'
    "SELECT $n, $x, $flag, $day, $at, $lang, $who\n", "typed")


def test_params_are_coerced_by_declared_type_with_defaults():
    values = bind_params(TYPED, {"x": "0.5", "flag": "yes", "at": "2024-01-26T18:00+01:00", "who": "JNIM"}, now=NOW)
    assert values == {"n": 7, "x": 0.5, "flag": True, "day": date(2024, 1, 1),
                      "at": datetime.fromisoformat("2024-01-26T18:00+01:00"), "lang": None, "who": "JNIM"}
    assert bind_params(TYPED, {"day": "2018-03", "who": "a", "n": "12"}, now=NOW)["day"] == date(2018, 3, 1)
    assert bind_params(TYPED, {"day": "today", "who": "a"}, now=NOW)["day"] == date(2024, 1, 24)


def test_relative_dates_go_through_the_temporal_engine(monkeypatch):
    seen = {}

    def fake_parse_when(text, ref, tz="UTC", lang=None):
        seen["args"] = (text, ref, tz)
        start = datetime(2024, 1, 15, tzinfo=timezone.utc)
        return Timex(tid="t1", text=text, char_start=0, char_end=len(text), sent_idx=0, type="DATE",
                     value="2024-W03", mod=None, earliest=start, latest=datetime(2024, 1, 22, tzinfo=timezone.utc),
                     grain="week", anchor="DCT", anchor_kind="deictic", rule="en.last_week", status="resolved")

    monkeypatch.setattr("evdb.temporal.parse_when", fake_parse_when)
    assert bind_params(TYPED, {"day": "last week", "who": "a"}, now=NOW)["day"] == date(2024, 1, 15)
    assert seen["args"] == ("last week", NOW, "UTC")


def test_relative_dates_with_the_real_engine():
    assert bind_params(TYPED, {"day": "yesterday", "who": "a"}, now=NOW)["day"] == date(2024, 1, 23)
    assert bind_params(TYPED, {"day": "last week", "who": "a"}, now=NOW)["day"] == date(2024, 1, 15)


@pytest.mark.parametrize("raw, message, hint", [
    ({}, "missing required parameter 'who' (text)", "-p who=JNIM"),
    ({"who": "a", "nn": "1"}, "unknown parameter 'nn' for query typed (did you mean 'n'?)", "n (integer, default 7)"),
    ({"who": "a", "n": "seven"}, "parameter 'n': value 'seven' is not an integer (type integer)", "-p n=7"),
    ({"who": "a", "day": "someday"}, "parameter 'day': value 'someday' is not a date", "2024-01-26"),
    ({"who": "a", "flag": "maybe"}, "parameter 'flag': value 'maybe' is not a boolean", "-p flag=true"),
    ({"who": "a", "lang": "de"}, "parameter 'lang': 'de' is not one of fr, en", "-p lang=fr"),
], ids=["missing required", "unknown", "bad integer", "bad date", "bad boolean", "not a choice"])
def test_param_errors_name_the_param_type_and_example(raw, message, hint):
    with pytest.raises(QueryParamError) as err:
        bind_params(TYPED, raw, now=NOW)
    assert message in str(err.value)
    assert hint in err.value.hint


def test_declared_params_are_listed_in_errors():
    with pytest.raises(QueryParamError) as err:
        bind_params(TYPED, {"zzz": "1", "who": "a"}, now=NOW)
    assert "typed takes: n (integer, default 7); x (double, optional)" in err.value.hint
    assert "who (text, required)" in err.value.hint


def test_values_are_bound_not_spliced(query_db):
    query = get_query("actor_timeline")
    result = run_saved(query_db, query, {"actor": "x') OR 1=1 --"}, now=NOW)
    assert result.rows == []


@pytest.mark.parametrize("value, type_, expected", [
    ("42", "integer", 42), ("1_000", "integer", 1000), ("2.5", "double", 2.5), ("non", "boolean", False),
    ("2024", "date", date(2024, 1, 1)), ("2024-01-26 18:30", "timestamp", datetime(2024, 1, 26, 18, 30)),
    ("now", "timestamptz", NOW),
])
def test_coerce(value, type_, expected):
    assert coerce(value, type_, now=NOW) == expected


def test_bad_header_blocks_load_but_not_other_queries(tmp_path):
    (tmp_path / "broken.sql").write_text('-- title = \nSELECT 1\n', encoding="utf-8")
    with pytest.raises(QueryValidationError) as err:
        load_catalog([tmp_path])
    assert "broken.sql:1" in str(err.value)
    assert get_query("events_by_type", [tmp_path]).name == "events_by_type"


def test_as_of_is_read_only_and_leaves_the_file_untouched(query_db):
    before = query_db.stat().st_mtime_ns
    run_saved(query_db, get_query("events_by_type"), {}, as_of=V1, now=NOW)
    assert query_db.stat().st_mtime_ns == before


def test_history_of_the_revised_sample_article_and_as_of(sample_db, sample_db_times):
    rows = [r for r in _run(sample_db, "document_history")]
    keys = {r["article_key"] for r in rows}
    assert len(keys) == 1, "sample_data has one revised article"
    old, new = rows
    assert (old["state"], new["state"]) == ("superseded", "current")
    assert old["recorded_to"] == new["recorded_from"] == sample_db_times["revisions"]
    between = sample_db_times["news"].replace(day=sample_db_times["news"].day + 1)
    sql = "SELECT title FROM documents WHERE article_key = $k"
    from evdb.queries.run import run_sql
    assert run_sql(sample_db, sql, {"k": old["article_key"]}, as_of=between, now=NOW).rows == [(old["title"],)]
    assert run_sql(sample_db, sql, {"k": old["article_key"]}, now=NOW).rows == [(new["title"],)]


def test_a_parameter_without_a_value_says_how_to_write_it():
    from evdb.queries.params import parse_assignments

    assert parse_assignments(["from=2024-01-01", "q=a=b"]) == {"from": "2024-01-01", "q": "a=b"}
    with pytest.raises(QueryParamError, match="'kind' is not key=value") as info:
        parse_assignments(["kind"])
    assert info.value.hint == "write -p kind=VALUE"


def test_negated_and_hypothetical_events_are_stored_but_not_counted(sample_db):
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        kinds = dict(con.sql("SELECT polarity || '/' || modality, count(*) FROM events GROUP BY 1").fetchall())
        facts = con.sql("SELECT count(*) FROM event_facts").fetchall()[0][0]
    finally:
        con.close()
    assert kinds.get("positive/hypothetical", 0) > 0 and kinds.get("negative/asserted", 0) > 0
    assert facts == kinds["positive/asserted"]
    result = run_saved(sample_db, get_query("events_by_type"), {}, now=NOW, limit=0)
    assert sum(row[result.columns.index("events")] for row in result.rows) == facts
