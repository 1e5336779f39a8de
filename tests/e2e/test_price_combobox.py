"""Choosing a price item in a real browser: by arrow keys and Enter from the ranked list, the
only match taken on Tab, and a missing item added in the dialog while a row is half typed,
which keeps the row and puts the new item in its price field. axe-core on the open list and
the open dialog; screenshots at 1366×768 where E2E_SCREENSHOTS names a folder."""

import pytest
from playwright.sync_api import expect

from cases.models import CostLine, Evaluation
from pricelist.models import PriceList
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot


@pytest.fixture
def slug(demo):
    """Stein, priced with the example price list."""
    evaluation = Evaluation.objects.get()
    evaluation.price_list = PriceList.objects.get(name__startswith="Voorbeeldprijslijst")
    evaluation.save()
    return evaluation.slug


def shot(page, name):
    keep_screenshot(page, f"prices-{name}")


def start_row(page, description):
    """Type a support item's fields up to its price field, by keyboard."""
    expect(page.get_by_label("Soort")).to_be_focused()
    for key in ("o", "m", "1 sep 2016", "", description):
        if key:
            page.keyboard.type(key)
        page.keyboard.press("Tab")
    expect(page.locator("#quick-entry input[data-combobox]")).to_be_focused()


def saved_code(description):
    return CostLine.objects.get(item__description=description).price_item.code


def test_it_chooses_by_keys_and_adds_an_item_in_the_dialog(page, login, live_server, slug):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("effectencalculateur")
    page.goto(f"{live_server.url}/evaluaties/{slug}/casussen/1/invoer/")
    price = page.locator("#quick-entry input[data-combobox]")
    expect(price).to_have_attribute("role", "combobox")

    # Arrow keys and Enter: Enter takes the option and does not save the row.
    start_row(page, "Consult huisarts")
    page.keyboard.type("huisarts")
    options = page.locator(".combobox__list [role=option]")
    expect(options).to_have_count(3)
    expect(price).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(price).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    shot(page, "combobox-open")
    assert serious_violations(page) == []
    page.keyboard.press("Enter")
    expect(price).to_have_value("HA-CONSULT-LANG – Huisartsconsult > 20 min")
    expect(price).to_have_attribute("aria-expanded", "false")
    assert not CostLine.objects.filter(item__description="Consult huisarts").exists()
    page.keyboard.press("Enter")  # now the row is saved
    expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Consult huisarts")
    assert saved_code("Consult huisarts") == "HA-CONSULT-LANG"

    # The only match is taken on Tab.
    start_row(page, "Gesprekken psycholoog")
    page.keyboard.type("psycholoog")
    expect(page.locator(".combobox__list [role=option]")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(price).to_have_value("PSYCHOLOOG – Psycholoog behandeling")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Gesprekken psycholoog")
    assert saved_code("Gesprekken psycholoog") == "PSYCHOLOOG"

    # A discipline the list lacks: added in the dialog, the half-typed row kept.
    start_row(page, "Gesprek met het wijkteam")
    page.keyboard.type("Sociaal werker wijkteam")
    page.get_by_role("link", name="Nieuw prijsitem…").click()
    dialog = page.get_by_role("dialog", name="Prijsitem toevoegen")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Naam", exact=True)).to_have_value("Sociaal werker wijkteam")
    expect(dialog.get_by_label("Hardheid van de prijs")).to_have_value("aanname")
    dialog.get_by_label("Eenheid").select_option("uur")
    dialog.get_by_label("Prijs in euro").fill("72,50")
    dialog.get_by_label("Bron").fill("Genoemd in de sessie")
    shot(page, "dialog-open")
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Toevoegen").click()
    expect(dialog).to_be_hidden()
    expect(price).to_have_value("SOCIAAL-WERKER-WIJKTEAM – Sociaal werker wijkteam")
    expect(price).to_be_focused()
    row = page.locator("#quick-entry")
    expect(row.get_by_label("Omschrijving", exact=True)).to_have_value("Gesprek met het wijkteam")
    expect(page.locator("#entry-status")).to_contain_text("Prijsitem toegevoegd")
    shot(page, "dialog-added")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Gesprek met het wijkteam")
    assert saved_code("Gesprek met het wijkteam") == "SOCIAAL-WERKER-WIJKTEAM"
    shot(page, "entry-after")
