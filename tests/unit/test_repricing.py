"""cases.repricing: the preview changes nothing; apply is atomic, refuses missing codes and
is recorded in the history."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import repricing
from cases.figures import load
from cases.models import CostLine
from cases.repricing import RepricingError, apply, preview
from history.models import ChangeRecord
from lib.indexation import Indexation
from pricelist.models import PriceList

D = Decimal


@pytest.fixture
def newer(evaluation, owner):
    """The evaluation's price list, 10 % dearer: KM 88, GGZ 1.650."""
    return evaluation.price_list.derive(owner, "Testprijslijst 2025", 2025, Indexation(D(10)))


def _state(evaluation):
    evaluation.refresh_from_db()
    lines = CostLine.objects.filter(item__case__evaluation=evaluation).order_by("pk")
    return evaluation.price_list_id, list(lines.values_list("price_item_id", flat=True))


def _totals(result):
    return {
        case.case.code: [(t.scenario, t.old, t.new) for t in case.totals] for case in result.cases
    }


def test_it_previews_the_old_and_new_totals(evaluation, newer):
    result = preview(evaluation, newer)
    assert result.source == evaluation.price_list and result.target == newer
    assert _totals(result) == {
        "1": [
            ("Met interventie", D("2036.70"), D("2196.70")),
            ("Zonder interventie", D("1500.00"), D("1650.00")),
        ],
        "2": [
            ("Met interventie", D("1700.00"), D("1764.00")),
            ("Zonder interventie", D("81919.00"), D("81919.00")),
        ],
    }
    assert result.can_apply and result.missing_codes == []


def test_it_lists_every_line_whose_cost_changes(evaluation, newer):
    result = preview(evaluation, newer)
    lines = {case.case.code: case.lines for case in result.cases}
    assert [(line.price_code, line.old_cost, line.new_cost) for line in lines["1"]] == [
        ("GGZ", D("1500.00"), D("1650.00")),
        ("KM", D("1600.00"), D("1760.00")),
    ]
    # The OV-jaarkaart is a fixed amount with a KM code: its cost does not change.
    assert [(line.price_code, line.description) for line in lines["2"]] == [
        ("KM", "Wekelijks gesprek met twee klantmanagers")
    ]
    first = lines["2"][0]
    assert (first.old_price, first.new_price, first.scenario) == (
        D("80.00"),
        D("88.00"),
        "Met interventie",
    )
    assert result.changed_line_count == 3


def test_it_changes_nothing_on_preview(evaluation, newer):
    before = _state(evaluation)
    with CaptureQueriesContext(connection) as queries:
        preview(evaluation, newer)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert _state(evaluation) == before
    assert not ChangeRecord.objects.filter(model="cases.Evaluation").exists()


def test_it_lists_missing_price_items(evaluation, newer, owner):
    newer.items.get(code="GGZ").delete_by(owner)
    result = preview(evaluation, newer)
    missing = [line for case in result.cases for line in case.lines if line.is_missing]
    assert [(line.price_code, line.old_cost, line.new_cost) for line in missing] == [
        ("GGZ", D("1500.00"), None)
    ]
    assert result.missing_codes == ["GGZ"]
    assert not result.can_apply
    # The missing line counts at its old cost in the new total.
    assert _totals(result)["1"][1] == ("Zonder interventie", D("1500.00"), D("1500.00"))


def test_it_applies_the_new_version(evaluation, newer, owner):
    old = evaluation.price_list
    revisions = list(evaluation.cases.values_list("revision", flat=True))
    apply(evaluation, newer, owner)
    evaluation.refresh_from_db()
    assert evaluation.price_list == newer
    lines = CostLine.objects.filter(item__case__evaluation=evaluation, price_item__isnull=False)
    assert {line.price_item.price_list_id for line in lines} == {newer.pk}
    figures = load(evaluation)
    assert figures.totals.totals == {"met": D("3960.70"), "zonder": D("83569.00")}
    assert [r + 1 for r in revisions] == list(evaluation.cases.values_list("revision", flat=True))
    assert newer.is_locked and not old.is_locked


def test_it_records_the_repricing_in_the_history(evaluation, newer, owner):
    old = evaluation.price_list
    apply(evaluation, newer, owner)
    record = ChangeRecord.objects.get(model="cases.Evaluation")
    assert (record.user, record.action, record.evaluation) == (owner, "update", evaluation)
    assert record.before["price_list"] == old.pk
    assert record.after["price_list"] == newer.pk
    assert record.before["totals"]["1/Met interventie"] == "2036.70"
    assert record.after["totals"]["1/Met interventie"] == "2196.70"
    assert record.after["lines_repointed"] == 4  # also the fixed amount with a code


def test_it_refuses_to_apply_with_missing_price_items(evaluation, newer, owner):
    newer.items.get(code="GGZ").delete_by(owner)
    before = _state(evaluation)
    with pytest.raises(RepricingError, match="mist prijscodes die deze evaluatie gebruikt: GGZ"):
        apply(evaluation, newer, owner)
    assert _state(evaluation) == before


def test_it_applies_all_or_nothing(evaluation, newer, owner, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(repricing, "record_change", fail)
    before = _state(evaluation)
    revisions = list(evaluation.cases.values_list("revision", flat=True))
    with pytest.raises(RuntimeError):
        apply(evaluation, newer, owner)
    assert _state(evaluation) == before
    assert list(evaluation.cases.values_list("revision", flat=True)) == revisions


def test_it_refuses_the_same_or_another_organisations_list(evaluation, other_organisation):
    with pytest.raises(RepricingError, match="gebruikt deze prijslijst al"):
        preview(evaluation, evaluation.price_list)
    elsewhere = PriceList.objects.create(organisation=other_organisation, name="Elders")
    with pytest.raises(RepricingError, match="hoort niet bij de organisatie"):
        preview(evaluation, elsewhere)
