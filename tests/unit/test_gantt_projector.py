"""The session screen's options of the report's Gantt (lib.gantt): larger type, amounts
beside the bars, a zoomed period and the keys by which a screen finds a bar, while the
report's call draws exactly what it drew before."""

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from decimal import Decimal

from lib import gantt
from lib.dutch import euro

SVG = "{http://www.w3.org/2000/svg}"
FIRST, LAST = date(2017, 1, 1), date(2018, 6, 30)


def _lanes(**extra):
    return [
        gantt.Lane(
            "Met",
            [
                gantt.Item("Melding", date(2017, 1, 5), date(2017, 1, 5), is_event=True, key="1"),
                gantt.Item(
                    "Begeleiding",
                    date(2017, 2, 1),
                    date(2017, 11, 30),
                    "ondersteuning",
                    amount="€ 1.200",
                    key="2",
                    **extra,
                ),
                gantt.Item(
                    "Tandarts",
                    date(2018, 3, 3),
                    date(2018, 3, 3),
                    "ondersteuning",
                    is_intervention=True,
                    amount="€ 437",
                    key="3",
                ),
            ],
            Decimal(1637),
            Decimal(437),
        ),
        gantt.Lane(
            "Zonder",
            [
                gantt.Item(
                    "GGZ",
                    date(2017, 1, 1),
                    date(2018, 6, 30),
                    "ondersteuning",
                    amount="€ 1.500",
                    key="4",
                )
            ],
            Decimal(1500),
        ),
    ]


def _cumulative():
    return [
        gantt.Cumulative("Met", [Decimal(100 * n) for n in range(1, 19)]),
        gantt.Cumulative("Zonder", [Decimal(80 * n) for n in range(1, 19)]),
    ]


def _draw(lanes=None, **options):
    return gantt.gantt(
        "g", "Tijdas", lanes or _lanes(), FIRST, LAST, _cumulative(), fmt=euro, **options
    )


def test_it_leaves_the_reports_picture_without_the_screens_marks():
    # The report's items carry no amount, key or newness; its call passes no option.
    lanes = [
        replace(lane, items=[replace(i, amount="", key="", is_new=False) for i in lane.items])
        for lane in _lanes(is_new=True)
    ]
    svg = _draw(lanes)
    for mark in ("data-item", "data-amount", "is-new", "€ 1.200"):
        assert mark not in svg
    # And the amounts are written only when asked for, even where items carry them.
    assert "€ 1.200" not in _draw()


def test_it_writes_the_amount_beside_each_bar():
    root = ET.fromstring(_draw(amounts=True))
    amounts = {t.get("data-amount"): t for t in root.iter(f"{SVG}text") if t.get("data-amount")}
    assert {key: t.text for key, t in amounts.items()} == {
        "2": "€ 1.200",
        "3": "€ 437",
        "4": "€ 1.500",
    }
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("data-item") == "2")
    # Just right of its bar's end, on the bar's row.
    right = float(bar.get("x")) + float(bar.get("width"))
    assert right < float(amounts["2"].get("x")) < right + 5
    assert float(bar.get("y")) < float(amounts["2"].get("y")) < float(bar.get("y")) + 10


def test_it_marks_a_new_item_for_the_screen_to_highlight():
    root = ET.fromstring(_draw(_lanes(is_new=True), amounts=True))
    new = [e for e in root.iter() if e.get("class") == "is-new"]
    assert [(e.tag, e.get("data-item")) for e in new] == [(f"{SVG}rect", "2"), (f"{SVG}text", "2")]


def test_it_scales_type_rows_and_bars():
    plain, large = ET.fromstring(_draw()), ET.fromstring(_draw(scale=2))
    # Everything but the cumulative lines' plot (its own height, lines_height) doubles.
    assert float(large.get("height")) > 1.5 * float(plain.get("height"))
    months = [t for t in large.iter(f"{SVG}text") if t.text == "jan 2017"]
    assert months[0].get("font-size") == "18"
    bars = [r for r in large.iter(f"{SVG}rect") if r.get("data-item") == "3"]
    assert float(bars[0].get("width")) >= 2 * gantt.MIN_BAR  # a one-day item, still visible


def test_a_window_zooms_the_axis_to_its_months():
    root = ET.fromstring(_draw(window=(date(2017, 6, 1), date(2017, 11, 30)), amounts=True))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "jun 2017" in labels and "mei 2017" not in labels and "dec 2017" not in labels
    keys = {r.get("data-item") for r in root.iter(f"{SVG}rect") if r.get("data-item")}
    assert keys == {"2", "4"}  # the event of January and the dentist of 2018 left out
    # The long items run from edge to edge of the plot, cut off at the window.
    bars = {r.get("data-item"): r for r in root.iter(f"{SVG}rect") if r.get("data-item")}
    assert bars["2"].get("x") == bars["4"].get("x")
    # The cumulative lines end at the window's last month: November 2017, month 11.
    assert "Met € 1.100" in root.find(f"{SVG}desc").text
    assert "Tijdas van jun 2017 tot en met nov 2017." in root.find(f"{SVG}desc").text


def test_a_zoomed_cost_line_opens_where_it_stood_before_the_window():
    root = ET.fromstring(_draw(window=(date(2017, 6, 1), date(2017, 11, 30))))
    met = next(p for p in root.iter(f"{SVG}polyline") if p.find(f"{SVG}title").text == "Met")
    points = [tuple(map(float, point.split(","))) for point in met.get("points").split()]
    zero = next(
        float(line.get("y1"))
        for line in root.iter(f"{SVG}line")
        if line.get("stroke") == "#888"  # the zero rule
    )
    # Met stood at € 500 at the end of May: its line opens above the zero rule.
    assert points[0][1] < zero - 10
    assert len(points) == 7  # the opening and the window's six months


def test_a_scaled_legend_cuts_names_that_would_leave_the_picture():
    long = "Met een heel lange naam voor een werkwijze die zo niet past"
    lines = [gantt.Cumulative(long, [Decimal(n) for n in range(18)])] * 3
    svg = gantt.gantt("g", "Tijdas", _lanes(), FIRST, LAST, lines, fmt=euro, scale=2)
    root = ET.fromstring(svg)
    legend = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("Met e")]
    assert len(legend) == 3
    for text in legend:
        assert text.text.endswith("…") and text.find(f"{SVG}title").text == long
        assert float(text.get("x")) < 980


def test_amounts_larger_than_a_row_are_drawn_only_where_they_cover_nothing():
    # Three bars stacked on three rows, each ending before the one below it: an amount of 15
    # (taller than a row of 9) right of the upper bars would lie over the bars under them.
    ends = [date(2017, 3, 31), date(2017, 4, 30), date(2017, 5, 31)]
    items = [
        gantt.Item(
            f"Hulp {n}", date(2017, 2, 1), end, "ondersteuning", amount=f"€ {n}00", key=f"{n}"
        )
        for n, end in enumerate(ends, start=1)
    ]
    svg = _draw([gantt.Lane("Met", items, Decimal(600))], amounts=True, amount_size=15)
    root = ET.fromstring(svg)
    bars = {r.get("data-item"): r for r in root.iter(f"{SVG}rect") if r.get("data-item")}
    drawn = [t for t in root.iter(f"{SVG}text") if t.get("data-amount")]
    assert 1 <= len(drawn) < len(items)
    boxes = []
    for text in drawn:
        size = float(text.get("font-size"))
        assert size == 15
        x, y = float(text.get("x")), float(text.get("y"))
        boxes.append((x, y - 0.75 * size, x + gantt.text_width(text.text, size), y))
    for bar in bars.values():
        x, y = float(bar.get("x")), float(bar.get("y"))
        w, h = float(bar.get("width")), float(bar.get("height"))
        for box in boxes:
            assert not (box[0] < x + w and x < box[2] and box[1] < y + h and y < box[3])
    # The amounts left out stay with their bars, for a pointer and the list view.
    left_out = next(key for key in bars if key not in {t.get("data-amount") for t in drawn})
    assert bars[left_out].find(f"{SVG}title").text == f"Hulp {left_out}: € {left_out}00"


def test_one_lane_in_focus_keeps_its_name_beside_a_smaller_legend():
    """At scale 2 on the focus view's narrow picture the legend would cover the lane's name
    (it did: "N…"); it shrinks instead, never below the report's size."""
    lanes = [replace(_lanes()[0], name="Niets doen")]
    root = ET.fromstring(_draw(lanes, width=1100, scale=2.0, amounts=True))
    texts = list(root.iter(f"{SVG}text"))
    name = next(t for t in texts if (t.text or "").startswith("Niets"))
    assert name.text == "Niets doen"
    legend = next(t for t in texts if t.text == "ondersteuning")
    swatch_x = float(legend.get("x")) - 19 * float(legend.get("font-size")) / 11
    assert swatch_x > 4 + gantt.text_width("Niets doen", 22)
    assert 11 <= float(legend.get("font-size")) < 22
