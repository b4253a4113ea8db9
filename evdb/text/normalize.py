"""Length-preserving normalisation, so character offsets stay valid in the original text."""
from __future__ import annotations

import re

_TABLE = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
})


_SPECIAL = re.compile("[" + "".join(chr(c) for c in _TABLE) + "]")


_PAIRS = tuple((chr(c), r) for c, r in _TABLE.items())


def normalize(text: str) -> str:
    """Replace typographic apostrophes, dashes, quotes and non-breaking spaces one-for-one."""
    if text.isascii() or _SPECIAL.search(text) is None:   # the common case costs one scan
        return text
    out = text
    for ch, repl in _PAIRS:   # a few C-speed replace passes: faster than translate's per-character lookup
        if ch in out:
            out = out.replace(ch, repl)
    assert len(out) == len(text)
    return out
