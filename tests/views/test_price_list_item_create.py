from decimal import Decimal

from django.urls import reverse

from history.models import ChangeRecord


def _url(price_list):
    return reverse("pricelist:item_create", args=[price_list.pk])


def _data(price_list, **changes):
    financier = price_list.organisation.financiers.get(code="gemeente-jeugd")
    return {
        "code": "PLEEG",
        "name": "Pleeggezin",
        "unit": "maand",
        "price": "2000",
        "category": "Jeugd",
        "financier": financier.pk,
        "source": "",
        "price_year": "",
        "hardness": "onderbouwd",
        **changes,
    }


def test_it_adds_an_item_at_the_end(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), _data(price_list))
    item = price_list.items.get(code="PLEEG")
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/#item-{item.pk}"
    assert (item.price, item.unit, item.position) == (Decimal("2000.00"), "maand", 3)
    assert ChangeRecord.objects.filter(
        model="pricelist.PriceItem", action="create", object_id=str(item.pk)
    ).exists()


def test_it_re_renders_an_invalid_form_with_200(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), _data(price_list, code="KM", unit="eeuw"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De prijscode ‘KM’ bestaat al in deze prijslijst." in html
    assert price_list.items.count() == 2


def test_it_offers_only_the_organisations_financiers(client, owner, price_list, other_organisation):
    client.force_login(owner)
    elsewhere = other_organisation.financiers.get(code="gemeente-jeugd")
    response = client.post(_url(price_list), _data(price_list, financier=elsewhere.pk))
    assert response.status_code == 200
    assert not price_list.items.filter(code="PLEEG").exists()


def test_it_refuses_a_version_in_use(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation.price_list), _data(evaluation.price_list))
    assert response.status_code == 409
    assert not evaluation.price_list.items.filter(code="PLEEG").exists()
