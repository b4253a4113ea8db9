"""Sentence segmentation with character offsets."""
from __future__ import annotations

import re

from evdb.model import Sentence

# A sentence ends at . ! ? (optionally followed by a closing quote, French style with a space
# before it) before whitespace and an upper-case letter, a digit or an opening quote (French
# style with a space after it); or at a blank line.
_BOUNDARY = re.compile(r"""(?<=[.!?])(?:\s?["')\]»])?\s+(?=["'(\[«]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n""")
_ABBREV = re.compile(r"(?:\b(?:M|MM|Mme|Mgr|Dr|St|Ste|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                     r"janv|févr|avr|juil|sept|oct|nov|déc|Mr|Mrs|Ms|Gen|Col|Lt|Sgt|Gov|Sen|Rep|No|n°|"
                     r"U\.S|U\.N|vs|etc|cf|av|apr|env|p|[A-Z]))\.$")


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index ``text`` itself (no stripping of content)."""
    out: list[Sentence] = []
    start = 0
    for m in _boundaries(text):
        if text[m.start() - 1] == "." and _ABBREV.search(text, max(0, m.start() - 8), m.start()):
            continue
        end = m.start()
        _append(out, text, start, end)
        start = m.end()
    _append(out, text, start, len(text))
    return out


_CAN_START = re.compile(r"[.!?\n]")


def _boundaries(text: str):
    """The matches of ``_BOUNDARY.finditer(text)``, found faster: a boundary starts right after
    . ! ? or on a line break, so only those places are tried (in order, never inside the
    previous boundary), instead of running the pattern at every character."""
    last = 0
    for c in _CAN_START.finditer(text):
        at = c.start() if c.group() == "\n" else c.start() + 1
        if at < last:
            continue
        m = _BOUNDARY.match(text, at)
        if m is not None:
            last = m.end()
            yield m


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end))
