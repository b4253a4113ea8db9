"""The tagging contract shared by ``evdb tag --json``, ``evdb tag --batch``, the scorers and tests.

One expression is one JSON object with the keys ``tid``, ``text``, ``char_start``, ``char_end``
(``text == input[char_start:char_end]``), ``type``, ``value``, ``mod``, ``earliest``, ``latest``
(ISO 8601 local date-times in the document's zone, without offset; null when open), ``grain``,
``anchor``, ``anchor_kind``, ``rule``, ``status``, ``reason``, ``sent_idx``, ``day_window``, and for
the two bounds of a range ("du 3 au 5 mars" -> "3", "5 mars") ``range_partner`` (the other bound's
``tid``) with ``range_start`` / ``range_end``, the whole range (null elsewhere).

Reference times (``--dct``, the ``dct`` of a batch line) are ISO 8601: ``2024-01-24``,
``2024-01-24T09:00``, ``2013-02-12T04:30:00-02:00`` (fractions of a second beyond microseconds are dropped). A date
alone means midnight at the start of that day (the corpora and most news metadata give a date
only; the engine resolves day-grain expressions the same way whatever the hour). The zone is the
``tz`` given; else a fixed offset written in the DCT (``-02:00`` -> ``Etc/GMT+2``); else UTC.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evdb.errors import EvdbError
from evdb.model import Timex

_DCT = re.compile(r"(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?)(?:[.,](\d+))?)?\s*(Z|[+-]\d\d:?\d\d)?")


class ContractError(EvdbError):
    """A reference time, zone or batch line is malformed."""


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ContractError(f"unknown time zone {name!r}",
                            hint="use an IANA zone name such as Europe/Paris, America/New_York or UTC") from exc


def _offset_zone(offset: str) -> str | None:
    """An IANA name for a whole-hour UTC offset (``-02:00`` -> ``Etc/GMT+2``: POSIX signs)."""
    if offset == "Z":
        return "UTC"
    sign, digits = offset[0], offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if minutes or hours > 12:
        return None
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"


def parse_dct(text: str, tz: str | None = None) -> tuple[datetime, str]:
    """Read a reference time; returns (aware datetime in the zone, zone name)."""
    m = _DCT.fullmatch((text or "").strip())
    if not m:
        raise ContractError(f"bad reference time {text!r}",
                            hint="write an ISO 8601 date or date-time: 2024-01-24 or 2024-01-24T09:00")
    day, clock, fraction, offset = m.groups()
    try:
        local = _local(day, clock, fraction)
    except ValueError as exc:
        raise ContractError(f"bad reference time {text!r}: {exc}") from exc
    if offset:
        written = timezone(timedelta(0)) if offset == "Z" else datetime.strptime(
            offset.replace(":", ""), "%z").tzinfo
        moment = local.replace(tzinfo=written)
        name = tz or _offset_zone(offset) or "UTC"
        return moment.astimezone(zone_of(name)), name
    name = tz or "UTC"
    return local.replace(tzinfo=zone_of(name)), name


def wall_clock(text: str) -> datetime:
    """The reference time as written (local wall clock, offset dropped), for comparisons."""
    m = _DCT.fullmatch((text or "").strip())
    if not m:
        raise ContractError(f"bad reference time {text!r}")
    return _local(*m.groups()[:3])


def _local(day: str, clock: str | None, fraction: str | None) -> datetime:
    moment = datetime.fromisoformat(f"{day}T{clock or '00:00'}")
    return moment.replace(microsecond=int((fraction or "0")[:6].ljust(6, "0")))


def _local_iso(moment: datetime | None, zone: ZoneInfo) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone).replace(tzinfo=None)
    return moment.isoformat()


def timex_to_dict(timex: Timex, zone: ZoneInfo) -> dict:
    return {
        "tid": timex.tid, "text": timex.text, "char_start": timex.char_start, "char_end": timex.char_end,
        "type": timex.type, "value": timex.value, "mod": timex.mod,
        "earliest": _local_iso(timex.earliest, zone), "latest": _local_iso(timex.latest, zone),
        "grain": timex.grain, "anchor": timex.anchor, "anchor_kind": timex.anchor_kind,
        "rule": timex.rule, "status": timex.status, "reason": timex.reason,
        "sent_idx": timex.sent_idx, "day_window": timex.day_window,
        "range_partner": timex.range_partner, "range_start": _local_iso(timex.range_start, zone),
        "range_end": _local_iso(timex.range_end, zone),
    }


def tag_to_dicts(text: str, lang: str, dct: str, tz: str | None = None, prefer: str = "nearest") -> list[dict]:
    """Tag one text and return the contract's objects (the engine is imported lazily).
    ``prefer``: direction of underspecified dates without a tense cue (nearest, past, future)."""
    from evdb.temporal import tag_document

    moment, name = parse_dct(dct, tz)
    return [timex_to_dict(t, zone_of(name)) for t in tag_document(text, lang, moment, name, prefer=prefer)]


@dataclass(frozen=True)
class BatchProblem:
    where: str      # file:line
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Tagger = Callable[[str, str, str, "str | None"], list[dict]]


def tag_batch(lines: Iterable[str], source: str, tagger: Tagger = tag_to_dicts) -> Iterator[dict | BatchProblem]:
    """Tag JSON lines ``{"id", "text", "lang", "dct"[, "tz"]}``; yields ``{"id", "timexes"}`` per good
    line and a :class:`BatchProblem` (``source:line: reason``) per bad one, in input order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
        except ValueError as exc:
            yield BatchProblem(where, f"not JSON ({exc})")
            continue
        if not isinstance(item, dict):
            yield BatchProblem(where, "expected a JSON object with id, text, lang, dct")
            continue
        missing = [k for k in ("id", "text", "lang", "dct") if k not in item]
        if missing:
            yield BatchProblem(where, f"missing key(s) {', '.join(missing)}")
            continue
        if not isinstance(item["text"], str):
            yield BatchProblem(where, "'text' must be a string")
            continue
        try:
            timexes = tagger(item["text"], str(item["lang"]), str(item["dct"]), item.get("tz"))
        except EvdbError as exc:
            yield BatchProblem(where, exc.message + (f" ({exc.hint})" if exc.hint else ""))
            continue
        yield {"id": item["id"], "timexes": timexes}
