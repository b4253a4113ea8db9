"""report_cmds: commands (filled in by its owner)."""
COMMANDS: list = []
