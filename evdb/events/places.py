"""Place mentions: capitalised names looked up in the places gazetteer (GeoNames towns, admin1
regions and countries with French/English variants) by normalised key, with a small edit
tolerance for long names; the cue before a name gives ACLED's geo_precision (1 town, 2 near or
part of, 3 region/province).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from evdb.events.names import distance, tolerance
from evdb.events.resources import Cues, Place

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’]*"
_ART = r"(?:al|el|ad|an|ar|as|ash|at|az|ed|ez|ech|er)"
_JOIN = rf"(?:[ -]{_ART}[ -]|[ -](?:de |d'|du |des )?|-)"
# A name starts after a non-word character, or right after an elided article ("d'Idleb").
PLACE_RE = re.compile(rf"(?:(?<=\b[dlDL]['’])|(?<![\w'’-]))(?:{_ART}-)?{_CAP}(?:{_JOIN}{_CAP})*")
_KIND_RANK = {"town": 0, "admin1": 1, "country": 2}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: Place
    precision: int


class PlaceIndex:
    def __init__(self, by_key: dict[str, list[Place]], long_keys: list[str], key: Callable[[str], str]):
        self.by_key, self.key = by_key, key
        self.buckets: dict[tuple[str, int], list[str]] = {}    # (first letter, length) -> long keys
        for k in long_keys:
            self.buckets.setdefault((k[0], len(k)), []).append(k)
        self.memo: dict[str, list[Place]] = {}

    @classmethod
    def build(cls, rows: list[tuple[Place, list[str]]], key: Callable[[str], str]) -> "PlaceIndex":
        by_key: dict[str, list[Place]] = {}
        for place, variants in rows:
            for v in variants:
                k = key(v)
                if len(k) < 3:
                    continue
                bucket = by_key.setdefault(k, [])
                if place not in bucket:
                    bucket.append(place)
        long_keys = [k for k in by_key if tolerance(k) > 0]
        return cls(by_key, long_keys, key)

    def candidates(self, name: str) -> list[Place]:
        """Places a name may denote: exact key, else the nearest long name within the tolerance."""
        found = self.memo.get(name)
        if found is None:
            found = self._candidates(name)
            if len(self.memo) > 100_000:
                self.memo.clear()
            self.memo[name] = found
        return found

    def _candidates(self, name: str) -> list[Place]:
        k = self.key(name)
        hit = self.by_key.get(k)
        if hit:
            return hit
        limit = tolerance(k)
        if limit and k:
            for n in range(len(k) - limit, len(k) + limit + 1):
                for other in self.buckets.get((k[0], n), ()):
                    if distance(k, other, limit) <= limit:
                        return self.by_key[other]
        return []

    def mentions(self, text: str, folded: str, cues: Cues, country_hint: str | None = None) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        for m in PLACE_RE.finditer(text):
            words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.group(0))]
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + 5), i, -1):
                    s, e = m.start() + words[i][0], m.start() + words[j - 1][1]
                    surface = text[s:e]
                    places = self.candidates(surface)
                    if places and _needs_locative(cues, surface) and not _after_locative(cues, folded, s):
                        places = []   # "Sam Jones said": a town name that is also a common word or name
                    if places:
                        precision, want_region = _precision(folded, s, cues)
                        place = _choose(places, want_region, country_hint)
                        precision = max(precision, 3 if place.kind != "town" else 1)
                        out.append(PlaceMention(s, e, surface, place, precision))
                        i = j
                        break
                else:
                    i += 1
        return out


def _choose(places: list[Place], want_region: bool, country: str | None) -> Place:
    def rank(p: Place):
        kind = _KIND_RANK[p.kind]
        if want_region and p.kind == "admin1":
            kind = -1
        return (p.country != country if country else False, kind, -p.population)
    return min(places, key=rank)


_CUE_RES: dict[int, tuple[re.Pattern, re.Pattern]] = {}


def _cue_res(cues: Cues) -> tuple[re.Pattern, re.Pattern]:
    """Compiled 'ends with a cue' patterns of a language (one alternation each)."""
    res = _CUE_RES.get(id(cues))
    if res is None:
        alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))
        region = re.compile(rf"(?:^|\s)(?:{alt(cues.region)})(?: la| l)?$")
        near = re.compile(rf"(?:^|\s)(?:{alt(cues.near)})(?: (?:{alt(cues.grammar['place_lead_ins'])}))?$")
        res = _CUE_RES[id(cues)] = (region, near)
    return res


_LOCATIVE: dict[int, tuple[frozenset[str], re.Pattern]] = {}


def _locative(cues: Cues) -> tuple[frozenset[str], re.Pattern]:
    """Names that are places only after a locative word ([places] ambiguous_names / locative)."""
    got = _LOCATIVE.get(id(cues))
    if got is None:
        places = cues.raw.get("places", {})
        names = frozenset(n.casefold() for n in places.get("ambiguous_names", ()))
        words = sorted((" ".join(w.split()) for w in places.get("locative", ())), key=len, reverse=True)
        pattern = re.compile(rf"(?:^|\s)(?:{'|'.join(re.escape(w) for w in words) or '(?!)'})$")
        got = _LOCATIVE[id(cues)] = (names, pattern)
    return got


def _needs_locative(cues: Cues, surface: str) -> bool:
    return surface.casefold() in _locative(cues)[0]


def _after_locative(cues: Cues, folded: str, start: int) -> bool:
    before = " ".join(folded[max(0, start - 30):start].split())
    return bool(_locative(cues)[1].search(before))


def _precision(folded: str, start: int, cues: Cues) -> tuple[int, bool]:
    """geo_precision from the cue before the name, and whether a region is meant."""
    before = " ".join(folded[max(0, start - 45):start].split())
    region, near = _cue_res(cues)
    if region.search(before):
        return 3, True
    if near.search(before):
        return 2, False
    return 1, False
