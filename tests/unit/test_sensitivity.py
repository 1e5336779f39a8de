"""lib.sensitivity: the tornado of prices, the tipping share and the verschil after deadweight
and attribution.

No database: lines are plain costing.Line objects with a hardness, as in test_firmness.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.costing import Line
from lib.firmness import HARDNESSES, FirmLine, Margins, difference_range
from lib.sensitivity import (
    Bar,
    adjusted_difference,
    tipping_sentence,
    tipping_share,
    tornado,
)

D = Decimal
DAY = date(2020, 1, 1)
MARGINS = Margins()  # 0, 15 and 40 %


def fixed(amount, hardness="", scenario="met", description="Bedrag"):
    line = Line(DAY, DAY, fixed_amount=D(amount), scenario=scenario)
    return FirmLine(line, hardness, description=description)


def priced(code, price, quantity, hardness="", scenario="met", unit="uur", name=None):
    line = Line(
        DAY,
        DAY,
        price_code=code,
        unit=unit,
        price=D(price),
        quantity=D(quantity),
        scenario=scenario,
    )
    return FirmLine(line, hardness, name=name or code)


def placement(months, scenario="zonder", hardness="onderbouwd"):
    return priced("PLEEG", "2000", months, hardness, scenario, "maand", "Pleeggezin")


# Tornado ------------------------------------------------------------------------------------


def test_it_moves_one_price_at_a_time():
    reference = [placement("12"), priced("KM", "80", "10", "aanname", "zonder")]
    scenario = [priced("KM", "80", "4", "aanname"), fixed("5000", "hard", description="Budget")]
    # verschil 24.800 − 5.320 = 19.480; placement 24.000 ± 3.600, hours netted 480 ± 192.
    bars = tornado(reference, scenario, MARGINS)
    assert bars == [
        Bar("Pleeggezin", D("15880.00"), D("23080.00"), D("19480.00")),
        Bar("KM", D("19288.00"), D("19672.00"), D("19480.00")),
    ]
    assert bars[0].swing == D("7200.00")


def test_a_hard_price_has_no_bar():
    reference = [placement("12", hardness="hard"), fixed("1000", "hard", "zonder")]
    scenario = [fixed("300", "aanname", description="Budget")]
    assert [bar.name for bar in tornado(reference, scenario, MARGINS)] == ["Budget"]
    assert tornado([placement("12", hardness="hard")], [], MARGINS) == []


def test_a_price_used_alike_on_both_sides_has_no_bar():
    reference = [priced("KM", "80", "5", "aanname", "zonder")]
    scenario = [priced("KM", "80", "5", "aanname")]
    assert tornado(reference, scenario, MARGINS) == []


def test_its_extremes_are_the_range_when_only_one_price_has_a_margin():
    reference = [
        placement("12", hardness="hard"),
        priced("KM", "80", "10", "aanname", "zonder"),
        fixed("1000", "hard", "zonder"),
    ]
    scenario = [priced("KM", "80", "4", "aanname"), fixed("5000", "hard")]
    [bar] = tornado(reference, scenario, MARGINS)
    span = difference_range(reference, scenario, MARGINS)
    assert (bar.low, bar.central, bar.high) == (span.low, span.central, span.high)


def test_it_sorts_by_swing_and_keeps_the_limit():
    reference = [
        fixed("100", "aanname", "zonder", "Klein"),
        fixed("1000", "aanname", "zonder", "Groot"),
        fixed("500", "onderbouwd", "zonder", "Midden"),
        fixed("500", "onderbouwd", "zonder", "Ander midden"),
    ]
    bars = tornado(reference, [], MARGINS)
    # 400, 75, 75 (a tie, by name), 40.
    assert [bar.name for bar in bars] == ["Groot", "Ander midden", "Midden", "Klein"]
    assert [bar.swing for bar in bars] == [D("800.00"), D("150.00"), D("150.00"), D("80.00")]
    assert [bar.name for bar in tornado(reference, [], MARGINS, limit=2)] == [
        "Groot",
        "Ander midden",
    ]
    assert tornado(reference, [], MARGINS, limit=0) == []
    with pytest.raises(ValueError):
        tornado(reference, [], MARGINS, limit=-1)


def test_it_names_a_price_by_its_item_and_a_fixed_amount_by_its_description():
    reference = [priced("GGZ", "1500", "1", "aanname", "zonder", "traject", "GGZ-behandeling")]
    unnamed = FirmLine(priced("KM", "80", "1").line, "aanname")  # no name: its price code
    scenario = [fixed("200", "aanname", description=""), unnamed]
    names = {bar.name for bar in tornado(reference, scenario, MARGINS)}
    assert names == {"GGZ-behandeling", "vast bedrag", "KM"}


def test_it_uses_the_evaluations_margins():
    [bar] = tornado([fixed("1000", "onderbouwd", "zonder")], [], Margins(onderbouwd=D(10)))
    assert (bar.low, bar.high) == (D("900.00"), D("1100.00"))


hardnesses = st.sampled_from(("", *HARDNESSES))
money = st.decimals(min_value=0, max_value=50_000, places=2, allow_nan=False)


@st.composite
def firm_lines(draw, scenario):
    hardness = draw(hardnesses)
    if draw(st.booleans()):
        return fixed(draw(money), hardness, scenario, draw(st.sampled_from(["A", "B"])))
    code = draw(st.sampled_from(["KM", "WIJK", "PLEEG"]))
    price = draw(st.sampled_from(["80", "76.50", "2000"]))
    quantity = draw(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
    return priced(code, price, quantity, hardness, scenario)


@settings(max_examples=200)
@given(st.lists(firm_lines("zonder"), max_size=12), st.lists(firm_lines("met"), max_size=12))
def test_its_half_swings_add_up_to_the_range(reference, scenario):
    bars = tornado(reference, scenario, MARGINS, limit=100)
    span = difference_range(reference, scenario, MARGINS)
    assert sum((bar.swing for bar in bars), D(0)) == span.high - span.low
    assert all(bar.central == span.central and bar.swing > 0 for bar in bars)
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)


# Tipping share ------------------------------------------------------------------------------


def test_it_gives_the_share_the_avoided_cost_must_shrink():
    # verschil 24.000 − 15.600 = 8.400 of 20.000 avoided placement (10 months): 42 %.
    reference = [placement("12")]
    scenario = [placement("2", "met"), fixed("11600")]
    assert tipping_share(reference, scenario) == D(42)


def test_it_rounds_the_share_up():
    # 8.401 / 20.000 = 42,005 % → 43 %.
    assert tipping_share([placement("12")], [placement("2", "met"), fixed("11599")]) == D(43)


def test_it_has_no_share_without_a_saving_or_an_avoided_cost():
    assert tipping_share([placement("12")], [fixed("24000")]) is None  # verschil 0
    assert tipping_share([placement("2")], [fixed("5000")]) is None  # a loss
    assert tipping_share([], []) is None


def test_it_says_the_tipping_point_in_dutch():
    assert tipping_sentence("Met VD", D(35), item="Pleeggezin") == (
        "De conclusie voor Met VD houdt stand tot de duurste vermeden kosten ‘Pleeggezin’ "
        "35 % kleiner zijn."
    )
    assert tipping_sentence("Met VD", D(140), item="Pleeggezin") == (
        "De conclusie voor Met VD houdt stand, ook als de duurste vermeden kosten "
        "‘Pleeggezin’ helemaal wegvallen."
    )
    assert tipping_sentence("Met VD", None, item="") == (
        "Voor Met VD is er geen besparing op vermeden kosten die kan omslaan."
    )


# Deadweight and attribution -----------------------------------------------------------------


def test_it_takes_off_deadweight_and_attribution():
    # 10.000 × 0,8 × 0,75 = 6.000; 333,33 × 0,9 × 0,9 = 269,9973 → 270,00.
    assert adjusted_difference(D("10000.00"), D(20), D(25)) == D("6000.00")
    assert adjusted_difference(D("333.33"), D(10), D(10)) == D("270.00")
    assert adjusted_difference(D("-500.00"), D(50), D(0)) == D("-250.00")


def test_it_leaves_the_verschil_unchanged_at_zero_percent():
    assert adjusted_difference(D("17600.00"), D(0), D(0)) == D("17600.00")
    assert adjusted_difference(D("17600.00"), D(100), D(0)) == D("0.00")


@pytest.mark.parametrize(("deadweight", "attribution"), [("-1", "0"), ("0", "100.01")])
def test_it_refuses_a_percentage_outside_0_to_100(deadweight, attribution):
    with pytest.raises(ValueError):
        adjusted_difference(D("100.00"), D(deadweight), D(attribution))
