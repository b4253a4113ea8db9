#!/usr/bin/env python3
"""Pack examples that are rows of the shared test corpora: a check for pack authors.

The examples of a language pack (a rule's ``example``, the ``texts`` of the ``examples*.toml``
groups and negatives, the ``text`` of discourse cases and of event/casualty examples) must be
the project's own phrasings: the corpora in ``../shared/corpora`` are for measuring, never
copied. This script reads those corpora at run time (never copied; without ``../shared`` it
says so on stderr and exits 2) and lists every pack example whose text, compared without case
and with white space collapsed, is identical to a corpus row (its ``text`` or its whole
``input`` sentence). Lexicon files are skipped: a surface form is vocabulary, not text.

Overlaps are sorted in two kinds:

- distinctive: the string holds a digit, or has 4 words or more, or the corpus row comes from
  a negative file (``*_negative.tsv``). Such a string names a date, a number or a phrasing of
  its own that only a copy would share: rewrite it (another day, year, count or wording that
  exercises the same rule, expected value recomputed);
- common: a short phrase without a digit ("last week", "la semaine dernière") that any writer
  of the language would use. Listed for information.

stdout: one tab-separated line per overlap (kind, pack file:line, where in the file, the
string, the corpus rows it equals); stderr: the counts. Exit 1 when there is a distinctive
overlap, else 0.

    python bench/pack_overlap.py
    python bench/pack_overlap.py --lang en --distinctive-only
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT))

from evdb.paths import resources_dir  # noqa: E402

# keys whose string values are example text (others are names, patterns, expected values)
TEXT_KEYS = frozenset({"example", "texts", "text"})
SKIPPED_FILES = ("lexicon",)
MIN_WORDS = 4
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PackString:
    path: Path
    line: int
    where: str
    text: str


def key(text: str) -> str:
    return SPACES.sub(" ", text).strip().casefold()


def read_corpora(corpora: Path) -> dict[str, list[str]]:
    """Every corpus row's ``text`` and ``input``, keyed by ``key()``, to 'file:id' labels."""
    rows: dict[str, list[str]] = {}
    csv.field_size_limit(1 << 24)
    for tsv in sorted(corpora.rglob("*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, [])
            cols = [header.index(c) for c in ("text", "input") if c in header]
            if not cols:
                continue
            id_col = header.index("id") if "id" in header else None
            for n, row in enumerate(reader, start=2):
                label = f"{tsv.name}:{row[id_col] if id_col is not None and id_col < len(row) else n}"
                for c in cols:
                    if c < len(row) and row[c].strip():
                        found = rows.setdefault(key(row[c]), [])
                        if label not in found:
                            found.append(label)
    return rows


def _strings(node, where: str, field: str | None):
    if isinstance(node, str):
        if field in TEXT_KEYS:
            yield where, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{where}/{k}" if isinstance(v, (dict, list)) else where, k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, dict):   # a rule by its name, a group by its number (from 1)
                name = v.get("name")
                sub = f"{where} '{name}'" if isinstance(name, str) else f"{where} {i + 1}"
            else:
                sub = where
            yield from _strings(v, sub, field)


def _line_of(lines: list[str], text: str, start: int) -> int:
    """The first line at or after ``start`` (1-based) quoting ``text``; else the first anywhere."""
    quoted = [f'"{text}"', f"'{text}'", f'"{text.replace(chr(34), chr(92) + chr(34))}"']
    for order in (range(start - 1, len(lines)), range(0, len(lines))):
        for i in order:
            if any(q in lines[i] for q in quoted):
                return i + 1
    return 0


def pack_strings(packs: Path, langs: list[str] | None) -> list[PackString]:
    out: list[PackString] = []
    for path in sorted(packs.glob("*/*.toml")):
        if langs and path.parent.name not in langs:
            continue
        if path.stem.startswith(SKIPPED_FILES):
            continue
        raw = path.read_text(encoding="utf-8")
        lines = raw.splitlines()
        seen_at: dict[str, int] = {}
        for where, text in _strings(tomllib.loads(raw), "", None):
            line = _line_of(lines, text, seen_at.get(text, 0) + 1)
            seen_at[text] = line
            out.append(PackString(path, line, where.lstrip("/") or "-", text))
    return out


def distinctive(text: str, labels: list[str]) -> bool:
    return (any(ch.isdigit() for ch in text) or len(text.split()) >= MIN_WORDS
            or any("_negative" in lab.split(":")[0] for lab in labels))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=SHARED,
                    help=f"folder of the shared corpora (default {SHARED})")
    ap.add_argument("--lang", action="append", help="only this pack (repeatable)")
    ap.add_argument("--distinctive-only", action="store_true", help="do not list common phrases")
    args = ap.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"pack_overlap: no shared corpora at {args.corpora}: this check reads the test "
              "corpora next to a development checkout (they are never copied into the project); "
              "pass --corpora DIR", file=sys.stderr)
        return 2
    corpus = read_corpora(args.corpora)
    print(f"pack_overlap: read {len(corpus)} distinct corpus rows from {args.corpora} "
          "(at run time, not copied)", file=sys.stderr)
    packs = resources_dir()
    found = {"distinctive": 0, "common": 0}
    checked = 0
    for ps in pack_strings(packs, args.lang):
        checked += 1
        labels = corpus.get(key(ps.text))
        if not labels:
            continue
        kind = "distinctive" if distinctive(ps.text, labels) else "common"
        found[kind] += 1
        if kind == "common" and args.distinctive_only:
            continue
        rel = ps.path.relative_to(packs)
        more = f" (+{len(labels) - 3} more)" if len(labels) > 3 else ""
        print(f"{kind}\t{rel}:{ps.line}\t{ps.where}\t{ps.text}\t{', '.join(labels[:3])}{more}")
    print(f"pack_overlap: {checked} pack example strings checked; identical to a corpus row: "
          f"{found['distinctive']} distinctive, {found['common']} common short phrases",
          file=sys.stderr)
    return 1 if found["distinctive"] else 0


if __name__ == "__main__":
    sys.exit(main())
