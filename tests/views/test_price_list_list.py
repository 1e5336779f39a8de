from django.urls import reverse

from pricelist.models import PriceList
from tests.views.helpers import table_rows

LIST_URL = reverse("pricelist:list")


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
        "te wijzigen",
    ]


def test_it_marks_a_version_in_use(client, member, evaluation):
    client.force_login(member)
    html = client.get(LIST_URL).content.decode()
    assert table_rows(html, "Prijslijsten")[1][-1] == "in gebruik"


def test_it_offers_the_import_to_an_effectencalculateur_only(client, owner, member, price_list):
    client.force_login(owner)
    assert 'href="/prijslijsten/importeren/"' in client.get(LIST_URL).content.decode()
    client.force_login(member)
    assert 'href="/prijslijsten/importeren/"' not in client.get(LIST_URL).content.decode()


def test_it_shows_an_empty_list(client, outsider):
    client.force_login(outsider)
    assert "nog geen prijslijsten" in client.get(LIST_URL).content.decode()
