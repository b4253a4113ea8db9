"""The ``evdb`` command line: a click group, its global options and the one error handler.

Commands live in one module per command group (``store_cmds``, ``query_cmds``, ``tag_cmds``,
``event_cmds``, ``report_cmds``); each parses options, calls one library function and renders.

Exit codes: 0 ok; 1 an error in the user's input, data or query (``Error: ...`` on stderr);
2 a usage error (unknown option, missing argument). Anything else is a bug and shows a traceback.
"""
from __future__ import annotations

import sys

import click
from rich.markup import escape

from evdb.cli._common import AppContext, err_console
from evdb.errors import EvdbError

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  error in your input, data or query (message on stderr)
  2  usage error (unknown option, missing argument)"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.option("--db", "db_path", envvar="EVDB_DB", default="evdb.duckdb", show_default=True,
              type=click.Path(dir_okay=False), help="DuckDB database file (or set EVDB_DB).")
@click.option("--queries", "query_dirs", multiple=True, envvar="EVDB_QUERIES",
              type=click.Path(file_okay=False), help="Extra saved-query folder, searched first (repeatable).")
@click.version_option(package_name="evdb")
@click.pass_context
def cli(ctx: click.Context, db_path: str, query_dirs: tuple[str, ...]) -> None:
    """evdb: a temporal event database for news.

    Reads articles, resolves their dates ("hier soir", "la nuit suivante", "the next day"),
    extracts events and answers questions about them with saved SQL queries.

    \b
    Example:
      evdb demo
      evdb ingest sample_data/news && evdb query events_by_week
    """
    ctx.obj = AppContext(db_path=db_path, query_dirs=tuple(query_dirs))


def _register() -> None:
    from evdb.cli import event_cmds, query_cmds, report_cmds, store_cmds, tag_cmds

    for module in (store_cmds, query_cmds, tag_cmds, event_cmds, report_cmds):
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI with the single error handler."""
    try:
        code = cli.main(args=argv, prog_name="evdb", standalone_mode=False)
    except EvdbError as exc:
        console = err_console()
        console.print(f"[bold red]Error:[/] {escape(str(exc))}", soft_wrap=True)
        if exc.hint:
            console.print(f"[yellow]Hint:[/] {escape(exc.hint)}", soft_wrap=True)
        sys.exit(1)
    except click.exceptions.Abort:
        err_console().print("Aborted.")
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `evdb query ... | head`
        sys.stderr.close()
        sys.exit(0)
    # With standalone_mode=False click returns the code a command passed to ctx.exit(n).
    sys.exit(code if isinstance(code, int) else 0)
