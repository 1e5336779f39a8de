"""The SVG charts: well-formed, labelled for screen readers, readable in black and white,
and safe with any label a user typed."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from lib import charts
from lib.sensitivity import Bar

SVG = "{http://www.w3.org/2000/svg}"


def _euro(value):
    return f"€ {value}"


def _bars(**kwargs):
    options = {
        "prefix": "c1",
        "title": "Kosten per werkwijze per casus",
        "series": ["Met", "Zonder"],
        "groups": [
            charts.BarGroup("1 Gebit", [Decimal(16329), Decimal(10640)]),
            charts.BarGroup("2 Dansen", [Decimal(39441), Decimal(81919)]),
        ],
        "fmt": _euro,
    }
    return ET.fromstring(charts.grouped_bars(**(options | kwargs)))


def _bar_rects(svg):
    return [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "11"]


def test_it_draws_one_bar_per_value_scaled_to_the_largest():
    rects = _bar_rects(_bars())
    widths = [float(r.get("width")) for r in rects]
    assert len(rects) == 4
    assert max(widths) == widths[3]  # 81.919 is the longest
    assert abs(widths[0] / widths[3] - 16329 / 81919) < 0.01


def test_it_labels_every_bar_with_its_value():
    texts = [t.text for t in _bars().iter(f"{SVG}text")]
    for value in ("€ 16329", "€ 10640", "€ 39441", "€ 81919"):
        assert value in texts


def test_it_is_an_image_with_a_title_and_a_description():
    svg = _bars()
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Kosten per werkwijze per casus"
    assert "2 Dansen: Met € 39441, Zonder € 81919" in svg.find(f"{SVG}desc").text


def test_it_tells_the_series_apart_without_colour():
    fills = {r.get("fill") for r in _bar_rects(_bars())}
    assert fills == {"#555", "url(#c1-p1)"}  # a solid and a hatch pattern
    assert _bars().find(f"{SVG}defs/{SVG}pattern[@id='c1-p1']") is not None


def test_it_draws_negative_values_left_of_the_zero_line():
    svg = _bars(groups=[charts.BarGroup("Verschil", [Decimal(-5689), Decimal(42478)])])
    negative, positive = _bar_rects(svg)
    assert float(negative.get("x")) + float(negative.get("width")) <= float(positive.get("x"))


def test_it_escapes_labels():
    markup = charts.grouped_bars(
        "c2", "<script>", ["<b>x</b>"], [charts.BarGroup('"><script>alert(1)</script>', [1])]
    )
    assert "<script" not in markup
    assert "<b>" not in markup
    ET.fromstring(markup)


def test_it_counts_the_months_from_the_first_to_the_last():
    months = charts.month_range(date(2016, 9, 15), date(2018, 6, 1))
    assert months[0] == date(2016, 9, 1)
    assert months[-1] == date(2018, 6, 1)
    assert len(months) == 22
    assert charts.month_label(date(2016, 9, 1)) == "sep 2016"


def _timeline():
    bars = [
        charts.TimelineBar("Melding", date(2016, 9, 1), date(2016, 9, 1), is_event=True),
        charts.TimelineBar("Begeleiding", date(2016, 9, 1), date(2016, 12, 31)),
        charts.TimelineBar("Budget", date(2016, 11, 1), date(2016, 11, 30), is_intervention=True),
    ]
    return ET.fromstring(
        charts.timeline("t1", "Tijdlijn", bars, date(2016, 9, 1), date(2016, 12, 31))
    )


def test_it_draws_support_as_bars_over_the_months_and_events_as_marks():
    svg = _timeline()
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "8"]
    assert len(bars) == 2
    begeleiding, budget = bars
    # Four months: the whole period spans four times the width of November alone.
    assert abs(float(begeleiding.get("width")) / float(budget.get("width")) - 4) < 0.15
    assert budget.get("fill") == "url(#t1-p1)"  # the intervention is hatched
    assert [
        p.find(f"{SVG}title").text
        for p in svg.iter(f"{SVG}path")
        if p.find(f"{SVG}title") is not None
    ] == ["Melding"]


def test_it_labels_the_months_on_the_time_axis():
    texts = [t.text for t in _timeline().iter(f"{SVG}text")]
    assert {"sep 2016", "okt 2016", "nov 2016", "dec 2016"} <= set(texts)
    assert "2 keer ondersteuning en 1 gebeurtenissen" in _timeline().find(f"{SVG}desc").text


def test_a_long_label_is_cut_and_keeps_its_whole_wording_in_a_title():
    long = "Begeleiding door het Dorpenteam bij de aanvraag van bijzondere bijstand"
    bars = [charts.TimelineBar(long, date(2016, 9, 1), date(2016, 10, 31))]
    svg = ET.fromstring(
        charts.timeline("t2", "Tijdlijn", bars, date(2016, 9, 1), date(2016, 10, 31))
    )
    [label] = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert label.text.endswith("…") and len(label.text) == 42
    assert label.find(f"{SVG}title").text == long
    short = [t.text for t in _timeline().iter(f"{SVG}text")]
    assert "Begeleiding" in short  # short labels stay whole, without a title
    assert not [t for t in _timeline().iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]


# Tornado ------------------------------------------------------------------------------------


def charts_bar(name, low, high):
    return Bar(name, Decimal(low), Decimal(high), Decimal(19480))


def _tornado(bars=None):
    if bars is None:
        bars = [
            charts_bar("Pleeggezin", "15880", "23080"),
            charts_bar("Klantmanager", "19288", "19672"),
        ]
    markup = charts.tornado("k1", "Wat het verschil drijft", bars, Decimal(19480), _euro)
    return ET.fromstring(markup)


def test_a_tornado_draws_each_price_around_the_central_verschil():
    svg = _tornado()
    rects = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "12"]
    assert len(rects) == 4  # a low and a high half per price
    [centre] = list(svg.iter(f"{SVG}line"))
    x = float(centre.get("x1"))
    low_half, high_half = rects[:2]
    assert abs(float(low_half.get("x")) + float(low_half.get("width")) - x) < 0.2
    assert abs(float(high_half.get("x")) - x) < 0.2
    assert low_half.get("fill") != high_half.get("fill")  # apart without colour
    # The widest price comes first, as given, and is wider than the second.
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] + widths[1] > widths[2] + widths[3]


def test_a_tornado_writes_the_values_and_says_them_in_its_description():
    svg = _tornado()
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"€ 15880", "€ 23080", "€ 19288", "€ 19672", "verschil € 19480"} <= set(texts)
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("Verschil € 19480.")
    assert "Pleeggezin van € 15880 tot € 23080; Klantmanager van € 19288 tot € 19672" in desc


def test_a_tornado_cuts_a_long_name_and_keeps_it_in_a_title():
    long = "Begeleiding door het Dorpenteam bij de aanvraag van bijzondere bijstand"
    svg = _tornado([charts_bar(long, "19000", "19960")])
    [label] = [t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert label.text.endswith("…") and len(label.text) == 30
    assert label.find(f"{SVG}title").text == long


def test_a_tornado_escapes_every_text():
    markup = charts.tornado(
        "k2", "<script>", [charts_bar('"><script>alert(1)</script>', "1", "2")], Decimal(1)
    )
    assert "<script" not in markup
    ET.fromstring(markup)


def test_a_tornado_without_bars_says_there_is_no_price_with_a_margin():
    svg = _tornado([])
    [text] = [t.text for t in svg.iter(f"{SVG}text")]
    assert text == "Geen prijs met een marge; het verschil blijft € 19480."
    assert svg.find(f"{SVG}desc").text == text
    assert svg.get("role") == "img"


# Cumulative lines ---------------------------------------------------------------------------

MONTHS = charts.month_range(date(2016, 9, 1), date(2016, 12, 1))


def _lines(names=("Met", "Zonder"), months=MONTHS, series=None):
    if series is None:
        series = [
            [Decimal(v) for v in (5000, 5500, 6000, 6500)],  # the intervention up front
            [Decimal(v) for v in (2000, 4500, 7000, 9500)],
        ]
    markup = charts.cumulative_lines("g1", "Kosten opgeteld", names, months, series, _euro)
    return ET.fromstring(markup)


def test_it_draws_one_dashed_line_per_werkwijze_from_zero():
    svg = _lines()
    lines = list(svg.iter(f"{SVG}polyline"))
    assert [line.find(f"{SVG}title").text for line in lines] == ["Met", "Zonder"]
    assert all(len(line.get("points").split()) == 5 for line in lines)  # zero + 4 months
    starts = {line.get("points").split()[0] for line in lines}
    assert len(starts) == 1  # both start at zero before the first month
    dashes = [line.get("stroke-dasharray") for line in lines]
    assert dashes[0] is None and dashes[1]  # solid and dashed: apart in black and white
    legend = [line.get("stroke-dasharray") for line in svg.iter(f"{SVG}line")][:2]
    assert legend == dashes


def test_it_labels_the_months_and_the_final_values():
    texts = [t.text for t in _lines().iter(f"{SVG}text")]
    assert {"sep 2016", "okt 2016", "nov 2016", "dec 2016"} <= set(texts)
    assert {"€ 6500", "€ 9500", "Met", "Zonder"} <= set(texts)


def test_it_thins_the_month_labels_when_there_are_many():
    months = charts.month_range(date(2016, 1, 1), date(2020, 12, 1))
    series = [[Decimal(i) for i in range(len(months))]]
    texts = [t.text for t in _lines(["Met"], months, series).iter(f"{SVG}text")]
    labels = [t for t in texts if t and t[:3] in ("jan", "feb", "mrt", "apr", "mei", "jun")]
    assert "jan 2016" in labels
    assert len(labels) < len(months) / 2


def test_its_description_gives_the_final_values_and_where_the_lines_cross():
    desc = _lines().find(f"{SVG}desc").text
    assert desc == (
        "Cumulatieve kosten per maand van sep 2016 tot en met dec 2016. Aan het eind: "
        "Met € 6500, Zonder € 9500. Met en Zonder wisselen van plaats in nov 2016."
    )


def test_cumulative_lines_escape_every_text():
    markup = charts.cumulative_lines(
        "g2", "<script>", ['"><script>alert(1)</script>'], MONTHS[:1], [[Decimal(1)]]
    )
    assert "<script" not in markup
    ET.fromstring(markup)


def test_cumulative_lines_without_months_or_series_say_so():
    for names, months, series in (([], MONTHS, []), (["Met"], [], [[]])):
        svg = _lines(names, months, series)
        assert [t.text for t in svg.iter(f"{SVG}text")] == ["Geen kosten per maand om te tonen."]
    with pytest.raises(ValueError):
        _lines(["Met"], MONTHS, [[Decimal(1)]])


# The diverging bars of the bestuurlijke samenvatting -----------------------------------------


def _diverging(**kwargs):
    options = {
        "prefix": "d1",
        "title": "Verschil per casus",
        "rows": [
            charts.DivergingRow("1 Gebit", Decimal(-5689), Decimal(-9945), Decimal(-1433)),
            charts.DivergingRow("2 Dansen", Decimal(42478)),
        ],
        "fmt": _euro,
        "total": charts.DivergingRow("Totaal", Decimal(36789), Decimal(-10), Decimal(80000)),
    }
    return ET.fromstring(charts.diverging_bars(**(options | kwargs)))


def _value_bars(svg):
    return [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "14"]


def _zero_x(svg) -> float:
    lines = [line for line in svg.iter(f"{SVG}line") if line.get("x1") == line.get("x2")]
    return float(lines[-1].get("x1"))


def test_diverging_bars_put_a_saving_right_and_extra_cost_left_of_zero():
    svg = _diverging()
    zero = _zero_x(svg)
    cost, saving, total = _value_bars(svg)
    assert float(cost.get("x")) + float(cost.get("width")) == pytest.approx(zero, abs=0.1)
    assert float(saving.get("x")) == pytest.approx(zero, abs=0.1)
    assert float(total.get("x")) == pytest.approx(zero, abs=0.1)
    # Told apart in black and white: extra cost hatched, a saving solid.
    assert cost.get("fill") == "url(#d1-p1)"
    assert saving.get("fill") == "#555"
    # Scaled alike: 42.478 is about 7.5 times 5.689.
    ratio = float(saving.get("width")) / float(cost.get("width"))
    assert ratio == pytest.approx(42478 / 5689, rel=0.02)


def test_diverging_bars_write_every_amount_and_range_as_text():
    svg = _diverging()
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    for amount in ("€ -5689", "€ 42478", "€ 36789"):
        assert amount in texts
    assert {"1 Gebit", "2 Dansen", "Totaal"} <= set(texts)
    desc = svg.find(f"{SVG}desc").text
    assert "Positief is besparing, negatief is meerkosten." in desc
    assert "1 Gebit: € -5689 (meerkosten), bandbreedte € -9945 tot € -1433" in desc
    assert "2 Dansen: € 42478 (besparing);" in desc
    assert "Totaal: € 36789 (besparing), bandbreedte € -10 tot € 80000." in desc
    assert svg.get("role") == "img" and svg.get("aria-roledescription") == "staafdiagram"


def test_diverging_bars_draw_a_whisker_only_where_there_is_a_range():
    svg = _diverging()
    whiskers = [p for p in svg.iter(f"{SVG}path") if "H" in (p.get("d") or "")]
    assert len(whiskers) == 2  # 1 Gebit and the total; 2 Dansen is exact
    # The range's low end lies left of zero for the total, which is a saving in the middle.
    low_end = float(whiskers[1].get("d").split()[0][1:])
    assert low_end < _zero_x(svg)


def test_diverging_bars_set_the_total_apart_in_bold():
    svg = _diverging()
    bold = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text") if t.get("font-weight")]
    assert bold == ["Totaal", "€ 36789"]


def test_diverging_bars_take_their_own_words_for_the_two_sides():
    svg = _diverging(positive="bespaart", negative="betaalt meer", total=None)
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("Positief is bespaart, negatief is betaalt meer.")
    assert "Totaal" not in desc


def test_diverging_bars_escape_every_text():
    svg = charts.diverging_bars(
        "d2", "<script>", [charts.DivergingRow('<b>"x"</b>', Decimal(1))], fmt=_euro
    )
    ET.fromstring(svg)
    assert "<script>" not in svg and "<b>" not in svg


def test_diverging_bars_without_rows_say_so():
    svg = ET.fromstring(charts.diverging_bars("d3", "Verschil", [], fmt=_euro))
    assert "Geen bedragen om te tonen." in "".join(svg.itertext())


def test_grouped_bars_leave_room_for_a_long_financier_name():
    svg = _bars(
        groups=[charts.BarGroup("Gemeente – Schuldhulpverlening", [Decimal(1), Decimal(2)])]
    )
    label = next(t for t in svg.iter(f"{SVG}text") if "".join(t.itertext()).startswith("Gemeente"))
    # Right-aligned at its x: about 6 points per character must fit left of it.
    assert float(label.get("x")) >= 6 * len("Gemeente – Schuldhulpverlening")
