"""What a language pack contains once loaded: typed, compiled, ready to match.

A pack is three TOML files under ``evdb/resources/<lang>/`` (see ``resources/README.md``):
``lexicon.toml`` (word classes and their values), ``temporal.toml`` (named rules over those
classes) and ``examples.toml`` (the executable corpus). :mod:`evdb.lang.loader` turns them into
the dataclasses below; nothing here reads files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

# Builders a rule may name in ``yields`` (see evdb.temporal.builders).
YIELDS = ("date", "time", "duration", "set", "ref", "range", "offset")


def norm_key(surface: str) -> str:
    """The lookup key of a surface form: lower case, hyphens and runs of spaces as one space."""
    return re.sub(r"[\s\-]+", " ", surface.strip().lower())


_MEMO: dict[tuple[int, str], tuple[Any, Any]] = {}   # see Language.memo


def _compile_cue(src: Any) -> re.Pattern[str] | None:
    return re.compile(src, re.IGNORECASE) if isinstance(src, str) and src else None


@dataclass(frozen=True, slots=True)
class WordClass:
    """One lexicon table: surface key -> attributes (``{"value": 5}`` for ``vendredi = 5``)."""

    name: str
    entries: dict[str, dict[str, Any]]
    weak: bool = False        # weak classes ("un", "trois") never start a scan window alone


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    index: int                     # position in temporal.toml: ties between equal spans go to the first
    pattern: str                   # as written
    regex: re.Pattern[str]         # compiled, classes expanded into named groups
    yields: str
    example: str
    groups: dict[str, str]         # group name -> class name
    keys: frozenset[str]           # scan classes that can wake this rule up
    not_after: re.Pattern[str] | None = None   # rejected when the text before the match ends so
    not_before: re.Pattern[str] | None = None  # rejected when the text after the match starts so
    attrs: dict[str, Any] = field(default_factory=dict)   # extra constants ("anchor", "mod", ...)


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    classes: dict[str, WordClass]
    rules: tuple[Rule, ...]
    scan: re.Pattern[str]          # one alternation of every strong form plus digits
    scan_classes: dict[str, frozenset[str]]   # surface key -> classes it belongs to
    tense: dict[str, tuple[re.Pattern[str], ...]]   # "past" | "future" -> cue patterns
    settings: dict[str, Any]
    parse_number: Callable[[str], float | None]
    source_dir: str = ""

    def memo(self, key: str, build: Callable[[Language], Any]) -> Any:
        """``build(self)``, computed once per pack and ``key`` (packs are frozen and hold dicts,
        so the cache is keyed by identity and checks it is still this pack)."""
        slot = (id(self), key)
        got = _MEMO.get(slot)
        if got is None or got[0] is not self:
            got = _MEMO[slot] = (self, build(self))
        return got[1]

    def cue(self, name: str) -> re.Pattern[str] | None:
        """A ``[meta]`` regex setting (``since_cue``, ``reporting_cue``...), compiled once."""
        return self.memo("cue:" + name, lambda lang: _compile_cue(lang.settings.get(name)))

    def lookup(self, cls: str, surface: str) -> dict[str, Any] | None:
        c = self.classes.get(cls)
        if c is None:
            return None
        got = c.entries.get(surface.lower())      # most surfaces are one plain word
        return got if got is not None else c.entries.get(norm_key(surface))
