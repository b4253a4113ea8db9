"""``evdb chart``: plot a saved query's result in the terminal or to a file.

The terminal view is drawn with rich (one bar per x value and group). Files: ``.svg`` is written
by evdb's own SVG writer (no dependency); ``.png`` needs matplotlib, the optional ``charts`` extra
(``pip install 'evdb[charts]'``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from evdb.errors import ReportError
from evdb.fileio import write_atomic
from evdb.report.svg import PALETTE, Series, chart_svg

KINDS = ("bar", "line")


def _label(value) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def series_from_result(result, x: str, y: str, group: str | None = None) -> Series:
    """Pivot a QueryResult into chart data: x values in row order, one series per group value."""
    columns = list(result.columns)
    for name, option in ((x, "--x"), (y, "--y"), (group, "--group")):
        if name is not None and name not in columns:
            raise ReportError(f"{option}: query {result.title!r} has no column {name!r}",
                              hint="columns: " + ", ".join(columns))
    xi, yi = columns.index(x), columns.index(y)
    gi = columns.index(group) if group else None
    xs: list[str] = []
    groups: list[str] = []
    cells: dict[tuple[str, str], float] = {}
    for row in result.rows:
        xl = _label(row[xi])
        gl = _label(row[gi]) if gi is not None else ""
        value = row[yi]
        if value is not None and not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError) as exc:
                raise ReportError(f"--y: column {y!r} holds {value!r}, not a number",
                                  hint="choose a numeric column for --y") from exc
        if xl not in xs:
            xs.append(xl)
        if gl not in groups:
            groups.append(gl)
        if value is not None:
            cells[(gl, xl)] = cells.get((gl, xl), 0.0) + float(value)
    if not groups:
        groups = [""]
    values = tuple(tuple(cells.get((g, xl)) for xl in xs) for g in groups)
    return Series(tuple(xs), tuple(groups), values, x, y, result.title)


@dataclass(frozen=True, slots=True)
class TerminalChart:
    series: Series
    width: int = 40
    note: str | None = None

    def __rich__(self) -> Group:
        parts = [self.table()]
        if not self.series.x:
            parts.append(Text("No rows.", style="dim"))
        if self.note:
            parts.append(Text(self.note, style="dim"))
        return Group(*parts)

    def table(self) -> Table:
        s = self.series
        top = s.maximum or 1.0
        table = Table(title=s.title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
        table.add_column(s.x_label, no_wrap=True)
        grouped = len(s.groups) > 1 or bool(s.groups[0])
        if grouped:
            table.add_column("group", no_wrap=True)
        table.add_column(s.y_label, justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, min_width=self.width)
        for i, xl in enumerate(s.x):
            for g, name in enumerate(s.groups):
                value = s.values[g][i]
                if value is None:
                    continue
                cells = round(self.width * value / top) if value > 0 else 0
                bar = Text("█" * cells or ("▏" if value > 0 else ""), style=PALETTE[g % len(PALETTE)])
                number = f"{value:g}"
                table.add_row(*([xl, name] if grouped else [xl]), number, bar)
        return table


def write_chart(series: Series, path: Path, kind: str = "bar") -> Path:
    """Write ``series`` to ``path`` (.svg or .png) atomically; returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ReportError(f"--out: cannot write a chart as {suffix or 'a file without extension'}",
                          hint="use FILE.svg (built in) or FILE.png (needs matplotlib)")
    if suffix == ".svg":
        data = chart_svg(series, kind).encode("utf-8")
    else:
        data = _png(series, kind)
    write_atomic(path, data)
    return path


def _png(series: Series, kind: str) -> bytes:
    try:
        import matplotlib
    except ImportError as exc:
        raise ReportError("writing PNG charts needs matplotlib, which is not installed",
                          hint="pip install 'evdb[charts]', or write SVG instead: --out chart.svg") from exc
    import io

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "evdb"
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    try:
        positions = range(len(series.x))
        n = max(1, len(series.groups))
        for g, name in enumerate(series.groups):
            ys = [v if v is not None else 0 for v in series.values[g]]
            colour = PALETTE[g % len(PALETTE)]
            if kind == "bar":
                ax.bar([p + (g - (n - 1) / 2) * 0.8 / n for p in positions], ys, width=0.8 / n,
                       label=name or series.y_label, color=colour)
            else:
                ax.plot(list(positions), ys, label=name or series.y_label, color=colour)
        ax.set_xticks(list(positions), series.x, rotation=35, ha="right", fontsize=8)
        ax.set_xlabel(series.x_label)
        ax.set_ylabel(series.y_label)
        ax.set_title(series.title)
        if n > 1:
            ax.legend(fontsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()
    finally:
        plt.close(fig)


def chart(db_path, query_name: str, raw_params: dict[str, str], *, x: str, y: str,
          group: str | None = None, query_dirs=(), as_of=None, now: datetime) -> tuple[Series, str | None]:
    """Run saved query ``query_name`` and pivot it into a Series; also returns a truncation note."""
    from evdb.queries.catalog import get_query
    from evdb.queries.run import run_saved

    query = get_query(query_name, query_dirs)
    result = run_saved(db_path, query, raw_params, as_of=as_of, limit=None, now=now)
    note = None
    if getattr(result, "truncated", False):
        note = f"Only the first {len(result.rows)} of {result.total_rows} rows are plotted."
    return series_from_result(result, x, y, group), note
