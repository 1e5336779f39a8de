"""Small SVG charts for the reports, drawn on the server as plain strings.

The same markup goes into the HTML page and the PDF (WeasyPrint draws inline SVG), so the
pictures are identical in both. No Django here and no charting library: the charts are simple
enough to write out, and a string is easy to test.

They must work in black and white: every werkwijze (series) gets a fill pattern as well as a
shade, every bar carries its value as text, and the legend repeats the patterns. Each chart is
``role="img"`` with a ``<title>`` (WeasyPrint turns that into the PDF's alternative text) and a
``<desc>`` holding the figures in words.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from lib.dutch import month_label

FONT = "DejaVu Sans Condensed, DejaVu Sans, sans-serif"
INK = "#222"

Formatter = Callable[[Decimal], str]


def _text(value: object) -> str:
    """Escape for both text content and attribute values."""
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    """Coordinates with at most one decimal: shorter markup, no float noise."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(label: str, limit: int) -> str:
    """The label for a <text>, escaped; a longer one is cut with "…" and keeps its whole
    wording in a <title>, which a browser shows on hover."""
    if len(label) <= limit:
        return _text(label)
    return f"{_text(label[: limit - 1].rstrip())}…<title>{_text(label)}</title>"


# Fill per series, by position: a dark solid, a diagonal hatch and a light cross-hatch. The
# patterns keep the series apart when printed in black and white.
def _patterns(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-p1" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/>'
        f'<rect width="2.5" height="6" fill="{INK}"/></pattern>'
        f'<pattern id="{prefix}-p2" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ddd"/>'
        f'<circle cx="2.5" cy="2.5" r="1.1" fill="{INK}"/></pattern>'
        "</defs>"
    )


def series_fill(prefix: str, index: int) -> str:
    fills = ("#555", f"url(#{prefix}-p1)", f"url(#{prefix}-p2)")
    return fills[index % len(fills)]


def _open_svg(prefix: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{prefix}" role="img" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="{prefix}-title">{_text(title)}</title>',
        f'<desc id="{prefix}-desc">{_text(desc)}</desc>',
        _patterns(prefix),
    ]


def _legend(prefix: str, names: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for index, name in enumerate(names):
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="14" height="10" '
            f'fill="{series_fill(prefix, index)}" stroke="{INK}" stroke-width="0.6"/>'
            f'<text x="{_num(x + 19)}" y="{_num(y + 9)}">{_text(name)}</text>'
        )
        x += 30 + 6.2 * len(name)
    return parts


@dataclass(frozen=True)
class BarGroup:
    """One row of bars: a label (a case, a financier) and one value per series."""

    label: str
    values: Sequence[Decimal]


def grouped_bars(
    prefix: str,
    title: str,
    series: Sequence[str],
    groups: Sequence[BarGroup],
    fmt: Formatter = str,
    width: float = 640,
) -> str:
    """Horizontal bars, one group per row and one bar per series in each group.

    Horizontal so that long Dutch labels fit on the left and the chart simply grows downward
    with more cases or financiers. Negative values get bars to the left of the zero line.
    """
    bar, gap = 13.0, 9.0
    label_width, value_room, top = 170.0, 78.0, 30.0
    values = [value for group in groups for value in group.values]
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = float(high - low) or 1.0
    plot = width - label_width - value_room - (value_room if low < 0 else 0)
    origin = label_width + (value_room if low < 0 else 0) + plot * float(-low) / span

    def x_of(value: Decimal) -> float:
        return origin + plot * float(value) / span

    group_height = bar * len(series) + gap
    height = top + group_height * len(groups) + 8
    desc = "; ".join(
        f"{group.label}: "
        + ", ".join(
            f"{name} {fmt(value)}" for name, value in zip(series, group.values, strict=True)
        )
        for group in groups
    )
    parts = _open_svg(prefix, width, height, title, desc)
    parts += _legend(prefix, series, label_width, 6)
    y = top
    for group in groups:
        parts.append(
            f'<text x="{_num(label_width - 8)}" y="{_num(y + bar * len(series) / 2 + 4)}" '
            f'text-anchor="end">{_label(group.label, 30)}</text>'
        )
        for index, value in enumerate(group.values):
            x0, x1 = sorted((origin, x_of(value)))
            parts.append(
                f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(max(x1 - x0, 0.5))}" '
                f'height="{_num(bar - 2)}" fill="{series_fill(prefix, index)}" '
                f'stroke="{INK}" stroke-width="0.6"/>'
            )
            anchor, tx = ("end", x0 - 4) if value < 0 else ("start", x1 + 4)
            parts.append(
                f'<text x="{_num(tx)}" y="{_num(y + bar - 4)}" font-size="10" '
                f'text-anchor="{anchor}">{_text(fmt(value))}</text>'
            )
            y += bar
        y += gap
    parts.append(
        f'<line x1="{_num(origin)}" y1="{_num(top - 4)}" x2="{_num(origin)}" '
        f'y2="{_num(height - 6)}" stroke="{INK}" stroke-width="0.8"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TimelineBar:
    """One timeline item: support items are bars, events are marks."""

    label: str
    start: date
    end: date
    is_event: bool = False
    is_intervention: bool = False


def month_range(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s month to ``last``'s month."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_position(day: date, months: Sequence[date], end_of_day: bool = False) -> float:
    """Position in months from the first month (fractional, by day within the month)."""
    index = (day.year - months[0].year) * 12 + day.month - months[0].month
    days_in_month = monthrange(day.year, day.month)[1]
    return index + (day.day - (0 if end_of_day else 1)) / days_in_month


def timeline(
    prefix: str,
    title: str,
    bars: Sequence[TimelineBar],
    first: date,
    last: date,
    width: float = 760,
) -> str:
    """The timeline as bars over the months: one row per support item, events as diamonds
    on one row at the top. Intervention items are hatched, the rest solid grey."""
    months = month_range(first, last)
    label_width, row, top = 200.0, 11.0, 40.0
    plot = width - label_width - 10
    per_month = plot / len(months)
    events = [bar for bar in bars if bar.is_event]
    supports = [bar for bar in bars if not bar.is_event]
    height = top + row * (len(supports) + (1 if events else 0)) + 8

    def x_of(day: date, end_of_day: bool = False) -> float:
        return label_width + per_month * _month_position(day, months, end_of_day)

    desc = (
        f"{len(supports)} keer ondersteuning en {len(events)} gebeurtenissen van "
        f"{month_label(months[0])} tot en met {month_label(months[-1])}; "
        "de bedragen en omschrijvingen staan in de tabel."
    )
    parts = _open_svg(prefix, width, height, title, desc)
    parts.append(
        f'<rect x="{_num(label_width)}" y="6" width="14" height="10" fill="#999" '
        f'stroke="{INK}" stroke-width="0.6"/><text x="{_num(label_width + 19)}" y="15">'
        "ondersteuning</text>"
        f'<rect x="{_num(label_width + 110)}" y="6" width="14" height="10" '
        f'fill="{series_fill(prefix, 1)}" stroke="{INK}" stroke-width="0.6"/>'
        f'<text x="{_num(label_width + 129)}" y="15">interventie</text>'
        f'<path d="M{_num(label_width + 215)} 11 l5 -5 l5 5 l-5 5 z" fill="{INK}"/>'
        f'<text x="{_num(label_width + 229)}" y="15">gebeurtenis</text>'
    )
    # Month grid: a tick every month, a label as often as there is room for one.
    step = max(1, int(42 // per_month) + (1 if 42 % per_month else 0))
    for index, month in enumerate(months):
        x = label_width + per_month * index
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(top - 6)}" x2="{_num(x)}" y2="{_num(height - 6)}" '
            'stroke="#bbb" stroke-width="0.5"/>'
        )
        if index % step == 0:
            parts.append(
                f'<text x="{_num(x + 2)}" y="{_num(top - 9)}" font-size="9">'
                f"{_text(month_label(month))}</text>"
            )
    y = top
    if events:
        parts.append(f'<text x="{_num(label_width - 6)}" y="{_num(y + 8)}" text-anchor="end">')
        parts.append("gebeurtenissen</text>")
        for event in events:
            x = x_of(event.start)
            parts.append(
                f'<path d="M{_num(x)} {_num(y + 1)} l4 4 l-4 4 l-4 -4 z" fill="{INK}">'
                f"<title>{_text(event.label)}</title></path>"
            )
        y += row
    for support in supports:
        x0, x1 = x_of(support.start), x_of(support.end, end_of_day=True)
        fill = series_fill(prefix, 1) if support.is_intervention else "#999"
        parts.append(
            f'<text x="{_num(label_width - 6)}" y="{_num(y + 8)}" text-anchor="end" '
            f'font-size="9">{_label(support.label, 42)}</text>'
            f'<rect x="{_num(x0)}" y="{_num(y + 1)}" width="{_num(max(x1 - x0, 2))}" '
            f'height="{_num(row - 3)}" fill="{fill}" stroke="{INK}" stroke-width="0.5"/>'
        )
        y += row
    parts.append("</svg>")
    return "".join(parts)
