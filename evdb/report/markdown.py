"""A report as Markdown, for mail and wikis: facts, text blocks, pipe tables, the timeline as
plain text in a code block."""
from __future__ import annotations

from io import StringIO

from rich.console import Console

from evdb.render import write_markdown
from evdb.report.runner import ReportRun, SectionResult

TIMELINE_WIDTH = 130   # console width of the plain-text timeline block


def plain(renderable, width: int = TIMELINE_WIDTH, table=None) -> str:
    """Plain text as on a console of ``width`` (widened to fit ``table`` so nothing is cropped)."""
    if table is not None:
        width = max(width, Console(width=1000).measure(table).maximum)
    console = Console(file=StringIO(), width=width, color_system=None, record=True, highlight=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def _section(s: SectionResult) -> str:
    parts: list[str] = []
    if s.title:
        parts.append(f"## {s.title}\n")
    if s.section.kind == "text":
        parts.append(s.text.strip() + "\n")
    elif s.result is not None:
        if not s.result.rows:
            parts.append("_No rows._\n")
        else:
            buf = StringIO()
            write_markdown(s.result, buf)
            parts.append(buf.getvalue())
        if s.result.truncated:
            parts.append(f"\n_Showing the first {len(s.result.rows)} of {s.result.total_rows} rows._\n")
    elif s.timeline is not None:
        tl = s.timeline
        parts.append("```text\n" + plain(tl, table=tl.table()) + "\n```\n")
    return "\n".join(parts)


def render_markdown(run: ReportRun) -> str:
    lines = [f"# {run.report.title}", ""]
    if run.report.description:
        lines += [run.report.description, ""]
    lines += [f"- **{key}:** {value}" for key, value in run.facts()]
    lines.append("")
    for s in run.sections:
        lines.append(_section(s).rstrip() + "\n")
    lines.append(f"Reproduce with: `{run.reproduce()} --out FILE`")
    return "\n".join(lines).rstrip() + "\n"
