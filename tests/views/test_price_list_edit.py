"""A version's name and price year, changed while no evaluation uses it."""

from django.urls import reverse

from history.models import ChangeRecord
from pricelist.models import PriceList


def _url(price_list):
    return reverse("pricelist:edit", args=[price_list.pk])


def test_it_renames_and_records_the_change(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), {"name": " Prijslijst 2025 ", "price_year": "2025"})
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/"
    price_list.refresh_from_db()
    assert (price_list.name, price_list.price_year) == ("Prijslijst 2025", 2025)
    record = ChangeRecord.objects.get(model="pricelist.PriceList", action="update")
    assert (record.before["name"], record.after["name"]) == (
        "Testprijslijst 2024",
        "Prijslijst 2025",
    )
    assert record.user == owner


def test_it_keeps_what_was_typed_and_says_what_is_wrong(client, owner, price_list):
    PriceList.objects.create(organisation=price_list.organisation, name="Bezet")
    client.force_login(owner)
    response = client.post(_url(price_list), {"name": "Bezet", "price_year": "1800"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er bestaat al een prijslijst ‘Bezet’; kies een andere naam." in html
    assert "Een prijsjaar ligt tussen 1900 en 2100." in html
    assert 'value="1800"' in html
    price_list.refresh_from_db()
    assert price_list.name == "Testprijslijst 2024"


def test_it_keeps_its_own_name_free(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list), {"name": "Testprijslijst 2024", "price_year": ""})
    assert response.status_code == 302
    price_list.refresh_from_db()
    assert price_list.price_year is None


def test_it_refuses_a_version_in_use(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation.price_list), {"name": "Anders", "price_year": ""})
    assert response.status_code == 409
    assert PriceList.objects.get(pk=evaluation.price_list_id).name == "Testprijslijst 2024"


def test_the_detail_page_offers_it_only_while_the_version_is_free(client, owner, evaluation):
    free = PriceList.objects.create(organisation=evaluation.organisation, name="Vrij")
    client.force_login(owner)
    assert _url(free) in client.get(reverse("pricelist:detail", args=[free.pk])).content.decode()
    locked = reverse("pricelist:detail", args=[evaluation.price_list_id])
    assert _url(evaluation.price_list) not in client.get(locked).content.decode()
