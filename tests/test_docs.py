"""The documentation stays true: every command has --help with an example and a README mention,
every saved query and report says what it is, and the README's set-up commands are the ones CI runs."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from evdb import paths
from evdb.cli import cli
from evdb.queries.catalog import get_query
from evdb.report.definition import load_report

ROOT = Path(__file__).resolve().parent.parent  # the checkout (evdb itself may be installed elsewhere)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


COMMANDS = list(_commands(cli))
COMMAND_IDS = [" ".join(path) for path, _ in COMMANDS]


def test_the_cli_has_its_commands():
    assert {"demo", "ingest", "query", "queries", "sql", "report", "timeline", "chart"} <= set(COMMAND_IDS)


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[f"command: {i}" for i in COMMAND_IDS])
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\s*Examples?:\s*\n\s+evdb ", result.output, re.M), f"evdb {' '.join(path)} --help has no example"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[f"command: {i}" for i in COMMAND_IDS])
def test_every_option_says_what_it_does(path, command):
    undocumented = [p.opts[0] for p in command.params
                    if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()]
    assert undocumented == [], f"evdb {' '.join(path)}: options without help"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[f"command: {i}" for i in COMMAND_IDS])
def test_every_command_exits_2_on_a_usage_error_with_nothing_on_stdout(path, capsys):
    from evdb.cli import main

    with pytest.raises(SystemExit) as exc:
        main([*path, "--no-such-option"])
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and out == ""
    assert "No such option" in err and f"evdb {' '.join(path)} --help" in err


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[f"command: {i}" for i in COMMAND_IDS])
def test_every_command_is_in_the_readme(path):
    assert f"evdb {' '.join(path)}" in README, f"README never shows evdb {' '.join(path)}"


def test_top_level_help_documents_the_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert re.search(r"0\s+success", result.output) and re.search(r"1\s+error", result.output)
    assert re.search(r"2\s+usage error", result.output)


QUERIES = sorted(p.stem for p in paths.queries_dir().glob("*.sql"))
REPORTS = sorted(paths.reports_dir().glob("*.toml"))


@pytest.mark.parametrize("name", QUERIES, ids=[f"query: {n}" for n in QUERIES])
def test_every_saved_query_has_a_title_and_a_description(name):
    query = get_query(name)
    assert query.title.strip() and query.description.strip()


@pytest.mark.parametrize("path", REPORTS, ids=[f"report: {p.stem}" for p in REPORTS])
def test_every_report_has_a_title(path):
    assert load_report(path.stem).title.strip()


def test_every_user_facing_query_is_listed_in_the_readme():
    missing = [n for n in QUERIES if not n.startswith("report_") and f"`{n}`" not in README]
    assert missing == []


def _setup_commands() -> list[str]:
    """The commands of the README's first code block, without their comments."""
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_opens_with_the_two_setup_commands():
    assert _setup_commands() == ["pip install . && evdb demo", "pip install '.[test]' && pytest"]


def test_ci_runs_the_readmes_test_command():
    test_command = _setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in [line.split("#")[0].strip() for line in ci.splitlines()]
    assert ci.startswith("#!") and "set -e" in ci  # a failing step fails CI
