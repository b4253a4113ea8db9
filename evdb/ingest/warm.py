"""Imported by the ingest pool's fork server (``multiprocessing`` preload): load the pipeline and
every language's resources once, so worker processes forked from the server start warm instead
of each reading the lexicons, trigger tables and gazetteers again. Importing it has no other
effect; a resource error is left for the first real analysis to report with its file:line."""
from __future__ import annotations


def _warm() -> None:
    from datetime import datetime, timezone

    from evdb.model import Document
    from evdb.pipeline import analyze

    for lang, text in (("fr", "Vendredi, trois soldats ont été tués à Alep."),
                       ("en", "On Friday three soldiers were killed in Aleppo.")):
        try:
            analyze(Document("warm", "warm", text, lang, datetime(2020, 1, 3, tzinfo=timezone.utc), "UTC"))
        except Exception:  # noqa: BLE001 - reported by the real analysis, with its document
            pass


_warm()
