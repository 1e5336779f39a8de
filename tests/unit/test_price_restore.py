"""Bringing back a deleted price item or price list version from the bin."""

from decimal import Decimal

import pytest

from history.models import ChangeRecord
from history.recorder import in_bin, snapshot
from pricelist.models import PriceItem, PriceList

pytestmark = pytest.mark.django_db


def test_an_item_comes_back_as_it_was(owner, price_list):
    item = price_list.items.get(code="KM")
    before = snapshot(item)
    record = item.delete_by(owner)
    assert in_bin("pricelist.PriceItem").filter(pk=record.pk).exists()

    restored = PriceItem.restore(record, owner)

    assert snapshot(PriceItem.objects.get(pk=before["id"])) == before
    assert restored.pk == before["id"]
    assert not in_bin("pricelist.PriceItem").exists()
    restore = ChangeRecord.objects.get(action="restore", model="pricelist.PriceItem")
    assert (restore.restores, restore.user, restore.organisation) == (
        record,
        owner,
        price_list.organisation,
    )


def test_an_item_comes_back_once(owner, price_list):
    record = price_list.items.get(code="KM").delete_by(owner)
    PriceItem.restore(record, owner)
    with pytest.raises(ValueError, match="Dit prijsitem is al teruggezet"):
        PriceItem.restore(record, owner)


def test_an_item_does_not_come_back_into_a_version_now_in_use(owner, price_list, evaluation):
    spare = PriceList.objects.create(organisation=price_list.organisation, name="Reserve")
    financier = price_list.organisation.financiers.first()
    record = PriceItem.objects.create(
        price_list=spare, code="X", name="X", unit="uur", price=Decimal(1), financier=financier
    ).delete_by(owner)
    evaluation.price_list = spare
    evaluation.save()
    with pytest.raises(ValueError, match="ligt vast"):
        PriceItem.restore(record, owner)
    assert not spare.items.exists()


def test_an_item_does_not_come_back_beside_a_new_one_of_its_code(owner, price_list):
    item = price_list.items.get(code="KM")
    record = item.delete_by(owner)
    PriceItem.objects.create(
        price_list=price_list,
        code="km",
        name="Nieuwe klantmanager",
        unit="uur",
        price=Decimal(90),
        financier=item.financier,
    )
    with pytest.raises(ValueError, match="ander item met code KM"):
        PriceItem.restore(record, owner)


def test_an_item_of_a_deleted_version_waits_for_that_version(owner, price_list):
    item_record = price_list.items.get(code="KM").delete_by(owner)
    list_record = price_list.delete_by(owner)
    with pytest.raises(ValueError, match="zet eerst die prijslijst terug"):
        PriceItem.restore(item_record, owner)
    restored = PriceList.restore(list_record, owner)
    PriceItem.restore(item_record, owner)
    assert sorted(restored.items.values_list("code", flat=True)) == ["GGZ", "KM"]


def test_a_version_comes_back_with_its_items_and_dates(owner, price_list):
    items = [snapshot(item) for item in price_list.items.all()]
    before = snapshot(price_list)
    record = price_list.delete_by(owner)

    restored = PriceList.restore(record, owner)

    assert snapshot(PriceList.objects.get(pk=before["id"])) == before
    assert restored.created_at == price_list.created_at
    assert [snapshot(item) for item in restored.items.all()] == items
    assert not in_bin("pricelist.PriceList").exists()


def test_a_version_forgets_the_version_it_came_from_when_that_is_gone(owner, price_list):
    derived = price_list.derive(owner, "Afgeleid 2025")
    derived_record = derived.delete_by(owner)
    price_list.delete_by(owner)
    restored = PriceList.restore(derived_record, owner)
    assert restored.based_on is None
    assert restored.derivation == "Kopie van Testprijslijst 2024"


def test_a_version_does_not_come_back_beside_a_namesake(owner, price_list):
    record = price_list.delete_by(owner)
    PriceList.objects.create(organisation=price_list.organisation, name=price_list.name)
    with pytest.raises(ValueError, match="geef die eerst een andere naam"):
        PriceList.restore(record, owner)
    assert in_bin("pricelist.PriceList").filter(pk=record.pk).exists()


def test_a_record_of_another_kind_is_refused(owner, price_list):
    record = price_list.items.get(code="KM").delete_by(owner)
    with pytest.raises(ValueError, match="staat niet in de prullenbak"):
        PriceList.restore(record, owner)
