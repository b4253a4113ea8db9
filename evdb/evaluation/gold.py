"""Reading gold data: phrase tables (TSV) and TimeML documents (.tml).

TSV: UTF-8, tab separated, a header line, no quoting. Columns used: ``id``, ``lang``,
``reference_time``, ``text``, ``expected_kind`` (instant, interval, duration, set; ``none`` or
empty for a row that must yield nothing), ``expected_value``, ``expected_grain``, and optionally
``expected_alt`` (other acceptable readings, `` | `` separated), ``input`` with ``span_start`` /
``span_end`` (the sentence around the phrase: it is tagged instead of the phrase alone),
``detail`` or ``category`` (used to group the figures) and ``flags`` (comma separated).

TimeML: every ``*.tml`` file of a folder; its text is the ``TEXT`` element with the markup
removed, its reference time the ``DCT`` TIMEX3, its gold the TIMEX3 elements inside ``TEXT``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from evdb.errors import EvdbError

REQUIRED_COLUMNS = ("id", "lang", "reference_time", "text", "expected_kind", "expected_value")


class GoldError(EvdbError):
    """A gold file cannot be read."""


@dataclass(frozen=True)
class GoldRow:
    id: str
    lang: str
    reference_time: str
    text: str
    kind: str
    value: str
    grain: str = ""
    alternatives: tuple[str, ...] = ()
    sentence: str = ""          # the text to tag ("" = the phrase itself)
    span: tuple[int, int] = (0, 0)  # the phrase inside ``sentence`` (or inside ``text``)
    category: str = ""
    flags: frozenset[str] = frozenset()
    where: str = ""             # file:line

    @property
    def negative(self) -> bool:
        return self.kind in ("", "none")

    @property
    def tagged_text(self) -> str:
        return self.sentence or self.text


def category_of(columns: dict[str, str]) -> str:
    """The group a row is counted in: the ``category`` column, else derived from ``detail``:
    a Recognizers-Text ``SpecFile:type`` gives the type, a TimeML ``type=DATE ...
    temporalFunction=true`` gives ``DATE/relative``, anything else its leading word."""
    if columns.get("category"):
        return columns["category"]
    detail = columns.get("detail", "")
    if m := re.search(r"\btype=(\w+)", detail):
        relative = "relative" if "temporalFunction=true" in detail else "absolute"
        return f"{m.group(1)}/{relative}"
    if re.fullmatch(r"[A-Za-z]+:[\w-]+", detail):
        return detail.split(":", 1)[1]
    # "datetime [allExamples]", "holiday: Christmas", "DurationData 90 Minute": the leading word
    return re.split(r"[\s:\[]", detail.strip(), maxsplit=1)[0] or "-"


def read_tsv(path: str | Path) -> list[GoldRow]:
    """Read a gold phrase table; a malformed line raises :class:`GoldError` naming file:line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read {path}: {exc}") from exc
    header = lines[0].rstrip("\r").split("\t") if lines else []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise GoldError(f"missing column(s) {', '.join(missing)}", where=f"{path}:1",
                        hint="the header must name at least: " + ", ".join(REQUIRED_COLUMNS))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise GoldError(f"{len(cells)} fields for {len(header)} columns", where=f"{path}:{number}",
                            hint="fields are tab separated and may not contain tabs")
        columns = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        rows.append(_row(columns, f"{path}:{number}"))
    return rows


def _row(columns: dict[str, str], where: str) -> GoldRow:
    kind = columns["expected_kind"].strip()
    if kind not in ("instant", "interval", "duration", "set", "none", ""):
        raise GoldError(f"unknown expected_kind {kind!r}", where=where,
                        hint="use instant, interval, duration, set, or none for a negative row")
    sentence, span = "", (0, len(columns["text"]))
    if columns.get("input") and columns.get("span_start", "").strip():
        try:
            span = (int(columns["span_start"]), int(columns["span_end"]))
        except ValueError as exc:
            raise GoldError("span_start / span_end must be integers", where=where) from exc
        sentence = columns["input"]
    alternatives = tuple(a.strip() for a in columns.get("expected_alt", "").split("|") if a.strip())
    flags = frozenset(f.strip() for f in columns.get("flags", "").split(",") if f.strip())
    return GoldRow(id=columns["id"], lang=columns["lang"].strip(), reference_time=columns["reference_time"].strip(),
                   text=columns["text"], kind=kind, value=columns["expected_value"].strip(),
                   grain=columns.get("expected_grain", "").strip(), alternatives=alternatives,
                   sentence=sentence, span=span, category=category_of(columns), flags=flags, where=where)


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class GoldDocument:
    id: str
    dct: str            # the DCT's date, YYYY-MM-DD
    text: str
    timexes: tuple[GoldTimex, ...] = field(default_factory=tuple)
    where: str = ""


def _flatten(element: ET.Element, pieces: list[str], found: list[tuple[ET.Element, int, int]]) -> int:
    """Append the text of ``element`` (markup removed) to ``pieces``; collect TIMEX3 offsets.
    Returns the length written so far."""
    length = sum(map(len, pieces))
    if element.text:
        pieces.append(element.text)
        length += len(element.text)
    for child in element:
        start = length
        length = _flatten(child, pieces, found)
        if child.tag == "TIMEX3":
            found.append((child, start, length))
        if child.tail:
            pieces.append(child.tail)
            length += len(child.tail)
    return length


def read_timeml(path: str | Path) -> GoldDocument | None:
    """One TimeML document, or None when it has no DCT or no TEXT."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<!DOCTYPE[^>]*>", "", raw)
    try:
        root = ET.fromstring(raw.encode("utf-8"))
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise GoldError(f"not well-formed XML: {exc}", where=f"{path}:{line}") from exc
    dct_element, text_element = root.find("DCT/TIMEX3"), root.find("TEXT")
    if dct_element is None or text_element is None:
        return None
    pieces: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []
    _flatten(text_element, pieces, found)
    plain = "".join(pieces)
    timexes = []
    for element, start, end in found:
        surface = plain[start:end]
        stripped = surface.strip()
        if not stripped:
            continue
        start += len(surface) - len(surface.lstrip())
        timexes.append(GoldTimex(start, start + len(stripped), element.get("type", ""),
                                 element.get("value", ""), stripped))
    return GoldDocument(id=path.stem, dct=dct_element.get("value", "")[:10], text=plain,
                        timexes=tuple(timexes), where=str(path))


def read_timeml_dir(folder: str | Path) -> list[GoldDocument]:
    folder = Path(folder)
    paths = sorted(p for p in folder.iterdir() if p.suffix == ".tml")
    if not paths:
        raise GoldError(f"no .tml files in {folder}", hint="pass a folder of TimeML documents or a .tsv file")
    return [doc for doc in map(read_timeml, paths) if doc is not None]
