"""A small SVG writer for the timeline chart and bar/line charts.

Shared by the HTML report (inline SVG) and ``evdb chart --out FILE.svg``, so neither needs a
plotting library. Output is deterministic: fixed sizes, fixed palette, numbers rounded to 0.1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from evdb.report.timeline import Timeline

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")
FONT = "font-family:system-ui,sans-serif;font-size:11px"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "", limit: int = 0) -> str:
    """A text element; beyond ``limit`` characters it is cut with '…' and the whole text becomes
    its tooltip (a cut is never silent)."""
    text = str(text)
    if limit and len(text) > limit:
        return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}><title>{escape(text)}</title>'
                f'{escape(text[:limit - 1])}…</text>')
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-label="{escape(label)}" '
            f'style="{FONT}">\n<title>{escape(label)}</title>\n' + "\n".join(body) + "\n</svg>")


def timeline_svg(timeline: Timeline, *, width: int = 900, row: int = 18, label: str = "") -> str:
    """Each event a row: its label on the left and a bar for ``[earliest, latest)`` on the axis."""
    label_w, pad = 330, 10
    plot_w = width - label_w - 2 * pad
    items = timeline.items
    height = 40 + row * max(1, len(items)) + 10
    body: list[str] = []
    start, end = timeline.axis_start, timeline.axis_end
    if not items or start is None or end is None or end <= start:
        body.append(_text(pad, 24, "No dated events."))
        return _svg(width, 40, body, label or timeline.title or "Timeline")
    span = (end - start).total_seconds()

    def x_of(ts) -> float:
        frac = min(1.0, max(0.0, (ts - start).total_seconds() / span))
        return label_w + pad + frac * plot_w

    for tick in range(5):
        x = label_w + pad + plot_w * tick / 4
        ts = start + (end - start) * tick / 4
        body.append(f'<line x1="{_n(x)}" y1="28" x2="{_n(x)}" y2="{_n(height - 10)}" stroke="#ddd"/>')
        body.append(_text(x, 20, f"{ts:%Y-%m-%d}", ("start", "middle", "middle", "middle", "end")[tick]))
    types = sorted({i.event_type for i in items})
    colour = {t: PALETTE[k % len(PALETTE)] for k, t in enumerate(types)}
    for k, item in enumerate(items):
        y = 34 + k * row
        label = f"{item.date_label}  {item.event_type}  {item.place or ''}"
        body.append(_text(pad, y + row * 0.65, label, limit=52))
        x0, x1 = x_of(item.earliest), x_of(item.latest)
        body.append(f'<rect class="interval" x="{_n(x0)}" y="{_n(y + 3)}" width="{_n(max(2.0, x1 - x0))}" '
                    f'height="{_n(row - 6)}" fill="{colour[item.event_type]}" data-event="{escape(item.event_id)}">'
                    f'<title>{escape(item.event_id)}: {escape(item.grain)} {item.earliest:%Y-%m-%d %H:%M} to '
                    f'{item.latest:%Y-%m-%d %H:%M} UTC</title></rect>')
    return _svg(width, height, body, label or timeline.title or "Timeline")


@dataclass(frozen=True, slots=True)
class Series:
    """Chart data: x labels in order and, per group, one value (or None) per x."""

    x: tuple[str, ...]
    groups: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]   # values[group][x]
    x_label: str
    y_label: str
    title: str

    @property
    def maximum(self) -> float:
        return max((v for row in self.values for v in row if v is not None), default=0.0)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def chart_svg(series: Series, kind: str = "bar", *, width: int = 760, height: int = 360) -> str:
    """A grouped bar chart or a line chart with an axis, gridlines and a legend."""
    left, right, top, bottom = 60, 20, 30, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(series.maximum)
    if all(float(v).is_integer() for row in series.values for v in row if v is not None):
        top_value = 4 * math.ceil(top_value / 4)     # whole-number ticks for counts
    body = [_text(left, 18, series.title, extra=' font-weight="bold"')]
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        body.append(f'<line x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" y2="{_n(y)}" stroke="#ddd"/>')
        body.append(_text(left - 6, y + 4, _n(value), "end"))
    n_x, n_g = max(1, len(series.x)), max(1, len(series.groups))
    slot = plot_w / n_x
    every = max(1, math.ceil(n_x / 20))
    for i, label in enumerate(series.x):
        if i % every == 0:
            x = left + slot * (i + 0.5)
            body.append(_text(x, top + plot_h + 14, label, "end",
                              f' transform="rotate(-35 {_n(x)} {_n(top + plot_h + 14)})"', limit=16))
    for g, name in enumerate(series.groups):
        colour = PALETTE[g % len(PALETTE)]
        points = []
        for i, value in enumerate(series.values[g]):
            if value is None:
                continue
            h = plot_h * value / top_value
            if kind == "bar":
                bw = min(slot * 0.8 / n_g, 60)
                x = left + slot * (i + 0.5) - bw * n_g / 2 + bw * g
                body.append(f'<rect class="bar" x="{_n(x)}" y="{_n(top + plot_h - h)}" width="{_n(bw)}" '
                            f'height="{_n(h)}" fill="{colour}"><title>{escape(name)} {escape(series.x[i])}: '
                            f'{_n(value)}</title></rect>')
            else:
                points.append(f"{_n(left + slot * (i + 0.5))},{_n(top + plot_h - h)}")
        if points:
            body.append(f'<polyline class="line" fill="none" stroke="{colour}" stroke-width="2" '
                        f'points="{" ".join(points)}"/>')
        if len(series.groups) > 1 or series.groups[0]:
            lx = left + 10 + (g % 5) * 130
            ly = height - 14 - 14 * (g // 5)
            body.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>')
            body.append(_text(lx + 14, ly, name, limit=18))
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>')
    body.append(_text(12, top + plot_h / 2, series.y_label, "middle",
                      f' transform="rotate(-90 12 {_n(top + plot_h / 2)})"'))
    return _svg(width, height, body, series.title)
