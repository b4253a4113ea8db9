"""``extract_events``: triggers -> candidate events per sentence -> merged and coreferent events
-> actors, place, casualties and time -> :class:`evdb.model.Event`.

Rules (documented in the README's Events section):

- one event per trigger, merged per (type, sentence): two triggers of one type in a sentence are
  one event, keeping the most specific sub-type;
- a death predicate ("ont été tués", "killing") is not an event of its own when a violent event
  shares its sentence or was told just before: it gives that event its toll; alone, it is a
  battle (armed victims) or violence against civilians;
- a definite noun ("l'attaque", "the ambush") repeats an earlier violent event: it adds what the
  first mention lacked (time, place, claimant) instead of making a new one;
- negated and hypothetical events are kept with their polarity/modality.
"""
from __future__ import annotations

import re
from collections import Counter

from evdb.events import casualties as cas
from evdb.events.actors import Mention, localize, resolve_anaphora
from evdb.events.attach import (choose_timex, date_event, paragraph_start, paragraph_starts,
                                 previous_paragraph_start, usable)
from evdb.events.names import fold
from evdb.events.polarity import modality, polarity
from evdb.events.resources import Pack, has_pack, load_pack
from evdb.events.merge import VIOLENT, Draft, clause_break, corefer, merge_sentence
from evdb.events.roles import assign_roles, main_hit, victims_actor
from evdb.events.taxonomy import refine_sub
from evdb.events.triggers import TriggerHit, find_triggers
from evdb.model import ActorRef, Document, Event, FieldSource, Sentence, Timex

WORD = re.compile(r"\w+")
NON_LETHAL = frozenset({"abduction", "arrests", "change_to_group_activity", "agreement", "peaceful_protest",
                        "non_violent_transfer_of_territory", "other", "non_state_actor_overtakes_territory",
                        "government_regains_territory"})


def extract_events(doc: Document, text: str, sentences: tuple[Sentence, ...],
                   timexes: tuple[Timex, ...]) -> list[Event]:
    if not has_pack(doc.lang):
        return []   # a language without trigger data yields no events, never a failed ingest
    pack = load_pack(doc.lang)
    folded = fold(text)
    named = pack.actors.mentions(text, folded)
    places = _outside(pack.places.mentions(text, folded, pack.cues), named)
    hint = Counter(p.place.country for p in places).most_common(1)
    if hint and any(len(pack.places.candidates(p.surface)) > 1 for p in places):
        places = _outside(pack.places.mentions(text, folded, pack.cues, hint[0][0]), named)
    country = next((p.place.country_name for p in places if hint and p.place.country == hint[0][0]), None)
    mentions = resolve_anaphora(localize(named, country))
    drafts = _drafts(pack, text, folded, sentences, timexes)
    usable_t = [t for t in timexes if usable(t)]
    reporting = {t.tid for t in usable_t if _is_reporting_time(pack.cues, folded, t)}   # they date the report
    dated = {t.sent_idx for t in usable_t}
    days: dict[int, set[str]] = {}
    for t in usable_t:
        if t.tid not in reporting:
            days.setdefault(t.sent_idx, set()).add(t.value)
    drafts = corefer(pack, drafts, folded, mentions, dated, days)
    return _build(pack, doc, text, folded, drafts, mentions, places, usable_t, reporting)


def _drafts(pack: Pack, text: str, folded: str, sentences, timexes) -> list[Draft]:
    cues = pack.cues
    out: list[Draft] = []
    for sent in sentences:
        hits = find_triggers(pack, folded, sent.start, sent.end)
        if not hits:
            continue
        toks = cas.tokenize(text, folded, sent.start, sent.end)
        masked = [(t.char_start, t.char_end) for t in timexes if t.sent_idx == sent.idx]
        local: list[Draft] = []
        for k, h in enumerate(hits):
            pol = polarity(cues, folded, sent.start, sent.end, h.start, h.head_start, h.end, h.aux, h.entry.pos)
            mod = modality(cues, folded, sent.start, h.start, h.aux, h.end)
            if mod == "asserted" and h.entry.pos == "noun" and _expected_after(cues, folded, h.end, sent.end):
                mod = "hypothetical"
            if _aggregate(cues, folded, sent.start, h.start):
                continue
            if h.entry.event_type == "killing" and pol == "negative" and _none_died(cues, folded, sent.start, h.start):
                continue   # "Aucun civil n'a été tué": nobody died, no event
            d = Draft(sent, h, h.entry.event_type, h.entry.sub, pol, mod, killing=h.entry.event_type == "killing",
                      hits=[h])
            d.definite = h.entry.pos == "noun" and _definite(cues, folded, h.head_start)
            if d.killing:
                first = _tok_index(toks, h.start)
                last = _tok_index(toks, h.end - 1)
                floor = _tok_index(toks, hits[k - 1].end) if k else 0
                ceil = _tok_index(toks, hits[k + 1].start) if k + 1 < len(hits) else len(toks)
                d.toll = cas.toll_for(cues, toks, masked, h.voice, first, last, floor, ceil)
                if d.toll is None and h.voice == "passive" and set(h.aux) & cues.singular_aux:
                    d.toll = cas.Count(1, 1, 1, h.start, h.end)
                d.victims_armed = _armed_victims(cues, toks, d.toll)
            local.append(d)
        merge_sentence(local, folded, _cue(cues, "grammar", "clause_breaks"))
        toll = cas.toll_phrase(cues, toks, masked)
        nxt = next((s for s in sentences if s.idx == sent.idx + 1 and "\n\n" not in text[sent.end:s.start]), None)
        window = " " + " ".join(WORD.findall(folded, sent.start, (nxt or sent).end)) + " "
        trig_words = {w for d in local for x in d.hits for w in folded[x.start:x.end].split()}
        zero = any(f" {c} " in window and c not in trig_words for c in cues.no_deaths)
        breaks = _cue(cues, "grammar", "clause_breaks")
        for d in local:
            if d.toll is None and toll is not None and (d.event_type in VIOLENT or d.killing) and (
                    len(local) == 1 or not clause_break(folded, breaks, *sorted((d.hits[0].end, toll.start)))):
                d.toll = toll   # a sentence's toll goes to the events of its clause
            d.zero = zero
        out.extend(local)
    return out


def _build(pack: Pack, doc: Document, text: str, folded: str, drafts: list[Draft], mentions: list[Mention],
           places, usable_t: list[Timex], skip: set[str]) -> list[Event]:
    """``usable_t``: the usable timexes; ``skip``: the tids of those that date a report."""
    cues = pack.cues
    paras = paragraph_starts(text)
    events: list[Event] = []
    told: list[dict] = []      # roles of the violent events built so far ("the two sides")
    for d in drafts:
        h = main_hit(d)
        roles = assign_roles(pack, folded, d, mentions)
        both = _both_sides(cues, folded, d.sent.start, h.start)
        if both is not None and (roles.get("actor1") is None or roles["actor1"].start >= both):
            sides = [r for r in reversed(told) if r.get("actor1") is not None and r.get("actor2") is not None
                     and r["actor2"].actor_type != "civilians"]
            prev = next((r for r in sides if r["type"] == d.event_type), sides[0] if sides else None)
            if prev is not None:   # "Les deux camps se sont affrontés": both sides of the last fight
                roles = {"actor1": prev["actor1"], "actor2": prev["actor2"]}
        src = d.source
        if src is not None:
            base = assign_roles(pack, folded, src, mentions)
            roles = {"actor1": base.get("actor1"), "actor2": roles.get("actor2") or base.get("actor2")}
        if d.claimant is not None:
            roles["actor1"] = d.claimant
        if roles.get("actor2") is None and d.killing:
            roles["actor2"] = victims_actor(pack, d.toll, text, d.victims_armed)
        if d.sub == "arrests" and roles.get("actor1") is None:
            roles["actor1"] = next((m for m in reversed(mentions) if m.start < h.start and m.actor is not None
                                    and m.actor.actor_type == "state_forces"), None)
        actors = _actor_refs(roles, pack)
        default = pack.taxonomy.get((d.event_type, d.sub or ""), {}).get("default_actor1")
        if default and not any(a.role == "actor1" and a.actor_type != "civilians" for a in actors):
            known = pack.actors.lookup(default)
            actors = (ActorRef("actor1", default, "", known.actor_id if known else None,
                               known.actor_type if known else None, matched=known is not None),) + tuple(
                a for a in actors if a.role != "actor1")
        if (d.event_type == "strategic_development" and d.sub == "non_violent_transfer_of_territory"
                and not any(a.role == "actor1" and a.actor_type not in (None, "civilians") for a in actors)):
            continue   # displacement of civilians is not a territory transfer
        # time: first mention, unless a later mention has a clause-level expression
        candidates = [d, *d.extra]
        dating = None
        for c in candidates:
            if d.modality == "hypothetical":
                same = [t for t in usable_t if t.sent_idx == c.sent.idx and t.tid not in skip]
                tx = min(same, key=lambda t: abs(t.char_start - c.hits[0].head_start)) if same else None
                dt = date_event(tx, "clause", doc.published, False, True)
                if dating is None or (dating.attach != "clause" and dt.attach == "clause"):
                    dating = dt
                continue
            tx, how = choose_timex(usable_t, c.sent.idx, c.hits[0].head_start, _clause_start(folded, c.sent.start,
                                   c.hits[0].head_start), paragraph_start(paras, c.sent.start), skip,
                                   previous_paragraph_start(paras, c.sent.start))
            past = _past(cues, c.hits[0]) and d.modality != "hypothetical"
            dt = date_event(tx, how, doc.published, past, d.modality == "hypothetical")
            if dating is None or (dating.attach != "clause" and dt.attach == "clause"):
                dating = dt
        if d.killing and d.event_type != "battle" and dating.precision >= 4 or (
                d.killing and dating.precision >= 4 and d.toll and (d.toll.best or 0) >= 100):
            continue   # an aggregate toll ("plus de 500 civils l'an dernier") is not an event
        place = _place_for(places, d, paras)
        para_end = next((p for p in paras if p > d.sent.start), len(text))
        sub = refine_sub(d.event_type, d.sub, actors, folded[d.sent.start:para_end], cues)
        event_type = d.event_type
        if event_type == "battle" and sub == "armed_clash" and _civilian_target(cues, folded, h.end, d.sent.end):
            event_type, sub = "violence_against_civilians", "attack"
        toll = d.toll if d.polarity == "positive" else None
        low = best = high = None
        if toll is not None:
            low, best, high = cas.ordered(toll.low, toll.best, toll.high)
        elif d.zero and sub not in NON_LETHAL and d.polarity == "positive":
            low = best = high = 0
        sources = [FieldSource("trigger", text[h.start:h.end], h.start, h.end)]
        if toll is not None:
            sources.append(FieldSource("fatalities", text[toll.start:toll.end], toll.start, toll.end))
        if dating.timex is not None:
            sources.append(FieldSource("date", dating.timex.text, dating.timex.char_start, dating.timex.char_end))
        for a in actors:
            if a.char_start >= 0:
                sources.append(FieldSource(a.role, a.surface, a.char_start, a.char_end))
        if place is not None:
            sources.append(FieldSource("location", place.surface, place.start, place.end))
        conf = 0.4 + 0.15 * (dating.attach == "clause") + 0.1 * (dating.attach == "previous") \
            + 0.15 * any(a.role == "actor1" and a.matched for a in actors) + 0.1 * (place is not None) \
            + 0.1 * (toll is not None)
        notes = dating.note
        if event_type in VIOLENT:
            told.append({**roles, "type": event_type})
        events.append(Event(
            eid=f"e{len(events) + 1}", sent_idx=d.sent.idx, trigger=text[h.start:h.end], trigger_start=h.start,
            trigger_end=h.end, event_type=event_type, sub_event_type=sub, polarity=d.polarity,
            modality=d.modality, actors=actors,
            location=place.place.name if place else None, place_id=place.place.place_id if place else None,
            country=place.place.country_name if place else None,
            admin1=(place.place.admin1 or None) if place else None, admin2=None,
            latitude=place.place.latitude if place else None, longitude=place.place.longitude if place else None,
            geo_precision=place.precision if place else None,
            fatalities_low=low, fatalities_best=best, fatalities_high=high,
            fatalities_text=text[toll.start:toll.end] if toll else None,
            tid=dating.tid, time_attach=dating.attach, earliest=dating.earliest, latest=dating.latest,
            time_precision=dating.precision, confidence=round(min(conf, 0.99), 2), sources=tuple(sources),
            notes=notes))
    return events


def _actor_refs(roles: dict[str, Mention | None], pack: Pack) -> tuple[ActorRef, ...]:
    out = []
    for role in ("actor1", "actor2"):
        m = roles.get(role)
        if m is None:
            continue
        out.append(ActorRef(role, m.name, m.surface, m.actor.actor_id if m.actor else None, m.actor_type,
                            affiliation=m.affiliation, matched=m.actor is not None, char_start=m.start,
                            char_end=m.end))
    return tuple(out)


def _outside(places: list, actors: list) -> list:
    """Place names inside an actor's name are not places: "Hayat Tahrir al-Cham" holds "Cham"
    (an old name of Damascus), "Jabhat Fatah al-Sham" likewise."""
    return [p for p in places if not any(a.start <= p.start and p.end <= a.end for a in actors)]


def _place_for(places, d: Draft, paras: list[int]):
    for c in (d, *d.extra):
        inside = [p for p in places if c.sent.start <= p.start < c.sent.end]
        if inside:
            trig = c.hits[0].start
            return min(inside, key=lambda p: (p.precision if p.place.kind == "town" else 3, abs(p.start - trig)))
    para = paragraph_start(paras, d.sent.start)
    before = [p for p in places if para <= p.start < d.sent.start]
    if before:
        return before[-1]
    return None


def _is_reporting_time(cues, folded: str, t: Timex) -> bool:
    before = " ".join(folded[max(0, t.char_start - 25):t.char_start].split())
    after = " ".join(folded[t.char_end:t.char_end + 20].split())
    return any(before.endswith(r) for r in cues.reporting) or any(after.startswith(r) for r in cues.reporting_after)


def _clause_start(folded: str, floor: int, pos: int) -> int:
    k = max(folded.rfind(";", floor, pos), folded.rfind(":", floor, pos))
    return k + 1 if k >= 0 else floor


def _past(cues, h: TriggerHit) -> bool:
    return bool(set(h.aux) & cues.past) or h.entry.pos in ("participle", "noun")


def _definite(cues, folded: str, pos: int) -> bool:
    words = folded[max(0, pos - 20):pos].split()
    while words and words[-1] in cues.grammar["numerals"]:
        words.pop()
    return bool(words) and words[-1] in cues.grammar["definite"]


def _tok_index(toks, offset: int) -> int:
    for i, t in enumerate(toks):
        if t.end > offset:
            return i
    return len(toks)


def _armed_victims(cues, toks, toll) -> bool | None:
    if toll is None:
        return None
    words = {t.text for t in toks if toll.start <= t.start < toll.end}
    if words & cues.combatants:
        return True
    return False


def _aggregate(cues, folded: str, floor: int, pos: int) -> bool:
    """"une recrudescence d'attaques", "a surge in attacks": a trend, not an event."""
    before = " " + " ".join(folded[max(floor, pos - 30):pos].split()) + " "
    return any(f" {c.strip()} " in before for c in cues.aggregate)


_CUE_MEMO: dict[tuple[int, str, str], tuple[str, ...]] = {}


def _cue(cues, table: str, key: str) -> tuple[str, ...]:
    """A phrase list of ``cues.raw[table][key]``, folded once per process."""
    memo_key = (id(cues), table, key)
    got = _CUE_MEMO.get(memo_key)
    if got is None:
        got = _CUE_MEMO[memo_key] = tuple(" ".join(fold(v).split()) for v in cues.raw[table].get(key, ()))
    return got


def _expected_after(cues, folded: str, end: int, sent_end: int) -> bool:
    """"Une nouvelle offensive ... est attendue": an expectation cue later in the noun's clause."""
    stop = min([k for k in (folded.find(",", end, sent_end), folded.find(";", end, sent_end)) if k != -1] + [sent_end])
    clause = " " + " ".join(folded[end:stop].split()) + " "
    return any(f" {c} " in clause for c in _cue(cues, "modality", "after_noun"))


def _none_died(cues, folded: str, floor: int, pos: int) -> bool:
    """The subject of a negated death opens with "aucun"/"no": a statement that nobody died."""
    words = folded[max(floor, pos - 40):pos].split()[-3:]
    return any(w in _cue(cues, "casualty", "none_died") for w in words)


def _both_sides(cues, folded: str, floor: int, pos: int) -> int | None:
    """Where the clause's subject "les deux camps", "the two sides"... starts, or None."""
    floor = max(floor, folded.rfind(";", floor, pos) + 1)
    for c in _cue(cues, "actor_cues", "both_sides"):
        m = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, c.split())) + r"(?!\w)", folded[floor:pos])
        if m is not None:
            return floor + m.start()
    return None


def _civilian_target(cues, folded: str, start: int, end: int) -> bool:
    """An attack whose object is a village, a market, civilians... (the next few words)."""
    words = folded[start:min(end, start + 40)].split()[:4]
    return any(w in cues.civilian_targets for w in words)
