"""The DuckDB file: open it, bring its schema up to date, choose the as-of time.

- ``connect(path, read_only=False)`` opens the database. Every connection runs with the session
  time zone set to UTC, so TIMESTAMPTZ values print, compare and convert the same way on every
  machine (local wall-clock times are stored separately, in ``*_local`` columns).
- ``migrate(con)`` applies ``schema/*.sql`` in lexical order and records each file with its
  sha256 in ``schema_migrations``. An applied file is never applied again; an applied file
  whose checksum changed is refused (add a new numbered file instead).
- ``set_as_of(con, ts)`` sets (or with ``None`` resets) the ``evdb_as_of`` variable that the
  views of ``schema/010_views.sql`` read: what the database held at that time.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from evdb import paths
from evdb.errors import DatabaseError, SchemaError

SESSION_TIMEZONE = "UTC"

_MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS schema_migrations (
  filename   VARCHAR PRIMARY KEY,  -- e.g. '002_timexes.sql'
  sha256     VARCHAR NOT NULL,     -- checksum of the file as applied
  applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
)"""


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the evdb database at ``path`` (created on demand unless ``read_only``)."""
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(
            f"no evdb database at {path}",
            hint="create it with `evdb ingest PATH...` (or an empty one with `evdb init`), "
                 "or point to another file with --db / EVDB_DB",
        )
    if not read_only and path.parent and not path.parent.exists():
        raise DatabaseError(f"cannot create {path}: folder {path.parent} does not exist",
                            hint="create the folder first or choose another --db path")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        con.execute(f"SET TimeZone = '{SESSION_TIMEZONE}'")
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot open {path}: {_first_line(exc)}", hint=_open_hint(exc)) from exc
    return con


@contextmanager
def opened(path: str | Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """``connect`` as a context manager that always closes the connection."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def migrate(con: duckdb.DuckDBPyConnection, now: datetime | None = None,
            schema_dir: Path | None = None) -> list[str]:
    """Apply the schema files not yet applied; return their file names (empty when up to date).

    ``now`` is recorded as ``applied_at`` (the CLI passes its clock; without it DuckDB's
    ``current_timestamp`` is used, which only affects that bookkeeping column).
    """
    folder = Path(schema_dir) if schema_dir is not None else paths.schema_dir()
    files = sorted(p for p in folder.glob("*.sql") if p.is_file())
    if not files:
        raise SchemaError(f"no schema files in {folder}", hint="reinstall evdb; schema/*.sql is part of it")
    try:
        con.execute(_MIGRATIONS_DDL)
        applied = dict(con.execute("SELECT filename, sha256 FROM schema_migrations").fetchall())
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot read schema_migrations: {_first_line(exc)}") from exc
    done: list[str] = []
    for file in files:
        data = file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if file.name in applied:
            if applied[file.name] != digest:
                raise SchemaError(
                    f"schema/{file.name} was edited after it was applied to this database; "
                    f"add a new numbered file (e.g. schema/{_next_number(files)}_...sql) instead",
                    hint="restore the file as it was (git checkout schema/) and put the change in a new file",
                )
            continue
        _apply(con, file, data.decode("utf-8"), digest, now)
        done.append(file.name)
    return done


def _apply(con: duckdb.DuckDBPyConnection, file: Path, sql: str, digest: str,
           now: datetime | None) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (filename, sha256, applied_at) "
                    "VALUES (?, ?, coalesce(CAST(? AS TIMESTAMPTZ), current_timestamp))",
                    [file.name, digest, now])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise SchemaError(f"schema/{file.name} failed: {_first_line(exc)}",
                          hint="fix the SQL in a new numbered file; nothing of this file was applied") from exc


def set_as_of(con: duckdb.DuckDBPyConnection, ts: datetime | None) -> None:
    """Make the views show the rows held at ``ts`` (tz-aware), or the current rows with ``None``."""
    if ts is None:
        con.execute("RESET VARIABLE evdb_as_of")
        return
    if ts.tzinfo is None:
        raise DatabaseError(f"as-of time {ts.isoformat()} has no time zone",
                            hint="give an offset or a zone, e.g. 2024-01-25T12:00:00+00:00")
    con.execute("SET VARIABLE evdb_as_of = CAST(? AS TIMESTAMPTZ)", [ts])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on any error (nothing half-written)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _next_number(files: list[Path]) -> str:
    numbers = [int(p.name[:3]) for p in files if p.name[:3].isdigit()]
    return f"{(max(numbers) + 1) if numbers else 1:03d}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _open_hint(exc: duckdb.Error) -> str | None:
    text = str(exc)
    if "lock" in text.lower():
        return "another evdb (or DuckDB) process has this file open for writing; wait for it or use another --db"
    if "not a valid DuckDB database" in text or "database file" in text.lower():
        return "this file is not a DuckDB database; choose another path with --db"
    return None
