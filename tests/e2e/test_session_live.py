"""The live session in real browsers: the notulist enters items by keyboard while the chair's
screen, in a second browser, shows each one within two seconds; undo, a refused conflicting
edit, and axe-core on both screens."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Evaluation
from pricelist.models import PriceList
from tests.e2e.axe import serious_violations

PASSWORD = "stein-demo-2018"  # the demo's published password
CASE = "1"


@pytest.fixture
def slug(demo):
    """Stein, priced with the example price list (its own list holds only amounts)."""
    evaluation = Evaluation.objects.get()
    evaluation.price_list = PriceList.objects.get(name__startswith="Voorbeeldprijslijst")
    evaluation.save()
    return evaluation.slug


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluaties")
    return page


@pytest.fixture
def chair(browser, live_server):
    """A second browser showing the chair's session screen."""
    context = browser.new_context()
    yield _log_in(context.new_page(), live_server, "effectencalculateur")
    context.close()


def _case_url(live_server, slug, screen):
    return f"{live_server.url}/evaluaties/{slug}/casussen/{CASE}/{screen}/"


def _type(page, *keys):
    """Type into the focused field, then Tab onwards; "" just moves on."""
    for key in keys:
        if key:
            page.keyboard.type(key)
        page.keyboard.press("Tab")


# What the notulist types, field by field from Soort: soort, werkwijze, start, eind,
# omschrijving (Alt+I ticks interventie), then the line: prijsitem, aantal, frequentie,
# personen, keer, tarief, vast bedrag, financier.
WEEKLY = ["w"]  # the frequency, right after the amount
SESSION = [
    ("g", "m", "1 sep 2016", "", "Kiespijn gemeld bij het Dorpenteam", "", []),
    ("o", "m", "sep 2016", "dec 2016", "Begeleiding thuis", "", ["WMO-BEGELEIDING", "2", *WEEKLY]),
    ("o", "m", "3-10-2016", "", "Tandarts betaald uit het budget", "x", [""] * 6 + ["436,70"]),
    ("o", "z", "1 okt 2016", "31-3-2017", "Psycholoog", "", ["PSYCHOLOOG", "1", *WEEKLY]),
    ("g", "z", "2017-04-01", "", "Schulden lopen op", "", []),
    ("o", "z", "apr 2017", "", "Huisartsconsulten", "", ["HA-CONSULT", "1", "", "", "3"]),
]


def _enter(page, kind, scenario, start, end, description, intervention, line):
    expect(page.get_by_label("Soort")).to_be_focused()
    if intervention:
        page.keyboard.press("Alt+KeyI")
    _type(page, kind, scenario, start, end, description)
    for value in line:
        _type(page, value)
    page.keyboard.press("Enter")


def test_it_enters_a_session_by_keyboard_while_the_chair_watches(slug, login, live_server, chair):
    # The chair's list view (T on the projector), where every item is written out.
    chair.goto(_case_url(live_server, slug, "sessie") + "?weergave=lijst")
    board = chair.locator("#board .board__columns")
    expect(board).to_contain_text("Met Village Deal")
    page = login("notulist")
    page.goto(_case_url(live_server, slug, "invoer"))

    for entry in SESSION:
        _enter(page, *entry)
        description = entry[4]
        expect(page.locator("#items > li").first).to_contain_text(description)
        expect(board).to_contain_text(description, timeout=2000)
        expect(chair.locator(".board-item.is-new", has_text=description)).to_have_count(
            1, timeout=2000
        )

    items = page.locator("#items")
    expect(items).to_contain_text("2 uur × 1 persoon × 17,43 weken × € 64,00 = € 2.230,86")
    expect(items).to_contain_text("vast bedrag = € 436,70")
    expect(page.locator("#items > li").first).to_contain_text("3 keer × € 30,87 = € 92,61")
    column = chair.locator("section.column", has=chair.locator("#kolom-zonder"))
    expect(column).to_contain_text("Psycholoog")
    expect(column).not_to_contain_text("Begeleiding thuis")


def test_it_shows_what_a_line_will_cost_while_typing(slug, login, live_server):
    page = login("notulist")
    page.goto(_case_url(live_server, slug, "invoer"))
    _type(page, "o", "m", "1 jan 2018", "1 jul 2018", "Begeleiding", "WMO-BEGELEIDING", "2")
    _type(page, "w", "3", "", "76,50")
    expect(page.locator("#preview-regel0")).to_have_text(
        "2 uur × 3 personen × 26 weken × € 76,50 = € 11.934"
    )


def test_a_refused_item_comes_back_as_a_row_to_correct_while_typing_goes_on(
    slug, login, live_server
):
    page = login("notulist")
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.goto(_case_url(live_server, slug, "invoer"))
    _type(page, "g", "m", "31-9-2016", "", "Een gebeurtenis")
    page.keyboard.press("Enter")
    # The row is empty at once and keeps the focus; the refusal comes back in the list.
    expect(page.locator("#quick-entry").get_by_label("Soort")).to_be_focused()
    refused = page.locator("#items > li.entry-item--refused")
    expect(refused).to_contain_text("september 2016 heeft 30 dagen")
    start = refused.get_by_label("Start")
    expect(start).to_have_value("31-9-2016")
    expect(refused.get_by_label("Omschrijving")).to_have_value("Een gebeurtenis")
    expect(page.locator("#entry-status")).to_contain_text("Niet opgeslagen: Een gebeurtenis")
    # Said apart as well, so that later saves do not hide it.
    outbox = page.locator("#outbox-status")
    expect(outbox).to_have_text("1 item is niet opgeslagen: verbeter het in de lijst.")
    start.fill("30-9-2016")
    start.press("Enter")
    expect(page.locator("#entry-status")).to_have_text("Opgeslagen: Een gebeurtenis")
    expect(page.locator("#items > li.entry-item--refused")).to_have_count(0)
    expect(outbox).to_be_empty()
    expect(page.locator("#items > li").first).to_contain_text("Een gebeurtenis")
    # The swapped-in rows break no rule of the page's CSP, and nothing is missing.
    assert [text for kind, text in console if kind == "error"] == []


def test_after_a_save_the_row_comes_back_empty_keeping_kind_and_werkwijze(slug, login, live_server):
    page = login("notulist")
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.goto(_case_url(live_server, slug, "invoer"))
    _type(page, "o", "z", "1-9-2016", "", "Twee regels")
    page.keyboard.type("PSYCHOLOOG")
    page.keyboard.press("Alt+KeyK")  # a second cost line, typing goes on there
    expect(page.locator("#quick-entry .line-row")).to_have_count(2)
    expect(page.locator("#id_regel1-price_item")).to_be_focused()
    page.keyboard.press("Alt+KeyV")  # its fixed amount
    expect(page.locator("#id_regel1-fixed_amount")).to_be_focused()
    page.keyboard.type("12,50")
    page.keyboard.press("Enter")

    expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Twee regels — € ")
    expect(page.locator("#items > li").first).to_contain_text("Twee regels")
    expect(page.locator("#items > li").first).to_contain_text("vast bedrag = € 12,50")
    form = page.locator("#quick-entry")
    expect(form.get_by_label("Soort")).to_be_focused()
    expect(form.get_by_label("Soort")).to_have_value("ondersteuning")
    expect(form.get_by_label("Werkwijze")).to_have_value("zonder")
    for label in ("Start", "Eind", "Omschrijving"):
        expect(form.get_by_label(label, exact=True)).to_have_value("")
    expect(form.locator(".line-row")).to_have_count(1)
    expect(form.locator(".field-error")).to_have_count(0)
    expect(form.locator("#id_regel0-price_item")).to_have_value("")
    # The row put back works like the first: the preview and the next save.
    _type(page, "", "", "1 jan 2018", "", "Nog een", "PSYCHOLOOG", "2")
    expect(page.locator("#preview-regel0")).to_contain_text("2 uur")
    page.keyboard.press("Enter")
    expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Nog een")
    expect(page.locator("#items > li").first).to_contain_text("Nog een")
    # Alt+I flags the intervention, Alt+L empties the row (keeping kind and werkwijze).
    _type(page, "", "", "1 feb 2018", "", "Weg ermee")
    page.keyboard.press("Alt+KeyI")
    expect(form.get_by_label("Interventie")).to_be_checked()
    page.keyboard.press("Alt+KeyL")
    expect(form.get_by_label("Omschrijving")).to_have_value("")
    expect(form.get_by_label("Interventie")).not_to_be_checked()
    expect(form.get_by_label("Werkwijze")).to_have_value("zonder")
    expect(form.get_by_label("Soort")).to_be_focused()
    # Rows swapped in and out broke no rule of the page's CSP, and nothing was missing.
    assert [text for kind, text in console if kind == "error"] == []


def test_it_undoes_a_deletion(slug, login, live_server, chair):
    chair.goto(_case_url(live_server, slug, "sessie") + "?weergave=lijst")
    page = login("notulist")
    page.goto(_case_url(live_server, slug, "invoer"))
    row = page.locator("#items > li", has_text="Intakegesprek bij de gemeente").first
    expect(row).to_be_visible()
    text = row.inner_text()
    row.get_by_role("button", name=re.compile("^Verwijderen")).click()
    expect(page.get_by_text("Verwijderd: Intakegesprek bij de gemeente")).to_be_visible()
    board = chair.locator("#board .board__columns")
    expect(board).not_to_contain_text("Intakegesprek bij de gemeente", timeout=2000)

    page.get_by_role("button", name=re.compile("^Ongedaan maken")).click()
    expect(page.get_by_role("button", name=re.compile("^Ongedaan maken"))).to_have_count(0)
    restored = page.locator("#items > li", has_text="Intakegesprek bij de gemeente").first
    expect(restored).to_be_visible()
    assert restored.inner_text() == text
    expect(board).to_contain_text("Intakegesprek bij de gemeente", timeout=2000)


def test_it_refuses_a_conflicting_edit(slug, login, live_server, chair):
    first = login("notulist")
    first.goto(_case_url(live_server, slug, "invoer"))
    chair.goto(_case_url(live_server, slug, "invoer"))
    for page in (first, chair):
        row = page.locator("#items > li", has_text="Intakegesprek bij de gemeente").first
        row.get_by_role("link", name=re.compile("^Wijzigen")).click()
        expect(page.locator(".entry-item--editing").get_by_label("Omschrijving")).to_be_visible()

    def save(page, description):
        field = page.locator(".entry-item--editing").get_by_label("Omschrijving")
        field.fill(description)
        field.press("Enter")

    save(first, "Intakegesprek bij de gemeente (notulist)")
    expect(first.locator("#items")).to_contain_text("Intakegesprek bij de gemeente (notulist)")
    save(chair, "Intakegesprek bij de gemeente (voorzitter)")
    editing = chair.locator(".entry-item--editing")
    expect(editing).to_contain_text("iemand anders heeft dit item intussen gewijzigd")
    expect(editing).to_contain_text("Intakegesprek bij de gemeente (notulist)")
    typed = "Intakegesprek bij de gemeente (voorzitter)"
    expect(editing.get_by_label("Omschrijving")).to_have_value(typed)


def test_it_passes_axe_on_the_entry_and_session_screens(slug, login, live_server):
    page = login("notulist")
    page.goto(_case_url(live_server, slug, "invoer"))
    assert serious_violations(page) == []
    # Also with a refused item back in the list and the details open.
    page.keyboard.press("Enter")
    expect(page.locator("#items .entry-item--refused .field-error").first).to_be_visible()
    page.locator("details").evaluate_all("(all) => all.forEach(d => d.open = true)")
    assert serious_violations(page) == []
    page.goto(_case_url(live_server, slug, "sessie"))
    assert serious_violations(page) == []
