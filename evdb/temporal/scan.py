"""The scan: one pass of a language's scan regex over a sentence finds the words and digit runs
that can carry an expression (its hits), each with the scan keys it wakes in the grammar.

Speed: when the scan is made of lower-case literals, its case-sensitive twin
(:func:`lowered_twin`) runs over the lower-cased text and finds the same hits faster; the tense
cues (:mod:`tense`) use the same twin.
"""
from __future__ import annotations

import re

import re._constants as _c   # the regex parser (Python >= 3.11, as pyproject requires)
import re._parser as _parser

from evdb.lang.spec import Language, norm_key
from evdb.model import Sentence

_DIGITS = ("#digits",)
_DIGIT_KEYS = {1: ("#digits", "#d12"), 2: ("#digits", "#d12"), 4: ("#digits", "#d4")}


def _scan_classes(lang: Language) -> dict[str, frozenset[str]]:
    """Scan form -> classes, with the classes of the shorter forms it starts with (computed once)."""
    return lang.memo("grammar.scan_classes", lambda lg: _with_prefix_classes(lg.scan_classes))


def _with_prefix_classes(forms: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The scan returns the longest form at a position ("july fourth", a holiday), which hides
    the shorter forms it starts with ("july", a month): a hit wakes the rules of both."""
    out = {}
    for k, classes in forms.items():
        extra = set(classes)
        for i, ch in enumerate(k):
            if ch in " '" and k[:i + (ch == "'")] in forms:
                extra |= forms[k[:i + (ch == "'")]]
        out[k] = frozenset(extra)
    return out


def _hits(text: str, lang: Language, s: Sentence, classes: dict | None = None,
          scan: tuple[re.Pattern[str], str] | None = None) -> list[tuple[int, tuple | frozenset]]:
    """(start, keys) of every scan hit of the sentence: one pass of the language's scan regex
    (or of its case-sensitive twin over the lower-cased text, ``scan``: see _lowered_scan)."""
    if classes is None:
        classes = _scan_classes(lang)
    out = []
    found = lang.scan.finditer(text, s.start, s.end) if scan is None else scan[0].finditer(scan[1], s.start, s.end)
    for h in found:
        g = text[h.start():h.end()]
        if h.lastgroup == "d":
            out.append((h.start(), _DIGIT_KEYS.get(len(g), _DIGITS)))
        else:
            keys = classes.get(g.lower())
            out.append((h.start(), keys if keys is not None else classes.get(norm_key(g), ())))
    return out


def _lowered_scan(lang: Language) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Speed: the scan regex without IGNORECASE, run over the lower-cased text, finds the same
    hits (40% faster: plain literals let the regex engine skip branches). See lowered_twin."""
    return lang.memo("grammar.lowered_scan", lambda lg: lowered_twin(lg.scan))


_TWINS: dict[tuple[str, int], tuple[re.Pattern[str], re.Pattern[str]] | None] = {}


def lowered_twin(rx: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(rx without IGNORECASE, a regex finding any character not checked) such that, on a text
    where the second finds nothing, the first over ``text.lower()`` matches exactly where ``rx``
    does over ``text``: every character checked has a one-character lower case with the same
    word/space/digit class and matches each literal of the pattern case-insensitively exactly
    when its lower case equals it. None when ``rx`` is not IGNORECASE or holds anything but
    lower-case literals, classes, groups, branches, repeats, look-arounds and boundaries."""
    key = (rx.pattern, rx.flags)
    if key not in _TWINS:
        _TWINS[key] = _twin(rx)
    return _TWINS[key]


def _twin(rx: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    alphabet: set[str] = set()
    if not rx.flags & re.IGNORECASE or not _literals(list(_parser.parse(rx.pattern, rx.flags)), alphabet) \
            or any(c != c.lower() for c in alphabet):
        return None
    safe = []
    for cp in [*range(0x250), *range(0x2000, 0x2070), 0x20AC]:
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or any((re.match(cat, c) is None) != (re.match(cat, low) is None) for cat in (r"\w", r"\s", r"\d")):
            continue
        if all((re.fullmatch(re.escape(a), c, rx.flags) is not None) == (low == a) for a in alphabet):
            safe.append(c)
    if any(chr(cp) not in safe for cp in range(128)):
        return None
    return (re.compile(rx.pattern, rx.flags & ~re.IGNORECASE),
            re.compile("[^" + "".join(re.escape(c) for c in safe) + "]"))


def _literals(items, out: set[str]) -> bool:
    """Collect the literal characters of a parsed pattern; False when it holds anything else
    than literals, classes of literals, ranges and categories, groups, branches, repeats,
    look-arounds and boundaries (whose matching could depend on case otherwise)."""
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.IN:
            for o, a in av:
                if o is _c.LITERAL:
                    out.add(chr(a))
                elif o is _c.RANGE and a[1] - a[0] < 256:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                elif o is not _c.CATEGORY and o is not _c.NEGATE:
                    return False
        elif op is _c.SUBPATTERN:
            if not _literals(list(av[3]), out):
                return False
        elif op is _c.BRANCH:
            if not all(_literals(list(b), out) for b in av[1]):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            if not _literals(list(av[2]), out):
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if not _literals(list(av[1]), out):
                return False
        elif op is not _c.AT:
            return False
    return True
