"""The ``report_runs`` table: what ran, with which parameters, what it wrote, ok or failed.

``--since last-run`` starts where the previous successful ``--since last-run`` run of the same
report started, so consecutive scheduled runs cover system time without gaps or overlaps, whatever
manual runs happen in between.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    report: str
    params: dict[str, str]
    since: datetime | None
    until: datetime | None
    as_of: datetime | None
    started_at: datetime
    finished_at: datetime
    status: str                      # ok | failed
    row_counts: dict[str, int]
    output_path: str | None
    output_sha256: str | None
    evdb_version: str
    error: str | None = None


def run_id_for(report: str, params: dict[str, str], started_at: datetime) -> str:
    """Stable id: the same report, parameters and start time give the same id."""
    key = json.dumps([report, sorted(params.items()), started_at.astimezone(timezone.utc).isoformat()])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def last_ok_run(con, report: str) -> datetime | None:
    """``started_at`` of the latest successful ``--since last-run`` run of ``report`` (UTC), or None.

    Only runs that were themselves incremental count: a manual run over an explicit window (or a
    rerun from a report's "Reproduce with" line) must not move the marker a scheduled job relies on.
    """
    row = con.execute("SELECT max(started_at) FROM report_runs WHERE report = ? AND status = 'ok'"
                      " AND json_extract_string(params, '$.since') = 'last-run'", [report]).fetchone()
    if row is None or row[0] is None:
        return None
    value = row[0]
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def record_run(con, run: RunRecord) -> None:
    con.execute(
        'INSERT INTO report_runs (run_id, report, params, since, "until", as_of, started_at, finished_at,'
        " status, row_counts, output_path, output_sha256, evdb_version, error)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run.run_id, run.report, json.dumps(run.params, sort_keys=True), run.since, run.until, run.as_of,
         run.started_at, run.finished_at, run.status, json.dumps(run.row_counts, sort_keys=True),
         run.output_path, run.output_sha256, run.evdb_version, run.error])
