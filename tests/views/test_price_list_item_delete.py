from django.urls import reverse

from history.models import ChangeRecord


def _url(item):
    return reverse("pricelist:item_delete", args=[item.price_list_id, item.pk])


def test_it_deletes_and_answers_htmx_with_an_undo_in_the_row(client, owner, price_list):
    item = price_list.items.get(code="GGZ")
    client.force_login(owner)
    response = client.post(_url(item), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not price_list.items.filter(code="GGZ").exists()
    record = ChangeRecord.objects.get(model="pricelist.PriceItem", action="delete")
    assert record.before["code"] == "GGZ"
    html = response.content.decode()
    assert f'<tr id="item-{item.pk}" class="deleted-row">' in html
    assert f'hx-post="/prijslijsten/prullenbak/{record.pk}/terugzetten/"' in html
    assert "Ongedaan maken" in html


def test_it_redirects_a_page_to_the_list(client, owner, price_list):
    item = price_list.items.get(code="GGZ")
    client.force_login(owner)
    response = client.post(_url(item))
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/"


def test_it_only_accepts_post(client, owner, price_list):
    client.force_login(owner)
    assert client.get(_url(price_list.items.get(code="GGZ"))).status_code == 405


def test_it_refuses_a_version_in_use(client, owner, evaluation):
    item = evaluation.price_list.items.get(code="GGZ")
    client.force_login(owner)
    assert client.post(_url(item)).status_code == 409
    assert evaluation.price_list.items.filter(code="GGZ").exists()
