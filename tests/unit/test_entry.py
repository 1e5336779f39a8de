"""Dutch dates and numbers as the notulist types them (lib.dutch, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from lib.dutch import EntryError, parse_date_range, parse_decimal, parse_period

SEP_1 = date(2016, 9, 1)


@pytest.mark.parametrize(
    "text",
    [
        "1 sep 2016",
        "1 sept 2016",
        "1 september 2016",
        "1 Sep 2016",
        "  1   sep.  2016 ",
        "1-9-2016",
        "01-09-2016",
        "1/9/2016",
        "1.9.2016",
        "2016-09-01",
        "2016-9-1",
    ],
)
def test_it_reads_a_day(text):
    assert parse_date_range(text) == (SEP_1, SEP_1)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("jan", 1),
        ("januari", 1),
        ("feb", 2),
        ("februari", 2),
        ("mrt", 3),
        ("maart", 3),
        ("apr", 4),
        ("april", 4),
        ("mei", 5),
        ("jun", 6),
        ("juni", 6),
        ("jul", 7),
        ("juli", 7),
        ("aug", 8),
        ("augustus", 8),
        ("sep", 9),
        ("sept", 9),
        ("september", 9),
        ("okt", 10),
        ("oktober", 10),
        ("nov", 11),
        ("november", 11),
        ("dec", 12),
        ("december", 12),
    ],
)
def test_it_reads_every_dutch_month_name(name, month):
    assert parse_date_range(f"3 {name} 2017") == (date(2017, month, 3), date(2017, month, 3))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("sep 2016", date(2016, 9, 1), date(2016, 9, 30)),
        ("september 2016", date(2016, 9, 1), date(2016, 9, 30)),
        ("feb 2016", date(2016, 2, 1), date(2016, 2, 29)),
        ("feb 2017", date(2017, 2, 1), date(2017, 2, 28)),
        ("12-2017", date(2017, 12, 1), date(2017, 12, 31)),
    ],
)
def test_it_reads_a_month_as_its_first_and_last_day(text, first, last):
    assert parse_date_range(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31-9-2016", "“31-9-2016” is geen bestaande datum: september 2016 heeft 30 dagen."),
        ("29 feb 2017", "“29 feb 2017” is geen bestaande datum: februari 2017 heeft 28 dagen."),
        ("1-13-2016", "“1-13-2016” is geen bestaande datum: er is geen maand 13."),
        ("2016-02-30", "“2016-02-30” is geen bestaande datum: februari 2016 heeft 29 dagen."),
        ("0-1-2016", "“0-1-2016” is geen bestaande datum: januari 2016 heeft 31 dagen."),
    ],
)
def test_it_refuses_impossible_dates_in_dutch(text, message):
    with pytest.raises(EntryError) as error:
        parse_date_range(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text", ["gisteren", "1 sop 2016", "2016", "1-9-16", "sep"])
def test_it_refuses_what_is_no_date(text):
    with pytest.raises(EntryError, match="Schrijf bijvoorbeeld 1 sep 2016"):
        parse_date_range(text)


def test_it_asks_for_a_date_when_empty():
    with pytest.raises(EntryError, match="Vul een datum in."):
        parse_date_range("  ")


def test_it_names_an_unknown_month():
    with pytest.raises(EntryError, match="“sop” is geen maand"):
        parse_date_range("1 sop 2016")


def test_it_makes_an_empty_end_a_single_day():
    assert parse_period("1 sep 2016") == (SEP_1, SEP_1)


def test_it_makes_an_empty_end_of_a_month_the_whole_month():
    assert parse_period("sep 2016", "") == (SEP_1, date(2016, 9, 30))


def test_it_ends_a_period_on_the_last_day_of_an_end_month():
    assert parse_period("1-9-2016", "mrt 2017") == (SEP_1, date(2017, 3, 31))


def test_it_reads_an_end_before_the_start_and_leaves_the_rule_to_the_domain():
    assert parse_period("1 sep 2016", "31 aug 2016") == (SEP_1, date(2016, 8, 31))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", "2"),
        ("76,5", "76.5"),
        ("76,50", "76.50"),
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234.567,8", "1234567.8"),
        ("1.250", "1250"),
        ("76.50", "76.50"),
        ("0,25", "0.25"),
        (",5", "0.5"),
        ("€ 1.060", "1060"),
        ("€76,50", "76.50"),
        (" 12 ", "12"),
        ("-436,70", "-436.70"),
    ],
)
def test_it_reads_dutch_numbers(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["twee", "1,2,3", "12.34.5", "1.23,4", "2x", "--2", "1e5"])
def test_it_refuses_what_is_no_number(text):
    with pytest.raises(EntryError, match="is geen getal"):
        parse_decimal(text)


def test_it_asks_for_a_number_when_empty():
    with pytest.raises(EntryError, match="Vul een getal in."):
        parse_decimal("")
