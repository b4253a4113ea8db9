"""Apply a language's compiled rules to a text: scan once, match rules only at scan hits.

One pass of the language's scan regex finds the words and digit runs that can carry an
expression; each hit wakes up only the rules keyed on its class, tried anchored at the few
word starts just before it. A sentence without a hit costs one scan.

Policy when candidates overlap: the longest span wins; on equal length the rule written first
in temporal.toml wins; then the leftmost. A builder may reject a match, in which case the
shorter candidates it covered stay in play.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

import re._constants as _c   # the regex parser (Python >= 3.11, as pyproject requires)
import re._parser as _parser

from evdb.lang.spec import Language, norm_key
from evdb.model import Sentence
from evdb.temporal.builders import build
from evdb.temporal.partial import Mention
from evdb.temporal.prefix import KEYS as _OPENINGS
from evdb.temporal.prefix import gate, gate_long, key_long, position_key

BACK = 40      # how far before a scan hit a rule may start ("dans la nuit de " + weekday)
CONTEXT = 48   # text before a match that not_after / since cues may look at
_WORD_START = re.compile(r"(?<!\w)\w")
_MISSING = object()
_DIGITS = ("#digits",)
_DIGIT_KEYS = {1: ("#digits", "#d12"), 2: ("#digits", "#d12"), 4: ("#digits", "#d4")}


def find_mentions(text: str, lang: Language, sentences: list[Sentence] | tuple[Sentence, ...]) -> list[Mention]:
    out: list[Mention] = []
    by_key, classes, built = _rules_by_key(lang), _scan_classes(lang), _built(lang)   # looked up once per text
    scan = None
    lowered = _lowered_scan(lang)
    if lowered is not None and lowered[1].search(text) is None:
        low = text.lower()
        if len(low) == len(text):
            scan = (lowered[0], low)
    for s in sentences:
        out.extend(_sentence(text, lang, s, by_key, classes, built, scan))
    return out


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


def _scan_classes(lang: Language) -> dict[str, frozenset[str]]:
    """Scan form -> classes, with the classes of the shorter forms it starts with (computed once)."""
    return lang.memo("grammar.scan_classes", lambda lg: _with_prefix_classes(lg.scan_classes))


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


def _gated(lang: Language) -> dict:
    """Per language: scan key -> {opening: the entries of _rules_by_key(key) in file order whose
    gate admits that opening, or that have no gate} (filled as openings are met)."""
    return lang.memo("grammar.gated", lambda lg: {})


def _built(lang: Language) -> dict:
    """Per language: (rule index, lower-cased match) -> PartialTime | None (see _candidate)."""
    return lang.memo("grammar.built", lambda lg: {})


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


def _sentence(text: str, lang: Language, s: Sentence, by_key: dict[str, tuple],
              classes: dict | None = None, built: dict | None = None,
              scan: tuple[re.Pattern[str], str] | None = None) -> list[Mention]:
    """Each rule a hit wakes up is tried, anchored, at each word start up to its reach before
    the hit (the hit included): a few anchored attempts instead of a search per rule."""
    hits = _hits(text, lang, s, classes, scan)
    if not hits:
        return []
    found: list[tuple] = []
    tried: set[int] = set()
    end = s.end
    words = [w.start() for w in _WORD_START.finditer(text, max(s.start, hits[0][0] - BACK), hits[-1][0] + 1)]
    # the opening at each word start, tested against each rule's gate (see position_key),
    # read when a hit first needs it
    known = _OPENINGS.get
    opening: dict[int, str] = {}
    gated, reach_of = _gated(lang), _reach(lang)
    for h_start, keys in hits:
        hi = bisect_right(words, h_start)
        fits: dict[int, bool] = {}       # digit class -> whether it can start at the hit
        sets: dict[int, bool] = {}       # set of digit classes -> whether one of them can
        for k in keys:
            rules = by_key.get(k)
            if rules is None:
                continue
            by_opening = gated.get(k)
            if by_opening is None:
                by_opening = gated[k] = {}
            # position by position (nearest first, up to the farthest reach of the key's rules),
            # only the rules whose gate admits the opening there, farthest reach first (each
            # rule still sees its positions nearest first, so candidates keep their order)
            for i in range(hi - 1, bisect_left(words, h_start - reach_of[k], 0, hi) - 1, -1):
                pos = words[i]
                op = opening.get(pos)
                if op is None:   # up to prefix.LONG tokens when known, else two (or the character alone)
                    op = opening[pos] = key_long(text, pos, end) \
                        or (known(text[pos:pos + 2]) if pos + 1 < end else None) or position_key(text, pos, end)
                admitted = by_opening.get(op)
                if admitted is None:
                    if len(by_opening) > _MAX_OPENINGS:   # long openings are many: keep the table bounded
                        by_opening.clear()
                    admitted = by_opening[op] = _admitted(rules, op, by_opening)
                reach = h_start - pos
                for rule, back, opens, first, base, match, digits in admitted:
                    if back < reach:
                        break
                    if base + pos in tried:
                        continue
                    if opens is None and first is not None and text[pos] not in first:
                        continue
                    if digits is not None:
                        ok = sets.get(id(digits))
                        if ok is None:
                            ok = sets[id(digits)] = _fits(digits, text, h_start, fits)
                        if not ok:
                            continue
                    tried.add(base + pos)
                    m = match(text, pos, end)
                    if m is not None and m.end() > m.start():
                        st, en = m.span("span") if "span" in m.re.groupindex and m.group("span") else m.span()
                        found.append((st - en, rule.index, st, len(found), en, rule, m))
    return _expand(_pick(text, lang, s, found, built))


def _pick(text: str, lang: Language, s: Sentence, found: list[tuple], built: dict | None) -> list[Mention]:
    """_select over the matches of a sentence, building each (_candidate) only when it would be
    taken: one that overlaps a longer (or earlier-ranked) taken candidate is dropped whatever its
    builder says, so it is not built. Same order, same mentions as _select(every candidate)."""
    found.sort()
    taken: list[Mention] = []
    for _, _, st, _, en, rule, m in found:
        if any(st < t.end and t.start < en for t in taken):
            continue
        got: list[Mention] = []
        _candidate(text, lang, s, rule, m, got, built)
        taken.extend(got)
    taken.sort(key=lambda c: c.start)
    return taken


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


def _candidate(text: str, lang: Language, s: Sentence, rule, m, cands: list[Mention], built: dict | None = None) -> None:
    before = text[max(s.start, m.start() - CONTEXT):m.start()]
    if rule.not_after is not None and rule.not_after.search(before):
        return
    if rule.not_before is not None and rule.not_before.match(text, m.end(), min(s.end, m.end() + CONTEXT)):
        return
    if rule.yields == "duration":    # reads the context around the match: not cached
        p = build(rule, m, lang, before, text[m.end():min(s.end, m.end() + CONTEXT)])
    else:                            # the same words read by the same rule mean the same
        if built is None:
            built = _built(lang)
        key = (rule.index, m.group().lower())
        p = built.get(key, _MISSING)
        if p is _MISSING:
            if len(built) > 100_000:
                built.clear()
            p = built[key] = build(rule, m, lang, before)
    if p is None:
        return
    st, en = m.span("span") if "span" in m.re.groupindex and m.group("span") else m.span()
    name = f"{lang.code}.{rule.name}"
    if p.start is not None and lang.settings.get("range_mentions") == "one" and not rule.attrs.get("list"):
        # one expression for the range; its value is the ISO interval of its bounds
        cands.append(Mention(st, en, name, rule.index, replace(p, whole=True), s.idx))
    elif p.start is not None and "span1" in m.re.groupindex and "span2" in m.re.groupindex:
        # two expressions: the bounds of a range (linked by the discourse pass: each keeps its
        # own value and interval and both carry the whole range), or two dates of a list
        listed = bool(rule.attrs.get("list"))
        first = p.start if listed else p
        cands.append(Mention(st, en, name, rule.index, p, s.idx,
                             parts=((m.start("span1"), m.end("span1"), first, None if listed else "first"),
                                    (m.start("span2"), m.end("span2"), replace(p, start=None),
                                     None if listed else "last"))))
    else:
        cands.append(Mention(st, en, name, rule.index, p, s.idx))


def _expand(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if not m.parts:
            out.append(m)
            continue
        for a, b, part, bound in m.parts:
            out.append(Mention(a, b, m.rule, m.rule_index, part, m.sent_idx, bound=bound))
    return out


def _select(cands: list[Mention]) -> list[Mention]:
    cands.sort(key=lambda c: (-(c.end - c.start), c.rule_index, c.start))
    taken: list[Mention] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken
