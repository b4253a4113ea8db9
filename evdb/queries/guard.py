"""The read-only guard for ad-hoc SQL (``evdb sql``), built on sqlglot's tokens and AST.

Refused, each with a message naming what was refused and how to proceed: several statements;
anything but a query (DDL, DML, ATTACH/DETACH, COPY, INSTALL/LOAD, PRAGMA/SET/RESET, CALL,
EXPORT/IMPORT ...); and, unless ``allow_files``, every function or table name that reads a
file or a URL. The connection is read-only as well, so this is the first of two locks.
"""
from __future__ import annotations

import difflib
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from evdb.errors import QueryValidationError

QUERY_STARTS = {"SELECT", "WITH", "FROM", "VALUES", "TABLE", "(", "DESCRIBE", "DESC", "SHOW",
                "SUMMARIZE", "PIVOT", "UNPIVOT"}
_DATA = ("it changes data", "data enters evdb through `evdb ingest`; `evdb sql` only reads")
_SCHEMA = ("it changes the schema", "schema changes go in a new schema/NNN_name.sql file, applied by `evdb init`")
_DB = ("evdb sql queries the open database only", "choose the database with --db PATH")
_FILES = ("it reads or writes files", "to save results use --format csv|json|parquet --output FILE")
_EXT = ("extensions are not loaded", "evdb runs offline with DuckDB's built-in extensions (json, parquet, icu)")
_SETTINGS = ("it changes session settings", "use --as-of TIMESTAMP to query the past; other settings are fixed")
_TXN = ("transactions and maintenance are not needed for a query", "run the SELECT on its own")
REFUSED_STARTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "TRUNCATE", "REPLACE"), _DATA),
    **dict.fromkeys(("CREATE", "DROP", "ALTER", "COMMENT", "GRANT", "REVOKE"), _SCHEMA),
    **dict.fromkeys(("ATTACH", "DETACH", "USE"), _DB),
    **dict.fromkeys(("COPY", "EXPORT", "IMPORT"), _FILES),
    **dict.fromkeys(("INSTALL", "LOAD", "FORCE", "UPDATE_EXTENSIONS"), _EXT),
    **dict.fromkeys(("PRAGMA", "SET", "RESET"), _SETTINGS),
    "CALL": ("CALL runs a procedure", "call table functions as SELECT * FROM name(...)"),
    **dict.fromkeys(("BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END", "CHECKPOINT",
                     "FORCE_CHECKPOINT", "VACUUM", "ANALYZE", "PREPARE", "EXECUTE", "DEALLOCATE"), _TXN),
}
# Functions that read files, URLs or other databases (DuckDB names, lower case).
FILE_FUNCTIONS = frozenset({
    "read_csv", "read_csv_auto", "read_json", "read_json_auto", "read_json_objects",
    "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
    "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
    "parquet_kv_metadata", "parquet_bloom_probe", "read_text", "read_blob", "glob", "sniff_csv",
    "read_xlsx", "st_read", "iceberg_scan", "delta_scan", "sqlite_scan", "postgres_scan",
    "mysql_scan", "read_avro", "query", "query_table",
})
_NODES_REFUSED = tuple(getattr(exp, n) for n in (
    "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "TruncateTable", "Copy",
    "Attach", "Detach", "Install", "Pragma", "Set", "Command", "Use", "Transaction", "Commit",
    "Rollback", "Export", "Analyze", "Comment", "Grant", "Revoke") if hasattr(exp, n))
_ROOTS_ALLOWED = tuple(getattr(exp, n) for n in ("Query", "Values", "Describe", "Show", "Summarize", "Pivot")
                       if hasattr(exp, n))
_FILE_LIKE = re.compile(r"[./\\:]|^(https?|s3|gcs|az|hf)$", re.IGNORECASE)


@dataclass(frozen=True)
class GuardedSQL:
    sql: str                 # DuckDB SQL to run
    params: tuple[str, ...]  # $names used, in order of first use
    statement: exp.Expression


@contextmanager
def quiet_sqlglot():
    """sqlglot logs a warning when it falls back to a generic Command; the guard says more."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def caret_excerpt(sql: str, line: int, col: int) -> str:
    """The query line with a caret under column ``col`` (both 1-based)."""
    lines = sql.splitlines() or [""]
    line = max(1, min(line, len(lines)))
    text = lines[line - 1].expandtabs(1)
    gutter = f"{line} | "
    return f"  {gutter}{text}\n  {' ' * (len(gutter) - 2)}| {' ' * max(0, col - 1)}^"


def offset_to_line_col(sql: str, offset: int) -> tuple[int, int]:
    before = sql[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def syntax_error(sql: str, exc: ParseError | TokenError, where: str = "query",
                 line_offset: int = 0) -> QueryValidationError:
    line, col, description = _error_position(sql, exc)
    return QueryValidationError(
        f"syntax error at line {line + line_offset}, column {col}: {description}\n"
        + caret_excerpt(sql, line, col),
        hint="fix the SQL at the caret (DuckDB syntax unless --dialect says otherwise)",
        where=f"{where}:{line + line_offset}:{col}" if where != "query" else None)


def _error_position(sql: str, exc: ParseError | TokenError) -> tuple[int, int, str]:
    if isinstance(exc, ParseError) and exc.errors:
        err = exc.errors[0]
        description = _plain(str(err.get("description") or "cannot parse"))
        before, highlight = err.get("start_context") or "", err.get("highlight") or ""
        at = sql.find(before + highlight) if before or highlight else -1
        if at >= 0:  # sqlglot's own line/col go wrong after a trailing newline
            line, col = offset_to_line_col(sql, at + len(before))
            return line, col, description
        line, col = int(err.get("line") or 1), int(err.get("col") or 1)
        col = max(1, col - len(highlight or "x") + 1)  # sqlglot points at the token's end
        return line, col, description
    quote = _unclosed_quote(sql)
    if quote is not None:
        line, col = offset_to_line_col(sql, quote)
        return line, col, "this quote is never closed"
    m = re.search(r"Error tokenizing '(.*)'", str(exc), re.DOTALL)
    if m:
        line, col = offset_to_line_col(sql, max(0, len(m.group(1)) - 1))
        return line, col, "cannot read the text here (an unclosed quote?)"
    return 1, 1, str(exc).splitlines()[0]


_MISSING = re.compile(r"Required keyword: '(\w+)' missing for <class 'sqlglot\.[\w.]+'>")


def _plain(description: str) -> str:
    """sqlglot's message without its class names: 'Required keyword: 'expression' missing for
    <class 'sqlglot.expressions.EQ'>' -> 'expected an expression here'."""
    m = _MISSING.search(description)
    if not m:
        return description
    return "expected " + {"expression": "an expression", "this": "a value"}.get(m.group(1), m.group(1)) + " here"


def _unclosed_quote(sql: str) -> int | None:
    """Offset of a quote that opens a string never closed (doubled quotes are escapes)."""
    open_at, quote, i = None, "", 0
    while i < len(sql):
        ch = sql[i]
        if open_at is None:
            if ch in "'\"":
                open_at, quote = i, ch
            elif sql.startswith("--", i):
                i = sql.find("\n", i)
                if i < 0:
                    break
        elif ch == quote:
            if sql.startswith(quote * 2, i):
                i += 1
            else:
                open_at = None
        i += 1
    return open_at


def tokenize(sql: str, dialect: str = "duckdb") -> list[Token]:
    return sqlglot.Dialect.get_or_raise(dialect).tokenize(sql)


def statements(tokens: list[Token]) -> list[list[Token]]:
    """Tokens split at top-level semicolons; empty statements dropped."""
    result: list[list[Token]] = [[]]
    for tok in tokens:
        if tok.token_type == TokenType.SEMICOLON:
            result.append([])
        else:
            result[-1].append(tok)
    return [s for s in result if s]


def colon_params(tokens: list[Token]) -> list[Token]:
    """``:name`` tokens (DuckDB refuses them; sqlglot would rewrite them), outside [] and {}."""
    found, depth = [], 0
    for prev, tok in zip([None] + tokens, tokens):
        if tok.token_type in (TokenType.L_BRACKET, TokenType.L_BRACE):
            depth += 1
        elif tok.token_type in (TokenType.R_BRACKET, TokenType.R_BRACE):
            depth -= 1
        elif (tok.token_type == TokenType.COLON and depth <= 0 and prev is not None
              and prev.token_type not in (TokenType.VAR, TokenType.NUMBER, TokenType.R_PAREN)):
            found.append(tok)
    return found


def placeholder_names(statement: exp.Expression) -> tuple[list[str], list[str]]:
    """(named $params in order of first use, anonymous or positional ones like ? and $1)."""
    named: list[str] = []
    other: list[str] = []
    for node in statement.find_all(exp.Placeholder):
        name = node.name
        if not name or name == "?":
            other.append("?")
        elif name.isdigit():
            other.append("$" + name)
        elif name not in named:
            named.append(name)
    return named, other


def function_name(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return ""


def file_access(statement: exp.Expression) -> list[tuple[str, exp.Expression]]:
    """(description, node) for every function or table name that reads files or URLs."""
    found: list[tuple[str, exp.Expression]] = []
    for node in statement.find_all(exp.Func):
        name = function_name(node)
        if name in ("query", "query_table"):
            found.append((f"{name}() (it runs SQL given as text)", node))
        elif name in FILE_FUNCTIONS or name.startswith("read_") or name.endswith("_scan"):
            found.append((f"{name}()", node))
    ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
    for table in statement.find_all(exp.Table):
        ident = table.this
        if isinstance(ident, exp.Identifier) and table.name not in ctes and _FILE_LIKE.search(table.name):
            found.append((f"'{table.name}' used as a table", ident))
        elif isinstance(ident, exp.Literal) and ident.is_string:
            found.append((f"'{ident.this}' used as a table", ident))
    return found


def refuse_start(keyword: str) -> QueryValidationError:
    why, hint = REFUSED_STARTS.get(keyword, (
        "only queries are allowed", "start with SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW or SUMMARIZE"))
    return QueryValidationError(f"refused {keyword}: {why}; evdb sql runs read-only queries", hint=hint)


def guard_sql(sql: str, *, dialect: str | None = None, allow_files: bool = False) -> GuardedSQL:
    """Check one ad-hoc statement and return it as DuckDB SQL, or raise QueryValidationError."""
    read = (dialect or "duckdb").lower()
    try:
        sqlglot.Dialect.get_or_raise(read)
    except ValueError:
        raise QueryValidationError(f"unknown SQL dialect {dialect!r}",
                                   hint="e.g. --dialect postgres, sqlite, mysql, bigquery, duckdb") from None
    try:
        tokens = tokenize(sql, read)
    except TokenError as exc:
        raise syntax_error(sql, exc) from None
    parts = statements(tokens)
    if not parts:
        raise QueryValidationError("the query is empty", hint='e.g. evdb sql "SELECT count(*) FROM events"')
    if len(parts) > 1:
        second = parts[1][0]
        raise QueryValidationError(
            f"refused: {len(parts)} statements (the second starts at line {second.line}: "
            f"{second.text.upper()} ...); evdb sql runs exactly one",
            hint="run one statement per call; remove the extra ';'")
    keyword = parts[0][0].text.upper()
    if keyword not in QUERY_STARTS and keyword not in REFUSED_STARTS:
        first = parts[0][0]
        close = difflib.get_close_matches(keyword, sorted(QUERY_STARTS - {"("}), n=1, cutoff=0.6)
        if close:  # a typo of a query keyword ("selec 1") is a syntax error, not a refusal
            raise QueryValidationError(
                f"syntax error at line {first.line}, column {first.col - len(first.text) + 1}: "
                f"unknown keyword {first.text!r} (did you mean {close[0]}?)\n"
                + caret_excerpt(sql, first.line, first.col - len(first.text) + 1),
                hint="fix the SQL at the caret (DuckDB syntax unless --dialect says otherwise)")
    if keyword not in QUERY_STARTS:
        raise refuse_start(keyword)
    if read == "duckdb":
        colons = colon_params(parts[0])
        if colons:
            tok = colons[0]
            raise QueryValidationError(
                f"refused ':' parameter at line {tok.line}: DuckDB names parameters $name\n"
                + caret_excerpt(sql, tok.line, tok.col), hint="write $name and pass -p name=value")
    try:
        with quiet_sqlglot():
            parsed = [s for s in sqlglot.parse(sql, read=read) if s is not None]
    except (ParseError, TokenError) as exc:
        raise syntax_error(sql, exc) from None
    statement = parsed[0]
    _refuse_non_queries(statement)
    if read != "duckdb":
        duck_sql = statement.sql(dialect="duckdb")
        with quiet_sqlglot():
            statement = sqlglot.parse_one(duck_sql, read="duckdb")
    else:
        duck_sql = sql
    if not allow_files:
        access = file_access(statement)
        if access:
            what = access[0][0]
            raise QueryValidationError(
                f"refused {what}: it can read files or URLs",
                hint="query the evdb tables and views, or pass --allow-files if you mean to read that file")
    named, other = placeholder_names(statement)
    if other:
        raise QueryValidationError(f"refused the {other[0]} parameter: parameters are named",
                                   hint="write $name in the query and pass -p name=value")
    return GuardedSQL(sql=duck_sql, params=tuple(named), statement=statement)


def _refuse_non_queries(statement: exp.Expression) -> None:
    if not isinstance(statement, _ROOTS_ALLOWED):
        raise refuse_start(statement.key.upper())
    for node in statement.walk():
        if isinstance(node, _NODES_REFUSED):
            raise refuse_start(node.key.upper())
