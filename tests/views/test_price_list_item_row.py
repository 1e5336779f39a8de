from django.urls import reverse


def _url(item):
    return reverse("pricelist:item_row", args=[item.price_list_id, item.pk])


def test_it_answers_htmx_with_the_row(client, owner, price_list):
    item = price_list.items.get(code="GGZ")
    client.force_login(owner)
    html = client.get(_url(item), headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith(f'<tr id="item-{item.pk}">')
    assert "GGZ-behandeling" in html and "Wijzigen" in html


def test_it_sends_a_page_to_the_list(client, member, price_list):
    item = price_list.items.get(code="GGZ")
    client.force_login(member)
    response = client.get(_url(item))
    assert response["Location"] == f"/prijslijsten/{price_list.pk}/#item-{item.pk}"
