"""Find event triggers in a sentence: one scan of the language's compiled alternation over the
folded text, then the auxiliaries before a participle ("ont été", "n'a pas été", "se sont") are
taken into the trigger and give its voice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evdb.events.resources import Pack, TriggerEntry

TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int            # offsets into the document text (auxiliaries included)
    end: int
    head_start: int       # the lexical trigger without its auxiliaries
    entry: TriggerEntry
    voice: str            # active | passive | none (nouns)
    aux: tuple[str, ...]  # folded auxiliary words taken in ("n", "a", "pas", "ete")


def find_triggers(pack: Pack, folded: str, start: int, end: int) -> list[TriggerHit]:
    """Triggers of ``folded[start:end]`` (a sentence of the folded document text)."""
    cues = pack.cues
    chain_words = cues.passive_aux | cues.active_aux | cues.reflexive | cues.negation_aux
    hits: list[TriggerHit] = []
    for m in pack.trigger_re.finditer(folded, start, end):
        form = " ".join(m.group("t").split())
        entry = pack.triggers.get(form)
        if entry is None:
            continue
        head = m.start("t")
        s, aux = head, []
        verbal = pack.verbal.get(form)
        if entry.pos in ("participle", "verb") or verbal is not None:
            s, aux = _aux_chain(folded, start, head, chain_words, cues.skippable)
            if entry.pos == "noun":
                if verbal is not None and set(aux) & (cues.passive_aux | cues.active_aux):
                    entry = verbal   # "a été attaqué" folds to the noun "attaque": the auxiliary decides
                else:
                    s, aux = head, []
        if entry.needs_aux and not (set(aux) & (cues.passive_aux | cues.active_aux)):
            continue
        hits.append(TriggerHit(s, m.end("t"), head, entry, _voice(entry, aux, form, cues), tuple(aux)))
    return hits


def _aux_chain(folded: str, floor: int, head: int, words: frozenset[str],
               skippable: frozenset[str] = frozenset()) -> tuple[int, list[str]]:
    """Walk left from ``head`` over auxiliary/negation/reflexive words (at most five) and the
    adverbs that may sit between them ("were reportedly killed")."""
    pos, aux, keep = head, [], head
    for _ in range(6):
        j = pos
        while j > floor and folded[j - 1] == " ":
            j -= 1
        k = j
        while k > floor and folded[k - 1].isalnum():
            k -= 1
        word = folded[k:j]
        if word in skippable:
            pos = k
            continue
        if not word or word not in words:
            break
        aux.insert(0, word)
        pos = keep = k
    return (keep if aux else head), aux


def _voice(entry: TriggerEntry, aux: list[str], form: str, cues) -> str:
    if entry.voice:
        return entry.voice
    if entry.pos == "noun":
        return "none"
    words = set(aux) | set(form.split()[:1])
    if words & cues.reflexive:
        return "active"
    if set(aux) & cues.passive_aux:
        return "passive"
    if set(aux) & cues.active_aux:
        return "active"
    # A bare French participle ("cinq civils tués") is passive; a bare English past form is active.
    if entry.pos == "participle" and cues.lang == "fr":
        return "passive"
    return "active"
