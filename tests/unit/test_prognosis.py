"""Prognose, then realisation (cases.prognosis): the matching rule, the frozen forecast, and
figures that never mix the forecast with the realisation."""

from datetime import date
from decimal import Decimal

import pytest

from cases import figures, prognosis, timeline
from cases.models import CaseStage, ItemKind
from cases.summary import evaluation_summary
from tests.conftest import add_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def forecast_case(evaluation, owner):
    """A prognose case: with the budget (met) 10 hours of the klantmanager twelve
    times in a year, and a fixed amount; doing nothing (zonder) one GGZ-behandeling."""
    case = evaluation.add_case(
        owner,
        code="P",
        title="Huishouden",
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        stage=CaseStage.FORECAST,
    )
    met, zonder = evaluation.scenarios.get(code="met"), evaluation.scenarios.get(code="zonder")
    km, ggz = (evaluation.price_list.items.get(code=c) for c in ("KM", "GGZ"))
    add_item(
        case,
        met,
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 12, 31),
        "Begeleiding",
        [{"price_item": km, "quantity": Decimal(10), "times": Decimal(12)}],
    )  # 80 × 10 × 12 = 9.600
    add_item(
        case,
        met,
        ItemKind.SUPPORT,
        date(2025, 3, 1),
        date(2025, 3, 1),
        "Schuldhulp",
        [{"fixed_amount": Decimal("500.00")}],
    )
    add_item(
        case,
        zonder,
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 12, 31),
        "GGZ",
        [{"price_item": ggz}],
    )  # 1.500
    return case


def _realised_course(case, evaluation):
    met = evaluation.scenarios.get(code="met")
    km = evaluation.price_list.items.get(code="KM")
    # The begeleiding happened for half the year only, at 10 hours a month: matched.
    add_item(
        case,
        met,
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 6, 30),
        "Begeleiding (werkelijk)",
        [{"price_item": km, "quantity": Decimal(10), "times": Decimal(6)}],
    )
    # Not foreseen.
    add_item(
        case,
        met,
        ItemKind.SUPPORT,
        date(2025, 8, 1),
        date(2025, 8, 1),
        "Verhuizing",
        [{"fixed_amount": Decimal("2000.00")}],
    )


def test_it_uses_the_prognose_itself_as_the_figures_before_realising(evaluation, forecast_case):
    loaded = figures.load(evaluation, forecast_case)
    assert loaded.of(forecast_case).total("met") == Decimal("10100.00")
    assert loaded.of(forecast_case).total("zonder") == Decimal("1500.00")
    assert figures.load(evaluation, forecast_case, forecast=True).items[forecast_case.pk] == []


def test_it_freezes_the_forecast_when_realising(evaluation, forecast_case, owner):
    assert prognosis.realise(owner, forecast_case) == 3
    forecast_case.refresh_from_db()
    assert forecast_case.stage == CaseStage.REALISED
    assert forecast_case.items.filter(is_forecast=False).count() == 0
    item = forecast_case.items.first()
    with pytest.raises(timeline.Frozen, match="niet meer worden gewijzigd"):
        timeline.update_item(owner, item, item.version, {"description": "Anders"}, [])
    with pytest.raises(timeline.Frozen):
        timeline.delete_item(owner, item)
    item.refresh_from_db()
    assert item.description != "Anders"
    with pytest.raises(prognosis.NotAPrognosis):
        prognosis.realise(owner, forecast_case)


def test_it_never_mixes_forecast_and_realisation_in_any_figure(evaluation, forecast_case, owner):
    prognosis.realise(owner, forecast_case)
    forecast_case.refresh_from_db()
    _realised_course(forecast_case, evaluation)
    realised = figures.load(evaluation, forecast_case)
    kept = figures.load(evaluation, forecast_case, forecast=True)
    # Realisation: 80 × 10 × 6 = 4.800 + 2.000; no doing-nothing course entered yet.
    assert realised.of(forecast_case).total("met") == Decimal("6800.00")
    assert realised.of(forecast_case).total("zonder") == Decimal("0.00")
    assert kept.of(forecast_case).total("met") == Decimal("10100.00")
    assert kept.of(forecast_case).total("zonder") == Decimal("1500.00")
    assert all(not i.is_forecast for i in realised.items[forecast_case.pk])
    assert all(i.is_forecast for i in kept.items[forecast_case.pk])
    # The whole evaluation's figures and the summary JSON are the realisation's too.
    whole = figures.load(evaluation)
    assert whole.of(forecast_case).total("met") == Decimal("6800.00")
    summary = evaluation_summary(evaluation)
    row = next(c for c in summary["cases"] if c["code"] == "P")
    assert row["totals"] == {"met": "6800.00", "zonder": "0.00"}


def test_it_matches_by_price_item_and_overlapping_period(evaluation, forecast_case, owner):
    prognosis.realise(owner, forecast_case)
    forecast_case.refresh_from_db()
    _realised_course(forecast_case, evaluation)
    found = prognosis.comparison(figures.load(evaluation, forecast_case), forecast_case)
    met = next(s for s in found.scenarios if s.scenario.code == "met")
    assert [(r.forecast.description, r.realised.description) for r in met.pairs] == [
        ("Begeleiding", "Begeleiding (werkelijk)")
    ]
    assert [r.label for r in met.only_forecast] == ["Schuldhulp"]
    assert [r.label for r in met.only_realised] == ["Verhuizing"]
    assert (met.forecast_total, met.realised_total) == (Decimal("10100.00"), Decimal("6800.00"))
    # Largest difference first: 4.800 less begeleiding, 2.000 not foreseen, 500 not spent.
    assert [r.difference for r in met.misses] == [
        Decimal("-4800.00"),
        Decimal("2000.00"),
        Decimal("-500.00"),
    ]
    assert met.misses[0].sentence == (
        "Begeleiding: voorzien € 9.600, werkelijk € 4.800 (€ 4.800 minder)."
    )
    assert met.misses[1].sentence == "Verhuizing: niet voorzien, werkelijk € 2.000."
    assert met.misses[2].sentence == "Schuldhulp: voorzien voor € 500, maar niet gebeurd."
    zonder = next(s for s in found.scenarios if s.scenario.code == "zonder")
    assert [r.label for r in zonder.only_forecast] == ["GGZ"]


def test_it_does_not_match_without_overlap_or_with_another_price_item(evaluation, forecast_case):
    met = evaluation.scenarios.get(code="met")
    km, ggz = (evaluation.price_list.items.get(code=c) for c in ("KM", "GGZ"))
    planned = add_item(
        forecast_case,
        met,
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 3, 31),
        "A",
        [{"price_item": km}],
    )
    later = add_item(
        forecast_case,
        met,
        ItemKind.SUPPORT,
        date(2025, 4, 1),
        date(2025, 5, 31),
        "B",
        [{"price_item": km}],
    )
    other = add_item(
        forecast_case,
        met,
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 3, 31),
        "C",
        [{"price_item": ggz}],
    )
    pairs, alone, new = prognosis.match([planned], [later, other])
    assert (pairs, alone, new) == ([], [planned], [later, other])


def test_it_pairs_the_realised_item_with_the_largest_overlap(evaluation, forecast_case):
    met = evaluation.scenarios.get(code="met")
    km = evaluation.price_list.items.get(code="KM")

    def item(start, end, text):
        return add_item(
            forecast_case, met, ItemKind.SUPPORT, start, end, text, [{"price_item": km}]
        )

    planned = item(date(2025, 1, 1), date(2025, 6, 30), "plan")
    short = item(date(2025, 6, 1), date(2025, 7, 31), "kort")
    long = item(date(2025, 2, 1), date(2025, 5, 31), "lang")
    pairs, alone, new = prognosis.match([planned], [short, long])
    assert pairs == [(planned, long)] and alone == [] and new == [short]


def test_it_matches_items_without_price_item_by_description(evaluation, forecast_case):
    met = evaluation.scenarios.get(code="met")
    planned = add_item(
        forecast_case,
        met,
        ItemKind.SUPPORT,
        date(2025, 3, 1),
        date(2025, 3, 1),
        "Schuldhulp",
        [{"fixed_amount": Decimal(1)}],
    )
    done = add_item(
        forecast_case,
        met,
        ItemKind.SUPPORT,
        date(2025, 3, 1),
        date(2025, 3, 1),
        " schuldhulp ",
        [{"fixed_amount": Decimal(2)}],
    )
    assert prognosis.match([planned], [done])[0] == [(planned, done)]


def test_it_has_no_comparison_for_a_case_that_never_was_a_prognose(evaluation):
    case = evaluation.cases.get(code="1")
    assert prognosis.comparison(figures.load(evaluation, case), case) is None
    assert prognosis.all_comparisons(figures.load(evaluation)) == {}


def test_anonymising_removes_the_decision_in_words_and_keeps_its_figures(evaluation, forecast_case):
    from cases.retention import anonymise

    forecast_case.decision = "Budget voor mevrouw aan de Dorpsstraat"
    forecast_case.decided_by = "wijkteam Noord"
    forecast_case.decided_on = date(2025, 1, 15)
    forecast_case.decided_amount = Decimal("3000.00")
    forecast_case.save()
    anonymise(evaluation)
    forecast_case.refresh_from_db()
    assert (forecast_case.decision, forecast_case.decided_by) == ("", "")
    assert forecast_case.decided_on == date(2025, 1, 15)
    assert forecast_case.decided_amount == Decimal("3000.00")
    assert forecast_case.stage == CaseStage.FORECAST
