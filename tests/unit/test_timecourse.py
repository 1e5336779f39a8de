"""Costs over time and the break-even moment (lib.timecourse), worked out by hand, and the
properties every spread must have."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from lib.costing import Line, scenario_figures
from lib.timecourse import Course, break_even, case_courses, course, months, spread


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
