"""The rules of cases and items (cases.rules), which the entry form, the case forms and the
workbook import share."""

from datetime import date

import pytest

from cases import rules
from cases.models import ItemKind

SEP_1, SEP_2 = date(2016, 9, 1), date(2016, 9, 2)


def test_a_period_may_last_one_day_but_not_end_before_it_starts():
    assert rules.period_problem(SEP_1, SEP_1) is None
    assert rules.period_problem(SEP_1, SEP_2) is None
    assert rules.period_problem(SEP_2, SEP_1) == "de einddatum ligt vóór de startdatum"


def test_a_period_with_a_date_missing_is_for_another_check():
    assert rules.period_problem(None, SEP_1) is None
    assert rules.period_problem(SEP_1, None) is None


@pytest.mark.parametrize(
    ("kind", "has_costs", "problem"),
    [
        (ItemKind.EVENT, False, None),
        (ItemKind.EVENT, True, "een gebeurtenis heeft geen kostenregels"),
        (ItemKind.SUPPORT, True, None),
        (ItemKind.SUPPORT, False, "ondersteuning heeft minstens één prijsitem of vast bedrag"),
    ],
)
def test_an_event_costs_nothing_and_support_costs_something(kind, has_costs, problem):
    assert rules.costs_problem(kind, has_costs) == problem


def test_it_makes_a_wording_a_sentence():
    assert rules.sentence(rules.END_BEFORE_START) == "De einddatum ligt vóór de startdatum."


@pytest.mark.parametrize("frequency", ["dag", "week", "maand", "jaar"])
def test_a_frequency_on_a_one_day_item_is_warned_about(frequency):
    warning = rules.one_day_frequency_warning(SEP_1, SEP_1, frequency)
    assert warning.startswith(f"‘per {frequency}’ op een item van één dag telt alleen")


def test_no_warning_without_a_frequency_or_over_more_days():
    assert rules.one_day_frequency_warning(SEP_1, SEP_1, "") is None
    assert rules.one_day_frequency_warning(SEP_1, SEP_2, "week") is None


def test_no_warning_for_a_fixed_amount_which_a_frequency_does_not_change():
    assert rules.one_day_frequency_warning(SEP_1, SEP_1, "week", fixed=True) is None
