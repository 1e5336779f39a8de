"""Finding a price item by a few letters of its code, name or category: ranked, ignoring case
and accents; the options of the price field's combobox, or a page of results."""

import re
from decimal import Decimal

import pytest

from pricelist.models import PriceItem
from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/prijsitems/"
HTMX = {"HTTP_HX_REQUEST": "true"}

MORE_ITEMS = [
    ("HA-CONSULT", "Huisartsconsult (gemiddeld)", "Zorg"),
    ("HA-CONSULT-LANG", "Huisartsconsult > 20 min", "Zorg"),
    ("HA-VISITE", "Huisartsvisite (gemiddeld)", "Zorg"),
    ("POH-GGZ", "POH-GGZ consult bij de huisarts", "Zorg"),
    ("SW-WT", "Sociaal werker wijkteam", "Sociaal domein"),
    ("SW-WT-AVOND", "Sociaal werker wijkteam (avond)", "Sociaal domein"),
    ("MW", "Maatschappelijk werk", "Sociaal domein"),
    ("COORD", "Coördinator zorg", "Wmo"),
    ("SCHULD", "Schuldhulpverlening", "Schulden"),
]


@pytest.fixture
def more_items(price_list, organisation):
    financier = organisation.financiers.get(code="gemeente-overig")
    for position, (code, name, category) in enumerate(MORE_ITEMS, start=10):
        PriceItem.objects.create(
            price_list=price_list,
            code=code,
            name=name,
            unit="stuk",
            price=Decimal("50.00"),
            category=category,
            financier=financier,
            position=position,
        )


def options(client, query) -> list[str]:
    html = client.get(URL, {"regel0-price_item": query}, **HTMX).content.decode()
    return re.findall(r'data-value="([^"]*)"', html)


def codes(client, query) -> list[str]:
    return [option.split(" – ")[0] for option in options(client, query)]


def test_it_answers_htmx_with_listbox_options_by_name(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.get(URL, {"regel0-price_item": "klant"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="option"' in html
    assert 'data-value="KM – Klantmanager"' in html
    assert "KM · uur · € 80,00" in html
    assert "GGZ" not in html


def test_it_finds_the_four_items_that_name_a_huisarts(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    found = codes(client, "huisarts")
    assert sorted(found) == ["HA-CONSULT", "HA-CONSULT-LANG", "HA-VISITE", "POH-GGZ"]
    # A name that starts with the word before one that has it further on.
    assert found[-1] == "POH-GGZ"


def test_it_finds_a_few_letters_of_a_name_or_a_category(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    # "Sociaal werker …" by its name, "Maatschappelijk werk" by its category Sociaal domein.
    assert set(codes(client, "soc")) == {"SW-WT", "SW-WT-AVOND", "MW"}
    assert codes(client, "schulden") == ["SCHULD"]


def test_the_full_name_puts_that_item_first(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    assert codes(client, "Sociaal werker wijkteam") == ["SW-WT", "SW-WT-AVOND"]


def test_it_ignores_case_and_accents(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    assert codes(client, "coordinator") == ["COORD"]
    assert codes(client, "CÔÖRD") == ["COORD"]
    assert codes(client, "SOCIAAL WERKER") == ["SW-WT", "SW-WT-AVOND"]


def test_it_finds_by_code_first(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    assert codes(client, "ha-visite") == ["HA-VISITE"]
    assert codes(client, "havisite") == ["HA-VISITE"]
    assert codes(client, "ggz")[:2] == ["GGZ", "POH-GGZ"]  # the code itself first


def test_it_suggests_despite_a_typo_when_nothing_matches(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    assert "HA-VISITE" in codes(client, "huisartsvisiet")


def test_it_finds_nothing_for_nonsense(client, notulist, evaluation, more_items):
    client.force_login(notulist)
    assert codes(client, "xyzzy") == []


def test_it_is_a_page_without_htmx(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    html = client.get(URL, {"q": "klant"}).content.decode()
    assert "<h1>Prijsitems zoeken</h1>" in html
    assert "Klantmanager" in html
    assert "GGZ-behandeling" not in html


def test_a_very_long_query_is_cut_short_not_refused(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.get(URL, {"q": "klantmanager" + "x" * 10_000})
    assert response.status_code == 200
    assert "x" * 101 not in response.content.decode()
