"""The lower-cased scan (scan._lowered_scan, a speed path) finds exactly the hits of the
language's case-insensitive scan, and texts with characters it was not checked for keep the
plain scan."""
from __future__ import annotations

import pytest

from evdb.lang.loader import load, load_examples
from evdb.model import Sentence
from evdb.temporal.scan import _hits, _lowered_scan, lowered_twin
from _pack_strings import pack_strings

ODD = ("\u017f", "\u212a", "\u0130", "\u03a3", "\ufb01")   # long s, Kelvin sign, dotted I, sigma, ligature fi


def _texts(code: str) -> list[str]:
    examples = [str(e) for rule in load_examples(code).values() for e in pack_strings(rule)]
    return examples + [t.upper() for t in examples] + [t.title() for t in examples] + [t.swapcase() for t in examples]


@pytest.mark.parametrize("code", ["fr", "en"])
def test_lowered_scan_finds_the_same_hits(code):
    lang = load(code)
    lowered = _lowered_scan(lang)
    assert lowered is not None   # both packs' scans are made of lower-case literals
    texts = _texts(code)
    assert len(texts) > 100
    for text in texts:
        if lowered[1].search(text) is not None:
            continue
        s = Sentence(0, 0, len(text))
        assert _hits(text, lang, s, scan=(lowered[0], text.lower())) == _hits(text, lang, s), text


@pytest.mark.parametrize("code", ["fr", "en"])
def test_unchecked_characters_keep_the_plain_scan(code):
    unsafe = _lowered_scan(load(code))[1]
    for ch in ODD:
        assert unsafe.search(f"le 3 mars {ch}") is not None, hex(ord(ch))
    assert unsafe.search("Le 3 Mars, à l'été - «Noël» … 12 €") is None


@pytest.mark.parametrize("code", ["fr", "en"])
def test_tense_cues_on_the_lowered_text_are_the_same(code):
    from evdb.temporal.tense import _joined_cues, tense_cues

    lang = load(code)
    assert lowered_twin(_joined_cues(lang)) is not None
    sentences = {"fr": "Il a déclaré qu'ils étaient arrivés et qu'ils partiront demain. Elle va venir, il l'avait vu.",
                 "en": "He said they had arrived and will leave; she's going to come, it'll rain. They planned it ago."}
    texts = _texts(code) + [f(sentences[code]) for f in (str, str.upper, str.title, str.swapcase)]
    used = 0
    for text in texts:
        memo: dict = {}
        got = tense_cues(text, lang, 0, len(text), memo)
        used += bool(memo["lowered"])
        assert got == tense_cues(text, lang, 0, len(text)), text
    assert used > len(texts) // 2      # the lowered path is the one tested
    assert any(tense_cues(t, lang, 0, len(t)) for t in texts)
