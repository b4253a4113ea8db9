"""Query commands: ``queries`` (list / check saved queries), ``query NAME`` and ``sql``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from evdb.cli._common import err_console, out_console
from evdb.cli._output import emit, output_options
from evdb.errors import QueryError, QueryValidationError
from evdb.queries.catalog import display_path, get_query
from evdb.queries.check import check_catalog, scan_catalog
from evdb.queries.params import parse_assignments
from evdb.queries.run import QueryResult, run_saved, run_sql

_PARAM = click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
                      help="Query parameter (repeatable); dates also take 'today', 2024-01, 'last week'.")
EPILOG = """\b
Exit codes: 0 ok; 1 error in your query, parameters or data (Error: ... on stderr);
2 usage error. Stdout carries only the data; notes go to stderr."""
_AS_OF = click.option("--as-of", "as_of", metavar="TIMESTAMP", default=None,
                      help="Answer with what the database held then (ISO time or date).")


@click.command("queries", epilog=EPILOG)
@click.argument("name", required=False)
@click.option("--check", is_flag=True, help="Validate every saved query; print file:line:col: message.")
@output_options
@click.pass_obj
def queries_cmd(app, name: str | None, check: bool, fmt: str, output: str | None, limit: int) -> None:
    """List saved queries (name, title, parameters), describe one (NAME), or check them all.

    Saved queries are queries/*.sql plus the folders given with --queries (searched first).

    \b
    Examples:
      evdb queries
      evdb queries events_in_window
      evdb --queries ./my_queries queries --check
    """
    if name and not check:
        query = get_query(name, app.query_dirs)
        if fmt == "table" and output is None:
            console = out_console()
            unfolded = not console.is_terminal  # piped: one line per line, never folded at 80 columns
            console.print(f"[bold]{query.name}[/]: {query.title}", highlight=False, soft_wrap=unfolded)
            if query.description:
                console.print(query.description, highlight=False, markup=False, soft_wrap=unfolded)
            console.print(f"file: {query.where}", highlight=False, markup=False, soft_wrap=unfolded)
        rows = [(p.name, p.type, "yes" if p.required else "no",
                 None if p.default is None else str(p.default),
                 ", ".join(str(c) for c in p.choices) or None, p.example, p.help or None) for p in query.params]
        emit(QueryResult("Parameters", ["param", "type", "required", "default", "choices", "example", "help"],
                         ["VARCHAR"] * 7, rows), fmt, output)
        return
    if check:
        count, problems = check_catalog(app.query_dirs)
        for problem in problems:
            click.echo(str(problem))
        if problems:
            raise QueryValidationError(f"{len(problems)} problem(s) in {count} saved queries",
                                       hint="fix the lines above; README, Saved queries, has the format")
        err_console().print(f"{count} saved queries checked: no problems.", highlight=False)
        return
    found, problems = scan_catalog(app.query_dirs)
    rows = [(q.name, q.title, ", ".join(p.describe() for p in q.params) or "-",
             display_path(q.path.parent) if q.path else "") for q in found.values()]
    shown = rows[:limit] if limit else rows
    result = QueryResult("Saved queries", ["name", "title", "parameters", "folder"],
                         ["VARCHAR"] * 4, shown, len(shown) < len(rows), limit or None, len(rows))
    emit(result, fmt, output)
    for problem in problems:
        err_console().print(f"Warning: {problem}", highlight=False, markup=False)


@click.command("query", epilog=EPILOG)
@click.argument("name")
@_PARAM
@_AS_OF
@output_options
@click.pass_obj
def query_cmd(app, name: str, params: tuple[str, ...], as_of: str | None, fmt: str,
              output: str | None, limit: int) -> None:
    """Run the saved query NAME with typed parameters.

    `evdb queries` lists the saved queries; `evdb queries NAME` shows what NAME answers and
    its parameters (type, default, choices). The connection is read-only.

    \b
    Examples:
      evdb query events_by_week
      evdb query date_readings -p kind=anaphoric -p lang=fr
      evdb query events_in_window -p from=2024-01-20 -p to=2024-01-27 --format json
      evdb query actor_timeline -p actor=JNIM --as-of 2024-01-25T12:00:00Z
    """
    query = get_query(name, app.query_dirs)
    result = run_saved(app.db_path, query, parse_assignments(params), as_of=as_of, limit=limit,
                       now=app.now())
    emit(result, fmt, output)


@click.command("sql", epilog=EPILOG)
@click.argument("sql_text", metavar="SQL")
@_PARAM
@click.option("--dialect", default=None, metavar="NAME",
              help="Dialect the SQL is written in (postgres, sqlite, mysql, ...); default duckdb.")
@click.option("--allow-files", is_flag=True, help="Allow read_csv(), read_parquet(), 'file.csv' and URLs.")
@_AS_OF
@output_options
@click.pass_obj
def sql_cmd(app, sql_text: str, params: tuple[str, ...], dialect: str | None, allow_files: bool,
            as_of: str | None, fmt: str, output: str | None, limit: int) -> None:
    """Run one read-only SQL query (SQL, '-' for stdin, or @FILE.sql).

    DDL, DML, ATTACH, COPY, INSTALL/LOAD, PRAGMA/SET and file reads are refused.

    \b
    Examples:
      evdb sql "SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC"
      evdb sql "SELECT * FROM events WHERE earliest >= \\$since" -p since=2024-01-20
      evdb sql --dialect sqlite "SELECT ifnull(country, '?') FROM events LIMIT 5"
      evdb sql @my_query.sql --format csv -o out.csv
    """
    result = run_sql(app.db_path, _read_sql(sql_text), parse_assignments(params), dialect=dialect,
                     allow_files=allow_files, as_of=as_of, limit=limit, now=app.now())
    emit(result, fmt, output)


def _read_sql(text: str) -> str:
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read {path}: {exc.strerror}", hint="@FILE reads the SQL from FILE") from None
    return text


COMMANDS = [queries_cmd, query_cmd, sql_cmd]
