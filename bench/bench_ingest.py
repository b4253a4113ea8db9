"""Ingest benchmark: the full pipeline (normalise, sentences, time expressions, events) into
DuckDB on a generated corpus, with one worker and with two.

The corpus is built from the sample articles (``sample_data/news``) with varied places, actors,
person names and publication dates (deterministic seed), written line by line to a temporary
JSONL file: it is never held in memory. Each run ingests it into a fresh temporary DuckDB file
through the library API (``evdb.ingest.ingest``), and prints articles/s, MB/s and the resident
memory of the main process at 5k/10k/20k documents (flat memory = streamed batches).
The ratio jobs=2 / jobs=1 is the speed-up from the second core.

    python bench/bench_ingest.py                 # 20,000 articles, jobs 1 and 2
    python bench/bench_ingest.py -n 5000 --jobs 1
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evdb import paths  # noqa: E402
from evdb.events.resources import load_actors, load_places  # noqa: E402
from evdb.ingest import IngestOptions, ingest  # noqa: E402
from evdb.ingest.read import Problem, read_documents  # noqa: E402

CHECKPOINTS = (5_000, 10_000, 20_000)
FIRST = ["Abou", "Mohamed", "Ahmed", "Omar", "Ali", "Moussa", "Hamza", "Ibrahim", "Yacouba", "Souleymane"]
LAST = ["al-Chami", "al-Masri", "Ag Ghaly", "Koufa", "Diallo", "al-Iraqi", "Traoré", "al-Halabi", "Sawadogo"]


def templates() -> list[dict]:
    out = []
    for d in read_documents([paths.sample_data_dir() / "news"]):
        if isinstance(d, Problem):
            continue
        out.append({"lang": d.lang, "tz": d.tz, "text": d.text, "title": d.title or "", "published": d.published})
    return out


def substitutions():
    """Surface -> pool of replacements of the same kind (places by country, actors by type)."""
    places: dict[str, list[str]] = {}
    for place, variants in _place_rows():
        if place.kind == "town" and place.population >= 5000:
            places.setdefault(place.country, []).append(place.name)
    actors: dict[str, list[str]] = {}
    for a in load_actors():
        if "{country}" not in a.name:
            actors.setdefault(a.actor_type, []).extend([a.name, *a.aliases[:3]])
    return places, actors


def _place_rows():
    import csv
    from evdb.events.resources import Place
    with (paths.resources_dir() / "places.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            yield Place(r["place_id"], r["name"], r["kind"], r["country"], r["country_name"], r["admin1"],
                        None, None, int(r["population"] or 0)), r["variants"].split("|")


def generate(path: Path, n: int, seed: int = 20240124) -> int:
    """Write ``n`` articles to ``path`` (JSON lines); returns the number of bytes written."""
    rng = random.Random(seed)
    tmpl = templates()
    place_pool, actor_pool = substitutions()
    index = load_places()
    actor_names = {a.name: a.actor_type for a in load_actors() if "{country}" not in a.name}
    prepared = []
    for t in tmpl:
        found = [w for w in set(re.findall(r"[A-ZÉ][\w'’-]+(?: [a-z]{2}-[A-Z][\w'’-]+)?", t["text"]))
                 if index.candidates(w) and index.candidates(w)[0].kind == "town"]
        acts = [a for a in actor_names if a in t["text"]]
        prepared.append((t, found, acts))
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            t, found, acts = prepared[i % len(prepared)]
            text = t["text"]
            for w in found:
                country = index.candidates(w)[0].country
                pool = place_pool.get(country) or [w]
                text = text.replace(w, rng.choice(pool))
            for a in acts:
                pool = actor_pool.get(actor_names[a]) or [a]
                text = text.replace(a, rng.choice(pool))
            text = re.sub(r"Abou Hamza al-Chami", f"{rng.choice(FIRST)} {rng.choice(LAST)}", text)
            published = t["published"] + timedelta(days=rng.randint(-900, 900), minutes=rng.randint(0, 600))
            line = json.dumps({"id": f"bench-{i}", "source": "bench", "lang": t["lang"], "tz": t["tz"],
                               "published": published.isoformat(), "title": t["title"], "text": text},
                              ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


def rss_mb() -> float:
    """Current resident memory of this process (MB), from /proc when available."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def run(corpus: Path, size: int, n: int, jobs: int, workdir: Path) -> float:
    db = workdir / f"bench_jobs{jobs}.duckdb"
    marks: dict[int, float] = {}

    def progress(p):
        for c in CHECKPOINTS:
            if c not in marks and p.documents >= c:
                marks[c] = rss_mb()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    start = time.perf_counter()
    cpu0 = time.process_time()
    summary = ingest(db, [corpus], IngestOptions(jobs=jobs), now=datetime(2024, 1, 24, tzinfo=timezone.utc),
                     progress=progress)
    elapsed = time.perf_counter() - start
    main_cpu = time.process_time() - cpu0
    rate = n / elapsed
    mem = ", ".join(f"{c // 1000}k: {marks[c]:.0f} MB" for c in CHECKPOINTS if c in marks)
    print(f"jobs={jobs}: {n} articles in {elapsed:.1f} s = {rate:.0f} articles/s, {size / 1e6 / elapsed:.2f} MB/s; "
          f"{summary.events} events, {summary.timexes} time expressions; RSS (main process) {mem}; "
          f"main process CPU {main_cpu:.1f} s; load average before the run {load:.1f} "
          f"(a load near the CPU count means other processes share the cores and jobs=2 cannot double)")
    db.unlink(missing_ok=True)
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20_000, help="articles to generate (default 20000)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    ap.add_argument("--seed", type=int, default=20240124)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="evdb-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        size = generate(corpus, args.n, args.seed)
        print(f"generated {args.n} articles ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s "
              f"from {len(templates())} sample articles (seed {args.seed}); {os.cpu_count()} CPUs")
        rates = {j: run(corpus, size, args.n, j, Path(tmp)) for j in args.jobs}
    if 1 in rates:
        for j, r in rates.items():
            if j != 1:
                print(f"ratio jobs={j} / jobs=1: {r / rates[1]:.2f}x")
        print(f"target >= 200 articles/s on one core: {'met' if rates[1] >= 200 else 'NOT met'} "
              f"({rates[1]:.0f})")


if __name__ == "__main__":
    main()
