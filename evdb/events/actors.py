"""Actor mentions: gazetteer names (exact, then tolerant), acronyms, unknown named groups and
persons after cue words, and descriptions that refer back to a named actor ("l'alliance
extrémiste", "the group"), resolved to the last named actor of a compatible type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evdb.events.names import distance, fold, name_key, tolerance
from evdb.events.resources import Actor, Cues

_ARTICLES = "(?:al|el|ad|adh|an|ar|as|ash|at|az|ed|en|er|es|esh|et|ez)"
# A capitalised name: capitalised words joined by spaces/hyphens, allowing Arabic articles and
# name particles in lower case ("Abou Hamza al-Chami", "Jabhat Ansar al-Din").
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’]*"
_LINK = r"(?:[ -](?:al|el|ad|an|ar|as|ash|at|az|ed|ez|bin|ibn|ben|ould|ag|wal|ul|de|du|des|d'|abu|abou)[ -]?)"
NAME_RE = re.compile(rf"(?<![\w'’-]){_CAP}(?:(?:{_LINK}|[ -]){_CAP})*")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    surface: str
    actor: Actor | None        # gazetteer entry (None: unknown or unresolved description)
    kind: str                  # named | fuzzy | acronym | unknown_group | person | anaphora
    types: tuple[str, ...] = ()        # anaphora: compatible types
    affiliation: str | None = None     # persons: their group

    @property
    def name(self) -> str:
        return self.actor.name if self.actor else self.surface

    @property
    def actor_type(self) -> str | None:
        if self.kind == "person":
            return "person"
        return self.actor.actor_type if self.actor else None


class ActorIndex:
    """Compiled gazetteer of one language's view of the actors."""

    def __init__(self, folded_re: list[re.Pattern], by_fold: dict[str, Actor], acro_re: re.Pattern | None,
                 by_acro: dict[str, Actor], fuzzy: list[tuple[str, Actor]], by_key: dict[str, Actor],
                 cues: Cues, ana_re: re.Pattern, group_re: re.Pattern, person_re: re.Pattern):
        self.folded_re, self.by_fold, self.acro_re, self.by_acro = folded_re, by_fold, acro_re, by_acro
        self.fuzzy, self.by_key, self.cues = fuzzy, by_key, cues
        self.ana_re, self.group_re, self.person_re = ana_re, group_re, person_re
        self.memo: dict[str, Actor | None] = {}

    @classmethod
    def build(cls, actors: tuple[Actor, ...], cues: Cues) -> "ActorIndex":
        by_fold: dict[str, Actor] = {}
        by_acro: dict[str, Actor] = {}
        by_key: dict[str, Actor] = {}
        for a in actors:
            for alias in (a.name, *a.aliases):
                if _is_acronym(alias):
                    by_acro.setdefault(alias, a)
                    continue
                key = " ".join(fold(alias).split())
                by_fold.setdefault(_article_free(key), a)
                by_key.setdefault(name_key(alias), a)
        # named actors first, then generic institutions ("l'armée") where no named actor matched
        folded_re = []
        for generic in (False, True):
            pats = sorted((k for k, a in by_fold.items() if ("{country}" in a.name) == generic), key=len, reverse=True)
            folded_re.append(re.compile(r"(?<![\w])(?:" + "|".join(_alias_pattern(p) for p in pats) + r")(?![\w])"))
        acro_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(x) for x in sorted(by_acro, key=len, reverse=True))
                             + r")(?![\w])") if by_acro else None
        fuzzy = [(k, a) for k, a in by_key.items() if tolerance(k) > 0]
        ana = sorted(cues.anaphora, key=len, reverse=True)
        ana_re = re.compile(r"(?<![\w])(?:" + "|".join(_phrase(x) for x in ana) + r")(?![\w])")
        group_re = re.compile(r"(?<![\w])(?:" + "|".join(_phrase(x) for x in sorted(cues.group_cues, key=len, reverse=True))
                              + r")\s+")
        person_re = re.compile(r"(?<![\w])(?:" + "|".join(_phrase(x) for x in sorted(cues.person_cues, key=len, reverse=True))
                               + r")\s+")
        return cls(folded_re, by_fold, acro_re, by_acro, fuzzy, by_key, cues, ana_re, group_re, person_re)

    def lookup(self, name: str) -> Actor | None:
        """The gazetteer actor a name refers to (exact key, acronym, then tolerant), or None."""
        if name in self.by_acro:
            return self.by_acro[name]
        key = name_key(name)
        hit = self.by_key.get(key) or self.by_fold.get(_article_free(" ".join(fold(name).split())))
        return hit or self._fuzzy(key)

    def _fuzzy(self, key: str) -> Actor | None:
        if key in self.memo:
            return self.memo[key]
        found = self._fuzzy_scan(key)
        if len(self.memo) > 100_000:
            self.memo.clear()
        self.memo[key] = found
        return found

    def _fuzzy_scan(self, key: str) -> Actor | None:
        limit = tolerance(key)
        if not limit:
            return None
        best, best_d = None, limit + 1
        for k, a in self.fuzzy:
            lim = min(limit, tolerance(k))
            d = distance(key, k, lim)
            if d <= lim and d < best_d:
                best, best_d = a, d
        return best if best_d <= limit else None

    def mentions(self, text: str, folded: str) -> list[Mention]:
        """All actor mentions of a document, in text order, anaphora not yet resolved."""
        found: list[Mention] = []
        taken = bytearray(len(text))
        for pattern in self.folded_re:
            for m in pattern.finditer(folded):
                key = _article_free(" ".join(m.group(0).split()))
                actor = self.by_fold.get(key)
                if actor is not None and not any(taken[m.start():m.end()]):
                    _add(found, taken, Mention(m.start(), m.end(), text[m.start():m.end()], actor, "named"))
        if self.acro_re is not None:
            for m in self.acro_re.finditer(text):
                if not any(taken[m.start():m.end()]):
                    _add(found, taken, Mention(m.start(), m.end(), m.group(0), self.by_acro[m.group(0)], "acronym"))
        for m in self.person_re.finditer(folded):
            n = NAME_RE.match(text, m.end())
            if n and not any(taken[n.start():n.end()]):
                actor = self.lookup(n.group(0))
                _add(found, taken, Mention(n.start(), n.end(), n.group(0), actor, "named" if actor else "person",
                                           affiliation=self._affiliation(text, folded, n.end(), found)))
        for m in self.group_re.finditer(folded):
            n = NAME_RE.match(text, m.end())
            if n and not any(taken[n.start():n.end()]):
                actor = self.lookup(n.group(0))
                _add(found, taken, Mention(n.start(), n.end(), n.group(0), actor, "fuzzy" if actor else "unknown_group"))
        for n in NAME_RE.finditer(text):
            if any(taken[n.start():n.end()]) or len(n.group(0)) < 9:
                continue
            actor = self._fuzzy(name_key(n.group(0)))
            if actor is not None:
                _add(found, taken, Mention(n.start(), n.end(), n.group(0), actor, "fuzzy"))
            elif self._apposition(folded, n.end()):
                _add(found, taken, Mention(n.start(), n.end(), n.group(0), None, "person",
                                           affiliation=self._affiliation(text, folded, n.end(), found)))
        for m in self.ana_re.finditer(folded):
            if not any(taken[m.start():m.end()]):
                key = " ".join(m.group(0).split())
                _add(found, taken, Mention(m.start(), m.end(), text[m.start():m.end()], None, "anaphora",
                                           types=self.cues.anaphora[key]))
        found.sort(key=lambda x: x.start)
        return found

    def _apposition(self, folded: str, end: int) -> bool:
        """``Name, émir de ...`` / ``Name, a commander of ...``: a person named before a title."""
        tail = folded[end:end + 40]
        if not tail.startswith(", "):
            return False
        words = tail[2:].split()
        words = words[1:] if words and words[0] in self.cues.grammar["articles"] else words
        return bool(words) and words[0] in {c.split()[-1] for c in self.cues.person_cues}

    def _affiliation(self, text: str, folded: str, end: int, found: list[Mention]) -> str | None:
        """The group named right after a person and a title ("émir de Jabhat Ansar al-Din")."""
        window = folded[end:end + 60]
        for cue in self.cues.affiliation:
            i = window.find(f" {cue} ")
            if i != -1 and i < 30:
                pos = end + i + len(cue) + 2
                for m in found:
                    if m.start >= pos - 1 and m.start <= pos + 4 and m.actor is not None:
                        return m.actor.name
                n = NAME_RE.match(text, pos)
                if n:
                    actor = self.lookup(n.group(0))
                    return actor.name if actor else n.group(0)
        return None


def resolve_anaphora(mentions: list[Mention]) -> list[Mention]:
    """Each description takes the last named actor of a compatible type before it; unresolved
    descriptions are dropped. A description directly followed by a named actor ("des jihadistes
    du GSIM") is folded into it."""
    out: list[Mention] = []
    last_by_type: dict[str, Actor] = {}
    for i, m in enumerate(mentions):
        if m.kind != "anaphora":
            out.append(m)
            if m.actor is not None:
                last_by_type[m.actor.actor_type] = m.actor
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and nxt.actor is not None and 0 <= nxt.start - m.end <= 5:
            continue
        target = next((last_by_type[t] for t in m.types if t in last_by_type), None)
        if target is not None:
            out.append(replace(m, actor=target))
    return out


def _add(found: list[Mention], taken: bytearray, m: Mention) -> None:
    found.append(m)
    taken[m.start:m.end] = b"\x01" * (m.end - m.start)


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 7 and " " not in alias and sum(c.isupper() for c in alias) >= 2


def _article_free(key: str) -> str:
    return re.sub(rf"\b{_ARTICLES}\s+(?=\w)", "al ", key)


def _alias_pattern(key: str) -> str:
    parts = [_ARTICLES if w == "al" else re.escape(w) for w in key.split()]
    return r"\s+".join(parts)


def _phrase(folded_phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in folded_phrase.split())


def localize(mentions: list[Mention], country: str | None) -> list[Mention]:
    """Give generic institutions ("la police", "the army") the document's country:
    "Police Forces of {country}" -> "Police Forces of Niger"."""
    out = []
    for m in mentions:
        if m.actor is not None and "{country}" in m.actor.name:
            name = m.actor.name.format(country=country) if country else m.actor.name.replace(" of {country}", "")
            actor = Actor(f"{m.actor.actor_id}:{country or '-'}", name, m.actor.actor_type, ())
            m = replace(m, actor=actor)
        out.append(m)
    return out
