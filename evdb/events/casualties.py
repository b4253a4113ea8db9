"""Casualty counts: numbers in digits or words, vague counts ("des dizaines", "dozens") with
low/best/high, modifiers ("au moins", "at least"), summed over coordinations ("Quatre de ses
lieutenants et sept de ses compagnons" = 11) but not over subsets ("cinq civils dont deux
enfants" = 5). Only deaths count: a count followed by "blessés"/"wounded" is not a toll.
All words come from the [casualty], [numbers], [vague] and [modifiers] tables of events.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evdb.events.resources import Cues

TOKEN_RE = re.compile(r"\d+(?:[ .,]\d{3})*(?!\d)|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Tok:
    text: str      # folded
    start: int
    end: int
    cap: bool      # capitalised in the original text


@dataclass(frozen=True, slots=True)
class Count:
    low: int | None
    best: int | None
    high: int | None
    start: int        # offsets of the whole phrase ("Quatre de ses lieutenants et sept de ses compagnons")
    end: int
    first: int = 0    # token range, internal
    last: int = 0
    wounded: bool = False

    def plus(self, other: "Count") -> "Count":
        def add(a, b):
            return None if a is None or b is None else a + b
        return Count(add(self.low, other.low), add(self.best, other.best), add(self.high, other.high),
                     self.start, other.end, self.first, other.last, self.wounded and other.wounded)


def ordered(low: int | None, best: int | None, high: int | None) -> tuple[int | None, int | None, int | None]:
    """UCDP-style bounds: ``low <= best <= high`` whenever a figure is known. A missing bound takes
    the best figure ("au moins 5" is best 5, high 5 until a source says more), a missing best the
    low one; bounds that cross are clamped to the best figure."""
    known = [v for v in (low, best, high) if v is not None]
    if not known:
        return None, None, None
    if best is None:
        best = low if low is not None else high
    low = best if low is None else min(low, best)
    high = best if high is None else max(high, best)
    return low, best, high


def tokenize(text: str, folded: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.group(0), m.start(), m.end(), text[m.start()].isupper())
            for m in TOKEN_RE.finditer(folded, start, end)]


def _match_phrase(toks: list[Tok], i: int, table: dict) -> tuple[str, int] | None:
    for n in (4, 3, 2, 1):
        if i + n <= len(toks):
            key = " ".join(t.text for t in toks[i:i + n])
            if key in table:
                return key, i + n
    return None


def _number(cues: Cues, toks: list[Tok], i: int) -> tuple[int, int] | None:
    """(value, next index) of the number at token ``i``, in digits or words."""
    t = toks[i].text
    if t[0].isdigit():
        return int(re.sub(r"\D", "", t)), i + 1
    if t not in cues.numbers:
        return None
    total, current, j = 0, 0, i
    while j < len(toks):
        w = toks[j].text
        if w in cues.grammar["coordination"] and j + 1 < len(toks) and toks[j + 1].text in cues.numbers and current:
            j += 1
            continue
        v = cues.numbers.get(w)
        if v is None:
            break
        if v == 1000:
            total, current = total + max(current, 1) * 1000, 0
        elif v == 100:
            current = max(current, 1) * 100
        elif v == 20 and current in (4,):
            current = 80
        else:
            current += v
        j += 1
    return total + current, j


def find_counts(cues: Cues, toks: list[Tok], masked: list[tuple[int, int]]) -> list[Count]:
    """Every count of people in the tokens (a number, or a vague count, before a person noun)."""
    out: list[Count] = []
    i = 0
    while i < len(toks):
        if any(s <= toks[i].start < e for s, e in masked):
            i += 1
            continue
        first = i
        mod = _match_phrase(toks, i, cues.modifiers)
        j = mod[1] if mod else i
        vague = _match_phrase(toks, j, cues.vague) if j < len(toks) else None
        num = None
        if vague:
            v = cues.vague[vague[0]]
            low, best, high, nxt = v["low"], v["best"], v["high"], vague[1]
        elif j < len(toks) and (num := _number(cues, toks, j)) is not None:
            n, nxt = num
            low = best = high = n
            if mod:
                rule = cues.modifiers[mod[0]]
                low, best, high = (_bound(rule[k], n) for k in ("low", "best", "high"))
        else:
            i += 1
            continue
        head = _person_noun(cues, toks, nxt)
        if head is None:
            i = nxt if nxt > i else i + 1
            continue
        if num is not None and toks[j].text in cues.grammar["indefinite_one"] and head > nxt:
            i = nxt
            continue
        wounded = any(t.text in cues.wounded for t in toks[head + 1:head + 3])
        out.append(Count(low, best, high, toks[first].start, toks[head].end, first, head, wounded))
        i = head + 1
    return out


def _bound(rule: str, n: int) -> int | None:
    return None if rule == "none" else n if rule == "n" else int(rule)


def _person_noun(cues: Cues, toks: list[Tok], i: int) -> int | None:
    """Index of the person noun counted by a number ending before ``i`` ("de ses lieutenants",
    "Hashed al-Shaabi fighters", "suspected militants"), or None."""
    j, unknown = i, 0
    while j < len(toks) and j < i + 7:
        t = toks[j]
        if t.text in cues.persons or t.text in cues.toll_nouns:
            return j
        if t.text in cues.grammar["count_links"] or not t.text.isalnum():
            j += 1
            continue
        if t.cap or (j > i and toks[j - 1].cap and t.text in ("al", "el", "ad", "as", "ash", "an")):
            j += 1
            continue
        if unknown == 0 and t.text.isalpha() and t.text not in cues.numbers:
            unknown += 1
            j += 1
            continue
        return None
    return None


def group(cues: Cues, toks: list[Tok], counts: list[Count], nearest_to: str) -> Count | None:
    """Sum counts joined by conjunctions; stop at a subset word ("dont"). ``nearest_to`` is
    "end" (the group closest to the end of the span: passive subjects) or "start"."""
    if not counts:
        return None
    groups: list[Count] = []
    cur = counts[0]
    for nxt in counts[1:]:
        between = [t.text for t in toks[cur.last + 1:nxt.first]]
        if between and any(" ".join(between).startswith(c) or c in between for c in cues.subset):
            groups.append(cur)
            groups.append(None)   # a subset ends the sum
            cur = nxt
            continue
        if between and all(w in cues.conjunctions or w in cues.grammar["count_links"] for w in between) \
                and any(w in cues.conjunctions and w.isalpha() for w in between):
            cur = cur.plus(nxt)
        else:
            groups.append(cur)
            cur = nxt
    groups.append(cur)
    if nearest_to == "start":
        return groups[0]
    real = [g for g in groups if g is not None]
    # after a subset marker, the count before it is the total
    for k in range(len(groups) - 1, -1, -1):
        if groups[k] is not None and (k == 0 or groups[k - 1] is not None):
            return groups[k]
    return real[-1]


def toll_for(cues: Cues, toks: list[Tok], masked: list[tuple[int, int]], voice: str, trig_first: int,
             trig_last: int, floor: int, ceil: int) -> Count | None:
    """The death toll of a killing trigger at tokens [trig_first, trig_last]: the counted subject
    before a passive trigger, the counted object after an active one."""
    if voice == "passive":
        counts = [c for c in find_counts(cues, toks[floor:trig_first], masked) if not c.wounded]
        return group(cues, toks[floor:trig_first], counts, "end")
    after = toks[trig_last + 1:ceil]
    counts = [c for c in find_counts(cues, after, masked) if not c.wounded]
    if counts and counts[0].first <= 6:
        return group(cues, after, counts, "start")
    return None


def toll_phrase(cues: Cues, toks: list[Tok], masked: list[tuple[int, int]]) -> Count | None:
    """A toll stated with a cue ("faisant au moins 9 morts", "leaving 5 dead")."""
    text = " ".join(t.text for t in toks)
    for cue in cues.toll_after:
        k = text.find(cue)
        if k == -1:
            continue
        idx = len(text[:k].split())
        counts = [c for c in find_counts(cues, toks[idx:idx + 10], masked) if not c.wounded]
        if counts:
            return group(cues, toks[idx:idx + 10], counts, "start")
    return None
