"""Errors meant for humans.

Everything evdb expects to go wrong with a user's input raises an :class:`EvdbError`
subclass carrying a message, an optional hint (how to fix it) and an optional location
(``file:line`` or ``query:line:col``). The CLI turns them into ``Error: ...`` / ``Hint: ...``
on stderr and exit code 1; anything else is a bug and keeps its traceback.

Linguistic failure is *not* an error: an expression evdb cannot resolve is a row with
``status = 'unresolved'`` and a reason.
"""
from __future__ import annotations


class EvdbError(Exception):
    """Base class of every error that is the user's to fix."""

    def __init__(self, message: str, hint: str | None = None, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ResourceError(EvdbError):
    """A language pack (``evdb/resources/<lang>/*.toml``) is malformed."""


class IngestError(EvdbError):
    """A record of an input file cannot be read (``where`` is ``file:line``)."""


class SchemaError(EvdbError):
    """The database schema cannot be applied (e.g. an applied migration was edited)."""


class QueryError(EvdbError):
    """A saved or ad-hoc query is wrong."""


class QueryValidationError(QueryError):
    """A query fails the static checks (parse, read-only, tables, columns, parameters)."""


class QueryParamError(QueryError):
    """A query parameter is missing, unknown or of the wrong type."""


class DatabaseError(EvdbError):
    """DuckDB refused something (wraps ``duckdb.Error``)."""


class ReportError(EvdbError):
    """A report definition or run failed."""
