"""Adding a price item during the session, from the entry screen's dialog: the
effectencalculateur alone; the version in use accepts the new item (marked as added during
the session, recorded in the history) and still refuses changing or deleting its items."""

import json

import pytest
from django.core.exceptions import ValidationError

from history.models import Action, ChangeRecord
from pricelist.models import PriceItem, PriceListLocked
from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/prijsitem-toevoegen/"
ENTRY = CASE_URL + "invoer/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def dialog_data(**fields):
    data = {
        "name": "Sociaal werker wijkteam",
        "code": "",
        "unit": "uur",
        "price": "72,50",
        "financier": "",
        "source": "Genoemd in de sessie",
        "hardness": "aanname",
        **fields,
    }
    return {f"prijsitem-{key}": value for key, value in data.items()}


@pytest.fixture
def data(organisation):
    financier = organisation.financiers.get(code="gemeente-wmo")
    return dialog_data(financier=str(financier.pk))


def test_the_chair_adds_an_item_to_the_list_in_use(client, owner, evaluation, data):
    price_list = evaluation.price_list
    assert price_list.is_locked
    client.force_login(owner)
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    item = price_list.items.get(name="Sociaal werker wijkteam")
    assert (item.code, item.unit, str(item.price), item.hardness) == (
        "SOCIAAL-WERKER-WIJKTEAM",
        "uur",
        "72.50",
        "aanname",
    )
    assert item.added_during_session
    assert item.price_year == price_list.price_year
    # The browser puts it into the row being typed; the dialog comes back empty.
    event = json.loads(response.headers["HX-Trigger-After-Swap"])["price-item-added"]
    assert event["value"] == "SOCIAAL-WERKER-WIJKTEAM – Sociaal werker wijkteam"
    html = response.content.decode()
    assert 'id="price-item-form"' in html
    assert "Sociaal werker wijkteam" not in html


def test_it_is_recorded_in_the_history(client, owner, evaluation, data):
    client.force_login(owner)
    client.post(URL, data, **HTMX)
    item = PriceItem.objects.get(name="Sociaal werker wijkteam")
    record = ChangeRecord.objects.get(model="pricelist.PriceItem", object_id=str(item.pk))
    assert record.action == Action.CREATE
    assert record.user == owner
    assert record.after["added_during_session"] is True


def test_a_typed_code_is_kept_and_a_taken_one_refused(client, owner, evaluation, data):
    client.force_login(owner)
    client.post(URL, data | {"prijsitem-code": "SW"}, **HTMX)
    assert PriceItem.objects.filter(code="SW", price_list=evaluation.price_list).exists()
    html = client.post(URL, data | {"prijsitem-code": "KM"}, **HTMX).content.decode()
    assert "De prijscode ‘KM’ bestaat al in deze prijslijst." in html
    assert 'value="Sociaal werker wijkteam"' in html  # what was typed stays


def test_a_generated_code_gets_a_number_when_it_is_taken(client, owner, evaluation, data):
    client.force_login(owner)
    client.post(URL, data, **HTMX)
    client.post(URL, data | {"prijsitem-unit": "dagdeel"}, **HTMX)
    codes = set(evaluation.price_list.items.values_list("code", flat=True))
    assert {"SOCIAAL-WERKER-WIJKTEAM", "SOCIAAL-WERKER-WIJKTEAM-2"} <= codes


def test_bad_input_is_refused_at_its_field_and_nothing_is_added(client, owner, evaluation, data):
    client.force_login(owner)
    html = client.post(URL, data | {"prijsitem-price": "veel"}, **HTMX).content.decode()
    assert 'id="id_prijsitem-price_error"' in html
    assert "Niet toegevoegd" in html
    assert not PriceItem.objects.filter(name="Sociaal werker wijkteam").exists()


def test_without_javascript_it_is_a_page_that_returns_to_the_entry(client, owner, evaluation, data):
    client.force_login(owner)
    assert "<h1>Prijsitem toevoegen</h1>" in client.get(URL).content.decode()
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response.url == ENTRY
    assert PriceItem.objects.filter(name="Sociaal werker wijkteam").exists()


@pytest.mark.parametrize("role", ["notulist", "beleidsmedewerker"])
def test_a_notulist_or_beleidsmedewerker_may_not_add_one(client, evaluation, data, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(URL, data, **HTMX).status_code == 403
    assert not PriceItem.objects.filter(name="Sociaal werker wijkteam").exists()


def test_only_the_chairs_entry_screen_offers_the_dialog(client, owner, notulist, evaluation):
    client.force_login(owner)
    assert 'id="price-item-dialog"' in client.get(ENTRY).content.decode()
    client.force_login(notulist)
    assert 'id="price-item-dialog"' not in client.get(ENTRY).content.decode()


def test_the_new_item_is_found_and_saved_in_a_line(client, owner, evaluation, data):
    client.force_login(owner)
    client.post(URL, data, **HTMX)
    html = client.get(CASE_URL + "invoer/prijsitems/", {"q": "sociaal"}, **HTMX)
    assert "toegevoegd tijdens de sessie" in html.content.decode()


def test_the_list_in_use_still_refuses_changing_or_deleting_an_item(owner, evaluation):
    item = evaluation.price_list.items.get(code="KM")
    item.price = 1
    with pytest.raises(PriceListLocked):
        item.save_by(owner)
    with pytest.raises(ValidationError):
        item.delete_by(owner)
    # Also an item added during the session, once it is there.
    added = PriceItem(
        price_list=evaluation.price_list,
        code="NIEUW",
        name="Nieuw",
        unit="uur",
        price=10,
        financier=item.financier,
    )
    added.save_by(owner, during_session=True)
    added.price = 20
    with pytest.raises(PriceListLocked):
        added.save_by(owner)
    assert PriceItem.objects.get(code="NIEUW").price == 10


def test_the_report_appendix_marks_the_item_once_it_is_used(client, owner, evaluation, data):
    client.force_login(owner)
    client.post(URL, data, **HTMX)
    line = {
        "formprefix": "",
        "regels": "1",
        "kind": "ondersteuning",
        "scenario": "met",
        "start": "1 sep 2016",
        "description": "Gesprek met het wijkteam",
        "regel0-price_item": "Sociaal werker wijkteam",
        "regel0-quantity": "2",
    }
    assert client.post(ENTRY, line, **HTMX).status_code == 200
    html = client.get(CASE_URL + "rapport/").content.decode()
    assert "Sociaal werker wijkteam <em>(toegevoegd tijdens de sessie)</em>" in html
    assert "Klantmanager <em>" not in html
