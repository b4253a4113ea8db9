#!/usr/bin/env python3
"""Ingest speed: read -> analyse -> load into DuckDB, and the Arrow loading path against a
row-by-row baseline, in the same run.

Input: the bundled sample articles (``sample_data/news``), copied ``--copies`` times into a
temporary folder as JSONL with fresh ids (so every copy is a new article), then:

1. read only (``evdb.ingest.read_documents``);
2. read + analyse (``evdb.pipeline.analyze``, no database);
3. full ingest with ``--jobs 1`` (and ``--jobs 2`` unless ``--no-jobs``) into a new database;
4. re-ingest of the same files (every document unchanged: the cost of the no-op path);
5. loading only: the document rows of the corpus inserted through one registered Arrow table per
   batch (what ``store.load`` does) against ``executemany`` of the same rows (the baseline);
   the ratio is printed.

    python bench/bench_ingest.py               # 50 copies of the sample news (about 900 articles)
    python bench/bench_ingest.py --copies 200 --no-jobs
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from evdb.ingest import IngestOptions, ingest, read_documents
from evdb.ingest.read import Problem
from evdb.paths import sample_data_dir
from evdb.pipeline import analyze
from evdb.store.db import connect, migrate
from evdb.store.rows import document_row

NOW = datetime(2024, 3, 1, tzinfo=timezone.utc)


def make_corpus(folder: Path, copies: int) -> tuple[Path, int, int]:
    records = []
    for path in sorted((sample_data_dir() / "news").glob("*.jsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = folder / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for copy in range(copies):
            for r in records:
                f.write(json.dumps({**r, "id": f"{r['id']}-copy{copy}"}, ensure_ascii=False) + "\n")
    return out, copies * len(records), out.stat().st_size


def timed(label: str, n: int, size: int, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {n:>6} articles {seconds:8.2f} s {n / seconds:10.0f} articles/s {size / seconds / 1e6:7.2f} MB/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50, help="copies of the sample news (default 50)")
    parser.add_argument("--batch", type=int, default=200, help="documents per transaction (default 200)")
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs 2 run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, n, size = make_corpus(folder, args.copies)
        print(f"corpus: {n} articles, {size / 1e6:.2f} MB (sample_data/news x {args.copies})")
        docs = [d for d in read_documents([corpus]) if not isinstance(d, Problem)]
        assert len(docs) == n
        timed("read", n, size, lambda: sum(1 for _ in read_documents([corpus])))
        analyze(docs[0])  # warm the language packs before timing
        timed("read + analyse", n, size, lambda: [analyze(d) for d in read_documents([corpus])])
        one = timed("ingest --jobs 1", n, size,
                    lambda: ingest(folder / "one.duckdb", [corpus], IngestOptions(batch_size=args.batch), now=NOW))
        if not args.no_jobs:
            two = timed("ingest --jobs 2", n, size,
                        lambda: ingest(folder / "two.duckdb", [corpus], IngestOptions(jobs=2, batch_size=args.batch),
                                       now=NOW))
            print(f"--jobs 2 speed-up: {one / two:.2f}x")
        timed("re-ingest (all unchanged)", n, size,
              lambda: ingest(folder / "one.duckdb", [corpus], IngestOptions(batch_size=args.batch), now=NOW))

        rows = [document_row(analyze(d), "new", NOW) for d in docs[: min(n, 2000)]]
        text_size = sum(len(r["text"].encode("utf-8")) for r in rows)
        arrow_con, many_con = _fresh(folder, "arrow.duckdb"), _fresh(folder, "many.duckdb")
        arrow_s = timed("load documents: Arrow batches", len(rows), text_size,
                        lambda: load_arrow(arrow_con, rows, args.batch))
        many_s = timed("load documents: executemany", len(rows), text_size, lambda: load_executemany(many_con, rows))
        print(f"Arrow loading vs executemany: {many_s / arrow_s:.1f}x faster")


def _fresh(folder: Path, name: str) -> duckdb.DuckDBPyConnection:
    con = connect(folder / name)
    migrate(con, NOW)
    return con


def load_arrow(con: duckdb.DuckDBPyConnection, rows: list[dict], batch: int) -> None:
    schema = con.sql("SELECT * EXCLUDE (recorded_to) FROM document_versions LIMIT 0").to_arrow_table().schema
    for i in range(0, len(rows), batch):
        con.execute("BEGIN")
        con.register("b", pa.Table.from_pylist(rows[i:i + batch], schema=schema))
        con.execute("INSERT INTO document_versions BY NAME SELECT * FROM b")
        con.unregister("b")
        con.execute("COMMIT")


def load_executemany(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    cols = list(rows[0])
    sql = f"INSERT INTO document_versions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    con.execute("BEGIN")
    con.executemany(sql, [[r[c] for c in cols] for r in rows])
    con.execute("COMMIT")


if __name__ == "__main__":
    main()
