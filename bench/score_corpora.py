#!/usr/bin/env python3
"""Accuracy of evdb's temporal engine on the public test sets, with dateparser on the same rows.

Runs the reference scorers that sit beside the checkout (``../shared/corpora/scoring``:
``score_peers.py`` on the phrase files, ``score_timeml_docs.py`` on the TimeML documents), the
rulers the peers' published figures were taken with, and prints one Markdown table on stdout:

- every phrase file with evdb's default reading (``nearest``: an undated "Friday" goes to the
  nearest one when nothing in the clause gives a tense) and with ``EVDB_PREFER=future`` (the
  convention of assistant corpora such as Duckling's, which lean to the future), then dateparser;
- the Recognizers-Text files on their validated rows (no ``unsupported_*`` flag), exact and
  lenient (any reading the corpus lists);
- the negative files (false positives; the goal is 0);
- the whole French TimeBank and TempEval-3 documents (strict span F1 and value F1);
- for each phrase file, how many expected readings no TIMEX3 value can state: the scorers read
  an expression's ``type``/``value``/``mod`` only (two expressions in one phrase as the first's
  start to the last's end), so an interval that is not one calendar unit, in a phrase that
  does not name two bounds ("end of March" read as 21-31 March, "the last two weeks"), is out
  of reach of any output. These rows are counted, not chased.

The corpora are read at run time and never copied into the project; without ``../shared`` the
script says so and exits 2. Narration goes to stderr. It takes about a minute.

    python bench/score_corpora.py
    python bench/score_corpora.py --no-dateparser --out /tmp/scores   # keeps per-row verdicts
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
PHRASE_FILES = ["ftib_fr", "te3_platinum_en", "duckling_fr", "duckling_en"]
RECOGNIZERS = ["recognizers_fr", "recognizers_en"]
VALIDATED = "unsupported_all,unsupported_dotnet,unsupported_by_design"
NEGATIVES = ["duckling_fr_negative", "duckling_en_negative"]
DOCS = [("timeml_fr/ftib", "fr"), ("timeml_en/te3_platinum", "en")]
TWO_BOUNDS = re.compile(r"\b(?:to|till|until|through|thru|and|between|au|à|a|et|entre|jusqu\w*)\b|\d\s*[-–~]\s*\d", re.I)
ALL_LINE = re.compile(r"^\| ALL \| (\d+) \| (\d+) \(([\d.]+)%\) \| (\d+)(?: \(([\d.]+)%\))? \|", re.M)


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    res = subprocess.run(args, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        sys.stderr.write(res.stderr[-1500:])
        raise SystemExit(f"score_corpora: {' '.join(args[:3])} ... failed (exit {res.returncode})")
    return res.stdout


def _phrase(scoring: Path, tsv: Path, system: str, evdb: str, extra: list[str], prefer: str | None,
            details: Path | None) -> tuple[int, int, float, float | None]:
    cmd = [sys.executable, str(scoring / "score_peers.py"), str(tsv), "--system", system, *extra]
    if system == "evdb":
        cmd += ["--evdb", evdb]
    if details:
        cmd += ["--details", str(details)]
    env = dict(os.environ)
    env.pop("EVDB_PREFER", None)
    if prefer:
        env["EVDB_PREFER"] = prefer
    out = _run(cmd, env)
    m = ALL_LINE.search(out)
    if not m:
        raise SystemExit(f"score_corpora: no summary line from the scorer for {tsv.name}")
    n, hits, pct = int(m.group(1)), int(m.group(2)), float(m.group(3))
    lenient = float(m.group(5)) if m.group(5) else None
    return n, hits, pct, lenient


def _negatives(scoring: Path, tsv: Path, system: str, evdb: str) -> tuple[int, int]:
    cmd = [sys.executable, str(scoring / "score_peers.py"), str(tsv), "--system", system, "--negatives"]
    if system == "evdb":
        cmd += ["--evdb", evdb]
    out = _run(cmd)
    m = re.search(r"^\| ALL \| (\d+) \| \d+ \([\d.]+%\) \| (\d+) \|", out, re.M)
    return (int(m.group(1)), int(m.group(2))) if m else (0, -1)


def _docs(scoring: Path, folder: Path, lang: str, system: str, evdb: str) -> tuple[str, str]:
    cmd = [sys.executable, str(scoring / "score_timeml_docs.py"), str(folder), "--lang", lang, "--system", system]
    if system == "evdb":
        cmd += ["--evdb", evdb]
    out = _run(cmd)
    strict = re.search(r"strict extraction P / R / F1 \| [\d.]+ / [\d.]+ / ([\d.]+)", out)
    value = re.search(r"value F1[^|]*\| ([\d.]+)", out)
    return (strict.group(1) if strict else "?"), (value.group(1) if value else "?")


def beyond_one_value(scoring: Path, tsv: Path, only_validated: bool) -> tuple[int, int]:
    """(scored rows, rows whose expected reading is an interval no single TIMEX3 value states)."""
    sys.path.insert(0, str(scoring))
    import score_peers as sp   # the reference scorer's own reading of values and units

    def one_unit(s: dt.datetime, e: dt.datetime) -> bool:
        for g in ("second", "minute", "hour", "day", "week", "month", "quarter", "half", "year", "decade", "century"):
            if sp.truncate(s, g) == s and sp.add_grain(s, g) == e:
                return True
        base, slack = sp.truncate(s, "day"), sp.SLACK["partofday"]
        for a, b in sp.PART_OF_DAY.values():
            if abs(s - base - dt.timedelta(hours=a)) <= slack and abs(e - base - dt.timedelta(hours=b)) <= slack:
                return True
        sat = sp.truncate(s, "week") + dt.timedelta(days=5)
        if abs(s - sat) <= sp.SLACK["weekend"] and abs(e - sat - dt.timedelta(days=2)) <= sp.SLACK["weekend"]:
            return True
        for (m1, d1), (m2, d2), wrap in sp.SEASONS.values():
            a, b = dt.datetime(s.year, m1, d1), dt.datetime(s.year + wrap, m2, d2)
            if abs(s - a) <= sp.SLACK["season"] and abs(e - b) <= sp.SLACK["season"]:
                return True
        return False

    bad = set(VALIDATED.split(","))
    scored = beyond = 0
    for row in sp.read_tsv(str(tsv)):
        if row.get("expected_kind") in ("", "none") or not sp.scorable(row):
            continue
        if only_validated and set(row["flags"].split(",")) & bad:
            continue
        scored += 1
        if row["expected_kind"] != "interval":
            continue
        a, _, b = row["expected_value"].partition("/")
        if a == ".." or b == "..":
            continue
        pa, pb = sp.parse_value(a), sp.parse_value(b)
        # a phrase naming both bounds ("from 9 to 11") can be read as two expressions
        if not one_unit(pa.start, pb.start) and not TWO_BOUNDS.search(row["text"]):
            beyond += 1
    return scored, beyond


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED, help="the corpora folder (default: ../shared/corpora)")
    ap.add_argument("--evdb", default=f"{sys.executable} -m evdb", help="command that runs evdb")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the dateparser columns (faster)")
    ap.add_argument("--out", type=Path, help="folder for the per-row verdicts (det_<file>.tsv)")
    args = ap.parse_args()
    shared, scoring = args.shared, args.shared / "scoring"
    if not (scoring / "score_peers.py").is_file():
        print(f"score_corpora: the shared corpora are not at {shared} (they sit beside a development "
              "checkout, not in a user's clone); pass --shared DIR", file=sys.stderr)
        return 2
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    dp = not args.no_dateparser
    print("| file | rows | evdb | evdb, future | dateparser | expected beyond any TIMEX3 output |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in PHRASE_FILES + RECOGNIZERS:
        tsv = shared / f"{name}.tsv"
        extra = ["--only-flags-absent", VALIDATED] if name in RECOGNIZERS else []
        print(f"scoring {name} ...", file=sys.stderr)
        det = args.out / f"det_{name}.tsv" if args.out else None
        n, _, pct, len_pct = _phrase(scoring, tsv, "evdb", args.evdb, extra, None, det)
        _, _, fpct, flen = _phrase(scoring, tsv, "evdb", args.evdb, extra, "future", None)
        dcell = "-"
        if dp:
            _, _, dpct, dlen = _phrase(scoring, tsv, "dateparser", args.evdb, extra, None, None)
            dcell = f"{dpct:.1f} %" + (f" ({dlen:.1f})" if dlen is not None and name in RECOGNIZERS else "")
        scored, beyond = beyond_one_value(scoring, tsv, name in RECOGNIZERS)
        label = f"{name} validated" if name in RECOGNIZERS else name
        lenient = (lambda x: f" ({x:.1f})" if x is not None and name in RECOGNIZERS else "")
        print(f"| {label} | {n} | {pct:.1f} %{lenient(len_pct)} | {fpct:.1f} %{lenient(flen)} | {dcell} "
              f"| {beyond} ({100.0 * beyond / scored:.1f} %) |")
    print()
    print("| negative file | rows | evdb false positives | dateparser false positives |")
    print("|---|---:|---:|---:|")
    for name in NEGATIVES:
        tsv = shared / f"{name}.tsv"
        n, fp = _negatives(scoring, tsv, "evdb", args.evdb)
        dfp = str(_negatives(scoring, tsv, "dateparser", args.evdb)[1]) if dp else "-"
        print(f"| {name} | {n} | {fp} | {dfp} |")
    print()
    print("| documents | evdb strict span F1 | evdb value F1 | dateparser strict | dateparser value F1 |")
    print("|---|---:|---:|---:|---:|")
    for folder, lang in DOCS:
        print(f"scoring documents {folder} ...", file=sys.stderr)
        s, v = _docs(scoring, shared / folder, lang, "evdb", args.evdb)
        ds, dv = _docs(scoring, shared / folder, lang, "dateparser", args.evdb) if dp else ("-", "-")
        print(f"| {folder} | {s} | {v} | {ds} | {dv} |")
    print(f"\n(reference scorers: {scoring}; evdb: `{args.evdb}`; rows scored as the scorers define; "
          "'beyond any TIMEX3 output' counts expected intervals that are not one calendar unit, in phrases naming no two bounds)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
