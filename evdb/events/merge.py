"""Merging trigger mentions into events.

- ``Draft``: an event being built from one or more trigger mentions;
- :func:`merge_sentence`: two triggers of one type in a sentence are one event (the more specific
  sub-type wins); a death predicate gives its toll to the violent event of its sentence;
- :func:`corefer`: a definite noun ("l'attaque", "the ambush") repeats an earlier event and adds
  what the first mention lacked; a death told just after a violent event is its toll; a protest
  that "degenerated into a riot" becomes the riot; looting during an attack is part of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from evdb.events import casualties as cas
from evdb.events.actors import Mention
from evdb.events.resources import Pack
from evdb.events.taxonomy import SUB_PRIORITY
from evdb.events.triggers import TriggerHit
from evdb.model import Sentence

VIOLENT = ("battle", "explosion_remote_violence", "violence_against_civilians")

@dataclass
class Draft:
    sent: Sentence
    hit: TriggerHit
    event_type: str
    sub: str | None
    polarity: str
    modality: str
    killing: bool = False
    toll: cas.Count | None = None
    hits: list[TriggerHit] = field(default_factory=list)
    extra: list["Draft"] = field(default_factory=list)   # later mentions merged in
    definite: bool = False
    claimant: Mention | None = None
    victims_armed: bool | None = None
    zero: bool = False
    source: "Draft | None" = None    # a negated death takes type and actors from this event


def merge_sentence(local: list[Draft], folded: str = "", breaks: tuple[str, ...] = ()) -> None:
    """Merge same-type triggers of one sentence; fold death predicates into the violent event.
    Two triggers of one type on either side of a clause break ("tandis que", "while") stay two
    events."""
    i = 0
    while i < len(local):
        d = local[i]
        j = i + 1
        while j < len(local):
            e = local[j]
            same = (d.event_type == e.event_type and d.polarity == e.polarity and not d.killing
                    and not clause_break(folded, breaks, d.hits[-1].end, e.hit.start))
            kill_into = (e.killing and d.event_type in VIOLENT and e.polarity == d.polarity)
            kill_from = (d.killing and e.event_type in VIOLENT and e.polarity == d.polarity)
            both_kill = d.killing and e.killing and d.polarity == e.polarity
            if same or kill_into or both_kill:
                _absorb(d, e)
                del local[j]
                continue
            if kill_from:
                _absorb(e, d)
                local[i] = e
                del local[j]
                d = e
                continue
            j += 1
        i += 1


def clause_break(folded: str, breaks: tuple[str, ...], start: int, end: int) -> bool:
    if not breaks or end <= start:
        return False
    gap = " " + " ".join(folded[start:end].replace(";", " ; ").split()) + " "
    return any(f" {b} " in gap for b in breaks)


def _absorb(d: Draft, e: Draft) -> None:
    d.hits.extend(e.hits)
    if e.toll is not None:
        d.toll = e.toll if d.toll is None else (d.toll.plus(e.toll) if d.killing and e.killing else d.toll)
    if d.victims_armed is None:
        d.victims_armed = e.victims_armed
    if not e.killing and e.sub and SUB_PRIORITY.get(e.sub, 0) > SUB_PRIORITY.get(d.sub or "", 0):
        d.sub = e.sub
    if e.modality == "hypothetical":
        d.modality = "hypothetical"


def corefer(pack: Pack, drafts: list[Draft], folded: str, mentions: list[Mention], dated: set[int],
            days: dict[int, set[str]] | None = None) -> list[Draft]:
    """Merge later mentions of an event into its first mention (see module doc)."""
    out: list[Draft] = []
    for d in drafts:
        prev_violent = next((p for p in reversed(out) if p.event_type in VIOLENT and p.polarity == "positive"), None)
        last = max((x.sent for x in (prev_violent, *prev_violent.extra)), key=lambda s: s.idx) if prev_violent else None
        # a death "told just after" a violent event is its toll; across a paragraph break only when
        # its sentence carries no date of its own
        near = last is not None and d.sent.idx - last.idx <= 2 and (
            d.sent.idx not in dated or "\n\n" not in folded[last.end:d.sent.start])
        claim = _claim(pack, folded, d.sent, mentions)
        same_type = next((p for p in reversed(out) if p.event_type == d.event_type and p.polarity == "positive"), None)
        if d.definite and d.event_type not in VIOLENT and same_type is not None and d.polarity == "positive":
            same_type.extra.append(d)
            continue
        if d.event_type == "riot":
            turned = next((p for p in out if p.event_type == "protest" and any(x.sent.idx == d.sent.idx for x in p.extra)),
                          None)
            if turned is not None:   # "La manifestation a dégénéré en émeute": the protest became a riot
                turned.event_type, turned.sub = "riot", d.sub
                turned.hits = d.hits + turned.hits
                turned.sent = d.sent
                continue
        if d.definite and d.event_type in VIOLENT and claim is not None and d.polarity == "positive":
            d.claimant = claim   # "le JNIM a revendiqué l'attaque d'un convoi" (a new event, see above)
        if d.definite and d.event_type in VIOLENT and _campaign(pack, folded, d):
            continue   # "l'offensive du régime": a campaign under way, not an event
        if (d.sub == "looting_property_destruction" and near and d.sent.idx not in dated
                and d.polarity == "positive"):
            prev_violent.extra.append(d)   # burning and looting during an attack are part of it
            continue
        ante = _antecedent(out, d, prev_violent)
        if (d.definite and d.event_type in VIOLENT and ante is not None and d.polarity == "positive"
                and not _own_agent(pack, folded, d, ante, mentions)
                and not _other_day(days or {}, d, ante, folded)):
            ante.extra.append(d)
            targets = [p for p in out if p.event_type in VIOLENT][-2:] if _plural(pack, folded, d) else [ante]
            if claim is not None:
                for p in targets:
                    p.claimant = claim
            continue
        if d.killing and d.polarity == "positive" and near and prev_violent is not None:
            prev_violent.extra.append(d)
            if prev_violent.toll is None:
                prev_violent.toll = d.toll
            continue
        if d.killing and d.modality == "hypothetical" and d.toll is None:
            continue   # "pourrait être tué": nothing to count and no event type to give it
        if d.killing:
            src = prev_violent if d.polarity == "negative" and prev_violent is not None else None
            if src is not None:
                d.event_type, d.sub = src.event_type, src.sub
                d.source = src
            elif d.victims_armed:
                d.event_type, d.sub = "battle", "armed_clash"
            else:
                d.event_type, d.sub = "violence_against_civilians", "attack"
        out.append(d)
    return out


def _own_agent(pack: Pack, folded: str, d: Draft, prev: Draft, mentions: list[Mention]) -> bool:
    """"Les frappes de la coalition" after a battle: a definite noun of another type with its own
    agent attached ("de la coalition", "russes", "Turkish") is a new event, not a repetition."""
    if d.event_type == prev.event_type:
        return False
    from evdb.events.roles import assign_roles, main_hit

    h = main_hit(d)
    a1 = assign_roles(pack, folded, d, mentions).get("actor1")
    if a1 is None:
        return False
    return 0 <= a1.start - h.end <= 25 or 0 <= h.head_start - a1.end <= 3


def _antecedent(out: list[Draft], d: Draft, prev_violent: Draft | None) -> Draft | None:
    """The event a definite violent noun repeats: the last one of its type, else the last violent."""
    same = next((p for p in reversed(out) if p.event_type == d.event_type and p.polarity == "positive"), None)
    return same or prev_violent


def _other_day(days: dict[int, set[str]], d: Draft, prev: Draft, folded: str) -> bool:
    """"Le JNIM a revendiqué l'attaque ... jeudi", two paragraphs after a fight of Tuesday: a
    definite noun dated otherwise than its antecedent is another event when it is of another
    type or told more than two sentences or a paragraph later."""
    mine = days.get(d.sent.idx)
    theirs = set().union(*(days.get(x.sent.idx, set()) for x in (prev, *prev.extra)))
    if not (mine and theirs) or mine & theirs:
        return False
    last = max((x.sent for x in (prev, *prev.extra)), key=lambda s: s.idx)
    near = d.sent.idx - last.idx <= 2 and "\n\n" not in folded[last.end:d.sent.start]
    return d.event_type != prev.event_type or not near


def _campaign(pack: Pack, folded: str, d: Draft) -> bool:
    words = set(pack.cues.raw["casualty"].get("campaign", ()))
    return bool(words) and all(folded[x.start:x.end].split()[-1] in words for x in d.hits)


def _claim(pack: Pack, folded: str, sent: Sentence, mentions: list[Mention]) -> Mention | None:
    s = folded[sent.start:sent.end]
    if not any(c in s for c in pack.cues.claim):
        return None
    named = [m for m in mentions if sent.start <= m.start < sent.end and m.actor is not None
             and m.actor.actor_type not in ("civilians", "state_forces")]
    if " pas " in s or " not " in s:
        return None
    return named[0] if named else None


def _plural(pack: Pack, folded: str, d: Draft) -> bool:
    before = folded[max(d.sent.start, d.hits[0].head_start - 12):d.hits[0].head_start]
    return any(w in pack.cues.grammar["plural"] for w in before.split())
