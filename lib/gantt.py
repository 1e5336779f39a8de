"""One time axis per case: the Gantt of all its werkwijzen, drawn as an SVG string.

The werkwijzen lie in lanes, one under the other, on one month axis, so that the reader sees
at a glance how the courses with and without the intervention differ in time. Within a lane
the support items sit in rows per group (in the report: the financier who pays), items that
overlap in time on rows of their own; events are diamonds with a number (the same number the
timeline table prints beside the event, so the long descriptions stay in the table); an event
that lasts draws a thin line to its end. Under the lanes, on the same axis, the cumulative
cost of each werkwijze per month as lines: where they cross, one overtakes the other.

This is a pure function of plain data (no Django, no database), like :mod:`lib.charts`, so the
report and the session screen can draw the same picture from the same call; the session
screen's timeline is meant to use it too rather than draw a second one.

Readable in black and white: the intervention is hatched, other support solid grey, each
werkwijze's cost line has its own dash pattern, and every figure the picture shows is also in
its ``<desc>`` (the PDF's alternative text, see :func:`reports.pdf.finish_tagging`).

Labels are placed from the left edge of the picture (never anchored at their end, where a
long one would run out of the picture and lose its first letters), and the label column is as
wide as the longest label needs, up to a limit beyond which a label is shortened with "…" and
keeps its whole wording in a ``<title>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from lib.charts import (
    INK,
    _crossings,
    _label_step,
    _line_style,
    _month_position,
    _num,
    _open_svg,
    _text,
    month_range,
)
from lib.dutch import month_label

Formatter = Callable[[Decimal], str]

# Sizes in SVG units; the report scales the picture to the page's width (about 0.78 pt per
# unit on a landscape A4 page), the browser to its column.
WIDTH = 980.0
FONT_SIZE = 10.0
# DejaVu Sans Condensed averages about 0.52 em per character in Dutch text; 0.6 errs on the
# wide side, so that a label measured to fit does fit.
CHAR_WIDTH = 0.6
LABEL_MIN, LABEL_MAX = 120.0, 250.0
LANE_HEAD, EVENT_ROW, BAR_ROW, BAR_HEIGHT = 15.0, 11.0, 9.0, 6.5
# A bar is never narrower than this, so that a one-day item is visible and, when it is the
# intervention, at least two stripes of its hatching show (about 2 mm in the PDF).
MIN_BAR = 8.0
LINES_HEIGHT = 100.0
VALUE_ROOM = 84.0  # right of the plot: the final cumulative amounts
TOP = 30.0  # the month labels
LEGEND_WIDTH = 560.0  # the legend of bars and markers, in the first lane's band


@dataclass(frozen=True)
class Item:
    """One timeline item: support is a bar in the row of its ``group``; an event a marker.

    ``mark`` is the event's number as the table prints it; left empty, events are numbered
    1, 2, … per lane in the order given."""

    label: str
    start: date
    end: date
    group: str = ""
    is_event: bool = False
    is_intervention: bool = False
    mark: str = ""
    # For the session screen (the report leaves them empty): the amount drawn beside the bar
    # when ``gantt(amounts=True)``, a key the screen finds the bar by (``data-item``), and
    # whether it has just changed (class ``is-new``, highlighted for a moment).
    amount: str = ""
    key: str = ""
    is_new: bool = False


@dataclass(frozen=True)
class Lane:
    """One werkwijze: its name, its items and, for the text alternative, its totals."""

    name: str
    items: Sequence[Item]
    total: Decimal | None = None
    intervention: Decimal | None = None


@dataclass(frozen=True)
class Cumulative:
    """One werkwijze's cumulative cost at the end of each month of the axis."""

    name: str
    values: Sequence[Decimal]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of ``text`` at ``size``: no font metrics on a server
    that only writes strings, so the estimate errs wide."""
    return len(text) * size * CHAR_WIDTH


def _fit(label: str, room: float, size: float) -> str:
    """``label`` escaped for a <text>; one too wide for ``room`` is cut with "…" and keeps its
    whole wording in a <title> (shown on hover)."""
    if text_width(label, size) <= room:
        return _text(label)
    keep = max(1, int(room / (size * CHAR_WIDTH)) - 1)
    return f"{_text(label[:keep].rstrip())}…<title>{_text(label)}</title>"


def _pack(spans: Sequence[tuple[float, float]], gap: float = 2.0) -> list[int]:
    """Per span (x0, x1) the row it goes on: the first row whose last span ends before it
    starts (spans in order of x0). Greedy interval packing: as few rows as the overlaps
    need, and items that follow each other share a row."""
    ends: list[float] = []
    rows = []
    for x0, x1 in spans:
        for row, end in enumerate(ends):
            if end + gap <= x0:
                ends[row] = x1
                rows.append(row)
                break
        else:
            ends.append(x1)
            rows.append(len(ends) - 1)
    return rows


def _place_amounts(
    items: Sequence[Item],
    spans: Sequence[tuple[float, float]],
    rows: Sequence[int],
    top: float,
    bottom: float,
    width: float,
    k: float,
    size: float,
) -> dict[int, tuple[float, float]]:
    """Where each bar's amount goes (index → baseline x, y), right of its bar, for the
    amounts that fit there: inside the band from ``top`` to ``bottom`` and the picture's
    ``width``, over no bar and no amount already placed. New bars are placed first, then the
    rest from the latest backwards (the room's last words are the ones it looks for); an
    amount that does not fit is left out rather than drawn small or over another."""
    boxes = [
        (x0, top + (1.5 + BAR_ROW * row) * k, x1, top + (1.5 + BAR_ROW * row + BAR_HEIGHT) * k)
        for (x0, x1), row in zip(spans, rows, strict=True)
    ]
    taken = list(boxes)
    size = size * k
    # Amounts are digits and "€": nothing below the baseline, nothing above cap height.
    height = size * 0.75
    placed = {}
    order = sorted(range(len(items)), key=lambda i: (not items[i].is_new, -spans[i][0]))
    for index in order:
        if not items[index].amount:
            continue
        x0, bar_top, x1, bar_bottom = boxes[index]
        wide = text_width(items[index].amount, size)
        # Centred on the bar, moved inside the band where it would leave it.
        upper = (bar_top + bar_bottom) / 2 - height / 2
        upper = min(max(upper, top), bottom - height)
        # Right of its bar only: left of it, it would read as the amount of the bar before.
        left = x1 + 3 * k
        box = (left, upper, left + wide, upper + height)
        if box[2] > width or any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in taken
        ):
            continue
        taken.append(box)
        placed[index] = (left, upper + height)
    return placed


def _hatch(prefix: str) -> str:
    # Denser than lib.charts' hatch, so that a minimum-width bar still shows its stripes.
    return (
        f'<defs><pattern id="{prefix}-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        f'<rect width="1.8" height="4" fill="{INK}"/></pattern></defs>'
    )


def _diamond(x: float, y: float, size: float = 4.5) -> str:
    return (
        f"M{_num(x)} {_num(y - size)} l{_num(size)} {_num(size)} l{_num(-size)} {_num(size)} "
        f"l{_num(-size)} {_num(-size)} z"
    )


def _marks(item: Item, what: str = "") -> str:
    """The attributes by which the session screen finds an item's bar (or, with ``what``, its
    amount) and highlights a new one; nothing for the report's items."""
    found = ""
    if item.key:
        found += f' data-item="{_text(item.key)}"'
        if what:
            found += f' data-{what}="{_text(item.key)}"'
    if item.is_new:
        found += ' class="is-new"'
    return found


def _size(k: float, size: float) -> str:
    """A font-size attribute where the scale changes the inherited one; none at scale 1."""
    return "" if k == 1 else f' font-size="{_num(size * k)}"'


def _legend(prefix: str, x: float, y: float, k: float = 1.0) -> str:
    """What a grey bar, a hatched bar and a diamond mean, in the band of the first lane: in
    the band rather than above the picture, where at the top of a page PDF checkers take a
    line repeated on every case's page for a running header. ``k``: the picture's scale."""
    return (
        f'<rect x="{_num(x)}" y="{_num(y + 3 * k)}" width="{_num(14 * k)}" '
        f'height="{_num(9 * k)}" fill="#999" stroke="{INK}" stroke-width="0.5"/>'
        f'<text x="{_num(x + 19 * k)}" y="{_num(y + 11.5 * k)}"{_size(k, 11)}>ondersteuning</text>'
        f'<rect x="{_num(x + 110 * k)}" y="{_num(y + 3 * k)}" width="{_num(14 * k)}" '
        f'height="{_num(9 * k)}" fill="url(#{prefix}-hatch)" stroke="{INK}" stroke-width="0.5"/>'
        f'<text x="{_num(x + 129 * k)}" y="{_num(y + 11.5 * k)}"{_size(k, 11)}>interventie</text>'
        f'<path d="{_diamond(x + 214 * k, y + 7.5 * k, 4.5 * k)}" fill="{INK}"/>'
        f'<text x="{_num(x + 224 * k)}" y="{_num(y + 11.5 * k)}"{_size(k, 11)}>gebeurtenis met '
        "zijn nummer in de tabel; lijn: de duur</text>"
    )


def _zoomed(
    lanes: Sequence[Lane],
    cumulative: Sequence[Cumulative],
    months: Sequence[date],
    window: tuple[date, date],
) -> tuple[list[Lane], list[Cumulative], list[date], date, list[Decimal]]:
    """The lanes, lines and months of ``window`` alone (within the axis): items outside it
    left out, items across an edge cut off at it; and where each line opens, its value at
    the end of the month before the window (a cumulative line does not start again at 0)."""
    start = max(months[0], window[0].replace(day=1))
    within = [month for month in months if start <= month <= window[1]] or [months[-1]]
    first, last = within[0], _month_end(within[-1])
    lanes = [
        Lane(
            lane.name,
            [
                replace(item, start=max(item.start, first), end=min(item.end, last))
                for item in lane.items
                if item.end >= first and item.start <= last
            ],
            lane.total,
            lane.intervention,
        )
        for lane in lanes
    ]
    offset = months.index(first)
    openings = [line.values[offset - 1] if offset else Decimal(0) for line in cumulative]
    cumulative = [
        Cumulative(line.name, line.values[offset : offset + len(within)]) for line in cumulative
    ]
    return lanes, cumulative, within, last, openings


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _describe(
    lanes: Sequence[Lane],
    months: Sequence[date],
    cumulative: Sequence[Cumulative],
    fmt: Formatter,
) -> str:
    """The picture in words, with its figures: what a screen reader reads instead."""
    parts = [f"Tijdas van {month_label(months[0])} tot en met {month_label(months[-1])}."]
    for lane in lanes:
        supports = [item for item in lane.items if not item.is_event]
        events = [item for item in lane.items if item.is_event]
        groups = {item.group for item in supports if item.group}
        text = f"{lane.name}: {len(supports)} keer ondersteuning"
        if groups:
            text += f" bij {len(groups)} financier{'s' if len(groups) != 1 else ''}"
        text += f", {len(events)} gebeurtenis{'sen' if len(events) != 1 else ''}"
        interventions = sum(1 for item in supports if item.is_intervention)
        if interventions:
            text += f", waarvan {interventions} keer interventie"
        if lane.total is not None:
            text += f"; totaal {fmt(lane.total)}"
        if lane.intervention:
            text += f", waarvan interventie {fmt(lane.intervention)}"
        parts.append(text + ".")
    if cumulative:
        finals = ", ".join(f"{line.name} {fmt(line.values[-1])}" for line in cumulative)
        parts.append(f"Opgetelde kosten aan het eind: {finals}.")
        crossings = _crossings(
            [line.name for line in cumulative], months, [line.values for line in cumulative]
        )
        if crossings:
            text = "; ".join(crossings)
            parts.append(text[0].upper() + text[1:] + ".")
    return " ".join(parts)


def gantt(
    prefix: str,
    title: str,
    lanes: Sequence[Lane],
    first: date,
    last: date,
    cumulative: Sequence[Cumulative] = (),
    fmt: Formatter = str,
    width: float = WIDTH,
    *,
    scale: float = 1.0,
    amounts: bool = False,
    window: tuple[date, date] | None = None,
    lines_height: float = LINES_HEIGHT,
    amount_size: float = 9.0,
) -> str:
    """The Gantt of one case: ``lanes`` (werkwijzen) on the months from ``first``'s to
    ``last``'s, and under them the ``cumulative`` cost lines (one value per month of that
    axis each; none for no lines). ``prefix`` makes the picture's ids unique in its page.

    The session screen's options, which leave the report's picture as it was: ``scale``
    multiplies type, rows and bars (a projector is read from the back of a room);
    ``amounts`` writes each bar's ``Item.amount`` beside it; ``window`` (first, last) zooms
    the axis to those months: items outside it are left out, items across its edges cut
    off there, and the cumulative lines keep their values of those months only;
    ``lines_height`` is the height of the cumulative lines' plot; ``amount_size`` the size of
    the amounts (before ``scale``). An amount larger than its row is drawn only where it
    overlaps no bar and no other amount (:func:`_place_amounts`); every bar keeps its amount
    in its <title>, and the screen's list view writes them all out."""
    months = month_range(first, last)
    for line in cumulative:
        if len(line.values) != len(months):
            raise ValueError(
                f"{line.name!r} has {len(line.values)} values for {len(months)} months"
            )
    for lane in lanes:
        for item in lane.items:
            if item.end < item.start or item.start < months[0] or item.end > last:
                raise ValueError(f"{item.label!r} ({item.start} – {item.end}) outside the axis")
    openings = [Decimal(0)] * len(cumulative)
    if window is not None:
        lanes, cumulative, months, last, openings = _zoomed(lanes, cumulative, months, window)
    k = scale

    groups_per_lane = [
        list(dict.fromkeys(item.group for item in lane.items if not item.is_event))
        for lane in lanes
    ]
    labels = [lane.name for lane in lanes] + [g or "—" for gs in groups_per_lane for g in gs]
    labels += ["gebeurtenissen", "opgetelde kosten"]
    label_width = min(
        LABEL_MAX * k,
        max(LABEL_MIN * k, *(text_width(label, 9.0 * k) + 14 * k for label in labels)),
    )
    right = (VALUE_ROOM if cumulative else 12.0) * k
    plot = width - label_width - right
    per_month = plot / len(months)

    def x_of(day: date, end_of_day: bool = False) -> float:
        return label_width + per_month * _month_position(day, months, end_of_day)

    body: list[str] = []
    top = TOP * k
    y = top
    # Scaled up, the legend keeps the first lane's name whole: it shrinks towards the
    # report's size where a narrow picture (one werkwijze in focus) has no room for both.
    legend_k = k
    if k != 1 and lanes:
        beside = width - 8 - text_width(lanes[0].name, 11 * k) - 16 * k
        legend_k = max(1.0, min(k, beside / LEGEND_WIDTH))
    for index, (lane, groups) in enumerate(zip(lanes, groups_per_lane, strict=True)):
        room = width - 8 - (LEGEND_WIDTH * legend_k if index == 0 else 0)
        body.append(
            f'<rect x="0" y="{_num(y)}" width="{_num(width)}" height="{_num(LANE_HEAD * k)}" '
            'fill="#eee"/>'
            f'<text x="4" y="{_num(y + 12 * k)}" font-weight="bold" font-size="{_num(11 * k)}">'
            f"{_fit(lane.name, room, 11 * k)}</text>"
        )
        if index == 0:
            middle = y + (k - legend_k) * LANE_HEAD / 2  # centred in the band
            body.append(_legend(prefix, width - LEGEND_WIDTH * legend_k, middle, legend_k))
        y += (LANE_HEAD + 2) * k
        events = [item for item in lane.items if item.is_event]
        if events:
            spans, marks = [], []
            for number, event in enumerate(events, start=1):
                mark = event.mark or str(number)
                x0 = x_of(event.start)
                x1 = max(x_of(event.end, end_of_day=True), x0 + 8 * k + text_width(mark, 8.5 * k))
                spans.append((x0 - 5 * k, x1))
                marks.append(mark)
            rows = _pack(spans)
            body.append(
                f'<text x="4" y="{_num(y + 9 * k)}" font-size="{_num(9 * k)}">gebeurtenissen</text>'
            )
            for event, mark, row in zip(events, marks, rows, strict=True):
                cy = y + (EVENT_ROW * row + 6) * k
                x0 = x_of(event.start)
                if event.end > event.start:
                    body.append(
                        f'<line x1="{_num(x0)}" y1="{_num(cy)}" '
                        f'x2="{_num(x_of(event.end, end_of_day=True))}" y2="{_num(cy)}" '
                        f'stroke="{INK}" stroke-width="0.8"/>'
                    )
                when = month_label(event.start)
                # The number right of its diamond, or left of it where it would leave the
                # picture.
                if x0 + 6 * k + text_width(mark, 8.5 * k) > width:
                    number_at = f'x="{_num(x0 - 6 * k)}" text-anchor="end"'
                else:
                    number_at = f'x="{_num(x0 + 6 * k)}"'
                body.append(
                    f'<path d="{_diamond(x0, cy, 4.5 * k)}" fill="{INK}"{_marks(event)}>'
                    f"<title>{_text(mark)}: "
                    f"{_text(when)}, {_text(event.label)}</title></path>"
                    f'<text {number_at} y="{_num(cy - k)}" font-size="{_num(8.5 * k)}">'
                    f"{_text(mark)}</text>"
                )
            y += (EVENT_ROW * (max(rows) + 1) + 2) * k
        for group in groups:
            items = [item for item in lane.items if not item.is_event and item.group == group]
            spans = []
            for item in items:
                x0 = x_of(item.start)
                x1 = max(x_of(item.end, end_of_day=True), x0 + MIN_BAR * k)
                spans.append((x0, x1))
            # An amount beside its bar takes room on the row like the bar itself.
            room = [
                text_width(item.amount, amount_size * k) + 4 * k if amounts and item.amount else 0.0
                for item in items
            ]
            rows = _pack([(x0, x1 + extra) for (x0, x1), extra in zip(spans, room, strict=True)])
            body.append(
                f'<text x="4" y="{_num(y + 7.5 * k)}" font-size="{_num(9 * k)}">'
                f"{_fit(group or '—', label_width - 10, 9 * k)}</text>"
            )
            bottom = y + (BAR_ROW * (max(rows, default=0) + 1) + 3) * k
            placed = (
                _place_amounts(items, spans, rows, y, bottom, width, k, amount_size)
                if amounts
                else {}
            )
            for index, (item, (x0, x1), row) in enumerate(zip(items, spans, rows, strict=True)):
                fill = f"url(#{prefix}-hatch)" if item.is_intervention else "#999"
                what = "interventie: " if item.is_intervention else ""
                amount = f": {item.amount}" if amounts and item.amount else ""
                body.append(
                    f'<rect x="{_num(x0)}" y="{_num(y + (1.5 + BAR_ROW * row) * k)}" '
                    f'width="{_num(x1 - x0)}" height="{_num(BAR_HEIGHT * k)}" fill="{fill}" '
                    f'stroke="{INK}" stroke-width="0.5"{_marks(item)}><title>{what}'
                    f"{_text(item.label)}{_text(amount)}</title></rect>"
                )
                if index in placed:
                    at_x, at_y = placed[index]
                    body.append(
                        f'<text x="{_num(at_x)}" y="{_num(at_y)}" '
                        f'font-size="{_num(amount_size * k)}"{_marks(item, "amount")}>'
                        f"{_text(item.amount)}</text>"
                    )
            y = bottom
        y += 4 * k

    if cumulative:
        # A band with the title and the legend of the lines, then the plot under it.
        y += 8 * k
        body.append(
            f'<rect x="0" y="{_num(y)}" width="{_num(width)}" height="{_num(LANE_HEAD * k)}" '
            'fill="#eee"/>'
            f'<text x="4" y="{_num(y + 12 * k)}" font-weight="bold" font-size="{_num(11 * k)}">'
            "Opgetelde kosten per werkwijze</text>"
        )
        legend_x = 4 + text_width("Opgetelde kosten per werkwijze", 11 * k) + 16 * k
        # The report's legend keeps its measure (names at 10); scaled, the names are measured
        # at the size they are drawn, and cut with "…" where together they would run out of
        # the picture.
        measure = 10.0 if k == 1 else 11 * k
        needed = sum(44 * k + text_width(line.name, measure) for line in cumulative)
        room = (width - legend_x) / len(cumulative) - 44 * k
        for index, line in enumerate(cumulative):
            name = _text(line.name)
            advance = text_width(line.name, measure)
            if k != 1 and legend_x + needed > width:
                name, advance = _fit(line.name, room, measure), min(advance, room)
            body.append(
                f'<line x1="{_num(legend_x)}" y1="{_num(y + 8.5 * k)}" '
                f'x2="{_num(legend_x + 24 * k)}" '
                f'y2="{_num(y + 8.5 * k)}" {_line_style(index)}/>'
                f'<text x="{_num(legend_x + 29 * k)}" y="{_num(y + 12 * k)}"{_size(k, 11)}>'
                f"{name}</text>"
            )
            legend_x += 44 * k + advance
        bottom = y + (LANE_HEAD + 10) * k + lines_height
        values = [value for line in cumulative for value in line.values] + openings
        low, high = min([Decimal(0), *values]), max([Decimal(0), *values])
        span = float(high - low) or 1.0

        def y_of(value: Decimal) -> float:
            return bottom - lines_height * float(value - low) / span

        for value in sorted({low, Decimal(0), high}):
            body.append(
                f'<line x1="{_num(label_width)}" y1="{_num(y_of(value))}" '
                f'x2="{_num(width - right)}" y2="{_num(y_of(value))}" '
                f'stroke="{"#888" if value == 0 else "#ccc"}" stroke-width="0.6"/>'
                f'<text x="{_num(label_width - 6)}" y="{_num(y_of(value) + 3 * k)}" '
                f'font-size="{_num(9 * k)}" '
                f'text-anchor="end">{_text(fmt(value))}</text>'
            )
        for index, (line, opening) in enumerate(zip(cumulative, openings, strict=True)):
            points = [(label_width, y_of(opening))] + [
                (label_width + per_month * (month + 1), y_of(value))
                for month, value in enumerate(line.values)
            ]
            body.append(
                '<polyline points="'
                + " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
                + f'" fill="none" {_line_style(index)}><title>{_text(line.name)}</title>'
                "</polyline>"
            )
        # Final values at the right, pushed apart where lines end close together.
        ends = sorted((y_of(line.values[-1]), fmt(line.values[-1])) for line in cumulative)
        previous = -1e9
        for end_y, text in ends:
            end_y = max(end_y + 3 * k, previous + 11 * k)
            body.append(
                f'<text x="{_num(width - right + 6)}" y="{_num(end_y)}" '
                f'font-size="{_num(10 * k)}">'
                f"{_text(text)}</text>"
            )
            previous = end_y
        y = max(bottom, previous) + 4 * k

    height = y + 6 * k
    parts = _open_svg(
        prefix, width, height, title, _describe(lanes, months, cumulative, fmt), "tijdas"
    )
    parts.append(_hatch(prefix))
    # The months: a short tick for each, a label as often as there is room for one, and
    # under the labels alternate shaded bands of that many months through lanes and lines,
    # to follow a date down. Bands rather than long rules: a grid of thin lines crossing the
    # rows reads to PDF checkers as an untagged table (outloud TBL-014) and adds ink.
    step = _label_step(per_month / k)
    for index, month in enumerate(months):
        x = label_width + per_month * index
        if index % (2 * step) == step:
            band = per_month * min(step, len(months) - index)
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(top - 6 * k)}" width="{_num(band)}" '
                f'height="{_num(height - top)}" fill="#f2f2f2"/>'
            )
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(top - 8 * k)}" x2="{_num(x)}" '
            f'y2="{_num(top - 2 * k)}" '
            f'stroke="{"#222" if month.month == 1 else "#999"}" stroke-width="0.6"/>'
        )
        label = month_label(month)
        if index % step == 0 and x + 2 + text_width(label, 9 * k) <= width:
            parts.append(
                f'<text x="{_num(x + 2)}" y="{_num(top - 10 * k)}" font-size="{_num(9 * k)}">'
                f"{_text(label)}</text>"
            )
    parts += body
    parts.append("</svg>")
    return "".join(parts)
