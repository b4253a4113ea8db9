"""Run saved and ad-hoc queries on a read-only connection and return a :class:`QueryResult`.

Safety does not rest on the static checks alone: the connection is opened ``read_only``, and
unless files are explicitly allowed, DuckDB's ``enable_external_access`` is switched off for
the session (it cannot be switched back on), so a file or URL read fails inside DuckDB too.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

import duckdb

from evdb.errors import DatabaseError, QueryParamError
from evdb.queries.catalog import SavedQuery
from evdb.queries.params import bind_params, parse_as_of
from evdb.store import db as store_db

DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query, with enough metadata to render them honestly."""

    title: str
    columns: list[str]
    types: list[str]                 # DuckDB type names: 'VARCHAR', 'TIMESTAMP WITH TIME ZONE', ...
    rows: list[tuple]
    truncated: bool = False
    limit: int | None = None
    total_rows: int | None = None    # rows the query returns without the limit
    as_of: datetime | None = None
    sql: str = field(default="", repr=False)

    def __rich_console__(self, console, options):
        """A table; one block per row when the table cannot fit the width without losing columns."""
        from evdb.render import fitted
        yield fitted(self, console, options)

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        from evdb.render import result_table
        return Measurement.get(console, options, result_table(self))

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    @property
    def truncation_note(self) -> str | None:
        if not self.truncated:
            return None
        total = f" of {self.total_rows}" if self.total_rows is not None else ""
        return f"showing the first {len(self.rows)}{total} rows (--limit {self.limit}; --limit 0 shows all)"


def open_read_only(db_path: str | Path, *, allow_files: bool = False) -> duckdb.DuckDBPyConnection:
    con = store_db.connect(db_path, read_only=True)
    try:
        # Names in a query are the database's tables, never Python objects of this process.
        con.execute("SET python_enable_replacements = false")
        if not allow_files:
            con.execute("SET enable_external_access = false")
    except duckdb.Error as exc:
        con.close()
        raise _database_error(exc, "(setup)") from exc
    return con


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any], *, title: str,
            limit: int | None, as_of: datetime | None, label: str) -> QueryResult:
    """Run ``sql`` with bound ``params``; fetch ``limit`` rows (None or 0: all) and count the rest."""
    limit = limit or None
    try:
        store_db.set_as_of(con, as_of)
        cursor = con.execute(sql, dict(params)) if params else con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        types = [str(d[1]) for d in cursor.description or []]
        if limit is None:
            rows = cursor.fetchall()
            return QueryResult(title, columns, types, rows, False, None, len(rows), as_of, sql)
        rows = cursor.fetchmany(limit)
        extra = 0
        while True:  # count the rest without keeping it
            chunk = cursor.fetchmany(10_000)
            if not chunk:
                break
            extra += len(chunk)
    except duckdb.Error as exc:
        raise _database_error(exc, label) from exc
    return QueryResult(title, columns, types, rows, extra > 0, limit, len(rows) + extra, as_of, sql)


def _database_error(exc: duckdb.Error, label: str) -> DatabaseError:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    detail = "\n".join(text.splitlines()[1:]).strip()
    hint = None
    if isinstance(exc, duckdb.CatalogException) and "does not exist" in first:
        hint = "is the database up to date? `evdb init` upgrades it; `evdb sql \"SHOW TABLES\"` lists tables"
    elif isinstance(exc, duckdb.PermissionException):
        hint = "reading files or URLs is off; pass --allow-files if you mean it"
    elif label != "(sql)":
        hint = "`evdb queries --check` locates problems in saved queries as file:line:col"
    message = f"query {label} failed: {first}"
    if detail:
        message += "\n" + detail
    return DatabaseError(message, hint=hint)


def run_saved(db_path: str | Path, query: SavedQuery, raw_params: Mapping[str, str], *,
              as_of: datetime | str | None = None, limit: int | None = None,
              now: datetime | None = None, tz: str = "UTC") -> QueryResult:
    """Run a saved query with its parameters coerced by declared type."""
    values = bind_params(query, raw_params, now=now, tz=tz)
    moment = parse_as_of(as_of, now=now, tz=tz)
    con = open_read_only(db_path)
    try:
        return execute(con, query.sql, values, title=query.title, limit=limit, as_of=moment,
                       label=query.name)
    finally:
        con.close()


def run_sql(db_path: str | Path, sql: str, raw_params: Mapping[str, str] | None = None, *,
            dialect: str | None = None, allow_files: bool = False, as_of: datetime | str | None = None,
            limit: int | None = None, now: datetime | None = None, tz: str = "UTC") -> QueryResult:
    """Run one ad-hoc read-only statement (transpiled from ``dialect`` to DuckDB)."""
    from evdb.queries.guard import guard_sql

    checked = guard_sql(sql, dialect=dialect, allow_files=allow_files)
    raw_params = dict(raw_params or {})
    missing = sorted(set(checked.params) - set(raw_params))
    unknown = sorted(set(raw_params) - set(checked.params))
    if missing or unknown:
        used = ", ".join("$" + p for p in checked.params) or "none"
        if unknown:
            near = difflib.get_close_matches(unknown[0], checked.params, n=1)
            what = f"parameter {unknown[0]!r} is not used by the query" + (f" (did you mean {near[0]!r}?)" if near else "")
        else:
            what = f"missing value for ${missing[0]}"
        raise QueryParamError(what, hint=f"the query uses: {used}; give each as -p name=value")
    moment = parse_as_of(as_of, now=now, tz=tz)
    con = open_read_only(db_path, allow_files=allow_files)
    try:
        return execute(con, checked.sql, raw_params, title="", limit=limit, as_of=moment, label="(sql)")
    finally:
        con.close()
