from django.urls import reverse

from pricelist.models import PriceItem
from tests.views.helpers import table_rows


def detail_url(price_list):
    return reverse("pricelist:detail", args=[price_list.pk])


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
    assert "Wijzigen" not in html  # a beleidsmedewerker changes nothing


def test_it_searches(client, member, price_list):
    client.force_login(member)
    html = client.get(detail_url(price_list), {"q": "ggz"}).content.decode()
    rows = table_rows(html, "Prijsitems")
    assert [row[0] for row in rows[1:]] == ["GGZ"]
    assert 'value="ggz"' in html


def _codes(client, price_list, **filters):
    html = client.get(detail_url(price_list), filters).content.decode()
    if "Geen prijsitems gevonden" in html:
        return []
    return [row[0] for row in table_rows(html, "Prijsitems")[1:]]


def test_it_filters_by_category_unit_financier_and_hardness(client, member, price_list):
    PriceItem.objects.create(
        price_list=price_list,
        code="WIJK",
        name="Wijkteam",
        unit="uur",
        price=70,
        category="Gemeente",
        financier=price_list.organisation.financiers.get(code="gemeente-jeugd"),
        hardness="onderbouwd",
        position=3,
    )
    client.force_login(member)
    assert _codes(client, price_list, categorie="Gemeente") == ["KM", "WIJK"]
    assert _codes(client, price_list, eenheid="traject") == ["GGZ"]
    assert _codes(client, price_list, financier="gemeente-jeugd") == ["WIJK"]
    assert _codes(client, price_list, hardheid="aanname") == ["KM"]
    assert _codes(client, price_list, categorie="Gemeente", hardheid="hard") == []
    assert _codes(client, price_list, q="wijk", eenheid="uur") == ["WIJK"]


def test_it_ignores_an_unknown_filter_value(client, member, price_list):
    client.force_login(member)
    assert _codes(client, price_list, hardheid="zacht") == ["KM", "GGZ"]


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


def test_it_offers_an_editor_inline_editing_with_real_links(client, owner, price_list):
    client.force_login(owner)
    html = client.get(detail_url(price_list)).content.decode()
    item = price_list.items.get(code="KM")
    edit = f"/prijslijsten/{price_list.pk}/items/{item.pk}/wijzigen/"
    assert f'href="{edit}"' in html and f'hx-get="{edit}"' in html
    assert f'href="/prijslijsten/{price_list.pk}/items/nieuw/"' in html
    assert "Nieuwe versie maken" in html


def test_it_shows_a_version_in_use_as_read_only(client, owner, evaluation):
    client.force_login(owner)
    html = client.get(detail_url(evaluation.price_list)).content.decode()
    assert "Village Deal Test" in html
    assert "ligt daarom vast" in html
    assert "Wijzigen" not in html and "Item toevoegen" not in html
    assert "Nieuwe versie maken" in html


def test_it_marks_an_item_added_during_the_session(client, owner, evaluation):
    """A version in use shows which items were added from the entry screen, after it was
    locked (cases.views.prices.price_item_add)."""
    price_list = evaluation.price_list
    km = price_list.items.get(code="KM")
    PriceItem(
        price_list=price_list,
        code="SW",
        name="Sociaal werker",
        unit="uur",
        price=70,
        financier=km.financier,
    ).save_by(owner, during_session=True)
    client.force_login(owner)
    html = client.get(f"/prijslijsten/{price_list.pk}/").content.decode()
    assert html.count("toegevoegd tijdens de sessie</span>") == 1
    assert "Sociaal werker <span" in html
