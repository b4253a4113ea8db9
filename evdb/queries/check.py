"""Static checks of saved queries with sqlglot, reported as ``file:line:col: message``.

1. exactly one statement; 2. a query (SELECT / WITH / UNION ...), no DML or DDL, no file reads;
3. every table that is not a CTE exists in the schema (read from DuckDB's information_schema
after applying ``schema/*.sql`` to an in-memory database); 4. ``qualify`` resolves every column;
5. the ``$params`` used equal the declared ``[params]``; ``?`` and ``:name`` are refused;
6. DuckDB binds and runs it on an empty database with its default parameter values.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, Iterable

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError, ParseError, TokenError
from sqlglot.optimizer.qualify import qualify
from sqlglot.tokens import Token, TokenType

from evdb import paths
from evdb.errors import EvdbError
from evdb.queries import guard
from evdb.queries.catalog import SavedQuery, display_path, query_files, read_query

SAVED_STARTS = {"SELECT", "WITH", "FROM", "VALUES", "TABLE", "("}


@dataclass(frozen=True)
class Problem:
    where: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}:{self.col}: {self.message}"


@cache
def _empty_db(folder: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the schema applied (kept for the process: it is small)."""
    from evdb.store.db import migrate

    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    migrate(con, schema_dir=Path(folder))
    return con


@cache
def _schema_cached(folder: str, stamp: tuple) -> dict[str, dict[str, str]]:
    con = _empty_db(folder, stamp).cursor()
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
    schema: dict[str, dict[str, str]] = {}
    for table, column, type_name in rows:
        schema.setdefault(table, {})[column] = type_name
    return schema


def _stamp(schema_dir: Path | None) -> tuple[str, tuple]:
    folder = Path(schema_dir) if schema_dir else paths.schema_dir()
    return str(folder), tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.sql")))


def schema_columns(schema_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """``{table_or_view: {column: type}}`` of a fresh database built from ``schema/*.sql``."""
    return _schema_cached(*_stamp(schema_dir))


CHECK_NOW = datetime(2024, 1, 24, 8, 0, tzinfo=timezone.utc)  # the clock of relative defaults in checks
PLACEHOLDER_VALUES = {"text": "x", "integer": 1, "double": 1.0, "boolean": True, "date": date(2024, 1, 1),
                      "timestamp": datetime(2024, 1, 1), "timestamptz": datetime(2024, 1, 1, tzinfo=timezone.utc)}


def check_binds(query: SavedQuery, schema_dir: Path | None = None) -> list[Problem]:
    """Run the query on an empty database with its defaults, the examples of required parameters
    and NULL for the other optional ones: DuckDB's binder then catches type errors
    (``NULL + INTERVAL``), unknown functions and wrong argument counts."""
    from evdb.queries.params import CoercionError, coerce

    values: dict[str, Any] = {}
    for p in query.params:
        raw = p.example if p.required else p.default
        try:
            values[p.name] = coerce(raw, p.type, now=CHECK_NOW) if raw is not None else (
                PLACEHOLDER_VALUES[p.type] if p.required else None)
        except CoercionError:
            values[p.name] = PLACEHOLDER_VALUES[p.type]
    con = _empty_db(*_stamp(schema_dir)).cursor()
    try:
        con.execute(query.sql, values).fetchall()
    except duckdb.Error as exc:
        text = str(exc)
        first = text.strip().splitlines()[0]
        line, col = _duckdb_position(query.sql, text)
        return [Problem(query.where, line + query.header_lines, col, f"DuckDB refuses it: {first}")]
    finally:
        con.close()
    return []


def _duckdb_position(sql: str, message: str) -> tuple[int, int]:
    """Line and column from DuckDB's ``LINE n: ...`` excerpt and caret."""
    lines = message.splitlines()
    for i, text in enumerate(lines):
        m = re.match(r"LINE (\d+): ", text)
        if not m:
            continue
        line = int(m.group(1))
        caret = lines[i + 1].find("^") if i + 1 < len(lines) else -1
        shown = text[m.end():]
        source = sql.splitlines()[line - 1] if line <= len(sql.splitlines()) else ""
        if caret >= m.end() and source.startswith(shown.rstrip()[:20]):
            return line, caret - m.end() + 1
        return line, 1
    return 1, 1


def _pos(sql: str, offset: int, line_offset: int) -> tuple[int, int]:
    line, col = guard.offset_to_line_col(sql, offset)
    return line + line_offset, col


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word.lower(), sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_sql(sql: str, declared: Iterable[str], *, where: str, line_offset: int = 0,
              schema: dict[str, dict[str, str]] | None = None,
              header_lines_of: dict[str, int] | None = None) -> list[Problem]:
    """Every problem of one saved-query body; positions are file positions (header counted)."""
    schema = schema_columns() if schema is None else schema
    declared = list(declared)
    problems: list[Problem] = []

    def add(offset: int, message: str) -> None:
        problems.append(Problem(where, *_pos(sql, offset, line_offset), message))

    try:
        tokens = guard.tokenize(sql)
    except TokenError as exc:
        line, col, text = guard._error_position(sql, exc)
        return [Problem(where, line + line_offset, col, text)]
    parts = guard.statements(tokens)
    if not parts:
        return [Problem(where, line_offset + 1, 1, "no SQL statement after the header")]
    if len(parts) > 1:
        add(parts[1][0].start, f"a second statement ({parts[1][0].text.upper()} ...): "
                               "a saved query holds exactly one statement")
        return problems
    first = parts[0][0]
    if first.text.upper() not in SAVED_STARTS:
        add(first.start, f"{first.text.upper()} is not a query: a saved query is one SELECT "
                         "(or WITH / UNION / VALUES) and nothing else")
        return problems
    for tok in guard.colon_params(parts[0]):
        add(tok.start, "':name' parameters are refused (DuckDB reads them as a syntax error): write $name")
    for tok in parts[0]:
        if tok.token_type == TokenType.PLACEHOLDER:
            add(tok.start, "anonymous '?' parameter: use a declared $name")
    used = _dollar_params(parts[0])
    try:
        with guard.quiet_sqlglot():
            statement = sqlglot.parse_one(sql, read="duckdb")
    except ParseError as exc:
        line, col, text = guard._error_position(sql, exc)
        problems.append(Problem(where, line + line_offset, col, f"syntax error: {text}"))
        return problems
    if not isinstance(statement, (exp.Query, exp.Values)):
        add(first.start, f"{statement.key.upper()} is not a query")
        return problems
    for node in statement.walk():
        if isinstance(node, guard._NODES_REFUSED):
            add(_locate(tokens, node.key), f"{node.key.upper()} inside a query: saved queries only read")
    for what, node in guard.file_access(statement):
        add(_node_offset(node, tokens, what), f"{what} reads files or URLs: saved queries read the evdb tables")

    # Parameters: used == declared.
    for name, tok in used.items():
        if name.isdigit():
            add(tok.start, f"positional parameter ${name}: use a declared $name")
        elif name not in declared:
            add(tok.start, f"parameter ${name} is not declared in [params]" + _did_you_mean(name, declared))
    for name in declared:
        if name not in used:
            line = (header_lines_of or {}).get(name, 1)
            problems.append(Problem(where, line, 1, f"declared parameter {name!r} is not used in the query "
                                                    "(remove it or use $" + name + ")"))

    # Tables and columns.
    ctes = {cte.alias_or_name.lower() for cte in statement.find_all(exp.CTE)}
    unknown_table = False
    for table in statement.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            continue  # a table function such as range(3)
        name = table.name
        if name.lower() in ctes or table.db not in ("", "main") or name.lower() in schema:
            continue
        if guard._FILE_LIKE.search(name):
            continue  # already reported as a file read
        unknown_table = True
        add(table.this.meta.get("start", 0),
            f"unknown table {name!r}" + _did_you_mean(name, schema))
    if not unknown_table and not problems:
        problems.extend(_check_columns(statement, sql, schema, where, line_offset, tokens))
    return problems


def _dollar_params(tokens: list[Token]) -> dict[str, Token]:
    used: dict[str, Token] = {}
    for prev, tok in zip(tokens, tokens[1:]):
        if prev.token_type == TokenType.PARAMETER and prev.text == "$":
            used.setdefault(tok.text, prev)
    return used


def _locate(tokens: list[Token], text: str) -> int:
    text = text.lower()
    return next((t.start for t in tokens if t.text.lower() == text), 0)


def _node_offset(node: exp.Expression, tokens: list[Token], what: str) -> int:
    start = node.meta.get("start") if node.meta else None
    if start is not None:
        return start
    name = what.split("(")[0].strip("'")
    return _locate(tokens, name)


def _check_columns(statement: exp.Expression, sql: str, schema: dict, where: str, line_offset: int,
                   tokens: list[Token]) -> list[Problem]:
    mapping = {t: dict(cols) for t, cols in schema.items()}
    try:
        qualify(statement.copy(), schema=mapping, dialect="duckdb", validate_qualify_columns=True,
                quote_identifiers=False)
    except OptimizeError as exc:
        message = str(exc).splitlines()[0]
        m = re.search(r"Unknown column: (\w+)|Column '([^']+)' could not be resolved", message)
        name = (m.group(1) or m.group(2)) if m else None
        offset = 0
        if name:
            for column in statement.find_all(exp.Column):
                if column.name == name:
                    offset = column.this.meta.get("start", 0)
                    break
            else:
                offset = _locate(tokens, name)
            candidates = [c for c in _visible_columns(statement, schema) if c != name]
            line, col = _pos(sql, offset, line_offset)
            return [Problem(where, line, col, f"unknown column {name!r}" + _did_you_mean(name, candidates))]
        m = re.search(r"Line: (\d+), Col: (\d+)", message)
        line, col = (int(m.group(1)) + line_offset, int(m.group(2))) if m else (line_offset + 1, 1)
        return [Problem(where, line, col, message)]
    return []


def _visible_columns(statement: exp.Expression, schema: dict) -> list[str]:
    names: list[str] = []
    for table in statement.find_all(exp.Table):
        names.extend(schema.get(table.name.lower(), {}))
    for select in statement.find_all(exp.Select):
        names.extend(e.alias_or_name for e in select.expressions)
    return names


def param_header_lines(query: SavedQuery) -> dict[str, int]:
    """Line of each ``name = {...}`` in the header of the query's file."""
    if query.path is None or not query.path.exists():
        return {}
    lines = query.path.read_text(encoding="utf-8").splitlines()[: query.header_lines]
    found: dict[str, int] = {}
    for param in query.params:
        pattern = re.compile(rf"^--\s*{re.escape(param.name)}\s*=")
        found[param.name] = next((i for i, line in enumerate(lines, 1) if pattern.match(line.strip())), 1)
    return found


def check_query(query: SavedQuery, schema: dict[str, dict[str, str]] | None = None) -> list[Problem]:
    problems = check_sql(query.sql, [p.name for p in query.params], where=query.where,
                         line_offset=query.header_lines, schema=schema,
                         header_lines_of=param_header_lines(query))
    if not problems and schema is None:
        problems = check_binds(query)
    return problems


def check_catalog(extra_dirs: Iterable[str | Path] = ()) -> tuple[int, list[Problem]]:
    """(number of query files, problems of all of them), header problems included."""
    files = query_files(extra_dirs)
    problems: list[Problem] = []
    for name, path in sorted(files.items()):
        try:
            query = read_query(path)
        except EvdbError as exc:
            problems.append(_header_problem(exc, path))
            continue
        problems.extend(check_query(query))
    return len(files), problems


def scan_catalog(extra_dirs: Iterable[str | Path] = ()) -> tuple[dict[str, SavedQuery], list[Problem]]:
    """Readable queries by name, and header problems of the files that cannot be read."""
    queries: dict[str, SavedQuery] = {}
    problems: list[Problem] = []
    for name, path in sorted(query_files(extra_dirs).items()):
        try:
            queries[name] = read_query(path)
        except EvdbError as exc:
            problems.append(_header_problem(exc, path))
    return queries, problems


def _header_problem(exc: EvdbError, path: Path) -> Problem:
    where = exc.where or display_path(path)
    parts = where.rsplit(":", 2)
    line = col = 1
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        where, line, col = parts[0], int(parts[1]), int(parts[2])
    elif len(parts) >= 2 and parts[-1].isdigit():
        where, line = ":".join(parts[:-1]), int(parts[-1])
    message = exc.message + (f" ({exc.hint})" if exc.hint else "")
    return Problem(where, line, col, message)
