"""Every string of a parsed language-pack file (examples, rule examples), for tests that run
the engine over all of a pack's own text."""
from __future__ import annotations


def pack_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [x for v in value.values() for x in pack_strings(v)]
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in pack_strings(v)]
    return []
