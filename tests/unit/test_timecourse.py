"""Costs over time and the break-even moment (lib.timecourse), worked out by hand, and the
properties every spread must have."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.costing import Line, scenario_figures
from lib.timecourse import (
    DEFAULT_DISCOUNT_RATE,
    MAX_HORIZON_YEARS,
    Course,
    Projection,
    break_even,
    break_even_over_cases,
    case_courses,
    course,
    months,
    present_value,
    project,
    projection_sentence,
    recurring_per_month,
    spread,
)


def line(start, end, **kwargs) -> Line:
    defaults = {"price_code": "KM", "unit": "uur", "price": D("76.50"), "scenario": "met"}
    return Line(start=start, end=end, **(defaults | kwargs))


def test_it_lists_the_calendar_months_of_a_period():
    assert months(date(2016, 11, 15), date(2017, 2, 1)) == [
        date(2016, 11, 1),
        date(2016, 12, 1),
        date(2017, 1, 1),
        date(2017, 2, 1),
    ]


def test_a_frequency_line_is_spread_by_its_days_in_each_month():
    # 2 hours a week from 25 Jan to 3 Feb: 10 days, 2 × 10 / 7 hours × 76,50 = 218,57;
    # 7 days in January (218,57 × 7 / 10 = 153,00) and 3 in February (the rest, 65,57).
    weekly = line(date(2016, 1, 25), date(2016, 2, 3), quantity=D(2), frequency="week")
    assert weekly.cost == D("218.57")
    assert spread(weekly) == {date(2016, 1, 1): D("153.00"), date(2016, 2, 1): D("65.57")}


def test_a_fixed_amount_is_spread_evenly_over_its_days_and_the_rounding_goes_last():
    # € 100 over 3 days in three months: 33,33 + 33,33 + 33,34.
    amount = line(date(2016, 1, 31), date(2016, 3, 1), fixed_amount=D(100))
    spread_ = spread(amount)
    assert list(spread_.values())[0] == D("3.23")  # 1 of 31 days
    assert sum(spread_.values()) == D("100.00")
    one_day = line(date(2016, 5, 9), date(2016, 5, 9), fixed_amount=D("877"))
    assert spread(one_day) == {date(2016, 5, 1): D("877.00")}


def test_a_course_adds_up_per_month_per_year_and_cumulatively():
    lines = [
        line(date(2016, 12, 1), date(2016, 12, 31), fixed_amount=D(300)),
        line(date(2017, 1, 1), date(2017, 2, 28), fixed_amount=D(590)),
    ]
    result = course(lines, date(2016, 12, 1), date(2017, 3, 31))
    assert result.amounts == (D(300), D(310), D(280), D(0))
    assert result.cumulative == (D(300), D(610), D(890), D(890))
    assert result.per_year() == {2016: D(300), 2017: D(590)}
    assert result.total == D(890)


def _course(*amounts) -> Course:
    axis = tuple(months(date(2017, 1, 1), date(2017, len(amounts), 1)))
    return Course(axis, tuple(D(a) for a in amounts))


def test_it_breaks_even_in_the_first_month_from_which_the_verschil_stays_positive():
    reference = _course(100, 100, 100, 100)
    scenario = _course(250, 20, 20, 20)  # cumulative verschil -150, -70, +10, +90
    found = break_even(reference, scenario)
    assert (found.index, found.month) == (3, date(2017, 3, 1))
    assert found.sentence("Met VD") == (
        "Met VD verdient zich terug in maand 3 (mrt 2017): vanaf dan blijft het verschil met "
        "de referentie positief of nul."
    )


def test_a_verschil_that_turns_negative_again_does_not_break_even_before_that():
    found = break_even(_course(100, 100, 0, 0), _course(50, 100, 100, 0))  # +50 +50 -50 -50
    assert found.index is None
    assert found.sentence("Met VD") == (
        "Met VD verdient zich binnen de periode van 4 maanden niet terug."
    )


def test_identical_werkwijzen_break_even_at_once():
    same = _course(10, 0, 30)
    found = break_even(same, same)
    assert (found.index, found.month) == (1, date(2017, 1, 1))
    assert (
        found.sentence("B")
        == "B kost vanaf de eerste maand (jan 2017) niet meer dan de referentie."
    )


days = st.integers(min_value=0, max_value=1200)
lines_ = st.builds(
    lambda offset, length, quantity, frequency, fixed: line(
        date(2016, 1, 1) + timedelta(days=offset),
        date(2016, 1, 1) + timedelta(days=offset + length),
        quantity=D(quantity),
        frequency=frequency,
        fixed_amount=None if fixed is None else D(fixed),
    ),
    days,
    st.integers(min_value=0, max_value=800),
    st.decimals(min_value=0, max_value=40, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "dag", "week", "maand", "jaar"]),
    st.none() | st.decimals(min_value=-5000, max_value=90000, places=2, allow_nan=False),
)


@given(lines_)
def test_a_lines_months_add_up_to_its_cost(one):
    assert sum(spread(one).values()) == one.cost
    assert all(amount == amount.quantize(D("0.01")) for amount in spread(one).values())


@given(st.lists(lines_, max_size=8))
def test_the_cumulative_course_ends_at_the_engines_total(timeline):
    first, last = date(2016, 1, 1), date(2022, 12, 31)
    courses = case_courses(["met"], timeline, first, last)
    assert courses["met"].cumulative[-1] == scenario_figures(timeline).total
    assert sum(courses["met"].per_year().values()) == scenario_figures(timeline).total


# Projection ---------------------------------------------------------------------------------

CASE_LAST = date(2017, 6, 30)  # the case runs to 30 jun 2017; its last month is jun 2017


def weekly_to_the_end(**kwargs) -> Line:
    return line(date(2016, 9, 1), CASE_LAST, quantity=D(2), frequency="week", **kwargs)


def test_it_lets_a_weekly_line_running_to_the_last_day_recur_per_average_month():
    # 2 hours a week at € 76,50: 2 × 76,50 / 7 = 21,857142… a day, × 365,25 / 12 = 30,4375
    # days an average month: 665,27678… = € 665,28 a month.
    assert recurring_per_month([weekly_to_the_end()], date(2017, 6, 1)) == D("665.28")


def test_it_uses_the_tarief_over_the_price_for_what_recurs():
    # 2 × 70 / 7 = 20 a day × 30,4375 = 608,75.
    recurring = weekly_to_the_end(rate_override=D(70))
    assert recurring_per_month([recurring], date(2017, 6, 1)) == D("608.75")


def test_a_fixed_amount_and_a_line_without_frequency_do_not_recur():
    fixed = weekly_to_the_end(fixed_amount=D(500))
    one_off = line(date(2017, 6, 1), CASE_LAST, quantity=D(3))
    assert recurring_per_month([fixed, one_off], date(2017, 6, 1)) == D("0.00")


def test_a_line_that_ended_before_the_last_month_does_not_recur():
    ended = line(date(2016, 9, 1), date(2017, 5, 31), quantity=D(2), frequency="week")
    assert recurring_per_month([ended], date(2017, 6, 1)) == D("0.00")
    assert recurring_per_month([ended, weekly_to_the_end()], date(2017, 6, 1)) == D("665.28")


def test_it_sums_what_recurs_unrounded_and_rounds_once():
    # A third of an hour a day at € 1: 0,33333… × 30,4375 = 10,1458… each; two of them round
    # to 20,29 together, where rounding each first (10,15 + 10,15) would give 20,30.
    third = line(date(2017, 1, 1), CASE_LAST, price=D(1), quantity=D(1) / 3, frequency="dag")
    assert recurring_per_month([third, third], date(2017, 6, 1)) == D("20.29")


def test_it_discounts_a_thousand_euros_a_year_ahead_at_the_dutch_rate():
    # By hand: 1000 / 1,0225 = 977,9951…, rounded half up to the cent (as every amount is)
    # € 978,00; after 0 months nothing is discounted.
    assert present_value(D(1000), 12, D("2.25")) == D("978.00")
    assert present_value(D(1000), 12, DEFAULT_DISCOUNT_RATE) == D("978.00")
    assert present_value(D(1000), 0, D("2.25")) == D("1000.00")
    # Half a year: 1000 / 1,0225 ^ 0,5 = 1000 / 1,011187… = 988,94.
    assert present_value(D(1000), 6, D("2.25")) == D("988.94")


def test_at_rate_zero_the_present_value_is_the_amount():
    assert present_value(D("665.28"), 37, D(0)) == D("665.28")


def test_horizon_zero_gives_an_empty_projection_with_totals_zero():
    empty = project([weekly_to_the_end()], CASE_LAST, 0)
    assert (empty.months, empty.amounts, empty.present_values) == ((), (), ())
    assert (empty.total, empty.present_value) == (D("0.00"), D("0.00"))


def test_horizon_two_gives_24_months_starting_the_month_after_the_last():
    projected = project([weekly_to_the_end()], CASE_LAST, 2)
    assert len(projected.months) == 24
    assert (projected.months[0], projected.months[-1]) == (date(2017, 7, 1), date(2019, 6, 1))
    assert projected.amounts == (D("665.28"),) * 24
    assert projected.total == D("15966.72")  # 24 × 665,28
    # The first month is one month ahead: 665,28 / 1,0225 ^ (1/12) = 664,05.
    assert projected.present_values[0] == D("664.05")
    assert projected.present_value == sum(projected.present_values)
    assert (projected.rate_percent, projected.horizon_years) == (D("2.25"), 2)


def test_it_refuses_a_horizon_outside_the_allowed_years_and_a_negative_rate():
    for horizon in (-1, MAX_HORIZON_YEARS + 1):
        with pytest.raises(ValueError):
            project([], CASE_LAST, horizon)
    with pytest.raises(ValueError):
        project([], CASE_LAST, 1, D("-0.5"))
    assert len(project([], CASE_LAST, MAX_HORIZON_YEARS).months) == 120


def test_the_sentence_for_horizon_zero_is_empty():
    assert projection_sentence("Met VD", project([weekly_to_the_end()], CASE_LAST, 0)) == ""


def test_the_sentence_at_rate_zero_leaves_out_the_present_value():
    projected = project([weekly_to_the_end()], CASE_LAST, 1, D(0))
    assert projection_sentence("Met VD", projected) == (
        "Geprojecteerd: als Met VD na de casus doorloopt zoals in de laatste maand, kost die "
        "werkwijze in 1 jaar nog € 7.983."
    )


def test_the_sentence_says_so_when_nothing_recurs():
    projected = project([weekly_to_the_end(fixed_amount=D(500))], CASE_LAST, 2)
    assert projection_sentence("Zonder VD", projected) == (
        "Geprojecteerd: als Zonder VD na de casus doorloopt zoals in de laatste maand, kost die "
        "werkwijze na de casus niets meer: er loopt geen terugkerende ondersteuning door."
    )


def test_the_sentence_names_the_projection_its_years_and_its_present_value():
    # 24 × 665,28 = 15.966,72; discounted month by month at 2,25 % a year 15.602,18.
    projected = project([weekly_to_the_end()], CASE_LAST, 2)
    assert projected.present_value == D("15602.18")
    assert projection_sentence("Met VD", projected) == (
        "Geprojecteerd: als Met VD na de casus doorloopt zoals in de laatste maand, kost die "
        "werkwijze in 2 jaar nog € 15.967 (contante waarde bij 2,25 % per jaar: € 15.602)."
    )


horizons = st.integers(min_value=0, max_value=MAX_HORIZON_YEARS)
rates = st.decimals(min_value=0, max_value=15, places=2, allow_nan=False, allow_infinity=False)
last_days = st.dates(min_value=date(2016, 1, 1), max_value=date(2020, 12, 31))


@given(st.lists(lines_, max_size=6), last_days, horizons)
def test_at_rate_zero_the_present_value_is_the_total(timeline, last, horizon):
    projected = project(timeline, last, horizon, D(0))
    assert projected.present_value == projected.total
    assert projected.present_values == projected.amounts


@given(st.lists(lines_, max_size=6), last_days, horizons, rates.filter(lambda rate: rate > 0))
def test_present_values_never_exceed_the_nominal_amounts_for_a_positive_rate(
    timeline, last, horizon, rate
):
    projected = project(timeline, last, horizon, rate)
    assert all(
        abs(pv) <= abs(amount)
        for pv, amount in zip(projected.present_values, projected.amounts, strict=True)
    )
    assert abs(projected.present_value) <= abs(projected.total)


@given(st.lists(lines_, max_size=6), last_days, rates)
def test_horizon_zero_changes_nothing(timeline, last, rate):
    assert project(timeline, last, 0, rate) == Projection((), (), (), rate, 0)
    assert projection_sentence("Met VD", project(timeline, last, 0, rate)) == ""


def test_over_all_cases_the_months_are_counted_from_each_cases_start():
    # Case A (from jan 2017) and case B (from mei 2019) are added up by their own months.
    a_ref, a_met = _course(50, 50), _course(60, 20)  # verschil per month −10, +30
    b_months = tuple(months(date(2019, 5, 1), date(2019, 7, 1)))
    b_ref = Course(b_months, (D(0), D(20), D(20)))
    b_met = Course(b_months, (D(30), D(10), D(10)))  # verschil per month −30, +10, +10
    # Summed by month since start: −40, +40, +10 → cumulative −40, 0, +10: from maand 2.
    found = break_even_over_cases([a_ref, b_ref], [a_met, b_met])
    assert (found.index, found.month, found.month_count) == (2, None, 3)
    assert found.sentence("Met VD") == (
        "Met VD verdient zich over alle casussen terug in maand 2 na hun start: vanaf dan "
        "blijft het verschil met de referentie positief of nul."
    )


def test_over_no_cases_nothing_breaks_even():
    assert break_even_over_cases([], []).index is None


def test_a_one_off_payment_falls_wholly_in_the_month_of_its_start_day():
    payment = line(date(2016, 1, 31), date(2016, 3, 1), fixed_amount=D(100), one_off=True)
    assert spread(payment) == {date(2016, 1, 1): D("100.00")}
    assert payment.cost == line(date(2016, 1, 31), date(2016, 3, 1), fixed_amount=D(100)).cost
