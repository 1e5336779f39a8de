"""How every page, report and sentence writes numbers, amounts, dates and units (lib.dutch):
one module, so that the session screen and the switching sentence cannot disagree."""

from datetime import date
from decimal import ROUND_CEILING, Decimal

import pytest

from lib import dutch
from lib.costing import Line

D = Decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("16329"), "€ 16.329"), (D("-5689.4"), "€ -5.689"), (D("0.5"), "€ 1"), (None, "")],
)
def test_it_writes_whole_euros_with_thousands_points(value, text):
    assert dutch.euro(value) == text


def test_it_writes_cents_and_drops_them_when_there_are_none():
    assert dutch.euro_cents(D("1234.5")) == "€ 1.234,50"
    assert dutch.amount(D("11934.00")) == "€ 11.934"
    assert dutch.amount(D("436.7")) == "€ 436,70"


def test_it_writes_numbers_with_a_decimal_comma_and_a_thousands_point():
    assert dutch.number(D("1234.5")) == "1.234,5"
    assert dutch.number(D("12.50")) == "12,5"
    assert dutch.number(D("3")) == "3"
    assert dutch.format_number(D("3.04"), 1, ROUND_CEILING, trim=True) == "3,1"
    assert dutch.format_number(D("3.0"), 1, trim=True) == "3"


def test_it_writes_percentages():
    assert dutch.percent(D("2.5")) == "2,5 %"
    assert dutch.percent(D("3"), signed=True) == "+3 %"
    assert dutch.percent(D("-1.5"), signed=True) == "-1,5 %"


def test_it_writes_dates_and_months_the_dutch_way():
    assert dutch.dutch_date(date(2016, 9, 1)) == "1 sep 2016"
    assert dutch.date_range(date(2016, 9, 1), date(2016, 9, 1)) == "1 sep 2016"
    assert dutch.date_range(date(2016, 3, 1), date(2017, 6, 30)) == "1 mrt 2016 – 30 jun 2017"
    assert dutch.month_label(date(2017, 3, 1)) == "mrt 2017"


@pytest.mark.parametrize(
    ("count", "unit", "text"),
    [("1", "week", "1 week"), ("3", "week", "3 weken"), ("2", "jaar", "2 jaar"),
     ("12", "uur", "12 uur"), ("2", "traject", "2 trajecten")],
)  # fmt: skip
def test_it_writes_a_count_with_its_unit(count, unit, text):
    assert dutch.units(count, unit) == text


def test_the_calculation_of_a_line_says_jaar_as_the_switching_sentence_does():
    line = Line(
        start=date(2016, 1, 1),
        end=date(2017, 12, 31),
        unit="traject",
        price=D("1000"),
        frequency="jaar",
    )
    # 731 days are 731 / 365,25 = 2,0014 years, shown rounded to hundredths.
    assert dutch.calculation(line) == "1 traject × 1 persoon × 2 jaar × € 1.000,00 = € 2.001,37"


def test_the_calculation_of_a_fixed_amount_is_the_amount():
    line = Line(start=date(2016, 1, 1), end=date(2016, 1, 1), fixed_amount=D("877"))
    assert dutch.calculation(line) == "vast bedrag = € 877"


def test_a_moment_is_written_in_the_local_time_of_the_netherlands():
    from datetime import UTC, datetime

    from cases.templatetags.money import moment

    assert moment(datetime(2016, 9, 3, 12, 5, tzinfo=UTC)) == "3 sep 2016 14:05"
    assert moment(datetime(2016, 12, 31, 23, 30, tzinfo=UTC)) == "1 jan 2017 00:30"
    assert moment(None) == ""


def test_the_calculation_of_a_one_off_payment_says_so():
    line = Line(start=date(2016, 1, 1), end=date(2016, 3, 1), fixed_amount=D("250"), one_off=True)
    assert dutch.calculation(line) == "vast bedrag = € 250, eenmalig"
