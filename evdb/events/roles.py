"""Actor roles of an event: actor1 is who acted, actor2 the target.

- active verb: actor1 = the nearest actor before the trigger in its clause; actor2 = the first
  actor after it;
- passive: actor2 = the nearest actor before (the subject suffers), actor1 = the actor after the
  agent word ("par", "by");
- noun: actor1 = an actor attached to the noun ("frappes de la coalition", "frappes russes") or
  after the agent word, else the nearest before; actor2 = the first actor after.

"par des hommes armés présentés comme des membres de l'EIGS": an unidentified agent followed by
an identification cue takes the named group.
"""
from __future__ import annotations

import re

from evdb.events.actors import Mention
from evdb.events.names import fold
from evdb.events.resources import Pack, load_actors

_WORD = re.compile(r"\w+")
_VIOLENT = ("battle", "explosion_remote_violence", "violence_against_civilians")



def main_hit(draft):
    """The trigger that carries the roles: a verb or participle of the event's own type, else its
    first noun, else the death predicate."""
    own = [x for x in draft.hits if x.entry.event_type != "killing"]
    verbs = [x for x in own if x.entry.pos != "noun"]
    return (verbs or own or draft.hits)[0]


def assign_roles(pack: Pack, folded: str, draft, mentions: list[Mention]) -> dict[str, Mention | None]:
    h = main_hit(draft)
    s0, s1 = draft.sent.start, draft.sent.end
    inside = [m for m in mentions if s0 <= m.start < s1 and not (h.head_start <= m.start < h.end and m.end <= h.end)]
    before = [m for m in inside if m.end <= h.start]
    after = [m for m in inside if m.start >= h.end or (m.start >= h.head_start and m.end > h.end)]
    agent = _agent(pack, folded, h.end, s1, after)
    between = _after_cue(pack.cues.between, folded, h.end, s1, after)
    target = _after_cue(pack.cues.against, folded, h.end, s1, after)
    actor1 = actor2 = None
    before = _skip_insertion(folded, _drop_affiliations(before), s0, h.start)
    if h.voice == "passive":
        actor2 = before[-1] if before else None
        actor1 = agent
    elif h.voice == "active":
        actor1 = _subject(folded, before, h.start)
        actor2 = _first_target(after, agent)
        first = _first_conjunct(pack, folded, before, actor1, s0)
        if first is not None:
            # "L'armée irakienne et les Hachd al-Chaabi ont repris X": the first conjunct is actor1,
            # the object actor2; the other conjunct is an ally in a fight, but the counterpart of
            # a non-violent act ("Le gouvernement et les groupes armés doivent signer")
            other = actor1 if draft.event_type not in _VIOLENT else None
            actor1, actor2 = first, actor2 if actor2 is not None else other
    else:
        adjacent = pack.cues.raw["actor_cues"].get("adjective_after", False)   # "frappes russes"
        attached = next((m for m in after if m.start - h.end <= 8 and
                         (m.start <= h.end or " ".join(folded[h.end:m.start].split()) in pack.cues.grammar["genitive"]
                          or (adjacent and folded[h.end:m.start].strip() == ""))), None)
        attached = attached or _nationality(pack, folded, h, adjacent)
        if attached is None and agent is None and before and _instrument(pack, folded, s0, h.head_start):
            # "Two soldiers were killed by a roadside bomb": the subject is the victim, the
            # bomber is unnamed
            return {"actor1": None, "actor2": before[-1]}
        actor1 = attached or agent or _subject(folded, before, h.start)
        if actor1 is None and between is not None:
            actor1 = between    # "des combats ont opposé les hommes de HTS à des rebelles"
        rest = [m for m in after if m is not actor1]
        actor2 = target if target is not None and target is not actor1 else _first_target(rest, agent)
    if actor1 is not None:
        actor1 = _identified(pack, folded, actor1, inside)
    if actor2 is not None and actor1 is not None and actor2.name == actor1.name:
        actor2 = None
    return {"actor1": actor1, "actor2": actor2}


def _drop_affiliations(before: list[Mention]) -> list[Mention]:
    """"Abou Hamza, émir de Jabhat Ansar al-Din, a été tué": the group names the person's
    affiliation; the person is the subject."""
    out: list[Mention] = []
    for m in before:
        if out and out[-1].kind == "person" and out[-1].affiliation and m.start - out[-1].end < 40 \
                and m.name == out[-1].affiliation:
            continue
        out.append(m)
    return out


def _skip_insertion(folded: str, before: list[Mention], floor: int, pos: int) -> list[Mention]:
    """"Les FDS, une alliance soutenue par la coalition, ont repris": actors inside a
    comma-delimited apposition or relative clause that ends right before the verb are not its
    subject."""
    c1 = folded.rfind(",", floor, pos)
    if c1 == -1 or len(folded[c1 + 1:pos].split()) > 2:
        return before
    c0 = folded.rfind(",", floor, c1)
    if c0 == -1 or not any(m.end <= c0 for m in before):
        return before
    return [m for m in before if m.end <= c0 or m.start > c1]


def _first_conjunct(pack: Pack, folded: str, before: list[Mention], subject: Mention | None,
                    floor: int) -> Mention | None:
    """The first actor of a coordinated subject ("Malian army units and French troops of
    Operation Barkhane killed"), or None when the subject is not coordinated."""
    if subject is None:
        return None
    start = max(floor, folded.rfind(",", floor, subject.start) + 1)
    group = [m for m in before if m.start >= start and m.end <= subject.start] + [subject]
    if len(group) < 2:
        return None
    first = group[0]
    words = folded[first.end:group[1].start].split()   # "X units and Y": the link after the first actor
    if len(words) > 4 or not any(w in pack.cues.grammar["coordination"] for w in words):
        return None
    return first


def _nationality(pack: Pack, folded: str, h, after_noun: bool) -> Mention | None:
    """"Turkish shelling", "des frappes aériennes russes": a nationality adjective next to the
    trigger noun names the state that acted."""
    table = _nationalities(pack)
    if after_noun:
        m = _WORD.match(folded, h.end + 1) if folded[h.end:h.end + 1] == " " else None
    else:
        k = folded.rfind(" ", 0, max(h.head_start - 1, 0))
        m = _WORD.match(folded, k + 1) if h.head_start > 0 else None
        if m is not None and m.end() != h.head_start - 1:
            m = None
    if m is None or m.group(0) not in table:
        return None
    actor = pack.actors.lookup(table[m.group(0)])
    return Mention(m.start(), m.end(), m.group(0), actor, "named") if actor is not None else None


def _nationalities(pack: Pack) -> dict[str, str]:
    table = _NATIONALITY.get(pack.lang)
    if table is None:
        raw = pack.cues.raw["actor_cues"].get("nationality", {})
        table = _NATIONALITY[pack.lang] = {" ".join(fold(k).split()): v for k, v in raw.items()}
    return table


_NATIONALITY: dict[str, dict[str, str]] = {}


def _instrument(pack: Pack, folded: str, floor: int, pos: int) -> bool:
    """The trigger noun follows an agent word ("killed by a roadside bomb", "tués par un obus")."""
    words = folded[max(floor, pos - 30):pos].split()
    while words and words[-1] in pack.cues.grammar["articles"]:
        words.pop()
    return bool(words) and words[-1] in pack.cues.agent


def _subject(folded: str, before: list[Mention], pos: int) -> Mention | None:
    if not before:
        return None
    m = before[-1]
    gap = folded[m.end:pos]
    return m if ";" not in gap and len(gap) < 120 else None


def _first_target(after: list[Mention], agent: Mention | None) -> Mention | None:
    for m in after:
        if m is not agent:
            return m
    return None


def _after_cue(cues: tuple[str, ...], folded: str, start: int, end: int, after: list[Mention]) -> Mention | None:
    """The first actor within a few words after one of ``cues`` following the trigger."""
    for cue in cues:
        k = folded.find(f" {cue} ", start - 1, end)
        if k != -1 and k - start < 40:
            pos = k + len(cue) + 2
            m = next((m for m in after if pos <= m.start <= pos + 25), None)
            if m is not None:
                return m
    return None


def _agent(pack: Pack, folded: str, start: int, end: int, after: list[Mention]) -> Mention | None:
    for cue in pack.cues.agent:
        k = folded.find(f" {cue} ", start, end)
        while k != -1:
            pos = k + len(cue) + 2
            m = next((m for m in after if pos <= m.start <= pos + 30), None)
            if m is not None:
                return m
            k = folded.find(f" {cue} ", pos, end)
    return None


def _identified(pack: Pack, folded: str, m: Mention, inside: list[Mention]) -> Mention:
    if m.actor is None or m.actor.actor_type != "unidentified_armed_group":
        return m
    tail = " ".join(folded[m.end:m.end + 60].split())
    for cue in pack.cues.identified_as:
        if tail.startswith(cue) or tail.startswith(", " + cue):
            named = next((x for x in inside if x.start > m.end and x.actor is not None
                          and x.actor.actor_type != "unidentified_armed_group"), None)
            if named is not None:
                return named
    return m


def victims_actor(pack: Pack, toll, text: str, armed: bool | None) -> Mention | None:
    """Unarmed victims of a killing with no named target are "Civilians"."""
    if toll is None or armed:
        return None
    civ = next((a for a in load_actors() if a.actor_type == "civilians"), None)
    if civ is None:
        return None
    return Mention(toll.start, toll.end, text[toll.start:toll.end], civ, "named")
