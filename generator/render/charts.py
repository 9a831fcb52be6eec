"""Static charts: inline SVG with a text equivalent, no script.

Each function returns a ``<figure>`` holding an ``<svg role="img">`` (with ``<title>``
and ``<desc>``) and the same numbers as a ``<table>`` in a ``<details>``, so the data
reaches screen readers, text browsers and printouts. Shapes carry CSS classes, not
colours: the theme's colour variables (high-contrast mode included) paint them.
Output depends only on the arguments, so builds stay byte-reproducible.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from markupsafe import Markup, escape

#: Drawing width of every chart in SVG units; the figure scales to its container.
WIDTH = 360


def _fmt(value: float) -> str:
    """A number as shown: integers without decimals, others with at most one."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def _chart_id(kind: str, title: str, payload: object) -> str:
    """A stable id for the chart's title/desc elements, unique per chart content."""
    digest = hashlib.sha1(f"{kind}|{title}|{payload!r}".encode()).hexdigest()[:10]
    return f"chart-{digest}"


def _table(title: str, unit: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The text equivalent: a plain data table inside a disclosure widget."""
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr><th scope=\"row\">"
        + str(escape(row[0]))
        + "</th>"
        + "".join(f"<td class=\"num\">{escape(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f"<details><summary>查看数据表：{escape(title)}</summary>"
        f"<table><caption>{escape(title)}（单位：{escape(unit)}）</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def _figure(cid: str, title: str, desc: str, svg_body: str, height: int, table: str) -> Markup:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{cid}-t {cid}-d" focusable="false">'
        f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>'
        f"{svg_body}</svg>"
    )
    return Markup(
        f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{svg}{table}</figure>'
    )


def bar_chart(
    items: list[tuple[str, float]],
    *,
    title: str,
    unit: str,
    max_value: float | None = None,
) -> Markup:
    """Horizontal bars, one row per (label, value): the label above its bar, the value after it."""
    top = max_value if max_value is not None else max((v for _, v in items), default=0)
    top = top or 1
    row_h, bar_h, left = 40, 14, 4
    track_w = WIDTH - left - 56
    parts = []
    for i, (label, value) in enumerate(items):
        y = i * row_h
        w = max(0.0, min(1.0, value / top)) * track_w
        parts.append(
            f'<text class="label" x="{left}" y="{y + 15}">{escape(label)}</text>'
            f'<rect class="track" x="{left}" y="{y + 21}" width="{track_w}" height="{bar_h}"/>'
            f'<rect class="bar" x="{left}" y="{y + 21}" width="{w:.1f}" height="{bar_h}"/>'
            f'<text class="value" x="{left + track_w + 6}" y="{y + 33}">{escape(_fmt(value))}{escape(unit)}</text>'
        )
    height = max(row_h * len(items), row_h)
    if not items:
        parts.append(f'<text class="label" x="{left}" y="24">暂无数据</text>')
    desc = "；".join(f"{label}：{_fmt(v)}{unit}" for label, v in items) or "暂无数据"
    rows = [(label, f"{_fmt(v)}") for label, v in items]
    table = _table(title, unit, ("项目", f"数值（{unit}）"), rows)
    return _figure(_chart_id("bar", title, items), title, desc, "".join(parts), height + 4, table)


def line_chart(
    series: dict[str, list[tuple[str, float]]],
    *,
    title: str,
    unit: str,
    max_value: float | None = None,
) -> Markup:
    """Lines over shared x labels (e.g. years); each series has its own dash pattern and marker.

    The y axis runs from 0 to ``max_value`` (e.g. 100 for rates), else to the largest value.
    """
    labels: list[str] = []
    for points in series.values():
        for x, _ in points:
            if x not in labels:
                labels.append(x)
    labels.sort()
    top = max_value if max_value is not None else max((v for pts in series.values() for _, v in pts), default=0)
    top = top or 1
    left, right, plot_top, plot_h = 40, 16, 10, 150
    legend_y = plot_top + plot_h + 36
    height = legend_y + 22 * len(series) + 4
    span = WIDTH - left - right
    step = span / max(len(labels) - 1, 1)
    xs = {x: left + (i * step if len(labels) > 1 else span / 2) for i, x in enumerate(labels)}
    y_of = lambda v: plot_top + plot_h - (v / top) * plot_h  # noqa: E731
    dashes = ("", ' stroke-dasharray="8 4"', ' stroke-dasharray="2 3"', ' stroke-dasharray="10 3 2 3"')
    parts = [
        f'<line class="axis" x1="{left}" y1="{plot_top + plot_h}" x2="{WIDTH - right}" y2="{plot_top + plot_h}"/>',
        f'<line class="axis" x1="{left}" y1="{plot_top}" x2="{left}" y2="{plot_top + plot_h}"/>',
        f'<text class="axis-label" x="{left - 4}" y="{plot_top + 5}" text-anchor="end">{escape(_fmt(top))}</text>',
        f'<text class="axis-label" x="{left - 4}" y="{plot_top + plot_h + 4}" text-anchor="end">0</text>',
        f'<line class="grid" x1="{left}" y1="{plot_top}" x2="{WIDTH - right}" y2="{plot_top}"/>',
    ]
    for x in labels:
        parts.append(
            f'<text class="axis-label" x="{xs[x]:.1f}" y="{plot_top + plot_h + 18}" text-anchor="middle">{escape(x)}</text>'
        )
    for i, (name, points) in enumerate(series.items()):
        cls = f"series-{i % 4}"
        coords = " ".join(f"{xs[x]:.1f},{y_of(v):.1f}" for x, v in points)
        parts.append(f'<polyline class="{cls}" points="{coords}"{dashes[i % 4]}/>')
        for x, v in points:
            parts.append(f'<circle class="{cls}" cx="{xs[x]:.1f}" cy="{y_of(v):.1f}" r="3.5"/>')
        ly = legend_y + 22 * i
        parts.append(
            f'<line class="{cls}" x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke-width="2.5"{dashes[i % 4]}/>'
            f'<text class="label" x="{left + 36}" y="{ly}">{escape(name)}</text>'
        )
    desc = "；".join(
        f"{name}：" + "，".join(f"{x} {_fmt(v)}{unit}" for x, v in points) for name, points in series.items()
    ) or "暂无数据"
    rows = []
    for x in labels:
        row = [x]
        for points in series.values():
            found = [v for px, v in points if px == x]
            row.append(_fmt(found[0]) if found else "—")
        rows.append(row)
    table = _table(title, unit, ("时期", *series.keys()), rows)
    cid = _chart_id("line", title, sorted((k, v) for k, v in series.items()))
    return _figure(cid, title, desc, "".join(parts), height, table)
