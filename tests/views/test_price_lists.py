from django.urls import reverse

from pricelist.models import PriceList
from tests.views.helpers import assert_login_required, table_rows

LIST_URL = reverse("pricelist:list")


def detail_url(price_list):
    return reverse("pricelist:detail", args=[price_list.pk])


def test_it_requires_login_for_the_list(client, db):
    assert_login_required(client, LIST_URL)


def test_it_lists_the_organisations_price_lists(client, member, price_list, other_organisation):
    PriceList.objects.create(organisation=other_organisation, name="Prijslijst van elders")
    client.force_login(member)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Testprijslijst 2024" in html
    assert "Prijslijst van elders" not in html
    assert table_rows(html, "Prijslijsten")[1] == [
        "Testprijslijst 2024",
        "Adviesbureau Noord",
        "2024",
        "2",
    ]


def test_it_shows_an_empty_list(client, outsider):
    client.force_login(outsider)
    assert "nog geen prijslijsten" in client.get(LIST_URL).content.decode()


def test_it_requires_login_for_the_detail(client, price_list):
    assert_login_required(client, detail_url(price_list))


def test_it_is_not_found_for_an_outsider(client, outsider, price_list):
    client.force_login(outsider)
    assert client.get(detail_url(price_list)).status_code == 404


def test_it_shows_the_items(client, member, price_list):
    client.force_login(member)
    response = client.get(detail_url(price_list))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    rows = table_rows(html, "Prijsitems")
    assert rows[1] == [
        "KM",
        "Klantmanager",
        "uur",
        "€ 80,00",
        "Gemeente",
        "Gemeente – Wmo",
        "Eigen schatting",
        "2024",
        "aanname",
    ]
    assert rows[2][:4] == ["GGZ", "GGZ-behandeling", "traject", "€ 1.500,00"]


def test_it_searches(client, member, price_list):
    client.force_login(member)
    html = client.get(detail_url(price_list), {"q": "ggz"}).content.decode()
    rows = table_rows(html, "Prijsitems")
    assert [row[0] for row in rows[1:]] == ["GGZ"]
    assert 'value="ggz"' in html


def test_it_answers_htmx_with_only_the_items(client, member, price_list):
    client.force_login(member)
    response = client.get(detail_url(price_list), {"q": "klant"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="items"')
    assert "<html" not in html
    assert [row[0] for row in table_rows(html, "Prijsitems")[1:]] == ["KM"]


def test_it_says_when_nothing_is_found(client, member, price_list):
    client.force_login(member)
    html = client.get(detail_url(price_list), {"q": "<b>niets</b>"}).content.decode()
    assert "Geen prijsitems gevonden met ‘&lt;b&gt;niets&lt;/b&gt;’" in html
