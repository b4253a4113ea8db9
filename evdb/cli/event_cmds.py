"""``evdb explain`` (why evdb believes an event), ``evdb export`` (ACLED, UCDP, PLOVER, Parquet)
and ``evdb eval-events`` (score event extraction on gold annotations)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from evdb import paths
from evdb.cli._common import AppContext, err_console, out_console
from evdb.errors import EvdbError
from evdb.fileio import atomic_open

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@click.argument("event_id")
@pass_app
def explain(app: AppContext, event_id: str) -> None:
    """Show why evdb believes EVENT_ID: the sentence with trigger, actors, place, count and time
    highlighted, each field with its source words, and the chain of expressions that dated it.

    \b
    Example:
      evdb explain "$(evdb sql 'select event_id from events limit 1' --format csv | tail -1)"

    \b
    EVENT_ID is the whole id (DOC_ID:eN); a document id or a prefix gets the list of its events.
    Colours on a terminal only; piped, the output is plain text.
    Exit codes: 0 explained; 1 unknown event id or database error; 2 usage error.
    """
    from evdb.events.explain import explain_event
    from evdb.store.db import connect

    con = connect(app.db_path, read_only=True)
    try:
        explanation = explain_event(con, event_id)
        console = out_console()
        if console.is_terminal:
            console.print(explanation)
        else:  # a pipe or a file: plain, unwrapped lines
            sys.stdout.write(explanation.plain_text())
    finally:
        con.close()


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp", "plover-jsonl", "parquet"]), required=True,
              help="Layout: ACLED CSV, UCDP GED CSV, PLOVER JSON lines or Parquet (all columns).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")
@click.option("--all", "include_all", is_flag=True,
              help="Also export negated, hypothetical and reported events (default: facts only).")
@pass_app
def export_cmd(app: AppContext, fmt: str, output: Path | None, include_all: bool) -> None:
    """Write the current events in a standard layout.

    ACLED: one point date plus time_precision and the lowest fatality figure. UCDP: date_start,
    date_end, date_prec and best/low/high. PLOVER: JSON lines with text_info and cite_info.

    \b
    Example:
      evdb export --format acled --output events.csv
      evdb export --format plover-jsonl --all | head

    \b
    Data goes to stdout (or --output, written atomically: an existing file is replaced only once
    the export is complete); the count of events goes to stderr.
    Exit codes: 0 written; 1 database error or --output not writable; 2 usage error.
    """
    from evdb.events.export import export_events
    from evdb.store.db import connect

    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise EvdbError("Parquet is binary: not written to a terminal",
                        hint="write it to a file: evdb export --format parquet --output events.parquet")
    con = connect(app.db_path, read_only=True)
    try:
        if output is None:
            stream = sys.stdout.buffer if fmt == "parquet" else sys.stdout
            n = export_events(con, fmt, stream, include_all)
        else:
            mode = "wb" if fmt == "parquet" else "w"
            try:
                with atomic_open(output, mode, **({} if fmt == "parquet" else {"encoding": "utf-8", "newline": ""})) as fh:
                    n = export_events(con, fmt, fh, include_all)
            except OSError as exc:
                folder = output.parent if str(output.parent) else Path(".")
                raise EvdbError(f"cannot write {output}: {exc.strerror}",
                                hint=f"check that the folder {folder} exists and is writable, "
                                     "or write to stdout: evdb export --format ... > FILE") from None
    finally:
        con.close()
    err_console().print(f"{n} events written" + (f" to {output}" if output else ""))


@click.command(name="eval-events")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Score one split of the gold (rows carry a split field).")
@click.option("--articles", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Articles to analyse (files or folders, later ones replace earlier versions). "
                   "Default: sample_data/news, sample_data/dev_extra, then sample_data/revisions.")
@click.option("-v", "--verbose", is_flag=True,
              help="List misses, false positives and date/count errors, each with its sentence.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures (with -v, the lists too) as JSON.")
def eval_events(gold: Path, split: str, articles: tuple[Path, ...], verbose: bool, as_json: bool) -> None:
    """Score event extraction against GOLD (JSON lines, see sample_data/README.md).

    Runs the pipeline on the articles and reports precision, recall and F1 for events (same
    document, type, main actor and date), date accuracy and fatalities exact-match rate over the
    aligned events, per split.

    \b
    Example:
      evdb eval-events sample_data/gold/events.jsonl --split dev -v
      evdb eval-events sample_data/gold/events.jsonl --json | jq .test.f1

    \b
    Exit codes: 0 scored; 1 GOLD missing, a bad gold line (named FILE:LINE) or an unreadable
    article; 2 usage error.
    """
    from evdb.evaluation.events import analyze_articles, read_gold, report_dict, score

    rows = read_gold(gold)
    sample = paths.sample_data_dir()
    sources = list(articles) or [sample / "news", sample / "dev_extra", sample / "revisions"]
    sources = [p for p in sources if Path(p).exists()]
    analyses = analyze_articles(sources)
    results = score(rows, analyses, ("dev", "test"))
    shown = ("dev", "test", "all") if split == "all" else (split,)
    if as_json:
        data = report_dict(results, analyses, shown, details=verbose)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="event extraction", title_justify="left")
    for col in ("split", "gold", "pred", "match", "P", "R", "F1", "aligned", "date", "fatal.", "pol+mod"):
        table.add_column(col, justify="right" if col != "split" else "left")
    for name in shown:
        r = results[name]
        table.add_row(name, str(r.gold), str(r.predicted), str(r.matched), f"{r.precision:.3f}", f"{r.recall:.3f}",
                      f"{r.f1:.3f}", str(len(r.aligned)), f"{r.date_accuracy:.3f}", f"{r.fatalities_exact:.3f}",
                      f"{r.polarity_modality:.3f}")
    console = out_console()
    if not console.is_terminal:
        console.width = max(console.width, 120)
    console.print(table)
    if verbose:
        for name in shown:
            _details(console, results[name], analyses)


def _details(console, r, analyses) -> None:
    from evdb.evaluation.events import sentence_text

    console.print(f"\n[bold]{r.split}: misses ({len(r.misses)})[/]")
    for g in r.misses:
        console.print(f"  {g.doc} {g.event_type} {g.trigger!r} {g.date} actor1={g.actor1} fatalities={g.fatalities}"
                      f" (gold line {g.line})", markup=False)
        _sentence(console, sentence_text(analyses.get(g.doc), start=g.sentence_start))
    console.print(f"[bold]{r.split}: false positives ({len(r.false_positives)})[/]")
    for doc, e in r.false_positives:
        a1 = next((a.name for a in e.actors if a.role == "actor1"), None)
        day = e.earliest.date().isoformat() if e.earliest else "-"
        console.print(f"  {doc} {e.event_type} {e.trigger!r} {day} p{e.time_precision} actor1={a1} "
                      f"fatalities={e.fatalities_best} {e.polarity}/{e.modality}", markup=False)
        _sentence(console, sentence_text(analyses.get(doc), idx=e.sent_idx))
    bad = [p for p in r.aligned if not p.date_ok or p.event.fatalities_best != p.gold.fatalities]
    console.print(f"[bold]{r.split}: aligned with a wrong date or count ({len(bad)})[/]")
    for p in bad:
        day = p.event.earliest.isoformat() if p.event.earliest else "-"
        console.print(f"  {p.gold.doc} {p.gold.trigger!r}: date gold {p.gold.date} got {day} "
                      f"p{p.event.time_precision}; fatalities gold {p.gold.fatalities} got {p.event.fatalities_best}",
                      markup=False)
        _sentence(console, sentence_text(p.analysis, idx=p.event.sent_idx))


def _sentence(console, text: str) -> None:
    if text:
        console.print(f"      \u201c{text}\u201d", markup=False, style="dim", soft_wrap=True)  # one line: greppable


COMMANDS = [explain, export_cmd, eval_events]
