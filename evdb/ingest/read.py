"""Input files -> Documents (the only I/O of the pipeline's front end).

Formats:

- ``.jsonl`` (or ``.ndjson``): one JSON object per line with keys ``id``, ``url``, ``title``,
  ``published``, ``source``, ``lang``, ``text`` and ``tz`` (other keys are ignored);
- ``.txt`` / ``.md``: the article text, optionally preceded by front matter between two ``---``
  lines, one ``key: value`` per line (``id``, ``title``, ``published``, ``source``, ``url``,
  ``lang``, ``tz``). A Markdown file without a title takes its first ``# heading``;
- directories, recursively, in sorted order. A walk skips hidden files and folders (``.name``),
  ``README*`` files and every folder that holds a file named ``.evdbignore`` (with a note: gold
  annotations and other JSON lines that are not articles live there, e.g.
  ``sample_data/gold``); other files are skipped with a note. None of this is an error, and a
  file or folder named on the command line is always read.

Missing fields are filled from ``Defaults`` (the CLI's ``--published/--lang/--source/--tz``).
A bad record becomes a ``Problem(file, line, reason)``; reading goes on with the next one.

Ids: ``article_key`` is ``source:id`` when the record has an id (just the id without a source),
else its url, else its content hash; ``doc_id`` is the first 16 hex digits of
``sha256(article_key + "\\n" + content_hash)``, where ``content_hash`` is the sha256 of the text.
Same article, same text -> same doc_id; a revised text -> a new doc_id with the same article_key.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from evdb.model import Document

SUPPORTED_LANGS = ("en", "fr")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".md")
IGNORE_MARKER = ".evdbignore"  # a folder holding this file is skipped by a directory walk
FRONT_MATTER_KEYS = ("id", "title", "published", "source", "url", "lang", "tz")
DEFAULT_TZ = "UTC"


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be read; it is skipped and reported as ``file:line: reason``."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Defaults:
    """Values for fields a record leaves out (from ``--published --lang --source --tz``)."""

    published: datetime | None = None
    lang: str | None = None
    source: str | None = None
    tz: str | None = None


class _Bad(Exception):
    """A bad record, raised inside the reader and turned into a Problem at ``line``."""

    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


class Reader:
    """Iterates the documents (and problems) of files and folders, counting bytes for progress."""

    def __init__(self, paths: list[str | Path], defaults: Defaults = Defaults(),
                 on_note: Callable[[str], None] | None = None):
        self.defaults = defaults
        self.on_note = on_note or (lambda message: None)
        self.files: list[Path] = []
        self.missing: list[Problem] = []
        for p in map(Path, paths):
            self._plan(p, explicit=True)
        self.bytes_total = sum(_size(f) for f in self.files)
        self.bytes_read = 0

    def _plan(self, path: Path, explicit: bool) -> None:
        if path.is_dir():
            if not explicit and (path / IGNORE_MARKER).exists():
                self.on_note(f"skipping {path}{os.sep} (it holds a {IGNORE_MARKER} file: not articles)")
                return
            for child in sorted(path.iterdir(), key=lambda c: c.name):
                if child.name.startswith(".") or child.name.lower().startswith("readme"):
                    continue
                self._plan(child, explicit=False)
        elif not path.exists():
            self.missing.append(Problem(str(path), 1, "no such file or folder"))
        elif path.suffix.lower() in JSONL_SUFFIXES + TEXT_SUFFIXES:
            self.files.append(path)
        elif explicit:
            self.missing.append(Problem(str(path), 1, "not an article file: evdb reads .jsonl, .txt and .md"))
        else:
            self.on_note(f"skipping {path} (not .jsonl, .txt or .md)")

    def __iter__(self) -> Iterator[Document | Problem]:
        yield from self.missing
        for file in self.files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                yield from self._jsonl(file)
            else:
                yield from self._text(file)

    def _jsonl(self, file: Path) -> Iterator[Document | Problem]:
        name = str(file)
        try:
            handle = file.open("rb")
        except OSError as exc:
            yield Problem(name, 1, f"cannot read: {exc.strerror}")
            return
        with handle:
            for lineno, raw in enumerate(handle, start=1):
                self.bytes_read += len(raw)
                if not raw.strip():
                    continue
                try:
                    yield self._json_record(raw, lineno, name)
                except _Bad as bad:
                    yield Problem(name, bad.line, bad.reason)

    def _json_record(self, raw: bytes, lineno: int, name: str) -> Document:
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise _Bad(lineno, _decode_reason(exc, raw)) from None
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            raise _Bad(lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
        if not isinstance(record, dict):
            raise _Bad(lineno, f"expected a JSON object, got {type(record).__name__}")
        fields = {}
        for key in FRONT_MATTER_KEYS:
            value = record.get(key)
            if value is None:
                continue
            if key == "id" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise _Bad(lineno, f'"{key}" must be a string, got {type(value).__name__}')
            fields[key] = value
        text = record.get("text")
        if text is not None and not isinstance(text, str):
            raise _Bad(lineno, f'"text" must be a string, got {type(text).__name__}')
        lines = {key: lineno for key in fields}
        return self._document(fields, lines, text, lineno, f"{name}:{lineno}", 'add a "text" key')

    def _text(self, file: Path) -> Iterator[Document | Problem]:
        name = str(file)
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield Problem(name, 1, f"cannot read: {exc.strerror}")
            return
        self.bytes_read += len(data)
        try:
            yield self._text_record(data, file)
        except _Bad as bad:
            yield Problem(name, bad.line, bad.reason)

    def _text_record(self, data: bytes, file: Path) -> Document:
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise _Bad(line, _decode_reason(exc, data)) from None
        lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        fields: dict[str, str] = {}
        where: dict[str, int] = {}
        body_start = 0
        if lines and lines[0].strip() == "---":
            close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if close is None:
                raise _Bad(1, "front matter opened with --- is never closed (add a --- line after it)")
            for i in range(1, close):
                key, value = _front_matter_line(lines[i], i + 1)
                if key:
                    fields[key], where[key] = value, i + 1
            body_start = close + 1
        body = "\n".join(lines[body_start:])
        if file.suffix.lower() == ".md" and "title" not in fields:
            heading = next((ln for ln in lines[body_start:] if ln.strip()), "")
            if heading.startswith("# "):
                fields["title"] = heading[2:].strip()
        first = body_start + 1 + next((i for i, ln in enumerate(lines[body_start:]) if ln.strip()), 0)
        return self._document(fields, where, body, first, f"{file}:{first}",
                              "write the article text after the front matter")

    def _document(self, fields: dict[str, str], where: dict[str, int], text: str | None,
                  text_line: int, origin: str, text_fix: str) -> Document:
        d = self.defaults
        line_of = lambda key: where.get(key, text_line)  # noqa: E731
        if text is None or not text.strip():
            raise _Bad(text_line, f"missing text ({text_fix})")
        text = text.strip()
        lang = fields.get("lang") or d.lang
        if not lang:
            raise _Bad(text_line, "no language: add lang (fr or en) to the record or pass --lang")
        lang_code = lang.strip().lower().replace("_", "-").split("-")[0]
        if lang_code not in SUPPORTED_LANGS:
            raise _Bad(line_of("lang"), f"unknown language {lang!r} (evdb reads: {', '.join(SUPPORTED_LANGS)})")
        tz = (fields.get("tz") or d.tz or DEFAULT_TZ).strip()
        try:
            zone = _zone(tz)
        except ValueError:
            raise _Bad(line_of("tz"), f"unknown time zone {tz!r} (use an IANA name such as Europe/Paris or UTC)") from None
        if fields.get("published"):
            try:
                published = parse_published(fields["published"], tz)
            except ValueError as exc:
                raise _Bad(line_of("published"), str(exc)) from None
        elif d.published is not None:
            published = d.published if d.published.tzinfo else d.published.replace(tzinfo=zone)
        else:
            raise _Bad(text_line, "no publication date: add published (e.g. 2024-01-24T09:00+01:00) or pass --published")
        source = _clean(fields.get("source")) or _clean(d.source)
        source_id = _clean(fields.get("id"))
        url = _clean(fields.get("url"))
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if source_id:
            article_key = f"{source}:{source_id}" if source else source_id
        else:
            article_key = url or content_hash
        doc_id = hashlib.sha256(f"{article_key}\n{content_hash}".encode("utf-8")).hexdigest()[:16]
        return Document(
            doc_id=doc_id, article_key=article_key, text=text, lang=lang_code,
            published=published.astimezone(zone), tz=tz, title=_clean(fields.get("title")),
            source=source, source_id=source_id, url=url, content_hash=content_hash, origin=origin,
        )


def read_documents(paths: list[str | Path], defaults: Defaults = Defaults(),
                   on_note: Callable[[str], None] | None = None) -> Iterator[Document | Problem]:
    """Documents of ``paths`` (files or folders) in a stable order, with Problems for bad records."""
    return iter(Reader(paths, defaults, on_note))


def parse_published(text: str, tz: str = DEFAULT_TZ) -> datetime:
    """ISO 8601 ("2024-01-24", "2024-01-24T09:00", "2024-01-24T09:00:00+01:00", "...Z") or an
    RFC 2822 date ("Wed, 24 Jan 2024 09:00:00 +0100"); a time without offset is read in ``tz``."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"unparseable date {text!r} (use ISO 8601, e.g. 2024-01-24T09:00+01:00)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_zone(tz))
    return parsed


def _front_matter_line(line: str, lineno: int) -> tuple[str | None, str]:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None, ""
    key, sep, value = stripped.partition(":")
    key = key.strip().lower()
    if not sep or not key:
        raise _Bad(lineno, f"front matter line is not 'key: value': {stripped!r}")
    if key not in FRONT_MATTER_KEYS:
        raise _Bad(lineno, f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key, value


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(name) from None


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _decode_reason(exc: UnicodeDecodeError, data: bytes) -> str:
    bad = data[exc.start:exc.start + 1].hex()
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    return (f"not UTF-8 (byte 0x{bad} at column {exc.start - line_start + 1}); "
            "convert the file, e.g. iconv -f latin1 -t utf-8")
