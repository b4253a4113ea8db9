"""report_cmds: ``evdb timeline``, ``evdb report`` and ``evdb chart``.

Each command parses its options, reads the clock once (``AppContext.now()``), calls one library
function from ``evdb.report`` and prints the result: data on stdout, narration on stderr.
"""
from __future__ import annotations

import click

from evdb.cli._common import AppContext, err_console, out_console

DATE_HELP = "ISO date (2024-01-26, 2024-01) or an expression ('last week', 'la semaine dernière')."


def _print_data(renderable, table=None) -> None:
    """Print on stdout; off a terminal, widen the console so no column is squeezed or dropped."""
    console = out_console()
    if not console.is_terminal and table is not None:
        from rich.console import Console

        natural = Console(width=1000).measure(table).maximum
        console = Console(file=console.file, width=max(console.width, natural), soft_wrap=False,
                          highlight=False, color_system=None)
    console.print(renderable)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="-p/--param")
        out[key.strip()] = value
    return out


@click.command("timeline")
@click.option("--actor", help="Only events with this actor (substring, case-insensitive).")
@click.option("--place", help="Only events in this place, region or country (substring).")
@click.option("--type", "event_type", help="Only this event type (battle, attack, explosion, ...).")
@click.option("--from", "from_", metavar="DATE", help="Events possibly on or after DATE. " + DATE_HELP)
@click.option("--to", "to", metavar="DATE", help="Events possibly before the end of DATE. " + DATE_HELP)
@click.option("--as-of", "as_of", metavar="TS", help="Show what the database held at TS.")
@click.option("--tz", default="UTC", show_default=True, help="Time zone for the dates given.")
@click.option("--width", default=40, show_default=True, type=click.IntRange(10, 400),
              help="Width of the time axis, in characters.")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1), help="Most events shown.")
@click.pass_obj
def timeline_cmd(app: AppContext, actor, place, event_type, from_, to, as_of, tz, width, limit) -> None:
    """Events in time order, each with a bar for its [earliest, latest) interval.

    All bars share one time axis, so an event dated "la nuit suivante" (a night) and one dated
    "en janvier" (a month) look different at a glance. Events without a bounded date are
    counted below the table, not drawn.

    \b
    Example:
      evdb timeline --actor JNIM --from "last month"
      evdb timeline --place Mopti --from 2024-01 --to 2024-02 --width 60
    """
    from evdb.report.dates import parse_end, parse_instant, parse_start
    from evdb.report.timeline import TimelineFilter, build_timeline

    now = app.now()
    flt = TimelineFilter(actor=actor, place=place, event_type=event_type,
                         start=parse_start(from_, ref=now, tz=tz, option="--from"),
                         end=parse_end(to, ref=now, tz=tz, option="--to"))
    result = build_timeline(app.db_path, flt, as_of=parse_instant(as_of, ref=now, tz=tz),
                            width=width, limit=limit)
    console = out_console()
    if console.is_terminal:  # a narrow terminal gets a narrower axis rather than a cropped one
        from dataclasses import replace

        from rich.console import Console

        excess = Console(width=1000).measure(result.table()).maximum - console.width
        if excess > 0:
            result = replace(result, width=max(10, width - excess))
    _print_data(result, result.table())


COMMANDS = [timeline_cmd]
