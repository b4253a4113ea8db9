#!/usr/bin/env python3
"""Tagging speed: evdb's temporal engine against dateparser's search_dates, same text, same run.

Text: the bundled sample articles (``sample_data/news/*.jsonl``, French and English), plus, when
the shared corpora are present next to the checkout (``../shared/corpora``, read at run time,
never copied), the sentences of the French TimeBank and TempEval-3 articles (real news, whole
articles, so time expressions keep their natural density).
Their sentences are recombined into new articles until the target size is reached, varied so
no article repeats: numbers get new values of the same size, capitalised names are swapped with
other names of the pool (outside the time expressions evdb finds in the original sentence), and
every article gets its own publication date between 2015 and 2025.

evdb tags everything in one warm process (the language packs are loaded before the clock starts)
pinned to one core. dateparser (``search_dates`` with the language and RELATIVE_BASE set) is much
slower, so it runs on a sample of the same articles and its MB/s is measured on that sample.
Both are timed by the wall clock and by this process's CPU time (``time.process_time``): on a
shared machine the wall clock also counts the time spent waiting for the core.
Then the bundled sample articles alone (unvaried, each with its own publication time and zone)
get their own figures: evdb tags them ``--sample-passes`` times, dateparser once.

    python bench/bench_tag.py              # 5 MB for evdb, about 400 KB for dateparser
    python bench/bench_tag.py --mb 10 --dateparser-kb 300 --seed 7
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from evdb.paths import sample_data_dir
from evdb.temporal import tag_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ö\"«])")
NAME = re.compile(r"(?<=[\s(])[A-ZÀ-Ö][a-zà-ÿ]{2,}(?:[- ][A-ZÀ-Ö][a-zà-ÿ]+)*")
NUMBER = re.compile(r"\d+")


def read_articles() -> list[dict]:
    articles = []
    for path in sorted((sample_data_dir() / "news").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                articles.append({"lang": item["lang"], "text": item["text"]})
    return articles


def read_corpus_sentences() -> dict[str, list[str]]:
    """Sentences of whole news articles: the TimeML documents of the shared corpora (French
    TimeBank, TempEval-3), read at run time. Whole articles keep the natural density of time
    expressions (the TSV files' sentences were picked because they hold one)."""
    from evdb.evaluation.gold import read_timeml_dir

    found: dict[str, list[str]] = {"fr": [], "en": []}
    for lang, folder in (("fr", SHARED / "timeml_fr" / "ftib"), ("en", SHARED / "timeml_en" / "te3_platinum")):
        if not folder.is_dir():
            continue
        for doc in read_timeml_dir(folder):
            for para in doc.text.split("\n"):
                found[lang].extend(s.strip() for s in SENTENCE_END.split(para) if len(s.strip()) > 20)
    return {lang: sorted(set(s)) for lang, s in found.items()}


def sentence_pool(articles: list[dict], extra: dict[str, list[str]]) -> dict[str, list[tuple[str, list[tuple[int, int]]]]]:
    """Sentences per language, each with the spans evdb finds in it (protected from renaming)."""
    ref = datetime(2020, 6, 15, tzinfo=ZoneInfo("UTC"))
    pool: dict[str, list] = {"fr": [], "en": []}
    for art in articles:
        for para in art["text"].split("\n"):
            pool[art["lang"]].extend(s for s in SENTENCE_END.split(para) if s.strip())
    for lang, sentences in extra.items():
        pool[lang].extend(sentences)
    return {lang: [(s, [(t.char_start, t.char_end) for t in tag_document(s, lang, ref, "UTC")]) for s in sents]
            for lang, sents in pool.items()}


def vary(sentence: str, protected: list[tuple[int, int]], names: list[str], rnd: random.Random) -> str:
    def new_number(m: re.Match) -> str:
        digits = m.group(0)
        value = int(digits)
        if len(digits) == 4 and 1900 <= value <= 2099:
            return str(rnd.randint(1990, 2025))
        if value <= 31 and len(digits) <= 2:
            return str(rnd.randint(1, 28)).zfill(len(digits))
        return str(rnd.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    def new_name(m: re.Match) -> str:
        inside = any(a < m.end() and m.start() < b for a, b in protected)
        return m.group(0) if inside or not names else rnd.choice(names)

    return NUMBER.sub(new_number, NAME.sub(new_name, sentence))


def build_corpus(target_bytes: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    extra = read_corpus_sentences()
    pool = sentence_pool(read_articles(), extra)
    names = {lang: sorted({m.group(0) for s, _ in sents for m in NAME.finditer(s)}) for lang, sents in pool.items()}
    docs, size = [], 0
    while size < target_bytes:
        lang = rnd.choice(("fr", "en"))
        picked = rnd.sample(pool[lang], min(len(pool[lang]), rnd.randint(6, 14)))
        paragraphs = [" ".join(vary(s, spans, names[lang], rnd) for s, spans in picked[i:i + 3])
                      for i in range(0, len(picked), 3)]
        text = "\n\n".join(paragraphs)
        dct = datetime(2015, 1, 1, 8, tzinfo=ZoneInfo("UTC")) + timedelta(days=rnd.randint(0, 3650), hours=rnd.randint(0, 14))
        docs.append({"lang": lang, "text": text, "dct": dct})
        size += len(text.encode("utf-8"))
    return docs


class Timing:
    """Wall-clock and CPU seconds (``time.process_time``: this process only, so the CPU figure
    holds on a machine shared with other jobs, where the wall clock also counts waiting)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> "Timing":
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self._w, time.process_time() - self._c


def bench_evdb(docs: list[dict], passes: int = 1) -> tuple[Timing, int, int]:
    found = 0
    with Timing() as t:
        for _ in range(passes):
            for doc in docs:
                found += len(tag_document(doc["text"], doc["lang"], doc["dct"], doc.get("tz", "UTC")))
    return t, passes * sum(len(d["text"].encode("utf-8")) for d in docs), found // passes


def bench_dateparser(docs: list[dict], budget_bytes: int) -> tuple[Timing, int, int, int]:
    from dateparser.search import search_dates

    sample, size = [], 0
    for doc in docs:  # docs are in random order: the sample mixes both languages
        if size >= budget_bytes:
            break
        sample.append(doc)
        size += len(doc["text"].encode("utf-8"))
    search_dates("le 3 mars", languages=["fr"])  # warm-up: load dateparser's language data
    search_dates("on March 3", languages=["en"])
    found = 0
    with Timing() as t:
        for doc in sample:
            settings = {"RELATIVE_BASE": doc["dct"].replace(tzinfo=None)}
            found += len(search_dates(doc["text"], languages=[doc["lang"]], settings=settings) or [])
    return t, size, found, len(sample)


def sample_docs() -> list[dict]:
    """The bundled sample articles as they are, each with its own publication time and zone."""
    docs = []
    for path in sorted((sample_data_dir() / "news").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                docs.append({"lang": item["lang"], "text": item["text"], "tz": item.get("tz") or "UTC",
                             "dct": datetime.fromisoformat(item["published"])})
    return docs


def report(name: str, t: Timing, size: int, what: str) -> tuple[float, float]:
    wall, cpu = size / t.wall / 1e6, size / t.cpu / 1e6
    print(f"{name:<11} {size / 1e6:7.3f} MB  wall {t.wall:6.1f}s = {wall:6.3f} MB/s  "
          f"cpu {t.cpu:6.1f}s = {cpu:6.3f} MB/s  ({what})")
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of text for evdb (default 5)")
    ap.add_argument("--dateparser-kb", type=float, default=400.0, help="kilobytes of the same text for dateparser (default 400)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample-passes", type=int, default=30,
                    help="times evdb tags the bundled sample articles for their own figure (default 30)")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"text: sample_data/news articles"
          + (f" + sentences of the articles in {SHARED}/timeml_fr/ftib and timeml_en/te3_platinum" if SHARED.is_dir()
             else f" only ({SHARED} absent: no corpus sentences added)"), file=sys.stderr)
    t0 = time.perf_counter()
    tag_document("warm-up: 26 janvier", "fr", datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC")), "UTC")
    tag_document("warm-up: January 26", "en", datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC")), "UTC")
    load = time.perf_counter() - t0
    docs = build_corpus(int(args.mb * 1_000_000), args.seed)
    by_lang = {lang: sum(len(d["text"].encode("utf-8")) for d in docs if d["lang"] == lang) for lang in ("fr", "en")}
    print(f"built {len(docs)} articles, {sum(by_lang.values()) / 1e6:.2f} MB (fr {by_lang['fr'] / 1e6:.2f} MB, "
          f"en {by_lang['en'] / 1e6:.2f} MB); language packs loaded in {load:.2f}s", file=sys.stderr)
    e_t, e_bytes, e_found = bench_evdb(docs)
    d_t, d_bytes, d_found, d_docs = bench_dateparser(docs, int(args.dateparser_kb * 1000))
    print(f"load average before the runs: {os.getloadavg()[0]:.2f} (wall clock counts waiting for the core; "
          f"CPU time does not)" if hasattr(os, "getloadavg") else "", file=sys.stderr)
    e_wall, e_cpu = report("evdb", e_t, e_bytes, f"{e_found} expressions")
    d_wall, d_cpu = report("dateparser", d_t, d_bytes,
                           f"{d_found} dates; search_dates on the first {d_docs} of the same {len(docs)} articles")
    print(f"ratio evdb / dateparser: wall {e_wall / d_wall:.1f}x, cpu {e_cpu / d_cpu:.1f}x   "
          f"(targets: evdb >= 1.5 MB/s and > 5x)")
    # the bundled sample articles alone, unvaried, each with its own publication time and zone
    # (small: evdb tags them several times over, which also reuses its per-phrase cache)
    sample = sample_docs()
    s_t, s_bytes, s_found = bench_evdb(sample, args.sample_passes)
    sd_t, sd_bytes, sd_found, _ = bench_dateparser(sample, 10 ** 9)
    print(f"sample_data/news alone ({len(sample)} articles):")
    s_wall, s_cpu = report("evdb", s_t, s_bytes, f"{args.sample_passes} passes, {s_found} expressions per pass")
    sd_wall, sd_cpu = report("dateparser", sd_t, sd_bytes, f"one pass, {sd_found} dates")
    print(f"ratio evdb / dateparser on the sample: wall {s_wall / sd_wall:.1f}x, cpu {s_cpu / sd_cpu:.1f}x")


if __name__ == "__main__":
    main()
