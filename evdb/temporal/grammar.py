"""Apply a language's compiled rules to a text: scan once, match rules only near scan hits.

Policy when candidates overlap: the longest span wins; on equal length the rule written first
in temporal.toml wins; then the leftmost. A builder may reject a match, in which case the
shorter candidates it covered stay in play.
"""
from __future__ import annotations

from dataclasses import replace

from evdb.lang.spec import Language, norm_key
from evdb.model import Sentence
from evdb.temporal.builders import build
from evdb.temporal.partial import Mention

BACK = 32      # how far before a scan hit a rule may start ("dans la nuit de " + weekday)
AHEAD = 48     # how far after a scan hit a rule may end
CONTEXT = 48   # text before a match that not_after / since cues may look at


def find_mentions(text: str, lang: Language, sentences: list[Sentence] | tuple[Sentence, ...]) -> list[Mention]:
    out: list[Mention] = []
    for s in sentences:
        out.extend(_sentence(text, lang, s))
    return out


def _windows(text: str, lang: Language, s: Sentence):
    win: list[list] = []   # [start, end, keys]
    for h in lang.scan.finditer(text, s.start, s.end):
        if h.lastgroup == "d":
            keys = {"#digits"}
        else:
            keys = set(lang.scan_classes.get(norm_key(h.group()), ()))
        a, b = max(s.start, h.start() - BACK), min(s.end, h.end() + AHEAD)
        if win and a <= win[-1][1]:
            win[-1][1] = max(win[-1][1], b)
            win[-1][2] |= keys
        else:
            win.append([a, b, keys])
    return win


def _sentence(text: str, lang: Language, s: Sentence) -> list[Mention]:
    cands: list[Mention] = []
    for a, b, keys in _windows(text, lang, s):
        for rule in lang.rules:
            if not (rule.keys & keys):
                continue
            for m in rule.regex.finditer(text, a, b):
                if m.end() == m.start():
                    continue
                before = text[max(s.start, m.start() - CONTEXT):m.start()]
                if rule.not_after is not None and rule.not_after.search(before):
                    continue
                if rule.not_before is not None and rule.not_before.match(text, m.end(), min(s.end, m.end() + CONTEXT)):
                    continue
                p = build(rule, m, lang, before, text[m.end():min(s.end, m.end() + CONTEXT)])
                if p is None:
                    continue
                st, en = m.span("span") if "span" in m.re.groupindex and m.group("span") else m.span()
                name = f"{lang.code}.{rule.name}"
                whole = lang.settings.get("range_mentions") == "one" and not rule.attrs.get("list")
                if p.start is not None and whole:
                    # one expression for the range; its value is the ISO interval of its bounds
                    cands.append(Mention(st, en, name, rule.index, replace(p, whole=True), s.idx))
                    continue
                if p.start is not None and "span1" in m.re.groupindex and "span2" in m.re.groupindex:
                    # two bounds reported as two expressions; the first carries the range (or,
                    # for a list, only its own day)
                    first = p.start if rule.attrs.get("list") else p
                    cands.append(Mention(st, en, name, rule.index, p, s.idx,
                                         parts=((m.start("span1"), m.end("span1"), first),
                                                (m.start("span2"), m.end("span2"), replace(p, start=None)))))
                    continue
                cands.append(Mention(st, en, name, rule.index, p, s.idx))
    return _expand(_select(cands))


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
