"""Report definitions: ``reports/<name>.toml`` read, checked and resolved.

A report is a title, a description, declared parameters (``since`` and ``until`` always exist)
and an ordered list of sections. A section is exactly one of:

- ``text``: a Markdown block;
- ``query``: a saved query, with ``params`` passed to it and an optional ``chart``;
- ``timeline``: the events timeline, with filters (``from``, ``to``, ``actor``, ``place``,
  ``type``, ``recorded_since``, ``recorded_until``).

Strings in ``text`` and in section parameters may use ``{since}``, ``{until}`` and any declared
parameter as ``{name}``. Mistakes are reported as ``reports/<name>.toml:LINE: message``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from evdb import paths
from evdb.errors import EvdbError, ReportError

SECTION_KINDS = ("text", "query", "timeline")
SECTION_KEYS = {"id", "title", "text", "query", "params", "chart", "timeline", "limit"}
TIMELINE_KEYS = {"from", "to", "actor", "place", "type", "recorded_since", "recorded_until", "width", "limit"}
CHART_KEYS = {"x", "y", "group", "kind"}
PARAM_KEYS = {"default", "required", "help"}
TOP_KEYS = {"title", "description", "params", "section"}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class ReportParam:
    name: str
    default: str | None = None
    required: bool = False
    help: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    kind: str                                  # text | query | timeline
    title: str = ""
    text: str = ""                             # kind text: Markdown
    query: str = ""                            # kind query: saved query name
    params: dict[str, str] = field(default_factory=dict)   # query params, or timeline filters
    chart: dict[str, str] | None = None        # kind query: {x, y, group?, kind?}
    limit: int | None = None
    line: int = 0                              # line of the section in the file, for messages


@dataclass(frozen=True, slots=True)
class ReportDef:
    name: str
    title: str
    description: str
    params: tuple[ReportParam, ...]
    sections: tuple[Section, ...]
    path: Path

    def param(self, name: str) -> ReportParam | None:
        return next((p for p in self.params if p.name == name), None)


def report_files(extra_dirs=()) -> dict[str, Path]:
    """Report name -> file; user folders first, then the bundled ``reports/``."""
    found: dict[str, Path] = {}
    for folder in [Path(d) for d in extra_dirs] + [paths.reports_dir()]:
        if folder.is_dir():
            for file in sorted(folder.glob("*.toml")):
                found.setdefault(file.stem, file)
    return found


def find_report(name: str, extra_dirs=()) -> Path:
    if name.endswith(".toml") or "/" in name:
        path = Path(name)
        if not path.is_file():
            raise ReportError(f"no report file {name}", hint="give a reports/*.toml name or an existing file")
        return path
    files = report_files(extra_dirs)
    if name not in files:
        known = ", ".join(sorted(files)) or "none"
        raise ReportError(f"unknown report {name!r}", hint=f"known reports: {known}")
    return files[name]


def load_report(name: str, extra_dirs=()) -> ReportDef:
    path = find_report(name, extra_dirs)
    return parse_report(path.read_text(encoding="utf-8"), path.stem, path)


def _where(path: Path, line: int) -> str:
    try:
        shown = path.resolve().relative_to(paths.reports_dir().parent.resolve())
    except ValueError:
        shown = path
    return f"{shown}:{line}" if line else str(shown)


def _section_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[section]]")]


def parse_report(text: str, name: str, path: Path) -> ReportDef:
    """Parse and check one report file (structure only; queries are checked by ``check_report``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ReportError(f"invalid TOML: {exc}", where=_where(path, int(m[1]) if m else 0),
                          hint="see README, 'Reports and timelines', for the file format") from exc

    def fail(message: str, line: int = 1, hint: str | None = None):
        raise ReportError(message, where=_where(path, line),
                          hint=hint or "see README, 'Reports and timelines', for the file format")

    unknown = set(data) - TOP_KEYS
    if unknown:
        fail(f"unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(TOP_KEYS))}")
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        fail("a report needs a title = \"...\"")
    params = [ReportParam("since", "last-run", False, "start of the window"),
              ReportParam("until", "now", False, "end of the window (exclusive)")]
    for pname, spec in (data.get("params") or {}).items():
        if not isinstance(spec, dict) or set(spec) - PARAM_KEYS:
            fail(f"parameter {pname!r}: write {pname} = {{ default = \"...\", required = false, help = \"...\" }}")
        param = ReportParam(pname, None if spec.get("default") is None else str(spec["default"]),
                            bool(spec.get("required", False)), str(spec.get("help", "")))
        params = [p for p in params if p.name != pname] + [param]
    declared = {p.name for p in params}
    lines = _section_lines(text)
    sections: list[Section] = []
    raw_sections = data.get("section") or []
    if not raw_sections:
        fail("a report needs at least one [[section]]")
    for k, raw in enumerate(raw_sections):
        line = lines[k] if k < len(lines) else 1
        extra = set(raw) - SECTION_KEYS
        if extra:
            fail(f"section {k + 1}: unknown key {sorted(extra)[0]!r}; allowed: {', '.join(sorted(SECTION_KEYS))}", line)
        kinds = [kind for kind in SECTION_KINDS if kind in raw]
        if len(kinds) != 1:
            fail(f"section {k + 1}: give exactly one of text, query, timeline (found {len(kinds)})", line)
        kind = kinds[0]
        sid = str(raw.get("id") or f"{kind}_{k + 1}")
        if any(s.id == sid for s in sections):
            fail(f"section {k + 1}: duplicate id {sid!r}", line)
        if kind == "timeline":
            filters = raw["timeline"] if isinstance(raw["timeline"], dict) else {}
            if not isinstance(raw["timeline"], (dict, bool)) or set(filters) - TIMELINE_KEYS:
                fail(f"section {sid!r}: timeline filters are {', '.join(sorted(TIMELINE_KEYS))}", line)
            section_params = {key: str(value) for key, value in filters.items()}
            for key in ("width", "limit"):
                if key in filters and not (isinstance(filters[key], int) and filters[key] >= 10):
                    fail(f"section {sid!r}: timeline {key} must be a whole number, at least 10", line)
        else:
            section_params = {key: str(value) for key, value in (raw.get("params") or {}).items()}
        chart = raw.get("chart")
        if chart is not None and (kind != "query" or not isinstance(chart, dict)
                                  or set(chart) - CHART_KEYS or not {"x", "y"} <= set(chart)):
            fail(f"section {sid!r}: chart = {{ x = \"col\", y = \"col\", group = \"col\", kind = \"bar|line\" }} "
                 "on a query section", line)
        if chart and chart.get("kind", "bar") not in ("bar", "line"):
            fail(f"section {sid!r}: chart kind must be bar or line", line)
        for value in [raw.get("text", "")] + list(section_params.values()):
            for used in PLACEHOLDER.findall(str(value)):
                if used not in declared:
                    fail(f"section {sid!r}: unknown placeholder {{{used}}}; declared: {', '.join(sorted(declared))}", line)
        limit = raw.get("limit", filters.get("limit") if kind == "timeline" else None)
        sections.append(Section(sid, kind, str(raw.get("title", "")), str(raw.get("text", "")),
                                str(raw.get("query", "")), section_params,
                                {k2: str(v) for k2, v in chart.items()} if chart else None,
                                int(limit) if limit is not None else None, line))
    return ReportDef(name, data["title"].strip(), str(data.get("description", "")).strip(),
                     tuple(params), tuple(sections), path)


def check_report(report: ReportDef, query_dirs=()) -> None:
    """Every query section names a saved query and passes only parameters it declares."""
    from evdb.queries.catalog import get_query

    for s in report.sections:
        if s.kind != "query":
            continue
        try:
            query = get_query(s.query, query_dirs)
        except EvdbError as exc:  # unknown query, bad header
            raise ReportError(f"section {s.id!r}: {exc}", where=_where(report.path, s.line),
                              hint=getattr(exc, "hint", None)) from exc
        declared = {p.name for p in query.params}
        for key in s.params:
            if key not in declared:
                raise ReportError(f"section {s.id!r}: query {s.query} has no parameter {key!r}",
                                  where=_where(report.path, s.line),
                                  hint=f"{s.query} takes: {', '.join(sorted(declared)) or 'no parameters'}")


def resolve_params(report: ReportDef, given: dict[str, str]) -> dict[str, str]:
    """Declared parameters with defaults filled in; unknown or missing ones are errors."""
    for key in given:
        if report.param(key) is None:
            raise ReportError(f"report {report.name} has no parameter {key!r}",
                              hint="parameters: " + ", ".join(p.name for p in report.params))
    values: dict[str, str] = {}
    for p in report.params:
        if p.name in given:
            values[p.name] = given[p.name]
        elif p.required:
            raise ReportError(f"report {report.name} needs parameter {p.name!r}" + (f" ({p.help})" if p.help else ""),
                              hint=f"add -p {p.name}=VALUE")
        elif p.default is not None:
            values[p.name] = p.default
    return values


def substitute(template: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), template)
