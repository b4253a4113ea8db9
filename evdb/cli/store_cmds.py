"""Commands that write the database: ``init``, ``ingest``, ``rm`` and ``demo``.

Each one upgrades the schema first (so ``init`` is never required), reads the clock once here
at the CLI edge and passes it down as ``now``.
"""
from __future__ import annotations

import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from evdb import paths
from evdb.cli._common import AppContext, err_console, out_console
from evdb.ingest import SUPPORTED_LANGS, Defaults, IngestOptions, IngestSummary, ingest, parse_published
from evdb.store.db import migrate, opened
from evdb.store.load import remove_document

# (saved query, parameters): what happened, what it cost, and how the relative dates were read
DEMO_QUERIES = (
    ("events_by_week", {}),
    ("fatalities_by_place_month", {}),
    ("date_readings", {"kind": "anaphoric"}),
)
DEMO_LIMIT = 8
PROBLEMS_PER_FILE = 10  # bad records listed per input file; the rest are counted

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@pass_app
def init(app: AppContext) -> None:
    """Create the database, or upgrade its schema from schema/*.sql.

    Never required: every command that writes does the same first. Schema files are applied in
    order and recorded with a checksum; an applied file that was edited is refused.

    \b
    Example:
      evdb --db news.duckdb init
    """
    with opened(app.db_path) as con:
        applied = migrate(con, app.now())
    _say(f"{app.db_path}: applied {', '.join(applied)}" if applied else f"{app.db_path}: schema up to date")


def _published(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    try:
        return parse_published(value, ctx.params.get("tz") or "UTC")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _zone(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise click.BadParameter(f"unknown time zone {value!r} (use an IANA name such as Europe/Paris)") from None
    return value


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--tz", callback=_zone, is_eager=True,
              help="Time zone of records that give none (IANA name, e.g. Europe/Paris). Default UTC.")
@click.option("--published", callback=_published, metavar="DATETIME",
              help="Publication time of records that give none (ISO 8601, read in --tz).")
@click.option("--lang", type=click.Choice(SUPPORTED_LANGS), help="Language of records that give none.")
@click.option("--source", metavar="NAME", help="Source (outlet) of records that give none.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes analysing documents (the result is the same for any N).")
@pass_app
def ingest_cmd(app: AppContext, inputs: tuple[Path, ...], tz, published, lang, source, jobs) -> None:
    """Read articles (.jsonl, .txt, .md, or folders of them) and store what evdb finds in them.

    Re-ingesting the same text is a no-op; a changed text of the same article (same source and
    id, or same url) replaces its rows and keeps the old ones as history (see --as-of). A bad
    record is reported as file:line: reason and skipped; the exit code is then 1. Folders are
    read recursively, skipping hidden files, README* files and (with a note on stderr) any
    folder holding a .evdbignore file, such as sample_data/gold (annotations, not articles).

    \b
    .txt/.md front matter (optional):
      ---
      title: Attaque près de Kidal
      published: 2024-01-24T09:00:00+01:00
      lang: fr
      tz: Europe/Paris
      ---
    .jsonl: one object per line with id, url, title, published, source, lang, tz, text.

    \b
    Example:
      evdb ingest sample_data/news
      evdb ingest notes/*.txt --lang fr --tz Europe/Paris --published 2024-01-24T09:00
    """
    options = IngestOptions(Defaults(published=published, lang=lang, source=source, tz=tz), jobs=jobs)
    summary = _run_ingest(app, list(inputs), options)
    if summary.skipped:
        _say(f"{summary.skipped} bad record(s) skipped (listed above); exit code 1")
        sys.exit(1)  # not ctx.exit(): cli.main runs with standalone_mode=False and drops its code


def _run_ingest(app: AppContext, inputs: list[Path], options: IngestOptions) -> IngestSummary:
    """Run one ingest with narration on stderr and a progress bar when stderr is a terminal."""
    console = err_console()

    def say(message: str) -> None:
        console.print(message, markup=False, highlight=False, soft_wrap=True)

    bar = _progress_bar(console) if sys.stderr.isatty() else None  # narration stays readable in logs
    with bar or nullcontext():
        task = bar.add_task("ingest", total=None, docs=0) if bar else None

        def progress(p) -> None:
            bar.update(task, completed=p.bytes_read, total=p.bytes_total or None, docs=p.documents)

        per_file: Counter[str] = Counter()

        def problem(p) -> None:
            per_file[p.file] += 1
            if per_file[p.file] <= PROBLEMS_PER_FILE:
                say(str(p))

        summary = ingest(app.db_path, inputs, options, now=app.now(), progress=progress if bar else None,
                         on_problem=problem, on_note=say)
    for file, n in per_file.items():
        if n > PROBLEMS_PER_FILE:
            say(f"{file}: {n - PROBLEMS_PER_FILE} more bad records not shown ({n} in this file)")
    say(summary.line())
    return summary


def _progress_bar(console):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("ingest"), BarColumn(), TextColumn("{task.fields[docs]} documents"),
                    TimeElapsedColumn(), console=console, transient=True)


@click.command(name="rm")
@click.argument("doc_id")
@click.option("--reason", metavar="TEXT", help="Why the document is removed (kept in document_removals).")
@pass_app
def rm(app: AppContext, doc_id: str, reason: str | None) -> None:
    """Remove a document: close its rows (they stay visible with --as-of) and record the removal.

    DOC_ID is a doc_id, a unique prefix of one (4+ characters), or an article_key.

    \b
    Example:
      evdb sql "select doc_id, title from documents"
      evdb rm 3f9c2a1b7d4e5f60 --reason "duplicate of a wire story"
    """
    now = app.now()
    with opened(app.db_path) as con:
        migrate(con, now)
        removed = remove_document(con, doc_id, now, reason)
    title = f" ({removed.title})" if removed.title else ""
    _say(f"removed {removed.doc_id}{title}")


@click.command()
@click.option("--fresh", is_flag=True, help="Delete the database file first and start from an empty one.")
@pass_app
def demo(app: AppContext, fresh: bool) -> None:
    """Load the bundled sample articles and show what evdb makes of them.

    Ingests sample_data/news, then sample_data/revisions (a corrected article, kept as
    history), into the database (--db, default ./evdb.duckdb), then shows the first rows of three
    saved queries: events_by_week, fatalities_by_place_month and date_readings -p kind=anaphoric
    ("le lendemain", "the following night" and the earlier expression each one was read from).

    \b
    Example:
      evdb --db demo.duckdb demo --fresh
    """
    from evdb.cli._output import emit
    from evdb.queries.catalog import get_query
    from evdb.queries.run import run_saved

    db = Path(app.db_path)
    if fresh:
        for stale in (db, db.with_name(db.name + ".wal")):
            stale.unlink(missing_ok=True)
    sample = paths.sample_data_dir()
    skipped = 0
    for part in ("news", "revisions"):
        _say(f"ingesting {sample / part}")
        skipped += _run_ingest(app, [sample / part], IngestOptions()).skipped
    for name, params in DEMO_QUERIES:
        query = get_query(name, app.query_dirs)
        result = run_saved(db, query, params, limit=DEMO_LIMIT, now=app.now())
        out_console().print()
        emit(result)
    _say(f"\nNext: evdb queries (list them), evdb queries NAME (its parameters), evdb query NAME -p key=value, "
         f"evdb sql \"...\", evdb timeline (database: {db})")
    if skipped:
        sys.exit(1)


def _say(message: str) -> None:
    """One line of narration on stderr, never wrapped (logs and grep stay line-oriented)."""
    err_console().print(message, markup=False, highlight=False, soft_wrap=True)


COMMANDS = [init, ingest_cmd, rm, demo]
