"""Query parameters: turn ``-p key=value`` text into typed values bound to ``$key``.

Values are coerced by the declared type and bound as DuckDB parameters, never spliced into SQL.
Date and timestamp parameters accept ISO text (``2024-01-26``, ``2024-01``, ``2024``,
``2024-01-26T18:00+01:00``), the keywords ``today`` / ``now``, and, through
``evdb.temporal.parse_when``, relative expressions such as "last week" or "il y a 7 jours"
(the start of the interval they name is used).
"""
from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evdb.errors import QueryParamError
from evdb.queries.catalog import Param, SavedQuery

EXAMPLES = {
    "text": "Paris", "integer": "7", "double": "0.5", "boolean": "true",
    "date": "2024-01-26 (or 2024-01, today, 'last week')",
    "timestamp": "2024-01-26T18:00", "timestamptz": "2024-01-26T18:00+01:00",
}
TRUE = {"true", "t", "yes", "y", "1", "on", "oui", "vrai"}
FALSE = {"false", "f", "no", "n", "0", "off", "non", "faux"}
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


class CoercionError(ValueError):
    """A value is not of the declared type (message says why)."""


def coerce(value: Any, type_: str, *, now: datetime | None = None, tz: str = "UTC") -> Any:
    """Convert ``value`` (text from the command line, or a TOML default) to ``type_``."""
    if value is None:
        return None
    if type_ == "text":
        return str(value)
    if type_ == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE:
            return True
        if word in FALSE:
            return False
        raise CoercionError("not a boolean")
    if type_ == "integer":
        if isinstance(value, bool):
            raise CoercionError("not an integer")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip().replace("_", ""))
        except ValueError:
            raise CoercionError("not an integer") from None
    if type_ == "double":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise CoercionError("not a number") from None
    if type_ == "date":
        return _to_datetime(value, now, tz, want="date")
    if type_ in ("timestamp", "timestamptz"):
        return _to_datetime(value, now, tz, want=type_)
    raise CoercionError(f"unknown type {type_!r}")


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CoercionError(f"unknown time zone {tz!r}") from None


def _to_datetime(value: Any, now: datetime | None, tz: str, want: str) -> date | datetime:
    zone = _zone(tz)
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(0), zone)
    else:
        moment = _parse_moment(str(value).strip(), now, zone, tz)
    if want == "date":
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone)
        return moment.date()
    if want == "timestamp":
        return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _parse_moment(text: str, now: datetime | None, zone: ZoneInfo, tz: str) -> datetime:
    lowered = text.lower()
    if lowered in ("now", "today"):
        if now is None:
            raise CoercionError(f"{text!r} needs the current time, which was not given")
        local = now.astimezone(zone)
        return local if lowered == "now" else datetime.combine(local.date(), time(0), zone)
    if _YEAR.match(text):
        return datetime(int(text), 1, 1, tzinfo=zone)
    if _MONTH.match(text):
        try:
            return datetime(int(text[:4]), int(text[5:]), 1, tzinfo=zone)
        except ValueError:
            raise CoercionError("not a valid month") from None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text)
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    relative = _parse_relative(text, now, tz)
    if relative is None:
        raise CoercionError("not a date or time evdb understands")
    return relative


def _parse_relative(text: str, now: datetime | None, tz: str) -> datetime | None:
    """The start of a relative expression ("last week"), via the temporal engine."""
    if now is None:
        return None
    try:
        from evdb.temporal import parse_when
    except ImportError:  # pragma: no cover - the engine is part of evdb
        return None
    timex = parse_when(text, ref=now, tz=tz)
    if timex is None or timex.earliest is None:
        return None
    return timex.earliest


def check_declared_values(param: Param) -> str | None:
    """A problem with a parameter's declared default or choices, or None.

    Relative defaults ("today", "last week") depend on the clock, so they are only checked
    for their shape when no reference time is at hand: they are accepted here and coerced at run time.
    """
    for label, value in [("default", param.default)] + [("choice", c) for c in param.choices]:
        if value is None:
            continue
        if param.type in ("date", "timestamp", "timestamptz") and isinstance(value, str) \
                and not re.match(r"^\d{4}", value):
            continue
        try:
            coerce(value, param.type)
        except CoercionError as exc:
            return f"{label} {value!r} is {exc} (type {param.type}, e.g. {EXAMPLES[param.type]})"
    if param.default is not None and param.choices and param.default not in param.choices:
        return f"default {param.default!r} is not one of the choices {list(param.choices)}"
    return None


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["from=2024-01-01", "lang=fr"]`` -> dict; a value may contain ``=``."""
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            example = f"-p {item.strip()}=VALUE" if item.strip() and not sep else "-p from=2024-01-01"
            raise QueryParamError(f"parameter {item!r} is not key=value", hint=f"write {example}")
        result[key.strip()] = value
    return result


def declared_list(query: SavedQuery) -> str:
    if not query.params:
        return f"{query.name} takes no parameters"
    return f"{query.name} takes: " + "; ".join(p.describe() for p in query.params)


def bind_params(query: SavedQuery, raw: Mapping[str, str], *, now: datetime | None = None,
                tz: str = "UTC") -> dict[str, Any]:
    """Typed values for every declared parameter (defaults filled in), or QueryParamError."""
    unknown = [k for k in raw if query.param(k) is None]
    if unknown:
        close = difflib.get_close_matches(unknown[0], [p.name for p in query.params], n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise QueryParamError(f"unknown parameter {unknown[0]!r} for query {query.name}{guess}",
                              hint=declared_list(query))
    missing = [p for p in query.params if p.required and p.name not in raw]
    if missing:
        p = missing[0]
        example = p.example or EXAMPLES[p.type].split(" ")[0]
        raise QueryParamError(f"missing required parameter {p.name!r} ({p.type}) for query {query.name}",
                              hint=f"add -p {p.name}={example}; {declared_list(query)}")
    values: dict[str, Any] = {}
    for p in query.params:
        raw_value = raw.get(p.name, p.default)
        try:
            value = coerce(raw_value, p.type, now=now, tz=tz)
        except CoercionError as exc:
            example = p.example or EXAMPLES[p.type]
            source = "value" if p.name in raw else "default"
            raise QueryParamError(f"parameter {p.name!r}: {source} {raw_value!r} is {exc} (type {p.type})",
                                  hint=f"e.g. -p {p.name}={example}") from None
        if p.choices and value is not None:
            allowed = [coerce(c, p.type, now=now, tz=tz) for c in p.choices]
            if value not in allowed:
                raise QueryParamError(f"parameter {p.name!r}: {raw_value!r} is not one of "
                                      + ", ".join(str(c) for c in p.choices),
                                      hint=f"e.g. -p {p.name}={p.choices[0]}")
        values[p.name] = value
    return values


def parse_as_of(value: str | datetime | None, *, now: datetime | None, tz: str = "UTC") -> datetime | None:
    """``--as-of`` text (ISO, ``now``, or a relative expression) -> aware datetime."""
    if value is None or isinstance(value, datetime) and value.tzinfo:
        return value
    try:
        return coerce(value, "timestamptz", now=now, tz=tz)
    except CoercionError as exc:
        raise QueryParamError(f"--as-of {value!r} is {exc}",
                              hint="e.g. --as-of 2024-01-25T12:00:00+00:00 or --as-of 2024-01-25") from None


