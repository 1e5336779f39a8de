"""lib.firmness: ranges per hardness margin, the aanname share, the switching value.

No database: lines are plain costing.Line objects with a hardness.
"""

from datetime import date
from decimal import Decimal

import pytest

from lib.costing import Line
from lib.firmness import (
    DEFAULT_MARGINS,
    FirmLine,
    Margins,
    Range,
    aanname_amount,
    case_firmness,
    costliest_avoided,
    difference_range,
    evaluation_firmness,
    line_range,
    share_percent,
    switching_value,
    total_range,
)

D = Decimal
DAY = date(2020, 1, 1)


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


# Margins ------------------------------------------------------------------------------------


def test_it_has_the_default_margins():
    assert DEFAULT_MARGINS.items() == [("hard", 0), ("onderbouwd", 15), ("aanname", 40)]


def test_it_counts_an_unmarked_hardness_as_aanname():
    assert Margins(D(1), D(2), D(3)).of("") == D(3)


@pytest.mark.parametrize("value", ["-1", "100.01"])
def test_it_refuses_a_margin_outside_0_to_100(value):
    with pytest.raises(ValueError):
        Margins(aanname=D(value))


def test_it_refuses_an_unknown_hardness():
    with pytest.raises(ValueError):
        fixed("10", hardness="zacht")


# Ranges -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hardness", "low", "high"),
    [
        ("hard", "100.00", "100.00"),
        ("onderbouwd", "85.00", "115.00"),
        ("aanname", "60.00", "140.00"),
        ("", "60.00", "140.00"),
    ],
)
def test_it_spreads_a_line_by_its_hardness(hardness, low, high):
    assert line_range(fixed("100", hardness)) == Range(D(low), D("100.00"), D(high))


def test_it_rounds_a_lines_margin_to_cents_half_up():
    # 33.33 × 15 % = 4.9995 → 5.00
    assert line_range(fixed("33.33", "onderbouwd")) == Range(D("28.33"), D("33.33"), D("38.33"))


def test_it_keeps_low_below_high_for_a_negative_amount():
    assert line_range(fixed("-100", "aanname")) == Range(D("-140.00"), D("-100.00"), D("-60.00"))


def test_it_sums_the_lines_ranges_in_decimal():
    lines = [
        fixed("1000", "hard"),
        priced("KM", "80", "10", "aanname"),  # 800 ± 320
        priced("GGZ", "0.10", "1", "onderbouwd"),  # 0.10 ± 0.015 → 0.02
    ]
    total = total_range(lines)
    assert total == Range(D("1480.08"), D("1800.10"), D("2120.12"))
    assert all(isinstance(value, Decimal) for value in (total.low, total.central, total.high))
    assert total.central == sum(line.cost for line in lines)


def test_it_uses_the_evaluations_margins():
    margins = Margins(D(5), D(10), D(20))
    assert total_range([fixed("200", "hard"), fixed("100", "aanname")], margins) == Range(
        D("270.00"), D("300.00"), D("330.00")
    )


def test_it_is_exact_when_all_is_hard():
    assert total_range([fixed("5", "hard")]).is_exact
    assert not total_range([fixed("5", "aanname")]).is_exact


def test_it_computes_the_aanname_share():
    lines = [fixed("100", "hard"), priced("KM", "80", "3.75", "aanname"), fixed("50", "")]
    assert aanname_amount(lines) == D("350.00")
    assert share_percent(aanname_amount(lines), D("400.00")) == D(88)  # 87.5 half up
    assert share_percent(D(0), D(0)) is None
    assert share_percent(D(5), D(-10)) is None


def test_it_nets_shared_prices_in_the_range_of_a_verschil():
    reference = [priced("KM", "80", "10", "aanname", "zonder"), fixed("1000", "hard", "zonder")]
    scenario = [priced("KM", "80", "4", "aanname")]
    # Klantmanager hours are one price: only the 6 hours more (480) are uncertain, ± 192.
    assert difference_range(reference, scenario) == Range(D("1288.00"), D("1480.00"), D("1672.00"))


def test_it_does_not_net_fixed_amounts():
    reference = [fixed("1000", "aanname", "zonder")]
    scenario = [fixed("1000", "aanname")]
    assert difference_range(reference, scenario) == Range(D("-800.00"), D("0.00"), D("800.00"))


# Switching value ----------------------------------------------------------------------------


def placement(months, scenario="zonder"):
    return priced("PLEEG", "2000", months, "onderbouwd", scenario, "maand", "Pleeggezin")


def test_it_finds_the_costliest_avoided_item():
    reference = [placement("12"), priced("KM", "80", "100", scenario="zonder")]
    scenario = [placement("2", "met"), priced("KM", "80", "50")]
    item = costliest_avoided(reference, scenario)
    assert (item.name, item.unit, item.units, item.cost) == (
        "Pleeggezin",
        "maand",
        D("10"),
        D("20000.00"),
    )
    assert item.unit_cost == D("2000")


def test_it_has_no_avoided_item_when_the_reference_has_nothing_more():
    assert costliest_avoided([placement("2")], [placement("3", "met")]) is None
    assert switching_value([], [fixed("10")]) is None


def test_it_says_how_much_must_be_prevented():
    # verschil 25.000 − 7.400 = 17.600; 12 − 17.600 / 2.000 = 3,2 months.
    reference = [placement("12"), fixed("1000", scenario="zonder", description="Huisarts")]
    scenario = [fixed("5000", description="Budget"), priced("KM", "80", "30")]
    value = switching_value(reference, scenario)
    assert value.difference == D("17600.00")
    assert value.needed == D("3.2")
    assert value.sentence == (
        "De interventie verdient zich terug als zij ten minste 3,2 van de 12 maanden "
        "Pleeggezin voorkomt."
    )


def test_it_rounds_the_minimum_up():
    # verschil 17.580: 12 − 8,79 = 3,21 months → at least 3,3.
    value = switching_value([placement("12")], [fixed("6420")])
    assert value.needed == D("3.21")
    assert "ten minste 3,3 van de 12 maanden" in value.sentence


def test_it_says_when_the_intervention_pays_for_itself_anyway():
    value = switching_value([placement("12"), fixed("2000", scenario="zonder")], [fixed("1500")])
    assert value.needed < 0
    assert value.sentence == (
        "De interventie verdient zich terug, ook als zij niets van de 12 maanden Pleeggezin "
        "voorkomt."
    )


def test_it_says_when_even_all_of_it_is_not_enough():
    value = switching_value([placement("12")], [fixed("29000")])
    assert value.needed == D("14.5")
    assert value.sentence == (
        "De interventie verdient zich niet terug, ook niet als zij alle 12 maanden Pleeggezin "
        "voorkomt; daarvoor zou zij ten minste 14,5 maanden moeten voorkomen."
    )


def test_it_speaks_of_a_single_unit():
    reference = [priced("GGZ", "1500", "1", "hard", "zonder", "traject", "GGZ-behandeling")]
    value = switching_value(reference, [fixed("2036.70")])
    assert value.sentence == (
        "De interventie verdient zich niet terug, ook niet als zij het hele traject "
        "GGZ-behandeling voorkomt; daarvoor zou zij ten minste 1,4 trajecten moeten voorkomen."
    )


def test_it_speaks_of_an_avoided_fixed_amount_in_euros():
    reference = [fixed("81919", "hard", "zonder", "Verloop zonder interventie")]
    value = switching_value(reference, [fixed("1060"), priced("KM", "80", "8")])
    assert value.sentence == (
        "De interventie verdient zich terug als zij ten minste € 1.700 van de € 81.919 aan "
        "‘Verloop zonder interventie’ voorkomt."
    )


# Per case and evaluation --------------------------------------------------------------------

SCENARIOS = [("met", "Met interventie", False), ("zonder", "Zonder interventie", True)]


def test_it_gives_every_werkwijze_of_a_case():
    lines = [
        fixed("1000", "hard"),
        priced("KM", "100", "10", "aanname"),
        placement("12"),
    ]
    case = case_firmness(SCENARIOS, lines)
    met, zonder = case.scenarios
    assert (met.code, met.name, met.is_reference) == ("met", "Met interventie", False)
    assert met.total == Range(D("1600.00"), D("2000.00"), D("2400.00"))
    assert met.aanname == D("1000.00")
    assert met.aanname_percent == D(50)
    assert zonder.total == Range(D("20400.00"), D("24000.00"), D("27600.00"))
    assert zonder.aanname_percent == D(0)
    assert zonder.difference is None and zonder.switching is None
    # 24.000 ± 3.600 placement, 1.000 ± 400 hours, 1.000 hard: 22.000 ± 4.000.
    assert met.difference == Range(D("18000.00"), D("22000.00"), D("26000.00"))
    assert met.switching.needed == D(1)
    assert case.switching_values == [met]
    assert case.of("zonder") is zonder


def test_it_sums_the_cases_of_an_evaluation():
    first = [fixed("100", "aanname"), fixed("1000", "hard", "zonder")]
    second = [fixed("200", "onderbouwd"), fixed("50", "aanname", "zonder")]
    firmness = evaluation_firmness(SCENARIOS, [("1", first), ("2", second)], DEFAULT_MARGINS)
    assert [key for key, _ in firmness.rows()] == ["1", "2"]
    met, zonder = firmness.totals.scenarios
    assert met.total == Range(D("230.00"), D("300.00"), D("370.00"))
    assert met.aanname == D("100.00")
    assert zonder.total == Range(D("1030.00"), D("1050.00"), D("1070.00"))
    assert (
        met.difference
        == firmness.cases["1"].of("met").difference + firmness.cases["2"].of("met").difference
    )
    assert met.switching is None and zonder.difference is None


def test_it_gives_an_evaluation_without_cases_zero_totals():
    firmness = evaluation_firmness(SCENARIOS, [])
    assert [s.total for s in firmness.totals.scenarios] == [Range(), Range()]
    assert firmness.totals.of("met").aanname_percent is None


# How firm a verschil is, in words --------------------------------------------------------


def _words(low, central, high):
    from lib.dutch import euro
    from lib.firmness import Range, difference_sentence

    return difference_sentence(Range(Decimal(low), Decimal(central), Decimal(high)), euro)


def test_it_says_an_exact_verschil_has_no_range():
    assert _words(100, 100, 100) == (
        "Het verschil van € 100 rust alleen op harde prijzen en bedragen; er is geen bandbreedte."
    )


def test_it_says_a_saving_stays_a_saving_within_the_margins():
    assert (
        _words(10, 50, 90)
        == "Binnen de marges ligt het verschil tussen € 10 en € 90: in elk geval een besparing."
    )


def test_it_says_extra_cost_stays_extra_cost_within_the_margins():
    assert _words(-90, -50, -10).endswith(": in elk geval meerkosten.")


def test_it_says_when_the_margins_can_turn_a_saving_around():
    # Stein: 88.825 ± 176.930.
    sentence = _words(-88105, 88825, 265755)
    assert sentence.startswith("Binnen de marges ligt het verschil tussen € -88.105 en € 265.755.")
    assert "Het middelste bedrag is een besparing" in sentence
    assert sentence.endswith("de richting staat niet vast.")
    assert "ook een besparing" in _words(-100, -10, 80)


def test_an_unmarked_fixed_amount_counts_as_aanname():
    from lib.firmness import FIXED_AMOUNT_HARDNESS

    assert FIXED_AMOUNT_HARDNESS == "aanname"


def test_it_says_how_much_of_a_total_rests_on_aannames():
    from lib.firmness import Range, ScenarioFirmness, aanname_sentence

    def scenario(total, aanname):
        return ScenarioFirmness("z", "Zonder", True, Range(total, total, total), Decimal(aanname))

    assert aanname_sentence("Zonder VD", scenario(Decimal(100), 100)) == (
        "Van het totaal van Zonder VD rust 100 % op aannames."
    )
    assert aanname_sentence("Met VD", scenario(Decimal(100), 0)) == (
        "Het totaal van Met VD rust op geen enkele aanname."
    )
    assert aanname_sentence("Niets", scenario(Decimal(-5), -5)) == (
        "Een deel van het totaal van Niets rust op aannames."
    )
