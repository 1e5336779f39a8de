from decimal import Decimal

from django.urls import reverse

from history.models import ChangeRecord

FIELDS = {
    "code": "KM",
    "name": "Klantmanager (gemiddeld)",
    "unit": "uur",
    "price": "82,50",
    "category": "Gemeente",
    "financier": "",
    "source": "Eigen schatting 2025",
    "price_year": "2025",
    "hardness": "onderbouwd",
}


def _url(item):
    return reverse("pricelist:item_edit", args=[item.price_list_id, item.pk])


def _data(item, **changes):
    financier = item.price_list.organisation.financiers.get(code="gemeente-wmo")
    return {**FIELDS, "financier": financier.pk, **changes}


def test_it_shows_the_form_as_a_page(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    html = client.get(_url(item)).content.decode()
    assert "<html" in html and "Prijsitem KM wijzigen" in html
    assert 'value="Klantmanager"' in html


def test_it_shows_and_reads_the_price_the_dutch_way(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    html = client.get(_url(item)).content.decode()
    assert 'name="price" value="80"' in html
    assert "Select an option" not in html
    client.post(_url(item), _data(item, price="1.234,5"))
    item.refresh_from_db()
    assert item.price == Decimal("1234.50")


def test_it_answers_htmx_with_the_row_form(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    html = client.get(_url(item), headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith(f'<tr id="item-{item.pk}" class="editing">')
    assert f'hx-post="{_url(item)}"' in html and f'action="{_url(item)}"' in html
    # Cancelling puts the row back, or without htmx goes back to the list.
    assert f'hx-get="/prijslijsten/{price_list.pk}/items/{item.pk}/"' in html
    assert f'href="/prijslijsten/{price_list.pk}/#item-{item.pk}"' in html


def test_it_saves_and_answers_htmx_with_the_row(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    response = client.post(_url(item), _data(item), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="item-{item.pk}">')
    assert "€ 82,50" in html and "onderbouwd" in html
    item.refresh_from_db()
    assert (item.price, item.hardness, item.price_year) == (Decimal("82.50"), "onderbouwd", 2025)


def test_it_records_the_change(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    client.post(_url(item), _data(item))
    record = ChangeRecord.objects.get(model="pricelist.PriceItem", object_id=str(item.pk))
    assert (record.action, record.user, record.organisation) == (
        "update",
        owner,
        price_list.organisation,
    )
    assert (record.before["price"], record.after["price"]) == ("80.00", "82.50")


def test_it_redirects_a_page_to_the_list(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    response = client.post(_url(item), _data(item))
    assert response.status_code == 302
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/#item-{item.pk}"


def test_it_re_renders_an_invalid_form_with_200(client, owner, price_list):
    item = price_list.items.get(code="KM")
    client.force_login(owner)
    response = client.post(
        _url(item), _data(item, price="-1", code="GGZ"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="item-{item.pk}" class="editing">')
    assert "De prijscode ‘GGZ’ bestaat al in deze prijslijst." in html
    assert "Dit getal mag niet negatief zijn." in html
    item.refresh_from_db()
    assert item.price == Decimal("80.00")


def test_it_refuses_to_edit_a_version_in_use(client, owner, evaluation):
    item = evaluation.price_list.items.get(code="KM")
    client.force_login(owner)
    for response in (client.get(_url(item)), client.post(_url(item), _data(item))):
        assert response.status_code == 409
        html = response.content.decode()
        assert "wordt gebruikt door een evaluatie" in html
        assert f'href="/prijslijsten/{item.price_list_id}/nieuwe-versie/"' in html
    item.refresh_from_db()
    assert item.price == Decimal("80.00")


def test_it_is_not_found_for_an_item_of_another_list(client, owner, price_list, organisation):
    other = price_list.derive(owner, "Andere versie")
    item = other.items.get(code="KM")
    client.force_login(owner)
    url = reverse("pricelist:item_edit", args=[price_list.pk, item.pk])
    assert client.get(url).status_code == 404
