"""``evdb tag`` (what evdb reads in a text) and ``evdb eval-time`` (score it on gold data)."""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click
from rich.table import Table

from evdb.cli._common import AppContext, err_console, out_console
from evdb.evaluation import (DocumentReport, PhraseReport, parse_dct, read_timeml_dir, read_tsv,
                             score_documents, score_rows, tag_batch, tag_to_dicts)
from evdb.errors import EvdbError
from evdb.evaluation.contract import BatchProblem, ContractError

LANGS = click.Choice(["fr", "en"])


def _read_input(source: str | None) -> tuple[str, str]:
    """The text to tag and where it came from ("stdin", "file PATH" or "the text")."""
    if source is None or source == "-":
        return sys.stdin.read(), "stdin"
    try:
        is_file = "\n" not in source and Path(source).is_file()
    except OSError:  # a sentence longer than a file name may be, or otherwise not a path
        is_file = False
    if is_file:
        try:
            return Path(source).read_text(encoding="utf-8"), f"file {source}"
        except UnicodeDecodeError as exc:
            raise EvdbError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})",
                            hint="convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8") from exc
    return source, "the text"


def _wide_console():
    console = out_console()
    if not console.is_terminal:  # a pipe or a file: room for whole tables
        console.width = max(console.width, 160)
    return console


# Below this width the value and its interval share one column (value on top), so that a
# 100-column terminal keeps every date-time whole and the rule and status readable.
NARROW = 140


def _folding(*names: str, title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    for name in names:
        table.add_column(name, overflow="fold")  # long cells wrap, never cut
    return table


def _short(moment: str | None) -> str:
    if moment is None:
        return ".."
    return moment[:10] if moment.endswith("T00:00:00") else moment[:16]


def _interval(item: dict) -> str:
    own = "-" if item["earliest"] is None and item["latest"] is None else \
        f"[{_short(item['earliest'])}, {_short(item['latest'])})"
    if item.get("range_partner"):   # a range's bound: the whole range too
        whole = "-" if item["range_start"] is None else f"[{_short(item['range_start'])}, {_short(item['range_end'])})"
        own += f"\nrange with {item['range_partner']}: {whole}"
    return own


def _table(items: list[dict], width: int = 160) -> Table:
    narrow = width < NARROW
    names = ("expression", "type", "value\ninterval") if narrow else ("expression", "type", "value", "interval")
    table = _folding(*names, "anchor", "rule", "status")
    if narrow:
        table.columns[2].min_width = 18   # "[2018-01-26T05:00," stays on one line
    for item in items:
        value = (item["value"] or "-") + (f" ({item['mod']})" if item["mod"] else "")
        status = item["status"] + (f": {item['reason']}" if item.get("reason") else "")
        style = "" if item["status"] == "resolved" else "yellow"
        when = [value + "\n" + _interval(item)] if narrow else [value, _interval(item)]
        table.add_row(f"{item['text']} [{item['char_start']}:{item['char_end']}]", item["type"], *when,
                      item["anchor"], item["rule"], status, style=style)
    return table


def _run_batch(path: str, prefer: str = "nearest") -> None:
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    source = "<stdin>" if path == "-" else path
    problems = 0
    tagger = functools.partial(tag_to_dicts, prefer=prefer)
    with handle:
        for result in tag_batch(handle, source, tagger):
            if isinstance(result, BatchProblem):
                problems += 1
                click.echo(str(result), err=True)
                continue
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if problems:
        raise ContractError(f"{problems} bad line(s) skipped (listed above)",
                            hint='each line must be a JSON object: {"id": ..., "text": ..., "lang": "fr", "dct": "2024-01-24"}')


@click.command("tag")
@click.argument("source", required=False, metavar="[TEXT | FILE | -]")
@click.option("--lang", type=LANGS, help="Language of the text (required unless --batch).")
@click.option("--dct", help="Reference (publication) time, ISO 8601: 2024-01-24 or 2024-01-24T09:00 "
              "[default: now]. A date alone means 00:00 that day.")
@click.option("--tz", help="IANA time zone of the text [default: the DCT's offset, else UTC].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.option("--batch", "batch", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Tag a JSON-lines file (or - for stdin): one {id, text, lang, dct[, tz]} object "
                   "per line in, one {id, timexes} line out.")
@click.option("--prefer", type=click.Choice(["nearest", "past", "future"]), default="nearest",
              envvar="EVDB_PREFER", show_default=True, show_envvar=True,
              help="Direction of a date the text leaves open (\"friday\", \"March 3\", \"at 3pm\") when its "
                   "clause has no tense cue: nearest to the DCT (news), past, or future (assistant or "
                   "calendar text). A tense cue in the text always wins.")
@click.pass_obj
def tag_cmd(app: AppContext, source: str | None, lang: str | None, dct: str | None, tz: str | None,
            as_json: bool, batch: str | None, prefer: str) -> None:
    """Show the time expressions evdb finds in a text and what they resolve to.

    The argument is a file to read when such a file exists, - (stdin, the default), else the
    text itself. The table shows each
    expression with its TIMEX3 type and value, its interval [earliest, latest) in local time, what
    it was anchored to (DCT or an earlier expression), the rule that found it and its status.

    \b
    JSON keys (--json, --batch): tid, text, char_start, char_end, type, value, mod, earliest,
    latest (local ISO date-times without offset), grain, anchor, anchor_kind, rule, status,
    reason, sent_idx, day_window, range_partner, range_start, range_end (a range such as "du 3
    au 5 mars" is two expressions, one per bound; each names the other and carries the whole
    range, shown under the interval in the table). A bad --batch line is reported as FILE:LINE: reason on
    stderr; the others are still tagged, and the exit code is 1.

    \b
    Exit codes: 0 tagged (even if nothing was found); 1 bad input (empty text, bad --dct or
    --tz, a bad --batch line); 2 usage error (unknown --lang, missing --lang).

    \b
    Examples:
      evdb tag "Friday, January 26, a fire broke out. The next day..." --lang en --dct 2024-01-24
      evdb tag article.txt --lang fr --dct 2024-01-24T09:00 --tz Europe/Paris --json
      echo '{"id": "a", "text": "hier soir", "lang": "fr", "dct": "2024-01-24"}' | evdb tag --batch -
      evdb tag "call me friday at 3pm" --lang en --dct 2024-01-24 --prefer future
    """
    if batch:
        if source is not None:
            raise click.UsageError("give either SOURCE or --batch, not both")
        _run_batch(batch, prefer)
        return
    if lang is None:
        raise click.UsageError("--lang is required (fr or en)")
    text, where = _read_input(source)
    if not text.strip():
        raise EvdbError(f"nothing to tag: {where} is empty",
                        hint='give a text, a UTF-8 file or - for stdin, e.g. evdb tag "hier soir" --lang fr --dct 2024-01-24')
    if dct is None:
        moment, zone = parse_dct(app.now().strftime("%Y-%m-%dT%H:%M:%S%z"), tz)
        dct = moment.isoformat(timespec="seconds")
        err_console().print(f"reference time: {dct} ({zone}); set it with --dct")
    items = tag_to_dicts(text, lang, dct, tz, prefer=prefer)
    if as_json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return
    console = _wide_console()
    console.print(_table(items, console.width))
    if not items:
        err_console().print("no time expression found")


# ----------------------------------------------------------------------------- eval-time
def _pct(a: int, n: int) -> str:
    return f"{100 * a / n:.1f}%" if n else "-"


def _phrase_tables(report: PhraseReport, verbose: bool) -> list:
    table = Table("subset", "n", "exact", "lenient (any listed reading)", title="value accuracy")
    for key in report.subsets():
        n, exact, lenient = report.counts[key]
        table.add_row(key, str(n), f"{exact} ({_pct(exact, n)})", f"{lenient} ({_pct(lenient, n)})")
    shown = [table]
    if report.unscored:
        shown.append(f"not scorable (no checkable value): {dict(report.unscored)}")
    if report.negatives:
        shown.append(f"negatives: {report.negatives} rows, {len(report.false_positives)} with something found "
                     f"(should be 0)")
    if verbose:
        failures = _folding("where", "text", "reference", "expected", "got", "category", title="failures")
        for f in report.failures + report.false_positives:
            failures.add_row(f.where, f.text, f.reference, f.expected, f.got, f.category)
        shown.append(failures)
    return shown


def _document_tables(report: DocumentReport, verbose: bool) -> list:
    m, c = report.measures(), report.counts
    table = Table("measure", "value", title=f"{report.documents} documents, {report.characters:,} characters, "
                                            f"{c['gold']} gold TIMEX3, {c['pred']} found")
    table.add_row("strict extraction P / R / F1", f"{m['strict_p']:.3f} / {m['strict_r']:.3f} / {m['strict_f1']:.3f}")
    table.add_row("relaxed extraction P / R / F1",
                  f"{m['relaxed_p']:.3f} / {m['relaxed_r']:.3f} / {m['relaxed_f1']:.3f}")
    table.add_row("value accuracy on relaxed matches", f"{c['value_ok']}/{c['value_scored']} = {m['value_accuracy']:.3f}")
    table.add_row("value F1 (span overlap + right value)", f"{m['value_f1']:.3f}")
    for typ, bc in sorted(report.by_type.items()):
        table.add_row(f"{typ}: found / value ok", f"{bc['found']}/{bc['gold']} / {bc['value_ok']}/{bc['value_scored']}")
    shown = [table]
    if verbose:
        misses = _folding("kind", "document", "gold text", "gold value", "got", title="failures")
        for miss in report.misses:
            misses.add_row(miss.kind, miss.doc, miss.text, miss.gold, miss.got)
        shown.append(misses)
    return shown


@click.command("eval-time")
@click.argument("gold", type=click.Path())
@click.option("--lang", type=LANGS, help="Language of the TimeML documents (required for a folder).")
@click.option("--exclude-flags", default="", metavar="FLAG,...",
              help="TSV: drop rows carrying any of these flags (e.g. unsupported_all,unsupported_dotnet).")
@click.option("-v", "--verbose", is_flag=True, help="List every failure.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures (and failures) as JSON.")
def eval_time_cmd(gold: str, lang: str | None, exclude_flags: str, verbose: bool, as_json: bool) -> None:
    """Score evdb's temporal engine on gold data: a TSV of phrases or a folder of TimeML files.

    \b
    FILE.tsv: one expression per row (columns id, lang, reference_time, text, expected_kind,
      expected_value, expected_grain; optional expected_alt, input/span_start/span_end,
      detail or category, flags). Prints value accuracy overall, by kind (instant, interval,
      duration, set) and by category; rows of kind "none" must yield nothing.
    DIR: every *.tml TimeML document in it is tagged whole with its DCT; prints strict and
      relaxed span P/R/F1, value accuracy on matches and value F1 (TempEval-3 style).

    \b
    Examples:
      evdb eval-time my_gold.tsv -v
      evdb eval-time corpora/timeml_fr/ftib --lang fr --json

    \b
    Exit codes: 0 scored; 1 bad gold (GOLD missing, or FILE:LINE named: missing column, bad
    row); 2 usage error (--lang missing for a folder).
    """
    path = Path(gold)
    if not path.exists():
        raise EvdbError(f"{gold}: no such file or folder",
                        hint="give a gold TSV (header: id, lang, reference_time, text, expected_kind, "
                             "expected_value ...) or a folder of TimeML .tml files, e.g. evdb eval-time my_gold.tsv")
    if path.is_dir():
        if lang is None:
            raise click.UsageError("--lang is required for a folder of TimeML documents")
        report = score_documents(read_timeml_dir(path), lang)
        shown = _document_tables(report, verbose)
    else:
        rows = read_tsv(path)
        excluded = {f.strip() for f in exclude_flags.split(",") if f.strip()}
        rows = [r for r in rows if not (r.flags & excluded)]
        report = score_rows(rows)
        shown = _phrase_tables(report, verbose)
    if as_json:
        data = report.to_dict()
        if not verbose:
            data = {k: v for k, v in data.items() if k not in ("failures", "false_positives", "misses")}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    console = _wide_console()
    for item in shown:
        console.print(item)


COMMANDS = [tag_cmd, eval_time_cmd]
