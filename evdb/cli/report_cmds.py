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
    from evdb.queries.params import parse_as_of
    from evdb.report.dates import check_window, parse_end, parse_start
    from evdb.report.timeline import TimelineFilter, build_timeline

    now = app.now()
    start, end = parse_start(from_, ref=now, tz=tz, option="--from"), parse_end(to, ref=now, tz=tz, option="--to")
    check_window(start, end)
    flt = TimelineFilter(actor=actor, place=place, event_type=event_type, start=start, end=end)
    result = build_timeline(app.db_path, flt, as_of=parse_as_of(as_of, now=now, tz=tz),
                            width=width, limit=limit)
    console = out_console()
    if console.is_terminal:  # a narrow terminal gets a narrower axis rather than a cropped one
        result = result.fit(console)
    _print_data(result, result.table())


@click.command("report")
@click.argument("name", required=False)
@click.option("--since", metavar="DATE", help="Start of the window: 'last-run' (only what entered the "
              "database since the previous successful run), or " + DATE_HELP)
@click.option("--until", metavar="DATE", help="End of the window (default: now).")
@click.option("--as-of", "as_of", metavar="TS", help="Read the database as it was at TS.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Report parameter (repeatable).")
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Output file: FILE.md or FILE.html.")
@click.option("--reports", "report_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Extra folder of report definitions, searched first.")
@click.option("--tz", default="UTC", show_default=True, help="Time zone for the dates given.")
@click.pass_obj
def report_cmd(app: AppContext, name, since, until, as_of, params, out, report_dirs, tz) -> None:
    """Render report NAME (reports/NAME.toml) into one Markdown or HTML file.

    The file states the database, generation time, window, parameters, as-of time and evdb
    version. Runs are recorded in the report_runs table; with --since last-run a report shows
    only what entered the database after the previous successful run. On any failure no file
    is written and the exit code is 1. Without NAME, lists the reports.

    \b
    Example:
      evdb report daily_brief --since last-run --out /tmp/brief.md
      evdb report weekly_actor -p actor=JNIM --since 2024-01 --out jnim.html
    """
    from evdb.queries.params import parse_as_of, parse_assignments

    if name is None:
        from evdb.report.definition import load_report, report_files

        console = out_console()
        for report_name in report_files(report_dirs):
            definition = load_report(report_name, report_dirs)
            names = ", ".join(p.name + ("*" if p.required else "") for p in definition.params)
            console.print(f"{report_name}\t{definition.title}\t({names})", highlight=False, markup=False)
        return
    if not out:
        raise click.UsageError("missing --out FILE.md or --out FILE.html")
    from evdb.report.runner import run_report

    given = parse_assignments(params)
    if since is not None:
        given["since"] = since
    if until is not None:
        given["until"] = until
    now = app.now()
    outcome = run_report(app.db_path, name, given, out=out, now=now, as_of=parse_as_of(as_of, now=now, tz=tz),
                         query_dirs=app.query_dirs, report_dirs=report_dirs, tz=tz, clock=app.now)
    counts = ", ".join(f"{k} {v}" for k, v in outcome.run.row_counts().items())
    err_console().print(f"Wrote {outcome.path} (run {outcome.run.run_id}; rows: {counts}).",
                        highlight=False, markup=False)


@click.command("chart")
@click.argument("query")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Query parameter (repeatable).")
@click.option("--x", "x", required=True, help="Column for the x axis (categories or dates).")
@click.option("--y", "y", required=True, help="Numeric column for the y axis.")
@click.option("--group", help="Column whose values become separate series.")
@click.option("--kind", type=click.Choice(["bar", "line"]), default="bar", show_default=True,
              help="Chart type of the --out file (the terminal always draws bars).")
@click.option("--as-of", "as_of", metavar="TS", help="Read the database as it was at TS.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write FILE.svg (built in) or FILE.png (needs: pip install 'evdb[charts]').")
@click.option("--width", default=40, show_default=True, type=click.IntRange(5, 400),
              help="Longest bar in the terminal, in characters.")
@click.pass_obj
def chart_cmd(app: AppContext, query, params, x, y, group, kind, as_of, out, width) -> None:
    """Plot saved query QUERY: bars in the terminal, or an SVG/PNG file with --out.

    \b
    Example:
      evdb chart events_by_type --x event_type --y events
      evdb chart events_by_week --x iso_week --y expected --group event_type --kind line --out weeks.svg
    """
    from evdb.queries.params import parse_as_of, parse_assignments
    from evdb.report.chart import TerminalChart, chart, write_chart

    now = app.now()
    series, note = chart(app.db_path, query, parse_assignments(params), x=x, y=y, group=group,
                         query_dirs=app.query_dirs, as_of=parse_as_of(as_of, now=now), now=now)
    if out:
        path = write_chart(series, out, kind)
        err_console().print(f"Wrote {path} ({len(series.x)} x values, {len(series.groups)} series).",
                            highlight=False, markup=False)
        if note:
            err_console().print(note, highlight=False, markup=False)
        return
    view = TerminalChart(series, width=width, note=note)
    _print_data(view, view.table())


COMMANDS = [timeline_cmd, report_cmd, chart_cmd]
