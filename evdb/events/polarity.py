"""Polarity (negated?) and modality (asserted, hypothetical, reported) of a trigger, read from
cue words before and after it in its clause (fr/en events.toml tables [polarity], [modality])."""
from __future__ import annotations

from evdb.events.resources import Cues

_CLAUSE_STOP = frozenset(",;:.!?()\"")


def _words_before(folded: str, floor: int, pos: int, n: int) -> list[str]:
    """Up to ``n`` words before ``pos`` in the same clause (stops at punctuation)."""
    out: list[str] = []
    j = pos
    while len(out) < n and j > floor:
        while j > floor and folded[j - 1] == " ":
            j -= 1
        if j <= floor or folded[j - 1] in _CLAUSE_STOP:
            break
        k = j
        while k > floor and folded[k - 1].isalnum():
            k -= 1
        if k == j:
            break
        out.insert(0, folded[k:j])
        j = k
    return out


def _words_after(folded: str, pos: int, ceil: int, n: int) -> list[str]:
    out: list[str] = []
    j = pos
    while len(out) < n and j < ceil:
        while j < ceil and folded[j] == " ":
            j += 1
        if j >= ceil or folded[j] in _CLAUSE_STOP:
            break
        k = j
        while k < ceil and folded[k].isalnum():
            k += 1
        if k == j:
            break
        out.append(folded[j:k])
        j = k
    return out


def polarity(cues: Cues, folded: str, sent_start: int, sent_end: int, trig_start: int, head_start: int,
             trig_end: int, aux: tuple[str, ...], pos: str) -> str:
    if set(aux) & cues.negation_aux:
        return "negative"
    before = _words_before(folded, sent_start, trig_start, cues.neg_window)
    if set(before) & cues.neg_before:
        return "negative"
    if pos != "noun":
        after = _words_after(folded, trig_end, sent_end, 2)
        if set(after) & cues.neg_after:
            return "negative"
    return "positive"


def _has_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    for ph in phrases:
        n = len(ph)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == ph:
                return True
    return False


def modality(cues: Cues, folded: str, sent_start: int, trig_start: int, aux: tuple[str, ...],
             trig_end: int | None = None) -> str:
    before = _words_before(folded, sent_start, trig_start, cues.mod_window)
    if trig_end is not None:
        before += folded[trig_start:trig_end].split()
    if _has_phrase(before + list(aux), cues.hypothetical):
        return "hypothetical"
    if _has_phrase(before + list(aux), cues.reported):
        return "reported"
    return "asserted"
