"""Server-side SVG charts: no JavaScript, escaped labels, a title and description for readers.

Every chart on a page is paired with a table of the same figures.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 230
ROW = 26
LINE = 15
LABEL_CHARS = 34
Formatter = Callable[[float], str]


def _fmt(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    fmt: Formatter = _fmt,
    maximum: float | None = None,
    hints: Sequence[str] | None = None,
    captioned: bool = False,
) -> SafeString:
    """Horizontal bars, one per item; an item without a value is marked as hidden.

    Long labels wrap onto more lines (never cut); a hint per item (e.g. the question key) shows
    on hover. ``captioned`` puts the title and what the chart measures above it, visibly.
    """
    top = maximum or max((v for _, v in items if v is not None), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    rows = []
    y = 0
    for index, (label, value) in enumerate(items):
        lines = textwrap.wrap(label, LABEL_CHARS) or [""]
        height = max(ROW, LINE * len(lines) + 10)
        middle = y + height / 2
        if value is None:
            bar = format_html(
                '<text x="{}" y="{}" class="chart-hidden">hidden (small group)</text>',
                LABEL_WIDTH + 6,
                _n(middle + 5),
            )
        else:
            width = max(1.0, span * max(value, 0) / top)
            bar = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                LABEL_WIDTH,
                _n(middle - (ROW - 8) / 2),
                _n(width),
                ROW - 8,
                _n(LABEL_WIDTH + width + 6),
                _n(middle + 5),
                fmt(value),
            )
        first = middle + 5 - LINE * (len(lines) - 1) / 2
        tspans = format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            ((LABEL_WIDTH - 8, _n(first + n * LINE), line) for n, line in enumerate(lines)),
        )
        hint = format_html("<title>{}</title>", hints[index]) if hints else ""
        rows.append(
            format_html(
                '<text class="chart-label" text-anchor="end">{}{}</text>{}', hint, tspans, bar
            )
        )
        y += height
    svg = format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-t {}-d"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        WIDTH,
        max(ROW, y),
        *_ids(title, desc),
        format_html_join("", "{}", ((row,) for row in rows)),
    )
    return _caption(svg, title, desc) if captioned else svg


def _caption(svg: SafeString, title: str, desc: str) -> SafeString:
    return format_html(
        '<figure class="chart-figure"><figcaption><h2 class="chart-title">{}</h2>'
        '<p class="chart-measures">{}</p></figcaption>{}</figure>',
        title,
        desc,
        svg,
    )


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    low: float,
    high: float,
    fmt: Formatter = _fmt,
    captioned: bool = False,
) -> SafeString:
    """A line over labelled points; a missing value breaks the line."""
    height, pad, left = 220, 28, 50
    step = (WIDTH - left - pad) / max(1, len(points) - 1)
    span = (high - low) or 1

    def y_of(value: float) -> float:
        return height - pad - (value - low) / span * (height - 2 * pad)

    segments: list[list[tuple[float, float]]] = [[]]
    dots = []
    labels = []
    for index, (label, value) in enumerate(points):
        x = left + index * step
        labels.append(
            format_html(
                '<text x="{}" y="{}" class="chart-axis" text-anchor="middle">{}</text>',
                _n(x),
                height - 6,
                label,
            )
        )
        if value is None:
            segments.append([])
            continue
        segments[-1].append((x, y_of(value)))
        dots.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3.5" class="chart-dot"><title>{}: {}</title></circle>',
                _n(x),
                _n(y_of(value)),
                label,
                fmt(value),
            )
        )
    lines = [
        format_html(
            '<polyline class="chart-line" points="{}"></polyline>',
            " ".join(f"{x:.1f},{y:.1f}" for x, y in segment),
        )
        for segment in segments
        if len(segment) > 1
    ]
    axis = format_html(
        '<text x="4" y="{}" class="chart-axis">{}</text>'
        '<text x="4" y="{}" class="chart-axis">{}</text>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>',
        _n(y_of(high) + 4),
        fmt(high),
        _n(y_of(low) + 4),
        fmt(low),
        left,
        WIDTH - pad,
        _n(y_of(low)),
        _n(y_of(low)),
    )
    body = format_html_join("", "{}", ((part,) for part in [axis, *lines, *dots, *labels]))
    svg = format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-t {}-d"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        WIDTH,
        height,
        *_ids(title, desc),
        body,
    )
    return _caption(svg, title, desc) if captioned else svg


def _n(value: float) -> str:
    return f"{value:.1f}"


def _ids(title: str, desc: str) -> tuple[str, str, str, str, str, str]:
    slug = "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    return slug, slug, slug, title, slug, desc
