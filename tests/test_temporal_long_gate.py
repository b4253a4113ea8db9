"""The longer opening filter (prefix.gate_long / key_long, a speed path of the grammar) never
turns away a place where a rule matches: checked on every pack example text, in four casings,
at every place each rule matches, and on small patterns built to trip it (a character no ASCII
one matches just beyond the known characters, short matches, look-arounds, repeats)."""
from __future__ import annotations

import re

import pytest

from evdb.lang.loader import load, load_examples
from evdb.temporal.prefix import LONG, gate_long, key_long
from _pack_strings import pack_strings


def _admitted_everywhere(rx: re.Pattern[str], text: str, g=None) -> int:
    """Check every place of ``text`` where ``rx`` matches (non-empty) against ``g`` (by default
    gate_long(rx)); returns how many were tested (the others have no long key: the
    two-character gate holds there)."""
    g = gate_long(rx) if g is None else g
    tested, pos = 0, 0
    while (m := rx.search(text, pos)) is not None:
        pos = m.start() + 1
        if m.end() == m.start() or g is None:
            continue
        key = key_long(text, m.start(), len(text))
        if key is None:
            continue
        tested += 1
        assert g.admits(key), (rx.pattern[:80], text, m.start(), key)
    return tested


@pytest.mark.parametrize("code", ["fr", "en"])
def test_every_match_in_the_examples_is_admitted(code):
    lang = load(code)
    texts = sorted({t for t in pack_strings(load_examples(code)) if len(t) < 300} | {r.example for r in lang.rules})
    texts += [t.upper() for t in texts] + [t.title() for t in texts] + [t.swapcase() for t in texts]
    tested = 0
    for rule in lang.rules:
        g = gate_long(rule.regex)
        if g is None:
            continue
        for text in texts:
            tested += _admitted_everywhere(rule.regex, text, g)
    assert tested > 5 * len(lang.rules)


@pytest.mark.parametrize("pattern,texts", [
    (r"(?:l'|les\s+)?(?:année|an)\s+\d{4}", ["dès l'année 1998", "l'an 2000", "les années 80", "LES ANNÉES 1980"]),
    (r"a(?:bé|c)d?", ["abé", "xabéy", "acd", "ac", "abc"]),
    (r"\d{1,2}\s?h(?:\s?\d\d)?", ["à 9h30", "21 h 45", "9h", "1h", "12 h"]),
    (r"(?i:x)(?=yé)", ["xyé", "Xyéz"]),
    (r"ab|abcdefgh", ["ab", "abcdefgh", "abcdefgz", "zab"]),
    (r"(?:mi|fin)-?(?:mars|été)", ["mi-été", "fin mars", "mi-mars", "finété"]),
    (r"[^\W\d]+ \d+", ["mars 2020", "été 12", "a 1"]),
    (r"\bde\s+\w{2,}", ["de la", "de  été", "DE 10"]),
])
def test_small_patterns(pattern, texts):
    rx = re.compile(pattern, re.IGNORECASE)
    for text in texts:
        _admitted_everywhere(rx, text)


def test_keys():
    assert key_long("Le 15 mars", 0, 10) == "le 00 "
    assert key_long("l'année 1998", 0, 12) == "l'ann"          # stops before the first non-ASCII character
    assert key_long("ab", 0, 2) is None and key_long("éte", 0, 3) is None
    assert key_long("A\tB\nC!", 0, 6) == "a b c!" and len(key_long("x" * 20, 0, 20)) == LONG
    assert key_long("abcdef", 0, 4) == "abcd"                  # the sentence ends there
    g = gate_long(re.compile(r"(?:le )?\d\d? mars", re.IGNORECASE))
    assert g.admits("le 00 ") and g.admits("00 mar") and not g.admits("le 00/")
