"""Shared CLI plumbing: the context object and the two consoles (stdout is data, stderr narration)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone

from rich.console import Console


@dataclass(frozen=True)
class AppContext:
    db_path: str
    query_dirs: tuple[str, ...] = ()

    @staticmethod
    def now() -> datetime:
        """The wall clock, read at the CLI edge only; the engine always takes time as an argument."""
        return datetime.now(timezone.utc)


def out_console() -> Console:
    """Console for data on stdout; plain text without colour codes when stdout is not a terminal."""
    return Console(file=sys.stdout, soft_wrap=False, highlight=False)


def err_console() -> Console:
    """Console for narration, progress and errors on stderr; lines are never wrapped, so logs
    and grep see one message per line."""
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)
