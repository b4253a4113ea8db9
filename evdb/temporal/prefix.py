"""Speed: which two-character openings a rule's match can have, read off its compiled pattern.

The grammar tries a woken rule anchored at the few word starts before a scan hit; most of those
attempts fail. :func:`openings` turns a rule's pattern into the set of its possible first two
characters (as :func:`key` spells them), and :func:`gate` into one set a text position is
tested against, so an attempt whose opening is not in the set is skipped without running the
pattern. The set is a superset: lookarounds and anchors are treated as
matching anything, case variants are included, every ASCII digit stands for all ASCII digits and
every ASCII white space for all of them. Positions whose characters are not ASCII are never
skipped (the filter only speaks about ASCII), so a skip never loses a match.
"""
from __future__ import annotations

import re

import re._constants as _c   # the regex parser (Python >= 3.11, as pyproject requires)
import re._parser as _parser

ANY = "\0"           # a token standing for any character
NOT_ASCII = "\uffff"  # a token for a character outside ASCII (no text key holds it)
_ASCII = [chr(i) for i in range(1, 128)]
_WS = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


def token(ch: str) -> str | None:
    """The filter's spelling of one text character; None when it is not ASCII (not filtered)."""
    if ch >= "\x80":
        return None
    if "0" <= ch <= "9":
        return "0"
    if ch in _WS:
        return " "
    return ch.lower()


def key(text: str, pos: int, end: int) -> str | None:
    """The opening of ``text`` at ``pos`` (two tokens), or None when it cannot be filtered."""
    if pos + 1 >= end:
        return None
    a, b = token(text[pos]), token(text[pos + 1])
    return None if a is None or b is None else a + b


class Openings:
    """Two-token openings (``pairs``) and first tokens followed by anything (``firsts``)."""

    __slots__ = ("pairs", "firsts")

    def __init__(self, pairs: frozenset[str], firsts: frozenset[str]) -> None:
        self.pairs, self.firsts = pairs, firsts


def openings(rx: re.Pattern[str]) -> Openings | None:
    """The possible openings of ``rx``'s non-empty matches; None when any opening is possible
    or the pattern's layout is not understood."""
    try:
        seqs = _seq(list(_parser.parse(rx.pattern, rx.flags)), rx.flags)
    except _Unknown:
        return None
    except Exception:  # noqa: BLE001 - an unexpected layout: no filter
        return None
    pairs, firsts = set(), set()
    for s in seqs:
        if not s:
            continue                  # an empty match is never a candidate
        if s[0] == ANY:
            return None
        if len(s) == 1 or s[1] == ANY:
            firsts.add(s[0])
        else:
            pairs.add(s)
    return Openings(frozenset(pairs), frozenset(firsts))


ALPHABET = frozenset(t for t in map(token, _ASCII) if t is not None)


LONG = 6   # tokens of the longer openings (gate_long, key_long)


class LongGate:
    """Openings of up to LONG tokens of a pattern: ``full`` (LONG tokens), ``pre`` (their
    prefixes of 3 to LONG - 1 tokens) and ``short`` (openings after which anything may follow,
    or whole matches shorter than LONG)."""

    __slots__ = ("full", "pre", "short")

    def __init__(self, full: frozenset[str], short: frozenset[str]) -> None:
        self.full, self.short = full, short
        self.pre = frozenset(x[:i] for x in full for i in range(3, LONG))

    def admits(self, key: str) -> bool:
        """Whether a match can open at a position whose key_long is ``key`` (3 to LONG tokens:
        fewer when the next character is not ASCII or the text ends there)."""
        return key in (self.full if len(key) == LONG else self.pre) \
            or any(key[:i] in self.short for i in range(1, len(key) + 1))


def gate_long(rx: re.Pattern[str]) -> LongGate | None:
    """Speed, a finer gate than :func:`gate` where more characters are known (:func:`key_long`):
    the openings of up to LONG tokens a match of ``rx`` can have. A character no ASCII one
    matches is a token no text key holds (the openings before it stand). None when the
    pattern's layout is not understood, a match may open with any character, or the openings
    are too many."""
    try:
        seqs = _seq(list(_parser.parse(rx.pattern, rx.flags)), rx.flags, LONG)
    except Exception:  # noqa: BLE001 - an unexpected layout or too many openings: no filter
        return None
    full, short = set(), set()
    for s in seqs:
        if not s:
            continue                  # an empty match is never a candidate
        cut = s.find(ANY)
        if cut == 0:
            return None
        if cut > 0:
            short.add(s[:cut])
        elif len(s) < LONG:
            short.add(s)
        else:
            full.add(s)
    return LongGate(frozenset(full), frozenset(short))


KEYS_LONG: dict[str, str | None] = {}   # up to LONG characters of text -> their key_long
_NONE = object()
_ASCII_TOKENS = str.maketrans({ch: token(ch) for ch in map(chr, range(128))})


def key_long(text: str, pos: int, end: int) -> str | None:
    """The tokens of the ASCII characters at ``pos`` (up to LONG, before ``end``), when there are
    at least three of them; None otherwise (the two-character gate is used there)."""
    chars = text[pos:min(pos + LONG, end)]
    got = KEYS_LONG.get(chars, _NONE)
    if got is _NONE:
        if chars.isascii():
            got = chars.translate(_ASCII_TOKENS)
        else:
            toks = []
            for ch in chars:
                t = token(ch)
                if t is None:
                    break
                toks.append(t)
            got = "".join(toks)
        got = got if len(got) >= 3 else None
        if len(KEYS_LONG) > 50_000:
            KEYS_LONG.clear()
        KEYS_LONG[chars] = got
    return got


def gate(rx: re.Pattern[str], first: frozenset[str] | None) -> frozenset[str] | None:
    """One set to test a position against: the two-token openings a match of ``rx`` can have
    (:func:`key`), plus the single characters of ``first`` (the characters a match can start
    with) for positions whose opening cannot be filtered (see :func:`position_key`). None when
    there is nothing to filter on."""
    opens = openings(rx)
    if opens is None or first is None:
        return None
    return frozenset(opens.pairs | {f + t for f in opens.firsts for t in ALPHABET} | first)


KEYS: dict[str, str] = {}   # two characters of text -> their position key (both ASCII: the opening)


def position_key(text: str, pos: int, end: int) -> str:
    """What :func:`gate` sets are tested with: the opening key at ``pos`` (two tokens), or the
    character at ``pos`` alone when the opening cannot be filtered (not ASCII, or one character
    before ``end``)."""
    if pos + 1 >= end:
        return text[pos]
    two = text[pos:pos + 2]
    got = KEYS.get(two)
    if got is None:
        got = key(text, pos, end)
        if got is None:
            return text[pos]
        if len(KEYS) > 50_000:
            KEYS.clear()
        KEYS[two] = got
    return got


class _Unknown(Exception):
    pass


_MOST = 20_000   # most long openings a set may hold before the reading gives up (no filter)


def _concat(a: set[str], b: set[str], n: int = 2) -> set[str]:
    out = set()
    for x in a:
        if len(x) >= n:
            out.add(x)
            continue
        for y in b:
            out.add((x + y)[:n])
    if n > 2 and len(out) > _MOST:
        raise _Unknown("too many openings")
    return out


def _seq(items, flags, n: int = 2) -> set[str]:
    """Openings (up to ``n`` tokens; fewer when the whole match is that short) of a sequence."""
    cur = {""}
    for op, av in items:
        if all(len(x) >= n for x in cur):
            break
        cur = _concat(cur, _item(op, av, flags, n), n)
    return cur


def _item(op, av, flags, n: int = 2) -> set[str]:
    got = _one(op, av, flags, n)
    if n > 2 and not got and op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN):
        # a character no ASCII one matches: a text opening with n ASCII characters cannot hold
        # it among them, but the openings before it stand (it may lie beyond the n-th)
        return {NOT_ASCII}
    return got


def _one(op, av, flags, n: int = 2) -> set[str]:
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}                   # zero width: whatever follows decides
    if op is _c.LITERAL:
        return _tokens(re.escape(chr(av)), flags)
    if op is _c.NOT_LITERAL:
        return _tokens("[^" + re.escape(chr(av)) + "]", flags)
    if op is _c.ANY:
        return {ANY}
    if op is _c.IN:
        return _tokens(_class(av), flags)
    if op is _c.SUBPATTERN:          # (group, added flags, removed flags, items)
        return _seq(list(av[3]), (flags | av[1]) & ~av[2], n)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(list(av), flags, n)
    if op is _c.BRANCH:
        out = set()
        for b in av[1]:
            out |= _seq(list(b), flags, n)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        one = _seq(list(sub), flags, n)
        cur = {""}
        for _ in range(min(lo, n)):
            cur = _concat(cur, one, n)
        out, extra = set(cur), cur
        for _ in range(min(hi - min(lo, n), n)):   # up to n more repetitions reach n tokens
            extra = _concat(extra, one, n)
            out |= extra
        return out
    raise _Unknown(op)


def _class(av) -> str:
    parts = []
    for o, a in av:
        if o is _c.NEGATE:
            parts.insert(0, "^")
        elif o is _c.LITERAL:
            parts.append(re.escape(chr(a)))
        elif o is _c.RANGE:
            parts.append(re.escape(chr(a[0])) + "-" + re.escape(chr(a[1])))
        elif o is _c.CATEGORY and a in _CATEGORIES:
            parts.append(_CATEGORIES[a])
        else:
            raise _Unknown(o)
    return "[" + "".join(parts) + "]"


_TOKENS: dict[tuple[str, int], frozenset[str]] = {}


def _tokens(src: str, flags: int) -> set[str]:
    """Tokens of the ASCII characters the one-character pattern ``src`` matches, tested with
    the regex engine itself, so case folding is exactly the pattern's (a non-ASCII text
    character is never filtered, so only ASCII ones need a token)."""
    got = _TOKENS.get((src, flags))
    if got is None:
        rx = re.compile(src, flags)
        got = frozenset(t for ch in _ASCII if rx.fullmatch(ch) for t in (token(ch),))
        _TOKENS[(src, flags)] = got
    return set(got)
