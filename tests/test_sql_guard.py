"""The read-only guard of `evdb sql`: each forbidden form is refused by name with a way forward;
files only with allow_files; dialects transpile; syntax errors show a caret; the DB locks too."""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pytest

from _query_data import query_db  # noqa: F401  (fixture)
from evdb.errors import DatabaseError, QueryParamError, QueryValidationError
from evdb.queries.guard import guard_sql
from evdb.queries.run import open_read_only, run_sql

NOW = datetime(2024, 1, 24, 8, 0, tzinfo=timezone.utc)

REFUSED = [
    ("SELECT * FROM read_csv('/etc/passwd')", "refused read_csv()", "--allow-files"),
    ("SELECT 1; DROP TABLE x", "refused: 2 statements", "one statement"),
    ("COPY events TO 'out.csv'", "refused COPY", "--output FILE"),
    ("COPY (SELECT 1) TO 'out.csv'", "refused COPY", "--output FILE"),
    ("ATTACH 'other.duckdb' AS other", "refused ATTACH", "--db PATH"),
    ("DETACH other", "refused DETACH", "--db PATH"),
    ("INSTALL httpfs", "refused INSTALL", "offline"),
    ("LOAD httpfs", "refused LOAD", "offline"),
    ("PRAGMA version", "refused PRAGMA", "--as-of"),
    ("SET threads = 1", "refused SET", "--as-of"),
    ("SET VARIABLE evdb_as_of = now()", "refused SET", "--as-of"),
    ("RESET threads", "refused RESET", "--as-of"),
    ("CALL pragma_version()", "refused CALL", "SELECT * FROM name(...)"),
    ("EXPORT DATABASE 'dump'", "refused EXPORT", "--output FILE"),
    ("IMPORT DATABASE 'dump'", "refused IMPORT", "--output FILE"),
    ("CREATE TABLE t (a INTEGER)", "refused CREATE", "schema/NNN_name.sql"),
    ("DROP VIEW events", "refused DROP", "schema/NNN_name.sql"),
    ("INSERT INTO document_removals SELECT * FROM document_removals", "refused INSERT", "evdb ingest"),
    ("UPDATE event_versions SET country = 'x'", "refused UPDATE", "evdb ingest"),
    ("DELETE FROM event_versions", "refused DELETE", "evdb ingest"),
    ("CHECKPOINT", "refused CHECKPOINT", "SELECT"),
    ("SELECT * FROM 'x.csv'", "refused 'x.csv' used as a table", "--allow-files"),
    ('SELECT * FROM "x.parquet"', "refused 'x.parquet' used as a table", "--allow-files"),
    ("FROM 'https://example.com/a.parquet'", "refused 'https://example.com/a.parquet' used as a table", "--allow-files"),
    ("SELECT * FROM read_parquet('a.parquet')", "refused read_parquet()", "--allow-files"),
    ("SELECT * FROM read_json_auto('a.json')", "refused read_json_auto()", "--allow-files"),
    ("SELECT * FROM parquet_scan('a.parquet')", "refused parquet_scan()", "--allow-files"),
    ("SELECT * FROM glob('/etc/*')", "refused glob()", "--allow-files"),
    ("SELECT * FROM sniff_csv('a.csv')", "refused sniff_csv()", "--allow-files"),
    ("SELECT content FROM read_text('/etc/hostname')", "refused read_text()", "--allow-files"),
    ("SELECT count(*) FROM events WHERE doc_id IN (SELECT doc_id FROM read_csv('ids.csv'))",
     "refused read_csv()", "--allow-files"),
    ("SELECT * FROM query('SELECT 1')", "refused query() (it runs SQL given as text)", "--allow-files"),
    ("SELECT title FROM documents WHERE lang = ?", "refused the ? parameter", "$name"),
    ("SELECT title FROM documents WHERE lang = $1", "refused the $1 parameter", "$name"),
    ("SELECT title FROM documents WHERE lang = :lang", "refused ':' parameter", "$name"),
]


@pytest.mark.parametrize("sql, message, hint", REFUSED, ids=[r[0][:40] for r in REFUSED])
def test_guard_refuses_with_a_named_reason_and_a_way_forward(sql, message, hint):
    with pytest.raises(QueryValidationError) as err:
        guard_sql(sql)
    assert message in str(err.value)
    assert hint in (err.value.hint or "") + str(err.value)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM 'x.csv'", "SELECT * FROM glob('*')"])
def test_allow_files_lifts_only_the_file_refusal(sql):
    assert guard_sql(sql, allow_files=True).sql == sql
    with pytest.raises(QueryValidationError, match="refused COPY"):
        guard_sql("COPY events TO 'x.csv'", allow_files=True)


@pytest.mark.parametrize("sql", [
    "SELECT event_type, count(*) AS n FROM events GROUP BY ALL",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x",
    "FROM events",
    "SELECT 1 UNION ALL SELECT 2",
    "DESCRIBE events",
    "SUMMARIZE events",
    "SHOW TABLES",
    "SELECT x.i FROM range(3) AS x(i)",
])
def test_guard_allows_queries(sql):
    assert guard_sql(sql).sql == sql


def test_allowed_files_are_read_for_real(tmp_path, query_db):
    data = tmp_path / "ids.csv"
    data.write_text("doc_id\nd2\n", encoding="utf-8")
    sql = f"SELECT d.title FROM documents AS d JOIN read_csv('{data}') AS f ON f.doc_id = d.doc_id"
    result = run_sql(query_db, sql, {}, allow_files=True, now=NOW)
    assert result.rows == [("Convoy hit by explosive device",)]
    with pytest.raises(QueryValidationError, match="refused read_csv"):
        run_sql(query_db, sql, {}, now=NOW)


def test_the_connection_itself_refuses_writes_and_files(query_db):
    con = open_read_only(query_db)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM event_versions")
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM read_csv('/etc/passwd')")
        with pytest.raises(duckdb.Error):
            con.execute("SET enable_external_access = true")
    finally:
        con.close()


def test_syntax_error_shows_line_column_and_caret():
    with pytest.raises(QueryValidationError) as err:
        guard_sql("SELECT title\nFROM documents\nWHERE lang = = 'fr'")
    text = str(err.value)
    assert "syntax error at line 3, column 14: expected an expression here" in text
    assert "sqlglot" not in text and "<class" not in text
    lines = text.splitlines()
    source = next(line for line in lines if "WHERE lang = = 'fr'" in line)
    caret = lines[lines.index(source) + 1]
    assert caret.index("^") == source.index("= 'fr'")


def test_a_misspelt_query_keyword_is_a_syntax_error_not_a_refusal():
    with pytest.raises(QueryValidationError) as err:
        guard_sql("\n  selec title FROM documents")
    text = str(err.value)
    assert "syntax error at line 2, column 3: unknown keyword 'selec' (did you mean SELECT?)" in text
    assert text.splitlines()[-1] == "    |   ^"
    with pytest.raises(QueryValidationError, match="refused FROBNICATE: only queries are allowed"):
        guard_sql("FROBNICATE 1")


def test_unclosed_quote_is_a_located_syntax_error():
    with pytest.raises(QueryValidationError, match="line 1, column 8: this quote is never closed"):
        guard_sql("SELECT 'abc FROM events")


@pytest.mark.parametrize("dialect, sql, expected", [
    ("sqlite", "SELECT ifnull(country, '?') AS c FROM events WHERE doc_id = :d LIMIT 5",
     "SELECT COALESCE(country, '?') AS c FROM events WHERE doc_id = $d LIMIT 5"),
    ("postgres", "SELECT title::text AS t FROM documents WHERE lang ILIKE 'F%'",
     "SELECT CAST(title AS TEXT) AS t FROM documents WHERE lang ILIKE 'F%'"),
    ("mysql", "SELECT `title` FROM documents LIMIT 2", 'SELECT "title" FROM documents LIMIT 2'),
])
def test_dialects_transpile_to_duckdb(dialect, sql, expected):
    assert guard_sql(sql, dialect=dialect).sql == expected


def test_transpiled_sql_runs(query_db):
    result = run_sql(query_db, "SELECT ifnull(actor2, 'none') AS a FROM events WHERE event_type = :t ORDER BY 1",
                     {"t": "explosion"}, dialect="sqlite", now=NOW)
    assert result.rows == [("none",)]


def test_dialect_forms_are_refused_too():
    with pytest.raises(QueryValidationError, match="refused DELETE"):
        guard_sql("DELETE FROM events", dialect="postgres")
    with pytest.raises(QueryValidationError, match="unknown SQL dialect 'klingon'"):
        guard_sql("SELECT 1", dialect="klingon")


def test_named_params_must_match_the_query(query_db):
    sql = "SELECT count(*) AS n FROM events WHERE event_type = $t"
    assert run_sql(query_db, sql, {"t": "battle"}, now=NOW).rows == [(2,)]
    with pytest.raises(QueryParamError, match=r"missing value for \$t"):
        run_sql(query_db, sql, {}, now=NOW)
    with pytest.raises(QueryParamError, match="'u' is not used"):
        run_sql(query_db, sql, {"t": "battle", "u": "1"}, now=NOW)
    with pytest.raises(QueryParamError, match=r"'tt' is not used by the query \(did you mean 't'\?\)"):
        run_sql(query_db, sql, {"tt": "battle"}, now=NOW)


def test_as_of_applies_to_ad_hoc_sql(query_db):
    sql = "SELECT fatalities FROM events WHERE event_type = 'battle' AND country = 'Mali'"
    assert run_sql(query_db, sql, {}, as_of="2020-01-07", now=NOW).rows == [(5,)]
    assert run_sql(query_db, sql, {}, now=NOW).rows == [(7,)]


def test_duckdb_errors_become_database_errors(query_db):
    with pytest.raises(DatabaseError) as err:
        run_sql(query_db, "SELECT nope FROM events", {}, now=NOW)
    assert "Binder Error" in str(err.value) and "nope" in str(err.value)


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="no evdb database"):
        run_sql(tmp_path / "absent.duckdb", "SELECT 1", {}, now=NOW)


def test_python_objects_are_not_tables(query_db):
    import pyarrow as pa

    secret = pa.table({"a": [1]})  # noqa: F841  (DuckDB would scan a local Arrow table by name)
    con = open_read_only(query_db, allow_files=True)  # external access off would hide it anyway
    try:
        with pytest.raises(duckdb.CatalogException, match="secret"):
            con.execute("SELECT * FROM secret")
    finally:
        con.close()
