"""lib.indexation: percentages per category and rounding to a cent or to € 5."""

from decimal import Decimal

import pytest

from lib.indexation import Indexation, Rounding, index_price, round_price

D = Decimal


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("0.125", "0.13"),  # half up, not to even
        ("0.115", "0.12"),
        ("10.004", "10.00"),
        ("80", "80.00"),
    ],
)
def test_it_rounds_to_the_cent_half_up(price, expected):
    assert round_price(D(price), Rounding.CENT) == D(expected)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("102.49", "100.00"),
        ("102.50", "105.00"),  # exactly half way goes up
        ("107.49", "105.00"),
        ("107.50", "110.00"),
        ("2.49", "0.00"),
        ("2.50", "5.00"),
        ("1500", "1500.00"),
    ],
)
def test_it_rounds_to_five_euros_half_up(price, expected):
    result = round_price(D(price), Rounding.FIVE_EUROS)
    assert result == D(expected)
    assert result.as_tuple().exponent == -2  # always shown with cents


def test_it_indexes_a_price():
    assert index_price(D("80.00"), D("3")) == D("82.40")
    assert index_price(D("30.87"), D("2.5")) == D("31.64")  # 31.64175
    assert index_price(D("1500.00"), D("-10")) == D("1350.00")


def test_it_rounds_only_once_after_indexing():
    # 98.00 × 1.045 = 102.41 → € 100; rounding 98 to € 100 first would give 104.50 → € 105.
    assert index_price(D("98.00"), D("4.5"), Rounding.FIVE_EUROS) == D("100.00")


def test_it_refuses_a_fall_of_more_than_everything():
    with pytest.raises(ValueError):
        index_price(D("10"), D("-100.01"))
    assert index_price(D("10"), D("-100")) == D("0.00")


def test_it_takes_a_percentage_per_category():
    indexation = Indexation(D("3"), {"Zorg": D("5"), "": D("0")}, Rounding.CENT)
    assert indexation.percent_for("Zorg") == D("5")
    assert indexation.percent_for("Gemeente") == D("3")
    assert indexation.percent_for("") == D("0")
    assert indexation.price(D("100.00"), "Zorg") == D("105.00")
    assert indexation.price(D("100.00"), "Gemeente") == D("103.00")
    assert indexation.price(D("100.00"), "") == D("100.00")


def test_it_describes_itself_in_dutch():
    assert Indexation(D("3")).describe() == "+3 %, afgerond op hele centen"
    described = Indexation(D("2.5"), {"Zorg": D("-1")}, Rounding.FIVE_EUROS).describe()
    assert described == "+2,5 % (Zorg -1 %), afgerond op € 5"
    assert Indexation(D("10")).describe().startswith("+10 %")
