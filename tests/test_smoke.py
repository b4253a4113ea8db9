from click.testing import CliRunner

from evdb.cli import cli


def test_cli_help_lists_exit_codes():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output
