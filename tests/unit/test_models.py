"""Rules the database itself holds, and the figures models hand to the costing engine."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from cases.figures import load
from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem
from pricelist.models import PriceItem, PriceList, create_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation():
    organisation = create_organisation("Gemeente Proef")
    price_list = PriceList.objects.create(organisation=organisation, name="Prijslijst 2024")
    return Evaluation.objects.create(
        organisation=organisation, slug="proef", title="Proef", price_list=price_list
    )


def new_case(evaluation, code="1", start=date(2018, 1, 1), end=date(2018, 12, 31), **fields):
    return Case.objects.create(
        evaluation=evaluation,
        code=code,
        title=f"Casus {code}",
        start_date=start,
        end_date=end,
        **fields,
    )


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_it_allows_one_reference_werkwijze_per_evaluation(evaluation):
    Scenario.objects.create(evaluation=evaluation, code="zonder", name="Zonder", is_reference=True)
    Scenario.objects.create(evaluation=evaluation, code="met", name="Met")
    assert_refused(
        lambda: Scenario.objects.create(
            evaluation=evaluation, code="niets", name="Niets", is_reference=True
        )
    )


def test_it_keeps_werkwijze_case_and_price_codes_unique(evaluation):
    Scenario.objects.create(evaluation=evaluation, code="met", name="Met")
    assert_refused(
        lambda: Scenario.objects.create(evaluation=evaluation, code="met", name="Ook met")
    )
    new_case(evaluation)
    assert_refused(lambda: new_case(evaluation))
    financier = evaluation.organisation.financiers.get(code="gemeente-wmo")
    fields = {
        "price_list": evaluation.price_list,
        "unit": "uur",
        "price": 1,
        "financier": financier,
    }
    PriceItem.objects.create(code="KM", name="Klantmanager", **fields)
    assert_refused(lambda: PriceItem.objects.create(code="KM", name="Klantmanager 2", **fields))


def test_it_refuses_an_end_before_the_start(evaluation):
    assert_refused(lambda: new_case(evaluation, start=date(2018, 2, 1), end=date(2018, 1, 1)))


def test_it_refuses_a_timeline_item_ending_before_it_starts(evaluation):
    scenario = Scenario.objects.create(evaluation=evaluation, code="met", name="Met")
    case = new_case(evaluation)
    assert_refused(
        lambda: TimelineItem.objects.create(
            case=case,
            scenario=scenario,
            kind="gebeurtenis",
            start=date(2018, 3, 1),
            end=date(2018, 2, 1),
            description="Melding",
        )
    )


def test_it_refuses_a_cost_line_with_neither_price_item_nor_amount(evaluation):
    scenario = Scenario.objects.create(evaluation=evaluation, code="met", name="Met")
    case = new_case(evaluation)
    item = TimelineItem.objects.create(
        case=case,
        scenario=scenario,
        kind="ondersteuning",
        start=date(2018, 1, 1),
        end=date(2018, 1, 1),
        description="Gesprek",
    )
    assert_refused(lambda: CostLine.objects.create(item=item))


def test_it_computes_an_evaluation_in_a_fixed_number_of_queries(
    evaluation, django_assert_max_num_queries
):
    zonder = Scenario.objects.create(
        evaluation=evaluation, code="zonder", name="Zonder", is_reference=True
    )
    met = Scenario.objects.create(evaluation=evaluation, code="met", name="Met", position=0)
    financier = evaluation.organisation.financiers.get(code="gemeente-wmo")
    km = PriceItem.objects.create(
        price_list=evaluation.price_list,
        code="KM",
        name="Klantmanager",
        unit="uur",
        price=D("76.50"),
        financier=financier,
    )
    for n in range(1, 4):
        case = new_case(evaluation, code=str(n), position=n)
        for scenario, amount in ((met, D(100) * n), (zonder, D(1000) * n)):
            item = TimelineItem.objects.create(
                case=case,
                scenario=scenario,
                kind="ondersteuning",
                start=date(2018, 1, 1),
                end=date(2018, 1, 14),
                description="Begeleiding",
                is_intervention=True,
            )
            CostLine.objects.create(item=item, price_item=km, quantity=2, frequency="week")
            CostLine.objects.create(item=item, fixed_amount=amount, financier=financier)

    # Scenarios, cases, items and their lines: the same four however many cases.
    with django_assert_max_num_queries(4):
        figures = load(evaluation)

    assert [s.code for s in figures.scenarios] == ["met", "zonder"]
    first = figures.by_case[figures.cases[0].pk]
    assert first.total("met") == D("406.00")  # 4 hours × 76.50 + 100
    assert first.figures["met"].hours == {"KM": D("4.00")}
    assert figures.totals.totals == {"met": D("1518.00"), "zonder": D("6918.00")}
    assert figures.totals.differences["met"] == D("5400.00")
    assert figures.totals.intervention_subtotals["met"] == D("1518.00")
