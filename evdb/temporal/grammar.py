"""Apply a language's compiled rules to a text: scan once, match rules only at scan hits.

One pass of the language's scan regex (:mod:`scan`) finds the words and digit runs that can
carry an expression; each hit wakes up only the rules keyed on its class (:mod:`rule_index`),
tried anchored at the few word starts just before it, past the opening gates. A sentence
without a hit costs one scan. This module runs that per-position loop and chooses among the
candidates.

Policy when candidates overlap: the longest span wins; on equal length the rule written first
in temporal.toml wins; then the leftmost. A builder may reject a match, in which case the
shorter candidates it covered stay in play.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from evdb.lang.spec import Language
from evdb.model import Sentence
from evdb.temporal.builders import build
from evdb.temporal.partial import Mention
from evdb.temporal.prefix import KEYS as _OPENINGS
from evdb.temporal.prefix import key_long, position_key
# the scan and the rule index (imported here too: tests and tools read them from this module)
from evdb.temporal.rule_index import _MAX_OPENINGS, BACK, _admitted, _fits, _gated, _reach, _rules_by_key
from evdb.temporal.scan import _hits, _lowered_scan, _scan_classes

CONTEXT = 48   # text before a match that not_after / since cues may look at
_WORD_START = re.compile(r"(?<!\w)\w")
_MISSING = object()


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


def _built(lang: Language) -> dict:
    """Per language: (rule index, lower-cased match) -> PartialTime | None (see _candidate)."""
    return lang.memo("grammar.built", lambda lg: {})


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
                        # equal spans of one rule: the match that starts first wins, as in text
                        # order (_select): "vers minuit" keeps its APPROX over the bare "minuit"
                        found.append((st - en, rule.index, st, m.start(), len(found), en, rule, m))
    return _expand(_pick(text, lang, s, found, built))


def _pick(text: str, lang: Language, s: Sentence, found: list[tuple], built: dict | None) -> list[Mention]:
    """_select over the matches of a sentence, building each (_candidate) only when it would be
    taken: one that overlaps a longer (or earlier-ranked) taken candidate is dropped whatever its
    builder says, so it is not built. Same order, same mentions as _select(every candidate)."""
    found.sort()
    taken: list[Mention] = []
    for _, _, st, _, _, en, rule, m in found:
        if any(st < t.end and t.start < en for t in taken):
            continue
        got: list[Mention] = []
        _candidate(text, lang, s, rule, m, got, built)
        taken.extend(got)
    taken.sort(key=lambda c: c.start)
    return taken


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
