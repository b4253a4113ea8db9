"""Render a :class:`~evdb.queries.run.QueryResult`: a rich table, or a file format.

Formats: ``table`` (rich), ``csv``, ``tsv``, ``json`` (an array of objects, dates as ISO
strings), ``jsonl``, ``markdown`` and ``parquet`` (binary: a file, or a pipe, never a terminal).
Writers take a text stream (or a binary one for parquet) and never print narration.
"""
from __future__ import annotations

import base64
import csv
import json
import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from rich.table import Table
from rich.text import Text
from rich.theme import Theme

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "parquet")
BINARY_FORMATS = ("parquet",)
THEME = Theme({
    "evdb.header": "bold",
    "evdb.null": "dim",
    "evdb.time": "cyan",
    "evdb.number": "",
    "evdb.unresolved": "yellow",
    "evdb.caption": "dim italic",
})
NUMERIC_PREFIXES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                    "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")
TEXT_MAX_WIDTH = 60
MIN_TEXT_WIDTH = 7  # a folded text column narrower than this is unreadable: show blocks instead


def is_numeric(type_name: str) -> bool:
    return type_name.upper().startswith(NUMERIC_PREFIXES)


# ---------------------------------------------------------------------------------------- table

def infinite(value: Any) -> str | None:
    """'infinity' / '-infinity' for DuckDB's infinite dates and times, which Python receives as
    datetime.max / datetime.min (date.max / date.min); None for any other value."""
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        return "infinity" if naive == datetime.max else "-infinity" if naive == datetime.min else None
    if isinstance(value, date):
        return "infinity" if value == date.max else "-infinity" if value == date.min else None
    return None


def readable(value: Any) -> str:
    """A cell as people read it: ``2024-01-26 18:00 UTC``, ``2024-01-26``, ``1,234``."""
    if infinite(value):
        return infinite(value)
    if isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
        if value.second or value.microsecond:
            text += value.strftime(":%S")
        if value.tzinfo is not None:
            offset = value.utcoffset() or timedelta(0)
            text += " UTC" if offset == timedelta(0) else " " + value.strftime("%z")[:3] + ":" + value.strftime("%z")[3:]
        return text
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value and (abs(value) >= 1e15 or abs(value) < 1e-3):
            return f"{value:.4g}"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    return str(value)


def result_table(result) -> Table:
    """A rich Table: numbers right-aligned, NULLs dim, times styled, long text wrapped."""
    caption = result.truncation_note
    if result.as_of is not None:
        caption = (caption + "; " if caption else "") + f"as of {readable(result.as_of)}"
    table = Table(title=result.title or None, caption=caption, caption_style="evdb.caption",
                  header_style="evdb.header", show_lines=False, expand=False)
    numeric = [is_numeric(t) for t in result.types]
    for name, num, type_name in zip(result.columns, numeric, result.types):
        wide = type_name.upper().startswith("VARCHAR")
        table.add_column(name, justify="right" if num else "left", overflow="fold",
                         max_width=TEXT_MAX_WIDTH if wide else None, no_wrap=num)
    for row in result.rows:
        cells = []
        for value, num in zip(row, numeric):
            if value is None:
                cells.append(Text("NULL", style="evdb.null"))
            elif isinstance(value, (datetime, date, time)):
                cells.append(Text(readable(value), style="evdb.time"))
            else:
                cells.append(Text(readable(value), style="evdb.number" if num else ""))
        table.add_row(*cells)
    if not result.rows:
        table.caption = (table.caption + "; " if table.caption else "") + "no rows"
    table.min_width = min(100, max(len(result.title or ""), len(table.caption or "")) + 4)
    return table


def fitted(result, console, options):
    """What to draw in ``options.max_width`` columns without losing anything: the table (text
    columns folded as needed); the table without vertical rules when that leaves more room; and
    when a text column would still be squeezed below MIN_TEXT_WIDTH characters, one block
    of ``column  value`` lines per row: rich would otherwise crush it to a letter a line or crop
    the right-hand columns."""
    from rich import box
    from rich.measure import Measurement

    width = options.max_width
    table = result_table(result)
    if not result.columns or Measurement.get(console, options.update(width=10_000), table).maximum <= width:
        return table  # drawn at its natural width: nothing to fold
    for style, edge in ((table.box, True), (box.SIMPLE_HEAD, False)):
        table = result_table(result)
        table.box, table.show_edge, table.pad_edge = style, edge, edge
        table.min_width = min(table.min_width or 0, width)
        for column in table.columns:  # headers break after each '_' ("fatalities_" / "best")
            column.header = str(column.header).replace("_", "_\n")
        if not _squeezed(table, console, options, width):
            return table
    return records_view(result)


def _squeezed(table: Table, console, options, width: int) -> bool:
    """True when rich would give a column less room than its content or MIN_TEXT_WIDTH."""
    inner = options.update_width(max(1, width - table._extra_width))
    try:
        widths = table._calculate_column_widths(console, inner)
    except Exception:  # a private rich API: when it changes, prefer the block view to a crushed table
        return True
    for column, given in zip(table.columns, widths):
        natural = table._measure_column(console, options.update(width=10_000), column).maximum
        if given < min(natural, MIN_TEXT_WIDTH + 2):  # + the cell's padding
            return True
    return sum(widths) + table._extra_width > width


def records_view(result):
    """One block per row (``column  value``), for results wider than the terminal."""
    from rich.console import Group

    parts: list = []
    if result.title:
        parts.append(Text(result.title, style="evdb.header"))
    numeric = [is_numeric(t) for t in result.types]
    for n, row in enumerate(result.rows, 1):
        parts.append(Text(f"── row {n} " + "─" * 24, style="evdb.caption"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="evdb.header", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value, num in zip(result.columns, row, numeric):
            if value is None:
                cell = Text("NULL", style="evdb.null")
            elif isinstance(value, (datetime, date, time)):
                cell = Text(readable(value), style="evdb.time")
            else:
                cell = Text(readable(value), style="evdb.number" if num else "")
            grid.add_row(name, cell)
        parts.append(grid)
    notes = [f"{len(result.columns)} columns do not fit this width: one block per row "
             "(a wider terminal, or --format csv, shows a table)"]
    if result.truncation_note:
        notes.append(result.truncation_note)
    if result.as_of is not None:
        notes.append(f"as of {readable(result.as_of)}")
    if not result.rows:
        notes.append("no rows")
    parts.append(Text("; ".join(notes), style="evdb.caption"))
    return Group(*parts)


# ------------------------------------------------------------------------------------ text formats

def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return infinite(value) or value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, timedelta):
        return _iso_duration(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _iso_duration(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P{int(days)}D" if days else f"{sign}P"
    if hours or minutes or secs or not days:
        out += "T" + (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
        out += f"{secs:g}S" if secs or not (hours or minutes) else ""
    return out


def _scalar(value: Any) -> Any:
    """A JSON-ready value (nested lists and dicts kept as JSON structures)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _scalar(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scalar(v) for v in value]
    return _json_default(value)


def _cell(value: Any) -> str:
    """A CSV/markdown cell: empty for NULL, ISO for times, JSON for nested values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(_scalar(value), ensure_ascii=False)
    if isinstance(value, (str, int, float, Decimal)):
        return str(value)
    return str(_json_default(value))


def write_json(result, out: IO[str]) -> None:
    records = [{c: _scalar(v) for c, v in zip(result.columns, row)} for row in result.rows]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(result, out: IO[str]) -> None:
    for row in result.rows:
        out.write(json.dumps({c: _scalar(v) for c, v in zip(result.columns, row)}, ensure_ascii=False))
        out.write("\n")


def write_delimited(result, out: IO[str], delimiter: str = ",") -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_cell(v) for v in row])


def write_markdown(result, out: IO[str]) -> None:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    numeric = [is_numeric(t) for t in result.types]
    out.write("| " + " | ".join(esc(c) for c in result.columns) + " |\n")
    out.write("|" + "|".join("---:" if n else "---" for n in numeric) + "|\n")
    for row in result.rows:
        out.write("| " + " | ".join(esc(_cell(v)) for v in row) + " |\n")


def to_arrow(result):
    """The rows as a pyarrow Table (types inferred from the values)."""
    import pyarrow as pa

    arrays = []
    for i, _ in enumerate(result.columns):
        values = [row[i] for row in result.rows]
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array([None if v is None else _cell(v) for v in values], type=pa.string()))
    return pa.Table.from_arrays(arrays, names=list(result.columns))


def write_parquet(result, out: IO[bytes]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(to_arrow(result), out)


TEXT_WRITERS = {
    "csv": write_delimited,
    "tsv": lambda result, out: write_delimited(result, out, "\t"),
    "json": write_json,
    "jsonl": write_jsonl,
    "markdown": write_markdown,
}
