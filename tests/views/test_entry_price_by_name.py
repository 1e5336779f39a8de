"""Saving a cost line whose price item was typed as a name, not chosen: the server resolves a
code or a name by itself (so the save does not depend on JavaScript), takes a name that means
one item, and refuses an ambiguous or unknown one at the field, naming the candidates and
keeping what was typed."""

from cases.models import CostLine, TimelineItem
from tests.conftest import CASE_URL, entry_data
from tests.views.test_entry_price_search import more_items  # noqa: F401 (a fixture)

URL = CASE_URL + "invoer/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def saved_code(description: str) -> str:
    item = TimelineItem.objects.get(description=description)
    return CostLine.objects.get(item=item).price_item.code


def test_it_takes_the_full_name_of_an_item(client, notulist, evaluation, more_items):  # noqa: F811
    client.force_login(notulist)
    data = entry_data(description="Gesprek", **{"regel0-price_item": "Sociaal werker wijkteam"})
    assert client.post(URL, data, **HTMX).status_code == 200
    assert saved_code("Gesprek") == "SW-WT"


def test_it_takes_a_code_in_any_case_and_a_unique_part_of_a_name(
    client,
    notulist,
    evaluation,
    more_items,  # noqa: F811
):
    client.force_login(notulist)
    client.post(URL, entry_data(description="Een", **{"regel0-price_item": "ha-visite"}))
    client.post(URL, entry_data(description="Twee", **{"regel0-price_item": "coordinator"}))
    client.post(URL, entry_data(description="Drie", **{"regel0-price_item": "klantman"}))
    assert [saved_code(d) for d in ("Een", "Twee", "Drie")] == ["HA-VISITE", "COORD", "KM"]


def test_it_refuses_an_ambiguous_name_listing_the_candidates(
    client,
    notulist,
    evaluation,
    more_items,  # noqa: F811
):
    client.force_login(notulist)
    data = entry_data(description="Spreekuur", **{"regel0-price_item": "huisarts"})
    html = client.post(URL, data, **HTMX).content.decode()
    assert not TimelineItem.objects.filter(description="Spreekuur").exists()
    assert "“huisarts” past bij 4 prijsitems:" in html
    for candidate in (
        "HA-CONSULT – Huisartsconsult (gemiddeld)",
        "HA-CONSULT-LANG – Huisartsconsult &gt; 20 min",
        "HA-VISITE – Huisartsvisite (gemiddeld)",
        "POH-GGZ – POH-GGZ consult bij de huisarts",
    ):
        assert candidate in html
    assert "Kies er één of typ meer letters." in html
    # At its field, with what was typed still there.
    assert 'id="id_regel0-price_item_error"' in html
    assert 'value="huisarts"' in html
    assert 'value="Spreekuur"' in html


def test_it_refuses_an_unknown_name_and_suggests_what_is_close(
    client,
    notulist,
    evaluation,
    more_items,  # noqa: F811
):
    client.force_login(notulist)
    data = entry_data(description="Visite", **{"regel0-price_item": "huisartsvisiet"})
    html = client.post(URL, data, **HTMX).content.decode()
    assert not TimelineItem.objects.filter(description="Visite").exists()
    assert "Er is geen prijsitem “huisartsvisiet” in de prijslijst. Bedoelde u:" in html
    assert "HA-VISITE – Huisartsvisite (gemiddeld)" in html


def test_it_refuses_what_no_item_resembles(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(description="Iets", **{"regel0-price_item": "xyzzy"})
    html = client.post(URL, data, **HTMX).content.decode()
    assert "Er is geen prijsitem met code of naam “xyzzy” in de prijslijst." in html
    assert not TimelineItem.objects.filter(description="Iets").exists()


def test_a_chosen_suggestion_still_saves_by_its_code(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(description="Gekozen", **{"regel0-price_item": "KM – Klantmanager"})
    assert client.post(URL, data, **HTMX).status_code == 200
    assert saved_code("Gekozen") == "KM"
