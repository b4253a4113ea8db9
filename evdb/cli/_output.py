"""Shared output options (``--format``, ``--output``, ``--limit``) and the one place that writes
a query result: stdout carries data only; notes (truncation, file written) go to stderr."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.measure import Measurement

from evdb.cli._common import err_console, out_console
from evdb.errors import EvdbError
from evdb.fileio import atomic_open
from evdb.queries.run import DEFAULT_LIMIT
from evdb.render import FORMATS, TEXT_WRITERS, THEME, write_parquet

FILE_TABLE_WIDTH = 160


_OUTPUT_OPTIONS = (
    click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                 help="Output format; json is an array of objects, parquet needs --output or a pipe."),
    click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                 help="Write to FILE instead of stdout."),
    click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
                 help="At most N rows (0 = all); a note on stderr says when rows were cut."),
)


def output_options(func):
    """Add ``--format``, ``--output`` and ``--limit`` to a command (passed as fmt, output, limit)."""
    for option in reversed(_OUTPUT_OPTIONS):
        func = option(func)
    return func


def natural_width(console: Console, result) -> int:
    """The width the table needs without folding (within 80..400 columns)."""
    return max(80, min(400, Measurement.get(console, console.options.update(width=400), result).maximum))


def emit(result, fmt: str = "table", output: str | None = None) -> None:
    """Write ``result`` in ``fmt`` to ``output`` (or stdout); narrate on stderr.

    Truncation is never silent: a table on a terminal says it in its caption; anything else (a
    pipe, a file, csv, json ...) gets ``Note: ...`` on stderr, which the caption alone would not
    give a script or a reader of a file.
    """
    on_screen = False
    if fmt == "parquet":
        if output is None and sys.stdout.isatty():
            raise EvdbError("parquet is a binary format and stdout is a terminal",
                            hint="add --output FILE.parquet, or redirect: evdb ... --format parquet > out.parquet")
        if output is None:
            sys.stdout.flush()
            write_parquet(result, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            with atomic_open(output, "wb") as fh:
                write_parquet(result, fh)
    elif fmt == "table":
        if output is None:
            console = out_console()
            on_screen = console.is_terminal  # the caption is then the note, in front of the reader
            console.push_theme(THEME)
            if not console.is_terminal:  # a pipe or file: the natural width, not 80 columns
                console.width = natural_width(console, result)
            console.print(result)
        else:
            with atomic_open(output, "w", encoding="utf-8") as fh:
                console = Console(file=fh, width=FILE_TABLE_WIDTH, color_system=None, theme=THEME)
                console.width = natural_width(console, result)  # like a pipe: nothing folded
                console.print(result)
    else:
        writer = TEXT_WRITERS[fmt]
        if output is None:
            writer(result, sys.stdout)
            sys.stdout.flush()
        else:
            with atomic_open(output, "w", encoding="utf-8", newline="") as fh:
                writer(result, fh)
    note = result.truncation_note
    if note and not on_screen:  # piped, a file, or a format without a caption: say it on stderr
        err_console().print(f"Note: {note}", highlight=False, markup=False)
    if output is not None:
        err_console().print(f"Wrote {len(result.rows)} rows to {Path(output)} ({fmt}).",
                            highlight=False, markup=False)
