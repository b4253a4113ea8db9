"""The speed mechanisms change no result: the opening filter never rejects a place where a rule
matches, the boundary search finds what the plain pattern finds, normalisation is the
character table. (Speed itself is measured by bench/bench_tag.py, never here.)"""
from __future__ import annotations

import re

import pytest

from evdb.lang.loader import load
from evdb.temporal.rule_index import _first_chars
from evdb.temporal.prefix import gate, openings, position_key
from evdb.text.normalize import _TABLE, normalize
from evdb.text.segment import _BOUNDARY, _boundaries


@pytest.mark.parametrize("code", ["fr", "en"])
def test_every_rule_example_opens_as_its_gate_allows(code):
    lang = load(code)
    filtered = 0
    for rule in lang.rules:
        g = gate(rule.regex, _first_chars(rule))
        if g is None:
            continue
        filtered += 1
        text = rule.example
        found = [m for pos in range(len(text)) if (m := rule.regex.match(text, pos)) and m.end() > m.start()]
        assert found, f"{code}.{rule.name}: its example {text!r} does not match"
        for m in found:
            assert position_key(text, m.start(), len(text)) in g, (code, rule.name, text[m.start():m.start() + 2])
    assert filtered > len(lang.rules) // 2      # the filter is in use for most rules


def test_openings_of_small_patterns():
    o = openings(re.compile(r"(?<!\w)(?:le\s+)?(?P<d>\d{1,2})\s+mars", re.I))
    assert "le" in o.pairs and "00" in o.pairs and "0 " in o.pairs
    assert "la" not in o.pairs and "ma" not in o.pairs and not o.firsts
    # case folding follows the pattern: 'L' opens as 'l'; a one-character match opens with anything
    assert position_key("Le 3", 0, 4) == "le"
    assert "a" in openings(re.compile(r"a|bc")).firsts
    assert openings(re.compile(r".x")) is None
    word = openings(re.compile(r"\w+"))
    assert {"a", "0", "_"} <= word.firsts and "-" not in word.firsts and " " not in word.firsts
    # a position whose characters are not ASCII is tested on its first character alone
    assert position_key("été", 0, 3) == "é" and position_key("x", 0, 1) == "x"


@pytest.mark.parametrize("text", [
    "Il est venu. Puis il est parti !  « Non », dit-il.\n\nFin. 3 morts.",
    "a.\n\nB", 'x!  "Y', "Fin.\n\n\nDébut", "?\n\n", ".\n \n.", "a. b. C. ... D?! E", "M. Dupont. Le 3 mars.",
])
def test_boundaries_are_the_plain_patterns(text):
    assert [m.span() for m in _boundaries(text)] == [m.span() for m in _BOUNDARY.finditer(text)]


def test_normalize_is_the_table():
    text = "l\u2019armée \u00ab\u00a0non\u00a0\u00bb \u2013 10\u202fh \u2018a\u2019 \u201cb\u201d \u2014 x\u2011y"
    assert normalize(text) == text.translate(_TABLE) and len(normalize(text)) == len(text)
