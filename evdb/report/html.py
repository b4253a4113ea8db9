"""A report as one self-contained HTML5 file: inline CSS, tables, charts and the timeline as
inline SVG. No scripts, no fonts, no network: it opens offline in any browser."""
from __future__ import annotations

import re
from html import escape

from evdb.render import is_numeric, readable
from evdb.report.runner import ReportRun, SectionResult
from evdb.report.svg import chart_svg, timeline_svg

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;
 padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.2rem .5rem;vertical-align:top}th{background:#f4f4f4;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.null{color:#aaa}
table.facts th{width:9rem}.note{color:#666;font-style:italic}figure{margin:.5rem 0;overflow-x:auto}
code{background:#f4f4f4;padding:0 .2rem}
"""


def _inline(text: str) -> str:
    """Markdown inline subset: `code`, **bold**, *italic*, [text](url)."""
    out = escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![*\w])\*([^*]+)\*(?!\*)", r"<em>\1</em>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{escape(m[2])}">{m[1]}</a>', out)


def markdown_html(text: str) -> str:
    """The Markdown subset of report text blocks: headings, paragraphs, bullet lists, inline marks."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            blocks.append("<p>" + _inline(" ".join(para)) + "</p>")
            para.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,4})\s+(.*)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            level = min(6, len(heading[1]) + 2)
            blocks.append(f"<h{level}>{_inline(heading[2])}</h{level}>")
        elif stripped[:2] in ("- ", "* "):
            if para:
                flush()
            items.append(stripped[2:])
        else:
            if items:
                flush()
            para.append(stripped)
    flush()
    return "\n".join(blocks)


def _table(result) -> str:
    numeric = [is_numeric(t) for t in result.types]
    head = "".join(f"<th>{escape(c)}</th>" for c in result.columns)
    rows = []
    for row in result.rows:
        cells = []
        for value, num in zip(row, numeric):
            if value is None:
                cells.append('<td class="null">–</td>')
            else:
                cls = ' class="num"' if num else ""
                cells.append(f"<td{cls}>{escape(readable(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def _timeline_table(timeline) -> str:
    rows = []
    for i in timeline.items:
        cells = [i.date_label, i.grain, i.event_type, i.actors_label, i.place or "", i.fatalities_label,
                 i.time_text or "", i.doc_id]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Grain", "Type", "Actors", "Place", "Killed",
                                                "Time expression", "Document"))
    return f"<table class=\"timeline\">\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def _section(s: SectionResult) -> str:
    parts = [f'<section id="{escape(s.section.id)}">']
    if s.title:
        parts.append(f"<h2>{escape(s.title)}</h2>")
    if s.section.kind == "text":
        parts.append(markdown_html(s.text))
    elif s.result is not None:
        if s.chart is not None and s.result.rows:
            parts.append("<figure>" + chart_svg(s.chart, s.section.chart.get("kind", "bar")) + "</figure>")
        parts.append(_table(s.result) if s.result.rows else '<p class="note">No rows.</p>')
        if s.result.truncated:
            parts.append(f'<p class="note">Showing the first {len(s.result.rows)} of {s.result.total_rows} rows.</p>')
    elif s.timeline is not None:
        tl = s.timeline
        if tl.items:
            parts.append("<figure>" + timeline_svg(tl, label=s.title) + "</figure>")
            parts.append(_timeline_table(tl))
        parts.extend(f'<p class="note">{escape(line)}</p>' for line in tl.footer(axis=False))
    parts.append("</section>")
    return "\n".join(parts)


def render_html(run: ReportRun) -> str:
    facts = "\n".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in run.facts())
    body = "\n".join(_section(s) for s in run.sections)
    description = f"<p>{_inline(run.report.description)}</p>" if run.report.description else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="evdb {escape(run.evdb_version)}">
<title>{escape(run.report.title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{escape(run.report.title)}</h1>
{description}
<table class="facts">
{facts}
</table>
</header>
<main>
{body}
</main>
<footer><p class="note">Reproduce with: <code>{escape(run.reproduce())} --out FILE</code></p></footer>
</body>
</html>
"""
