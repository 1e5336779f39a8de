"""The costing rules of DESIGN §4, one test per rule, without a database."""

from datetime import date
from decimal import Decimal as D

import pytest

from lib.costing import (
    PERIOD_DAYS,
    Line,
    case_figures,
    inclusive_days,
    round_cents,
    scenario_figures,
    total_figures,
)

DAY = date(2018, 1, 1)


def priced(**kwargs) -> Line:
    defaults = {"start": DAY, "end": DAY, "price_code": "KM", "unit": "uur", "price": D("76.50")}
    return Line(**(defaults | kwargs))


def test_it_multiplies_rate_quantity_persons_and_times():
    line = priced(quantity=D(2), persons=D(3), times=D(4))
    assert line.cost == D("1836.00")


def test_it_prefers_the_rate_override_to_the_price():
    assert priced(rate_override=D("100")).cost == D("100.00")


def test_it_takes_a_rate_override_of_zero():
    assert priced(rate_override=D("0")).cost == D("0.00")


def test_it_takes_the_fixed_amount_whatever_else_is_given():
    line = priced(quantity=D(5), rate_override=D(9), fixed_amount=D("1060"))
    assert line.cost == D("1060.00")


def test_it_counts_the_period_inclusively():
    assert inclusive_days(date(2018, 1, 1), date(2018, 1, 1)) == 1
    assert inclusive_days(date(2018, 1, 1), date(2018, 12, 31)) == 365


def test_it_refuses_an_end_before_the_start():
    with pytest.raises(ValueError):
        priced(start=date(2018, 2, 1), end=date(2018, 1, 1))


def test_it_spreads_a_weekly_frequency_over_the_inclusive_period():
    # 26 weeks exactly: 182 days.
    line = priced(
        start=date(2018, 1, 1),
        end=date(2018, 7, 1),
        quantity=D(2),
        persons=D(3),
        frequency="week",
    )
    assert line.occurrences == D(26)
    assert line.cost == D("11934.00")


def test_it_uses_a_twelfth_of_an_average_year_for_a_month():
    assert PERIOD_DAYS["maand"] == D("30.4375")
    line = priced(start=date(2018, 1, 1), end=date(2018, 12, 31), frequency="maand", price=D(100))
    # 365 / 30.4375 = 11.9917…; rounded once, at the end.
    assert line.cost == D("1199.18")


def test_it_multiplies_times_with_the_frequency():
    line = priced(end=date(2018, 1, 7), frequency="dag", times=D(2), price=D(10))
    assert line.occurrences == D(14)
    assert line.cost == D("140.00")


def test_it_uses_an_average_year_for_a_yearly_frequency():
    line = priced(end=date(2019, 12, 31), frequency="jaar", price=D(1000))
    assert line.cost == round_cents(D(1000) * D(730) / D("365.25"))


def test_it_rounds_half_up_to_cents_once():
    assert round_cents(D("0.005")) == D("0.01")
    assert round_cents(D("-0.005")) == D("-0.01")
    assert round_cents(D("2.344999")) == D("2.34")
    # Three lines of a third of a cent's worth each round to zero each: rounding is per line.
    lines = [priced(price=D("0.001"), quantity=D(1)) for _ in range(3)]
    assert scenario_figures(lines).total == D("0.00")


def test_it_needs_a_price_or_a_rate_for_a_priced_line():
    with pytest.raises(ValueError):
        _ = priced(price=None).cost


def test_it_refuses_an_unknown_frequency():
    with pytest.raises(ValueError):
        priced(frequency="eeuw")


def test_it_counts_hours_only_for_hourly_priced_lines():
    lines = [
        priced(quantity=D("1.5"), persons=D(2)),
        priced(price_code="KM", fixed_amount=D(500)),
        priced(price_code="OPVANG", unit="dag", quantity=D(10)),
        priced(price_code="WIJK", quantity=D(1)),
    ]
    assert scenario_figures(lines).hours == {"KM": D("3.00"), "WIJK": D("1.00")}


def test_it_counts_hours_of_a_frequency_over_the_period():
    line = priced(end=date(2018, 1, 14), quantity=D(2), frequency="week")
    assert scenario_figures([line]).hours == {"KM": D("4.00")}


def test_it_adds_hours_up_before_rounding_them():
    # A week's frequency over one day is 1/7 hour; three such lines are 3/7 = 0.43 hour,
    # where rounding each line first would give 3 × 0.14 = 0.42.
    line = priced(frequency="week")
    assert line.hours == D(1) / 7
    assert scenario_figures([line] * 3).hours == {"KM": D("0.43")}


def test_it_adds_the_intervention_subtotal_from_flagged_lines():
    lines = [
        priced(is_intervention=True),
        priced(fixed_amount=D(100)),
        priced(is_intervention=True),
    ]
    figures = scenario_figures(lines)
    assert figures.intervention_subtotal == D("153.00")
    assert figures.total == D("253.00")


def test_it_totals_per_financier():
    lines = [
        priced(financier="gemeente-wmo"),
        priced(fixed_amount=D(10), financier="informeel"),
        priced(fixed_amount=D(5), financier="gemeente-wmo"),
    ]
    assert scenario_figures(lines).by_financier == {
        "gemeente-wmo": D("81.50"),
        "informeel": D("10.00"),
    }


def test_it_computes_verschil_against_the_reference():
    lines = [
        priced(scenario="met", fixed_amount=D(877)),
        priced(scenario="zonder", fixed_amount=D(10640)),
    ]
    figures = case_figures(["met", "zonder"], "zonder", lines)
    assert figures.difference("met") == D("9763.00")
    assert figures.difference("zonder") == D("0.00")


def test_it_gives_every_scenario_figures_even_without_lines():
    figures = case_figures(["met", "zonder", "niets"], "zonder", [])
    assert figures.totals == {"met": D("0.00"), "zonder": D("0.00"), "niets": D("0.00")}
    assert figures.figures["niets"].hours == {}


def test_it_refuses_a_reference_that_is_no_scenario():
    with pytest.raises(ValueError):
        case_figures(["met"], "zonder", [])


def test_it_refuses_a_line_of_an_unknown_scenario():
    with pytest.raises(ValueError):
        case_figures(["met", "zonder"], "zonder", [priced(scenario="elders")])


def test_it_adds_cases_into_cross_case_totals():
    one = case_figures(
        ["met", "zonder"],
        "zonder",
        [
            priced(scenario="met", fixed_amount=D(16329), financier="a"),
            priced(scenario="zonder", fixed_amount=D(10640), financier="a"),
        ],
    )
    two = case_figures(
        ["met", "zonder"],
        "zonder",
        [
            priced(scenario="met", fixed_amount=D(39441), is_intervention=True, financier="b"),
            priced(scenario="met", quantity=D(2)),
            priced(scenario="zonder", fixed_amount=D(81919), financier="a"),
        ],
    )
    totals = total_figures([one, two], ["met", "zonder"], "zonder")
    assert totals.totals == {"met": D("55923.00"), "zonder": D("92559.00")}
    assert totals.intervention_subtotals == {"met": D("39441.00"), "zonder": D("0.00")}
    assert totals.differences == {"met": D("36636.00"), "zonder": D("0.00")}
    assert totals.figures["met"].hours == {"KM": D("2.00")}
    assert totals.figures["met"].by_financier == {
        "": D("153.00"),
        "a": D("16329.00"),
        "b": D("39441.00"),
    }
