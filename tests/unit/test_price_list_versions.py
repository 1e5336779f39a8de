"""Price list versions: a version an evaluation uses is locked; new versions by copy or
indexation; who may edit."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import CHAIRS, Role
from lib.indexation import Indexation, Rounding
from pricelist.access import get_price_list
from pricelist.models import LOCKED_MESSAGE, PriceItem, PriceListLocked


def test_it_is_unlocked_until_an_evaluation_uses_it(price_list):
    assert not price_list.is_locked
    price_list.ensure_editable()


def test_it_locks_a_version_in_use(evaluation):
    price_list = evaluation.price_list
    assert price_list.is_locked
    with pytest.raises(PriceListLocked) as refusal:
        price_list.ensure_editable()
    assert refusal.value.messages == [LOCKED_MESSAGE]
    assert "Nieuwe versie maken" in LOCKED_MESSAGE


def test_it_refuses_every_change_to_a_locked_version(evaluation, owner):
    item = evaluation.price_list.items.get(code="KM")
    item.price = Decimal("1.00")
    with pytest.raises(PriceListLocked):
        item.save_by(owner)
    new = PriceItem(price_list=evaluation.price_list, code="X", name="X", unit="uur", price=1)
    with pytest.raises(PriceListLocked):
        new.save_by(owner)
    with pytest.raises(PriceListLocked):
        item.delete_by(owner)
    with pytest.raises(PriceListLocked):
        evaluation.price_list.delete_by(owner)
    item.refresh_from_db()
    assert item.price == Decimal("80.00")


def test_it_derives_an_unlocked_copy_of_a_locked_version(evaluation, owner):
    copy = evaluation.price_list.derive(owner, "Kopie", 2025)
    assert not copy.is_locked
    assert copy.organisation == evaluation.organisation and copy.price_year == 2025
    fields = ("code", "name", "unit", "price", "category", "financier", "hardness", "position")
    assert list(copy.items.values_list(*fields)) == list(
        evaluation.price_list.items.values_list(*fields)
    )


def test_it_derives_an_indexed_version(price_list, owner):
    indexation = Indexation(Decimal(3), {"Zorg": Decimal(5)}, Rounding.FIVE_EUROS)
    derived = price_list.derive(owner, "Geïndexeerd", indexation=indexation)
    # KM: 80 × 1,03 = 82,40 → € 80; GGZ: 1500 × 1,05 = 1575 → € 1.575.
    assert dict(derived.items.values_list("code", "price")) == {
        "KM": Decimal("80.00"),
        "GGZ": Decimal("1575.00"),
    }
    assert derived.based_on == price_list


def test_it_lets_only_an_effectencalculateur_of_the_organisation_edit(
    price_list, owner, notulist, beleidsmedewerker, outsider, django_user_model
):
    assert get_price_list(owner, price_list.pk, CHAIRS) == (price_list, Role.EFFECTENCALCULATEUR)
    for reader in (notulist, beleidsmedewerker):
        assert get_price_list(reader, price_list.pk)[0] == price_list
        with pytest.raises(PermissionDenied):
            get_price_list(reader, price_list.pk, CHAIRS)
    with pytest.raises(Http404):  # an effectencalculateur elsewhere
        get_price_list(outsider, price_list.pk, CHAIRS)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_price_list(AnonymousUser(), price_list.pk)
