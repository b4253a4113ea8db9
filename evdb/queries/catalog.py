"""Saved queries: find ``*.sql`` files, read their TOML header, describe their parameters.

A saved query is one file whose stem is its name (``events_by_week.sql``). The file opens with
a header of ``-- `` comment lines holding TOML, then one read-only DuckDB statement using
``$name`` parameters::

    -- title = "Events per ISO week"
    -- description = "Events per ISO week and type, with certain and possible counts."
    -- [params]
    -- since = { type = "date", default = "2024-01-01", help = "first day counted" }
    SELECT ...

User folders are searched before the bundled ``queries/`` folder, so a user file with the same
name shadows the shipped one.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from evdb import paths
from evdb.errors import QueryError, QueryValidationError

# Declared type -> canonical type. The canonical names are what coercion and messages use.
TYPE_ALIASES: dict[str, str] = {
    "text": "text", "varchar": "text", "string": "text", "str": "text",
    "integer": "integer", "int": "integer", "bigint": "integer", "smallint": "integer",
    "double": "double", "float": "double", "real": "double", "number": "double",
    "boolean": "boolean", "bool": "boolean",
    "date": "date",
    "timestamp": "timestamp",
    "timestamptz": "timestamptz", "timestamp with time zone": "timestamptz",
}
HEADER_KEYS = ("title", "description", "params")
PARAM_KEYS = ("type", "default", "required", "choices", "help", "example")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter of a saved query."""

    name: str
    type: str                       # canonical: text | integer | double | boolean | date | timestamp | timestamptz
    default: Any = None             # the raw default as written (coerced when the query runs)
    required: bool = False
    choices: tuple[Any, ...] = ()
    help: str = ""
    example: str | None = None      # a value that makes sense, shown in errors and used by tests

    def describe(self) -> str:
        """``from (date, default 2024-01-01)`` - for listings and error messages."""
        bits = [self.type]
        if self.required:
            bits.append("required")
        elif self.default is not None:
            bits.append(f"default {self.default}")
        else:
            bits.append("optional")
        if self.choices:
            bits.append("one of " + "|".join(str(c) for c in self.choices))
        return f"{self.name} ({', '.join(bits)})"


@dataclass(frozen=True, slots=True)
class SavedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sql: str                         # the statement without the header
    path: Path | None = None
    header_lines: int = 0            # lines before ``sql`` in the file (positions add this)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def where(self) -> str:
        return display_path(self.path) if self.path else self.name


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def split_header(text: str) -> tuple[list[str], str]:
    """Leading ``--`` comment lines (without the ``--``) and the SQL that follows them."""
    lines = text.splitlines(keepends=True)
    header: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        body = stripped[2:]
        header.append(body[1:] if body.startswith(" ") else body)
    return header, "".join(lines[len(header):])


def parse_query_text(text: str, name: str, path: Path | None = None) -> SavedQuery:
    """Build a :class:`SavedQuery` from a file's text; a malformed header raises
    :class:`QueryValidationError` located at ``file:line``."""
    where = display_path(path) if path else name
    header, sql = split_header(text)
    try:
        meta = tomllib.loads("\n".join(header))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+), column (\d+)", str(exc))
        loc = f"{where}:{m.group(1)}:{m.group(2)}" if m else f"{where}:1"
        raise QueryValidationError(
            f"the header is not valid TOML: {str(exc).split(' (at line')[0]}",
            hint='header lines are "-- key = value" (e.g. -- title = "Events per week"); '
                 "see README, Saved queries", where=loc) from None
    unknown = [k for k in meta if k not in HEADER_KEYS]
    if unknown:
        raise QueryValidationError(
            f"unknown header key {unknown[0]!r}" + _did_you_mean(unknown[0], HEADER_KEYS),
            hint="the header knows: " + ", ".join(HEADER_KEYS), where=f"{where}:{_header_line(header, unknown[0])}")
    raw_params = meta.get("params", {})
    if not isinstance(raw_params, dict):
        raise QueryValidationError("[params] must be a table of name = { type = ... }",
                                   where=f"{where}:{_header_line(header, 'params')}")
    params = tuple(_parse_param(n, spec, where, header) for n, spec in raw_params.items())
    if not sql.strip():
        raise QueryValidationError("the file has a header but no SQL statement",
                                   where=f"{where}:{len(header) + 1}")
    title = " ".join(str(meta.get("title") or name.replace("_", " ").capitalize()).split())
    return SavedQuery(name=name, title=title, description=" ".join(str(meta.get("description", "")).split()),
                      params=params, sql=sql, path=path, header_lines=len(header))


def _parse_param(name: str, spec: Any, where: str, header: list[str]) -> Param:
    loc = f"{where}:{_header_line(header, name)}"
    if not NAME_RE.match(name):
        raise QueryValidationError(f"parameter name {name!r} is not a valid identifier", where=loc)
    if not isinstance(spec, dict):
        raise QueryValidationError(f"parameter {name!r} must be an inline table",
                                   hint=f'{name} = {{ type = "date", default = "2024-01-01" }}', where=loc)
    unknown = [k for k in spec if k not in PARAM_KEYS]
    if unknown:
        raise QueryValidationError(
            f"parameter {name!r}: unknown key {unknown[0]!r}" + _did_you_mean(unknown[0], PARAM_KEYS),
            hint="a parameter knows: " + ", ".join(PARAM_KEYS), where=loc)
    declared = str(spec.get("type", "")).strip().lower()
    if declared not in TYPE_ALIASES:
        raise QueryValidationError(
            f"parameter {name!r}: unknown type {spec.get('type')!r}" if declared else f"parameter {name!r} has no type",
            hint="types: text, integer, double, boolean, date, timestamp, timestamptz", where=loc)
    choices = spec.get("choices", [])
    if not isinstance(choices, list):
        raise QueryValidationError(f"parameter {name!r}: choices must be a list", where=loc)
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise QueryValidationError(f"parameter {name!r}: required must be true or false", where=loc)
    default = spec.get("default")
    if required and default is not None:
        raise QueryValidationError(f"parameter {name!r} is required and has a default",
                                   hint="drop `required = true` or the default", where=loc)
    param = Param(name=name, type=TYPE_ALIASES[declared], default=default, required=required,
                  choices=tuple(choices), help=str(spec.get("help", "")),
                  example=None if spec.get("example") is None else str(spec["example"]))
    # Defaults and choices must be values of the declared type; say so now, not at run time.
    from evdb.queries.params import check_declared_values
    problem = check_declared_values(param)
    if problem:
        raise QueryValidationError(f"parameter {name!r}: {problem}", where=loc)
    return param


def _header_line(header: list[str], key: str) -> int:
    pattern = re.compile(rf"^\s*(\[\s*)?{re.escape(key)}\s*(=|\])")
    for i, line in enumerate(header, start=1):
        if pattern.match(line):
            return i
    return 1


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def search_dirs(extra_dirs: Iterable[str | Path] = ()) -> list[Path]:
    """User folders first (in the order given), then the bundled ``queries/``."""
    dirs = [Path(d).expanduser() for d in extra_dirs]
    for d in dirs:
        if not d.is_dir():
            raise QueryError(f"query folder {d} does not exist",
                             hint="check --queries / EVDB_QUERIES")
    return dirs + [paths.queries_dir()]


def query_files(extra_dirs: Iterable[str | Path] = ()) -> dict[str, Path]:
    """Name -> file, the first folder that has a name winning."""
    found: dict[str, Path] = {}
    for folder in search_dirs(extra_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.sql")):
            found.setdefault(path.stem, path)
    return found


def read_query(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryValidationError(f"not UTF-8 text ({exc.reason})", where=display_path(path)) from None
    return parse_query_text(text, path.stem, path)


def load_catalog(extra_dirs: Iterable[str | Path] = ()) -> dict[str, SavedQuery]:
    """Every saved query by name. A malformed file raises (``evdb queries --check`` lists all)."""
    return {name: read_query(path) for name, path in sorted(query_files(extra_dirs).items())}


def get_query(name: str, extra_dirs: Iterable[str | Path] = ()) -> SavedQuery:
    """One saved query by name; other files may be broken without harm."""
    files = query_files(extra_dirs)
    if name.endswith(".sql"):
        name = name[:-4]
    if name not in files:
        close = difflib.get_close_matches(name, list(files), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise QueryError(f"no saved query named {name!r}",
                         hint=hint + "saved queries: " + ", ".join(sorted(files)) + " (`evdb queries` lists them)")
    return read_query(files[name])
