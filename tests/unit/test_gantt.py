"""The one time axis per case (lib.gantt): lanes per werkwijze on one month axis, a minimum
bar width, numbered events, labels that stay inside the picture, cumulative cost lines under
it and a text alternative with the figures."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from lib import gantt
from lib.dutch import euro

SVG = "{http://www.w3.org/2000/svg}"
FIRST, LAST = date(2017, 1, 1), date(2018, 6, 30)
MONTHS = 18


def _lanes():
    return [
        gantt.Lane(
            "Met Village Deal",
            [
                gantt.Item("Melding", date(2017, 1, 5), date(2017, 1, 5), is_event=True),
                gantt.Item("Vrijwilliger", date(2017, 2, 1), date(2018, 6, 1), is_event=True),
                gantt.Item("Wajong", date(2017, 1, 1), date(2018, 6, 30), "UWV"),
                gantt.Item("Gezinshulp", date(2017, 3, 1), date(2017, 8, 31), "Gemeente – Jeugd"),
                gantt.Item("Crisis", date(2017, 6, 1), date(2017, 9, 30), "Gemeente – Jeugd"),
                gantt.Item("Nazorg", date(2017, 10, 1), date(2017, 12, 31), "Gemeente – Jeugd"),
                gantt.Item(
                    "Container",
                    date(2018, 5, 15),
                    date(2018, 5, 15),
                    "Gemeente – Schuldhulpverlening",
                    is_intervention=True,
                ),
            ],
            Decimal(264940),
            Decimal(2760),
        ),
        gantt.Lane(
            "Zonder Village Deal",
            [
                gantt.Item("Uithuisplaatsing", date(2018, 1, 5), date(2018, 1, 5), is_event=True),
                gantt.Item("Geschat verloop", date(2018, 1, 5), date(2018, 6, 12), "Overig"),
            ],
            Decimal(261377),
        ),
    ]


def _cumulative():
    met = [Decimal(15000 * (n + 1)) for n in range(MONTHS)]
    zonder = [Decimal(0)] * 12 + [Decimal(50000 * (n + 1)) for n in range(6)]
    return [
        gantt.Cumulative("Met Village Deal", met),
        gantt.Cumulative("Zonder Village Deal", zonder),
    ]


def _draw(**kwargs) -> ET.Element:
    svg = gantt.gantt("g1", "Tijdas casus 3", _lanes(), FIRST, LAST, _cumulative(), euro, **kwargs)
    return ET.fromstring(svg)


def _bars(svg):
    return {
        r.find(f"{SVG}title").text: r
        for r in svg.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }


def _viewbox(svg):
    return [float(v) for v in svg.get("viewBox").split()]


def test_it_puts_each_werkwijze_in_a_lane_one_under_the_other_on_one_axis():
    svg = _draw()
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.index("Met Village Deal") < texts.index("Zonder Village Deal")
    bars = _bars(svg)
    # One axis: the two lanes' bars that start on the same day start at the same x.
    assert bars["Wajong"].get("x") == gantt._num(float(bars["Wajong"].get("x")))
    wajong_y = float(bars["Wajong"].get("y"))
    geschat_y = float(bars["Geschat verloop"].get("y"))
    assert geschat_y > wajong_y
    # The whole case period is 18 months; Wajong spans all of it, so the other lane's
    # five and a half months are about 5.4/18 of its width.
    ratio = float(bars["Geschat verloop"].get("width")) / float(bars["Wajong"].get("width"))
    assert abs(ratio - 159 / 546) < 0.02


def test_it_packs_items_that_follow_each_other_on_one_row_and_overlaps_apart():
    bars = _bars(_draw())
    # Gezinshulp (mar–aug) and Nazorg (okt–dec) follow each other: one row; Crisis overlaps
    # Gezinshulp: a row of its own under it.
    assert bars["Gezinshulp"].get("y") == bars["Nazorg"].get("y")
    assert float(bars["Crisis"].get("y")) > float(bars["Gezinshulp"].get("y"))


def test_a_one_day_item_is_at_least_the_minimum_width_and_hatched_when_intervention():
    container = _bars(_draw())["interventie: Container"]
    assert float(container.get("width")) >= gantt.MIN_BAR
    assert container.get("fill") == "url(#g1-hatch)"
    assert _bars(_draw())["Wajong"].get("fill") == "#999"


def test_it_numbers_the_events_and_draws_how_long_one_lasts():
    svg = _draw()
    markers = [p for p in svg.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    titles = [p.find(f"{SVG}title").text for p in markers]
    assert titles == [
        "1: jan 2017, Melding",
        "2: feb 2017, Vrijwilliger",
        "1: jan 2018, Uithuisplaatsing",
    ]
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("1") == 2 and texts.count("2") == 1
    # Given marks win over the counting (the table's numbers).
    lanes = [gantt.Lane("A", [gantt.Item("X", FIRST, FIRST, is_event=True, mark="7")])]
    again = ET.fromstring(gantt.gantt("g2", "T", lanes, FIRST, LAST))
    assert "7" in [t.text for t in again.iter(f"{SVG}text")]


def test_every_label_starts_inside_the_picture_and_none_is_clipped():
    svg = _draw()
    x0, _, width, _ = _viewbox(svg)
    for text in svg.iter(f"{SVG}text"):
        x = float(text.get("x"))
        words = "".join(text.itertext())
        if text.get("text-anchor") == "end":
            assert x - gantt.text_width(words, float(text.get("font-size", 10))) >= x0, words
        else:
            assert x >= x0, words
            size = float(text.get("font-size", gantt.FONT_SIZE))
            shown = text.text or ""
            assert x + gantt.text_width(shown, size) <= width + 1, shown
    # The financier that lost its first letter in the old chart is whole.
    assert "Gemeente – Schuldhulpverlening" in [t.text for t in svg.iter(f"{SVG}text")]


def test_a_label_too_long_for_the_column_is_shortened_with_its_wording_in_a_title():
    long = "Gemeentelijke dienst voor schuldhulpverlening, budgetbeheer en inkomensondersteuning"
    lanes = [gantt.Lane("A", [gantt.Item("X", FIRST, LAST, long)])]
    svg = ET.fromstring(gantt.gantt("g3", "T", lanes, FIRST, LAST))
    [label] = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert label.text.endswith("…")
    assert label.find(f"{SVG}title").text == long
    assert gantt.text_width(label.text, 9) <= gantt.LABEL_MAX


def test_it_draws_the_cumulative_costs_under_the_lanes_and_says_where_they_cross():
    svg = _draw()
    lines = list(svg.iter(f"{SVG}polyline"))
    assert [line.find(f"{SVG}title").text for line in lines] == [
        "Met Village Deal",
        "Zonder Village Deal",
    ]
    lowest_bar = max(float(r.get("y")) for r in _bars(svg).values())
    for line in lines:
        ys = [float(point.split(",")[1]) for point in line.get("points").split()]
        assert min(ys) > lowest_bar
        assert len(ys) == MONTHS + 1  # from zero, then the end of every month
    # The dash patterns tell the lines apart in black and white.
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")


def test_its_text_alternative_carries_the_figures():
    desc = _draw().find(f"{SVG}desc").text
    assert "Tijdas van jan 2017 tot en met jun 2018." in desc
    assert "Met Village Deal: 5 keer ondersteuning bij 3 financiers, 2 gebeurtenissen" in desc
    assert "waarvan 1 keer interventie; totaal € 264.940, waarvan interventie € 2.760" in desc
    assert "Zonder Village Deal: 1 keer ondersteuning bij 1 financier, 1 gebeurtenis" in desc
    assert "Opgetelde kosten aan het eind: Met Village Deal € 270.000" in desc
    assert "Met Village Deal en Zonder Village Deal wisselen van plaats in jun 2018" in desc
    assert _draw().get("aria-roledescription") == "tijdas"


def test_it_refuses_figures_that_do_not_fit_its_axis():
    with pytest.raises(ValueError, match="values for 18 months"):
        gantt.gantt("g", "T", [], FIRST, LAST, [gantt.Cumulative("A", [Decimal(1)])])
    late = [gantt.Lane("A", [gantt.Item("X", FIRST, date(2019, 1, 1), "F")])]
    with pytest.raises(ValueError, match="outside the axis"):
        gantt.gantt("g", "T", late, FIRST, LAST)


def test_it_escapes_what_it_is_given():
    lanes = [gantt.Lane("<b>A</b>", [gantt.Item("<script>x</script>", FIRST, LAST, "F&G")])]
    svg = gantt.gantt("g", "T", lanes, FIRST, LAST)
    assert "<script>" not in svg and "<b>" not in svg
    assert "F&amp;G" in svg
