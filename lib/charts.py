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


def _open_svg(
    prefix: str, width: float, height: float, title: str, desc: str, kind: str
) -> list[str]:
    # The kind ("staafdiagram") tells a screen reader what sort of picture the figures in the
    # description come from; the PDF's alternative text starts with it (reports.pdf).
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{prefix}" role="img" '
        f'aria-roledescription="{kind}" '
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
    value_room, top = 78.0, 30.0
    # Room for the longest label (up to the 30 characters it is cut at), so that a name such
    # as "Gemeente – Schuldhulpverlening" keeps its first letter.
    longest = max((min(len(group.label), 30) for group in groups), default=0)
    label_width = max(170.0, min(220.0, 6.4 * longest + 14))
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
    parts = _open_svg(prefix, width, height, title, desc, "staafdiagram")
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


def _label_step(per_month: float) -> int:
    """Every how many months a month label fits: about 42 points of room per label."""
    return max(1, int(42 // per_month) + (1 if 42 % per_month else 0))


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
    parts = _open_svg(prefix, width, height, title, desc, "tijdlijn")
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
    step = _label_step(per_month)
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


def _empty(prefix: str, title: str, message: str, kind: str, width: float = 420) -> str:
    """A chart with nothing to draw still says so, in the picture and to a screen reader."""
    parts = _open_svg(prefix, width, 30, title, message, kind)
    parts.append(f'<text x="6" y="19">{_text(message)}</text></svg>')
    return "".join(parts)


def tornado(
    prefix: str,
    title: str,
    bars: Sequence,
    central: Decimal,
    fmt: Formatter = str,
    width: float = 640,
) -> str:
    """The tornado of a verschil: per price (objects with ``name``, ``low`` and ``high``, such
    as :class:`lib.sensitivity.Bar`, largest swing first) a horizontal bar from the verschil
    at the one end of its margin to the other, around a vertical line at the central verschil.

    The part below the central verschil is hatched and the part above it solid, so that the
    two directions read apart in black and white; the low and high values stand at the ends.
    """
    if not bars:
        message = f"Geen prijs met een marge; het verschil blijft {fmt(central)}."
        return _empty(prefix, title, message, "tornadodiagram")
    row, bar = 18.0, 12.0
    label_width, value_room, top = 190.0, 74.0, 42.0
    low = min([central, *(b.low for b in bars)])
    high = max([central, *(b.high for b in bars)])
    span = float(high - low) or 1.0
    left = label_width + value_room
    plot = width - left - value_room

    def x_of(value: Decimal) -> float:
        return left + plot * float(value - low) / span

    height = top + row * len(bars) + 8
    desc = (
        f"Verschil {fmt(central)}. Per prijs het verschil als alleen die prijs naar de ene of "
        "de andere grens van zijn marge gaat: "
        + "; ".join(f"{b.name} van {fmt(b.low)} tot {fmt(b.high)}" for b in bars)
        + "."
    )
    parts = _open_svg(prefix, width, height, title, desc, "tornadodiagram")
    parts.append(
        f'<rect x="{_num(label_width)}" y="6" width="14" height="10" '
        f'fill="{series_fill(prefix, 1)}" stroke="{INK}" stroke-width="0.6"/>'
        f'<text x="{_num(label_width + 19)}" y="15">lager verschil</text>'
        f'<rect x="{_num(label_width + 120)}" y="6" width="14" height="10" '
        f'fill="{series_fill(prefix, 0)}" stroke="{INK}" stroke-width="0.6"/>'
        f'<text x="{_num(label_width + 139)}" y="15">hoger verschil</text>'
    )
    origin = x_of(central)
    parts.append(
        f'<text x="{_num(origin)}" y="{_num(top - 8)}" font-size="10" text-anchor="middle">'
        f"verschil {_text(fmt(central))}</text>"
    )
    y = top
    for item in bars:
        x0, x1 = x_of(item.low), x_of(item.high)
        parts.append(
            f'<text x="{_num(label_width - 8)}" y="{_num(y + bar - 2)}" text-anchor="end">'
            f"{_label(item.name, 30)}</text>"
        )
        for start, end, fill in (
            (x0, origin, series_fill(prefix, 1)),
            (origin, x1, series_fill(prefix, 0)),
        ):
            if end > start:
                parts.append(
                    f'<rect x="{_num(start)}" y="{_num(y)}" width="{_num(max(end - start, 0.5))}"'
                    f' height="{_num(bar)}" fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
                )
        parts.append(
            f'<text x="{_num(x0 - 4)}" y="{_num(y + bar - 2)}" font-size="10" '
            f'text-anchor="end">{_text(fmt(item.low))}</text>'
            f'<text x="{_num(x1 + 4)}" y="{_num(y + bar - 2)}" font-size="10">'
            f"{_text(fmt(item.high))}</text>"
        )
        y += row
    parts.append(
        f'<line x1="{_num(origin)}" y1="{_num(top - 4)}" x2="{_num(origin)}" '
        f'y2="{_num(height - 4)}" stroke="{INK}" stroke-width="1.2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


# Dash pattern and shade per series, by position: the dashes keep the lines apart when printed
# in black and white, where shades alone would not.
LINE_DASHES = ("", "8 4", "2 3", "10 3 2 3", "5 2 1 2 1 2")
LINE_SHADES = (INK, "#555")


def _line_style(index: int) -> str:
    dash = LINE_DASHES[index % len(LINE_DASHES)]
    style = f'stroke="{LINE_SHADES[index % len(LINE_SHADES)]}" stroke-width="{2 if index else 2.4}"'
    return style + (f' stroke-dasharray="{dash}"' if dash else "")


def _crossings(names: Sequence[str], months: Sequence[date], series) -> list[str]:
    """Where two lines swap places, in words: what the picture shows, for a screen reader."""
    found = []
    for i in range(len(series)):
        for j in range(i + 1, len(series)):
            last = 0
            for month, a, b in zip(months, series[i], series[j], strict=True):
                sign = (a > b) - (a < b)
                if sign and last and sign != last:
                    found.append(
                        f"{names[i]} en {names[j]} wisselen van plaats in {month_label(month)}"
                    )
                last = sign or last
    return found


def cumulative_lines(
    prefix: str,
    title: str,
    names: Sequence[str],
    months: Sequence[date],
    series: Sequence[Sequence[Decimal]],
    fmt: Formatter = str,
    width: float = 760,
) -> str:
    """One line per werkwijze of its cumulative cost at the end of each month, all starting
    at zero before the first month, so that the room sees where one overtakes another.

    Each line has its own dash pattern (repeated in the legend) and its final value written at
    its end; the month axis is labelled as often as there is room, as in :func:`timeline`.
    """
    if len(names) != len(series):
        raise ValueError(f"{len(names)} names for {len(series)} series")
    for name, values in zip(names, series, strict=True):
        if len(values) != len(months):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(months)} months")
    if not months or not series:
        return _empty(prefix, title, "Geen kosten per maand om te tonen.", "lijndiagram")
    left, value_room, top, plot_height = 84.0, 84.0, 34.0, 190.0
    plot = width - left - value_room
    per_month = plot / len(months)
    bottom = top + plot_height
    height = bottom + 26
    values = [value for line in series for value in line]
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = float(high - low) or 1.0

    def y_of(value: Decimal) -> float:
        return bottom - plot_height * float(value - low) / span

    finals = ", ".join(f"{name} {fmt(line[-1])}" for name, line in zip(names, series, strict=True))
    desc = (
        f"Cumulatieve kosten per maand van {month_label(months[0])} tot en met "
        f"{month_label(months[-1])}. Aan het eind: {finals}."
    )
    crossings = _crossings(names, months, series)
    if crossings:
        desc += " " + "; ".join(crossings) + "."
    parts = _open_svg(prefix, width, height, title, desc, "lijndiagram")
    x = left
    for index, name in enumerate(names):
        parts.append(
            f'<line x1="{_num(x)}" y1="11" x2="{_num(x + 24)}" y2="11" {_line_style(index)}/>'
            f'<text x="{_num(x + 29)}" y="15">{_text(name)}</text>'
        )
        x += 40 + 6.2 * len(name)
    # Value grid: zero and the extremes, enough to read the scale without clutter.
    for value in sorted({low, Decimal(0), high}):
        y = y_of(value)
        parts.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(left + plot)}" y2="{_num(y)}" '
            f'stroke="{"#888" if value == 0 else "#ccc"}" stroke-width="0.6"/>'
            f'<text x="{_num(left - 6)}" y="{_num(y + 3)}" font-size="9" text-anchor="end">'
            f"{_text(fmt(value))}</text>"
        )
    # Month grid: a tick every month, a label as often as there is room for one.
    step = _label_step(per_month)
    for index, month in enumerate(months):
        x = left + per_month * index
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom + 4)}" '
            'stroke="#ddd" stroke-width="0.5"/>'
        )
        if index % step == 0:
            parts.append(
                f'<text x="{_num(x + 2)}" y="{_num(bottom + 15)}" font-size="9">'
                f"{_text(month_label(month))}</text>"
            )
    for index, (name, line) in enumerate(zip(names, series, strict=True)):
        points = [(left, y_of(Decimal(0)))] + [
            (left + per_month * (month + 1), y_of(value)) for month, value in enumerate(line)
        ]
        parts.append(
            '<polyline points="'
            + " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
            + f'" fill="none" {_line_style(index)}><title>{_text(name)}</title></polyline>'
        )
    # Final values at the right, pushed apart where lines end close together.
    ends = sorted(((y_of(line[-1]), fmt(line[-1])) for line in series), key=lambda end: end[0])
    previous = -1e9
    for y, text in ends:
        y = max(y + 3, previous + 11)
        parts.append(
            f'<text x="{_num(left + plot + 6)}" y="{_num(y)}" font-size="10">{_text(text)}</text>'
        )
        previous = y
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class DivergingRow:
    """One bar of a diverging chart: a label, its value and, where the value is not exact,
    its range low–high (drawn as a whisker)."""

    label: str
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def has_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


def diverging_bars(
    prefix: str,
    title: str,
    rows: Sequence[DivergingRow],
    fmt: Formatter = str,
    positive: str = "besparing",
    negative: str = "meerkosten",
    total: DivergingRow | None = None,
    width: float = 640,
) -> str:
    """One horizontal bar per row from a zero line: a positive value (``positive``, e.g. a
    saving) to the right in solid grey, a negative one (``negative``, extra cost) to the left
    hatched, so that the two directions read apart in black and white as well as by side.

    Every bar carries its amount; a range is a whisker with end ticks over the bar, its ends
    in the description. A ``total`` row comes last, under a rule, its label in bold.
    """
    shown = [*rows, *([total] if total else [])]
    if not shown:
        return _empty(prefix, title, "Geen bedragen om te tonen.", "staafdiagram")
    row_height, bar = 22.0, 14.0
    label_width, value_room, top = 180.0, 70.0, 34.0
    ends = [v for r in shown for v in (r.value, r.low, r.high) if v is not None]
    low = min([Decimal(0), *ends])
    high = max([Decimal(0), *ends])
    span = float(high - low) or 1.0
    left = label_width + value_room
    plot = width - left - value_room

    def x_of(value: Decimal) -> float:
        return left + plot * float(value - low) / span

    origin = x_of(Decimal(0))
    height = top + row_height * len(shown) + (8 if total else 0) + 8

    def words(row: DivergingRow) -> str:
        side = positive if row.value > 0 else negative if row.value < 0 else "geen verschil"
        text = f"{row.label}: {fmt(row.value)} ({side})"
        if row.has_range:
            text += f", bandbreedte {fmt(row.low)} tot {fmt(row.high)}"
        return text

    desc = (
        f"Positief is {positive}, negatief is {negative}. "
        + "; ".join(words(row) for row in shown)
        + "."
    )
    parts = _open_svg(prefix, width, height, title, desc, "staafdiagram")
    parts.append(
        f'<rect x="{_num(label_width)}" y="6" width="14" height="10" '
        f'fill="{series_fill(prefix, 1)}" stroke="{INK}" stroke-width="0.6"/>'
        f'<text x="{_num(label_width + 19)}" y="15">{_text(negative)} (links)</text>'
        f'<rect x="{_num(label_width + 150)}" y="6" width="14" height="10" '
        f'fill="{series_fill(prefix, 0)}" stroke="{INK}" stroke-width="0.6"/>'
        f'<text x="{_num(label_width + 169)}" y="15">{_text(positive)} (rechts)</text>'
    )
    if any(row.has_range for row in shown):
        x = label_width + 300
        parts.append(
            f'<path d="M{_num(x)} 8 v6 M{_num(x)} 11 h20 M{_num(x + 20)} 8 v6" stroke="{INK}" '
            f'stroke-width="1" fill="none"/><text x="{_num(x + 25)}" y="15">bandbreedte</text>'
        )
    y = top
    for index, row in enumerate(shown):
        is_total = total is not None and index == len(shown) - 1
        if is_total:
            parts.append(
                f'<line x1="6" y1="{_num(y + 2)}" x2="{_num(width - 6)}" y2="{_num(y + 2)}" '
                f'stroke="{INK}" stroke-width="0.8"/>'
            )
            y += 8
        middle = y + bar / 2 + 4
        weight = ' font-weight="bold"' if is_total else ""
        parts.append(
            f'<text x="{_num(label_width - 8)}" y="{_num(middle)}" text-anchor="end"{weight}>'
            f"{_label(row.label, 28)}</text>"
        )
        x0, x1 = sorted((origin, x_of(row.value)))
        fill = series_fill(prefix, 0 if row.value >= 0 else 1)
        parts.append(
            f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(max(x1 - x0, 0.5))}" '
            f'height="{_num(bar)}" fill="{fill}" stroke="{INK}" stroke-width="0.6"/>'
        )
        outer_left, outer_right = x0, x1
        if row.has_range:
            w0, w1 = x_of(row.low), x_of(row.high)
            mid = y + bar / 2
            parts.append(
                f'<path d="M{_num(w0)} {_num(mid - 4)} v8 M{_num(w0)} {_num(mid)} '
                f'H{_num(w1)} M{_num(w1)} {_num(mid - 4)} v8" stroke="{INK}" '
                f'stroke-width="1.2" fill="none"/>'
            )
            outer_left, outer_right = min(x0, w0), max(x1, w1)
        anchor, tx = ("end", outer_left - 4) if row.value < 0 else ("start", outer_right + 4)
        parts.append(
            f'<text x="{_num(tx)}" y="{_num(middle)}" font-size="10" text-anchor="{anchor}"'
            f"{weight}>{_text(fmt(row.value))}</text>"
        )
        y += row_height
    parts.append(
        f'<line x1="{_num(origin)}" y1="{_num(top - 4)}" x2="{_num(origin)}" '
        f'y2="{_num(height - 6)}" stroke="{INK}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


# Outcome scores (lib.outcomes): scores, never euros. --------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """One domain: per series (werkwijze) its (start, end), either None when not scored."""

    label: str
    pairs: Sequence[tuple[int | None, int | None]]


# An end marker per werkwijze, so the lanes stay apart in black and white as well as by place.
_END_MARKERS = ("circle", "square", "diamond")


def _marker(kind: str, x: float, y: float, filled: bool) -> str:
    fill = INK if filled else "#fff"
    style = f'fill="{fill}" stroke="{INK}" stroke-width="1.2"'
    if kind == "square":
        return f'<rect x="{_num(x - 4)}" y="{_num(y - 4)}" width="8" height="8" {style}/>'
    if kind == "diamond":
        corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
        return f'<polygon points="{points}" {style}/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.2" {style}/>'


def _score_pair(start: int | None, end: int | None, end_name: str) -> str:
    if start is None and end is None:
        return "niet gescoord"
    if end is None:
        return f"start {start}, {end_name} niet gescoord"
    if start is None:
        return f"start niet gescoord, {end_name} {end}"
    return f"van {start} naar {end}"


def score_dumbbells(
    prefix: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[ScoreRow],
    scale_min: int,
    scale_max: int,
    end_names: Sequence[str] = (),
    width: float = 640,
) -> str:
    """Per domain one lane per werkwijze: an open circle at the start score, a filled marker
    (circle, square, diamond by werkwijze) at the end, joined by a line; the scores as text at
    the right ("2 → 4"). ``end_names`` names each werkwijze's end ("eind", "verwachte eind").
    """
    unscored = [row.label for row in rows if all(p == (None, None) for p in row.pairs)]
    rows = [row for row in rows if row.label not in unscored]
    if not rows or not series:
        return _empty(prefix, title, "Nog geen scores.", "halterdiagram")
    end_names = list(end_names) or ["eind"] * len(series)
    lane, gap = 13.0, 8.0
    # The legend stacked, one line per marker: werkwijze names are long.
    top = 14.0 * (len(series) + 1) + 18
    # Room for the longest label drawn (cut at 30 characters), no more: the plot gets the rest.
    longest = max(min(len(row.label), 30) for row in rows)
    label_width, value_room = min(190.0, 6.2 * longest + 14), 60.0
    plot_left, plot_right = label_width + 12, width - value_room
    span = (scale_max - scale_min) or 1

    def x_of(score: int) -> float:
        return plot_left + (plot_right - plot_left) * (score - scale_min) / span

    row_height = lane * len(series) + gap
    height = top + row_height * len(rows) + 20
    desc = "; ".join(
        f"{row.label}: "
        + ", ".join(
            f"{name} {_score_pair(start, end, end_name)}"
            for name, (start, end), end_name in zip(series, row.pairs, end_names, strict=True)
        )
        for row in rows
    )
    desc = f"Scores van {scale_min} tot en met {scale_max}, hoger is beter. {desc}."
    if unscored:
        desc += f" Niet gescoord: {', '.join(unscored)}."
    parts = _open_svg(prefix, width, height, title, desc, "halterdiagram")
    x = 4.0  # the legend from the left edge: a werkwijze's name and its end are long
    parts.append(_marker("circle", x + 5, 10, False))
    parts.append(f'<text x="{_num(x + 14)}" y="14">start</text>')
    for index, name in enumerate(series):
        y = 10 + 14 * (index + 1)
        parts.append(_marker(_END_MARKERS[index % 3], x + 5, y, True))
        legend = f"{name} ({end_names[index]})"
        parts.append(f'<text x="{_num(x + 14)}" y="{_num(y + 4)}">{_text(legend)}</text>')
    # The scale: a light line per whole score, labelled under the last row.
    step = max(1, span // 10)
    bottom = height - 16
    for score in range(scale_min, scale_max + 1, step):
        parts.append(
            f'<line x1="{_num(x_of(score))}" y1="{_num(top - 6)}" x2="{_num(x_of(score))}" '
            f'y2="{_num(bottom)}" stroke="#bbb" stroke-width="0.6"/>'
            f'<text x="{_num(x_of(score))}" y="{_num(bottom + 12)}" font-size="10" '
            f'text-anchor="middle">{score}</text>'
        )
    y = top
    for row in rows:
        parts.append(
            f'<text x="{_num(label_width)}" y="{_num(y + lane * len(series) / 2 + 3)}" '
            f'text-anchor="end">{_label(row.label, 30)}</text>'
        )
        for index, (start, end) in enumerate(row.pairs):
            cy = y + lane / 2
            if start is not None and end is not None and start != end:
                parts.append(
                    f'<line x1="{_num(x_of(start))}" y1="{_num(cy)}" x2="{_num(x_of(end))}" '
                    f'y2="{_num(cy)}" stroke="{INK}" stroke-width="2"/>'
                )
            if start is not None:
                parts.append(_marker("circle", x_of(start), cy, False))
            if end is not None:
                parts.append(_marker(_END_MARKERS[index % 3], x_of(end), cy, True))
            shown = f"{'–' if start is None else start} → {'–' if end is None else end}"
            if start is not None or end is not None:
                parts.append(
                    f'<text x="{_num(plot_right + 14)}" y="{_num(cy + 4)}" font-size="10">'
                    f"{_text(shown)}</text>"
                )
            y += lane
        y += gap
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class CountRow:
    """One domain: per series (werkwijze) how many cases improved, stayed the same, worsened."""

    label: str
    counts: Sequence[tuple[int, int, int]]


_COUNT_FILLS = (INK, "#fff", None)  # improved solid, same white, worse hatched
_COUNT_NAMES = ("beter", "gelijk", "slechter")


def change_counts(
    prefix: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[CountRow],
    width: float = 640,
) -> str:
    """Per domain and werkwijze a bar of cases split into beter (solid), gelijk (white) and
    slechter (hatched), each part with its count; the series named at the start of its bar.
    A domain no case was scored on is named in the description, not drawn."""
    unscored = [row.label for row in rows if not any(sum(c) for c in row.counts)]
    rows = [row for row in rows if row.label not in unscored]
    if not rows or not series:
        return _empty(prefix, title, "Nog geen scores.", "staafdiagram")
    bar, gap, top = 14.0, 9.0, 30.0
    label_width, name_width = 170.0, 120.0
    plot_left = label_width + name_width
    most = max((sum(c) for row in rows for c in row.counts), default=0) or 1
    plot = width - plot_left - 12
    height = top + (bar * len(series) + gap) * len(rows) + 6
    desc = "; ".join(
        f"{row.label}: "
        + ", ".join(
            f"{name} {improved} beter, {same} gelijk, {worse} slechter"
            for name, (improved, same, worse) in zip(series, row.counts, strict=True)
        )
        for row in rows
    )
    desc = f"Aantal casussen. {desc}."
    if unscored:
        desc += f" Niet gescoord: {', '.join(unscored)}."
    parts = _open_svg(prefix, width, height, title, desc, "staafdiagram")
    x = plot_left
    for index, name in enumerate(_COUNT_NAMES):
        fill = _COUNT_FILLS[index] or f"url(#{prefix}-p1)"
        parts.append(
            f'<rect x="{_num(x)}" y="6" width="14" height="10" fill="{fill}" stroke="{INK}" '
            f'stroke-width="0.8"/><text x="{_num(x + 19)}" y="15">{name}</text>'
        )
        x += 34 + 6.2 * len(name)
    y = top
    for row in rows:
        parts.append(
            f'<text x="{_num(label_width - 8)}" y="{_num(y + bar * len(series) / 2 + 4)}" '
            f'text-anchor="end">{_label(row.label, 28)}</text>'
        )
        for name, counts in zip(series, row.counts, strict=True):
            parts.append(
                f'<text x="{_num(plot_left - 6)}" y="{_num(y + bar - 4)}" font-size="10" '
                f'text-anchor="end">{_label(name, 20)}</text>'
            )
            x = plot_left
            for index, count in enumerate(counts):
                if not count:
                    continue
                w = plot * count / most
                fill = _COUNT_FILLS[index] or f"url(#{prefix}-p1)"
                parts.append(
                    f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
                    f'height="{_num(bar - 2)}" fill="{fill}" stroke="{INK}" stroke-width="0.8"/>'
                )
                # The count inside its part, white on the solid one; a label box of white
                # behind the digits keeps it readable on the hatch.
                colour = "#fff" if index == 0 else INK
                if index == 2:
                    parts.append(
                        f'<rect x="{_num(x + w / 2 - 6)}" y="{_num(y + 1)}" width="12" '
                        f'height="{_num(bar - 4)}" fill="#fff"/>'
                    )
                parts.append(
                    f'<text x="{_num(x + w / 2)}" y="{_num(y + bar - 4)}" font-size="10" '
                    f'text-anchor="middle" fill="{colour}">{count}</text>'
                )
                x += w
            if not sum(counts):
                parts.append(
                    f'<text x="{_num(plot_left)}" y="{_num(y + bar - 4)}" font-size="10">'
                    "niet gescoord</text>"
                )
            y += bar
        y += gap
    parts.append("</svg>")
    return "".join(parts)
