"""Load the event-extraction data: trigger lexicons and cue words per language, the actors
gazetteer, the places gazetteer and the taxonomy. Compiled once per language and cached.

Every problem is raised here, at load time, as a :class:`ResourceError` naming the file and the
entry; nothing fails later at match time.
"""
from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evdb.errors import ResourceError
from evdb.events.names import fold, name_key
from evdb.paths import resources_dir

if TYPE_CHECKING:  # the indexes import this module's dataclasses
    from evdb.events.actors import ActorIndex
    from evdb.events.places import PlaceIndex

POS = ("participle", "verb", "noun")
_BRACES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    event_type: str
    sub: str | None
    pos: str
    needs_aux: bool
    example: str
    where: str
    voice: str | None = None    # forced voice ("sauté sur une mine": the subject is the victim)


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    name: str
    actor_type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place:
    place_id: str
    name: str
    kind: str          # town | admin1 | country
    country: str       # ISO2
    country_name: str
    admin1: str
    latitude: float | None
    longitude: float | None
    population: int


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue words of one language (events.toml), as compiled regexes and sets."""

    lang: str
    raw: dict[str, Any]
    elision_re: str
    passive_aux: frozenset[str]
    active_aux: frozenset[str]
    reflexive: frozenset[str]
    negation_aux: frozenset[str]
    neg_before: frozenset[str]
    neg_after: frozenset[str]
    neg_window: int
    hypothetical: tuple[tuple[str, ...], ...]
    reported: tuple[tuple[str, ...], ...]
    mod_window: int
    numbers: dict[str, int]
    vague: dict[str, dict[str, int]]
    modifiers: dict[str, dict[str, str]]
    persons: frozenset[str]
    wounded: frozenset[str]
    toll_after: tuple[str, ...]
    toll_nouns: frozenset[str]
    conjunctions: tuple[str, ...]
    subset: tuple[str, ...]
    near: tuple[str, ...]
    region: tuple[str, ...]
    anaphora: dict[str, tuple[str, ...]]
    group_cues: tuple[str, ...]
    person_cues: tuple[str, ...]
    affiliation: tuple[str, ...]
    agent: tuple[str, ...]
    past: frozenset[str]
    reporting: tuple[str, ...]
    reporting_after: tuple[str, ...]     # the reporting cues that also count after a time ("dimanche, a dit")
    combatants: frozenset[str]
    identified_as: tuple[str, ...]
    claim: frozenset[str]
    civilian_targets: frozenset[str]
    between: tuple[str, ...]
    against: tuple[str, ...]
    no_deaths: tuple[str, ...]
    aggregate: tuple[str, ...]
    skippable: frozenset[str]
    singular_aux: frozenset[str]        # a passive death predicate with one of these and no count: one victim
    grammar: dict[str, frozenset[str]]   # function words by role ([grammar] table)


@dataclass(frozen=True)
class Pack:
    """Everything extraction needs for one language."""

    lang: str
    trigger_re: re.Pattern
    triggers: dict[str, TriggerEntry]         # folded form -> entry
    verbal: dict[str, TriggerEntry]           # folded form -> its verb/participle entry, when a noun shares it
    examples: tuple[tuple[str, TriggerEntry], ...]
    cues: Cues
    actors: ActorIndex
    places: PlaceIndex
    taxonomy: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def expand(form: str) -> list[str]:
    """``"tué{,e,s}"`` -> ``["tué", "tuée", "tués"]`` (several brace groups multiply)."""
    m = _BRACES.search(form)
    if not m:
        return [form]
    out = []
    for alt in m.group(1).split(","):
        out.extend(expand(form[:m.start()] + alt + form[m.end():]))
    return out


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(f"missing resource file {path.name}", where=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"invalid TOML: {exc}", where=str(path),
                            hint="fix the syntax at the line and column given") from None


@cache
def taxonomy() -> dict[tuple[str, str], dict[str, Any]]:
    """``(event_type, sub_event_type) -> {acled_event_type, acled_sub_event_type, ucdp, description}``."""
    path = resources_dir() / "taxonomy.toml"
    data = read_toml(path)
    out = {}
    for etype, subs in data.items():
        for sub, info in subs.items():
            for key in ("acled_event_type", "acled_sub_event_type", "ucdp", "description"):
                if key not in info:
                    raise ResourceError(f"[{etype}.{sub}] lacks {key!r}", where=str(path))
            out[(etype, sub)] = info
    return out


def load_triggers(path: Path, known: dict[tuple[str, str], Any]) -> tuple[dict[str, TriggerEntry],
                                                                        dict[str, TriggerEntry], list]:
    """``(forms, verbal, examples)``: every folded form -> its entry (first in file order wins);
    the forms a verb/participle entry also has -> that entry; each entry's example."""
    data = read_toml(path)
    forms: dict[str, TriggerEntry] = {}
    verbal: dict[str, TriggerEntry] = {}
    examples = []
    for i, item in enumerate(data.get("trigger", []), 1):
        where = f"{path.parent.name}/{path.name} [[trigger]] #{i}"
        etype, sub, pos = item.get("type"), item.get("sub"), item.get("pos")
        if pos not in POS:
            raise ResourceError(f"{where}: pos must be one of {', '.join(POS)}, not {pos!r}", where=str(path))
        if etype != "killing" and (etype, sub) not in known:
            raise ResourceError(f"{where}: unknown type/sub {etype}.{sub}", where=str(path),
                                hint="use a type and sub-type defined in taxonomy.toml")
        if "example" not in item or not item.get("forms"):
            raise ResourceError(f"{where}: needs `forms` and an `example`", where=str(path))
        if item.get("voice") not in (None, "active", "passive"):
            raise ResourceError(f"{where}: voice must be active or passive", where=str(path))
        entry = TriggerEntry(etype, sub, pos, bool(item.get("needs_aux", False)), item["example"], where,
                             item.get("voice"))
        for form in item["forms"]:
            for f in expand(form):
                forms.setdefault(fold(f), entry)   # first entry wins (file order)
                if pos != "noun":
                    verbal.setdefault(fold(f), entry)
        examples.append((item["example"], entry))
    return forms, verbal, examples


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(fold(v).strip() for v in values)


def load_cues(path: Path, lang: str) -> Cues:
    d = read_toml(path)
    try:
        aux, pol, mod, cas = d["aux"], d["polarity"], d["modality"], d["casualty"]
        pl, ac = d["places"], d["actor_cues"]
        elisions = sorted((fold(e) for e in d.get("elisions", [])), key=len, reverse=True)
        d["intervention_folded"] = tuple(fold(x) for x in d.get("protest", {}).get("intervention", []))
        return Cues(
            lang=lang, raw=d,
            elision_re="(?:" + "|".join(re.escape(e) for e in elisions) + ")?" if elisions else "",
            passive_aux=_words(aux["passive"]), active_aux=_words(aux["active"]),
            reflexive=_words(aux["reflexive"]), negation_aux=_words(aux["negation"]),
            neg_before=_words(pol["before"]), neg_after=_words(pol["after"]), neg_window=int(pol["window"]),
            hypothetical=tuple(tuple(fold(h).split()) for h in mod["hypothetical"]),
            reported=tuple(tuple(fold(h).split()) for h in mod["reported"]), mod_window=int(mod["window"]),
            numbers={fold(k): int(v) for k, v in d["numbers"].items()},
            vague={fold(k): v for k, v in d["vague"].items()},
            modifiers={fold(k): v for k, v in d["modifiers"].items()},
            persons=_words(cas["persons"]), wounded=_words(cas["wounded"]),
            toll_after=tuple(fold(x) for x in cas["toll_after"]), toll_nouns=_words(cas["toll_nouns"]),
            conjunctions=tuple(fold(x) for x in cas["conjunctions"]),
            subset=tuple(fold(x) for x in cas.get("subset", [])),
            near=tuple(sorted((" ".join(fold(x).split()) for x in pl["near"]), key=len, reverse=True)),
            region=tuple(sorted((" ".join(fold(x).split()) for x in pl["region"]), key=len, reverse=True)),
            anaphora={fold(k): tuple(v) for k, v in d["anaphora"].items()},
            group_cues=tuple(fold(x) for x in ac["group"]), person_cues=tuple(fold(x) for x in ac["person"]),
            affiliation=tuple(fold(x) for x in ac["affiliation"]), agent=tuple(fold(x) for x in ac["agent"]),
            past=_words(aux["past"]),
            reporting=tuple(fold(x) for x in ac.get("reporting", [])),
            reporting_after=tuple(fold(x) for x in ac.get("reporting", [])
                                  if fold(x) not in {fold(b) for b in ac.get("reporting_before_only", [])}),
            combatants=_words(cas.get("combatants", [])),
            identified_as=tuple(sorted((fold(x) for x in ac.get("identified_as", [])), key=len, reverse=True)),
            claim=_words(ac.get("claim", [])),
            civilian_targets=_words(ac.get("civilian_targets", [])),
            between=tuple(fold(x) for x in ac.get("between", [])),
            against=tuple(fold(x) for x in ac.get("against", [])),
            no_deaths=tuple(fold(x) for x in cas.get("no_deaths", [])),
            aggregate=tuple(fold(x) for x in cas.get("aggregate", [])),
            skippable=_words(aux.get("skippable", [])),
            singular_aux=_words(aux.get("singular", [])),
            grammar={k: frozenset(" ".join(fold(w).split()) for w in v) for k, v in d["grammar"].items()},
        )
    except KeyError as exc:
        raise ResourceError(f"missing table or key {exc}", where=str(path),
                            hint="compare with evdb/resources/fr/events.toml") from None


def compile_triggers(forms: dict[str, TriggerEntry], cues: Cues) -> re.Pattern:
    """One alternation per language, longest form first, whole-word, elision-aware; it runs on
    folded text (see :func:`evdb.events.names.fold`)."""
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in alts)
    return re.compile(r"(?<![\w])" + cues.elision_re + r"(?P<t>" + body + r")(?![\w])")


def has_pack(lang: str) -> bool:
    """Whether ``lang`` has event data (``evdb/resources/<lang>/triggers.toml``)."""
    return (resources_dir() / lang / "triggers.toml").is_file()


@cache
def load_pack(lang: str) -> Pack:
    from evdb.events.actors import ActorIndex

    d = resources_dir() / lang
    if not (d / "triggers.toml").is_file():
        known = sorted(p.name for p in resources_dir().iterdir() if (p / "triggers.toml").is_file())
        raise ResourceError(f"no event triggers for language {lang!r}", hint=f"known: {', '.join(known)}")
    tax = taxonomy()
    forms, verbal, examples = load_triggers(d / "triggers.toml", tax)
    cues = load_cues(d / "events.toml", lang)
    return Pack(lang=lang, trigger_re=compile_triggers(forms, cues), triggers=forms, verbal=verbal,
                examples=tuple(examples), cues=cues, actors=ActorIndex.build(load_actors(), cues),
                places=load_places(), taxonomy=tax)


@cache
def load_actors() -> tuple[Actor, ...]:
    path = resources_dir() / "actors.toml"
    data = read_toml(path)
    out, seen = [], set()
    for i, a in enumerate(data.get("actor", []), 1):
        for key in ("id", "name", "type"):
            if key not in a:
                raise ResourceError(f"[[actor]] #{i} lacks {key!r}", where=str(path))
        if a["id"] in seen:
            raise ResourceError(f"[[actor]] #{i}: duplicate id {a['id']!r}", where=str(path))
        seen.add(a["id"])
        out.append(Actor(a["id"], a["name"], a["type"], tuple(a.get("aliases", []))))
    for i, g in enumerate(data.get("generic", []), 1):
        if "{country}" not in g.get("name", "") or "type" not in g:
            raise ResourceError(f"[[generic]] #{i}: needs a name with {{country}} and a type", where=str(path))
        out.append(Actor(f"generic:{i}", g["name"], g["type"], tuple(g.get("aliases", []))))
    return tuple(out)


@cache
def load_places():
    from evdb.events.places import PlaceIndex

    path = resources_dir() / "places.tsv"
    rows: list[tuple[Place, list[str]]] = []
    with path.open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for n, r in enumerate(csv.DictReader(lines, delimiter="\t"), 2):
            try:
                place = Place(r["place_id"], r["name"], r["kind"], r["country"], r["country_name"], r["admin1"],
                              float(r["latitude"]) if r["latitude"] else None,
                              float(r["longitude"]) if r["longitude"] else None, int(r["population"] or 0))
            except (KeyError, ValueError) as exc:
                raise ResourceError(f"bad row: {exc}", where=f"{path}:{n}",
                                    hint="regenerate it with scripts/build_places.py") from None
            rows.append((place, r["variants"].split("|")))
    return PlaceIndex.build(rows, name_key)
