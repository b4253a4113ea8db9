"""ingest(): read -> analyse -> load, streamed in batches so memory stays flat as a corpus grows.

Documents are read lazily. Versions already recorded (a re-ingest) are recognised by their
doc_id before the expensive step and not analysed again; the others are analysed by
``evdb.pipeline.analyze`` (in the main process, or in a pool of ``jobs`` worker processes fed a
bounded window of chunks, results taken back in input order so the database ends up
identical) and loaded one transaction per batch.

With a pool, workers also turn each analysis into column lists (``rows.prepare_rows``) and send
those back instead of the :class:`Analysis`: unpickling frozen dataclasses in the main process
cost about as much as loading them, and the main process is the bottleneck once two workers
analyse. The main process then only reads, checks what is already stored, and loads. The pool's
processes are forked from a server that has already imported the pipeline and read the
language resources, so each worker starts warm.
Bad records are reported through ``on_problem`` and counted as skipped; the run goes on.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from evdb.ingest.read import Defaults, Problem, Reader
from evdb.model import Analysis, Document
from evdb.store.db import migrate, opened
from evdb.store.load import NEW, REPLACED, UNCHANGED, Loader
from evdb.store.rows import EVENTS, TIMEXES, PreparedRows, prepare_rows

DEFAULT_BATCH = 200
_CHUNK = 32  # documents per task sent to a worker process
_WINDOW = 3  # tasks in flight per worker: enough that a worker never waits on the main process


@dataclass(frozen=True, slots=True)
class IngestOptions:
    defaults: Defaults = Defaults()
    jobs: int = 1
    batch_size: int = DEFAULT_BATCH


@dataclass(frozen=True, slots=True)
class IngestProgress:
    documents: int       # documents analysed and stored (or found unchanged) so far
    bytes_read: int
    bytes_total: int


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    timexes: int = 0     # time-expression rows written
    events: int = 0      # event rows written

    @property
    def documents(self) -> int:
        return self.new + self.unchanged + self.replaced + self.skipped

    def line(self) -> str:
        noun = "document" if self.documents == 1 else "documents"
        return (f"{self.documents} {noun}: {self.new} new, {self.unchanged} unchanged, "
                f"{self.replaced} replaced, {self.skipped} skipped; "
                f"{self.timexes} time expressions, {self.events} events")


def ingest(db_path: str | Path, paths: Iterable[str | Path], options: IngestOptions = IngestOptions(), *,
           now: datetime, progress: Callable[[IngestProgress], None] | None = None,
           on_problem: Callable[[Problem], None] | None = None,
           on_note: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files and folders into the database at ``db_path``; ``now`` is the recording time."""
    if now.tzinfo is None:
        raise ValueError("`now` must be tz-aware")
    if options.jobs < 1 or options.batch_size < 1:
        raise ValueError("jobs and batch_size must be >= 1")
    reader = Reader(list(paths), options.defaults, on_note)
    summary = IngestSummary()

    def documents() -> Iterator[Document]:
        for item in reader:
            if isinstance(item, Problem):
                summary.skipped += 1
                summary.problems.append(item)
                if on_problem:
                    on_problem(item)
            else:
                yield item

    pool = _pool(options.jobs) if options.jobs > 1 else None  # started before DuckDB spawns threads
    try:
        with opened(db_path) as con:
            migrate(con, now)
            loader = Loader(con)

            def unsettled(docs: Iterator[Document]) -> Iterator[Document]:
                """Versions already recorded are not analysed again (their outcome is known)."""
                for chunk in _batches(docs, options.batch_size):
                    settled = loader.settled(chunk)
                    summary.unchanged += sum(1 for d in chunk if d.doc_id in settled)
                    yield from (d for d in chunk if d.doc_id not in settled)

            if progress:
                progress(IngestProgress(0, 0, reader.bytes_total))
            todo = unsettled(documents())
            analyses = _analyse_in_pool(pool, todo, options.jobs) if pool else map(_analyze, todo)
            for batch in _batches(analyses, options.batch_size):
                result = loader.load(batch, now)
                summary.new += result.outcomes.count(NEW)
                summary.unchanged += result.outcomes.count(UNCHANGED)
                summary.replaced += result.outcomes.count(REPLACED)
                summary.timexes += result.inserted[TIMEXES]
                summary.events += result.inserted[EVENTS]
                if progress:
                    progress(IngestProgress(summary.new + summary.unchanged + summary.replaced,
                                            reader.bytes_read, reader.bytes_total))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return summary


def _analyze(doc: Document) -> Analysis:
    from evdb.pipeline import analyze

    try:
        return analyze(doc)
    except Exception as exc:  # a bug in a stage: keep the traceback, say which document
        exc.add_note(f"while analysing document {doc.doc_id} from {doc.origin}")
        raise


def _prepare_chunk(docs: list[Document]) -> list[PreparedRows]:
    """Worker task: analyse a chunk and return its rows ready to load."""
    return [prepare_rows(_analyze(d)) for d in docs]


def _pool(jobs: int):
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # the server imports the pipeline and reads the resources once; workers fork from it warm
        context.set_forkserver_preload(["evdb.ingest.warm"])
    else:
        context = multiprocessing.get_context("spawn")
    return context.Pool(jobs)


def _analyse_in_pool(pool, docs: Iterator[Document], jobs: int) -> Iterator[PreparedRows]:
    """Analyse in worker processes, at most ``_WINDOW * jobs`` chunks in flight, results in input order."""
    window: deque = deque()
    for chunk in _batches(docs, _CHUNK):
        window.append(pool.apply_async(_prepare_chunk, (chunk,)))
        if len(window) >= _WINDOW * jobs:
            yield from window.popleft().get()
    while window:
        yield from window.popleft().get()


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
