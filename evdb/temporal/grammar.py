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
from dataclasses import replace

from evdb.lang.spec import Language, norm_key
from evdb.model import Sentence
from evdb.temporal.builders import build
from evdb.temporal.partial import Mention

BACK = 40      # how far before a scan hit a rule may start ("dans la nuit de " + weekday)
CONTEXT = 48   # text before a match that not_after / since cues may look at
_WORD_START = re.compile(r"(?<!\w)\w")
_BY_KEY: dict[int, tuple[Language, dict[str, tuple]]] = {}


def find_mentions(text: str, lang: Language, sentences: list[Sentence] | tuple[Sentence, ...]) -> list[Mention]:
    out: list[Mention] = []
    by_key = _rules_by_key(lang)
    for s in sentences:
        out.extend(_sentence(text, lang, s, by_key))
    return out


def _rules_by_key(lang: Language) -> dict[str, tuple]:
    """Scan key -> the rules it wakes up, in file order (computed once per language)."""
    cached = _BY_KEY.get(id(lang))
    if cached is None or cached[0] is not lang:
        table: dict[str, list] = {}
        for rule in lang.rules:
            for k in rule.keys:
                table.setdefault(k, []).append(rule)
        cached = (lang, {k: tuple(v) for k, v in table.items()})
        _BY_KEY[id(lang)] = cached
    return cached[1]


def _hits(text: str, lang: Language, s: Sentence):
    """(start, keys) of every scan hit of the sentence: one pass of the language's scan regex."""
    for h in lang.scan.finditer(text, s.start, s.end):
        if h.lastgroup == "d":
            yield h.start(), ("#digits",)
        else:
            yield h.start(), lang.scan_classes.get(norm_key(h.group()), ())


def _sentence(text: str, lang: Language, s: Sentence, by_key: dict[str, tuple]) -> list[Mention]:
    """Each rule a hit wakes up is tried, anchored, at each word start up to BACK characters
    before the hit (the hit included): a few anchored attempts instead of a search per rule."""
    cands: list[Mention] = []
    tried: set[tuple[int, int]] = set()
    for h_start, keys in _hits(text, lang, s):
        starts = [w.start() for w in _WORD_START.finditer(text, max(s.start, h_start - BACK), h_start + 1)]
        for k in keys:
            for rule in by_key.get(k, ()):
                for pos in starts:
                    if (rule.index, pos) in tried:
                        continue
                    tried.add((rule.index, pos))
                    m = rule.regex.match(text, pos, s.end)
                    if m is not None and m.end() > m.start():
                        _candidate(text, lang, s, rule, m, cands)
    return _expand(_select(cands))


def _candidate(text: str, lang: Language, s: Sentence, rule, m, cands: list[Mention]) -> None:
    before = text[max(s.start, m.start() - CONTEXT):m.start()]
    if rule.not_after is not None and rule.not_after.search(before):
        return
    if rule.not_before is not None and rule.not_before.match(text, m.end(), min(s.end, m.end() + CONTEXT)):
        return
    p = build(rule, m, lang, before, text[m.end():min(s.end, m.end() + CONTEXT)])
    if p is None:
        return
    st, en = m.span("span") if "span" in m.re.groupindex and m.group("span") else m.span()
    name = f"{lang.code}.{rule.name}"
    whole = lang.settings.get("range_mentions") == "one" and not rule.attrs.get("list")
    if p.start is not None and whole:
        # one expression for the range; its value is the ISO interval of its bounds
        cands.append(Mention(st, en, name, rule.index, replace(p, whole=True), s.idx))
    elif p.start is not None and "span1" in m.re.groupindex and "span2" in m.re.groupindex:
        # two bounds reported as two expressions; the first carries the range (or, for a
        # list, only its own day)
        first = p.start if rule.attrs.get("list") else p
        cands.append(Mention(st, en, name, rule.index, p, s.idx,
                             parts=((m.start("span1"), m.end("span1"), first),
                                    (m.start("span2"), m.end("span2"), replace(p, start=None)))))
    else:
        cands.append(Mention(st, en, name, rule.index, p, s.idx))


def _expand(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if not m.parts:
            out.append(m)
            continue
        for a, b, part in m.parts:
            out.append(Mention(a, b, m.rule, m.rule_index, part, m.sent_idx))
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
