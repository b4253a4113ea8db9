"""Load a language pack: read its files (:mod:`evdb.lang.files`), validate, expand classes,
compile; cached per language.

Every problem is found here, at load time, and raised as a :class:`ResourceError` naming the
file, the table and the entry. Nothing fails later at match time.
"""
from __future__ import annotations

import re

# the regex parser (Python >= 3.11, as pyproject requires), to find which classes a rule cannot match without
import re._parser as _sre_parse
from re._constants import BRANCH as _BRANCH, MAX_REPEAT as _MAX_REPEAT, MIN_REPEAT as _MIN_REPEAT, \
    SUBPATTERN as _SUBPATTERN
from functools import cache
from pathlib import Path
from typing import Any

from evdb.errors import ResourceError
from evdb.lang.files import load_examples, merged_lexicon, pack_files, read_toml  # noqa: F401 (load_examples: public here too)
from evdb.lang.spec import YIELDS, Language, Rule, WordClass, norm_key
from evdb.paths import resources_dir

FLAGS = re.IGNORECASE
_NB = r"(?<![\w])"        # no word character before
_NA = r"(?:(?<=')|(?![\w]))"   # no word character after (an elided form "d'" may touch the next word)

# Built-in numeric classes: name -> regex. Values are parsed by evdb.temporal.builders.
BUILTINS: dict[str, str] = {
    "day": r"(?<![\d,.])(?:3[01]|[12]\d|0?[1-9])(?:er|e|st|nd|rd|th)?(?!\d|[,.]\d|[^\W\d])",
    "dnum": r"(?<![\d,.])(?:3[01]|[12]\d|0?[1-9])(?!\d)",
    "day2": r"(?<!\d)(?:3[01]|[12]\d|0[1-9])(?!\d)",
    "month_num": r"(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)",
    "month2": r"(?<!\d)(?:1[0-2]|0[1-9])(?!\d)",
    "year": r"(?<![\d,])(?:1[0-9]|20)\d\d(?![\d]|[,.]\d| \d{3}(?!\d))",
    "year2": r"(?<![\d,])\d\d(?!\d)",
    "hour": r"(?<![\d,.])(?:2[0-4]|[01]?\d)(?![\d,])",
    "minute": r"(?<!\d)[0-5]\d(?!\d)",
    "second": r"(?<!\d)[0-5]\d(?!\d)",
    "roman": r"(?<![\w])(?=[ivx])x{0,2}(?:ix|iv|v?i{0,3})(?=e\b|er\b|ème\b|è\b|e\s)",
    "int": r"(?<![\d,.])\d+(?![\d])",
    "decade": r"(?<!\d)(?:1[5-9]|20)?\d0(?!\d)",
}
DIGIT_BUILTINS = frozenset(BUILTINS)
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([a-z_]+))?(?::([a-z_][a-z0-9_]*))?\}")
_RULE_KEYS = {"name", "pattern", "yields", "example", "not_after", "not_before", "anchor", "mod",
              "value", "direction", "grain", "note", "unit", "set", "list", "vague"}


def load(lang: str) -> Language:
    """The compiled pack of ``lang`` ("fr", "en"), from the package resources; cached."""
    return _load_cached(lang)


@cache
def _load_cached(lang: str) -> Language:
    d = resources_dir() / lang
    if not (d / "temporal.toml").is_file():
        known = sorted(p.name for p in resources_dir().iterdir() if (p / "temporal.toml").is_file())
        raise ResourceError(f"no language pack for {lang!r}", hint=f"known languages: {', '.join(known)}")
    return load_dir(d, lang)


def load_dir(directory: Path | str, lang: str | None = None) -> Language:
    """Load a pack from ``directory`` (not cached): used by tests and pack authors."""
    d = Path(directory)
    lang = lang or d.name
    lex = merged_lexicon(d, lang)
    tmp = {"rule": []}
    for path in pack_files(d, "temporal"):
        raw = read_toml(path, lang).get("rule", [])
        if not isinstance(raw, list):
            raise ResourceError(f"{lang}/{path.name}: 'rule' must be an array of tables", hint="write each rule as [[rule]]")
        tmp["rule"].extend((path.name, r) for r in raw)
    classes, number_re, parse_number, tense, settings = _lexicon(lex, lang)
    regexes = _class_regexes(classes, number_re, frozenset(settings.get("glued", ())),
                             str(settings.get("decimal_mark", ",")))
    rules = _rules(tmp, lang, classes, regexes)
    scan, scan_classes = _scan(classes)
    return Language(lang, classes, tuple(rules), scan, scan_classes, tense, settings, parse_number, str(d))


# ----------------------------------------------------------------------------- lexicon
def _lexicon(lex: dict[str, Any], lang: str):
    where = f"{lang}/lexicon.toml"
    meta = lex.get("meta", {})
    weak = set(meta.get("weak", []))
    classes: dict[str, WordClass] = {}
    for name, table in lex.items():
        if name in ("meta", "tense", "number_tens"):
            continue
        if not isinstance(table, dict):
            raise ResourceError(f"{where} table [{name}]: expected a table of entries, got {type(table).__name__}")
        if name in BUILTINS:
            raise ResourceError(f"{where} table [{name}]: '{name}' is a built-in class name",
                                hint=f"rename the table; built-ins: {', '.join(sorted(BUILTINS))}")
        entries: dict[str, dict[str, Any]] = {}
        for surface, val in table.items():
            if isinstance(val, dict):
                attrs = {k: v for k, v in val.items() if k != "forms"}
                forms = val.get("forms", [])
                if not isinstance(forms, list) or not all(isinstance(x, str) for x in forms):
                    raise ResourceError(f"{where} [{name}] entry '{surface}': forms must be a list of strings")
            elif isinstance(val, (int, float, str, bool)):
                attrs, forms = {"value": val}, []
            else:
                raise ResourceError(f"{where} [{name}] entry '{surface}': unsupported value {val!r}")
            _check_entry(where, name, surface, attrs)
            attrs.setdefault("key", norm_key(surface))
            for form in [surface, *forms]:
                entries[norm_key(form)] = attrs
        classes[name] = WordClass(name, entries, weak=name in weak)
    for w in weak:
        if w not in classes:
            raise ResourceError(f"{where} [meta] weak: unknown class '{w}'", hint=f"known: {', '.join(sorted(classes))}")
    tens = lex.get("number_tens", {})
    joiners = meta.get("number_joiners", ["-", " "])
    units = classes.get("number")
    number_re, parse_number = _numbers(units.entries if units else {}, tens, joiners, where)
    tense = {}
    for k, pats in lex.get("tense", {}).items():
        comp = []
        for i, p in enumerate(pats):
            try:
                comp.append(re.compile(p, FLAGS))
            except re.error as e:
                raise ResourceError(f"{where} [tense] {k}[{i}]: bad regex: {e}") from None
        tense[k] = tuple(comp)
    settings = {k: v for k, v in meta.items() if k not in ("weak", "number_joiners")}
    return classes, number_re, parse_number, tense, settings


def _check_entry(where: str, cls: str, surface: str, attrs: dict[str, Any]) -> None:
    for k in ("start", "end"):
        if k in attrs and not re.fullmatch(r"\d\d:\d\d|\d\d-\d\d", str(attrs[k])):
            raise ResourceError(f"{where} [{cls}] entry '{surface}': {k} = {attrs[k]!r} is not HH:MM or MM-DD")
    if "anchor" in attrs and attrs["anchor"] not in ("deictic", "anaphoric", "absolute"):
        raise ResourceError(f"{where} [{cls}] entry '{surface}': anchor must be deictic, anaphoric or absolute")
    if "shift" in attrs and not re.fullmatch(r"[+-]\d+ (?:day|week|month|year)s?", str(attrs["shift"])):
        raise ResourceError(f"{where} [{cls}] entry '{surface}': shift {attrs['shift']!r} must look like '+1 day'")


def _numbers(units: dict[str, dict[str, Any]], tens: dict[str, Any], joiners: list[str], where: str):
    """Number words: units (1-19, ...) alone, tens alone, or tens + joiner + unit ("vingt et un")."""
    tens_map: dict[str, int] = {}
    for k, v in tens.items():
        if not isinstance(v, int):
            raise ResourceError(f"{where} [number_tens] entry '{k}': value must be an integer")
        tens_map[norm_key(k)] = v
    unit_map = {k: a["value"] for k, a in units.items() if isinstance(a.get("value"), int)}

    def alt(keys):
        return "|".join(sorted((re.escape(k).replace(r"\ ", r"[\s\-]+") for k in keys), key=len, reverse=True))

    words = alt(unit_map) or "(?!)"
    if tens_map:
        jo = "|".join(re.escape(j).replace(r"\ ", r"\s+") for j in joiners)
        words = f"(?:{alt(tens_map)})(?:(?:{jo})(?:{alt(unit_map)}))?|{words}"
    number_re = f"{_NB}(?:{words}){_NA}"

    def parse(s: str) -> float | None:
        s = s.strip().lower()
        if re.fullmatch(r"\d+(?:[.,]\d+)?", s):
            return float(s.replace(",", "."))
        k = norm_key(s)
        if k in unit_map:
            return unit_map[k]
        for t in sorted(tens_map, key=len, reverse=True):
            if k == t:
                return tens_map[t]
            if k.startswith(t + " "):
                rest = k[len(t) + 1:]
                rest = re.sub(r"^et ", "", rest)
                if rest in unit_map:
                    return tens_map[t] + unit_map[rest]
        return None

    return number_re, parse


def _class_regexes(classes: dict[str, WordClass], number_re: str, glued: frozenset[str] = frozenset(),
                   decimal_mark: str = ",") -> dict[str, str]:
    """Class name -> regex. Classes listed in ``[meta] glued`` may follow a digit directly
    ("3pm"): only a letter before them breaks the word boundary. ``decimal_mark`` ([meta]
    setting: "," in French, "." in English) separates the decimals of ``{num}`` ("1.5 hours")."""
    out = dict(BUILTINS)
    for name, c in classes.items():
        before = r"(?<![^\W\d])" if name in glued else _NB
        out[name] = _alternation(c.entries, before)
        bare = {k: a for k, a in c.entries.items() if a.get("bare", True)}
        out[name + ".bare"] = _alternation(bare, before)
    out["number"] = number_re
    out["num"] = rf"(?:(?<![\d,.])\d+(?:{re.escape(decimal_mark)}\d+)?(?![\d])|{number_re})"
    return out


def _alternation(entries: dict[str, Any], before: str = _NB) -> str:
    if not entries:
        return "(?!)"
    return f"{before}(?:{trie_regex(entries)}){_NA}"


def trie_regex(words) -> str:
    """One regex matching any of ``words`` (keys: lower case, a space stands for any run of
    spaces or hyphens), factored by common prefixes: CPython's ``re`` tries alternatives one by
    one, so a trie scans several times faster than a flat alternation of the same words."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [(r"[\s\-]*" if ch == " " else re.escape(ch)) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


# ----------------------------------------------------------------------------- rules
def _expand(pattern: str, regexes: dict[str, str], where: str, named: bool) -> tuple[str, dict[str, str]]:
    groups: dict[str, str] = {}
    out, pos = [], 0
    for m in _REF.finditer(pattern):
        out.append(_spaces(pattern[pos:m.start()]))
        cls, filt, gname = m.group(1), m.group(2), m.group(3) or m.group(1)
        key = cls + (f".{filt}" if filt else "")
        if key not in regexes:
            known = sorted(k for k in regexes if "." not in k)
            raise ResourceError(f"{where}: unknown class {{{key}}}; known: {', '.join(known)}",
                                hint="define the class as a table in lexicon.toml or fix the name")
        if named:
            if gname in groups:
                raise ResourceError(f"{where}: class {{{cls}}} used twice under the same name '{gname}'",
                                    hint=f"name the second one, e.g. {{{cls}:{gname}2}}")
            groups[gname] = cls
            out.append(f"(?P<{gname}>{regexes[key]})")
        else:
            out.append(f"(?:{regexes[key]})")
        pos = m.end()
    out.append(_spaces(pattern[pos:]))
    return "".join(out), groups


def _spaces(lit: str) -> str:
    """A literal space in a pattern matches any run of white space ('x ?y': optional)."""
    return re.sub(r" \?", r"\\s*", lit).replace(" ", r"\s+")


def _rules(tmp: dict[str, Any], lang: str, classes: dict[str, WordClass], regexes: dict[str, str]) -> list[Rule]:
    raw = tmp.get("rule", [])
    if not raw:
        raise ResourceError(f"{lang}/temporal.toml: no [[rule]] entries", hint="add at least one [[rule]] table")
    rules, seen = [], set()
    for i, (fname, r) in enumerate(raw):
        file = f"{lang}/{fname}"
        if not isinstance(r, dict):
            raise ResourceError(f"{file}: rule #{i + 1} is not a table", hint="write each rule as [[rule]]")
        name = r.get("name") or f"#{i + 1}"
        where = f"{file} rule '{name}'"
        for k in ("name", "pattern", "yields", "example"):
            if not isinstance(r.get(k), str) or not r.get(k).strip():
                raise ResourceError(f"{where}: missing or empty '{k}'", hint="every rule needs name, pattern, yields and example")
        unknown = set(r) - _RULE_KEYS
        if unknown:
            raise ResourceError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}",
                                hint=f"allowed: {', '.join(sorted(_RULE_KEYS))}")
        if name in seen:
            raise ResourceError(f"{where}: duplicate rule name", hint="rule names are stable ids: make them unique")
        seen.add(name)
        if r["yields"] not in YIELDS:
            raise ResourceError(f"{where}: unknown builder yields = {r['yields']!r}", hint=f"one of {', '.join(YIELDS)}")
        body, groups = _expand(r["pattern"], regexes, where, named=True)
        try:
            rx = re.compile(f"{_NB}(?:{body})", FLAGS)
        except re.error as e:
            raise ResourceError(f"{where}: pattern does not compile: {e}", hint="check brackets and escapes") from None
        extra = {}
        for k in ("not_after", "not_before"):
            if r.get(k):
                src, _ = _expand(r[k], regexes, where + f" {k}", named=False)
                try:
                    # not_before is applied with .match(text, pos): anchored at pos already ("^" would
                    # only match at the real start of the text)
                    extra[k] = re.compile(f"(?:{src})$" if k == "not_after" else f"(?:{src})", FLAGS)
                except re.error as e:
                    raise ResourceError(f"{where}: {k} does not compile: {e}") from None
        keys = set()
        for g, cls in groups.items():
            if cls in DIGIT_BUILTINS or cls == "num":
                keys.add("#digits")
            if cls == "num":
                keys.add("number")
            elif cls in classes:
                keys.add(cls)
        strong = {k for k in keys if k == "#digits" or not classes[k].weak}
        if not strong:
            raise ResourceError(f"{where}: the pattern uses no strong class, so the scan can never wake it up",
                                hint="reference at least one non-weak lexicon class or a numeric class")
        attrs = {k: v for k, v in r.items() if k not in ("name", "pattern", "yields", "example", "not_after", "not_before")}
        wake = _wake_keys(rx, groups, classes) or strong
        rules.append(Rule(name, i, r["pattern"], rx, r["yields"], r["example"], groups, frozenset(wake),
                          extra.get("not_after"), extra.get("not_before"), attrs))
    return rules


def _required_groups(items) -> set[int]:
    """Indices of the capture groups every match of a parsed pattern must go through."""
    required: set[int] = set()
    for op, av in items:
        if op is _SUBPATTERN:
            if av[0] is not None:
                required.add(av[0])
            required |= _required_groups(av[3])
        elif op in (_MAX_REPEAT, _MIN_REPEAT):
            if av[0] >= 1:
                required |= _required_groups(av[2])
        elif op is _BRANCH:
            branches = [_required_groups(b) for b in av[1]]
            required |= set.intersection(*branches) if branches else set()
    return required


def _wake_keys(rx: re.Pattern[str], groups: dict[str, str], classes: dict[str, WordClass]) -> frozenset[str]:
    """A scan key the rule cannot match without (speed: a window lacking it skips the rule).
    A strong lexicon class every match goes through, else digits when a numeric class is
    required; empty when everything is optional (the rule then wakes on any of its classes)."""
    names = {index: name for name, index in rx.groupindex.items()}
    required = [names[i] for i in sorted(_required_groups(_sre_parse.parse(rx.pattern, rx.flags))) if i in names]
    for name in required:
        cls = groups.get(name)
        if cls in classes and not classes[cls].weak:
            return frozenset({cls})
    if any(groups.get(name) in DIGIT_BUILTINS for name in required):
        return frozenset({"#digits"})
    return frozenset()


def _scan(classes: dict[str, WordClass]):
    forms: dict[str, set[str]] = {}
    for c in classes.values():
        if c.weak:
            continue
        for k in c.entries:
            forms.setdefault(k, set()).add(c.name)
    words = f"{_NB}(?:{trie_regex(forms)}){_NA}" if forms else "(?!)"
    scan = re.compile(rf"(?P<w>{words})|(?P<d>\d+)", FLAGS)
    return scan, {k: frozenset(v) for k, v in forms.items()}
