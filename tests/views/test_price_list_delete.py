from django.urls import reverse

from history.models import ChangeRecord
from pricelist.models import PriceList


def _url(price_list):
    return reverse("pricelist:delete", args=[price_list.pk])


def test_it_asks_first(client, owner, price_list):
    client.force_login(owner)
    assert "verwijderen?" in client.get(_url(price_list)).content.decode()
    assert PriceList.objects.filter(pk=price_list.pk).exists()


def test_it_deletes_an_unused_version_keeping_it_in_the_history(client, owner, price_list):
    client.force_login(owner)
    response = client.post(_url(price_list))
    assert response["Location"] == "/prijslijsten/"
    assert not PriceList.objects.filter(pk=price_list.pk).exists()
    record = ChangeRecord.objects.get(model="pricelist.PriceList", action="delete")
    assert [item["code"] for item in record.before["items"]] == ["KM", "GGZ"]


def test_it_refuses_a_version_in_use(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_url(evaluation.price_list))
    assert response.status_code == 409
    assert "Nieuwe versie maken" in response.content.decode()
    assert PriceList.objects.filter(pk=evaluation.price_list_id).exists()
