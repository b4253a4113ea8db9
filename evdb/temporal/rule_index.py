"""The rule index: which rules a scan hit wakes, how far before the hit each may start, and the
gates that turn away, before its pattern runs, a rule that cannot open where it would be tried.

Read once per language off the compiled patterns (:mod:`prefix` gives the openings a pattern can
have): scan key -> rules in file order with their reach, their gate, the characters a match can
start with, and the digit classes that must fit the digit run that woke them. The tables of
rules admitted per opening are filled as openings are met (bounded).
"""
from __future__ import annotations

import re

import re._constants as _c   # the regex parser (Python >= 3.11, as pyproject requires)
import re._parser as _parser

from evdb.lang.spec import Language
from evdb.temporal.prefix import gate, gate_long

BACK = 40      # how far before a scan hit a rule may start ("dans la nuit de " + weekday)
_MISSING = object()


def _rules_by_key(lang: Language) -> dict[str, tuple]:
    """Scan key -> ((rule, back, ...), ...) in file order, where ``back`` is how far before the
    hit of that key a match of the rule can start (computed once per language)."""
    return lang.memo("grammar.rules_by_key", _index_rules)


def _index_rules(lang: Language) -> dict[str, tuple]:
    table: dict[str, list] = {}
    for rule in lang.rules:
        keyed = [(k, _back(rule, k)) for k in {_digit_shape(rule) if k == "#digits" else k for k in rule.keys}]
        # a class seen only inside a lookaround cannot be what a match is made of: when the
        # rule has other keys, it is not woken by that one
        found = [(k, b) for k, (ok, b) in keyed if ok]
        first = _first_chars(rule)
        digits = _digit_regexes(rule)
        opens = gate(rule.regex, first)   # speed: the first two characters a match can have
        for key, back in found or [(k, b) for k, (_, b) in keyed]:
            table.setdefault(key, []).append((rule, back, opens, first, rule.index << 24, rule.regex.match,
                                              digits if key.startswith("#") else None))
    for v in table.values():
        v.sort(key=lambda rb: rb[0].index)
    return {k: tuple(v) for k, v in table.items()}


def _reach(lang: Language) -> dict[str, int]:
    """Scan key -> the farthest a match of one of its rules can start before the hit."""
    return lang.memo("grammar.reach", lambda lg: {k: max(e[1] for e in v) for k, v in _rules_by_key(lg).items()})


def _gated(lang: Language) -> dict:
    """Per language: scan key -> {opening: the entries of _rules_by_key(key) in file order whose
    gate admits that opening, or that have no gate} (filled as openings are met)."""
    return lang.memo("grammar.gated", lambda lg: {})


_NUMERIC: dict[str, re.Pattern[str]] = {}
_DIGIT_SETS: dict[tuple, tuple] = {}


def _digit_regexes(rule) -> tuple[re.Pattern[str], ...]:
    """The numeric classes of a rule, compiled alone: a digit run that none of them can start
    at cannot be the run that woke the rule ("17" is no decade, "2017" no hour)."""
    from evdb.lang.loader import BUILTINS
    out = []
    for cls in dict.fromkeys(rule.groups.values()):
        src = BUILTINS.get(cls) if cls != "num" else r"\d"
        if src is not None:
            if src not in _NUMERIC:
                _NUMERIC[src] = re.compile(src, rule.regex.flags)
            out.append(_NUMERIC[src])
    return _DIGIT_SETS.setdefault(tuple(out), tuple(out))   # one object per set: checked once per hit


_FOUR = frozenset({"year"})
_ONE_OR_TWO = frozenset({"day", "dnum", "day2", "month_num", "month2", "year2", "hour", "minute"})


def _digit_shape(rule) -> str:
    """Narrow a rule woken by digits to the digit runs it needs: "#d4" when a year must be
    matched, "#d12" when a day, month, hour or minute must, else "#digits" (any run)."""
    from evdb.lang.loader import _required_groups
    try:
        req = {i for i in _required_groups(_parser.parse(rule.regex.pattern, rule.regex.flags))}
    except Exception:  # noqa: BLE001
        return "#digits"
    classes = {c for g, c in rule.groups.items() if rule.regex.groupindex.get(g) in req}
    if classes & _FOUR:
        return "#d4"
    if classes & _ONE_OR_TWO:
        return "#d12"
    return "#digits"


def _first_chars(rule) -> frozenset[str] | None:
    """The characters a match of the rule can start with (both cases), None when any."""
    try:
        chars, _ = _first(list(_parser.parse(rule.regex.pattern, rule.regex.flags)))
    except Exception:  # noqa: BLE001
        return None
    if chars is None:
        return None
    return frozenset(c for ch in chars for c in (ch, ch.lower(), ch.upper()))


def _first(items) -> tuple[set[str] | None, bool]:
    """(possible first characters or None for any, whether the items can match nothing)."""
    chars: set[str] = set()
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue
        if op is _c.LITERAL:
            chars.add(chr(av))
            return chars, False
        if op is _c.IN:
            for o, a in av:
                if o is _c.LITERAL:
                    chars.add(chr(a))
                elif o is _c.RANGE and a[1] - a[0] < 64:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                elif o is _c.CATEGORY and a is _c.CATEGORY_DIGIT:
                    chars.update("0123456789")
                else:
                    return None, False
            return chars, False
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update("0123456789")
            return chars, False
        if op is _c.SUBPATTERN:
            sub, nullable = _first(list(av[3]))
        elif op is _c.BRANCH:
            sub, nullable = set(), False
            for b in av[1]:
                got, n = _first(list(b))
                if got is None:
                    return None, False
                sub |= got
                nullable = nullable or n
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            sub, n = _first(list(av[2]))
            nullable = n or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        chars |= sub
        if not nullable:
            return chars, False
    return chars, True


def _back(rule, key: str) -> tuple[bool, int]:
    """Whether a group of class ``key`` is part of the pattern proper (not only inside a
    lookaround), and the widest text a match can hold before its first such group (white
    space runs counted as one or two characters, as normalised text has them)."""
    from evdb.lang.loader import DIGIT_BUILTINS
    digit = {"#d4": _FOUR, "#d12": _ONE_OR_TWO, "#digits": DIGIT_BUILTINS | {"num"}}.get(key, ())
    targets = {rule.regex.groupindex[g] for g, c in rule.groups.items()
               if g in rule.regex.groupindex and (c == key or c in digit)}
    try:
        parsed = _parser.parse(rule.regex.pattern, rule.regex.flags)
        found, width = _prefix_width(list(parsed), targets, parsed.state)
    except Exception:  # noqa: BLE001 - an unexpected layout: fall back to the full reach
        return True, BACK
    return found, (min(BACK, width + 2) if found else BACK)


def _prefix_width(items, targets, state) -> tuple[bool, int]:
    total = 0
    for op, av in items:
        if op is _c.SUBPATTERN:
            if av[0] in targets:
                return True, total
            found, w = _prefix_width(list(av[3]), targets, state)
            if found:
                return True, total + w
        elif op is _c.BRANCH:
            widths = [_prefix_width(list(b), targets, state) for b in av[1]]
            hit = [w for f, w in widths if f]
            if hit:
                return True, total + max(hit)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            found, w = _prefix_width(list(av[2]), targets, state)
            if found:
                return True, total + w
        total += _width(op, av, state)
    return False, total


def _width(op, av, state) -> int:
    """Widest text one parsed item can match, counting an unbounded repeat as one or two."""
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return 0
    if op is _c.SUBPATTERN:
        return sum(_width(o, a, state) for o, a in av[3])
    if op is _c.BRANCH:
        return max(sum(_width(o, a, state) for o, a in b) for b in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, item = av
        return sum(_width(o, a, state) for o, a in item) * min(hi, max(lo, 1) + 1)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return sum(_width(o, a, state) for o, a in av)
    return 1


def _admitted(rules: tuple, op: str, by_opening: dict) -> tuple:
    """The entries of ``rules`` whose gates admit the opening ``op``, farthest reach first; for
    an opening of three tokens or more, those the two-token gate admits for its first two
    (``by_opening``: the table of the scan key, filled as openings are met) that the longer
    gate admits too."""
    if len(op) < 3:
        return tuple(sorted((e for e in rules if e[2] is None or op in e[2]), key=lambda e: -e[1]))
    two = by_opening.get(op[:2])
    if two is None:
        two = by_opening[op[:2]] = _admitted(rules, op[:2], by_opening)
    return tuple(e for e in two if _long_admits(e[0], op))


_LONG: dict[tuple[str, int], object] = {}
_MAX_OPENINGS = 20_000   # entries of one scan key's table of openings before it is emptied


def _long_admits(rule, op: str) -> bool:
    """prefix.gate_long of the rule (read once per pattern, when first needed) admits ``op``."""
    key = (rule.regex.pattern, rule.regex.flags)
    g = _LONG.get(key, _MISSING)
    if g is _MISSING:
        g = _LONG[key] = gate_long(rule.regex)
    return g is None or g.admits(op)


def _fits(digits, text: str, at: int, seen: dict[int, bool]) -> bool:
    for rx in digits:
        ok = seen.get(id(rx))
        if ok is None:
            ok = seen[id(rx)] = rx.match(text, at) is not None
        if ok:
            return True
    return False
