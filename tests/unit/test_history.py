"""Nothing is lost: a deleted timeline item comes back exactly, and the logs cannot be rewritten."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem
from cases.timeline import delete_item, restore_item
from history.models import AccessKind, AccessRecord, Action, AppendOnlyError, ChangeRecord
from history.recorder import in_bin, record_access, record_change
from pricelist.models import PriceItem, PriceList, create_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("notulist", password="x")


@pytest.fixture
def item():
    organisation = create_organisation("Gemeente Proef")
    price_list = PriceList.objects.create(organisation=organisation, name="Prijslijst 2024")
    evaluation = Evaluation.objects.create(
        organisation=organisation, slug="proef", title="Proef", price_list=price_list
    )
    scenario = Scenario.objects.create(
        evaluation=evaluation, code="met", name="Met", is_reference=True
    )
    case = Case.objects.create(
        evaluation=evaluation,
        code="1",
        title="Een",
        start_date=date(2018, 1, 1),
        end_date=date(2018, 12, 31),
    )
    financier = organisation.financiers.get(code="gemeente-wmo")
    km = PriceItem.objects.create(
        price_list=price_list,
        code="KM",
        name="Klantmanager",
        unit="uur",
        price=D("76.50"),
        financier=financier,
    )
    item = TimelineItem.objects.create(
        case=case,
        scenario=scenario,
        kind="ondersteuning",
        start=date(2018, 1, 1),
        end=date(2018, 6, 30),
        description="Begeleiding <b>thuis</b>",
        is_intervention=True,
        label="o1",
        position=3,
    )
    CostLine.objects.create(item=item, price_item=km, quantity=D("1.5"), frequency="week")
    CostLine.objects.create(item=item, fixed_amount=D("480.00"), financier=financier, position=1)
    return item


def test_it_restores_a_deleted_item_exactly_as_it_was(item, user):
    before = item.snapshot()
    record = delete_item(user, item)
    assert not TimelineItem.objects.filter(pk=before["id"]).exists()
    assert list(in_bin("cases.TimelineItem")) == [record]

    restored = restore_item(user, record)

    assert TimelineItem.objects.get(pk=restored.pk).snapshot() == before
    assert not in_bin("cases.TimelineItem").exists()
    assert ChangeRecord.objects.get(action=Action.RESTORE).restores == record


def test_it_refuses_to_restore_an_item_twice(item, user):
    record = delete_item(user, item)
    restore_item(user, record)
    with pytest.raises(ValueError, match="al teruggezet"):
        restore_item(user, record)


def test_it_records_who_changed_what_with_the_values_before_and_after(item, user):
    before = item.snapshot()
    item.description = "Andere tekst"
    item.save()
    record = record_change(user, item, Action.UPDATE, before=before)
    assert record.user == user
    assert record.case == item.case
    assert record.organisation == item.case.evaluation.organisation
    assert record.before["description"] == "Begeleiding <b>thuis</b>"
    assert record.after["description"] == "Andere tekst"


def test_it_never_lets_a_log_line_be_changed_or_deleted(item, user):
    record = record_access(user, AccessKind.VIEW_CASE, item.case.evaluation, item.case)
    assert record.what == str(item.case)
    record.what = "iets anders"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.update(what="x")
    assert AccessRecord.objects.get().what == str(item.case)
