"""Run a report: resolve its window and parameters, run every section, write one file
atomically, and record the run in ``report_runs``.

Nothing here reads the clock: ``now`` (the run's reference time, also its ``started_at``) and
``clock`` (for ``finished_at``) come from the CLI. The same database, parameters and ``now``
give the same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from evdb import __version__
from evdb.errors import EvdbError, ReportError
from evdb.fileio import write_atomic
from evdb.report.dates import check_window, parse_end, parse_start
from evdb.report.definition import (ReportDef, Section, check_report, load_report, resolve_params,
                                    substitute)
from evdb.report.runs import RunRecord, last_ok_run, record_run, run_id_for

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
BEGINNING = datetime(1970, 1, 1, tzinfo=timezone.utc)   # "since" when there is no previous run
DEFAULT_SECTION_LIMIT = 200


@dataclass(frozen=True)
class SectionResult:
    section: Section
    title: str
    text: str = ""                       # text sections: the Markdown after substitution
    params: dict[str, str] = field(default_factory=dict)
    result: object | None = None         # query sections: QueryResult
    timeline: object | None = None       # timeline sections: Timeline
    chart: object | None = None          # query sections with a chart: svg.Series

    @property
    def row_count(self) -> int | None:
        if self.result is not None:
            total = getattr(self.result, "total_rows", None)
            return total if total is not None else len(self.result.rows)
        if self.timeline is not None:
            return self.timeline.total
        return None


@dataclass(frozen=True)
class ReportRun:
    report: ReportDef
    run_id: str
    db_path: str
    generated: datetime
    since: datetime | None
    until: datetime
    as_of: datetime | None
    params: dict[str, str]               # as given or defaulted (since/until as written)
    previous_run: datetime | None
    sections: tuple[SectionResult, ...]
    evdb_version: str = __version__

    def row_counts(self) -> dict[str, int]:
        return {s.section.id: s.row_count for s in self.sections if s.row_count is not None}

    def facts(self) -> list[tuple[str, str]]:
        """What a reader needs to reproduce the report."""
        since = iso(self.since) if self.since else "the beginning"
        if self.params.get("since") == "last-run":
            since += " (last-run: " + ("start of the previous successful run)" if self.previous_run
                                       else "no previous successful run)")
        rows = [("Report", f"{self.report.name}: {self.report.title}"),
                ("Database", self.db_path),
                ("Generated", iso(self.generated)),
                ("Window", f"{since} to {iso(self.until)}"),
                ("As of", iso(self.as_of) if self.as_of else "current rows"),
                ("Parameters", ", ".join(f"{k}={v}" for k, v in sorted(self.params.items())) or "none"),
                ("evdb version", self.evdb_version),
                ("Run id", self.run_id)]
        return rows

    def reproduce(self) -> str:
        """The command that reruns this report on the same window and system time."""
        params = dict(self.params, since=iso(self.since or BEGINNING), until=iso(self.until))
        words = [f"evdb --db {self.db_path} report {self.report.name}"]
        words += [f"-p {k}={v}" for k, v in sorted(params.items())]
        words.append(f"--as-of {iso(self.as_of or self.generated)}")
        return " ".join(words)


@dataclass(frozen=True)
class ReportOutcome:
    path: Path
    run: ReportRun
    sha256: str


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def output_format(out: Path) -> str:
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise ReportError(f"--out: cannot tell the format of {out}", hint="end the file name in .md or .html")
    if not Path(out).parent.is_dir():
        raise ReportError(f"--out: folder {Path(out).parent} does not exist", hint="create it first")
    return fmt


def _window(params: dict[str, str], previous: datetime | None, now: datetime, tz: str):
    since_text, until_text = params.get("since", "last-run"), params.get("until", "now")
    since = previous if since_text == "last-run" else parse_start(since_text, ref=now, tz=tz, option="--since")
    until = now if until_text == "now" else parse_end(until_text, ref=now, tz=tz, option="--until")
    check_window(since, until, start_option="--since", end_option="--until")
    return since, until.astimezone(timezone.utc)


def _run_section(s: Section, values: dict[str, str], db_path, *, as_of, now, tz, query_dirs) -> SectionResult:
    title = substitute(s.title, values)
    if s.kind == "text":
        return SectionResult(s, title, text=substitute(s.text, values))
    params = {k: substitute(v, values) for k, v in s.params.items()}
    if s.kind == "query":
        from evdb.queries.catalog import get_query
        from evdb.queries.run import run_saved
        from evdb.report.chart import series_from_result

        query = get_query(s.query, query_dirs)
        result = run_saved(db_path, query, params, as_of=as_of, limit=s.limit or DEFAULT_SECTION_LIMIT,
                           now=now, tz=tz)
        chart = None
        if s.chart:
            chart = series_from_result(result, s.chart["x"], s.chart["y"], s.chart.get("group"))
        return SectionResult(s, title or result.title, params=params, result=result, chart=chart)
    from evdb.report.timeline import TimelineFilter, build_timeline

    def opt(key):
        return params.get(key) or None

    flt = TimelineFilter(actor=opt("actor"), place=opt("place"), event_type=opt("type"),
                         start=parse_start(opt("from"), ref=now, tz=tz),
                         end=parse_end(opt("to"), ref=now, tz=tz),
                         recorded_since=parse_start(opt("recorded_since"), ref=now, tz=tz),
                         recorded_until=parse_end(opt("recorded_until"), ref=now, tz=tz))
    timeline = build_timeline(db_path, flt, as_of=as_of, width=int(params.get("width", 60)),
                              limit=s.limit or DEFAULT_SECTION_LIMIT, title="")
    return SectionResult(s, title or "Timeline", params=params, timeline=timeline)


def run_report(db_path, name: str, given: dict[str, str], *, out: Path, now: datetime,
               as_of: datetime | None = None, query_dirs=(), report_dirs=(), tz: str = "UTC",
               clock: Callable[[], datetime] | None = None) -> ReportOutcome:
    """Run report ``name`` and write it to ``out`` (.md or .html). On any failure no file is
    written, the run is recorded as failed, and the error is raised."""
    from evdb.store.db import migrate, opened

    out = Path(out)
    fmt = output_format(out)
    report = load_report(name, report_dirs)
    params = resolve_params(report, given)
    clock = clock or (lambda: now)
    if not Path(db_path).exists():
        with opened(db_path, read_only=True):   # raises "no evdb database at ..." with a hint
            pass
    with opened(db_path) as con:          # a writing command: bring the schema up to date first
        migrate(con, now=now)
        previous = last_ok_run(con, report.name)
    since, until = None, now
    counts: dict[str, int] = {}
    run_id = run_id_for(report.name, params, now)
    try:
        check_report(report, query_dirs)
        since, until = _window(params, previous, now, tz)
        values = dict(params, since=iso(since or BEGINNING), until=iso(until))
        sections = []
        for s in report.sections:
            try:
                sections.append(_run_section(s, values, db_path, as_of=as_of, now=now, tz=tz,
                                             query_dirs=query_dirs))
            except EvdbError as exc:
                raise ReportError(f"report {report.name}, section {s.id!r}: {exc}", hint=exc.hint) from exc
            counts = {r.section.id: r.row_count for r in sections if r.row_count is not None}
        run = ReportRun(report, run_id, str(db_path), now, since, until, as_of, params, previous,
                        tuple(sections))
        if fmt == "html":
            from evdb.report.html import render_html as render
        else:
            from evdb.report.markdown import render_markdown as render
        sha = write_atomic(out, render(run).encode("utf-8"))
    except EvdbError as exc:
        _record(db_path, RunRecord(run_id, report.name, params, since, until, as_of, now, clock(), "failed",
                                   counts, None, None, __version__, str(exc)))
        raise
    _record(db_path, RunRecord(run_id, report.name, params, since, until, as_of, now, clock(), "ok",
                               run.row_counts(), str(out.resolve()), sha, __version__))
    return ReportOutcome(out, run, sha)


def _record(db_path, record: RunRecord) -> None:
    from evdb.store.db import opened

    with opened(db_path) as con:
        record_run(con, record)
