"""Tense cues: whether the clause around a mention speaks of the past or the future.

The cues are the lexicon's [tense] table (per language): a cue ending right before the mention
(``*_before`` tables) wins, else the cue nearest the mention in its sentence. All of a pack's
cues are joined in one regex, run once per window (its case-sensitive twin over the
lower-cased text when the text allows it: :func:`evdb.temporal.scan.lowered_twin`). Read by the
discourse walk (:mod:`discourse`) for underspecified dates.
"""
from __future__ import annotations

import re
import re._constants as _c   # the regex parser (Python >= 3.11, as pyproject requires)
import re._parser as _parser

from evdb.lang.spec import Language
from evdb.model import Sentence
from evdb.temporal.scan import lowered_twin

TENSE_REACH = 120  # characters on each side of a mention searched for tense cues


def tense_at(text: str, lang: Language, sent: Sentence, start: int, end: int,
             cues: list[tuple[int, int, str]] | None = None, memo: dict | None = None) -> str | None:
    """'past' | 'future' | None: a cue ending right before the mention (``*_before`` tables) wins;
    else the cue nearest to [start, end) inside the sentence (``cues``: see :func:`tense_cues`).
    ``memo`` (one dict per text) keeps the cues found per window: mentions of a short sentence
    share the same window, the whole sentence."""
    for name, rx in _joined_before(lang):
        if rx.search(text, max(sent.start, start - 60), start):
            return name
    best: tuple[int, str] | None = None
    lo, hi = max(sent.start, start - TENSE_REACH), min(sent.end, end + TENSE_REACH)
    if cues is None and memo is not None:
        cues = memo.get((lo, hi))
        if cues is None:
            cues = memo[(lo, hi)] = tense_cues(text, lang, lo, hi, memo)
    for a, b, name in (tense_cues(text, lang, lo, hi) if cues is None else cues):
        if a < end and b > start:
            continue
        d = start - b if b <= start else a - end
        if best is None or d < best[0]:
            best = (d, name)
    return best[1] if best else None


def tense_cues(text: str, lang: Language, lo: int, hi: int, memo: dict | None = None) -> list[tuple[int, int, str]]:
    """The tense cues in text[lo:hi] (one pass of all the pack's cues joined in one regex; with
    ``memo``, one dict per text, its case-sensitive twin over the lower-cased text when the text
    allows it: same matches, faster, see scan.lowered_twin)."""
    rx = _joined_cues(lang)
    if memo is not None:
        twin = memo.get("lowered")
        if twin is None:
            twin = memo["lowered"] = _lowered(rx, text)
        if twin:
            return [(m.start(), m.end(), m.lastgroup) for m in twin[0].finditer(twin[1], lo, hi)]
    return [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text, lo, hi)]


def _lowered(rx: re.Pattern[str], text: str) -> tuple[re.Pattern[str], str] | bool:
    twin = lowered_twin(rx)
    if twin is None or twin[1].search(text) is not None:
        return False
    low = text.lower()
    return (twin[0], low) if len(low) == len(text) else False


def _joined_cues(lang: Language) -> re.Pattern[str]:
    """The pack's tense cues (``*_before`` tables aside) as one regex whose group name is the tense."""
    return lang.memo("tense_cues", _join_cues)


def _join_cues(lang: Language) -> re.Pattern[str]:
    cues = [rx for name, pats in lang.tense.items() if not name.endswith("_before") for rx in pats]
    parts = [f"(?P<{name}>{'|'.join(f'(?:{rx.pattern})' for rx in pats)})"
             for name, pats in lang.tense.items() if pats and not name.endswith("_before")]
    # speed: when every cue opens at a word boundary, one leading \b turns away the other
    # positions at once, instead of each cue testing its own (same matches, same order)
    lead = r"\b" if cues and all(_opens_at_boundary(rx) for rx in cues) else ""
    return re.compile(f"{lead}(?:{'|'.join(parts)})" if parts else "(?!)", re.IGNORECASE)


def _opens_at_boundary(rx: re.Pattern[str]) -> bool:
    r"""Whether every match of the cue starts at a word boundary: its pattern opens with ``\b``,
    or with a look-behind at one word character followed by a non-word literal (``(?<=\w)'ll``)."""
    items = list(_parser.parse(rx.pattern, rx.flags))
    if not items:
        return False
    op, av = items[0]
    if op is _c.AT:
        return av is _c.AT_BOUNDARY
    if op is _c.ASSERT and av[0] == -1 and len(items) > 1:
        behind = list(av[1])
        nxt_op, nxt = items[1]
        return (behind == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])] and nxt_op is _c.LITERAL
                and re.match(r"\w", chr(nxt)) is None)
    return False


def _joined_before(lang: Language) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(tense, regex) for the ``future_before`` then ``past_before`` cues; a table whose cues share
    their flags and have no groups is joined in one regex (one of its cues is found exactly when
    the joined regex is), any other table keeps one regex per cue."""
    return lang.memo("tense_before", _join_before)


def _join_before(lang: Language) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for name in ("future_before", "past_before"):
        pats = lang.tense.get(name, ())
        if pats and all(rx.flags == pats[0].flags and not rx.groups for rx in pats):
            pats = (re.compile("|".join(f"(?:{rx.pattern})" for rx in pats), pats[0].flags),)
        out.extend((name.split("_")[0], rx) for rx in pats)
    return tuple(out)
